"""The desk's routes. A unit's link opens a session (the token leaves the address at once); the unit sees its
items, downloads its form, uploads it and reads the verdict; the DRC logs in with the password the server was
started with and watches the year fill in. Every POST carries the session's token and comes from this origin."""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from pipeline.desk import links
from pipeline.desk.links import Session
from pipeline.desk.service import Desk, correction_of, form_of, receipt_of
from pipeline.desk.service import board as board_rows
from pipeline.desk.uploads import TooLarge, stage
from pipeline.serve.pages import (
    AnswerView,
    DeskPage,
    LoginPage,
    MessagePage,
    UnitPage,
    answer_view,
    render_page,
    row_views,
)
from pipeline.serve.security import Guard, RateLimit, same_origin, token_matches, too_large
from pipeline.util.templates import TEMPLATES, Context

COOKIE = "desk_session"
LOGIN_COOKIE = "desk_login"


def desk_of(request: Request) -> Desk:
    return request.app.state.desk


def page(request: Request, template: str, context: Context, status: int = 200) -> HTMLResponse:
    return HTMLResponse(render_page(template, context), status)


def message(request: Request, title: str, text: str, status: int, back: str = "") -> HTMLResponse:
    desk = desk_of(request)
    return page(request, "message.html.j2",
                MessagePage(title, desk.project.config(desk.year).issuer, desk.sample, text, back), status)


def download(path: Path | None, name: str, kind: str) -> Response:
    """A file under its Chinese name (RFC 6266: an ASCII fallback, then filename*)."""
    if path is None or not path.is_file():
        return Response("文件不存在", 404, media_type="text/plain; charset=utf-8")
    return FileResponse(path, media_type=kind, headers={"content-disposition": disposition(name)})


