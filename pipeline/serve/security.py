"""What every request passes through: a cap on the body while it streams, rate limits, the headers that keep
pages from being framed, sniffed or leaking their address, and the CSRF check of every POST."""

from __future__ import annotations

import hmac
import threading
import time
from collections import defaultdict, deque

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADERS = [
    (b"content-security-policy", b"default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                                 b"frame-ancestors 'none'; base-uri 'none'"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
TOO_LARGE = "上传的文件超过 {mb} MB，已中止接收，未保存任何内容。填报表通常只有几十 KB，请检查是否选错了文件。".encode()


class Guard:
    """ASGI middleware: security headers on every response; a body over ``max_body`` is cut off as it
    streams (413, before the application stores anything); ``Content-Length`` over it is refused at once."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def send_guarded(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                own = list(message.get("headers", []))
                named = {k.lower() for k, _ in own}
                message = {**message, "headers": [*own, *((k, v) for k, v in HEADERS if k not in named)]}
            await send(message)

        length = Headers(scope=scope).get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            return await self._too_large(send_guarded)
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send_guarded)
        except _BodyTooLarge:
            if not started:
                await self._too_large(send_guarded)

    async def _too_large(self, send: Send) -> None:
        body = too_large_text(self.max_body)
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class _BodyTooLarge(HTTPException):
    """Raised inside the application while it reads the body; its handler (``too_large``) answers 413."""

    def __init__(self) -> None:
        super().__init__(413)


def too_large_text(limit: int) -> bytes:
    return TOO_LARGE.replace(b"{mb}", str(limit // (1024 * 1024)).encode())


async def too_large(request: Request, exc: Exception) -> Response:
    limit = request.app.state.max_body
    return Response(too_large_text(limit), 413, media_type="text/plain; charset=utf-8", headers={"connection": "close"})


class RateLimit:
    """At most ``count`` events per ``seconds`` for one key (a client address and what it does)."""

    def __init__(self, count: int, seconds: float):
        self.count, self.seconds = count, seconds
        self.events: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Counts this event, unless the key has used up its events."""
        if self.spent(key):
            return False
        self.hit(key)
        return True

    def spent(self, key: str) -> bool:
        with self.lock:
            events = self.events[key]
            while events and events[0] <= time.monotonic() - self.seconds:
                events.popleft()
            return len(events) >= self.count

    def hit(self, key: str) -> None:
        with self.lock:
            self.events[key].append(time.monotonic())


def same_origin(request: Request) -> bool:
    """A POST from our own pages: the browser says so (Sec-Fetch-Site), or its Origin is this server's."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return True  # old browsers send neither; the form's token still has to match
    return origin == f"{request.url.scheme}://{request.url.netloc}"


def token_matches(sent: object, expected: str) -> bool:
    return isinstance(sent, str) and hmac.compare_digest(sent.encode(), expected.encode())
