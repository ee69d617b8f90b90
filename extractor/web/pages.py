"""The HTML pages: ask, deals, articles, one article, login. Scripts fill them from the JSON API."""

from __future__ import annotations

import hmac
import re
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ..errors import NotFoundError
from . import data, views
from .safety import LOGIN_PATH, TOKEN_COOKIE
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
    try:
        article = st.store.get_article(source)
    except NotFoundError:
        raise NotFoundError(
            f"没有这篇文章：{source}。它可能已被删除，或链接有误；请到“文章”页查看全部文章。"
        ) from None
    focus = None
    if hl and (m := _RANGE.match(hl)) and int(m[1]) < int(m[2]) <= len(article.text):
        focus = (int(m[1]), int(m[2]))
    return views.article_page(article, data.extraction_of(st.store, article), focus)


def _login_form(error: str = "") -> str:
    note = f"<p class='error' role='alert'>{escape(error)}</p>" if error else ""
    body = f"""
<h1>登录</h1>{note}
<form method="post" action="{LOGIN_PATH}" class="askbox">
  <label for="token" class="sr">访问口令</label>
  <input id="token" name="token" type="password" required autocomplete="current-password"
    placeholder="访问口令（DEALQA_WEB_TOKEN）">
  <button type="submit">登录</button>
</form>"""
    return views.page("登录", body, active="")


@router.get(LOGIN_PATH)
def login_page() -> str:
    return _login_form()


@router.post(LOGIN_PATH, response_model=None)
async def login(request: Request) -> Response:
    """Check the token and keep it in a cookie that other sites' requests never carry (SameSite=Strict)."""
    settings = web_state(request).settings
    async with request.form(max_files=0, max_fields=2) as form:
        offered = str(form.get("token") or "")
    token = settings.web_token
    if token and not hmac.compare_digest(offered.encode(), token.encode()):
        return HTMLResponse(_login_form("口令不对，请重新输入。"), status_code=401)
    response = RedirectResponse("/", status_code=303)
    if token:
        secure = request.url.scheme == "https"
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=secure)
    return response
