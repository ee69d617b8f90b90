"""Every field a model fills is checked, and no failed answer is locked in by the cache.

The labels (stage, industry) and an aggregate's scope must be supported by the record's
own paragraph, or they are cleared and named in ``unverified_fields``; a reply of another
JSON shape is a failed call; only wholly verified drafts are cached, and the cache can be
emptied. The LLM path runs the real openai + instructor stack over HTTP to a loopback server.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.backends.llm import LLMBackend, clear_cache
from extractor.backends.llm import backend as llm_backend
from extractor.backends.rules import RulesBackend
from extractor.cli import app
from extractor.config import Settings
from extractor.errors import LLMError
from extractor.evidence import industry_supported, record_problems, resolve, stage_supported
from extractor.extract import extract_article, extract_many
from extractor.schema import Aggregate, AggregateDraft, Article, Deal, DealDraft, ExtractionDraft
from extractor.testing.openai_server import FakeOpenAI, Recorded, Reply
from extractor.text.article import build_article

from .conftest import ROOT
from .test_llm_backend import server
from .test_llm_backend import settings as backend_settings

__all__ = ["server"]

NEWS = (
    "合肥高新区招商动态\n"
    "6月5日,星源新能源汽车电池项目签约落户合肥高新区,项目总投资50亿元。\n"
    "同日,智谷芯片封测项目正式开工,投资12亿元。\n"
    "今年上半年,合肥高新区共签约项目39个,总投资605.6亿元。\n"
)
XINGYUAN = "6月5日,星源新能源汽车电池项目签约落户合肥高新区,项目总投资50亿元。"
ZHIGU = "同日,智谷芯片封测项目正式开工,投资12亿元。"
TOTAL = "今年上半年,合肥高新区共签约项目39个,总投资605.6亿元。"


def news() -> Article:
    return build_article(NEWS, source="news.txt")


def deal(evidence: str, project: str, **fields: Any) -> DealDraft:
    return DealDraft(evidence=evidence, project=project, **fields)


# --------------------------------------------------------------------------- the shared verifier


def test_invented_labels_are_cleared_and_named() -> None:
    draft = ExtractionDraft(
        deals=[
            deal(
                XINGYUAN,
                "星源新能源汽车电池项目",
                amount_text="50亿元",
                industry="INJECTED_INDUSTRY",
                stage="operating",
            )
        ],
        aggregates=[AggregateDraft(evidence=TOTAL, scope="INJECTED_SCOPE", count=39, stage="started")],
    )
    out = resolve(news(), draft)
    (d,) = out.deals
    (a,) = out.aggregates
    assert (d.industry, d.stage, d.unverified_fields) == (None, "other", ["stage", "industry"])
    assert (a.scope, a.stage, a.unverified_fields) == (None, "other", ["stage", "scope"])
    assert d.amount is not None and d.amount.text == "50亿元"  # the record itself is kept
    assert sum("INJECTED" in n for n in out.notes) == 2 and any("operating" in n for n in out.notes)


def test_supported_labels_are_kept() -> None:
    draft = ExtractionDraft(
        deals=[
            deal(XINGYUAN, "星源新能源汽车电池项目", industry="新能源汽车产业", stage="signed"),
            deal(XINGYUAN, "星源新能源汽车电池项目", industry="新能源、汽车", stage="landed"),
            deal(ZHIGU, "智谷芯片封测项目", industry="集成电路", stage="started"),  # 芯片 → 集成电路
        ],
        aggregates=[AggregateDraft(evidence=TOTAL, scope="今年上半年 合肥高新区", count=39, stage="signed")],
    )
    out = resolve(news(), draft)
    assert [(d.industry, d.stage, d.unverified_fields) for d in out.deals] == [
        ("新能源汽车产业", "signed", []),
        ("新能源、汽车", "landed", []),
        ("集成电路", "started", []),
    ]
    assert [(a.scope, a.unverified_fields) for a in out.aggregates] == [("今年上半年 合肥高新区", [])]
    assert out.notes == []


def test_a_label_is_read_from_the_records_own_paragraph_only() -> None:
    # 开工 and 芯片 are in the article, but not in the paragraph of the 星源 record
    draft = ExtractionDraft(
        deals=[deal(XINGYUAN, "星源新能源汽车电池项目", industry="芯片", stage="started")]
    )
    (d,) = resolve(news(), draft).deals
    assert (d.industry, d.stage, d.unverified_fields) == (None, "other", ["stage", "industry"])
    assert not industry_supported("人工智能、INJECTED", "人工智能产业基地")  # every part of a list
    assert not industry_supported("人工智能INJECTED", "人工智能产业基地")
    assert industry_supported("人工智能产业", "人工智能产业基地")
    assert stage_supported("other", "") and not stage_supported("operating", "签约落户")


def test_an_unsupported_label_is_no_reason_to_re_ask_or_drop() -> None:
    record = deal(XINGYUAN, "星源新能源汽车电池项目", industry="INJECTED_INDUSTRY", stage="operating")
    assert record_problems(news(), record) == []


def test_the_rules_backend_passes_its_own_labels() -> None:
    """The rules read industry and scope from the text: the verifier never clears them."""
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        article = build_article(path.read_text(encoding="utf-8"), source=path.name)
        result = extract_article(article, backend=RulesBackend())
        assert result.deals or result.aggregates
        records: list[Deal | Aggregate] = [*result.deals, *result.aggregates]
        for record in records:
            assert not {"industry", "scope"} & set(record.unverified_fields), (path.name, record)


def test_unverified_fields_are_hidden_from_the_models_schema() -> None:
    assert "unverified_fields" in Deal.model_fields and "unverified_fields" in Aggregate.model_fields
    for model in (Deal, Aggregate, DealDraft, AggregateDraft, ExtractionDraft):
        assert "unverified_fields" not in str(model.model_json_schema())


# --------------------------------------------------------------------------- through the real client


def settings(server: FakeOpenAI, tmp_path: Path, **changes: Any) -> Settings:
    """The LLM tests' settings, with no HTTP retries: a scripted fault fails at once."""
    return backend_settings(server, tmp_path, **{"llm_http_retries": 0, **changes})


