"""The outputs folder's layout: every path of a year's outputs named in one place (docs/DESIGN.md §4).

Each step writes and reads its files through these names, so a step's reader always finds what its writer
wrote, and the manifest and the status page link to the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CACHE = ".cache"  # what a run keeps to go faster next time: not a record, not in the manifest


@dataclass(frozen=True)
class YearDir:
    """``outputs/<year>/`` and what is in it."""

    year: int
    root: Path
    intake: Path  # what collect found: submissions.json, problems.json, 收件情况.txt, 退回修改/
    reminders: Path  # the 催报名单
    merged: Path
    summary: Path  # the merged year (docs/DESIGN.md §3), the one file every document is built from
    merged_workbook: Path
    forms: Path
    notice: Path  # the 填报通知 and 分发清单 sent with the forms
    letters: Path  # 催报通知, 退回修改通知
    report: Path
    units: Path  # each unit's summary
    status_page: Path
    manifest: Path
    stamps: Path  # what the year's intake and merge were computed from (workflow/year.py)
    render_state: Path  # each document's fingerprint when it was last written (render/run.py)
    cache: Path

    def report_stem(self, theme: str, final: str = "") -> str:
        """The consolidated report's file name, without its suffix; ``final``: 终期 in a plan's last year."""
        return f"{self.year}年度{theme}目标任务{final}完成情况报告"

    def unit_stem(self, unit: str) -> str:
        """A unit's summary's file name, without its suffix."""
        return f"{self.year}年度_{unit}_报送情况汇总"


def year_dir(outputs: Path, year: int) -> YearDir:
    root = outputs / str(year)
    intake, merged = root / "intake", root / "merged"
    return YearDir(year, root, intake, intake / f"{year}年度催报名单.xlsx", merged, merged / "summary.json",
                   merged / f"{year}年度汇总数据.xlsx", root / "forms", root / "notice", root / "letters",
                   root / "report", root / "units", root / "status.html", root / "MANIFEST.json",
                   root / ".stamps.json", root / ".render-state.json", root / CACHE)
