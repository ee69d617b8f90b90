"""Commands for questions and measurements: ask, log, eval, bench, serve."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from .app import State, app, guard
from .output import TextFmt, err, out


@app.command()
def ask(
    question: Annotated[
        str, typer.Argument(help="A question in Chinese, e.g. 光大人工智能产业基地总投资多少?")
    ],
    k: Annotated[int, typer.Option(help="Passages to retrieve.")] = 8,
    backend: Annotated[str | None, typer.Option(help="rules or llm.")] = None,
    fmt: Annotated[TextFmt, typer.Option("--format", help="table or json.")] = TextFmt.table,
) -> None:
    """Answer a question from the ingested articles, with citations (or say it is not found)."""
    from .. import qalog
    from ..qa import ask as run_ask
    from ..store import Store

    with guard():
        started = time.perf_counter()
        answer = run_ask(question, k=k, backend=backend, settings=State.settings)
        qalog.record(answer, settings=State.settings, seconds=time.perf_counter() - started, via="cli")
        store = Store(State.settings)
        if answer.abstained and not answer.related:
            store.require_articles()  # nothing related may mean nothing at all
        if fmt is TextFmt.json:
            sys.stdout.write(answer.model_dump_json(indent=2) + "\n")
            return
        out.print(Text(answer.answer, style="bold yellow" if answer.abstained else "bold"))
        spans = answer.related if answer.abstained else answer.citations
        if spans:
            out.print(
                "[dim]相关段落 related (not citations):[/]" if answer.abstained else "[dim]引用 citations:[/]"
            )
        articles = {source: store.get_article(source) for source in dict.fromkeys(s.source for s in spans)}
        for i, span in enumerate(spans, 1):
            article = articles[span.source]
            p = article.paragraph(span.paragraph)
            line = Text(f"[{i}] {span.source}#{span.paragraph}  ", style="cyan")
            line.append(article.text[p.start : span.start])
            line.append(
                article.text[span.start : span.end], style="black on yellow" if not answer.abstained else ""
            )
            line.append(article.text[span.end : p.end])
            out.print(line)
        out.print(f"[dim]route {answer.route} · backend {answer.backend}[/]")


@app.command(name="log")
def log_cmd(
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many, newest first.")] = 20,
    fmt: Annotated[TextFmt, typer.Option("--format", help="table or json.")] = TextFmt.table,
) -> None:
    """The questions asked of this store (CLI and web), newest first, with answers and citations."""
    from .. import qalog

    with guard():
        entries = qalog.read(State.settings, limit=limit)
    if fmt is TextFmt.json:
        sys.stdout.write(json.dumps([e.model_dump() for e in entries], ensure_ascii=False, indent=2) + "\n")
        return
    if not entries:
        where = qalog.log_path(State.settings)
        err.print(f"no questions logged yet in {where}: ask one with dealqa ask", soft_wrap=True)
        return
    for e in entries:
        out.print(f"[dim]{e.time} · {e.via} · {e.backend} · {e.route} · {e.seconds:.2f}s[/]")
        out.print(Text(e.question, style="bold"))
        out.print(Text(e.answer, style="yellow" if e.abstained else ""))
        if e.citations:
            out.print(Text("引用 " + " ".join(e.citations), style="cyan"))
        out.print()


@app.command(name="eval")
def eval_cmd(
    articles: Annotated[Path, typer.Option(help="Folder of articles.")] = Path("seeds"),
    deals_file: Annotated[Path, typer.Option("--deals", help="Gold deals.jsonl.")] = Path(
        "evals/gold/deals.jsonl"
    ),
    qa_file: Annotated[Path, typer.Option("--qa", help="Gold qa.jsonl.")] = Path("evals/gold/qa.jsonl"),
    backend: Annotated[str | None, typer.Option(help="rules or llm.")] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the metrics as JSON.")] = None,
    half: Annotated[
        str | None, typer.Option(help="Score only the odd or even half (files and questions): odd|even.")
    ] = None,
) -> None:
    """Score extraction, QA and retrieval against gold labels (in a temporary store)."""
    from ..evaluate import print_report, run_eval

    with guard():
        report = run_eval(articles, deals_file, qa_file, backend=backend, settings=State.settings, half=half)
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
    from ..bench import run_bench

    with guard():
        run_bench(n_articles=articles, n_questions=questions, with_llm=llm, console=out)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Bind address (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
) -> None:
    """Start the web page for staff (ask, deals, articles) over the same data directory."""
    from ..web.server import serve as serve_web

    with guard():
        serve_web(State.settings, host=host, port=port, warn=lambda m: err.print(f"[yellow]warning:[/] {m}"))
