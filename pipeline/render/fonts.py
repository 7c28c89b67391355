"""Which installed face stands in for each official font, and which characters no installed font can show."""

from __future__ import annotations

import bisect
import functools
import os
import subprocess
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.render.style import style_table
from pipeline.util.hashing import digest


@dataclass(frozen=True)
class Face:
    role: str
    official: str  # name written to DOCX
    family: str  # installed family used in the PDF
    file: str | None  # the font file (for charts and glyph checks)
    by_name: bool  # fontconfig knows the family; else the PDF loads it from `file` by @font-face
    weight: int
    is_official: bool


@functools.lru_cache
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


@functools.lru_cache
def chosen_fonts() -> dict[str, Face]:
    """resolve_fonts() without looking up the files of the faces fontconfig knows by name: which face stands in
    for which, as the reports say it (one question to fontconfig instead of one per face)."""
    return choose_faces(style_table()["font"], _installed_families(), lambda family, weight=400: None)


def choose_faces(fonts: dict, installed: set[str], match: Callable[..., str | None] = _match_file
                 ) -> dict[str, Face]:
    faces = {}
    for role, spec in fonts.items():
        official = spec["official"][0]
        found = next((name for name in spec["official"] if name in installed), None)
        if found:
            faces[role] = Face(role, official, found, match(found), True, 400, True)
            continue
        for candidate in spec["free"]:
            file = candidate.get("file")
            # A face fontconfig knows is used by name (no font file to parse per document); a face it
            # does not know (Fandol without .ci/65-gbt9704-fonts.conf) is loaded from its file.
            known = candidate["family"] in installed
            if known or (file and Path(file).exists()):
                weight = candidate.get("weight", 400)
                path = match(candidate["family"], weight) if known else file
                faces[role] = Face(role, official, candidate["family"], path, known, weight, False)
                break
        else:
            packages = " ".join(dict.fromkeys(c["package"] for c in spec["free"]))
            raise PipelineError(f"没有可用的{official}字体或替代字体；请安装：sudo apt-get install {packages}")
    return faces


def font_report() -> list[str]:
    """Which face each role uses in the PDF: said in the document's metadata and the CLI."""
    return [f"{f.official}→{f.family}{'' if f.is_official else '（替代）'}" for f in chosen_fonts().values()]


@functools.lru_cache
def coverage(path: str) -> frozenset[int]:
    """The code points the font file at ``path`` has glyphs for (its first face)."""
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@functools.lru_cache
def space_width_em(path: str | None) -> float:
    """The advance of the space in the font file at ``path`` (its first face), in em; a third of an em, the
    usual CJK face's, where there is no file or no space."""
    from fontTools.ttLib import TTFont

    if not path:
        return 1 / 3
    font = TTFont(path, lazy=True, fontNumber=0)
    try:
        glyph = font.getBestCmap().get(0x20)
        return font["hmtx"][glyph][0] / font["head"].unitsPerEm if glyph else 1 / 3
    finally:
        font.close()


MISSING_MARK = "〓"  # the typesetter's mark for a character the type case lacks: visible, never a silent box


@functools.lru_cache
def _installed_ranges() -> tuple[list[int], list[int]]:
    """Every code point some installed font covers, as merged (starts, ends): the PDF's fallback reach."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{charset}\n"], capture_output=True, text=True).stdout
    except OSError:
        return [], []
    spans = sorted((int(a, 16), int(b or a, 16)) for part in out.split() for a, _, b in [part.partition("-")])
    starts: list[int] = []
    ends: list[int] = []
    for a, b in spans:
        if starts and a <= ends[-1] + 1:
            ends[-1] = max(ends[-1], b)
        else:
            starts.append(a)
            ends.append(b)
    return starts, ends


@functools.lru_cache
def installed_reach() -> str:
    """A fingerprint of the installed fonts (each file's path, face, size and time): installing a font re-renders
    what it can now show. Cheaper than reading every font's coverage, which only rendering needs."""
    try:
        out = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\n"], capture_output=True, text=True).stdout
    except OSError:
        return ""
    faces = []
    for line in sorted(set(out.splitlines())):
        try:
            stat = os.stat(line.partition("\t")[0])
        except OSError:
            continue
        faces.append(f"{line}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return digest(*faces)


def _installed_covers(code: int) -> bool:
    starts, ends = _installed_ranges()
    i = bisect.bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def uncovered(text: str) -> str:
    """The characters of ``text`` that neither the document's faces nor any installed fallback can show."""
    covered: set[int] = set()
    for path in {f.file for f in resolve_fonts().values() if f.file}:
        covered |= coverage(path)
    return "".join(sorted(c for c in set(text) if ord(c) > 0x7F and not c.isspace() and ord(c) not in covered
                          and not _installed_covers(ord(c))))


def mark_table(missing: str) -> dict[int, str]:
    """str.translate table: a missing mark or combining sign disappears, any other character becomes 〓."""
    return {ord(c): "" if unicodedata.category(c) in ("Mn", "Me", "Cf") else MISSING_MARK for c in missing}
