"""Do two commits write the same bytes? Builds `report --year Y` at BASE (a git worktree) and here, and compares.

    python tools/same_outputs.py BASE [--year 2019]

Both builds read this checkout's inputs/ (the same files, so the same file times too). Bookkeeping (stamps,
render state and .cache/, which hold code digests) is left out; every other output, MANIFEST.json included,
must be byte-identical. Exit 0 when they are, 1 with the differing paths otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOKKEEPING = {".stamps.json", ".render-state.json"}
CACHE = ".cache"


def build(checkout: Path, outputs: Path, year: int) -> dict[str, bytes]:
    subprocess.run([sys.executable, "-m", "pipeline", "report", "--year", str(year), "--inputs", str(ROOT / "inputs"),
                    "--outputs", str(outputs)], cwd=checkout, check=True, capture_output=True)
    folder = outputs / str(year)
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and p.name not in BOOKKEEPING and CACHE not in p.relative_to(folder).parts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="the commit to compare with (e.g. HEAD~1)")
    parser.add_argument("--year", type=int, default=2019)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="same-outputs-") as tmp:
        tmp = Path(tmp)
        subprocess.run(["git", "worktree", "add", "--detach", str(tmp / "base"), args.base], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            before = build(tmp / "base", tmp / "out-base", args.year)
            after = build(ROOT, tmp / "out-here", args.year)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tmp / "base")], cwd=ROOT, check=False)
    differing = sorted(set(before) ^ set(after) | {k for k in before.keys() & after.keys() if before[k] != after[k]})
    for path in differing:
        print(f"differs: {path}")
    print(f"{len(before)} files at {args.base}, {len(after)} here, {len(differing)} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
