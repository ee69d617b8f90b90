"""Every page on a phone: a 400 × 800 viewport in headless Chromium (fixtures of test_web_browser.py).

No page may scroll sideways, the upload button must be on screen, and deal names must not wrap
one or two characters per line. Each page leaves a ``phone-*.png`` screenshot in
``artifacts/screenshots/`` to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from tests.test_web_browser import TIMEOUT_MS, Watched, browser
from tests.web_fixtures import SEED_QUESTION, LiveServer, live_server

from .conftest import seed_path

pytestmark = pytest.mark.browser
__all__ = ["browser", "live_server"]  # fixtures used by name

from playwright.sync_api import Browser, FilePayload, Locator, Page, expect  # noqa: E402

WIDTH = 400
# Wider than this many characters of its own font, a cell holds a short Chinese name on one or two lines.
MIN_NAME_CHARS = 6

# Elements whose right edge is past the viewport: named in a failure, so the culprit is obvious.
_OVERFLOW_JS = """() => {
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width && r.right > innerWidth + 0.5) out.push(`${e.tagName}#${e.id}.${e.className} ${r.right}`);
  }
  return {scroll: document.documentElement.scrollWidth, inner: innerWidth, wide: out.slice(0, 8)};
}"""
_CHARS_JS = """e => {
  const s = getComputedStyle(e);
  const inner = e.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  return inner / parseFloat(s.fontSize);
}"""


@pytest.fixture
def phone(browser: Browser, live_server: LiveServer) -> Iterator[Watched]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": WIDTH, "height": 800},
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield Watched(context.new_page())
    context.close()


def assert_no_sideways_scroll(page: Page) -> None:
    got: dict[str, Any] = page.evaluate(_OVERFLOW_JS)
    assert got["inner"] == WIDTH, got  # a mobile browser zooms out to fit a page that is too wide
    assert got["scroll"] <= WIDTH, f"the page is {got['scroll']} px wide: {got['wide']}"


def assert_on_screen(locator: Locator) -> None:
    box = locator.bounding_box()
    assert box is not None, "not rendered"
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box


def chars_wide(locator: Locator) -> float:
    """How many characters of its own font fit on a line of the element (a Chinese character is 1 em)."""
    width: float = locator.evaluate(_CHARS_JS)
    return width


@pytest.mark.parametrize("width", [320, 560, 720, 721, 800, 1000])
def test_no_page_scrolls_sideways_at_other_widths(
    browser: Browser, live_server: LiveServer, width: int
) -> None:
    """Between a small phone and a desktop, on either side of the card layout's breakpoint."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    article = f"/articles/{quote(seed_path('004').name)}"
    for url, ready in (
        ("/", "#q"),
        ("/deals", "#deals td.project"),
        ("/articles", "#articles td"),
        (article, "mark"),
    ):
        page.goto(url)
        expect(page.locator(ready).first).to_be_visible()
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{url} is {scroll} px wide in a {width} px window"
        if url == "/deals":
            names = page.locator("#deals tbody td.project")
            narrowest = min(chars_wide(names.nth(i)) for i in range(min(names.count(), 20)))
            assert narrowest >= MIN_NAME_CHARS, (
                f"a deal name is {narrowest:.1f} characters wide at {width} px"
            )
    context.close()


def test_ask_page_with_an_answer_and_a_citation(phone: Watched) -> None:
    page = phone.page
    page.goto("/")
    assert_no_sideways_scroll(page)
    assert_on_screen(page.locator("#ask-button"))
    assert chars_wide(page.locator("#ask-button")) >= 2  # "提问" on one line
    page.fill("#q", SEED_QUESTION)
    page.click("#ask-button")
    expect(page.locator("#answer-text")).to_contain_text("200亿元")
    page.locator("#answer-text .marker").first.click()
    expect(page.locator("#cite-view mark")).to_be_visible()
    assert_no_sideways_scroll(page)
    for part in ("#answer", "#cite-view", "#cite-list"):
        assert_on_screen(page.locator(part))
    assert chars_wide(page.locator("#answer-text")) >= 12  # the answer reads as a paragraph
    phone.shot("phone-01-ask.png")
    phone.clean()


