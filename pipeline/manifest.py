"""MANIFEST.json: path, size and sha256 of every input and output of a year, and the versions used."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.errors import PipelineError
from pipeline.render.fonts import font_report
from pipeline.util.files import CACHE, atomic_write
from pipeline.util.hashing import sha256_file

NAME = "MANIFEST.json"
LIBRARIES = ("weasyprint", "pydyf", "python-docx", "openpyxl", "python-calamine", "pandas", "matplotlib", "jinja2",
             "fonttools", "defusedxml")
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


def versions() -> dict[str, str]:
    found = {"pipeline": __version__}
    for name in LIBRARIES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "未安装"
    return found


def write_manifest(inputs: Path, outputs: Path, year: int) -> Path:
    out_dir = outputs / str(year)
    manifest = {
        "year": year,
        "versions": versions(),
        "fonts": font_report(),  # which face stood in for each official font in the PDFs
        "inputs": entries(inputs, input_folders(inputs, year)),
        "outputs": entries(out_dir, [out_dir]),
    }
    path = out_dir / NAME
    atomic_write(path, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return path


@dataclass
class Difference:
    kind: str  # 'inputs' | 'outputs'
    path: str
    change: str  # 已改动 | 缺失 | 新增


def verify(inputs: Path, outputs: Path, year: int) -> list[Difference]:
    """Every file that differs from the manifest: changed, missing, or new."""
    out_dir = outputs / str(year)
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
