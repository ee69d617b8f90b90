"""The deals page's aggregates tab (reported totals over many projects, ``/api/aggregates``) and
the facet counts beside its filters: the API on the seeds, then the page in Chromium at desktop
and phone widths (fixtures of test_web_browser.py and test_web_phone.py)."""

from __future__ import annotations

import csv as csv_module
import io
import re
from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import expect

from extractor.config import Settings
from extractor.deals import query_aggregates
from extractor.schema import MEASURE_LABELS, STAGE_LABELS
from extractor.store import Store
from tests.test_web_browser import Watched, browser, watched
from tests.test_web_phone import WIDTH, assert_no_sideways_scroll, assert_on_screen, phone
from tests.web_fixtures import client, live_server, web_settings

__all__ = ["browser", "client", "live_server", "phone", "watched", "web_settings"]  # fixtures used by name


def _aggregates(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/aggregates", params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_the_endpoint_returns_the_stored_aggregates_with_labels(
    client: TestClient, web_settings: Settings
) -> None:
    data = _aggregates(client)
    stored = query_aggregates(Store(web_settings))
    assert data["count"] == len(data["aggregates"]) == len(stored) > 0
    got = {(a["source"], a["aggregate"]["evidence"][0]["start"]) for a in data["aggregates"]}
    assert got == {(a.evidence[0].source, a.evidence[0].start) for a in stored}
    for item in data["aggregates"]:
        row, agg = item["row"], item["aggregate"]
        assert row["口径"] == MEASURE_LABELS[agg["measure"]] and row["阶段"] == STAGE_LABELS[agg["stage"]]
        assert row["来源"].startswith(item["source"]) and str(item["paragraph"]) in row["来源"]
        assert item["href"].startswith("/articles/") and item["href"].endswith(f"#p{item['paragraph']}")
        if agg["amount"] and agg["amount"]["cny"] is not None:
            assert item["amount_yi"] == pytest.approx(agg["amount"]["cny"] / 1e8)
    # a stored total with a count and a sum: shown as the article writes it, linked to its paragraph
    target = next(a for a in stored if a.count and a.amount and a.amount.cny)
    assert target.amount is not None and target.amount.cny is not None
    (item,) = [
        a
        for a in data["aggregates"]
        if a["quote"] == target.evidence[0].quote and a["aggregate"]["count"] == target.count
    ]
    assert item["row"]["项目数"] == str(target.count)
    assert item["amount_yi"] == pytest.approx(target.amount.cny / 1e8)
    assert target.amount.text in item["row"]["金额"]
    assert item["quote"] in client.get(item["href"]).text


def test_the_endpoint_filters_by_source_and_exports_csv(client: TestClient) -> None:
    everything = _aggregates(client)
    one = everything["aggregates"][0]["source"]
    only = _aggregates(client, source=one)
    assert 0 < only["count"] <= everything["count"] and {a["source"] for a in only["aggregates"]} == {one}
    assert _aggregates(client, source="no-such-article.txt")["count"] == 0
    csv = client.get("/api/aggregates", params={"format": "csv"})
    assert csv.status_code == 200 and csv.text.startswith("\ufeff")
    # a quoted evidence cell may hold a line break: read it as CSV, not as lines
    rows = list(csv_module.reader(io.StringIO(csv.text.removeprefix("\ufeff"))))
    assert "口径" in rows[0] and len(rows) == 1 + everything["count"]


def test_deals_report_facet_counts_for_the_filters(client: TestClient) -> None:
    data = client.get("/api/deals").json()
    places = dict(map(tuple, data["facets"]["place"]))
    located = Counter(d["deal"]["location"]["text"] for d in data["deals"] if d["deal"]["location"])
    assert places and places == dict(located)  # every place of the view, each with its count


@pytest.mark.browser
def test_the_aggregates_tab_shows_rows_with_links(watched: Watched) -> None:
    page = watched.page
    page.goto("/deals")
    expect(page.locator("#deals tbody tr").first).to_be_visible()
    expect(page.locator("#panel-aggregates")).to_be_hidden()
    # facet counts beside the filters: place and industry buttons, stage options
    expect(page.locator("#facets [data-facet=place] button").first).to_have_text(re.compile(r"^.+ \(\d+\)$"))
    expect(page.locator("select[name=stage] option[value=signed]")).to_have_text(
        re.compile(r"^签约 \(\d+\)$")
    )
    first_place = page.locator("#facets [data-facet=place] button").first
    n = int(re.findall(r"\((\d+)\)$", first_place.inner_text())[0])
    first_place.click()
    expect(page.locator("#count")).to_have_text(f"共 {n} 个项目")

    page.click("#tab-aggregates")
    expect(page.locator("#panel-deals")).to_be_hidden()
    rows = page.locator("#aggregates tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator("#agg-count")).to_have_text(re.compile(r"^共 \d+ 条汇总数据$"))
    row = page.locator("#aggregates tbody tr", has_text="605.6亿元")
    expect(row.locator("td[data-label=项目数]")).to_have_text("39")
    expect(row.locator("td[data-label=亿元]")).to_have_text("605.6")
    assert "#aggregates" in page.url
    watched.shot("08-deals-aggregates.png")
    row.locator("td.source a").click()
    page.wait_for_url(re.compile(r"#p\d+$"))
    expect(page.locator("mark.cite")).to_contain_text("605.6亿元")
    watched.clean()


@pytest.mark.browser
def test_the_aggregates_tab_reads_as_cards_on_a_phone(phone: Watched) -> None:
    page = phone.page
    page.goto("/deals#aggregates")  # the tab is kept in the address
    rows = page.locator("#aggregates tbody tr")
    expect(rows.first).to_be_visible()
    assert_no_sideways_scroll(page)
    assert_on_screen(rows.first)
    assert page.locator("#aggregates thead").is_hidden()  # the labels stand beside each value instead
    label = page.locator("#aggregates tbody td[data-label=金额]").first
    before = label.evaluate("e => getComputedStyle(e, '::before').content")
    assert before == '"金额"', before
    box = rows.first.bounding_box()
    assert box is not None and box["width"] <= WIDTH
    phone.shot("phone-06-aggregates.png", full_page=False)
    phone.clean()
