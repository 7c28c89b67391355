"""What the year's inbox holds, looked at without trusting it: only regular files are opened (never a link,
a pipe, a device or a socket, and never in a way that could block), each read once, hashed and kept."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.intake.codes import Code
from pipeline.intake.model import Problem
from pipeline.intake.sniff import MAX_FILE_BYTES
from pipeline.terms import Severity
from pipeline.util.files import atomic_write
from pipeline.util.hashing import digest


def display_name(name: str) -> str:
    """A file name as data a reader can see: a name that is not UTF-8 read as GBK (what Windows archives
    carry), else its odd bytes shown as �; control characters as spaces."""
    raw = name.encode("utf-8", "surrogateescape")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "replace")
    return "".join(" " if ord(c) < 32 or 127 <= ord(c) < 160 else c for c in text)


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name（2）``… when another inbox entry is already shown under it."""
    stem, suffix = Path(name).stem, Path(name).suffix
    found, n = name, 1
    while found in taken:
        n += 1
        found = f"{stem}（{n}）{suffix}"
    taken.add(found)
    return found


@dataclass
class Received:
    name: str  # as shown to people
    path: Path  # as found in the inbox
    sha256: str = ""
    stored: Path | None = None  # our copy, the one that is read
    mtime_ns: int = 0  # when the folder received it, as far as the folder knows


def _read_regular(path: Path) -> tuple[bytes, int]:
    """The file's bytes and modification time, opened so that a pipe or device swapped in cannot block and a link
    is not followed."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise OverflowError(info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read(MAX_FILE_BYTES + 1), info.st_mtime_ns
    finally:
        os.close(fd)


def look(entry: os.DirEntry, name: str) -> Problem | None:
    """Why an inbox entry (shown as ``name``) is not read at all (a folder, a link, a pipe, a lock file), or None."""
    if entry.is_symlink():
        return Problem.of_file(name, Code.SYMLINK, "这是一个链接（快捷方式），不是文件本身；请把填报表文件本身放入收件目录")
    if entry.is_dir(follow_symlinks=False):
        return Problem.of_file(name, Code.FOLDER, "这是一个文件夹，其中的文件不会被读取；请把填报表直接放在年度收件目录中", Severity.WARNING)
    if not entry.is_file(follow_symlinks=False):
        return Problem.of_file(name, Code.NOT_A_FILE, "这不是普通文件（可能是管道、设备或套接字），已跳过")
    if entry.name.startswith(("~$", ".~lock")):
        return Problem.of_file(name, Code.LOCK_FILE, "这是 Office/WPS 打开文件时留下的临时锁文件，不是报表，已忽略（可删除）", Severity.WARNING)
    return None


def keep(entry: os.DirEntry, name: str, intake_dir: Path) -> tuple[Received, Problem | None]:
    """Read a regular file once, keep a copy named by its hash, say why not when it cannot be read."""
    received = Received(name, Path(entry.path))
    try:
        data, received.mtime_ns = _read_regular(received.path)
    except OverflowError as exc:
        size = int(exc.args[0]) // 1024 // 1024
        return received, Problem.of_file(received.name, Code.TOO_LARGE,
                                         f"文件有 {size} MB，远超填报表的正常大小，请检查是否发错文件")
    except (OSError, ValueError) as exc:
        reason = getattr(exc, "strerror", None) or "不是普通文件"
        return received, Problem.of_file(received.name, Code.UNREADABLE, f"文件无法读取（{reason}），请重新发送")
    received.sha256 = digest(data)
    suffix = "".join(c for c in Path(received.name).suffix.lower() if c.isalnum() or c == ".")[:8]
    received.stored = intake_dir / "received" / f"{received.sha256[:16]}{suffix}"
    if not received.stored.exists():
        atomic_write(received.stored, data)
    return received, None
