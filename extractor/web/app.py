"""``create_app``: the staff web page (ask, deals, articles) and its JSON API over one data directory.

Errors are translated here, at the boundary: a ``DealqaError`` becomes a 4xx/5xx
with its message (JSON under ``/api/``, a page elsewhere); anything unexpected
is logged and answered with a 500 that carries no traceback.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..config import Settings, get_settings
from ..errors import (
    BackendError,
    BudgetExceededError,
    ConfigError,
    DealqaError,
    EmbedderMismatchError,
    InputError,
    LLMError,
    NotFoundError,
    StoreError,
    StoreLockedError,
)
from ..store import Store, generation
from . import api, library, pages, views
from .jobs import Jobs
from .safety import GuardMiddleware, SiteGuard
from .state import WebState

log = logging.getLogger(__name__)

# Asked, and not logged, before the server says it is ready: one question per route, so the
# store's client, its BM25 index, the taggers and the deals cache are loaded by then.
WARM_QUESTIONS = ("光大人工智能产业基地总投资多少?", "哪些项目投资额超过100亿元?")

# Most specific first: the first match decides the status.
STATUS: list[tuple[type[DealqaError], int]] = [
    (NotFoundError, 404),
    (InputError, 400),
    (ConfigError, 400),
    (StoreLockedError, 409),
    (EmbedderMismatchError, 500),
    (StoreError, 503),
    (BudgetExceededError, 429),
    (LLMError, 502),
    (BackendError, 502),
]


_YOUNG_COLLECTION = 50_000  # allocations between collections of the youngest generation (Python's: 700)


def warm(settings: Settings) -> float:
    """Answer the warm-up questions once, so the first question on the page does not pay for loading
    what every answer needs; seconds taken. A store that cannot answer yet (empty, locked) is no
    reason not to start: the page says so on the first question instead."""
    from ..qa import ask, prepare

    began = time.perf_counter()
    try:
        for question in WARM_QUESTIONS:
            ask(question, settings=settings, backend="rules")
        prepare(settings, serving=True)  # the record index, place tables and whole dictionary
    except DealqaError as e:
        log.warning("warming up: %s", e)
    # What warming loaded (jieba's dictionary, the indexes: millions of objects) is moved out of the
    # collector's sight, so a full collection no longer walks it in the middle of some question
    # (0.1-0.3 s pauses at 20k articles). New garbage is still collected; once the store changes
    # (an upload finished, another process wrote), the indexes are replaced and it is unfrozen, so
    # the old ones can be collected (a server that is written to pays the pauses again).
    gc.collect()
    gc.freeze()
    # A question allocates sets and lists of record numbers (tens of thousands of entries at 100k
    # articles); every young-generation collection walks whichever of them are young, and at the
    # default 700 allocations that was a tenth to a third of a deal question's time. Collect
    # young objects after 50,000 allocations instead (cyclic garbage waits a little longer).
    gc.set_threshold(_YOUNG_COLLECTION, *gc.get_threshold()[1:])
    return time.perf_counter() - began


def create_app(settings: Settings | None = None, *, warm_up: bool = False) -> FastAPI:
    """The web app over ``settings.data_dir`` (or its Chroma server); serve it with uvicorn.

    ``warm_up``: answer a throwaway question per route at start-up, before the server reports
    ready (``dealqa serve``), so the first real question answers at warm speed."""
    settings = settings or get_settings()
    if not (views.STATIC / "app.css").is_file():
        raise ConfigError(
            f"the web page's files are missing from {views.STATIC}: reinstall dealqa with its package data "
            "(pip install -e . from the repository)"
        )
    store = Store(settings)
    store.generation()  # opens the client once, before request threads share the store
    generation.baseline(store)
    jobs = Jobs(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            log.info("warmed up in %.1f s", warm(settings))
        jobs.resume()  # uploads a stopped server left unfinished
        yield
        jobs.close()

    app = FastAPI(
        title="dealqa",
        summary="招商引资新闻：带引用的问答、项目表、文章入库",
        version="1",
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = WebState(settings=settings, store=store, jobs=jobs)
    app.add_middleware(GuardMiddleware)
    app.add_middleware(SiteGuard, settings=settings)  # added last: it runs first
    app.mount("/static", StaticFiles(directory=views.STATIC), name="static")
    app.include_router(api.router)
    app.include_router(library.router)
    app.include_router(pages.router)
    _add_handlers(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", "")


def _error(request: Request, status: int, message: str, kind: str, **extra: Any) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": message, "type": kind, **extra}, status_code=status)
    return HTMLResponse(views.error_page(status, message), status_code=status)


def _add_handlers(app: FastAPI) -> None:
    @app.exception_handler(DealqaError)
    async def dealqa_error(request: Request, exc: DealqaError) -> Response:
        status = next((code for cls, code in STATUS if isinstance(exc, cls)), 500)
        if status >= 500:
            log.error("%s on %s %s: %s", type(exc).__name__, request.method, request.url.path, exc)
        return _error(request, status, str(exc), type(exc).__name__)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = {404: "没有这个页面 (not found)", 405: "不支持这个请求方法 (method not allowed)"}.get(
            exc.status_code, str(exc.detail)
        )
        response = _error(request, exc.status_code, message, "HTTPError")
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors()]
        detail = "; ".join(f"{'.'.join(map(str, e['loc'] or ()))}: {e['msg']}" for e in errors)
        return _error(
            request, 422, f"请求参数无效：{detail}", "ValidationError", detail=jsonable_encoder(errors)
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # The server logs the traceback; the client gets none.
        log.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return _error(request, 500, "服务器内部错误，请查看服务日志 (internal error)", "InternalError")
