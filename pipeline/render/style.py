"""The GB/T 9704 style table (``pipeline/templates/gbt9704.toml``): the one source of sizes, spacing, colours and fonts
that both writers read (docs/DESIGN.md §6)."""

from __future__ import annotations

import functools
import tomllib

from pipeline.util.templates import TEMPLATES

MM = 72 / 25.4  # pt per mm


@functools.lru_cache
def style_table() -> dict:
    return tomllib.loads((TEMPLATES / "gbt9704.toml").read_text(encoding="utf-8"))


def official(role: str) -> str:
    """The font name written into the DOCX for a role: the one Word and WPS on a government PC know."""
    return style_table()["font"][role]["official"][0]
