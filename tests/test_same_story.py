"""The same story from two outlets: each project listed, counted and summed once, citing both reports.

Two reports of one signing ceremony, worded differently, by different outlets and bylines, go
through the real pipeline (ingest, rules extraction, Chroma) and are read three ways: the
``deals --dedupe`` table, a list answer and a sum answer.
"""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from extractor import ask, get_article, ingest
from extractor.cli import app
from extractor.config import Settings

from .fixtures_store import store_settings

DAILY = """桐岑县举行2024年第二季度重大项目集中签约仪式

来源：桐岑日报  记者 周明远

6月18日上午，桐岑县2024年第二季度重大项目集中签约仪式在县行政中心举行，3个项目现场签约，涵盖新材料、新能源和生物医药等领域。

其中，澜岳光电产业园项目总投资32亿元，将建设12条显示模组生产线；星禾储能电池生产基地项目总投资18亿元，达产后年产储能电池10GWh；青松生物可降解材料项目总投资6.5亿元，主要生产可降解包装材料。

县委书记表示，将全力做好项目服务保障，推动签约项目早开工、早投产。
"""

WIRE = """三个重大项目落户桐岑

发布单位：江屿新闻网  通讯员 林晓

本网讯 18日，桐岑县集中签下一批重大项目。在当天举行的二季度集中签约活动上，共有3个项目签约。

澜岳光电产业园项目投资32亿元，青松生物可降解材料项目投资6.5亿元，星禾储能电池生产基地项目投资18亿元。三个项目分属新材料、新能源、生物医药行业。

据介绍，这批项目投产后预计年产值超过80亿元。
"""

# The three projects both reports name, with their amounts in 亿元.
PROJECTS = {"澜岳光电产业园": 32.0, "星禾储能电池生产基地": 18.0, "青松生物可降解材料": 6.5}
REPORTS = {"tongcen_daily.txt", "jiangyu_wire.txt"}


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("outlets")
    (folder / "tongcen_daily.txt").write_text(DAILY, encoding="utf-8")
    (folder / "jiangyu_wire.txt").write_text(WIRE, encoding="utf-8")
    settings = store_settings(folder.parent / f"{folder.name}-data")
    report = ingest([folder], settings=settings)  # ingests, then extracts with the rules backend
    assert report.ok and report.ingested == 2 and not report.duplicates, report  # another text: stored
    return settings


def _project_of(text: str) -> str:
    (name,) = [p for p in PROJECTS if p in text]
    return name


def test_deals_dedupe_lists_each_project_once_with_both_reports(two_reports: Settings) -> None:
    runner = CliRunner()
    base = ["--data-dir", str(two_reports.data_dir)]
    plain = runner.invoke(app, [*base, "deals", "--format", "json"])
    assert plain.exit_code == 0, plain.output
    assert len(json.loads(plain.stdout)) == 6  # without --dedupe: every report's record

    result = runner.invoke(app, [*base, "deals", "--dedupe", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    by_project = {_project_of(r["project"]): r for r in rows}
    assert len(rows) == len(by_project) == 3
    for name, yi in PROJECTS.items():
        row = by_project[name]
        assert row["amount_yi"] == yi
        assert {ref.split("#")[0] for ref in row["sources"]} == REPORTS


def test_a_list_answer_names_each_project_once_citing_both_reports(two_reports: Settings) -> None:
    answer = ask("哪些项目投资额超过5亿元?", settings=two_reports)
    assert answer.route == "deals"
    assert answer.answer.startswith("共3个项目"), answer.answer
    for name in PROJECTS:
        assert answer.answer.count(name) == 1, answer.answer
    assert {c.source for c in answer.citations} == REPORTS
    # every item of the list cites both reports
    for item in answer.answer.rstrip("。").split("：", 1)[1].split("；"):
        cited = {answer.citations[int(n) - 1].source for n in _marks(item)}
        assert cited == REPORTS, item


def test_a_sum_counts_each_project_once_citing_both_reports(two_reports: Settings) -> None:
    answer = ask("投资额超过5亿元的项目一共投资多少?", settings=two_reports)
    assert answer.route == "deals"
    # 32 + 18 + 6.5, not twice that
    assert answer.answer.startswith("合计56.5亿元（3个项目）"), answer.answer
    for item in answer.answer.rstrip("。").split("：", 1)[1].split("；"):
        cited = {answer.citations[int(n) - 1].source for n in _marks(item)}
        assert cited == REPORTS, item


def test_the_largest_project_cites_both_reports(two_reports: Settings) -> None:
    answer = ask("投资额最大的项目是哪个?", settings=two_reports)
    assert "澜岳光电产业园" in answer.answer and "32亿元" in answer.answer, answer.answer
    assert {c.source for c in answer.citations} == REPORTS


def test_every_citation_is_exact(two_reports: Settings) -> None:
    answer = ask("投资额超过5亿元的项目一共投资多少?", settings=two_reports)
    for span in answer.citations:
        text = get_article(span.source, settings=two_reports).text
        assert text[span.start : span.end] == span.quote


def _marks(item: str) -> list[str]:
    return re.findall(r"\[(\d+)\]", item)


def test_the_two_reports_share_no_sentence() -> None:
    # the two reports share no sentence: the store must link them by their deals, not their text
    daily = {s for s in DAILY.replace("\n", "。").split("。") if len(s) > 8}
    wire = {s for s in WIRE.replace("\n", "。").split("。") if len(s) > 8}
    assert not daily & wire
