"""One home for segmentation: jieba-rs words equal to jieba's, jieba's tags, a question tagger."""

from __future__ import annotations

import jieba

from extractor.store.lexical import tokenize
from extractor.text.segment import Tagger, search_words, tags, words


def test_article_words_are_jiebas_words() -> None:
    text = "重庆高新区光大人工智能产业基地项目签约，总投资200亿元，落户西部科学城。"
    jieba.setLogLevel(60)
    assert search_words(text) == jieba.lcut_for_search(text, HMM=False)
    assert words(text) == jieba.lcut(text, HMM=False)


def test_tags_carry_places_and_keep_a_verb_off_an_unknown_name() -> None:
    tagged = dict(tags("比亚迪新能源汽车项目落户合肥市长丰县，总投资100亿元。"))
    assert tagged["合肥市"] == "ns"
    assert tagged["长丰县"] == "ns"
    assert ("有", "v") in tags("集中开工的项目有澜岳光电、星海微纳等企业的项目")


def test_the_question_tagger_joins_an_unknown_place_and_keeps_its_words() -> None:
    tagger = Tagger(["鑫源谷"])
    tagged = tagger.tags("洞泾投资推介会上揭牌成立的是什么基地?")
    assert ("洞泾", "ns") in tagged
    assert ("鑫源谷", "n") in tagger.tags("鑫源谷在哪里?")
    # its words stay its own: articles and the index segment as jieba ships its dictionary
    assert "鑫源谷" not in words("鑫源谷在哪里")
    assert "鑫源谷" not in tokenize("鑫源谷在哪里")


def _sentences() -> list[str]:
    """Every sentence of the seeds and eval articles, slices across them, and random mixed text."""
    import random
    import re

    from .conftest import ROOT

    out: list[str] = []
    for path in sorted(ROOT.glob("seeds/*.txt")) + sorted(ROOT.glob("evals/*/articles/*.txt")):
        text = path.read_bytes().decode("utf-8", "ignore")
        out += [s for s in re.split("(?<=[。！？\n])", text) if s.strip()]
    rng = random.Random(5)
    joined = "".join(out)
    for _ in range(1000):
        n = rng.randint(1, 60)
        i = rng.randrange(len(joined) - n)
        out.append(joined[i : i + n])
    ranges = [(0x4E00, 0x9FFF), (0x21, 0x7E), (0x3000, 0x3000), (0xFF10, 0xFF19)]
    for _ in range(300):
        out.append("".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(1, 20))))
    return out


def test_the_batch_tagger_tags_as_jiebas_own() -> None:
    """The batch tagger takes its route over Han runs from jieba-rs: the tags stay jieba's, exactly."""
    import jieba.posseg

    from extractor.text import segment

    routed = segment._eager()
    assert type(routed) is not jieba.posseg.POSTokenizer
    differ = [
        s
        for s in _sentences()
        if [(p.word, p.flag) for p in routed.cut(s)] != [(p.word, p.flag) for p in jieba.posseg.dt.cut(s)]
    ]
    assert not differ, differ[:5]
