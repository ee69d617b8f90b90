"""The JSON API under ``/api/``: what the pages call, and what scripts can call too."""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import export, qalog
from ..errors import InputError, NotFoundError
from ..filters import DealFilter
from ..qa import ask as run_ask
from ..schema import Aggregate, Answer, Article, Deal
from . import data
from .jobs import KEEP_JOBS, FileStatus
from .safety import MAX_FILE_BYTES, MAX_FILES, MAX_QUESTION_CHARS, BodyTooLargeError, inside, safe_upload_name
from .state import WebState, web_state

router = APIRouter(prefix="/api", tags=["api"])
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1, max_length=MAX_QUESTION_CHARS, examples=["光大人工智能产业基地总投资多少?"]
    )
    k: int = Field(8, ge=1, le=50, description="passages to retrieve")
    backend: Literal["rules", "llm"] | None = None


class Card(BaseModel):
    """A citation (or, when abstaining, a related paragraph) as the page shows it."""

    n: int
    source: str
    title: str | None
    published: str | None
    paragraph: int
    start: int
    end: int
    quote: str
    before: str = Field(description="the paragraph before the quote")
    after: str = Field(description="the paragraph after the quote")
    verified: bool = Field(description="the quote is still exactly in the stored article")
    href: str = Field(description="the article page at this paragraph, quote highlighted")
    article_href: str


class AskResponse(BaseModel):
    answer: Answer
    citations: list[Card]
    related: list[Card] = Field(description="when abstaining: nearby paragraphs, not citations")
    model: str | None = Field(None, description="the model that answered, when the llm backend did")


class ArticleResponse(BaseModel):
    article: Article
    backend: str
    deals: list[Deal]
    aggregates: list[Aggregate]
    href: str


class FileResponse(BaseModel):
    name: str
    state: str = Field(description="queued ingesting ingested unchanged extracting done failed")
    reason: str | None = Field(description="why it failed or was skipped, in Chinese for the page")
    kind: str | None = Field(
        None,
        description="why it failed, for scripts: empty binary unsupported too_large duplicate exists "
        "timeout extract_failed locked lost bad_name refused internal",
    )
    detail: str | None = Field(None, description="the underlying message, when there is one")
    seconds: float = Field(0.0, description="time spent on this file so far")
    slow: bool = Field(False, description="running longer than expected: this is the file holding the job")
    started: float | None = Field(None, description="when work on this file began (epoch seconds)")
    finished_at: float | None = Field(None, description="when this file was finished")
    deals: int
    aggregates: int


class JobResponse(BaseModel):
    id: str
    state: str = Field(description="queued running done failed")
    step: str
    error: str | None
    progress: float = Field(description="0..1")
    status_url: str
    files: list[FileResponse]
    created: float
    finished_at: float | None


@router.post("/ask", response_model=AskResponse)
def ask(body: AskRequest, request: Request) -> AskResponse:
    """Answer a question with citations; sources an upload is still writing are left out."""
    st = web_state(request)
    question = body.question.strip()
    if not question:
        raise InputError("问题不能为空 (empty question)")
    started = time.perf_counter()
    answer = run_ask(
        question, k=body.k, backend=body.backend, filters=st.visible_filter(), settings=st.settings
    )
    qalog.record(answer, settings=st.settings, seconds=time.perf_counter() - started, via="web")
    article_of = data.ArticleCache(st.store)
    return AskResponse(
        answer=answer,
        citations=[Card(**data.card(s, article_of, i)) for i, s in enumerate(answer.citations, 1)],
        related=[Card(**data.card(s, article_of, i)) for i, s in enumerate(answer.related, 1)],
        model=st.settings.llm_model if answer.backend == "llm" else None,
    )


class LogResponse(BaseModel):
    entries: list[qalog.LogEntry] = Field(description="newest first")


