"""Filters that never silently drop: an undated deal goes by its article's date (and says so), and a
bad filter value is refused with the accepted forms (exit 2 on the command line)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from extractor.deals import query_dated_deals
from extractor.errors import InputError
from extractor.filters import DatedDeal, DealFilter, parse_date
from extractor.schema import Deal, DealDate, DealQuery, Span
from extractor.store import Store
from extractor.web.app import create_app
from tests.conftest import cli, cli_store, offline_settings

ARTICLES = {
    # published 2021-03-15; 星河 has no date of its own, 明月 has one (2019)
    "dated.txt": "星河园区签约智能制造基地\n\n发布时间：2021-03-15 来源：星河日报\n\n"
    "星河园区与示例科技公司签约星河智能制造基地项目,总投资12亿元。\n\n"
    "2019年5月6日,明月光伏组件基地项目在江苏省南京市江宁区开工,总投资30亿元。\n",
    # no publication date and no date of its own: no date filter can keep it
    "undated.txt": "园区动态\n\n长风园区与长风新能源有限公司签约长风储能电池基地项目,总投资80亿元。\n",
}


def flat(text: str) -> str:
    return re.sub(r"[\s│]+", "", text)  # rich boxes and wraps the message


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cli_store(tmp_path_factory.mktemp("dates"), ARTICLES)


def projects(data_dir: Path, *args: str) -> dict[str, dict[str, Any]]:
    result = cli(data_dir, "deals", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return {r["project"]: r for r in json.loads(result.stdout)}


# --------------------------------------------------------------------------- the article's date


def test_an_undated_deal_goes_by_its_article_date(data_dir: Path) -> None:
    everything = projects(data_dir)
    assert set(everything) == {"星河智能制造基地项目", "明月光伏组件基地项目", "长风储能电池基地项目"}
    since = projects(data_dir, "--from", "2021-01-01")
    assert set(since) == {"星河智能制造基地项目"}  # 明月 is dated 2019 by its own sentence
    assert since["星河智能制造基地项目"]["date"] == "2021-03-15"
    assert since["星河智能制造基地项目"]["date_source"] == "article"
    before = projects(data_dir, "--to", "2020-12-31")
    assert set(before) == {"明月光伏组件基地项目"}
    assert before["明月光伏组件基地项目"]["date"] == "2019-05-06"
    assert before["明月光伏组件基地项目"]["date_source"] == "deal"
    assert everything["长风储能电池基地项目"]["date"] is None


def test_the_table_and_csv_say_which_date_they_show(data_dir: Path) -> None:
    table = cli(data_dir, "deals", "--from", "2021")
    assert table.exit_code == 0, table.output
    assert "2021-03-15（文章发布）" in flat(table.stdout)
    csv_text = cli(data_dir, "deals", "--format", "csv", "--from", "2021-03").stdout
    header, row = csv_text.removeprefix("\ufeff").splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=False))
    assert cells["日期"] == "2021-03-15" and cells["日期来源"] == "文章发布"


def test_the_store_query_and_matches_agree_with_the_article_date(data_dir: Path) -> None:
    store = Store(offline_settings(data_dir))
    found = query_dated_deals(store)
    flt = DealFilter(date_from="2021-01-01")
    kept = query_dated_deals(store, flt)
    in_memory = {d.deal.project for d in found if flt.matches(d.deal, published=d.published)}
    assert {d.deal.project for d in kept} == in_memory
    assert {d.deal.project for d in kept} == {"星河智能制造基地项目"}
    (xinghe,) = kept
    assert not flt.matches(xinghe.deal)  # without its article's date it has none


def test_the_web_filters_by_the_article_date_too(data_dir: Path) -> None:
    with TestClient(create_app(offline_settings(data_dir))) as client:
        response = client.get("/api/deals", params={"date_from": "2021-01-01"})
    assert response.status_code == 200, response.text
    items = response.json()["deals"]
    assert [(i["deal"]["project"], i["date"], i["date_source"]) for i in items] == [
        ("星河智能制造基地项目", "2021-03-15", "article")
    ]
    assert items[0]["row"]["日期"] == "2021-03-15（文章发布）"


def test_a_dated_deal(data_dir: Path) -> None:
    quote = "2019年5月6日签约"
    span = Span(source="x.txt", paragraph=1, start=0, end=len(quote), quote=quote)
    own = Deal(date=DealDate(text="2019年5月6日", value="2019-05-06"), evidence=[span])
    assert DatedDeal(own, "2021-03-15").date() == ("2019-05-06", "deal")
    unresolved = Deal(date=DealDate(text="7月28日"), evidence=[span])
    assert DatedDeal(unresolved, "2021-03-15").date() == ("2021-03-15", "article")
    assert DatedDeal(unresolved).date() == (None, None)


# --------------------------------------------------------------------------- bad values


@pytest.mark.parametrize(
    ("typed", "iso"),
    [("2023-07-28", "2023-07-28"), ("2023/7/8", "2023-07-08"), ("2023.07", "2023-07"), ("2023", "2023")],
)
def test_dates_people_type(typed: str, iso: str) -> None:
    assert parse_date(typed) == iso


@pytest.mark.parametrize("bad", ["2021/13/01", "2021-02-30", "yesterday", "2021-1-1x", "21-01-01", ""])
def test_impossible_dates_are_refused_with_the_accepted_forms(bad: str) -> None:
    with pytest.raises(InputError, match="2023-07-28, 2023-07 or 2023"):
        parse_date(bad)
    if bad:
        with pytest.raises(InputError):
            DealFilter(date_from=bad)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--from", "2021/13/01"), "2023-07-28,2023-07or2023"),
        (("--to", "2021-02-30"), "2023-07-28,2023-07or2023"),
        (("--stage", "done"), "signed(签约)"),
        (("--min-yi", "-1"), "--min-yi"),
        (("--max-yi", "-0.5"), "--max-yi"),
        (("--min-yi", "10", "--max-yi", "5"), "above"),
        (("--from", "2022-01-01", "--to", "2021-01-01"), "after"),
    ],
)
def test_a_bad_filter_exits_2_saying_what_is_accepted(
    data_dir: Path, args: tuple[str, ...], says: str
) -> None:
    result = cli(data_dir, "deals", *args)
    assert result.exit_code == 2, result.output
    assert says in flat(result.output)
    assert "Traceback" not in result.output


def test_stage_labels_are_accepted(data_dir: Path) -> None:
    assert set(projects(data_dir, "--stage", "开工")) == {"明月光伏组件基地项目"}
    assert set(projects(data_dir, "--stage", "started")) == {"明月光伏组件基地项目"}


def test_a_model_query_with_an_impossible_value_bounds_nothing() -> None:
    flt = DealFilter.from_query(DealQuery(min_cny=-5.0, date_from="2021-13-01", date_to="2022-06"))
    assert flt.min_cny is None and flt.date_from is None and flt.date_to == "2022-06"
