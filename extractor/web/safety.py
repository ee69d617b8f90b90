"""What the web layer refuses: oversized bodies, unsafe file names, unknown file types.

Limits are constants here (Settings has no web fields). The body limit is an
ASGI middleware so it also holds for chunked uploads that send no length.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import InputError
from ..text.files import SUPPORTED_SUFFIXES

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 20
MAX_UPLOAD_BYTES = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024
MAX_BODY_BYTES = 256 * 1024
MAX_QUESTION_CHARS = 500
UPLOAD_PATH = "/api/ingest"

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
