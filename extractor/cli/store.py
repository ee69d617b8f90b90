"""Commands that fill the store and show what is in it: ingest, sources, show."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from ..errors import InputError
from .app import State, app, guard
from .output import Fmt, emit, out, print_summary, progress


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html).")],
    rebuild: Annotated[bool, typer.Option(help="Delete the store and start over.")] = False,
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

        report = run_ingest(paths, settings=settings, rebuild=rebuild, progress=tick)
        batch = None
        skipped = 0
        if extract:
            store = Store(settings)
            ex = bar.add_task("抽取 extract", total=None, item="")
            count = {"n": 0}

            def extracted(article: Any, result: Any, error: str | None) -> None:
                count["n"] += 1
                bar.update(ex, completed=count["n"], item=article.source)

            batch, skipped = extract_pending(store, backend=backend, settings=settings, on_done=extracted)
    summary: dict[str, Any] = report.summary() if hasattr(report, "summary") else dict(vars(report))
    if batch is not None:
        summary |= {
            "backend": settings.resolve_backend(backend),
            "extracted": len(batch.results),
            "extraction_skipped_unchanged": skipped,
            "deals": sum(len(r.deals) for r in batch.results),
            "aggregates": sum(len(r.aggregates) for r in batch.results),
            "llm_calls": sum(r.diagnostics.calls for r in batch.results),
            "prompt_tokens": sum(r.diagnostics.prompt_tokens for r in batch.results),
            "completion_tokens": sum(r.diagnostics.completion_tokens for r in batch.results),
            "cached": sum(r.diagnostics.cached for r in batch.results),
            "dropped_unverified": sum(r.diagnostics.dropped for r in batch.results),
            "extraction_failed": [{"source": s, "reason": r} for s, r in batch.failed],
        }
    if fmt is Fmt.json:
        sys.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        print_summary(summary)
    if not report.ok or (batch is not None and not batch.ok):
        raise typer.Exit(1)


@app.command()
def sources(fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.table) -> None:
    """List ingested articles (id, title, date, paragraphs, chunks)."""
    from ..ingest import list_sources

    with guard():
        rows = list_sources(State.settings)
    emit(rows, fmt, title="已入库文章 sources")


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
