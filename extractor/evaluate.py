"""Scoring against gold labels: extraction, QA and retrieval (``dealqa eval``).

Strict by design: an empty or uncited answer never counts as right, a deal
matches only one gold record, and evidence validity is checked on every span.
The scoring functions are pure, so they are unit-tested on hand-made cases.
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .config import Settings, get_settings
from .schema import STAGE_LABELS, Aggregate, Answer, Article, ArticleExtraction, Deal, Span
from .text.amounts import find_money, parse_money
from .text.normalize import find_all, normalize_text
from .text.places import short_zone

STAGE_FROM_LABEL = {v: k for k, v in STAGE_LABELS.items()}
AMOUNT_TOLERANCE = 0.005


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= AMOUNT_TOLERANCE * max(abs(a), abs(b), 1.0)


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(f, 4),
        "tp": tp,
        "pred": n_pred,
        "gold": n_gold,
    }


# ---------------------------------------------------------------------------- extraction


@dataclass
class GoldRecord:
    raw: dict[str, Any]
    spans: list[tuple[int, int]]

    @property
    def value(self) -> float | None:
        v = self.raw.get("amount_cny")
        return float(v) if v is not None else (float(self.raw["amount"]) if self.raw.get("amount") else None)


def _gold_spans(text: str, rec: dict[str, Any]) -> list[tuple[int, int]]:
    quotes = [rec["evidence"], *rec.get("extra_evidence", [])]
    return [span for q in quotes if q for span in find_all(text, q)[:1]]


def _overlaps(spans: Sequence[Span], gold: Sequence[tuple[int, int]]) -> bool:
    return any(s.start < ge and gs < s.end for s in spans for gs, ge in gold)


def _names(rec: Deal | Aggregate) -> set[str]:
    if isinstance(rec, Aggregate):
        return set()
    return {normalize_text(n) for n in [rec.project or "", *rec.investors] if n}


def _gold_names(raw: dict[str, Any]) -> set[str]:
    names = [raw.get("project") or "", *(raw.get("investors") or []), *(raw.get("aliases") or [])]
    return {normalize_text(n) for n in names if n}


def _names_overlap(a: set[str], b: set[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)


def _sys_value(rec: Deal | Aggregate) -> float | None:
    if rec.amount is None:
        return None
    return rec.amount.cny if rec.amount.cny is not None else rec.amount.value


def is_match(rec: Deal | Aggregate, gold: GoldRecord) -> bool:
    if not _overlaps(rec.evidence, gold.spans):
        return False
    sv, gv = _sys_value(rec), gold.value
    if sv is not None and gv is not None:
        return close(sv, gv)
    if isinstance(rec, Aggregate):
        return rec.count is not None and rec.count == gold.raw.get("count")
    return _names_overlap(_names(rec), _gold_names(gold.raw))


def match(records: Sequence[Deal | Aggregate], golds: Sequence[GoldRecord]) -> list[tuple[int, int]]:
    """One-to-one pairs (record index, gold index), greedy in document order."""
    used: set[int] = set()
    pairs = []
    for i, rec in enumerate(records):
        for j, gold in enumerate(golds):
            if j not in used and is_match(rec, gold):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def field_checks(rec: Deal | Aggregate, gold: dict[str, Any]) -> dict[str, bool]:
    checks: dict[str, bool] = {}
    if gold.get("amount_text") is not None or rec.amount is not None:
        gv = gold.get("amount_cny") if gold.get("amount_cny") is not None else gold.get("amount")
        checks["amount"] = (
            rec.amount is not None
            and close(_sys_value(rec), gv)
            and rec.amount.kind == gold.get("amount_kind")
        )
    checks["stage"] = rec.stage == STAGE_FROM_LABEL.get(gold.get("stage") or "其他", "other")
    if isinstance(rec, Deal):
        gp = normalize_text(gold.get("project") or "")
        names = {gp, *(normalize_text(a) for a in gold.get("aliases") or [])}
        checks["project"] = normalize_text(rec.project or "") in names if gp else rec.project is None
        gi = {normalize_text(i) for i in gold.get("investors") or []}
        checks["investors"] = {normalize_text(i) for i in rec.investors} == gi
        gl = short_zone(normalize_text(gold.get("location") or ""))
        sl = short_zone(normalize_text(rec.location.text)) if rec.location else ""
        checks["location"] = (gl in sl or sl in gl) and bool(gl) == bool(sl)
    else:
        checks["count"] = rec.count == gold.get("count")
    return checks


def score_extraction(
    results: dict[str, ArticleExtraction], articles: dict[str, Article], gold: list[dict[str, Any]]
) -> dict[str, Any]:
    report: dict[str, Any] = {}
    spans_total = spans_ok = 0
    for kind in ("deal", "aggregate"):
        tp = n_pred = n_gold = 0
        fields: dict[str, list[bool]] = {}
        for source, result in results.items():
            text = articles[source].text
            golds = [
                GoldRecord(g, _gold_spans(text, g)) for g in gold if g["file"] == source and g["kind"] == kind
            ]
            records: list[Deal | Aggregate] = list(result.deals if kind == "deal" else result.aggregates)
            pairs = match(records, golds)
            tp, n_pred, n_gold = tp + len(pairs), n_pred + len(records), n_gold + len(golds)
            for i, j in pairs:
                for name, ok in field_checks(records[i], golds[j].raw).items():
                    fields.setdefault(name, []).append(ok)
        summary: dict[str, Any] = dict(prf(tp, n_pred, n_gold))
        summary["fields"] = {k: round(sum(v) / len(v), 4) for k, v in fields.items() if v}
        report[f"{kind}s"] = summary
    for source, result in results.items():
        text = articles[source].text
        for spans in [d.evidence for d in result.deals] + [a.evidence for a in result.aggregates]:
            for s in spans:
                spans_total += 1
                spans_ok += text[s.start : s.end] == s.quote
    report["evidence_valid"] = round(spans_ok / spans_total, 4) if spans_total else 1.0
    report["spans"] = spans_total
    return report


# ---------------------------------------------------------------------------- QA


_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_SPLIT = re.compile(r"[、,，:：;；]|和|及")
_NUM_UNIT = re.compile(r"^(\d+(?:\.\d+)?)(?:余|多)?(个|项|家|户|名|人|年|月|日)?$")


def _money_values(text: str) -> list[float]:
    """The amounts ``text`` states, in yuan where it can; a range states both its ends
    (6000万元至8000万元 says 8000万元 too)."""
    values = []
    for m in find_money(text):
        money = parse_money(m.text)
        if money is None:
            continue
        values.append(money.cny if money.cny is not None else money.value)
        if money.kind == "range" and money.max_value is not None:
            rate = money.cny / money.value if money.cny is not None and money.value else 1.0
            values.append(money.max_value * rate)
    return values


def _key_values(amount: str) -> list[float]:
    """A key's amounts: a key listed as an amount is one, even with no 元 or money word before it
    (``5亿`` of a transcript's ``一期5亿``)."""
    values = _money_values(amount)
    if values:
        return values
    money = parse_money(amount)
    return [] if money is None else [money.cny if money.cny is not None else money.value]


def answer_correct(gold_answer: str, answer: Answer) -> bool:
    """Every amount of the gold answer, and every named item of a list, is in the cited answer.

    Parenthesised notes in the gold answer (``超百亿(20余家企业)``) are optional,
    but a name that has parentheses (``赛诺生(深圳)公司``) may be matched whole.
    """
    if answer.abstained or not answer.citations or not answer.answer.strip():
        return False
    said = answer.answer
    norm_said = normalize_text(said)
    have = _money_values(said)
    stripped = _PAREN.sub("", gold_answer).strip()
    golds = _money_values(stripped)
    if any(not any(close(g, h) for h in have) for g in golds):
        return False
    items = _items(gold_answer)
    for whole in items:
        bare = _PAREN.sub("", whole).strip()
        num = _NUM_UNIT.match(bare)
        if num:
            if not re.search(rf"(?<![\d.]){re.escape(num[1])}(?![\d.])", norm_said):
                return False
        elif normalize_text(whole) not in norm_said and normalize_text(bare) not in norm_said:
            return False
    return bool(golds or items)


def answer_has_keys(keys: dict[str, Any], answer: Answer) -> bool:
    """A cited answer that holds every amount, count and key word a correct answer must hold.

    This is how a corpus with ``qa_keys.json`` beside its questions is scored: the
    gold answer's wording is free, these facts are not.
    """
    if answer.abstained or not answer.citations or not answer.answer.strip():
        return False
    said = normalize_text(answer.answer)
    have = _money_values(answer.answer)
    for amount in keys.get("amounts") or []:
        if not any(close(g, h) for g in _key_values(amount) for h in have):
            return False
    for count in keys.get("counts") or []:
        if not re.search(rf"(?<![\d.]){count}(?![\d.])", said):
            return False
    return all(normalize_text(k) in said for k in keys.get("keys") or [])


def _items(gold_answer: str) -> list[str]:
    """The named items of a gold answer: split outside parentheses, amounts removed."""
    rest = gold_answer
    for m in sorted(find_money(rest), key=lambda m: -m.start):
        rest = rest[: m.start] + "、" + rest[m.end :]
    items, depth, current = [], 0, ""
    for i, ch in enumerate(rest):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth == 0 and (_SPLIT.match(rest, i) and ch in "、,，:：;；和及"):
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [i.strip() for i in items if _PAREN.sub("", i).strip()]


def _gold_paragraphs(q: dict[str, Any], articles: dict[str, Article]) -> set[tuple[str, int]]:
    out = set()
    for ev in q.get("evidence") or []:
        article = articles.get(ev["file"])
        if article is None:
            continue
        for start, _ in find_all(article.text, ev["quote"])[:1]:
            out.add((ev["file"], article.paragraph_at(start)))
    return out


def score_qa(
    questions: list[dict[str, Any]],
    answers: list[Answer],
    articles: dict[str, Article],
    keys: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    answerable = [(q, a) for q, a in zip(questions, answers, strict=True) if q["answerable"]]
    unanswerable = [(q, a) for q, a in zip(questions, answers, strict=True) if not q["answerable"]]
    correct = [
        answer_has_keys(keys[q["id"]], a) if keys and q["id"] in keys else answer_correct(q["answer"], a)
        for q, a in answerable
    ]
    cite_hits = cite_total = prec_hits = prec_total = 0
    for q, a in answerable:
        gold_paras = _gold_paragraphs(q, articles)
        cited = {(c.source, c.paragraph) for c in a.citations}
        cite_total += len(gold_paras)
        cite_hits += len(gold_paras & cited)
        prec_total += len(cited)
        prec_hits += len(cited & gold_paras)
    return {
        "answerable": len(answerable),
        "unanswerable": len(unanswerable),
        "accuracy": round(sum(correct) / len(correct), 4) if correct else 0.0,
        "abstention": round(sum(a.abstained for _, a in unanswerable) / len(unanswerable), 4)
        if unanswerable
        else 0.0,
        "false_abstention": round(sum(a.abstained for _, a in answerable) / len(answerable), 4)
        if answerable
        else 0.0,
        "citation_recall": round(cite_hits / cite_total, 4) if cite_total else 0.0,
        "citation_precision": round(prec_hits / prec_total, 4) if prec_total else 0.0,
        "wrong": [q["id"] for (q, _), ok in zip(answerable, correct, strict=True) if not ok],
        "answered_unanswerable": [q["id"] for q, a in unanswerable if not a.abstained],
    }


def score_retrieval(
    questions: list[dict[str, Any]], hit_lists: list[list[tuple[str, int]]], articles: dict[str, Article]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for k in (1, 5, 10):
        found = total = 0
        for q, hits in zip(questions, hit_lists, strict=True):
            gold = _gold_paragraphs(q, articles)
            if not q["answerable"] or not gold:
                continue
            top = set(hits[:k])
            total += len(gold)
            found += len(gold & top)
        out[f"recall@{k}"] = round(found / total, 4) if total else 0.0
    return out


# ---------------------------------------------------------------------------- the run

HALVES = ("odd", "even")
_LAST_NUMBER = re.compile(r"(\d+)(?!.*\d)")


def half_of(name: str) -> str | None:
    """``odd`` or ``even`` by the last number in a file name or question id (``crud_07.txt`` is odd)."""
    m = _LAST_NUMBER.search(name)
    return None if m is None else HALVES[int(m[1]) % 2 == 0]


def question_half(q: dict[str, Any]) -> str | None:
    """A question belongs to its article's half; one with no article named, to its id's."""
    files = [ev["file"] for ev in q.get("evidence") or []] + [q.get("about_file") or ""]
    named = [f for f in files if f]
    return half_of(named[0]) if named else half_of(str(q["id"]))


def run_eval(
    articles_dir: Path,
    deals_file: Path,
    qa_file: Path,
    *,
    backend: str | None = None,
    settings: Settings | None = None,
    half: str | None = None,
) -> dict[str, Any]:
    """Ingest ``articles_dir`` into a temporary store, extract, ask, and score everything.

    ``half`` (``odd`` or ``even``) scores only the articles and questions of that half
    (every article is still ingested, so questions see the whole store): develop on
    one half, check on the other. ``qa_keys.json`` beside ``qa_file``, when present,
    holds the facts each answer must contain (see ``answer_has_keys``).
    """
    if half is not None and half not in HALVES:
        raise ValueError(f"half must be one of {HALVES}, not {half!r}")
    from .deals import extract_pending
    from .ingest import ingest
    from .qa import ask
    from .store import Store

    base = settings or get_settings()
    gold = load_jsonl(deals_file)
    questions = load_jsonl(qa_file)
    keys_file = qa_file.with_name("qa_keys.json")
    keys = json.loads(keys_file.read_text(encoding="utf-8")) if keys_file.exists() else None
    if half is not None:
        gold = [g for g in gold if half_of(g["file"]) == half]
        questions = [q for q in questions if question_half(q) == half]
    with tempfile.TemporaryDirectory(prefix="dealqa-eval-") as tmp:
        settings = base.with_(data_dir=Path(tmp), chroma_host=None)
        began = time.perf_counter()
        report = ingest([articles_dir], settings=settings)
        store = Store(settings)
        batch, _ = extract_pending(store, backend=backend, settings=settings)
        articles = {a.source: a for a in store.articles()}
        results = {r.source: r for r in batch.results if half is None or half_of(r.source) == half}
        answers, hit_lists = [], []
        for q in questions:
            answers.append(ask(q["question"], backend=backend, settings=settings))
            hits = store.search(q["question"], k=10)
            hit_lists.append([(h.source, n) for h in hits for n in h.paragraphs])
        seconds = time.perf_counter() - began
    return {
        "backend": settings.resolve_backend(backend),
        "half": half or "all",
        "articles": len(results),
        "ingest_failed": [list(f) for f in getattr(report, "failed", [])],
        "extraction": score_extraction(results, articles, gold),
        "qa": score_qa(questions, answers, articles, keys),
        "retrieval": score_retrieval(questions, hit_lists, articles),
        "seconds": round(seconds, 2),
    }


def print_report(report: dict[str, Any], console: Console) -> None:
    ex = report["extraction"]
    scope = f"{report['articles']} articles, {report.get('half', 'all')}"
    t = Table(title=f"抽取 extraction (backend {report['backend']}, {scope})")
    for col in ("", "precision", "recall", "F1", "matched fields"):
        t.add_column(col)
    for kind in ("deals", "aggregates"):
        m = ex[kind]
        fields = ", ".join(f"{k} {v:.0%}" for k, v in m["fields"].items())
        t.add_row(kind, f"{m['precision']:.2f}", f"{m['recall']:.2f}", f"{m['f1']:.2f}", fields)
    t.add_row("evidence valid", f"{ex['evidence_valid']:.0%}", "", "", f"{ex['spans']} spans")
    console.print(t)
    qa = report["qa"]
    q = Table(title="问答 QA")
    for col in ("metric", "value"):
        q.add_column(col)
    for key in ("accuracy", "abstention", "false_abstention", "citation_recall", "citation_precision"):
        q.add_row(key, f"{qa[key]:.2f}")
    q.add_row("questions", f"{qa['answerable']} answerable, {qa['unanswerable']} unanswerable")
    q.add_row("wrong", " ".join(qa["wrong"]) or "—")
    q.add_row("answered but unanswerable", " ".join(qa["answered_unanswerable"]) or "—")
    console.print(q)
    r = Table(title="检索 retrieval")
    for key in report["retrieval"]:
        r.add_column(key)
    r.add_row(*(f"{v:.2f}" for v in report["retrieval"].values()))
    console.print(r)
    console.print(f"[dim]{report['seconds']}s[/]")
