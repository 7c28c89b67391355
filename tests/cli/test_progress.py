"""The progress display as a clerk sees it on a terminal: named stages in Chinese, counts, no estimates."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, copy_of


def on_terminal(*args: str) -> tuple[int, str]:
    """Run `python -m pipeline ARGS` with stderr on a pseudo-terminal; (exit code, what the terminal showed)."""
    try:
        main, child = pty.openpty()
    except OSError:
        pytest.skip("this machine has no pseudo-terminals")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=child, env={**os.environ, "COLUMNS": "100"})
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    return proc.wait(timeout=300), shown.decode("utf-8", "replace")


def test_report_shows_each_stage_with_counts_in_chinese(built, tmp_path):
    """Two documents to write again (the report and one unit's summary were deleted): each stage named, with
    its counts."""
    year = copy_of(built, tmp_path)
    for document in [*year.glob("report/*"), *year.glob("units/2019年度_统计局_*")]:
        document.unlink()
    code, shown = on_terminal("report", "--year", "2019", "--outputs", str(year.parent))
    assert code == 0, shown
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)  # cursor movements
    assert screen.index("收件和汇总") < screen.index("生成文档")
    assert "2/2" in screen and "1/1" in screen
    assert not re.search(r"[A-Za-z]{3,}", screen), screen  # no English words, no ETA
