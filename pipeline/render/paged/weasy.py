"""Every use of WeasyPrint's internals, in one place, checked against the versions they were tested with.

Two needs reach past WeasyPrint's public API:

- Chinese justification. WeasyPrint justifies by widening spaces only (``layout/inline.py: justify_line``), and
  a line of Chinese has none, so its right edge stays ragged; Word and WPS spread the slack between
  characters. After WeasyPrint has broken a line and asked for it to be justified, a line holding Chinese gets
  the slack as extra letter-spacing on its text, between every two characters, a space being one of them (a
  line break typed in an Excel cell arrives as a space: given all the slack, it opened a hole of a whole
  character). Glyphs move, no character is added, so the text extracts exactly as written. Lines without
  Chinese keep WeasyPrint's own behaviour.
- The last page's boxes, to see whether text ends on it and to empty its footnote area (where the 版记 is laid
  out): the paged layout needs both to place the 版记 (render/paged/layout.py).

``check()`` runs before the first document of a run: a WeasyPrint whose internals moved says so in words
instead of failing inside every PDF.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.errors import PipelineError

TESTED = (70,)  # major versions whose internals this module was tested against (pyproject.toml's range)
CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]")


@functools.lru_cache
def check() -> None:
    """WeasyPrint as this module expects it: a tested version, HarfBuzz subsetting, the internals it uses."""
    import weasyprint
    from weasyprint.layout import inline
    from weasyprint.text import ffi

    major = int(weasyprint.__version__.split(".")[0])
    if major not in TESTED:
        raise PipelineError(f"已安装的 WeasyPrint 为 {weasyprint.__version__} 版，本程序只在 "
                            f"{'、'.join(map(str, TESTED))} 版上测试过；请按 requirements.lock 安装（make report 会自动安装）")
    if not getattr(ffi, "harfbuzz_subset", None):
        raise PipelineError("未安装 HarfBuzz 字体子集库，生成每份 PDF 将慢约 20 倍；请安装：sudo apt-get install libharfbuzz-subset0")
    missing = [name for name in ("justify_line", "count_expandable_spaces") if not hasattr(inline, name)]
    if missing:
        raise PipelineError(f"WeasyPrint {weasyprint.__version__} 缺少本程序用到的内部函数 {'、'.join(missing)}；"
                            "请按 requirements.lock 安装")
    install_justification()


def install_justification() -> None:
    """Make WeasyPrint's line layout justify Chinese lines between characters (idempotent)."""
    from weasyprint.layout import inline

    if inline.justify_line is not justify_line:
        global _spaces_only
        _spaces_only = inline.justify_line
        inline.justify_line = justify_line


_spaces_only = None  # WeasyPrint's own justify_line, kept for lines without Chinese


def _characters(box: object) -> int:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return len(box.text)
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return sum(_characters(child) for child in box.children if child.is_in_normal_flow())
    return 0


def _text(box: object) -> str:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return "".join(_text(child) for child in box.children if child.is_in_normal_flow())
    return ""


def _spread(context: object, box: object, spacing: float, advance: float) -> float:
    """Widen each text box by ``spacing`` per character, moving what follows; returns the advance so far."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.text.line_break import create_layout

    if isinstance(box, boxes.TextBox):
        box.position_x += advance
        style = box.style.copy()
        current = style["letter_spacing"]
        style["letter_spacing"] = (0 if current == "normal" else current) + spacing
        box.style = style  # the drawing re-reads the layout's attributes from the box's style
        layout = create_layout(box.text, style, context, max_width=None,
                               justification_spacing=box.justification_spacing)
        layout.deactivate()
        box.pango_layout = layout
        extra = spacing * len(box.text)
        box.width += extra
        return advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += advance
        before = advance
        for child in box.children:
            if child.is_in_normal_flow():
                advance = _spread(context, child, spacing, advance)
        box.width += advance - before
        return advance
    box.translate(advance, 0)
    return advance


def justify_line(context: object, line: object, extra_width: float) -> None:
    """Spread a justified line's slack between its characters when it holds Chinese (between words otherwise)."""
    if not CJK.search(_text(line)):
        _spaces_only(context, line, extra_width)
        return
    gaps = _characters(line) - 1
    if gaps > 0:
        _spread(context, line, extra_width / gaps, 0.0)


def last_page_has_text(document: object) -> bool:
    """Whether the flow of text reaches the last page (its page box's first child is the body)."""
    body = document.pages[-1]._page_box.children[0]
    return any(getattr(box, "text", "").strip() for box in body.descendants())


def empty_last_footnotes(document: object) -> None:
    """Take what stands in the last page's footnote area (the 版记) off that page."""
    document.pages[-1]._page_box.children[1].children = []


@contextmanager
def source_date(epoch: int) -> Iterator[None]:
    """SOURCE_DATE_EPOCH for one PDF (fontTools stamps fonts it writes with it), then as it was."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
