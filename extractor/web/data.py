"""What the pages show, read from the store: citation cards, the deals table, an article's records.

Shared by the JSON API and the server-rendered pages, so both say the same.
Sources that an upload is still writing are left out (see ``jobs``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args
from urllib.parse import quote

from ..deals import query_aggregates, query_deals, statuses
from ..errors import NotFoundError
from ..filters import DealFilter
from ..render import deal_row
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
    """The deals table's rows (a ``DealFilter``) and their order."""

    filter: DealFilter = field(default_factory=DealFilter)
    sort: str = "source"
    order: Literal["asc", "desc"] = "asc"


def _sort_value(deal: Deal, key: str) -> tuple[int, Any]:
    """(missing?, value): missing values sort last in either order."""
    ev = deal.evidence[0]
    value: Any
    if key == "amount":
        value = deal.amount.cny if deal.amount else None
    elif key == "stage":
        value = _STAGE_ORDER.get(deal.stage)
    elif key == "date":
        value = (deal.date.value or deal.date.text) if deal.date else None
    elif key == "source":
        value = (ev.source, ev.start)
    else:
        value = deal_row(deal)[_COLUMN[key]] or None
    return (value is None, value if value is not None else 0)


_COLUMN = {"project": "项目", "investors": "投资方", "location": "地点", "industry": "产业"}


def find_deals(store: Store, q: TableQuery, hidden: Collection[str] = ()) -> list[Deal]:
    """Deals matching ``q``, sorted as asked, without sources still being written."""
    deals = [d for d in query_deals(store, q.filter) if d.evidence[0].source not in hidden]
    key = q.sort if q.sort in SORT_KEYS else "source"
    present = [d for d in deals if not _sort_value(d, key)[0]]
    missing = [d for d in deals if _sort_value(d, key)[0]]
    present.sort(key=lambda d: _sort_value(d, key)[1], reverse=q.order == "desc")
    missing.sort(key=lambda d: _sort_value(d, "source")[1])
    return present + missing


def deal_item(deal: Deal, titles: dict[str, str | None]) -> dict[str, Any]:
    ev = deal.evidence[0]
    return {
        "row": deal_row(deal),
        "amount_cny": deal.amount.cny if deal.amount else None,
        "stage": deal.stage,
        "source": ev.source,
        "paragraph": ev.paragraph,
        "quote": ev.quote,
        "title": titles.get(ev.source),
        "href": evidence_href(ev),
        "deal": deal.model_dump(mode="json"),
    }


def export_rows(deals: Iterable[Deal]) -> list[dict[str, Any]]:
    """The table as people read it, plus the amount in yuan and the evidence, for spreadsheets."""
    return [
        deal_row(d) | {"金额（元）": d.amount.cny if d.amount else None, "证据原文": d.evidence[0].quote}
        for d in deals
    ]


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
