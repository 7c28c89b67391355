"""`make bench`: the whole 2019 report from cold (every input year collected and merged, a DOCX and a PDF/A for
the report and each unit), the no-op rerun, one unit's resubmission, LibreOffice's batch conversion of the same
DOCX files for comparison, and a national-scale intake (330 cities × their units' forms, collected and merged one city after another).

Each figure is the median of several runs in fresh processes. Memory is the peak, over the run, of the summed
resident memory of the command and every process it started (sampled from /proc every 50 ms). Commands run with
Python's bytecode cache on, as on a clerk's machine, whatever PYTHONDONTWRITEBYTECODE says here. Prints tables;
nothing here is a test. BENCH_RUNS sets the runs (default 3); BENCH_CITIES the national scale (default 330);
BENCH_NATIONAL_RUNS the runs of the national intake (default BENCH_RUNS).
"""

from __future__ import annotations

import json
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
SEEDS = 10  # distinct sample inboxes; the national inbox repeats them (each city still reads its own files)
STEPS = ["收件", "汇总", "组稿", "排版", "DOCX", "PDF", "清单"]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    family, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    total = 0
    for p in family:
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    return total / 2**20


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float]:
    """(seconds, peak MB of the process tree) of one command run to completion."""
    started = time.perf_counter()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as users run it: bytecode kept
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        try:
            proc.wait(timeout=0.05)  # returns as the command ends (a sleep would add up to 50 ms to its time)
        except subprocess.TimeoutExpired:
            pass
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode()}")
    return elapsed, peak


def median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def pipeline(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def copy_inputs(target: Path) -> Path:
    """The repository's inputs: the plan, the configuration and every year up to YEAR (as `make report`)."""
    shutil.copytree(ROOT / "inputs" / "plan", target / "plan", ignore=shutil.ignore_patterns("form.key"))
    shutil.copy(ROOT / "inputs" / "config.toml", target / "config.toml")
    for year in (p for p in (ROOT / "inputs").iterdir() if p.name.isdigit() and int(p.name) <= YEAR):
        shutil.copytree(year, target / year.name)
    return target


def change_one_submission(inputs: Path, n: int) -> None:
    """工业和信息化局 sends a corrected narrative for K1.1 (different each time)."""
    from pipeline.forms.sample import fill_sample
    from pipeline.forms.workbook import build_form
    from pipeline.util.workbook import workbook_bytes
    from pipeline.workflow.project import open_project

    project = open_project(inputs, inputs.parent / "outputs")
    plan, unit = project.plan, "工业和信息化局"
    wb, identity = build_form(plan, plan.registry.get(unit), project.config(YEAR), project.keys, sample=True)
    fill_sample(wb, identity, plan, YEAR, seed=2018)
    wb["重点任务和示范工程"]["E4"] = f"配合完成甘蔗叶综合利用试点（第{n}次修改）。"
    (inputs / str(YEAR) / f"{YEAR}年度_{unit}_填报表.xlsx").write_bytes(workbook_bytes(wb))


def report_runs(tmp: Path, runs: int) -> tuple[list[tuple], dict[str, float], Path]:
    """Cold, no-op and one-resubmission runs of `report`: (rows, median seconds per step of the cold runs,
    the outputs)."""
    inputs = copy_inputs(tmp / "inputs")
    out, steps_file = tmp / "outputs", tmp / "timings.json"
    report = pipeline("report", "--year", str(YEAR), "--inputs", str(inputs), "--outputs", str(out))
    cold, steps = [], []
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        cold.append(timed([*report, "--timings", str(steps_file)]))
        steps.append(json.loads(steps_file.read_text(encoding="utf-8")))
    documents = len(list((out / str(YEAR)).glob("*/*.docx")))
    rows = [(f"整份{YEAR}年报告（冷启动：2016–{YEAR}年收件和汇总，{documents}份DOCX+{documents}份PDF/A）", *median(cold))]
    rows.append(("无变化重跑", *median([timed(report) for _ in range(max(runs, 5))])))
    changed = []
    for n in range(runs):
        change_one_submission(inputs, n)
        changed.append(timed(report))
    rows.append(("一个单位重新报送", *median(changed)))
    per_step = {name: statistics.median(s.get(name, 0.0) for s in steps) for name in STEPS}
    per_step["页/秒"] = pages(out) / rows[0][1]
    return rows, per_step, out


def pages(out: Path) -> int:
    """The pages of the year's PDFs."""
    import pikepdf

    total = 0
    for path in (out / str(YEAR)).glob("*/*.pdf"):
        with pikepdf.open(path) as pdf:
            total += len(pdf.pages)
    return total


def libreoffice(tmp: Path, out: Path, runs: int) -> tuple | None:
    """LibreOffice converting the same DOCX files to PDF in one batch (its profile made beforehand)."""
    if not shutil.which("soffice"):
        return None
    docx = tmp / "docx"
    docx.mkdir()
    for path in (out / str(YEAR)).glob("*/*.docx"):
        shutil.copy(path, docx)
    profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
    convert = ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp / "lo"),
               *sorted(str(p) for p in docx.iterdir())]
    timed(convert)  # the first start creates LibreOffice's profile: not counted
    return (f"对照：LibreOffice 批量转换同样的{len(list(docx.iterdir()))}份DOCX为PDF", *median(
        [timed(convert) for _ in range(runs)]))


