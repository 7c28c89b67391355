"""The audit chain: every link issued, opened or revoked, every upload and its verdict, every download,
reminder and desk action, one row each, append-only. Each row's hash covers the previous row's hash, so an
edited, inserted or deleted row breaks the chain from there on; ``verify`` walks it. Tokens and passwords
never enter it (links are named by their row id)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

GENESIS = "0" * 64


def _digest(prev: str, seq: int, at: str, actor: str, action: str, detail: str) -> str:
    text = json.dumps([prev, seq, at, actor, action, detail], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append_entry(db: sqlite3.Connection, actor: str, action: str, detail: dict, at: str) -> None:
    """One row at the end of the chain, inside the caller's transaction."""
    last = db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    text = json.dumps(detail, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    db.execute("INSERT INTO audit (seq, at, actor, action, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (seq, at, actor, action, text, prev, _digest(prev, seq, at, actor, action, text)))


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None  # the first row that does not follow from the one before, if any
    reason: str = ""


def verify_chain(db: sqlite3.Connection) -> ChainReport:
    prev, expected, count = GENESIS, 1, 0
    for seq, at, actor, action, detail, stored_prev, stored in db.execute(
            "SELECT seq, at, actor, action, detail, prev, hash FROM audit ORDER BY seq"):
        count += 1
        if seq != expected:
            return ChainReport(count, expected, f"第 {expected} 条记录缺失")
        if stored_prev != prev or stored != _digest(prev, seq, at, actor, action, detail):
            return ChainReport(count, seq, f"第 {seq} 条记录（{at} {action}）与链不符，已被改动")
        prev, expected = stored, seq + 1
    return ChainReport(count, None)


def check_store(inputs: Path) -> ChainReport | None:
    """The chain of the desk's store under ``inputs``; None where no desk has run."""
    path = inputs / ".desk" / "desk.sqlite"
    if not path.is_file():
        return None
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return verify_chain(db)
    finally:
        db.close()
