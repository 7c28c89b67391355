"""The desk's SQLite file: one connection per thread, WAL, and every write in a ``BEGIN IMMEDIATE``
transaction, so a writer waits for another instead of failing with SQLITE_BUSY, and kill -9 leaves the last
committed state. Each write appends its audit entry in the same transaction (audit.py)."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.desk.audit import append_entry

DESK_DIR = ".desk"  # under inputs/: the store, and uploads on their way into the inbox
SCHEMA = """
CREATE TABLE IF NOT EXISTS links (
  id INTEGER PRIMARY KEY, year INTEGER NOT NULL, unit TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
  issued_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT, opened_at TEXT);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY, role TEXT NOT NULL, year INTEGER NOT NULL, unit TEXT NOT NULL, link_id INTEGER,
  csrf TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
  id INTEGER PRIMARY KEY, year INTEGER NOT NULL, unit TEXT NOT NULL, link_id INTEGER, file TEXT NOT NULL,
  sha256 TEXT NOT NULL, size INTEGER NOT NULL, received_at TEXT NOT NULL, outcome TEXT NOT NULL,
  refusal TEXT NOT NULL, problems TEXT NOT NULL, cells TEXT NOT NULL, changes TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY, year INTEGER NOT NULL, sent_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,
  prev TEXT NOT NULL, hash TEXT NOT NULL);
"""


def now() -> str:
    """The time of an event, in the office's local time, to the second (ISO 8601 with its offset)."""
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def desk_dir(inputs: Path) -> Path:
    return inputs / DESK_DIR


class Store:
    """The desk's records of one inputs folder."""

    def __init__(self, inputs: Path):
        self.folder = desk_dir(inputs)
        self.path = self.folder / "desk.sqlite"
        self._local = threading.local()
        self.folder.mkdir(parents=True, exist_ok=True)
        self._connection().executescript(SCHEMA)  # its own transaction: executescript commits first

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=15, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: a killed process loses nothing it committed
            self._local.db = db
        return db

    def read(self, sql: str, *args: object) -> list[sqlite3.Row]:
        return self._connection().execute(sql, args).fetchall()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def record(self, actor: str, action: str, **detail: object) -> None:
        """An event with nothing else to write: its audit entry alone."""
        with self.write() as db:
            append_entry(db, actor, action, detail, now())
