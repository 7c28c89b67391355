"""outputs/Y/status.html opened in a real browser: headless Chromium (issue 14, part 4)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import INPUTS, invoke


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    if not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed; .ci/system-packages.sh installs it")
    root = tmp_path_factory.mktemp("status")
    shutil.copytree(INPUTS, root / "inputs", ignore=shutil.ignore_patterns("2020", "form.key"))
    result = invoke("status", "--year", "2019", "--inputs", str(root / "inputs"), "--outputs", str(root / "outputs"))
    assert result.returncode == 0, result.stderr
    return root / "outputs" / "2019" / "status.html"


def chromium(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", *args],
                          capture_output=True, text=True, timeout=120)


def test_the_page_shows_every_unit_and_every_measure(page, plan):
    dom = chromium("--dump-dom", page.as_uri()).stdout
    for unit in plan.reporting_units:
        assert unit.name in dom, unit.name
    for measure in plan.measures:
        assert f"<td>{measure.id}</td>" in dom, measure.id
    assert "未报送" in dom and "机关事务管理局" in dom


def test_the_page_needs_no_network(page):
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"https?://|//[a-z]", html)
    assert all(src.startswith("data:") for src in re.findall(r'src="([^"]*)"', html))
    assert not re.search(r"<(script|link|iframe)\b", html)


def test_the_page_renders_in_chromium(page, tmp_path):
    shot = tmp_path / "status.png"
    chromium("--window-size=1000,1400", f"--screenshot={shot}", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 20_000