def answer_with(*records: dict[str, Any]) -> Callable[[Recorded], dict[str, Any]]:
    """A responder answering ``records``, each with the number of the shown paragraph holding it."""

    def respond(req: Recorded) -> dict[str, Any]:
        out: dict[str, list[dict[str, Any]]] = {"deals": [], "aggregates": []}
        for rec in records:
            n = next(n for n, text in req.paragraphs().items() if rec["evidence"] in text)
            out["aggregates" if "count" in rec else "deals"].append({**rec, "paragraph": n})
        return out

    return respond


def cached_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "llm").rglob("*.json"))


def test_a_models_injected_labels_are_not_stored(server: FakeOpenAI, tmp_path: Path) -> None:
    server.responder = answer_with(
        {"evidence": XINGYUAN, "project": "星源新能源汽车电池项目", "amount_text": "50亿元",
         "industry": "INJECTED_INDUSTRY", "stage": "operating"},
        {"evidence": TOTAL, "scope": "INJECTED_SCOPE", "count": 39, "amount_text": "605.6亿元"},
    )  # fmt: skip
    result = extract_article(news(), backend=LLMBackend(settings(server, tmp_path)))
    (d,) = result.deals
    (a,) = result.aggregates
    assert (d.industry, d.stage, d.amount and d.amount.text) == (None, "other", "50亿元")
    assert d.unverified_fields == ["stage", "industry"] and a.unverified_fields == ["scope"]
    assert a.scope is None and a.count == 39
    assert len(server.chat_requests) == 1  # a label is cleared, not re-asked
    assert "INJECTED" not in d.model_dump_json() + a.model_dump_json()
    assert any("INJECTED_SCOPE" in n for n in result.diagnostics.notes)


