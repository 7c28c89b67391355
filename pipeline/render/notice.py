"""The 填报通知 and 分发清单 that go out with the forms: the notice as DOCX and PDF in the official layout,
the list as a workbook the clerk sends from."""

from __future__ import annotations

from pathlib import Path

from pipeline.plan import Plan
from pipeline.render.compose import compose_notice
from pipeline.render.content.notice import distribution_rows
from pipeline.render.writers import FORMATS, writer
from pipeline.settings import YearConfig
from pipeline.util.files import atomic_write
from pipeline.util.workbook import write_sheets


def write_notice(plan: Plan, config: YearConfig, forms: dict[str, str], folder: Path) -> list[Path]:
    """Write ``folder/<year>年度填报通知.docx/.pdf`` and ``<year>年度填报表分发清单.xlsx``; returns the paths."""
    doc = compose_notice(plan, config, forms)
    stem = f"{config.year}年度填报通知"
    written = []
    for suffix in FORMATS:  # the PDF first: its layout places the 版记 for both
        path = folder / f"{stem}{suffix}"
        atomic_write(path, writer(suffix)(doc))
        written.append(path)
    listing = folder / f"{config.year}年度填报表分发清单.xlsx"
    write_sheets(listing, {"分发清单": (["序号", "单位", "填报表文件", "联系人", "联系电话"],
                                       distribution_rows(plan, forms))},
                 {"分发清单": [6, 32, 40, 12, 16]}, config.notice_date, f"{config.year}年度填报表分发清单",
                 config.issuer)
    return [*written, listing]
