"""The HTML pages: ask, deals, articles, one article. Scripts fill them from the JSON API."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from ..errors import NotFoundError
from . import data, views
from .state import web_state

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
_RANGE = re.compile(r"^(\d{1,9})-(\d{1,9})$")


@router.get("/")
def ask_page() -> str:
    return views.ask_page()


@router.get("/deals")
def deals_page() -> str:
    return views.deals_page()


@router.get("/articles")
def articles_page() -> str:
    return views.articles_page()


@router.get("/articles/{source}")
def article_page(source: str, request: Request, hl: str | None = None) -> str:
    """The article with paragraph numbers and every extracted span; ``hl=start-end`` marks a citation."""
    st = web_state(request)
    if source in st.hidden():
        raise NotFoundError(f"{source} 正在入库，请稍后刷新 (still being ingested)")
    article = st.store.get_article(source)
    focus = None
    if hl and (m := _RANGE.match(hl)) and int(m[1]) < int(m[2]) <= len(article.text):
        focus = (int(m[1]), int(m[2]))
    return views.article_page(article, data.extraction_of(st.store, article), focus)