@pytest.mark.parametrize("shape", [{"result": "ok"}, {}, {"items": [{"evidence": XINGYUAN}]}])
def test_a_reply_of_another_shape_is_a_failed_call(
    server: FakeOpenAI, tmp_path: Path, shape: dict[str, Any]
) -> None:
    server.responder = lambda req: shape
    s = settings(server, tmp_path, llm_max_retries=1)
    with pytest.raises(LLMError, match="no usable ExtractionDraft in 2 answers"):
        LLMBackend(s).extract(news())
    assert len(server.chat_requests) == 2
    assert "not an ExtractionDraft" in server.chat_requests[1].transcript  # the re-ask said why
    assert cached_files(tmp_path) == []

    # in a batch it is a failed article, not an empty success; once the server is fixed, it is asked again
    batch = extract_many([news()], backend=LLMBackend(s), settings=s)
    assert batch.results == [] and batch.failed[0][0] == "news.txt"
    server.responder = answer_with(
        {"evidence": ZHIGU, "project": "智谷芯片封测项目", "amount_text": "12亿元"}
    )
    fixed = extract_many([news()], backend=LLMBackend(s), settings=s)
    (result,) = fixed.results
    assert not result.diagnostics.cached and [d.project for d in result.deals] == ["智谷芯片封测项目"]
    assert len(cached_files(tmp_path)) == 1


def test_an_empty_draft_in_the_right_shape_is_a_success(server: FakeOpenAI, tmp_path: Path) -> None:
    server.enqueue(Reply({"deals": []}))
    result = LLMBackend(settings(server, tmp_path)).extract(news())
    assert result.draft == ExtractionDraft() and len(server.chat_requests) == 1


def test_a_partly_verified_answer_is_not_cached(server: FakeOpenAI, tmp_path: Path) -> None:
    made_up = {"evidence": XINGYUAN.replace("50", "80"), "project": "星源新能源汽车电池项目"}
    good = answer_with({"evidence": ZHIGU, "project": "智谷芯片封测项目"})
    server.responder = lambda req: {**good(req), "deals": [*good(req)["deals"], made_up]}
    s = settings(server, tmp_path, llm_max_retries=1)
    first = LLMBackend(s).extract(news())
    assert [d.project for d in first.draft.deals] == ["智谷芯片封测项目"] and first.diagnostics.dropped == 1
    assert any("not cached" in n for n in first.diagnostics.notes) and cached_files(tmp_path) == []
    server.responder = good
    again = LLMBackend(s).extract(news())
    assert not again.diagnostics.cached and len(server.chat_requests) == 3
    assert LLMBackend(s).extract(news()).diagnostics.cached  # now whole: cached


def test_the_cache_key_covers_the_schema(
    server: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = LLMBackend(settings(server, tmp_path))
    before = backend.cache_key(news())
    monkeypatch.setattr(llm_backend, "SCHEMA_DIGEST", "another-schema")
    assert backend.cache_key(news()) != before


def test_clearing_the_cache_makes_the_next_run_ask_again(server: FakeOpenAI, tmp_path: Path) -> None:
    server.responder = answer_with({"evidence": ZHIGU, "project": "智谷芯片封测项目"})
    s = settings(server, tmp_path)
    LLMBackend(s).extract(news())
    LLMBackend(s).extract(build_article(NEWS + "补充一段。\n", source="other.txt"))
    assert LLMBackend(s).extract(news()).diagnostics.cached
    assert len(cached_files(tmp_path)) == 2

    assert clear_cache(s) == 2 and cached_files(tmp_path) == []
    assert not LLMBackend(s).extract(news()).diagnostics.cached
    assert clear_cache(s) == 1 and clear_cache(s) == 0

    LLMBackend(s).extract(news())
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path), "cache", "clear", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"removed": 1' in result.stdout and cached_files(tmp_path) == []
