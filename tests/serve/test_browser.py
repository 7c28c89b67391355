"""The desk in a real browser (Debian's chromium through its chromedriver, no browser download) against a real
server on 127.0.0.1: a unit fixes what the desk found and gets its receipt; the DRC sees it; ``report`` from
the command line counts what came through the web."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import invoke, pdf_text
from tests.serve.desk import PASSWORD, YEAR, Server, blank, desk_project, filled, with_text_in_a_number_cell

UNIT = "生态环境局"


@pytest.fixture
def browser(tmp_path):
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        pytest.skip("Debian's chromium and chromium-driver are not installed; .ci/system-packages.sh installs them")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1000,1400"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    yield driver
    driver.quit()


def downloaded(driver, suffix: str, before: set[str]) -> Path:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        new = [p for p in driver.downloads.iterdir() if p.name not in before and p.suffix == suffix]
        if new:
            return new[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded: {sorted(p.name for p in driver.downloads.iterdir())}")


def click_and_download(driver, text: str, suffix: str) -> Path:
    from selenium.webdriver.common.by import By

    before = {p.name for p in driver.downloads.iterdir()}
    driver.find_element(By.PARTIAL_LINK_TEXT, text).click()
    return downloaded(driver, suffix, before)


def upload(driver, path: Path) -> str:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    before = driver.current_url
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "form[action='/unit/upload'] button").click()
    WebDriverWait(driver, 60).until(lambda d: d.current_url != before)  # each answer has its own address
    return driver.find_element(By.ID, "answer").text


def test_a_unit_corrects_its_form_in_the_browser_and_report_counts_it(browser, tmp_path):
    from selenium.webdriver.common.by import By

    project = desk_project(tmp_path)
    server = Server(project, tmp_path)
    try:
        browser.get(server.link(UNIT))
        assert browser.current_url == server.base + "/unit"  # the token is gone from the address
        assert project.plan.registry.get(UNIT).name in browser.page_source
        form = click_and_download(browser, "下载本单位填报表", ".xlsx")
        assert form.read_bytes() == blank(project, UNIT)
        bad, cell = with_text_in_a_number_cell(filled(project, UNIT))
        (tmp_path / "填好的表.xlsx").write_bytes(bad)
        said = upload(browser, tmp_path / "填好的表.xlsx")
        assert "须修改" in said and cell in said, said
        marked = openpyxl.load_workbook(click_and_download(browser, "标出问题", ".xlsx"))
        assert any(ws[cell].comment for ws in marked.worksheets if ws.sheet_state == "visible"), "the cell is marked"
        (tmp_path / "改好的表.xlsx").write_bytes(filled(project, UNIT))
        said = upload(browser, tmp_path / "改好的表.xlsx")
        assert "已受理" in said, said
        receipt = click_and_download(browser, "受理回执", ".pdf")
        assert "受理回执" in pdf_text(receipt).replace(" ", "")
        browser.save_screenshot(str(tmp_path / "unit.png"))
        browser.get(server.base + "/desk/login")
        browser.find_element(By.NAME, "password").send_keys(PASSWORD)
        browser.find_element(By.CSS_SELECTOR, "form button").click()
        assert _row_shows(browser, project.plan.registry.get(UNIT).name, "已受理")
        browser.save_screenshot(str(tmp_path / "desk.png"))
    finally:
        server.stop()
    result = invoke("report", "--year", str(YEAR), "--inputs", str(project.inputs), "--outputs", str(project.outputs))
    assert result.returncode == 0, result.stdout + result.stderr
    kept = json.loads((project.outputs / str(YEAR) / "intake" / "submissions.json").read_text(encoding="utf-8"))
    counted = [s["file"] for s in kept["submissions"] if s["unit"] == UNIT and s["counts"]]
    assert len(counted) == 1 and counted[0].startswith(f"{UNIT}_网上报送_"), counted


def _row_shows(browser, unit: str, state: str) -> bool:
    """The board's row of the unit says ``state`` (the board follows an upload within moments)."""
    from selenium.webdriver.common.by import By

    deadline = time.monotonic() + 180  # a busy machine (the suite in two processes) takes its time
    while time.monotonic() < deadline:
        rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.board tr") if unit in r.text]
        if rows and state in rows[0]:
            return True
        time.sleep(1)
        browser.refresh()
    return False