@router.get("/log", response_model=LogResponse)
def question_log(
    request: Request, limit: Annotated[int, Query(ge=1, le=1000, description="how many, newest first")] = 20
) -> LogResponse:
    """The questions asked of this store (page and CLI), newest first: what `dealqa log` prints."""
    st = web_state(request)
    return LogResponse(entries=qalog.read(st.settings, limit=limit))


@router.get("/deals", response_model=None)
def deals(
    request: Request,
    place: str | None = None,
    industry: str | None = None,
    stage: Literal["intent", "signed", "landed", "started", "operating", "other", ""] | None = None,
    investor: str | None = None,
    min_yi: Annotated[float | None, Query(ge=0, description="amount at least, 亿元")] = None,
    max_yi: Annotated[float | None, Query(ge=0, description="amount at most, 亿元")] = None,
    date_from: Annotated[
        str | None, Query(pattern=ISO_DATE, description="a deal without a date goes by its article's")
    ] = None,
    date_to: Annotated[str | None, Query(pattern=ISO_DATE)] = None,
    source: str | None = None,
    dedupe: Annotated[bool, Query(description="one row per project told by several articles")] = False,
    sort: data.SortKey = "source",
    order: Literal["asc", "desc"] = "asc",
    limit: Annotated[int | None, Query(ge=1, le=1000, description="rows per page (json)")] = None,
    offset: Annotated[int, Query(ge=0, description="rows to skip (json)")] = 0,
    format: Literal["json", "csv", "xlsx"] = "json",
) -> dict[str, Any] | Response:
    """Stored deals, filtered and sorted, a page at a time with the total count and sums;
    ``format=csv|xlsx`` downloads the whole view (``extractor.export``, as the CLI writes it)."""
    st = web_state(request)
    flt = DealFilter.of(
        place=place, industry=industry, stage=stage, investor=investor, min_yi=min_yi, max_yi=max_yi,
        date_from=date_from, date_to=date_to, source=source,
    )  # fmt: skip
    q = data.TableQuery(flt, sort=sort, order=order, dedupe=dedupe)
    groups = data.find_deals(st.store, q, st.hidden())
    if format == "csv":
        body = export.to_csv(export.deal_rows(groups)).encode("utf-8")
        return Response(body, media_type="text/csv; charset=utf-8", headers=_attachment("csv"))
    if format == "xlsx":
        aggs = export.aggregate_rows(data.find_aggregates(st.store, flt, st.hidden()))
        xlsx = export.to_xlsx([("项目", export.deal_rows(groups)), ("汇总", aggs)])
        return Response(xlsx, media_type=export.XLSX_MEDIA, headers=_attachment("xlsx"))
    titles = data.titles(st.store)
    page = groups[offset : offset + limit if limit else None]
    return {
        "count": len(groups),
        "offset": offset,
        "limit": limit,
        "totals": export.totals(groups),
        "facets": data.facets(groups),
        "deals": [data.deal_item(g, titles) for g in page],
    }


def _attachment(ext: str, name: str = "deals") -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}.{ext}"'}


@router.get("/aggregates", response_model=None)
def aggregates(
    request: Request,
    source: str | None = None,
    format: Literal["json", "csv"] = "json",
) -> dict[str, Any] | Response:
    """Reported totals (范围, 项目数, 金额, 口径, 阶段) with a link to each one's paragraph;
    ``format=csv`` downloads them as the export's aggregates sheet."""
    st = web_state(request)
    found = data.find_aggregates(st.store, DealFilter.of(source=source), st.hidden())
    if format == "csv":
        body = export.to_csv(export.aggregate_rows(found)).encode("utf-8")
        return Response(body, media_type="text/csv; charset=utf-8", headers=_attachment("csv", "aggregates"))
    titles = data.titles(st.store)
    return {"count": len(found), "aggregates": [data.aggregate_item(a, titles) for a in found]}


@router.get("/articles")
def articles(request: Request) -> dict[str, Any]:
    """Every ingested article with its extraction status."""
    st = web_state(request)
    rows = data.article_list(st.store, st.hidden())
    return {"count": len(rows), "articles": rows}


