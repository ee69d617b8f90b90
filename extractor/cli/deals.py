"""Commands about deals: extract files, list and export stored deals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .. import render
from ..errors import DealqaError
from .app import State, app, guard
from .output import Fmt, emit, err, write


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files to extract (not stored).")],
    backend: Annotated[str | None, typer.Option(help="rules or llm.")] = None,
    fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write an audit page with every span highlighted.")
    ] = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse cached LLM results.")] = True,
) -> None:
    """Extract deals from files and print them (table, json, jsonl, csv, xlsx)."""
    from ..extract import extract_article
    from ..text.article import build_article
    from ..text.decode import read_text_file

    settings = State.settings.with_(use_cache=cache)
    results = []
    failed = False
    for path in files:
        try:
            text, title = read_text_file(path)
            article = build_article(text, source=path.name, path=str(path), html_title=title)
            result = extract_article(article, backend=backend, settings=settings)
        except DealqaError as exc:
            err.print(f"[red]✗[/] {path}: {exc}")
            failed = True
            continue
        results.append(result)
        err.print(
            f"[green]✓[/] {path.name}: {len(result.deals)} deals, {len(result.aggregates)} aggregates "
            f"[dim](backend {result.backend}, {result.diagnostics.seconds:.2f}s)[/]"
        )
        if html:
            target = html if len(files) == 1 else html.with_name(f"{html.stem}-{path.stem}.html")
            target.write_text(render.audit_html(article, result), encoding="utf-8")
            err.print(f"  audit page: {target}")
    if fmt is Fmt.json:
        text = json.dumps([r.model_dump(mode="json") for r in results], ensure_ascii=False, indent=2)
        write(text + "\n", output)
    elif fmt is Fmt.jsonl:
        write(render.to_jsonl(r.model_dump(mode="json") for r in results), output)
    elif fmt is Fmt.table:
        for r in results:
            emit([render.deal_row(d) for d in r.deals], fmt, title=f"{r.source} 项目 deals")
            if r.aggregates:
                emit(
                    [render.aggregate_row(a) for a in r.aggregates], fmt, title=f"{r.source} 汇总 aggregates"
                )
    else:
        emit([render.flat_deal(d) for r in results for d in r.deals], fmt, title="deals", output=output)
    if failed:
        raise typer.Exit(1)


@app.command()
def deals(
    min_yi: Annotated[float | None, typer.Option("--min-yi", help="Amount at least this many 亿元.")] = None,
    max_yi: Annotated[float | None, typer.Option("--max-yi", help="Amount at most this many 亿元.")] = None,
    province: Annotated[str | None, typer.Option(help="e.g. 重庆市")] = None,
    city: Annotated[str | None, typer.Option(help="e.g. 益阳市")] = None,
    district: Annotated[str | None, typer.Option(help="e.g. 松江区")] = None,
    place: Annotated[str | None, typer.Option(help="Any place text, e.g. 高新区")] = None,
    stage: Annotated[str | None, typer.Option(help="intent signed landed started operating other")] = None,
    industry: Annotated[str | None, typer.Option(help="e.g. 人工智能")] = None,
    investor: Annotated[str | None, typer.Option(help="Part of an investor's name.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="ISO date")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="ISO date")] = None,
    source: Annotated[str | None, typer.Option(help="One source id.")] = None,
    dedupe: Annotated[
        bool, typer.Option(help="Group the same project reported by several articles.")
    ] = False,
    aggregates: Annotated[bool, typer.Option(help="Show reported totals instead of deals.")] = False,
    fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.table,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
) -> None:
    """List stored deals with filters (run in Chroma)."""
    from ..deals import dedupe_groups, query_aggregates, query_deals
    from ..filters import DealFilter
    from ..store import Store

    flt = DealFilter.of(
        min_yi=min_yi,
        max_yi=max_yi,
        province=province,
        city=city,
        district=district,
        place=place,
        stage=stage,
        industry=industry,
        investor=investor,
        date_from=date_from,
        date_to=date_to,
        source=source,
    )
    with guard():
        store = Store(State.settings)
        if aggregates:
            aggs = query_aggregates(store, flt)
            rows = [render.aggregate_row(a) for a in aggs]
            emit(rows, fmt, title=f"汇总 aggregates（{len(rows)}）", output=output)
            return
        found = query_deals(store, flt)
    if dedupe:
        rows = []
        for group in dedupe_groups(found):
            row = render.deal_row(group[0]) if fmt is Fmt.table else render.flat_deal(group[0])
            key = "来源" if fmt is Fmt.table else "source"
            row[key] = "；".join(render.cite(d.evidence[0]) for d in group)
            rows.append(row)
    else:
        rows = [render.deal_row(d) if fmt is Fmt.table else render.flat_deal(d) for d in found]
    emit(rows, fmt, title=f"项目 deals（{len(rows)}）", output=output)
