"""Removing an article from its page, in headless Chromium (the fixtures of test_web_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.test_web_browser import TIMEOUT_MS, Watched, browser
from tests.web_fixtures import SEED_QUESTION, LiveServer, seeded

from .conftest import seed_path

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # fixture used by name

from playwright.sync_api import Browser, Dialog, expect  # noqa: E402

S004 = seed_path("004").name


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Its own store: these tests remove articles."""
    with LiveServer(seeded(tmp_path_factory.mktemp("library") / "data")) as live:
        yield live


@pytest.fixture
def watched(browser: Browser, server: LiveServer) -> Iterator[Watched]:
    context = browser.new_context(
        base_url=server.url, viewport={"width": 1280, "height": 860}, locale="zh-CN"
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield Watched(context.new_page())
    context.close()


def _answer(watched: Watched) -> str:
    response = watched.page.request.post(
        "/api/ask", data={"question": SEED_QUESTION}, headers={"X-Dealqa": "1"}
    )
    assert response.ok, response.text()
    answer: str = response.json()["answer"]["answer"]
    return answer


def test_the_remove_button_asks_first_and_then_removes_the_article(watched: Watched) -> None:
    page = watched.page
    page.goto(f"/articles/{quote(S004)}")
    button = page.locator("#remove-article")
    expect(button).to_have_text("删除这篇文章")
    assert "200亿元" in _answer(watched)

    # Cancelling the confirmation keeps everything (Watched dismisses every dialog and records it).
    button.click()
    expect(page.locator("#remove-status")).to_have_text("")
    assert len(watched.dialogs) == 1 and S004 in watched.dialogs[0] and "无法恢复" in watched.dialogs[0]
    assert page.request.get(f"/api/articles/{quote(S004)}").ok
    watched.shot("library-01-article-with-remove.png", full_page=False)

    confirmed: list[str] = []

    def accept(dialog: Dialog) -> None:
        confirmed.append(dialog.message)
        dialog.accept()

    page.remove_listener("dialog", watched._dialog)
    page.on("dialog", accept)
    button.click()
    page.wait_for_url(re.compile(r"/articles$"))
    assert len(confirmed) == 1
    expect(page.locator("body")).not_to_contain_text(S004)
    watched.shot("library-02-after-remove.png", full_page=False)
    assert page.request.get(f"/api/articles/{quote(S004)}").status == 404
    assert "200亿元" not in _answer(watched)
    deals = page.request.get("/api/deals").json()["deals"]
    assert deals and all(d["source"] != S004 for d in deals)
    assert watched.errors == []


def test_a_failed_removal_says_why_on_the_page(watched: Watched) -> None:
    page = watched.page
    source = seed_path("003").name
    page.goto(f"/articles/{quote(source)}")
    # someone else removed it meanwhile: the page says so and keeps the button usable
    assert page.request.delete(f"/api/articles/{quote(source)}", headers={"X-Dealqa": "1"}).ok
    page.remove_listener("dialog", watched._dialog)
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("#remove-article").click()
    expect(page.locator("#remove-status")).to_contain_text("删除失败")
    expect(page.locator("#remove-status")).to_contain_text(source)
    expect(page.locator("#remove-article")).to_be_enabled()
    assert re.search(r"/articles/003_", page.url)
