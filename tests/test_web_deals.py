"""The web deals table at scale: server-side pages with the total count, sums and facets over the
whole view, and the dedupe option (one row per project, every report linked)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from extractor.deals import extract_pending
from extractor.ingest import ingest
from extractor.store import Store
from extractor.web.app import create_app
from tests.conftest import offline_settings

ARTICLES = {
    "a.txt": "新能源动态\n\n明月园区与长风新能源有限公司签约储能项目,总投资30亿元。\n\n"
    "星河园区与示例科技公司签约星河智能制造基地项目,总投资12亿元。\n",
    "b.txt": "长风来了\n\n近日,长风新能源有限公司与明月园区签约,总投资30亿元。\n\n"
    "2024年1月2日,明月光伏组件基地项目在江苏省南京市江宁区开工,总投资近3.26亿元。\n",
    "c.txt": "外资项目\n\n晨光园区与晨光国际有限公司签约晨光半导体基地项目,总投资5亿美元。\n",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    base = tmp_path_factory.mktemp("webdeals")
    (base / "in").mkdir()
    for name, text in ARTICLES.items():
        (base / "in" / name).write_text(text, encoding="utf-8")
    settings = offline_settings(base / "data")
    assert ingest([base / "in"], settings=settings).ok
    batch, _ = extract_pending(Store(settings), backend="rules", settings=settings)
    assert batch.ok, batch.failed
    with TestClient(create_app(settings)) as c:
        yield c


def _get(client: TestClient, **params: Any) -> dict[str, Any]:
    response = client.get("/api/deals", params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_pages_cover_the_view_once_with_the_total_count(client: TestClient) -> None:
    everything = _get(client, sort="amount", order="desc")
    assert everything["count"] == len(everything["deals"]) >= 5
    seen = []
    for offset in range(0, everything["count"], 2):
        page = _get(client, sort="amount", order="desc", limit=2, offset=offset)
        assert page["count"] == everything["count"] and len(page["deals"]) <= 2
        assert page["totals"] == everything["totals"]  # sums are over the view, not the page
        seen += [(d["source"], d["deal"]["evidence"][0]["start"]) for d in page["deals"]]
    assert seen == [(d["source"], d["deal"]["evidence"][0]["start"]) for d in everything["deals"]]
    assert _get(client, limit=2, offset=999)["deals"] == []


def test_totals_sum_each_currency_in_yi(client: TestClient) -> None:
    data = _get(client)
    sums = {a["currency"]: a for a in data["totals"]["amounts"]}
    cny = [d["amount_cny"] for d in data["deals"] if d["amount_cny"] is not None]
    assert sums["CNY"]["count"] == len(cny)
    assert sums["CNY"]["sum_yi"] == pytest.approx(sum(cny) / 1e8)
    assert sums["USD"]["sum_yi"] == pytest.approx(5)  # 5亿美元: 5亿 in dollars, not added to yuan
    assert data["totals"]["count"] == data["count"]


def test_facets_count_places_industries_and_stages(client: TestClient) -> None:
    data = _get(client)
    stages = dict(map(tuple, data["facets"]["stage"]))
    assert stages == {s: sum(d["stage"] == s for d in data["deals"]) for s in stages}
    assert sum(stages.values()) == data["count"]


def test_dedupe_joins_one_firms_reports(client: TestClient) -> None:
    plain = _get(client)["deals"]
    firm = [d for d in plain if d["deal"]["investors"] == ["长风新能源有限公司"] and not d["deal"]["project"]]
    assert len(firm) == 2
    deduped = _get(client, dedupe="true")
    assert deduped["count"] == len(plain) - 1
    (row,) = [d for d in deduped["deals"] if d["deal"]["investors"] == ["长风新能源有限公司"]]
    assert {r["source"] for r in row["reports"]} == {"a.txt", "b.txt"}
    assert all(r["href"].startswith("/articles/") for r in row["reports"])
    assert row["amount_cny"] == 3e9  # the report with the amount leads
    assert "；" in row["row"]["来源"]
    csv_lines = client.get("/api/deals", params={"dedupe": "true", "format": "csv"}).text.strip().splitlines()
    assert len(csv_lines) == 1 + deduped["count"]


def test_the_page_offers_dedupe_paging_and_a_total_row(client: TestClient) -> None:
    html = client.get("/deals").text
    assert 'name="dedupe"' in html and 'id="pager"' in html and 'id="total"' in html


def test_amounts_read_as_written(client: TestClient) -> None:
    rows = [d["row"]["金额"] for d in _get(client)["deals"]]
    assert "近3.26亿元" in rows and "约3.26亿元" not in rows