def disposition(name: str) -> str:
    fallback = "".join(c if c.isascii() and c.isalnum() or c in "._-" else "_" for c in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


async def session_of(request: Request, role: str) -> Session | None:
    found = await run_in_threadpool(links.session, desk_of(request).store, request.cookies.get(COOKIE))
    return found if found and found.role == role and found.year == desk_of(request).year else None


def with_session(response: Response, request: Request, sid: str) -> Response:
    response.set_cookie(COOKIE, sid, httponly=True, samesite="lax", secure=request.url.scheme == "https",
                        max_age=links.SESSION_HOURS * 3600)
    return response


async def checked_form(request: Request, session: Session, **limits: int):
    """The POST's form when it comes from our page of this session; None otherwise (refused, logged)."""
    if not same_origin(request):
        return None
    form = await request.form(**limits)
    if not token_matches(form.get("csrf"), session.csrf):
        await run_in_threadpool(desk_of(request).store.record, _actor(session), "拒绝请求",
                                reason="缺少或不符的表单令牌", path=request.url.path)
        return None
    return form


def _actor(session: Session) -> str:
    return f"单位:{session.unit}" if session.role == "unit" else "发展改革委"


def client(request: Request) -> str:
    return request.client.host if request.client else "?"


# --- a unit's link and page ------------------------------------------------------------------------

async def open_link(request: Request) -> Response:
    # only failed lookups count: a guesser is slowed, units behind one office address are not
    if request.app.state.lookups.spent("link:" + client(request)):
        return message(request, "请稍后再试", "无效链接的尝试次数过多，请一分钟后再试。", 429)
    sid = await run_in_threadpool(links.open_link, desk_of(request).store, desk_of(request).year,
                                  request.path_params["token"])
    if sid is None:
        request.app.state.lookups.hit("link:" + client(request))
        return message(request, "链接无效", "这个链接无效、已过期或已被撤销。请向发展改革委索取新的报送链接。", 404)
    return with_session(RedirectResponse("/unit", 303), request, sid)


async def unit_page(request: Request) -> Response:
    session = await session_of(request, "unit")
    if session is None:
        return message(request, "请使用报送链接", "请通过发展改革委发给本单位的报送链接打开本页。", 403)
    desk = desk_of(request)
    answers = await run_in_threadpool(desk.uploads.answers, session.unit)
    views = [_view(desk, a, len(answers) - i) for i, a in enumerate(answers)]
    chosen = request.query_params.get("upload", "")
    current = next((v for v in views if str(v.id) == chosen), views[0] if views else None)
    plan, config = desk.project.plan.in_year(desk.year), desk.project.config(desk.year)
    items = [f"{i}　{plan.item(i).title}" for i in plan.roles(session.unit)]
    return page(request, "unit.html.j2", UnitPage(
        f"{desk.year}年度填报表网上报送", config.issuer, desk.sample, plan.registry.get(session.unit).name, desk.year,
        config.deadline, items, session.csrf, desk.config.max_upload // (1024 * 1024), current, views))


def _view(desk: Desk, answer, number: int) -> AnswerView:
    return answer_view(answer, number, bool(answer.file) and desk.uploads.copy_path(answer.file).is_file())


async def unit_form(request: Request) -> Response:
    session = await session_of(request, "unit")
    if session is None:
        return message(request, "请使用报送链接", "请通过报送链接打开本页。", 403)
    desk = desk_of(request)
    name, data = await run_in_threadpool(form_of, desk, session.unit)
    await run_in_threadpool(desk.store.record, _actor(session), "下载填报表", year=desk.year, unit=session.unit)
    return Response(data, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"content-disposition": disposition(name)})


async def upload(request: Request) -> Response:
    session = await session_of(request, "unit")
    if session is None:
        return message(request, "请使用报送链接", "请通过报送链接打开本页后再上传。", 403)
    if not request.app.state.uploads.allow("upload:" + session.unit):
        return message(request, "请稍后再试", "上传过于频繁，请一分钟后再试。", 429, "/unit")
    form = await checked_form(request, session, max_files=1, max_fields=2, max_part_size=4096)
    if form is None:
        return message(request, "请求被拒绝", "请求无效（页面已过期或不是从本页提交的），请重新打开本页后上传。", 403, "/unit")
    sent = form.get("file")
    if sent is None or isinstance(sent, str):
        return message(request, "没有文件", "请选择填好的填报表再上传。", 400, "/unit")
    desk = desk_of(request)
    try:
        staged, sha, size = await run_in_threadpool(stage, desk.store, sent.file, desk.config.max_upload)
    except TooLarge:
        return message(request, "文件过大", f"文件超过 {desk.config.max_upload // (1024 * 1024)} MB，未保存。", 413, "/unit")
    answer = await run_in_threadpool(desk.receive, session.unit, session.link_id, staged, sha, size)
    return RedirectResponse(f"/unit?upload={answer.id}#answer", 303)


async def unit_paper(request: Request) -> Response:
    session = await session_of(request, "unit")
    desk = desk_of(request)
    answer = session and await run_in_threadpool(desk.uploads.answer, int(request.path_params["id"]), session.unit)
    if not answer:
        return Response("文件不存在", 404, media_type="text/plain; charset=utf-8")
    kind = request.path_params["kind"]
    await run_in_threadpool(desk.store.record, _actor(session), "下载", year=desk.year, upload=answer.id, paper=kind)
    if kind == "copy" and answer.file:
        copy = desk.uploads.copy_path(answer.file)
        return download(copy, copy.name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    if kind == "receipt" and answer.accepted:
        path = await run_in_threadpool(receipt_of, desk, answer)
        return download(path, f"{desk.year}年度_{answer.unit}_受理回执.pdf", "application/pdf")
    if kind == "letter" and answer.errors:
        path = await run_in_threadpool(correction_of, desk, answer)
        return download(path, f"{desk.year}年度_{answer.unit}_退回修改通知.pdf", "application/pdf")
    return Response("文件不存在", 404, media_type="text/plain; charset=utf-8")


# --- the DRC's desk --------------------------------------------------------------------------------

def login_page(request: Request, said: str = "", status: int = 200) -> Response:
    """The login form, its token also in a cookie of its own (there is no session yet to keep it in)."""
    desk, token = desk_of(request), secrets.token_urlsafe(24)
    issuer = desk.project.config(desk.year).issuer
    response = page(request, "login.html.j2", LoginPage("发展改革委登录", issuer, desk.sample, token, said), status)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


async def login(request: Request) -> Response:
    if request.method in ("GET", "HEAD"):
        return login_page(request)
    if not same_origin(request) or not request.app.state.lookups.allow("login:" + client(request)):
        return message(request, "请稍后再试", "登录请求被拒绝或过于频繁，请稍后再试。", 429, "/desk/login")
    form = await request.form(max_files=0, max_fields=2, max_part_size=1024)
    if not token_matches(form.get("csrf"), request.cookies.get(LOGIN_COOKIE) or "-"):
        return message(request, "请求被拒绝", "请从登录页登录。", 403, "/desk/login")
    desk = desk_of(request)
    sid = await run_in_threadpool(links.desk_login, desk.store, desk.year, str(form.get("password", "")),
                                  desk.password_hash)
    if sid is None:
        return login_page(request, "口令不对。", 403)
    return with_session(RedirectResponse("/desk", 303), request, sid)


async def board(request: Request) -> Response:
    session = await session_of(request, "desk")
    if session is None:
        return RedirectResponse("/desk/login", 303)
    desk = desk_of(request)
    rows, counts = row_views(await run_in_threadpool(board_rows, desk))
    job = desk.job
    running = bool(job.started) and not job.finished
    said = (f"正在生成：{job.stage} {job.done}/{job.total}" if running else
            f"生成失败：{job.error}" if job.error else "年度文档已生成" if job.finished else "")
    config = desk.project.config(desk.year)
    return page(request, "desk.html.j2", DeskPage(
        f"{desk.year}年度报送情况", config.issuer, desk.sample, desk.year, config.deadline, counts, rows,
        sum(1 for s in desk.statuses if s.due), session.csrf, running, said, _files(desk),
        request.query_params.get("said", ""), 3 if running else 0))


def _files(desk: Desk) -> list[tuple[str, str]]:
    root = desk.project.year_dir(desk.year).root
    found = [p for folder in ("report", "letters", "units") for p in sorted((root / folder).glob("*.pdf"))]
    found += sorted((root / "report").glob("*.docx"))
    return [(p.name, "/desk/files/" + quote(p.relative_to(root).as_posix())) for p in found]


async def desk_action(request: Request) -> Response:
    session = await session_of(request, "desk")
    if session is None or await checked_form(request, session, max_files=0, max_fields=1, max_part_size=1024) is None:
        return message(request, "请求被拒绝", "请求无效，请重新登录后再试。", 403, "/desk/login")
    desk, action = desk_of(request), request.path_params["action"]
    if action not in ("remind", "report"):
        return Response("没有这个操作", 404, media_type="text/plain; charset=utf-8")
    if action == "remind":
        _, said = await run_in_threadpool(desk.remind, "发展改革委")
    else:
        said = "已开始生成年度文档" if desk.start_report("发展改革委") else "年度文档正在生成中"
    return RedirectResponse("/desk?said=" + quote(said), 303)


async def desk_file(request: Request) -> Response:
    session = await session_of(request, "desk")
    desk = desk_of(request)
    root = desk.project.year_dir(desk.year).root.resolve()
    wanted = (root / request.path_params["path"]).resolve()
    if session is None or not wanted.is_relative_to(root) or wanted.name.startswith("."):
        return Response("文件不存在", 404, media_type="text/plain; charset=utf-8")
    await run_in_threadpool(desk.store.record, "发展改革委", "下载", year=desk.year, file=wanted.name)
    kinds = {".pdf": "application/pdf", ".html": "text/html; charset=utf-8"}
    return download(wanted, wanted.name, kinds.get(wanted.suffix, "application/octet-stream"))


async def status_page(request: Request) -> Response:
    if await session_of(request, "desk") is None:
        return RedirectResponse("/desk/login", 303)
    path = desk_of(request).project.year_dir(desk_of(request).year).status_page
    # the page is one self-contained file with its own <style>: allowed for it alone
    return FileResponse(path, media_type="text/html; charset=utf-8", headers={
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"})


async def stylesheet(request: Request) -> Response:
    return FileResponse(TEMPLATES / "serve" / "desk.css", media_type="text/css; charset=utf-8")


def create_app(desk: Desk) -> Guard:
    routes = [
        Route("/", lambda request: RedirectResponse("/desk", 303)),
        Route("/u/{token}", open_link),
        Route("/unit", unit_page),
        Route("/unit/form", unit_form),
        Route("/unit/upload", upload, methods=["POST"]),
        Route("/unit/uploads/{id:int}/{kind}", unit_paper),
        Route("/desk/login", login, methods=["GET", "HEAD", "POST"]),
        Route("/desk", board),
        Route("/desk/{action:str}", desk_action, methods=["POST"]),
        Route("/desk/files/{path:path}", desk_file),
        Route("/desk/status", status_page),
        Route("/static/desk.css", stylesheet),
    ]
    limit = desk.config.max_upload + 64 * 1024  # the file and the form's few small fields
    app = Starlette(routes=routes, exception_handlers={413: too_large})
    app.state.desk, app.state.max_body = desk, limit
    app.state.lookups = RateLimit(20, 60)  # failed token lookups, and logins, per client and minute
    app.state.uploads = RateLimit(12, 60)  # uploads per unit and minute
    return Guard(app, limit)
