"""What the web layer refuses: other sites, unknown Host names, oversized bodies, unsafe file names.

Both guards are ASGI middleware, so every route, present and future, is covered:

- ``SiteGuard``: a request must name a known Host (the address the server was
  reached at, loopback names, ``DEALQA_WEB_ALLOWED_HOSTS``), which defeats DNS
  rebinding; a request that changes state (any method but GET/HEAD/OPTIONS)
  must come from this page: no cross-site ``Origin`` / ``Sec-Fetch-Site``, and
  the ``X-Dealqa`` header that the page's scripts send and an HTML form on
  another site cannot (sending it cross-site needs a CORS preflight, which
  this server never grants). With ``DEALQA_WEB_TOKEN`` set, every request
  also needs the token, as a bearer header or the cookie ``/login`` sets.
- ``GuardMiddleware``: body size limits (by Content-Length, then by counting,
  so chunked uploads with no length are held too) and security headers.
"""

from __future__ import annotations

import hmac
import json
import re
from http.cookies import SimpleCookie
from pathlib import Path, PurePosixPath

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings
from ..errors import InputError
from ..ingest import SUPPORTED_SUFFIXES

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 20
MAX_UPLOAD_BYTES = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024
MAX_BODY_BYTES = 256 * 1024
MAX_QUESTION_CHARS = 500
UPLOAD_PATH = "/api/ingest"
LOGIN_PATH = "/login"
PAGE_HEADER = "x-dealqa"  # what the page's scripts send on every request that changes state
TOKEN_COOKIE = "dealqa_token"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f<>:\"|?*]")

SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
# Pages load only their own scripts and styles: no inline script runs even if markup slipped in.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def safe_upload_name(raw: str | None) -> str:
    """The base name to store an upload under; ``InputError`` when it is unsafe or unsupported."""
    name = (raw or "").replace("\\", "/")
    parts = PurePosixPath(name).parts
    if ".." in parts:
        raise InputError("文件名不能包含 “..” (file name must not climb directories)")
    base = PurePosixPath(name).name.strip()
    if not base or base.startswith(".") or _UNSAFE_CHARS.search(base):
        raise InputError(f"文件名不可用：{base or '（空）'} (rename the file)")
    if len(base.encode("utf-8")) > 200:
        raise InputError("文件名过长 (file name longer than 200 bytes)")
    suffix = PurePosixPath(base).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = " ".join(sorted(SUPPORTED_SUFFIXES))
        raise InputError(f"不支持的文件类型 {suffix or '（无后缀）'}，只接受 {allowed}")
    return base


def inside(root: Path, name: str) -> Path:
    """``root / name``, checked to stay inside ``root`` after resolving links."""
    target = (root / name).resolve()
    if not target.is_relative_to(root.resolve()) or target == root.resolve():
        raise InputError(f"文件名不可用：{name}")
    return target


class BodyTooLargeError(Exception):
    """The request body went over the limit while it was being read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"请求体超过 {limit // 1024 // 1024 or 1} MB 上限 (request body too large)")
        self.limit = limit


def limit_for(path: str) -> int:
    return MAX_UPLOAD_BYTES if path.rstrip("/") == UPLOAD_PATH else MAX_BODY_BYTES


class GuardMiddleware:
    """Body size limits (by Content-Length, then by counting) and security headers on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"])
        declared = _content_length(scope)
        if declared == -1:
            await _json(send, 400, "Content-Length 无效 (bad Content-Length header)", "BadRequest")
            return
        if declared is not None and declared > limit:
            await _json(send, 413, str(BodyTooLargeError(limit)), "BodyTooLarge")
            return
        is_page = not scope["path"].startswith(("/api/", "/docs", "/openapi.json"))
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyTooLargeError(limit)
            return message

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS
                if is_page:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, counted, with_headers)


