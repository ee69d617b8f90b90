"""Answers stay stable through a long mixed session on one store (issue 14).

One store lives through what a busy week does to it: the seeds, 30 unrelated articles (one of
them stuffed with the words every question uses), removals, a copy of a seed under another name,
re-extractions by a model that fails and then answers nothing, a seed removed and added back.
Each seed question the rules answered right at the start is asked again after every step, and
must still be answered right, citing the article the gold answer comes from; each question the
seeds can't answer must still be refused.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from extractor import ask, ingest, remove
from extractor.deals import extract_pending
from extractor.evaluate import answer_correct
from extractor.schema import Answer
from extractor.store import Store
from extractor.testing.openai_server import Fail, start_server

from .conftest import ROOT, SEEDS, seed_path
from .fixtures_store import store_settings

QUESTIONS = [json.loads(line) for line in (ROOT / "evals" / "gold" / "qa.jsonl").open(encoding="utf-8")]

# Unrelated news: other towns, other firms, amounts under 5亿元, stages the seed questions don't
# ask about (签约, 落户), so none of it is a right answer to a seed question.
TOWNS = ["赣州", "宜宾", "柳州", "绵阳", "芜湖", "湛江", "遵义", "襄阳", "九江", "株洲", "曲靖", "德阳"]
FIRMS = ["恒川", "瑞岭", "嘉禾", "云帆", "启明", "泓泰", "森诺", "晟达", "卓越", "汇通", "凌峰", "博远"]
PRODUCTS = ["精密轴承", "锂电隔膜", "智能家居", "中药饮片", "冷链物流", "光学镜片", "环保涂料", "电子纸"]
OUTLETS = ["日报", "晚报", "新闻网", "融媒体中心"]


def unrelated_articles(folder: Path, n: int) -> list[Path]:
    rng = random.Random(14)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n - 1):
        town, outlet = TOWNS[i % len(TOWNS)], rng.choice(OUTLETS)
        a, b = rng.sample(FIRMS, 2)
        pa, pb = rng.sample(PRODUCTS, 2)
        ya, yb = rng.randint(11, 45) / 10, rng.randint(11, 45) / 10
        text = (
            f"{town}市{i + 1}个项目集中签约\n\n来源：{town}{outlet}  记者 第{i + 1}组\n\n"
            f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{town}市经开区举行项目签约活动。\n\n"
            f"{a}{pa}项目签约落户{town}市经开区，总投资{ya}亿元；"
            f"{b}{pb}生产基地项目同日签约，计划投资{yb}亿元。\n\n"
            f"{town}市相关负责人表示，将做好要素保障，第{i + 1}批项目服务专班已经组建。\n"
        )
        path = folder / f"other_{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    # one article stuffed with the words the seed questions use, to crowd out the right passages
    words = "项目 投资 总投资 签约 亿元 产业基地 高新区 上半年 落地 开工 合同 资金 企业 招商 "
    stuffed = folder / "other_stuffed.txt"
    stuffed.write_text(
        "招商引资项目汇总\n\n" + "\n\n".join(words * 6 for _ in range(12)) + "\n", encoding="utf-8"
    )
    return [*paths, stuffed]


# Seed questions known to be lost in this session today, with why; each has its own strict xfail
# test below, which starts to pass (and so fails, strict) once the cause is fixed: then delete the
# entry here and the mark there.
KNOWN_LOST = {
    # The passage is the top BM25 hit for 完工 but ranks ~30th by the hash embedder, and RRF puts
    # chunks ranked fairly high on both lists above it: after 10 unrelated articles it is 13th of
    # the fused ranking, outside the 8 passages ask() reads (extractor/store/fusion.py).
    "q29": "a rare word's only passage is fused below chunks of unrelated articles",
}


def _gold_files(q: dict[str, Any]) -> set[str]:
    return {e["file"] for e in q.get("evidence") or []}


def right(q: dict[str, Any], answer: Answer) -> bool:
    """Right as ``dealqa eval`` scores it, and citing the article the gold answer comes from."""
    if not q["answerable"]:
        return answer.abstained
    cited = {c.source for c in answer.citations}
    return answer_correct(q["answer"], answer) and _gold_files(q) <= cited


def test_right_answers_stay_right_through_a_mixed_session(tmp_path: Path) -> None:
    root = tmp_path
    settings = store_settings(root / "data")
    report = ingest([SEEDS], settings=settings)
    assert report.ok and report.ingested == 5, report
    first = {q["id"]: ask(q["question"], settings=settings) for q in QUESTIONS}
    kept = [q for q in QUESTIONS if right(q, first[q["id"]])]
    # the rules answer most seed questions right today (dealqa eval: 0.94 of the answerable)
    assert len([q for q in kept if q["answerable"]]) >= 40 and len(kept) >= 50
    kept = [q for q in kept if q["id"] not in KNOWN_LOST]

    def still_right(step: str) -> None:
        lost = []
        for q in kept:
            answer = ask(q["question"], settings=settings)
            if not right(q, answer):
                lost.append(f"{q['id']} {q['question']} -> {answer.answer[:120]}")
        assert not lost, f"after {step}, {len(lost)} answers went wrong:\n" + "\n".join(lost)

    # 1. thirty unrelated articles, one of them keyword-stuffed
    others = unrelated_articles(root / "others", 30)
    report = ingest(others, settings=settings)
    assert report.ok and report.ingested == 30, report.failed
    still_right("30 unrelated articles")

    # 2. some of them removed again
    assert remove([p.name for p in others[:8]], settings=settings) == [p.name for p in others[:8]]

    # 3. a copy of a seed, changed only in form, under another name: refused as a duplicate
    seed = seed_path("004")
    copy = root / "copies" / "光大基地报道_转载.txt"
    copy.parent.mkdir()
    copy.write_text(
        "\r\n\r\n".join(
            "\u3000\u3000" + line.strip() + "  " for line in seed.read_text("utf-8").splitlines()
        ),
        encoding="utf-8",
    )
    report = ingest([copy], settings=settings)
    assert report.duplicates == [(str(copy), seed.name)] and report.ingested == 0
    still_right("removals and a refused duplicate")

    # 4. re-extraction by a model that fails (HTTP 500), then by one that answers nothing
    store = Store(settings)
    articles = len(store.articles())
    with start_server() as server:
        llm = settings.with_(
            backend="llm",
            llm_model="test-model",
            llm_base_url=server.base_url,
            llm_api_key="test",
            llm_http_retries=0,
        )
        server.enqueue(*[Fail(500, "the model is down")] * 400)
        down, _ = extract_pending(Store(llm), backend="llm", settings=llm)
        assert down.results == [] and len(down.failed) == articles
    still_right("a failing model")

    with start_server() as server:  # a fresh server: its default answer is an empty draft
        llm = settings.with_(
            backend="llm", llm_model="test-model", llm_base_url=server.base_url, llm_api_key="test"
        )
        flagged: dict[str, str] = {}
        extract_pending(
            Store(llm),
            backend="llm",
            settings=llm,
            on_done=lambda a, r, e: flagged.update({a.source: e or ""}),
        )
        assert server.chat_requests  # it was really asked
    # the seeds' rules records are kept (their articles flagged), whatever the model said
    assert "→ 0" in flagged[seed.name], flagged[seed.name]
    still_right("a model answering empty drafts")

    # 5. a seed removed and added back
    assert remove([seed.name], settings=settings) == [seed.name]
    gone = ask("光大人工智能产业基地总投资多少?", settings=settings)
    assert not any(c.source == seed.name for c in gone.citations)
    report = ingest([seed], settings=settings)
    assert report.ok and report.ingested == 1, report
    still_right("a seed removed and added back")


@pytest.mark.xfail(strict=True, reason=KNOWN_LOST["q29"])
def test_a_rare_word_question_survives_ten_unrelated_articles(tmp_path: Path) -> None:
    settings = store_settings(tmp_path / "data")
    assert ingest([SEEDS], settings=settings).ok
    (q,) = [q for q in QUESTIONS if q["id"] == "q29"]
    assert right(q, ask(q["question"], settings=settings))  # right before
    assert ingest(unrelated_articles(tmp_path / "others", 11)[:10], settings=settings).ok
    assert right(q, ask(q["question"], settings=settings))
