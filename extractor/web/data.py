"""What the pages show, read from the store: citation cards, the deals table, an article's records.

Shared by the JSON API and the server-rendered pages, so both say the same.
Sources that an upload is still writing are left out (see ``jobs``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, Literal, get_args
from urllib.parse import quote

from ..deals import query_aggregates, query_dated_deals, query_deals, statuses
from ..errors import NotFoundError
from ..export import amount_yi, table_row
from ..filters import DatedDeal, DealFilter, dedupe_groups
from ..render import aggregate_row
from ..schema import STAGE_LABELS, Aggregate, Article, ArticleExtraction, Deal, Span
from ..store import Store

SortKey = Literal["project", "investors", "location", "industry", "amount", "stage", "date", "source"]
SORT_KEYS: tuple[str, ...] = get_args(SortKey)
_STAGE_ORDER = {s: i for i, s in enumerate(STAGE_LABELS)}


def evidence_href(span: Span) -> str:
    """The article page scrolled to the span's paragraph, with the span highlighted."""
    return f"/articles/{quote(span.source, safe='')}?hl={span.start}-{span.end}#p{span.paragraph}"


def article_href(source: str) -> str:
    return f"/articles/{quote(source, safe='')}"


class ArticleCache:
    """Articles read once per request (citations often share one)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._seen: dict[str, Article] = {}

    def __call__(self, source: str) -> Article:
        if source not in self._seen:
            self._seen[source] = self.store.get_article(source)
        return self._seen[source]


def card(span: Span, article_of: Callable[[str], Article], n: int) -> dict[str, Any]:
    """A citation as the page shows it: the paragraph split around the quote, title, date, link."""
    base: dict[str, Any] = {
        "n": n,
        "source": span.source,
        "paragraph": span.paragraph,
        "page": span.page,
        "start": span.start,
        "end": span.end,
        "quote": span.quote,
        "href": evidence_href(span),
        "article_href": article_href(span.source),
    }
    try:
        article = article_of(span.source)
        p = article.paragraph(span.paragraph)
    except NotFoundError:
        return base | {"title": None, "published": None, "before": "", "after": "", "verified": False}
    verified = (
        article.text[span.start : span.end] == span.quote and p.start <= span.start <= span.end <= p.end
    )
    return base | {
        "title": article.title,
        "published": article.published,
        "before": article.text[p.start : span.start] if verified else "",
        "after": article.text[span.end : p.end] if verified else "",
        "verified": verified,
    }


# --------------------------------------------------------------------------- deals table


@dataclass(frozen=True)
class TableQuery:
    """The deals table's rows (a ``DealFilter``), their order, and whether one project's reports
    are one row."""

    filter: DealFilter = field(default_factory=DealFilter)
    sort: str = "source"
    order: Literal["asc", "desc"] = "asc"
    dedupe: bool = False


def _sort_value(dated: DatedDeal, key: str) -> tuple[int, Any]:
    """(missing?, value): missing values sort last in either order."""
    deal = dated.deal
    ev = deal.evidence[0]
    value: Any
    if key == "amount":
        value = deal.amount.cny if deal.amount else None
    elif key == "stage":
        value = _STAGE_ORDER.get(deal.stage)
    elif key == "date":
        value = dated.date()[0] or ((deal.date.text or None) if deal.date else None)
    elif key == "source":
        value = (ev.source, ev.start)
    else:
        value = table_row([dated])[_COLUMN[key]] or None
    return (value is None, value if value is not None else 0)


_COLUMN = {"project": "项目", "investors": "投资方", "location": "地点", "industry": "产业"}
Group = list[DatedDeal]


def find_deals(store: Store, q: TableQuery, hidden: Collection[str] = ()) -> list[Group]:
    """The table's rows: deals matching ``q`` (one group per project with ``dedupe``, else one per
    deal), sorted as asked, without sources still being written."""
    deals = [d for d in query_dated_deals(store, q.filter) if d.deal.evidence[0].source not in hidden]
    key = q.sort if q.sort in SORT_KEYS else "source"
    keyed = [(_sort_value(d, key), d) for d in deals]  # each deal's key once
    present = [(k[1], d) for k, d in keyed if not k[0]]
    missing = [d for k, d in keyed if k[0]]
    present.sort(key=lambda kd: kd[0], reverse=q.order == "desc")
    missing.sort(key=lambda d: _sort_value(d, "source")[1])
    ordered = [d for _, d in present] + missing
    return dedupe_groups(ordered) if q.dedupe else [[d] for d in ordered]


def find_aggregates(store: Store, flt: DealFilter, hidden: Collection[str] = ()) -> list[Aggregate]:
    """The reported totals the filter accepts, in article order: the aggregates tab and the
    export's second sheet."""
    found = [a for a in query_aggregates(store, flt) if a.evidence[0].source not in hidden]
    return sorted(found, key=lambda a: (a.evidence[0].source, a.evidence[0].start))


