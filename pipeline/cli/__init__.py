"""The command line: thin Click commands over the library (the only place that imports click)."""

from pipeline.cli import desk, units  # noqa: F401 - registers links, serve and units
from pipeline.cli.commands import main, run

__all__ = ["main", "run"]
