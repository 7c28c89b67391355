"""MANIFEST.json: path, size and sha256 of every input and output of a year, and the versions used: every
library the pipeline imports, and the lock file it was installed from (``requirements.lock``), with any
installed version that differs from it."""

from __future__ import annotations

import functools
import json
import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.render.fonts import font_report
from pipeline.util.files import atomic_write
from pipeline.util.hashing import sha256_file
from pipeline.util.paths import CACHE, year_dir
from pipeline.util.templates import TEMPLATES
from pipeline.util.tomlfile import read_toml

NAME = "MANIFEST.json"
DISTRIBUTION = "liuzhou-ce-pipeline"
LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"  # beside the package in a checkout
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)", re.M)
SKIP = {NAME, ".render-state.json", ".stamps.json", "form.key"}  # the signing key is a secret, not data


def _files(root: Path, folders: list[Path]) -> list[Path]:
    found = []
    for folder in folders:
        if folder.is_file():
            found.append(folder)
        elif folder.is_dir():
            found += [p for p in folder.rglob("*") if p.is_file() and p.name not in SKIP
                      and CACHE not in p.relative_to(folder).parts]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _name(path: Path, root: Path) -> str:
    """A path as manifest text: bytes that are not UTF-8 (a name from another system) written as \\xNN."""
    return path.relative_to(root).as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def entries(root: Path, folders: list[Path]) -> list[dict]:
    return [{"path": _name(p, root), "size": p.stat().st_size, "sha256": sha256_file(p)}
            for p in _files(root, folders)]


def input_folders(inputs: Path, year: int) -> list[Path]:
    return [inputs / "plan", inputs / "config.toml", inputs / str(year)]


@functools.cache
def _dist_info() -> dict[str, str]:
    """Installed name → version from the *.dist-info folder names on sys.path: every year's manifest asks for the
    same hundred packages, and reading each one's metadata took a third of a no-op run."""
    found: dict[str, str] = {}
    for folder in map(Path, sys.path):
        for info in folder.glob("*.dist-info") if folder.is_dir() else ():
            name, _, version = info.name[: -len(".dist-info")].partition("-")
            found.setdefault(_canonical(name), version)
    return found


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed(name: str) -> str:
    if _canonical(name) in _dist_info():
        return _dist_info()[_canonical(name)]
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "未安装"


def versions() -> dict[str, str]:
    """The pipeline's version and that of each library it requires, as installed (pydyf: WeasyPrint's PDF)."""
    required = [re.match(r"[A-Za-z0-9._-]+", r)[0] for r in metadata.requires(DISTRIBUTION) or [] if "extra ==" not in r]
    return {"pipeline": __version__, **{name: _installed(name) for name in [*required, "pydyf"]}}


def lock_record(lock: Path = LOCK) -> dict:
    """The lock file the environment was installed from, and every pinned version it does not have."""
    if not lock.is_file():
        return {"file": None, "note": "本次运行不在源码目录中，没有锁定文件可对照；各库版本见 versions"}
    pins = dict(PIN.findall(lock.read_text(encoding="utf-8")))
    differs = {name: f"{_installed(name)}（锁定 {pinned}）" for name, pinned in sorted(pins.items())
               if _installed(name) != pinned}
    return {"file": lock.name, "sha256": sha256_file(lock), "differs": differs}


def write_manifest(inputs: Path, outputs: Path, year: int) -> Path:
    out_dir = year_dir(outputs, year).root
    manifest = {
        "year": year,
        "versions": versions(),
        "lock": lock_record(),
        "fonts": font_report(),  # which face stood in for each official font in the PDFs
        "conformance": read_toml(TEMPLATES / "conformance.toml", "合规说明"),  # what the files are, and what checks them
        "inputs": entries(inputs, input_folders(inputs, year)),
        "outputs": entries(out_dir, [out_dir]),
    }
    path = year_dir(outputs, year).manifest
    atomic_write(path, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return path


@dataclass
class Difference:
    kind: str  # 'inputs' | 'outputs'
    path: str
    change: str  # 已改动 | 缺失 | 新增


def verify(inputs: Path, outputs: Path, year: int) -> list[Difference]:
    """Every file that differs from the manifest: changed, missing, or new."""
    out_dir = year_dir(outputs, year).root
    try:
        manifest = json.loads((out_dir / NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PipelineError(f"{out_dir / NAME} 不存在：请先运行 python -m pipeline report --year {year}") from None
    except json.JSONDecodeError:
        raise PipelineError(f"{out_dir / NAME} 已损坏，无法核对") from None
    differences = []
    for kind, root, folders in (("inputs", inputs, input_folders(inputs, year)), ("outputs", out_dir, [out_dir])):
        recorded = {e["path"]: e for e in manifest[kind]}
        present = {_name(p, root): p for p in _files(root, folders)}
        for path, entry in recorded.items():
            if path not in present:
                differences.append(Difference(kind, path, "缺失"))
            elif present[path].stat().st_size != entry["size"] or sha256_file(present[path]) != entry["sha256"]:
                differences.append(Difference(kind, path, "已改动"))
        differences += [Difference(kind, path, "新增") for path in present if path not in recorded]
    return differences