def _content_length(scope: Scope) -> int | None:
    """The declared length; None when absent, -1 when malformed."""
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                n = int(value)
            except ValueError:
                return -1
            return n if n >= 0 else -1
    return None


async def _json(send: Send, status: int, message: str, kind: str) -> None:
    body = json.dumps({"error": message, "type": kind}, ensure_ascii=False).encode("utf-8")
    headers = [(b"content-type", b"application/json; charset=utf-8"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": body})


# --------------------------------------------------------------------------- who may ask


def host_name(host: str) -> str:
    """The name part of a Host header: ``[::1]:8000`` -> ``::1``, ``Example.com:80`` -> ``example.com``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def token_ok(settings: Settings, headers: Headers) -> bool:
    """The request carries the web token (bearer header or login cookie); True when none is set."""
    token = settings.web_token
    if not token:
        return True
    offered = []
    scheme, _, value = headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        offered.append(value.strip())
    cookie = SimpleCookie()
    try:
        cookie.load(headers.get("cookie", ""))
    except Exception:  # a malformed cookie header is no token
        cookie = SimpleCookie()
    if TOKEN_COOKIE in cookie:
        offered.append(cookie[TOKEN_COOKIE].value)
    return any(hmac.compare_digest(o.encode(), token.encode()) for o in offered)


def refusal(scope: Scope, settings: Settings) -> tuple[int, str, str] | None:
    """Why this request is refused — (status, message in Chinese, English kind) — or None."""
    headers = Headers(scope=scope)
    raw_host = headers.get("host", "")
    name = host_name(raw_host)
    server = scope.get("server")
    allowed = LOOPBACK_NAMES | {h.lower() for h in settings.web_allowed_hosts}
    if server:
        allowed |= {str(server[0]).lower()}
    if not name:
        return 400, "请求缺少 Host 头 (missing Host header)", "MissingHost"
    if name not in allowed:
        return (
            421,
            f"不认识的访问地址 {raw_host[:100]}：请用本机地址打开，或把它加入 DEALQA_WEB_ALLOWED_HOSTS",
            "UnknownHost",
        )
    path = scope["path"]
    if not token_ok(settings, headers) and not (path == LOGIN_PATH or path.startswith("/static/")):
        return 401, "需要登录：请先在 /login 输入访问口令 (DEALQA_WEB_TOKEN)", "LoginRequired"
    if scope["method"] in SAFE_METHODS:
        return None
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return 403, "拒绝来自其他网站的请求 (cross-site request)", "CrossSite"
    origin = headers.get("origin")
    if origin is not None and origin.lower() != f"{scope.get('scheme', 'http')}://{raw_host}".lower():
        return 403, "拒绝来自其他网站的请求 (Origin does not match)", "CrossSite"
    bearer = headers.get("authorization", "").lower().startswith("bearer ") and bool(settings.web_token)
    if path != LOGIN_PATH and headers.get(PAGE_HEADER) != "1" and not bearer:
        return (
            403,
            "只接受本页面发出的修改请求：脚本请加上请求头 X-Dealqa: 1 (missing X-Dealqa header)",
            "MissingPageHeader",
        )
    return None


class SiteGuard:
    """Refuses unknown Host names, requests without the web token, and state changes from other sites."""

    def __init__(self, app: ASGIApp, *, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (why := refusal(scope, self.settings)) is not None:
            status, message, kind = why
            wants_page = "text/html" in Headers(scope=scope).get("accept", "")
            if kind == "LoginRequired" and wants_page and scope["method"] == "GET":
                await _redirect(send, LOGIN_PATH)
                return
            await _json(send, status, message, kind)
            return
        await self.app(scope, receive, send)


async def _redirect(send: Send, location: str) -> None:
    headers = [(b"location", location.encode()), (b"content-length", b"0")]
    await send({"type": "http.response.start", "status": 303, "headers": headers + SECURITY_HEADERS})
    await send({"type": "http.response.body", "body": b""})
