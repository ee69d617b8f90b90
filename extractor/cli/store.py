"""Commands that fill the store, show what is in it and manage it: ingest, sources, show, remove, info."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from ..errors import InputError
from .app import State, app, guard
from .output import Fmt, emit, err, out, print_summary, progress


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html .docx .pdf).")],
    rebuild: Annotated[bool, typer.Option(help="Delete the store and start over.")] = False,
    replace: Annotated[
        bool,
        typer.Option(
            help="Replace a stored article by a different file of the same name (from another folder)."
        ),
    ] = False,
    extract: Annotated[bool, typer.Option(help="Extract deals from new or changed articles.")] = True,
    backend: Annotated[str | None, typer.Option(help="rules or llm (default: llm if configured).")] = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="table or json summary.")] = Fmt.table,
) -> None:
    """Ingest articles into the store, then extract their deals (resumes what failed)."""
    from ..deals import extract_pending
    from ..ingest import ingest as run_ingest
    from ..store import Store

    settings = State.settings
    with guard(), progress() as bar:
        task = bar.add_task("入库 ingest", total=None, item="")

        def tick(done: int, total: int, path: object) -> None:
            bar.update(task, completed=done, total=total, item=Path(str(path)).name)

        report = run_ingest(paths, settings=settings, rebuild=rebuild, replace=replace, progress=tick)
        batch = None
        skipped = 0
        if extract:
            store = Store(settings)
            ex = bar.add_task("抽取 extract", total=None, item="")
            count = {"n": 0}

            def extracted(article: Any, result: Any, error: str | None) -> None:
                count["n"] += 1
                bar.update(ex, completed=count["n"], item=article.source)

            batch, skipped = extract_pending(
                store, backend=backend, settings=settings, on_done=extracted, keep_results=False
            )
            if batch.totals.extracted or report.ingested:
                # the deal route's record index of the store as it now is, saved for every later
                # reader (else the first deal question after this run builds it: 15 s at 20k articles)
                from ..qa import prepare

                idx = bar.add_task("索引 index", total=1, item="")
                prepare(settings)
                bar.update(idx, completed=1)
    summary: dict[str, Any] = report.summary() if hasattr(report, "summary") else dict(vars(report))
    if batch is not None:
        summary |= {
            "backend": settings.resolve_backend(backend),
            "extracted": batch.totals.extracted,
            "extraction_skipped_unchanged": skipped,
            "deals": batch.totals.deals,
            "aggregates": batch.totals.aggregates,
            "llm_calls": batch.totals.llm_calls,
            "prompt_tokens": batch.totals.prompt_tokens,
            "completion_tokens": batch.totals.completion_tokens,
            "cached": batch.totals.cached,
            "dropped_unverified": batch.totals.dropped,
            "extraction_failed": [{"source": s, "reason": r} for s, r in batch.failed],
        }
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        duplicates = summary.pop("duplicates", [])
        passed = summary.pop("skipped", [])
        print_summary(summary | {"skipped": len(passed), "duplicates": len(duplicates)})
        for d in duplicates:
            err.print(Text(f"= {d['path']}: duplicate of {d['duplicate_of']}, not stored again"))
        _print_skipped(passed)
    if not report.ok or (batch is not None and not batch.ok):
        raise typer.Exit(1)


# Skipped files named one per line up to this many; the rest are counted (``--format json`` lists all).
_SKIPPED_SHOWN = 20


def _print_skipped(passed: list[dict[str, str]]) -> None:
    """Name every skipped file with its reason: not failures (the run still succeeds), but not silent."""
    if not passed:
        return
    err.print(Text(f"跳过 skipped {len(passed)}: not read, the rest of the run goes on"))
    for item in passed[:_SKIPPED_SHOWN]:
        err.print(Text(f"- {item['path']} ({item['reason']})"))
    if len(passed) > _SKIPPED_SHOWN:
        err.print(Text(f"… 另有 and {len(passed) - _SKIPPED_SHOWN} more (--format json lists all)"))


@app.command()
def sources(fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.table) -> None:
    """List ingested articles (id, title, date, paragraphs, chunks)."""
    from ..store import Store

    with guard():
        store = Store(State.settings)
        store.require_articles()
        rows = store.list_sources()
    if fmt is Fmt.table:  # a missing date is an empty cell, not "None"
        rows = [{k: "" if v is None else v for k, v in row.items()} for row in rows]
    emit(rows, fmt, title="已入库文章 sources", name="sources")


@app.command()
def remove(
    sources: Annotated[list[str], typer.Argument(help="Article ids as `dealqa sources` lists them.")],
    fmt: Annotated[Fmt, typer.Option("--format", help="table or json.")] = Fmt.table,
) -> None:
    """Remove articles with their paragraphs, index entries and deals (all named, or none)."""
    from .. import remove as run_remove

    with guard():
        removed = run_remove(sources, settings=State.settings)
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps({"removed": removed}, ensure_ascii=False) + "\n")
    else:
        for source in removed:
            out.print(Text(f"removed {source}"))


@app.command()
def info(fmt: Annotated[Fmt, typer.Option("--format", help="table or json.")] = Fmt.table) -> None:
    """Show the store in use: where it is, its articles, deals and size, the backend and embedder."""
    from ..deals import query_aggregates, query_deals
    from ..errors import ConfigError
    from ..store import Store

    settings = State.settings
    with guard():
        store = Store(settings)
        facts = store.info()
        facts["deals"] = len(query_deals(store))  # the store already open, not one per count
        facts["aggregates"] = len(query_aggregates(store))
        try:
            facts["backend"] = settings.resolve_backend()
        except ConfigError as exc:
            facts["backend"] = f"{settings.backend} (not usable: {exc})"
        facts["llm_model"] = settings.llm_model
        facts["embedder"] = store.embedder.name
        facts["embed_dim"] = store.embedder.dim
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps(facts, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title="数据库 store", show_header=False)
    for key, value in facts.items():
        shown = _size(value) if key == "bytes_on_disk" else ("" if value is None else str(value))
        table.add_row(key, shown)
    out.print(table)


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB ({n} bytes)"


@app.command()
def show(ref: Annotated[str, typer.Argument(help="SOURCE or SOURCE#PARAGRAPH, e.g. 004_x.txt#4")]) -> None:
    """Print an article with paragraph numbers, or one paragraph: how a person checks a citation."""
    from ..ingest import get_article

    source, _, para = ref.partition("#")
    with guard():
        if para and not para.isdigit():
            raise InputError(f"{ref}: the part after # is a paragraph number, e.g. {source}#4")
        article = get_article(source, State.settings)
        numbers = [int(para)] if para else [p.n for p in article.paragraphs]
        if not para:
            meta = f"{article.source} · {article.published or ''}"
            out.print(f"[bold]{article.title or article.source}[/]  [dim]{meta}[/]")
        for n in numbers:
            p = article.paragraph(n)
            style = "dim" if p.kind == "boilerplate" else ("bold" if p.kind == "heading" else "")
            line = Text(f"{n:>3}  ", style="cyan")
            line.append(article.text[p.start : p.end], style=style)
            out.print(line)