NATIONAL = """
import sys
from pathlib import Path
from pipeline.intake.collect import run_collect
from pipeline.merge.summary import merge
from pipeline.workflow.project import open_project
root, out = Path(sys.argv[1]), Path(sys.argv[2])
for city in sorted(p for p in root.iterdir() if p.is_dir()):
    project = open_project(city, out / city.name)
    config = project.config(2019)
    intake = run_collect(project.plan, config, project.keys, city, out / city.name)
    merge(project.plan, intake, config, out / city.name)
"""


def national_inbox(root: Path, cities: int) -> int:
    """``cities`` folders, each a city's inputs with its units' forms (SEEDS sample inboxes, repeated as hard
    links); returns the number of files."""
    seeds = root / "seeds"
    for seed in range(1, SEEDS + 1):
        city = seeds / f"s{seed:02d}"
        shutil.copytree(ROOT / "inputs" / "plan", city / "plan", ignore=shutil.ignore_patterns("form.key"))
        shutil.copy(ROOT / "inputs" / "config.toml", city / "config.toml")
        subprocess.run(pipeline("sample", "--year", str(YEAR), "--seed", str(seed), "--inputs", str(city)),
                       check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    files = 0
    for n in range(cities):
        seed, city = seeds / f"s{n % SEEDS + 1:02d}", root / "cities" / f"c{n + 1:03d}"
        shutil.copytree(seed / "plan", city / "plan")
        shutil.copy(seed / "config.toml", city / "config.toml")
        shutil.copytree(seed / str(YEAR), city / str(YEAR), copy_function=os.link)
        files += len(list((city / str(YEAR)).iterdir()))
    return files


def national(tmp: Path, cities: int, runs: int) -> tuple:
    files = national_inbox(tmp / "national", cities)
    results = []
    for _ in range(runs):
        shutil.rmtree(tmp / "national-out", ignore_errors=True)
        results.append(timed([sys.executable, "-c", NATIONAL, str(tmp / "national" / "cities"),
                              str(tmp / "national-out")]))
    used = sum(p.stat().st_size for p in (tmp / "national-out").rglob("*") if p.is_file())
    return (f"全国规模收件+汇总（{cities}个市，{files}份报送，输出{used / 2**20:.0f} MB）", *median(results))


def show(rows: list[tuple], per_step: dict[str, float], lo: tuple | None) -> None:
    from pipeline.util.text import display_width, fit

    width = max(display_width(r[0]) for r in rows)
    print(f"\n{fit('场景', width)}  中位数(秒)  峰值内存(MB)")
    for name, seconds, mb in rows:
        print(f"{fit(name, width)}  {seconds:10.2f}  {mb:12.0f}")
    rate = per_step.pop("页/秒")
    print("\n冷启动各步骤用时（秒，各进程合计，中位数）：" + "，".join(f"{k} {v:.2f}" for k, v in per_step.items()))
    print(f"冷启动每秒写出 {rate:.1f} 页 PDF")
    cold, noop, changed, big = rows[0], rows[1], rows[2], rows[-1]
    ratio = f"{cold[1] / lo[1]:.2f}" if lo else "未安装 LibreOffice"
    checks = [("冷启动/LibreOffice ≤ 0.9", lo is not None and cold[1] / lo[1] <= 0.9, ratio),
              ("无变化重跑 < 0.3 秒", noop[1] < 0.3, f"{noop[1]:.2f} 秒"),
              ("一个单位重新报送 < 2 秒", changed[1] < 2, f"{changed[1]:.2f} 秒"),
              ("全国规模收件+汇总 < 300 秒", big[1] < 300, f"{big[1]:.0f} 秒"),
              ("全国规模峰值内存 < 500 MB", big[2] < 500, f"{big[2]:.0f} MB")]
    print()
    for name, ok, value in checks:
        print(f"{'✓' if ok else '✗'} {name}：{value}")


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    cities = int(os.environ.get("BENCH_CITIES", "330"))
    national_runs = int(os.environ.get("BENCH_NATIONAL_RUNS", str(runs)))
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        tmp = Path(tmp)
        rows, per_step, out = report_runs(tmp, runs)
        lo = libreoffice(tmp, out, runs)
        rows += [lo] if lo else []
        rows.append(national(tmp, cities, national_runs))
    show(rows, per_step, lo)


if __name__ == "__main__":
    main()
