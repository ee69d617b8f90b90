"""Checking what the model copied, while it can still be asked again.

Every record's ``evidence`` must be an exact quote (after NFKC and whitespace
removal, nothing fuzzier) of one paragraph the model was shown, its
``amount_text`` must sit inside that evidence, and its ``paragraph`` must be
one it was shown. ``CheckedDraft`` runs these checks as a validator with
instructor's validation context, so a failure becomes a re-ask that names the
bad quote. Once the re-asks are used up, ``salvage`` keeps the records of the
last answer that pass and reports the others; a wrong quote is dropped,
never replaced with the sentence it probably meant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, model_validator

from ... import evidence
from ...schema import AggregateDraft, Article, DealDraft, ExtractionDraft
from ...text.names import same_project
from ...text.normalize import normalize_text

VERIFY_KEY = "dealqa_verify"
"""Where ``CheckedDraft`` finds its ``Shown`` in instructor's ``context``."""

Record = DealDraft | AggregateDraft


@dataclass(frozen=True)
class Shown:
    """The article and the paragraph numbers one request showed the model."""

    article: Article
    paragraphs: frozenset[int]
    label: str = ""


@dataclass
class Salvaged:
    """The records that passed, one reason per record that did not, and notes on the rest."""

    draft: ExtractionDraft = field(default_factory=ExtractionDraft)
    dropped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _short(s: str, n: int = 40) -> str:
    return s if len(s) <= n else s[:n] + "…"


def record_problems(rec: Record, shown: Shown) -> list[str]:
    """Why a record would not verify (Chinese for the model, English in brackets); empty if it does.

    The same checks the pipeline applies afterwards (``evidence.record_problems``),
    limited to the paragraphs this request showed, so whatever would be dropped
    later is re-asked now.
    """
    problems: list[str] = []
    if rec.paragraph is not None and rec.paragraph not in shown.paragraphs:
        problems.append(
            f"paragraph {rec.paragraph} 不是所给段落的编号，请填 [P#] 中的数字 "
            "(not one of the paragraph numbers given)"
        )
        rec = rec.model_copy(update={"paragraph": None})
    return problems + evidence.record_problems(shown.article, rec, within=shown.paragraphs)


def _records(draft: ExtractionDraft) -> list[tuple[str, Record]]:
    return [
        *((f"deals[{i}]", d) for i, d in enumerate(draft.deals)),
        *((f"aggregates[{i}]", a) for i, a in enumerate(draft.aggregates)),
    ]


def draft_problems(draft: ExtractionDraft, shown: Shown) -> list[str]:
    """Every problem of every record, each labelled with the record it belongs to."""
    return [f"{label}: {p}" for label, rec in _records(draft) for p in record_problems(rec, shown)]


def reask_message(problems: list[str]) -> str:
    head = (
        "以下记录未通过原文核对。请逐条改正：evidence 改为逐字照抄 <article> 中的原句，"
        "或删除该记录；不要编造句子。(These records failed the exact-quote check; "
        "fix each one or remove it.)"
    )
    return "\n".join([head, *(f"- {p}" for p in problems)])


class CheckedDraft(ExtractionDraft):
    __doc__ = ExtractionDraft.__doc__
    # The schema the model sees keeps the public name.
    model_config = ConfigDict(title="ExtractionDraft")

    @model_validator(mode="before")
    @classmethod
    def _is_a_draft(cls, data: Any) -> Any:
        # Both lists have defaults, so any other JSON object would pass as "nothing found" and be
        # cached as a successful extraction: an answer must say what it found, even if nothing.
        if isinstance(data, dict) and not {"deals", "aggregates"} & data.keys():
            keys = ", ".join(sorted(map(str, data))) or "none"
            raise ValueError(
                "回答必须是含 deals 和 aggregates 两个列表的对象（没有就写空列表）"
                f"(the answer is not an ExtractionDraft: it has the keys {keys})"
            )
        return data

    @model_validator(mode="after")
    def _quotes_hold(self, info: ValidationInfo) -> Self:
        shown = (info.context or {}).get(VERIFY_KEY)
        if isinstance(shown, Shown):
            problems = draft_problems(self, shown)
            if problems:
                raise ValueError(reask_message(problems))
        return self


def salvage(data: object, shown: Shown) -> Salvaged | None:
    """Per record: keep what validates and verifies, report the rest. ``None`` if ``data`` is no draft."""
    if not isinstance(data, dict) or not {"deals", "aggregates"} & data.keys():
        return None
    out = Salvaged()
    prefix = f"{shown.label}: " if shown.label else ""
    models: tuple[tuple[str, type[DealDraft] | type[AggregateDraft]], ...] = (
        ("deals", DealDraft),
        ("aggregates", AggregateDraft),
    )
    for key, model in models:
        items = data.get(key) or []
        if not isinstance(items, list):
            out.notes.append(f"{prefix}{key} is not a list in the model's answer: {_short(repr(items))}")
            continue
        for i, item in enumerate(items):
            label = f"{prefix}{key}[{i}]"
            try:
                rec = model.model_validate(item)
            except ValidationError as e:
                first = e.errors()[0]
                where = ".".join(str(x) for x in first["loc"])
                out.dropped.append(f"{label}: 不符合结构 (does not match the schema): {where} {first['msg']}")
                continue
            problems = record_problems(rec, shown)
            if problems:
                out.dropped.append(f"{label}: " + "; ".join(problems))
            elif isinstance(rec, DealDraft):
                out.draft.deals.append(rec)
            else:
                out.draft.aggregates.append(rec)
    return out


def _key(kind: str, rec: BaseModel) -> tuple[str, str, str, str]:
    d = rec.model_dump()
    return (
        kind,
        normalize_text(d["evidence"]),
        normalize_text(d.get("amount_text") or ""),
        normalize_text(d.get("project") or d.get("scope") or ""),
    )


def _repeats(key: tuple[str, str, str, str], seen: list[tuple[str, str, str, str]]) -> bool:
    """Seen before: the same evidence and amount, and one name (``same_project``: two windows
    may name one park 平安大健康产业园 and 平安建设大健康产业园)."""
    kind, evidence, amount, name = key
    return any(
        (kind, evidence, amount) == k[:3] and (name == k[3] or (kind == "deal" and same_project(name, k[3])))
        for k in seen
    )


def merge_drafts(drafts: list[ExtractionDraft]) -> ExtractionDraft:
    """Concatenate drafts, dropping repeats (same evidence, amount and project: a window overlap)."""
    seen: list[tuple[str, str, str, str]] = []
    out = ExtractionDraft()
    for draft in drafts:
        for d in draft.deals:
            if not _repeats(k := _key("deal", d), seen):
                seen.append(k)
                out.deals.append(d)
        for a in draft.aggregates:
            if not _repeats(k := _key("aggregate", a), seen):
                seen.append(k)
                out.aggregates.append(a)
    return out


def plain(draft: ExtractionDraft) -> ExtractionDraft:
    """A ``CheckedDraft`` as the public type (so callers never see the subclass)."""
    return ExtractionDraft(deals=list(draft.deals), aggregates=list(draft.aggregates))
