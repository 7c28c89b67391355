"""The project's Jinja templates (``pipeline/templates/``): one plain-text environment shared by every step."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

import jinja2

from pipeline.errors import PipelineError

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # shipped inside the package (package data)


class Verbatim(str):
    """Template lines the code composes itself (``@表 tasks``): printed as they are."""


def as_data(value: object) -> object:
    """Every other value printed into a text template is data: one line (a line break would start a new
    template line), and never a directive (a leading @ becomes ＠), whatever an agency or a file name holds."""
    if isinstance(value, (Verbatim, int, float)):
        return value
    text = " ".join(str(value).split())
    return "＠" + text[1:] if text.startswith("@") else text


_ENV = jinja2.Environment(
    finalize=as_data,
    loader=jinja2.FileSystemLoader(TEMPLATES),
    undefined=jinja2.StrictUndefined,  # a name the template misspells is an error, not a blank
    trim_blocks=False,  # a line that ends in {% endif %} keeps its line break; a tag alone leaves a blank line,
    lstrip_blocks=True,  # which the line-based readers skip
    autoescape=False,  # plain text; each writer escapes for its own format
    keep_trailing_newline=True,
)


def book_title(text: str) -> str:
    """A title in 《》; titles inside it take 〈〉 (GB/T 15834)."""
    return "《" + str(text).replace("《", "〈").replace("》", "〉") + "》"


_ENV.filters["booktitle"] = book_title


class Context:
    """A template's data, as a dataclass: its fields are the names the template may use, each with its type
    (a misspelt name fails where the context is made, not only when its branch of the template renders)."""

    def names(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


def render_text(name: str, context: Context) -> str:
    """A plain-text template rendered with the context; a clear error names the template and line."""
    try:
        return _ENV.get_template(name).render(**context.names())
    except jinja2.TemplateError as exc:
        where = f"第{exc.lineno}行" if getattr(exc, "lineno", None) else ""
        raise PipelineError(f"内容模板 pipeline/templates/{name}{where}有误：{exc.message}") from None