@router.get("/articles/{source}", response_model=ArticleResponse)
def article(source: str, request: Request) -> ArticleResponse:
    """One article as ingested, with its stored deals and aggregates."""
    st = web_state(request)
    if source in st.hidden():
        raise NotFoundError(f"{source} 正在入库，请稍后再看 (still being ingested)")
    found = st.store.get_article(source)
    extraction = data.extraction_of(st.store, found)
    return ArticleResponse(
        article=found,
        backend=extraction.backend,
        deals=extraction.deals,
        aggregates=extraction.aggregates,
        href=data.article_href(source),
    )


_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                }
            }
        },
    }
}


@router.post("/ingest", status_code=202, response_model=JobResponse, openapi_extra=_UPLOAD_BODY)
async def upload(request: Request) -> JSONResponse:
    """Upload articles (multipart ``files``); they are ingested and extracted in the background.

    Each file is checked here (name, type, size); a refused file is reported in the job
    with its reason (Chinese) and ``kind`` (a code for scripts), and the others still go in.
    A stored article is replaced by a different file of the same name only with the form
    field ``replace=true``. Poll ``status_url`` for progress.
    """
    st = web_state(request)
    try:
        async with request.form(max_files=MAX_FILES, max_fields=20) as form:
            uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
            if not uploads:
                raise InputError("没有收到文件：请用 multipart/form-data 的 files 字段上传")
            replace = str(form.get("replace") or "").lower() in ("true", "1", "on", "yes")
            return await _accept(st, uploads, replace=replace)
    except BodyTooLargeError as exc:
        raise HTTPException(413, str(exc)) from exc
    except StarletteHTTPException as exc:  # the form parser's refusals are English
        if exc.status_code == 400 and "Too many files" in str(exc.detail):
            raise InputError(f"一次最多上传 {MAX_FILES} 个文件 (too many files)") from exc
        if exc.status_code == 400:
            raise InputError(f"上传的表单无法解析：{exc.detail}") from exc
        raise


def _too_large() -> str:
    return f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 上限"


async def _accept(st: WebState, uploads: list[UploadFile], *, replace: bool) -> JSONResponse:
    statuses: list[FileStatus] = []
    accepted: dict[str, UploadFile] = {}
    for up in uploads:
        raw = (up.filename or "")[:200]
        try:
            name = safe_upload_name(up.filename)
            if name in accepted:
                raise InputError("同一批上传中有同名文件")
            if up.size is not None and up.size > MAX_FILE_BYTES:
                raise InputError(_too_large())
        except InputError as exc:
            refused = FileStatus(raw or "（无文件名）")
            refused.fail(str(exc), _kind_of(str(exc)))
            statuses.append(refused)
            continue
        accepted[name] = up
        statuses.append(FileStatus(name))
    job, folder = st.jobs.new_job(statuses, replace=replace)
    paths = {}
    for name, up in accepted.items():
        content = await up.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:  # no size from the client: counted here, never written
            st.jobs.fail_file(job, name, _too_large(), "too_large")
            continue
        if not content.strip():
            st.jobs.fail_file(job, name, "文件是空的（没有正文）", "empty")
            continue
        target = inside(folder, name)
        await run_in_threadpool(target.write_bytes, content)
        paths[name] = target
    st.jobs.start(job, paths)
    return JSONResponse(st.jobs.snapshot(job), status_code=202)


def _kind_of(message: str) -> str:
    for needle, kind in (("同名", "duplicate"), ("上限", "too_large"), ("类型", "unsupported")):
        if needle in message:
            return kind
    return "bad_name"


@router.get("/ingest/{job_id}", response_model=JobResponse)
def job_status(job_id: str, request: Request) -> dict[str, Any]:
    """Progress of an upload: each file's state and reason, and the job's."""
    st = web_state(request)
    job = st.jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"没有这个上传任务 {job_id}（只保留最近 {KEEP_JOBS} 个任务的记录）")
    return st.jobs.snapshot(job)
