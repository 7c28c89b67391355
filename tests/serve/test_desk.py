"""The desk through its own routes (Starlette's in-process client): links and sessions, uploads and their
verdicts, the limits, CSRF, many units at once, and the audit chain."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import threading

import pytest
from starlette.testclient import TestClient

from pipeline.desk import links
from pipeline.desk.audit import verify_chain
from pipeline.desk.roster import issue_links
from pipeline.intake.arrivals import Register, register_path
from pipeline.serve.app import create_app
from tests.conftest import invoke, pdf_text
from tests.serve.desk import (
    BASE,
    PASSWORD,
    YEAR,
    blank,
    csrf_of,
    desk_project,
    filled,
    open_desk,
    post_file,
    unit_client,
    with_text_in_a_number_cell,
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    desk = open_desk(desk_project(tmp_path_factory.mktemp("desk")))
    yield desk
    desk.close()


def inbox(desk) -> set[str]:
    return {p.name for p in (desk.project.inputs / str(YEAR)).iterdir()}


def test_a_link_opens_a_session_and_the_token_leaves_the_address(desk):
    issued, listing = issue_links(desk.project, YEAR, BASE, ["统计局"])
    token = issued[0].address.rsplit("/", 1)[1]
    client = TestClient(create_app(desk), base_url=BASE, follow_redirects=False)
    opened = client.get(f"/u/{token}")
    assert opened.status_code == 303 and token not in opened.headers["location"]
    cookie = opened.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    page = client.get("/unit")
    assert page.status_code == 200 and desk.project.plan.registry.get("统计局").name in page.text
    assert page.headers["referrer-policy"] == "no-referrer" and "frame-ancestors 'none'" in \
        page.headers["content-security-policy"] and "<script" not in page.text
    stored = desk.store.path.read_bytes() + b"".join(p.read_bytes() for p in desk.store.folder.glob("desk.sqlite-*"))
    assert token.encode() not in stored and links.digest(token).encode() in stored
    assert listing.stat().st_mode & 0o077 == 0  # the list of links is its owner's alone
    form = client.get("/unit/form")
    assert form.content == blank(desk.project, "统计局")
    assert "filename*=UTF-8''2019%E5%B9%B4%E5%BA%A6_%E7%BB%9F%E8%AE%A1%E5%B1%80" in form.headers["content-disposition"]


def test_forged_expired_and_revoked_links_get_one_answer(desk):
    client = TestClient(create_app(desk), base_url=BASE, follow_redirects=False)
    forged = client.get("/u/" + "A" * 43)
    expired, _ = issue_links(desk.project, YEAR, BASE, ["财政局"], until=dt.date.today() - dt.timedelta(days=1))
    revoked, _ = issue_links(desk.project, YEAR, BASE, ["商务局"])
    links.revoke(desk.store, YEAR, "商务局", "测试")
    answers = [client.get(a.address.removeprefix(BASE)) for a in (expired[0], revoked[0])]
    assert {r.status_code for r in [forged, *answers]} == {404}
    assert len({r.text for r in [forged, *answers]}) == 1 and "set-cookie" not in forged.headers
    assert client.get("/unit").status_code == 403
    guesses = [client.get(f"/u/{n:043d}").status_code for n in range(20)]
    assert guesses[-1] == 429 and guesses.count(404) == 17  # twenty lookups a minute, then a wait


def test_a_unit_sees_the_cell_to_fix_then_gets_its_receipt(desk):
    client, csrf = unit_client(desk, "生态环境局")
    bad, cell = with_text_in_a_number_cell(filled(desk.project, "生态环境局"))
    answered = client.get(post_file(client, csrf, bad).headers["location"])
    assert cell in answered.text and "须修改后重新上传" in answered.text
    marked = client.get(re.search(r'href="(/unit/uploads/\d+/copy)"', answered.text).group(1))
    assert marked.status_code == 200 and marked.content[:2] == b"PK"
    letter = client.get(re.search(r'href="(/unit/uploads/\d+/letter)"', answered.text).group(1))
    assert "退回修改" in pdf_text_of(letter.content, desk) and cell in pdf_text_of(letter.content, desk)
    good = client.get(post_file(client, csrf, filled(desk.project, "生态环境局")).headers["location"])
    assert "已受理" in good.text and "改动" not in good.text  # nothing taken before to compare with
    again = client.get(post_file(client, csrf, filled(desk.project, "生态环境局", seed=12)).headers["location"])
    assert "与上一次受理的版本相比改动了" in again.text and "本年度完成值" in again.text
    receipt = client.get(re.search(r'href="(/unit/uploads/\d+/receipt)"', good.text).group(1))
    answer = desk.uploads.answers("生态环境局")[1]  # the second upload, the first one taken
    text = pdf_text_of(receipt.content, desk)
    assert "回执" in text and answer.sha256[:16] in text.replace(" ", "")
    assert len([n for n in inbox(desk) if n.startswith("生态环境局_网上报送_")]) == 3
    register = Register(register_path(desk.project.inputs / str(YEAR))).arrivals().values()
    came = [a for a in sorted(register, key=lambda a: a.seq) if a.name.startswith("生态环境局_")]
    assert [a.name for a in came] == [a.file for a in reversed(desk.uploads.answers("生态环境局"))]
    assert {a.source for a in came} == {"网上报送"}
    desk.refresh_now()
    unit = next(s for s in desk.statuses if s.unit == "生态环境局")
    assert not unit.latest_returned and unit.file == desk.uploads.answers("生态环境局")[0].file  # came last, dated earlier


def pdf_text_of(data: bytes, desk) -> str:
    path = desk.store.folder / "downloaded.pdf"
    path.write_bytes(data)
    return pdf_text(path)


def test_another_units_form_is_refused_as_such(desk):
    client, csrf = unit_client(desk, "水利局")
    before = inbox(desk)
    answered = client.get(post_file(client, csrf, filled(desk.project, "林业和园林局")).headers["location"])
    assert "这是“林业和园林局”的填报表" in answered.text and inbox(desk) == before
    assert any(desk.store.folder.joinpath("refused").iterdir())


def test_an_upload_over_the_cap_is_cut_off_before_anything_is_stored(desk):
    client, csrf = unit_client(desk, "交通局")
    before, rows = inbox(desk), len(desk.uploads.answers())
    declared = post_file(client, csrf, b"PK" + b"\0" * (11 * 1024 * 1024))
    boundary = "----desk"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\n"
            "Content-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\n").encode()

    def streamed():  # no Content-Length: the cap has to cut it while it streams
        yield head
        for _ in range(11 * 16):
            yield b"\0" * 65536

    cut = client.post("/unit/upload", content=streamed(), headers={
        "content-type": f"multipart/form-data; boundary={boundary}", "origin": BASE})
    assert declared.status_code == cut.status_code == 413 and "未保存" in cut.text
    assert inbox(desk) == before and len(desk.uploads.answers()) == rows
    assert not list((desk.store.folder / "incoming").iterdir())


def test_a_post_without_the_token_or_from_elsewhere_is_refused(desk):
    client, csrf = unit_client(desk, "农业农村局")
    before = inbox(desk)
    missing = post_file(client, None, filled(desk.project, "农业农村局"))
    foreign = post_file(client, csrf, filled(desk.project, "农业农村局"), origin="https://evil.example")
    cross = post_file(client, csrf, filled(desk.project, "农业农村局"), **{"sec-fetch-site": "cross-site"})
    assert missing.status_code == foreign.status_code == cross.status_code == 403 and inbox(desk) == before
    assert not desk.uploads.answers("农业农村局")


def test_every_unit_uploading_at_once_is_recorded(desk):
    units = [u.short for u in desk.project.plan.in_year(YEAR).reporting_units]
    sessions = {u: unit_client(desk, u) for u in units}
    forms = {u: filled(desk.project, u, seed=23) for u in units}
    results: dict[str, int] = {}

    def send(unit: str) -> None:
        client, csrf = sessions[unit]
        results[unit] = post_file(client, csrf, forms[unit]).status_code

    threads = [threading.Thread(target=send, args=(u,)) for u in units]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == {u: 303 for u in units}
    newest = {u: desk.uploads.answers(u)[0] for u in units}
    assert all(a.accepted and a.file in inbox(desk) for a in newest.values()), newest
    assert len(units) == 30  # the units in force in 2019, after the sample 机构改革


def test_the_desk_shows_each_units_state_and_verify_checks_the_chain(desk, tmp_path):
    client = TestClient(create_app(desk), base_url=BASE, follow_redirects=False)
    assert client.get("/desk").headers["location"] == "/desk/login"
    login = client.get("/desk/login")
    assert client.post("/desk/login", data={"csrf": csrf_of(login.text), "password": "错"},
                       headers={"origin": BASE}).status_code == 403
    login = client.get("/desk/login")
    assert client.post("/desk/login", data={"csrf": csrf_of(login.text), "password": PASSWORD},
                       headers={"origin": BASE}).headers["location"] == "/desk"
    desk.refresh_now()
    board = client.get("/desk").text
    assert "已受理" in board and desk.project.plan.registry.get("生态环境局").name in board
    project = desk.project
    ok = invoke("verify", "--year", str(YEAR), "--inputs", str(project.inputs), "--outputs", str(project.outputs))
    assert "逐条核对无误" in ok.stdout, ok.stdout + ok.stderr
    with sqlite3.connect(desk.store.path) as db:
        assert verify_chain(db).broken_at is None
        db.execute("UPDATE audit SET detail = replace(detail, '生态环境局', '统计局') WHERE action = '上传'")
    broken = invoke("verify", "--year", str(YEAR), "--inputs", str(project.inputs), "--outputs", str(project.outputs))
    assert broken.returncode == 1 and "已被改动" in broken.stdout
