"""Which firm, where, and what follows an unanswered "which": on sentences of our own."""

from __future__ import annotations

from pathlib import Path

from extractor.qa.parts import split_question, unknown_referent
from extractor.qa.passages import answer_from_passages
from extractor.qa.relevance import place_cores
from extractor.schema import NOT_FOUND, Answer, Span
from tests.conftest import offline_settings
from tests.test_qa_binding import _answer
from tests.test_qa_parts import _hits

_SIGNING = (
    "江川签约冷链项目\n\n"
    "6月3日上午，江川边境合作区管委会与日本青松食品株式会社在江川签署投资协议，"
    "双方将合作建设冷链食品加工项目，项目总投资不低于3亿元。"
    "这是今年以来江川签约的第5个外资项目，前4个项目协议总投资合计约11亿元。"
)

_VISIT = (
    "青川高新区招商小分队赴长三角考察\n\n"
    "5月27日至29日，青川高新区招商小分队先后走访企业9家，与甲方精工有限公司负责人座谈。\n\n"
    "青川高新区产业发展基金规模20亿元，已完成首期出资6亿元。今年高新区年度计划投资210亿元。"
)


def test_a_firm_with_a_foreign_legal_form_answers_which_firm() -> None:
    # 株式会社 ends a firm's name as 有限公司 does: the lexicon's legal forms, not a list of QA's own
    assert _answer(_SIGNING, "江川和哪家企业签约？").startswith("日本青松食品株式会社")


def test_which_firm_signed_needs_a_signing_in_its_sentence() -> None:
    # a visited firm or a fund is named, nothing is signed: no firm "signed" anything here
    assert _answer(_VISIT, "哪家企业在青川高新区签了什么项目？") == NOT_FOUND
    assert _answer(_VISIT, "哪家企业和青川高新区签约了？") == NOT_FOUND


def test_a_place_core_is_what_the_context_must_name() -> None:
    assert place_cores("哪家企业在宝川高新区签了什么项目？") == ["宝川"]
    assert place_cores("长三角示范区大会签约了多少个项目？") == ["长三角"]
    assert place_cores("河北省1—10月实际使用外资多少？") == ["河北"]
    assert place_cores("光大项目投资多少？") == []


def test_a_question_about_one_place_is_not_answered_from_another_places_article() -> None:
    (a, hits_a), (b, hits_b) = _hits(_VISIT, "a.txt"), _hits(_SIGNING, "b.txt")
    articles, hits = {"a.txt": a, "b.txt": b}, hits_a + hits_b
    asked = "哪家企业在青川高新区签约？"  # 青川 signed nothing; 江川's signing is another place's
    answer = answer_from_passages(asked, hits, articles.__getitem__)
    assert answer.abstained, answer.answer
    # the same store answers about the place that did sign
    answer = answer_from_passages("哪家企业在江川签约？", hits, articles.__getitem__)
    assert answer.answer.startswith("日本青松食品株式会社")


def test_another_zone_of_the_same_kind_is_not_the_asked_one() -> None:
    # the article is about 汉中高新区, the question about 宝鸡高新区: 高新区 alone would match both
    text = (
        "汉中高新区项目签约\n\n"
        "6月3日，澜岳光电有限公司与高新区管委会签署投资协议，建设光电显示模组项目，总投资5亿元。"
    )
    assert _answer(text, "哪家企业在宝鸡高新区签了什么项目？") == NOT_FOUND
    assert _answer(text, "哪家企业签署了投资协议？").startswith("澜岳光电有限公司")  # it does answer


def _abstained(question: str) -> Answer:
    return Answer(question=question, answer=NOT_FOUND, abstained=True, route="passages", backend="rules")


def _answered(question: str) -> Answer:
    span = Span(source="a.txt", paragraph=1, start=0, end=2, quote="青松")
    return Answer(question=question, answer="青松[1]", route="passages", backend="rules", citations=[span])


def test_a_part_about_an_unidentified_item_is_not_answered() -> None:
    parts = split_question("江川和哪家企业签了什么项目？投资多少？")
    assert parts == ["江川和哪家企业签了什么项目", "投资多少"]
    assert unknown_referent(parts[1], parts[:1], [_abstained(parts[0])])
    assert not unknown_referent(parts[1], parts[:1], [_answered(parts[0])])
    # a second part with a subject of its own, or after a part that asked no "which", stands alone
    assert not unknown_referent("青松项目投资多少", parts[:1], [_abstained(parts[0])])
    counted = split_question("江川共签约几个项目？总投资多少？")
    assert not unknown_referent(counted[1], counted[:1], [_abstained(counted[0])])


def test_a_follow_up_after_an_unanswered_which_abstains_end_to_end(tmp_path: Path) -> None:
    from extractor import ask, ingest

    article = tmp_path / "visit.txt"
    article.write_text(_VISIT + "\n", encoding="utf-8")
    settings = offline_settings(tmp_path / "store")
    assert ingest([article], settings=settings).ok
    answer = ask("哪家企业在青川高新区签了什么项目？投资多少？", settings=settings)
    # the 210亿元 of the year's plan is no project's amount, and no project was named
    assert answer.abstained and "210亿元" not in answer.answer
    assert not answer.citations
