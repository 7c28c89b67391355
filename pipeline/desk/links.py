"""Each unit contact's personal link, and the sessions links and the desk's password open.

A token is 32 random bytes (``secrets``), shown once when issued and stored only as its SHA-256; it is valid
until the year's deadline plus the grace period in config.toml (or the date given when issuing), and dies when
revoked or re-issued. On first use it is exchanged for a session, whose id is again stored only as a hash."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from pipeline.desk.audit import append_entry
from pipeline.desk.store import Store, now

SESSION_HOURS = 12


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedLink:
    unit: str
    address: str  # the whole link, token included: printed once, never stored
    expires: str


@dataclass(frozen=True)
class LinkState:
    id: int
    unit: str
    issued: str
    expires: str
    opened: str  # '' until first used
    revoked: str  # ''
    valid: bool


@dataclass(frozen=True)
class Session:
    role: str  # 'unit' or 'desk'
    year: int
    unit: str  # '' for the desk
    link_id: int | None
    csrf: str  # the token every POST of this session carries


def issue(store: Store, year: int, units: list[str], base: str, until: dt.datetime, actor: str) -> list[IssuedLink]:
    """A new link for each unit; the unit's earlier links stop working."""
    issued, at = [], now()
    with store.write() as db:
        for unit in units:
            db.execute("UPDATE links SET revoked_at = ? WHERE year = ? AND unit = ? AND revoked_at IS NULL",
                       (at, year, unit))
            token = secrets.token_urlsafe(32)
            row = db.execute("INSERT INTO links (year, unit, token_hash, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                             (year, unit, digest(token), at, until.isoformat()))
            append_entry(db, actor, "签发链接", {"year": year, "unit": unit, "link": row.lastrowid,
                                              "expires": until.isoformat()}, at)
            issued.append(IssuedLink(unit, f"{base.rstrip('/')}/u/{token}", until.isoformat()))
    return issued


def revoke(store: Store, year: int, unit: str, actor: str) -> int:
    """Every live link of the unit revoked; how many there were."""
    at = now()
    with store.write() as db:
        ids = [r[0] for r in db.execute("SELECT id FROM links WHERE year = ? AND unit = ? AND revoked_at IS NULL",
                                        (year, unit))]
        for link in ids:
            db.execute("UPDATE links SET revoked_at = ? WHERE id = ?", (at, link))
            db.execute("DELETE FROM sessions WHERE link_id = ?", (link,))
            append_entry(db, actor, "撤销链接", {"year": year, "unit": unit, "link": link}, at)
    return len(ids)


def states(store: Store, year: int) -> list[LinkState]:
    moment = now()
    return [LinkState(r["id"], r["unit"], r["issued_at"], r["expires_at"], r["opened_at"] or "", r["revoked_at"] or "",
                      not r["revoked_at"] and _aware(r["expires_at"]) > _aware(moment))
            for r in store.read("SELECT * FROM links WHERE year = ? ORDER BY unit, id", year)]


def _aware(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp).astimezone()


def open_link(store: Store, year: int, token: str) -> str | None:
    """A session id for a valid token of this year (the link is marked opened); None for a token that is
    unknown, revoked or expired, all alike, so a guess learns nothing."""
    at = now()
    with store.write() as db:
        row = db.execute("SELECT * FROM links WHERE token_hash = ? AND year = ?", (digest(token), year)).fetchone()
        if row is None or row["revoked_at"] or _aware(row["expires_at"]) <= _aware(at):
            return None
        if not row["opened_at"]:
            db.execute("UPDATE links SET opened_at = ? WHERE id = ?", (at, row["id"]))
        append_entry(db, f"单位:{row['unit']}", "打开链接", {"year": year, "unit": row["unit"], "link": row["id"]}, at)
        return _new_session(db, "unit", year, row["unit"], row["id"], min(_aware(row["expires_at"]), _later(at)))


def desk_login(store: Store, year: int, password: str, expected_hash: str) -> str | None:
    """A desk session when the password matches the one the server was started with."""
    ok = hmac.compare_digest(digest(password), expected_hash)
    at = now()
    with store.write() as db:
        append_entry(db, "发展改革委", "登录" if ok else "登录失败", {"year": year}, at)
        return _new_session(db, "desk", year, "", None, _later(at)) if ok else None


def _later(at: str) -> dt.datetime:
    return _aware(at) + dt.timedelta(hours=SESSION_HOURS)


def _new_session(db, role: str, year: int, unit: str, link: int | None, expires: dt.datetime) -> str:
    sid = secrets.token_urlsafe(32)
    db.execute("INSERT INTO sessions (id_hash, role, year, unit, link_id, csrf, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (digest(sid), role, year, unit, link, secrets.token_urlsafe(24), expires.isoformat()))
    return sid


def session(store: Store, sid: str | None) -> Session | None:
    if not sid:
        return None
    rows = store.read("SELECT s.*, l.revoked_at FROM sessions s LEFT JOIN links l ON l.id = s.link_id "
                      "WHERE s.id_hash = ?", digest(sid))
    if not rows or rows[0]["revoked_at"] or _aware(rows[0]["expires_at"]) <= _aware(now()):
        return None
    r = rows[0]
    return Session(r["role"], r["year"], r["unit"], r["link_id"], r["csrf"])
