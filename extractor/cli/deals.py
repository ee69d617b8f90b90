"""Commands about deals: extract files, list and export stored deals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from ..errors import DealqaError, InputError
from .app import State, app, guard
from .output import Fmt, check_target, emit, err, write

CODES_HELP = "Field names and codes (signed, landed) instead of Chinese headers and labels (csv, xlsx)."


def _date_option(value: str | None) -> str | None:
    from ..filters import DATE_FORMS, parse_date

    try:
        return parse_date(value) if value else None
    except InputError as exc:
        raise typer.BadParameter(f"{value!r} is not a date; accepted: {DATE_FORMS}") from exc


def _stage_option(value: str | None) -> str | None:
    from ..filters import stage_value

    try:
        return stage_value(value) if value else None
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from exc


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files to extract (not stored).")],
    backend: Annotated[str | None, typer.Option(help="rules or llm.")] = None,
    fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
    codes: Annotated[bool, typer.Option("--codes", help=CODES_HELP)] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write an audit page with every span highlighted.")
    ] = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse cached LLM results.")] = True,
) -> None:
    """Extract deals from files and print them (table, json, jsonl, csv, xlsx)."""
    from .. import export, render
    from ..extract import extract_many, read_article
    from ..filters import DatedDeal
    from ..schema import Article, ArticleExtraction

    check_target(fmt, output, name="extract")
    settings = State.settings.with_(use_cache=cache)
    failures: list[Path] = []
    read_from: dict[int, Path] = {}

    def articles() -> Iterator[Article]:
        for path in files:
            try:
                article = read_article(path)
            except DealqaError as exc:
                err.print(f"[red]✗[/] {path}: {exc}")
                failures.append(path)
                continue
            read_from[id(article)] = path
            yield article

    def done(article: Article, result: ArticleExtraction | None, error: str | None) -> None:
        path = read_from.pop(id(article))
        if result is None:
            err.print(f"[red]✗[/] {path}: {error}")
            failures.append(path)
            return
        err.print(
            f"[green]✓[/] {path.name}: {len(result.deals)} deals, {len(result.aggregates)} aggregates "
            f"[dim](backend {result.backend}, {result.diagnostics.seconds:.2f}s)[/]"
        )
        if html:
            target = html if len(files) == 1 else html.with_name(f"{html.stem}-{path.stem}.html")
            target.write_text(render.audit_html(article, result), encoding="utf-8")
            err.print(f"  audit page: {target}")

    # many files: a rules batch runs in worker processes, an LLM one a few requests at a time
    batch = extract_many(articles(), backend=backend, settings=settings, on_done=done, expected=len(files))
    results = batch.results
    failed = bool(failures)
    if fmt is Fmt.json:
        text = json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2)
        write(text + "\n", output)
    elif fmt is Fmt.jsonl:
        write(export.to_jsonl(r.model_dump(mode="json") for r in results), output)
    elif fmt is Fmt.table:
        for r in results:
            rows = [export.table_row([DatedDeal(d, r.published)]) for d in r.deals]
            emit(rows, fmt, title=f"{r.source} 项目 deals", name="extract")
            if r.aggregates:
                emit(
                    [render.aggregate_row(a) for a in r.aggregates],
                    fmt,
                    title=f"{r.source} 汇总 aggregates",
                    name="extract",
                )
    else:
        groups = [[DatedDeal(d, r.published)] for r in results for d in r.deals]
        aggs = export.aggregate_rows((a for r in results for a in r.aggregates), codes=codes)
        rows = export.deal_rows(groups, codes=codes)
        emit(
            rows,
            fmt,
            title="deals",
            name="extract",
            output=output,
            sheet="项目",
            more_sheets=[("汇总", aggs)],
        )
    if failed:
        raise typer.Exit(1)


@app.command()
def deals(
    min_yi: Annotated[
        float | None, typer.Option("--min-yi", min=0, help="Amount at least this many 亿元.")
    ] = None,
    max_yi: Annotated[
        float | None, typer.Option("--max-yi", min=0, help="Amount at most this many 亿元.")
    ] = None,
    province: Annotated[str | None, typer.Option(help="e.g. 重庆市")] = None,
    city: Annotated[str | None, typer.Option(help="e.g. 益阳市")] = None,
    district: Annotated[str | None, typer.Option(help="e.g. 松江区")] = None,
    place: Annotated[str | None, typer.Option(help="Any place text, e.g. 高新区")] = None,
    stage: Annotated[
        str | None,
        typer.Option(
            help="intent signed landed started operating other, or 意向 签约 落地 开工 投产 其他",
            callback=_stage_option,
        ),
    ] = None,
    industry: Annotated[str | None, typer.Option(help="e.g. 人工智能")] = None,
    investor: Annotated[str | None, typer.Option(help="Part of an investor's name.")] = None,
    date_from: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="From this date (2023-07-28, 2023-07 or 2023); an undated deal goes by its article's date.",
            callback=_date_option,
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option("--to", help="Up to this date (same forms as --from).", callback=_date_option),
    ] = None,
    source: Annotated[str | None, typer.Option(help="One source id.")] = None,
    dedupe: Annotated[
        bool, typer.Option(help="Group the same project reported by several articles.")
    ] = False,
    aggregates: Annotated[bool, typer.Option(help="Show reported totals instead of deals.")] = False,
    fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.table,
    codes: Annotated[bool, typer.Option("--codes", help=CODES_HELP)] = False,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """List stored deals with filters (run in Chroma); csv and xlsx open as they are in Excel."""
    from .. import export, render
    from ..deals import query_aggregates, query_dated_deals
    from ..filters import DealFilter, dedupe_groups
    from ..store import Store

    check_target(fmt, output, name="deals")
    try:
        flt = DealFilter.of(
            min_yi=min_yi, max_yi=max_yi, province=province, city=city, district=district, place=place,
            stage=stage, industry=industry, investor=investor, date_from=date_from, date_to=date_to,
            source=source,
        )  # fmt: skip
    except InputError as exc:
        raise typer.BadParameter(str(exc)) from exc
    codes = codes or fmt in (Fmt.json, Fmt.jsonl)
    with guard():
        store = Store(State.settings)
        aggs = query_aggregates(store, flt) if aggregates or fmt is Fmt.xlsx else []
        found = [] if aggregates else query_dated_deals(store, flt)
        if not (found or aggs):
            store.require_articles()
    agg_rows = export.aggregate_rows(aggs, codes=codes)
    if aggregates:
        rows = [render.aggregate_row(a) for a in aggs] if fmt is Fmt.table else agg_rows
        emit(rows, fmt, title=f"汇总 aggregates（{len(rows)}）", name="deals", output=output, sheet="汇总")
        return
    groups = dedupe_groups(found) if dedupe else [[d] for d in found]
    if fmt is Fmt.table:
        rows = [export.table_row(g) for g in groups]
    else:
        rows = export.deal_rows(groups, codes=codes)
    title = f"项目 deals（{len(rows)}）"
    emit(rows, fmt, title=title, name="deals", output=output, sheet="项目", more_sheets=[("汇总", agg_rows)])
