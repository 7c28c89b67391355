"""Which version counts is decided by when the DRC received it (收件登记), never by the 填报日期 a sender types."""

from __future__ import annotations

import datetime
import os
import shutil
from pathlib import Path

import pytest

from pipeline.errors import PipelineError
from pipeline.intake.arrivals import Register, register_path
from pipeline.intake.collect import run_collect
from tests.conftest import INPUTS, keys, load_config
from tests.intake.test_collect import filled_form, save, set_filled_on

YEAR = 2019


def dated(plan, typed: datetime.datetime, seed: int):
    wb = filled_form(plan, "水利局", seed=seed)
    set_filled_on(wb, typed)
    return wb


def collect(plan, inputs: Path, outputs: Path) -> dict:
    intake = run_collect(plan, load_config(INPUTS, YEAR), keys(), inputs, outputs)
    return {s.file: s for s in intake.submissions}


def test_the_version_received_last_counts_whatever_date_its_sender_typed(tmp_path, plan):
    inbox = tmp_path / "inputs" / str(YEAR)
    inbox.mkdir(parents=True)
    save(dated(plan, datetime.datetime(2099, 1, 1), 7), inbox / "b_先到.xlsx")  # dated far ahead
    assert collect(plan, tmp_path / "inputs", tmp_path / "out")["b_先到.xlsx"].counts
    save(dated(plan, datetime.datetime(1900, 1, 3), 8), inbox / "a_后到.xlsx")  # dated long ago, sorts first
    os.utime(inbox / "a_后到.xlsx", ns=(0, 0))  # and its file time says 1970: neither decides
    subs = collect(plan, tmp_path / "inputs", tmp_path / "out")
    assert subs["a_后到.xlsx"].counts and subs["b_先到.xlsx"].superseded_by == "a_后到.xlsx"
    assert subs["a_后到.xlsx"].arrival == 2 and subs["a_后到.xlsx"].received_at
    # a copy of inputs/ (fresh file times, copied in the opposite order) decides exactly as the original did
    copy = tmp_path / "copy" / str(YEAR)
    copy.mkdir(parents=True)
    for name in sorted(os.listdir(inbox), reverse=True):
        shutil.copy(inbox / name, copy / name)
    shutil.copytree(register_path(inbox).parent, register_path(copy).parent)
    again = collect(plan, tmp_path / "copy", tmp_path / "out2")
    assert {n: s.counts for n, s in again.items()} == {n: s.counts for n, s in subs.items()}


def test_files_first_seen_together_are_ordered_as_the_folder_received_them(tmp_path, plan):
    inbox = tmp_path / "inputs" / str(YEAR)
    inbox.mkdir(parents=True)
    for name, seed, saved_at in (("z_较早.xlsx", 7, 1_000), ("a_较晚.xlsx", 8, 2_000)):
        save(dated(plan, datetime.datetime(2020, 1, 9), seed), inbox / name)
        os.utime(inbox / name, (saved_at, saved_at))
    subs = collect(plan, tmp_path / "inputs", tmp_path / "out")
    assert subs["a_较晚.xlsx"].counts and not subs["z_较早.xlsx"].counts
    os.utime(inbox / "z_较早.xlsx")  # touched later: the register already holds the order
    assert collect(plan, tmp_path / "inputs", tmp_path / "out")["a_较晚.xlsx"].counts
    lines = (register_path(inbox)).read_text(encoding="utf-8").splitlines()
    assert lines[0] == "\ufeff序号,收到时间,来源,sha256,文件名" and len(lines) == 3
    assert lines[1].startswith("1,") and lines[1].endswith(",z_较早.xlsx") and "收件目录" in lines[1]


def test_a_damaged_register_is_named_with_its_line(tmp_path):
    path = tmp_path / "2019.csv"
    path.write_text("序号,收到时间,来源,sha256,文件名\n1,2020-01-15 09:00:00,收件目录,ab,甲.xlsx\n被改坏的一行\n",
                    encoding="utf-8")
    with pytest.raises(PipelineError, match=r"2019\.csv 第 3 行已损坏"):
        Register(path).arrivals()


def test_the_sample_inputs_come_with_their_register(plan):
    for year in range(plan.years.start, plan.years.stop):
        inbox = INPUTS / str(year)
        if inbox.is_dir():
            names = {a.name for a in Register(register_path(inbox)).arrivals().values()}
            assert names == set(os.listdir(inbox)), year  # so a fresh clone decides as this one did
