"""The desk as a process: killed with kill -9 while units upload, it leaves no partial file in the inbox and a
store whose every committed row is whole and whose audit chain still verifies."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import threading
import time

from pipeline.desk.audit import verify_chain
from pipeline.workflow.project import open_project
from tests.serve.desk import YEAR, Server, desk_project, filled, open_desk, send_form, unit_session


def test_kill_9_during_uploads_leaves_no_partial_file_and_a_consistent_store(tmp_path):
    project = desk_project(tmp_path)
    inbox = project.inputs / str(YEAR)
    before = {p.name for p in inbox.iterdir()}
    server = Server(project, tmp_path)
    units = [u.short for u in project.plan.in_year(YEAR).reporting_units]
    forms = {u: filled(project, u, seed=31) for u in units}
    sessions = {u: unit_session(server.base, server.link(u)) for u in units}

    def send(unit: str) -> None:
        client, token = sessions[unit]
        try:
            send_form(client, token, forms[unit], server.base)
        except Exception:  # noqa: BLE001 - the server is killed under it
            pass

    threads = [threading.Thread(target=send, args=(u,)) for u in units]
    for t in threads:
        t.start()
    store = project.inputs / ".desk" / "desk.sqlite"
    for _ in range(300):  # killed once the first upload is recorded, while the others stream or are read
        if sqlite3.connect(store).execute("SELECT count(*) FROM uploads").fetchone()[0]:
            break
        time.sleep(0.02)
    server.stop(signal.SIGKILL)
    for t in threads:
        t.join(60)
    sent = {hashlib.sha256(f).hexdigest() for f in forms.values()}
    arrived = [p for p in inbox.iterdir() if p.name not in before]
    assert all(hashlib.sha256(p.read_bytes()).hexdigest() in sent for p in arrived), "a partial file in the inbox"
    with sqlite3.connect(project.inputs / ".desk" / "desk.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert verify_chain(db).broken_at is None
        recorded = {r[0] for r in db.execute("SELECT file FROM uploads WHERE file != ''")}
    assert {p.name for p in arrived} <= recorded  # nothing in the inbox the desk does not know of
    assert len(recorded) < len(units), "the kill came after every upload: nothing was tried"
    desk = open_desk(open_project(project.inputs, project.outputs))
    try:  # started again: a recorded upload the kill left outside the inbox is moved in, the rest dropped
        assert not list((project.inputs / ".desk" / "incoming").iterdir())
        assert {p.name for p in inbox.iterdir() if p.name not in before} == recorded
    finally:
        desk.close()
