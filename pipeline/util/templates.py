"""The project's Jinja templates (``templates/``): one plain-text environment shared by every step."""

from __future__ import annotations

from pathlib import Path

import jinja2

from pipeline.errors import PipelineError

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    undefined=jinja2.StrictUndefined,  # a name the template misspells is an error, not a blank
    trim_blocks=True,
    lstrip_blocks=True,
    autoescape=False,  # plain text; each writer escapes for its own format
    keep_trailing_newline=True,
)


def render_text(name: str, context: dict) -> str:
    """A plain-text template rendered with the context; a clear error names the template and line."""
    try:
        return _ENV.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        where = f"第{exc.lineno}行" if getattr(exc, "lineno", None) else ""
        raise PipelineError(f"内容模板 templates/{name}{where}有误：{exc.message}") from None
