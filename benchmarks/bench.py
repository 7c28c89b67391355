"""`make bench`: the whole 2019 report from cold, the no-op rerun, one changed submission, intake at
province scale, and LibreOffice's batch conversion of the same DOCX files for comparison.

Each figure is the median of several runs in fresh processes; memory is the peak RSS of the largest
process of the run (the kernel's figure from wait4). Prints a table; nothing here is a test.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere: the package is beside this folder
YEAR = 2019
CITIES = 14


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(seconds, peak MB) of one command run to completion."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def pipeline(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def copy_inputs(target: Path) -> Path:
    shutil.copytree(ROOT / "inputs" / "plan", target / "plan")
    shutil.copy(ROOT / "inputs" / "config.toml", target / "config.toml")
    for year in (YEAR - 1, YEAR):
        shutil.copytree(ROOT / "inputs" / str(year), target / str(year))
    return target


def change_one_submission(inputs: Path, n: int) -> None:
    """糖办 sends a corrected narrative (different each time)."""
    from pipeline.forms.sample import fill_sample
    from pipeline.forms.workbook import build_form
    from pipeline.util.workbook import workbook_bytes
    from pipeline.workflow.project import open_project

    project = open_project(inputs, inputs.parent / "outputs")
    plan = project.plan
    wb, identity = build_form(plan, plan.registry.get("糖办"), project.config(YEAR), project.keys, sample=True)
    fill_sample(wb, identity, plan, YEAR, seed=2018)
    wb["重点任务和示范工程"]["E4"] = f"配合完成甘蔗叶综合利用试点（第{n}次修改）。"
    (inputs / str(YEAR) / "2019年度_糖办_填报表.xlsx").write_bytes(workbook_bytes(wb))


PROVINCE = """
import sys
from pathlib import Path
from pipeline.intake.collect import run_collect
from pipeline.merge.summary import merge
from pipeline.workflow.project import open_project
root = Path(sys.argv[1])
for city in sorted(p for p in root.iterdir() if p.is_dir()):
    project = open_project(city, city / "out")
    config = project.config(2019)
    merge(project.plan, run_collect(project.plan, config, project.keys, city, city / "out"), config, city / "out")
"""


def province_intake(province: Path, runs: int) -> tuple[tuple[float, float], int]:
    """Collect and merge of every city's sample inbox, one process: (median seconds, peak MB), files."""
    for city in range(1, CITIES + 1):
        city_inputs = province / f"city{city:02d}"
        shutil.copytree(ROOT / "inputs" / "plan", city_inputs / "plan")
        shutil.copy(ROOT / "inputs" / "config.toml", city_inputs / "config.toml")
        subprocess.run(pipeline("sample", "--year", str(YEAR), "--seed", str(city), "--inputs", str(city_inputs)),
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    files = sum(len(list((p / str(YEAR)).iterdir())) for p in province.iterdir())
    return median([timed([sys.executable, "-c", PROVINCE, str(province)]) for _ in range(runs)]), files


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        inputs = copy_inputs(tmp / "inputs")
        out = tmp / "outputs"
        report = pipeline("report", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(out))

        cold = []
        for _ in range(runs):
            shutil.rmtree(out, ignore_errors=True)
            cold.append(timed(report))
        rows.append(("整份2019年报告（冷启动：收件、汇总、33份DOCX+33份PDF/A）", *median(cold)))
        noop = median([timed(report) for _ in range(max(runs, 5))])
        rows.append(("无变化重跑", *noop))
        changed = []
        for n in range(runs):
            change_one_submission(inputs, n)
            changed.append(timed(report))
        rows.append(("一个单位重新报送", *median(changed)))

        intake, files = province_intake(tmp / "province", runs)
        rows.append((f"全区收件+汇总（{CITIES}个市，{files}份报送）", *intake))

        docx_dir = tmp / "docx"
        docx_dir.mkdir()
        for path in (out / str(YEAR)).rglob("*.docx"):
            shutil.copy(path, docx_dir)
        lo = None
        if shutil.which("soffice"):
            profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
            convert = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo"),
                       *sorted(str(p) for p in docx_dir.iterdir())]
            timed(convert)  # the first start creates LibreOffice's profile: not counted
            lo = median([timed(convert) for _ in range(runs)])
            rows.append((f"对照：LibreOffice 批量转换同样的{len(list(docx_dir.iterdir()))}份DOCX为PDF", *lo))
        pdf_size = next((out / str(YEAR) / "report").glob("*.pdf")).stat().st_size

    from pipeline.util.text import display_width, fit

    width = max(display_width(r[0]) for r in rows)
    print(f"\n{fit('场景', width)}  中位数(秒)  峰值内存(MB)")
    for name, seconds, mb in rows:
        print(f"{fit(name, width)}  {seconds:10.2f}  {mb:12.0f}")
    print()
    checks = [("冷启动/LibreOffice ≤ 1.0", lo is not None and rows[0][1] / lo[0] <= 1.0,
               f"{rows[0][1] / lo[0]:.2f}" if lo else "未安装 LibreOffice"),
              ("无变化重跑 < 1 秒", noop[0] < 1, f"{noop[0]:.2f} 秒"),
              ("峰值内存 < 400 MB", max(r[2] for r in rows[:4]) < 400, f"{max(r[2] for r in rows[:4]):.0f} MB"),
              ("综合报告 PDF < 400 KB", pdf_size < 400 * 1024, f"{pdf_size / 1024:.0f} KB"),
              ("全区收件 < 30 秒", intake[0] < 30, f"{intake[0]:.2f} 秒")]
    for name, ok, value in checks:
        print(f"{'✓' if ok else '✗'} {name}：{value}")


if __name__ == "__main__":
    main()
