"""Click's own words in Chinese, and the commands in the order of the year's work.

Click passes every message it prints through gettext; the catalogue is ``pipeline/templates/cli/click_zh.toml``
(data, not code), installed into Click's modules before any command runs.
"""

from __future__ import annotations

import click
import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

from pipeline.util.templates import TEMPLATES
from pipeline.util.tomlfile import read_toml

# The order of the work: set up the plan, send the forms, take them in, report.
WORK_ORDER = ("init", "plan", "forms", "links", "serve", "sample", "collect", "status", "merge", "render", "report",
              "verify")


def install_chinese() -> None:
    messages = read_toml(TEMPLATES / "cli" / "click_zh.toml", "命令行用语表")["messages"]

    def gettext(text: str) -> str:
        return messages.get(text, text)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
                   click.types):
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


class Command(click.Command):
    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class WorkGroup(click.Group):
    """Commands listed in the order of the work, each with its own Chinese usage line."""

    command_class = Command

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [选项]…")
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands, key=lambda n: WORK_ORDER.index(n) if n in WORK_ORDER else len(WORK_ORDER))
