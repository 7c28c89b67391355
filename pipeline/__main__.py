from pipeline.cli import main

if __name__ == "__main__":  # child processes that import this module must not run the command line
    main()
