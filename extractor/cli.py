"""The ``dealqa`` command: a thin layer over the API, errors translated at the boundary."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import render
from .config import Settings, get_settings
from .errors import DealqaError, InputError

app = typer.Typer(
    help="dealqa: 招商引资新闻 → 可核查的项目数据与带引用的问答 (investment news into checkable deals).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped or captured output is not squeezed to 80 columns: tables stay one row per record.
out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True)


class Fmt(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


class State:
    settings: Settings = get_settings()


@app.callback()
def _root(
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="Where the store lives (DEALQA_DATA_DIR).")
    ] = None,
    chroma_host: Annotated[
        str | None, typer.Option("--chroma-host", help="Use a `chroma run` server (DEALQA_CHROMA_HOST).")
    ] = None,
    chroma_port: Annotated[int | None, typer.Option("--chroma-port", help="Server port.")] = None,
) -> None:
    changes: dict[str, Any] = {}
    if data_dir is not None:
        changes["data_dir"] = data_dir
    if chroma_host is not None:
        changes["chroma_host"] = chroma_host
    if chroma_port is not None:
        changes["chroma_port"] = chroma_port
    State.settings = get_settings().with_(**changes) if changes else get_settings()


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except DealqaError as exc:
        err.print(f"[bold red]错误 error:[/] {exc}")
        raise typer.Exit(1) from exc


def _progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[item]}", style="dim"),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _emit(rows: Sequence[dict[str, Any]], fmt: Fmt, *, title: str, output: Path | None = None) -> None:
    if fmt is Fmt.xlsx:
        target = output or Path("deals.xlsx")
        target.write_bytes(render.to_xlsx(rows))
        err.print(f"wrote {len(rows)} rows to {target}")
        return
    if fmt is Fmt.csv:
        text = render.to_csv(rows)
    elif fmt is Fmt.jsonl:
        text = render.to_jsonl(rows)
    elif fmt is Fmt.json:
        text = json.dumps(list(rows), ensure_ascii=False, indent=2) + "\n"
    else:
        table = Table(title=title, show_lines=False, header_style="bold")
        for col in rows[0] if rows else ["（无）"]:
            table.add_column(col, overflow="fold")
        for row in rows:
            table.add_row(*(str(v) for v in row.values()))
        out.print(table)
        return
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(rows)} rows to {output}")
    else:
        sys.stdout.write(text)


# ---------------------------------------------------------------------------- ingest & look


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt .md .html).")],
    rebuild: Annotated[bool, typer.Option(help="Delete the store and start over.")] = False,
    extract: Annotated[bool, typer.Option(help="Extract deals from new or changed articles.")] = True,
    backend: Annotated[str | None, typer.Option(help="rules or llm (default: llm if configured).")] = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="table or json summary.")] = Fmt.table,
) -> None:
    """Ingest articles into the store, then extract their deals (resumes what failed)."""
    from .deals import extract_pending
    from .ingest import ingest as run_ingest
    from .store import Store

    settings = State.settings
    with _errors(), _progress() as bar:
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
        _print_summary(summary)
    if not report.ok or (batch is not None and not batch.ok):
        raise typer.Exit(1)


def _print_summary(summary: dict[str, Any]) -> None:
    table = Table(title="入库小结 ingest summary", show_header=False)
    for key, value in summary.items():
        if key in ("failed", "extraction_failed"):
            continue
        table.add_row(key, str(value))
    out.print(table)
    for key in ("failed", "extraction_failed"):
        for item in summary.get(key) or []:
            if isinstance(item, dict):
                src, reason = item.get("path") or item.get("source"), item.get("reason")
            else:
                src, reason = item
            err.print(f"[red]✗[/] {src}: {reason}")


@app.command()
def sources(fmt: Annotated[Fmt, typer.Option("--format")] = Fmt.table) -> None:
    """List ingested articles (id, title, date, paragraphs, chunks)."""
    from .ingest import list_sources

    with _errors():
        rows = list_sources(State.settings)
    _emit(rows, fmt, title="已入库文章 sources")


@app.command()
def show(ref: Annotated[str, typer.Argument(help="SOURCE or SOURCE#PARAGRAPH, e.g. 004_x.txt#4")]) -> None:
    """Print an article with paragraph numbers, or one paragraph: how a person checks a citation."""
    from .ingest import get_article

    source, _, para = ref.partition("#")
    with _errors():
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


# ---------------------------------------------------------------------------- deals


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
    from .extract import extract_article
    from .text.article import build_article
    from .text.decode import read_text_file

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
        _write(text + "\n", output)
    elif fmt is Fmt.jsonl:
        _write(render.to_jsonl(r.model_dump(mode="json") for r in results), output)
    elif fmt is Fmt.table:
        for r in results:
            _emit([render.deal_row(d) for d in r.deals], fmt, title=f"{r.source} 项目 deals")
            if r.aggregates:
                _emit(
                    [render.aggregate_row(a) for a in r.aggregates], fmt, title=f"{r.source} 汇总 aggregates"
                )
    else:
        _emit([render.flat_deal(d) for r in results for d in r.deals], fmt, title="deals", output=output)
    if failed:
        raise typer.Exit(1)


def _write(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


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
    from .deals import DealFilter, dedupe_groups, query_aggregates, query_deals
    from .store import Store

    flt = DealFilter(
        min_cny=None if min_yi is None else min_yi * 1e8,
        max_cny=None if max_yi is None else max_yi * 1e8,
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
    with _errors():
        store = Store(State.settings)
        if aggregates:
            aggs = query_aggregates(store, flt)
            rows = [render.aggregate_row(a) for a in aggs]
            _emit(rows, fmt, title=f"汇总 aggregates（{len(rows)}）", output=output)
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
    _emit(rows, fmt, title=f"项目 deals（{len(rows)}）", output=output)


# ---------------------------------------------------------------------------- questions


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help="A question in Chinese, e.g. 光大人工智能产业基地总投资多少?")
    ],
    k: Annotated[int, typer.Option(help="Passages to retrieve.")] = 8,
    backend: Annotated[str | None, typer.Option(help="rules or llm.")] = None,
    fmt: Annotated[Fmt, typer.Option("--format", help="table or json.")] = Fmt.table,
) -> None:
    """Answer a question from the ingested articles, with citations (or say it is not found)."""
    from .ingest import get_article
    from .qa import ask as run_ask

    with _errors():
        answer = run_ask(question, k=k, backend=backend, settings=State.settings)
        if fmt is Fmt.json:
            sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
            return
        out.print(Text(answer.answer, style="bold yellow" if answer.abstained else "bold"))
        spans = answer.related if answer.abstained else answer.citations
        if spans:
            out.print(
                "[dim]相关段落 related (not citations):[/]" if answer.abstained else "[dim]引用 citations:[/]"
            )
        for i, span in enumerate(spans, 1):
            article = get_article(span.source, State.settings)
            p = article.paragraph(span.paragraph)
            line = Text(f"[{i}] {span.source}#{span.paragraph}  ", style="cyan")
            line.append(article.text[p.start : span.start])
            line.append(
                article.text[span.start : span.end], style="black on yellow" if not answer.abstained else ""
            )
            line.append(article.text[span.end : p.end])
            out.print(line)
        out.print(f"[dim]route {answer.route} · backend {answer.backend}[/]")


# ---------------------------------------------------------------------------- eval, bench, serve


@app.command(name="eval")
def eval_cmd(
    articles: Annotated[Path, typer.Option(help="Folder of articles.")] = Path("seeds"),
    deals_file: Annotated[Path, typer.Option("--deals", help="Gold deals.jsonl.")] = Path(
        "evals/gold/deals.jsonl"
    ),
    qa_file: Annotated[Path, typer.Option("--qa", help="Gold qa.jsonl.")] = Path("evals/gold/qa.jsonl"),
    backend: Annotated[str | None, typer.Option(help="rules or llm.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the metrics as JSON.")] = None,
) -> None:
    """Score extraction, QA and retrieval against gold labels (in a temporary store)."""
    from .evaluate import print_report, run_eval

    with _errors():
        report = run_eval(articles, deals_file, qa_file, backend=backend, settings=State.settings)
    print_report(report, out)
    if json_out:
        json_out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


@app.command()
def bench(
    articles: Annotated[int, typer.Option(help="Synthetic articles made from the seeds.")] = 1000,
    questions: Annotated[int, typer.Option(help="Questions to time.")] = 200,
    llm: Annotated[
        bool, typer.Option(help="Also measure the LLM path through a loopback test server.")
    ] = True,
) -> None:
    """Measure ingest, extraction and ask() speed on this machine."""
    from .bench import run_bench

    with _errors():
        run_bench(n_articles=articles, n_questions=questions, with_llm=llm, console=out)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Bind address (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Start the web page for staff (ask, deals, articles) over the same data directory."""
    import uvicorn

    from .web.app import create_app

    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]warning:[/] binding to {host} exposes the store to your network")
    uvicorn.run(create_app(State.settings), host=host, port=port, log_level="info")


def main(argv: Sequence[str] | None = None) -> None:
    # instructor logs every failed validation at warning level; dealqa reports them in diagnostics
    logging.getLogger("instructor").setLevel(logging.ERROR)
    app(args=list(argv) if argv is not None else None, prog_name="dealqa")