def titles(store: Store) -> dict[str, str | None]:
    """Each stored article's title, by source."""
    return {row["id"]: row["title"] for row in store.list_sources()}


def report(ev: Span, titles: dict[str, str | None]) -> dict[str, Any]:
    """Where a record is reported: its paragraph, quote and article title, and the link to it."""
    return {
        "source": ev.source,
        "paragraph": ev.paragraph,
        "quote": ev.quote,
        "title": titles.get(ev.source),
        "href": evidence_href(ev),
    }


def aggregate_item(agg: Aggregate, titles: dict[str, str | None]) -> dict[str, Any]:
    """One row of the aggregates tab: the labelled row (as the export's sheet), the amount in 亿元
    and a link to the paragraph that reports it."""
    return {
        "row": aggregate_row(agg),
        "amount_yi": amount_yi(agg.amount),
        "measure": agg.measure,
        "stage": agg.stage,
        **report(agg.evidence[0], titles),
        "aggregate": agg.model_dump(mode="json"),
    }


def deal_item(group: Group, titles: dict[str, str | None]) -> dict[str, Any]:
    """One row of the table: the lead report's deal, and a link to every report of it."""
    lead = group[0]
    deal = lead.deal
    date, origin = lead.date()
    return {
        "row": table_row(group),
        "amount_cny": deal.amount.cny if deal.amount else None,
        "stage": deal.stage,
        "date": date,
        "date_source": origin,
        **report(deal.evidence[0], titles),
        "reports": [report(d.deal.evidence[0], titles) for d in group],
        "deal": deal.model_dump(mode="json"),
    }


def facets(groups: list[Group]) -> dict[str, list[tuple[str, int]]]:
    """How many rows each place, industry and stage has (the filters' suggestions), most first."""
    counts: dict[str, dict[str, int]] = {"place": {}, "industry": {}, "stage": {}}
    for group in groups:
        deal = group[0].deal
        for key, value in (
            ("place", deal.location.text if deal.location else None),
            ("industry", deal.industry),
            ("stage", deal.stage),
        ):
            if value:
                counts[key][value] = counts[key].get(value, 0) + 1
    return {k: sorted(v.items(), key=lambda kv: (-kv[1], kv[0])) for k, v in counts.items()}


# --------------------------------------------------------------------------- articles


def article_list(store: Store, hidden: Collection[str] = ()) -> list[dict[str, Any]]:
    done = statuses(store)
    out = []
    for row in store.list_sources():
        if row["id"] in hidden:
            continue
        status = done.get(row["id"], {})
        out.append(
            row
            | {
                "href": article_href(row["id"]),
                "extracted": bool(status.get("ok")),
                "backend": status.get("backend"),
                "deals": status.get("deals", 0) if status.get("ok") else 0,
                "aggregates": status.get("aggregates", 0) if status.get("ok") else 0,
                "error": None if status.get("ok", True) else status.get("error"),
            }
        )
    return out


def extraction_of(store: Store, article: Article) -> ArticleExtraction:
    """The stored records of one article, as an ``ArticleExtraction`` (what ``render`` highlights)."""
    flt = DealFilter(source=article.source)
    status = statuses(store).get(article.source, {})
    deals: list[Deal] = query_deals(store, flt)
    aggregates: list[Aggregate] = query_aggregates(store, flt)
    # Records of an older text of the article cannot point into this one.
    deals = [d for d in deals if _holds(article, d.evidence)]
    aggregates = [a for a in aggregates if _holds(article, a.evidence)]
    deals.sort(key=lambda d: d.evidence[0].start)
    aggregates.sort(key=lambda a: a.evidence[0].start)
    return ArticleExtraction(
        source=article.source,
        title=article.title,
        published=article.published,
        backend=str(status.get("backend") or "—"),
        deals=deals,
        aggregates=aggregates,
    )


def _holds(article: Article, spans: list[Span]) -> bool:
    return all(article.text[s.start : s.end] == s.quote for s in spans)
