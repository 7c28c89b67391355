from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
INPUTS = ROOT / "inputs"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run `python -m pipeline ARGS` as a user would; capture both streams."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True)


@pytest.fixture(scope="session")
def plan():
    from pipeline.plan import load_plan

    return load_plan(INPUTS)
