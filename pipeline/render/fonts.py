"""Which installed face stands in for each official font, and whether every character can be shown."""

from __future__ import annotations

import functools
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.render.style import style_table


@dataclass(frozen=True)
class Face:
    role: str
    official: str  # name written to DOCX
    family: str  # installed family used in the PDF
    file: str | None  # the font file (for charts and glyph checks)
    by_name: bool  # fontconfig knows the family; else the PDF loads it from `file` by @font-face
    weight: int
    is_official: bool


def _installed_families() -> set[str]:
    try:
        out = subprocess.run(["fc-list", "--format", "%{family}\n"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return {name.strip() for line in out.splitlines() for name in line.split(",")}


def _match_file(family: str, weight: int = 400) -> str | None:
    style = ":style=Bold" if weight >= 700 else ":style=Regular"  # Fandol tags both weights 80
    try:
        out = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:lang=zh-cn{style}"], capture_output=True, text=True)
    except OSError:
        return None
    return out.stdout.strip() or None


@functools.lru_cache
def resolve_fonts() -> dict[str, Face]:
    """For each role the official face if installed, else the first free substitute found."""
    return choose_faces(style_table()["font"], _installed_families())


def choose_faces(fonts: dict, installed: set[str]) -> dict[str, Face]:
    faces = {}
    for role, spec in fonts.items():
        official = spec["official"][0]
        found = next((name for name in spec["official"] if name in installed), None)
        if found:
            faces[role] = Face(role, official, found, _match_file(found), True, 400, True)
            continue
        for candidate in spec["free"]:
            file = candidate.get("file")
            # A face fontconfig knows is used by name (no font file to parse per document); a face it
            # does not know (Fandol without .ci/65-gbt9704-fonts.conf) is loaded from its file.
            known = candidate["family"] in installed
            if known or (file and Path(file).exists()):
                weight = candidate.get("weight", 400)
                path = _match_file(candidate["family"], weight) if known else file
                faces[role] = Face(role, official, candidate["family"], path, known, weight, False)
                break
        else:
            packages = " ".join(dict.fromkeys(c["package"] for c in spec["free"]))
            raise PipelineError(f"没有可用的{official}字体或替代字体；请安装：sudo apt-get install {packages}")
    return faces


def font_report() -> list[str]:
    """Which face each role uses in the PDF: said in the document's metadata and the CLI."""
    return [f"{f.official}→{f.family}{'' if f.is_official else '（替代）'}" for f in resolve_fonts().values()]


@functools.lru_cache
def _coverage(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def check_glyphs(text: str, what: str) -> None:
    """Refuse to render a character no installed face can show (no silent tofu boxes)."""
    faces = resolve_fonts()
    files = {f for f in (faces["fangsong"].file, faces["xiaobiaosong"].file) if f}
    covered: set[int] = set()
    for path in files:
        covered |= _coverage(path)
    missing = sorted({c for c in text if ord(c) > 0x7F and ord(c) not in covered and not c.isspace()})
    if missing:
        shown = "".join(missing[:20])
        raise PipelineError(f"{what} 中有 {len(missing)} 个字符没有可用字形：{shown}；"
                            "请安装更全的中文字体：sudo apt-get install fonts-noto-cjk fonts-noto-cjk-extra")
