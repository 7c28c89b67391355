"""The progress bar: the library reports (stage, done, total); the command line draws it, on a terminal only."""

from __future__ import annotations

import sys

import click


class StageBar:
    """A callback for the library's ``progress``: one bar per stage, started on the stage's first report."""

    def __init__(self) -> None:
        self.stage = ""
        self.bar = None
        self.shown = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not sys.stderr.isatty():
            return
        if stage != self.stage:
            self.close()
            self.stage, self.shown = stage, 0
            # counts, not an estimate: the first documents of a run are the slow ones, and an early ETA misleads
            self.bar = click.progressbar(length=total, label=stage, file=sys.stderr, show_eta=False, show_pos=True)
        self.bar.update(done - self.shown)
        self.shown = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None

    def __enter__(self) -> StageBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
