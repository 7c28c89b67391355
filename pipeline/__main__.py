import os
import signal

from pipeline.cli import main


def _interrupted(signum: int, frame: object) -> None:
    """Ctrl-C answered at once, not after every worker has finished its document: every file is written whole
    (atomically), a rerun gives the same outputs, and the workers die with this process (util/children.py)."""
    os.write(2, "\n已取消\n".encode())
    os._exit(130)


if __name__ == "__main__":  # child processes that import this module must not run the command line
    signal.signal(signal.SIGINT, _interrupted)
    main()
