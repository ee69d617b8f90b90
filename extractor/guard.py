"""Re-extraction never silently loses records.

A model that is down, wrong or misconfigured answers "nothing here" as readily as a
correct one: a new extraction of an article replaces the stored records only when
it is not far poorer than them. ``keep_old`` is that decision; the caller
(``deals.extract_pending``) keeps the old records and flags the article when it says
so, with ``describe``'s line.
"""

from __future__ import annotations

from .schema import ArticleExtraction

# A new extraction is "far poorer" when it keeps less than this share of the old records,
# and loses at least MIN_LOSS of them (one of two records differing is ordinary churn).
MIN_SHARE = 0.5
MIN_LOSS = 2


def records(result: ArticleExtraction) -> int:
    return len(result.deals) + len(result.aggregates)


def why_keep_old(old_count: int, new_result: ArticleExtraction) -> str | None:
    """Why the stored records should stay instead of ``new_result``'s, or None to replace them."""
    new = records(new_result)
    if old_count <= 0 or new >= old_count:
        return None
    if new == 0:
        return f"新抽取结果为空，保留原有 {old_count} 条记录 (the new extraction found nothing; kept the old)"
    if old_count - new >= MIN_LOSS and new < old_count * MIN_SHARE:
        return (
            f"新抽取只有 {new} 条记录，原有 {old_count} 条，保留原有记录 "
            "(the new extraction has far fewer records; kept the old)"
        )
    return None


def keep_old(old_count: int, new_result: ArticleExtraction) -> bool:
    """Should the ``old_count`` stored records of the article stay instead of ``new_result``'s?"""
    return why_keep_old(old_count, new_result) is not None


def describe(source: str, old_count: int, new_result: ArticleExtraction) -> str:
    """One line for the run's summary: how an article's records changed, and what was kept."""
    new = records(new_result)
    why = why_keep_old(old_count, new_result)
    change = f"{source}: {old_count} → {new} ({new - old_count:+d}) by {new_result.backend}"
    return f"{change}; {why}" if why else change