def test_deals_page_reads_as_cards(phone: Watched) -> None:
    page = phone.page
    page.goto("/deals")
    names = page.locator("#deals tbody td.project")
    expect(names.first).to_be_visible()
    assert_no_sideways_scroll(page)
    narrowest = min(chars_wide(names.nth(i)) for i in range(min(names.count(), 20)))
    assert narrowest >= MIN_NAME_CHARS, f"a deal name cell is {narrowest:.1f} characters wide"
    # each value says what it is, since the column headings are not beside it
    amount = page.locator("#deals tbody td.num").first
    assert amount.get_attribute("data-label") == "金额"
    # sorting still works from the headings
    sort = page.locator("th[data-sort=amount] button")
    assert_on_screen(sort)
    sort.click()
    expect(page.locator("th[data-sort=amount]")).to_have_attribute("aria-sort", "ascending")
    assert_on_screen(page.locator("#filters button[type=submit]"))
    assert_no_sideways_scroll(page)
    phone.shot("phone-02-deals.png", full_page=False)
    page.locator("#total").scroll_into_view_if_needed()
    assert_on_screen(page.locator("#total"))
    # the seeds fit on one page: the phone layout must not show the pager anyway
    expect(page.locator("#pager")).to_be_hidden()
    phone.shot("phone-03-deals-total.png", full_page=False)
    phone.clean()


def test_articles_page_upload_control_fits(phone: Watched) -> None:
    page = phone.page
    page.goto("/articles")
    expect(page.locator("#articles tbody tr").first).to_be_visible()
    assert_no_sideways_scroll(page)
    upload = page.locator("#upload-form button[type=submit]")
    assert_on_screen(upload)
    assert_on_screen(page.locator("#files"))
    # "上传并入库" on one line, not one character per line
    assert chars_wide(upload) >= 5, f"the upload button is {chars_wide(upload):.1f} characters wide"
    title = page.locator("#articles tbody td a").first
    assert chars_wide(title) >= MIN_NAME_CHARS
    phone.shot("phone-04-articles.png")
    phone.clean()


def test_upload_progress_fits(phone: Watched) -> None:
    page = phone.page
    page.goto("/articles")
    long_name = "一个名字很长很长的文件_" + "很长" * 20 + ".exe"
    article = "南湖园区签约储能电池项目,总投资8亿元。\n\n该项目由南湖储能公司投资建设。\n"
    page.set_input_files(
        "#files",
        files=[
            FilePayload(name="phone_upload.txt", mimeType="text/plain", buffer=article.encode()),
            FilePayload(name=long_name, mimeType="application/octet-stream", buffer=b"MZ"),
        ],
    )
    page.click("#upload-form button[type=submit]")
    expect(page.locator("#upload-step")).to_contain_text("完成", timeout=60_000)
    expect(page.locator("#upload-files li.failed")).to_contain_text("不支持的文件类型")
    assert_no_sideways_scroll(page)
    assert_on_screen(page.locator("#upload-bar"))
    assert_on_screen(page.locator("#upload-files li.failed .reason"))
    phone.shot("phone-05-upload.png", full_page=False)
    phone.clean()


def test_one_article_with_a_citation(phone: Watched) -> None:
    page = phone.page
    page.goto(f"/articles/{quote(seed_path('004').name)}")
    expect(page.locator("mark.ev").first).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_on_screen(page.locator("#remove-article"))
    assert_on_screen(page.locator(".records"))
    phone.shot("phone-06-article.png", full_page=False)
    # the link from a citation lands on the paragraph, still without sideways scrolling
    page.goto("/")
    page.fill("#q", SEED_QUESTION)
    page.click("#ask-button")
    page.locator("#answer-text .marker").first.click()
    page.locator("#cite-view a.open").click()
    page.wait_for_url(re.compile(r"#p\d+$"))
    expect(page.locator("mark.cite")).to_be_in_viewport()
    assert_no_sideways_scroll(page)
    phone.shot("phone-07-article-citation.png", full_page=False)
    phone.clean()
