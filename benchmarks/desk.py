"""`make bench` (the desk): every reporting unit of 2019 (30, after the sample 机构改革) uploads its real form at once to a real server on
127.0.0.1; prints upload-to-answer time per upload (median, 95th percentile, slowest) and the server's peak
memory (its process and the readers it started). BENCH_RUNS rounds (default 3), each on a fresh copy."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench import tree_rss_mb  # noqa: E402
from tests.serve.desk import Server, desk_project, filled, send_form, unit_session  # noqa: E402


def one_round(tmp: Path) -> tuple[list[float], float]:
    project = desk_project(tmp)
    server = Server(project, tmp)
    peak, done = 0.0, threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_mb(server.process.pid))
            time.sleep(0.05)

    try:
        units = [u.short for u in project.plan.in_year(2019).reporting_units]
        forms = {u: filled(project, u, seed=41) for u in units}
        sessions = {u: unit_session(server.base, server.link(u)) for u in units}
        times: list[float] = []

        def send(unit: str) -> None:
            client, token = sessions[unit]
            started = time.perf_counter()
            answer = send_form(client, token, forms[unit], server.base)
            client.get(answer.headers["location"])  # the page with the verdict
            times.append(time.perf_counter() - started)

        threading.Thread(target=watch, daemon=True).start()
        threads = [threading.Thread(target=send, args=(u,)) for u in units]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(1)  # the refresh that follows the uploads, in the peak
        return times, peak
    finally:
        done.set()
        server.stop()


def main() -> None:
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    every, peaks = [], []
    for n in range(runs):
        with tempfile.TemporaryDirectory(prefix=f"desk-{n}-") as tmp:
            times, peak = one_round(Path(tmp))
        every += times
        peaks.append(peak)
    every.sort()
    p95 = every[max(0, round(0.95 * len(every)) - 1)]
    print(f"网上报送台：{len(every) // runs} 个单位同时上传，{runs} 轮共 {len(every)} 次上传")
    print(f"  上传到看到结果：中位数 {statistics.median(every):.2f} s，95% {p95:.2f} s，最慢 {every[-1]:.2f} s")
    print(f"  服务进程（含读取进程）内存峰值：{max(peaks):.0f} MB（各轮中位数 {statistics.median(peaks):.0f} MB）")


if __name__ == "__main__":
    main()
