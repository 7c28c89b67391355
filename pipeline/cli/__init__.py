"""The command line: thin Click commands over the library (the only place that imports click)."""

from pipeline.cli import desk  # noqa: F401 - registers links and serve
from pipeline.cli.commands import main, run

__all__ = ["main", "run"]
