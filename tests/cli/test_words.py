"""Every word the command line prints is Chinese (issue 16): help, usage errors, Click's own messages."""

from __future__ import annotations

import re

import pytest

from pipeline.cli.chinese import WORK_ORDER
from tests.conftest import invoke, run_cli

# What may stay Latin: the program, its options, file and format names, the version
ALLOWED = re.compile(r"python|pipeline|--[a-z-]+|inputs|outputs|plan|notice|config|toml|txt|YEAR|MANIFEST|json|"
                     r"DOCX|PDF|JSON|CSV|table|csv|init|forms|sample|collect|status|merge|render|report|verify|"
                     r"help|version|xlsx|docx|html|review|draft|intake|merged|units|forms|links|serve|desk|https?")


def english(text: str, typed: tuple[str, ...] = ()) -> list[str]:
    """Latin words of ``text`` other than names and what the user typed (quoted back to them)."""
    for word in typed:
        text = text.replace(word, "")
    return [w for w in re.findall(r"[A-Za-z]{3,}", ALLOWED.sub("", text))]


def test_the_program_starts_as_a_user_starts_it():
    result = run_cli("--help")
    assert result.returncode == 0 and "用法" in result.stdout and result.stderr == ""


@pytest.mark.parametrize("command", ["", *WORK_ORDER])
def test_help_is_chinese(command):
    result = invoke(*([command] if command else []), "--help")
    assert result.returncode == 0
    assert english(result.stdout) == [], result.stdout


def test_commands_are_listed_in_the_order_of_the_work():
    text = invoke("--help").stdout
    listed = [line.split()[0] for line in text.splitlines() if line.startswith("  ") and line.split()
              and line.split()[0] in WORK_ORDER]
    assert listed == list(WORK_ORDER)


@pytest.mark.parametrize("args, words", [
    (["report"], "缺少选项"),
    (["report", "--year", "abc"], "不是数字"),
    (["reprot"], "没有“reprot”这个命令"),
    (["report", "--year", "2019", "--bogus"], "没有“--bogus”这个选项"),
    (["report", "--year", "2019", "--inputs", "/nonexistent-folder"], "找不到输入目录"),
])
def test_usage_errors_are_chinese(args, words):
    result = invoke(*args)
    assert result.returncode == 2
    assert words in result.stderr and english(result.stderr, tuple(args)) == [], result.stderr
