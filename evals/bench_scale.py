"""Bounded work and scale (issue 14): linear extraction, a 2 MB ingest, and stores of N articles.

    nice -n 10 .venv/bin/python evals/bench_scale.py linear            # extraction ms per 1,000 chars
    nice -n 10 .venv/bin/python evals/bench_scale.py scale -n 1000 -n 20000
    nice -n 10 .venv/bin/python evals/bench_scale.py all                # both, defaults below

Results are merged into ``evals/bench_scale.json`` (``--out`` to change).

``linear`` times the rules backend on one-line articles (no line break at
all: one paragraph, the worst case for anything per-paragraph) made of
realistic sentences of our own (a deal, a total, filler) at 10 KB … 2 MB, each
size in a fresh process after a warm-up, and reports ms per 1,000 characters
(flat = linear). It then ingests the 2 MB article (the largest the ingest
accepts: ``text/files.py`` caps a text at 2,000,000 characters) into a fresh
store and reports the time and the peak memory of that process.

``scale`` builds stores of N articles made from ``seeds/*.txt`` and
``evals/corpus/articles/*.txt`` (each variant renames places, firms' brand
words and amounts, so no two are the same text), embedded Chroma, hash
embedder, rules backend, under a temporary folder; and reports the ingest
rate (store, then deal extraction), the first ``ask()`` of a fresh process
(median of 3 processes), warm ``ask()`` p50/p95 over 20 gold questions (after the
server's warm-up, ``web.app.warm``, as ``dealqa serve`` does before it reports ready), the
peak memory of the asking process, and bytes on disk per article and per byte
of text. Every process that is measured is a child of this one, so its peak
memory (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "evals" / "bench_scale.json"
SIZES = [10_000, 100_000, 500_000, 1_000_000, 2_000_000]
MAX_TEXT_CHARS = 2_000_000  # extractor/text/files.py: the largest text an ingest accepts
WARM_QUESTIONS = 20

# --------------------------------------------------------------------------- one-line articles

FIRMS = [
    "光大",
    "华润",
    "中建",
    "比亚迪",
    "宁德时代",
    "京东方",
    "腾讯",
    "美的",
    "海尔",
    "格力",
    "隆基",
    "蔚来",
]
ZONES = [
    "成都高新区",
    "重庆两江新区",
    "武汉东湖高新区",
    "苏州工业园区",
    "合肥经开区",
    "西安高新区",
    "长沙经开区",
]
KINDS = [
    "人工智能产业基地",
    "新能源电池项目",
    "智能制造产业园",
    "数据中心项目",
    "生物医药产业园",
    "半导体封测基地",
]


def sentences(i: int) -> str:
    """A deal sentence, a total sentence and a filler sentence, varied by ``i``."""
    firm = FIRMS[i % len(FIRMS)] + ("集团" if i % 2 else "科技有限公司")
    zone = ZONES[(i // 3) % len(ZONES)]
    kind = KINDS[(i // 5) % len(KINDS)]
    return (
        f"{firm}与{zone}签约{firm[:2]}{kind}，总投资{(i * 7) % 300 + 5}亿元，"
        f"预计达产后年产值{(i * 3) % 90 + 10}亿元。"
        f"今年{i % 12 + 1}月，{zone}共签约项目{i % 40 + 3}个，总投资额达{(i * 11) % 900 + 50}亿元。"
        "会上，相关负责人介绍了营商环境和产业发展情况，企业代表就产业链合作进行了交流讨论。"
    )


def one_line(size: int) -> str:
    """``size`` characters of sentences with no line break."""
    parts: list[str] = []
    n = i = 0
    while n < size:
        s = sentences(i)
        parts.append(s)
        n += len(s)
        i += 1
    return "".join(parts)[:size]


# --------------------------------------------------------------------------- article variants

CITIES = [
    "成都", "重庆", "上海", "北京", "武汉", "广州", "深圳", "杭州", "南京", "苏州", "西安", "合肥",
    "长沙", "郑州", "济南", "青岛", "宁波", "厦门", "福州", "昆明", "贵阳", "南宁", "天津", "沈阳",
]  # fmt: skip
_CITY = re.compile("|".join(CITIES))
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)(?=\s*(?:亿|万))")
_BRAND = re.compile(r"([\u4e00-\u9fff]{2})(?=(?:集团|股份|科技|有限公司|控股))")
BRANDS = ["瑞丰", "恒达", "华信", "天成", "宏远", "金泰", "博雅", "中科", "鼎盛", "新锐", "海纳", "联创"]


def variant(text: str, i: int) -> str:
    """Article ``text`` with its cities rotated, firms' brand words renamed and amounts shifted by ``i``."""
    shift = i % len(CITIES)
    text = _CITY.sub(lambda m: CITIES[(CITIES.index(m.group()) + shift) % len(CITIES)], text)
    text = _BRAND.sub(lambda m: BRANDS[(i + len(m.group())) % len(BRANDS)] if i else m.group(), text)
    step = i + 1

    def amount(m: re.Match[str]) -> str:
        value = m.group(1)
        if "." in value:
            return f"{float(value) + step / 100:.2f}"
        return str(int(value) + step)

    return _AMOUNT.sub(amount, text)


def make_variants(folder: Path, n: int) -> dict[str, int]:
    """Write ``n`` distinct article variants into ``folder``; their count and bytes."""
    bases = [
        p.read_text(encoding="utf-8")
        for p in [
            *sorted((ROOT / "seeds").glob("*.txt")),
            *sorted((ROOT / "evals/corpus/articles").glob("*.txt")),
        ]
    ]
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    total = 0
    for i in range(n):
        text = variant(bases[i % len(bases)], i // len(bases))
        key = hashlib.sha256(re.sub(r"\s+", "", text).encode()).hexdigest()
        if key in seen:  # no amount and no city to vary: number the headline
            first, _, rest = text.partition("\n")
            text = f"{first}（{i}）\n{rest}"
        seen.add(key)
        path = folder / f"v{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        total += path.stat().st_size
    return {"articles": n, "text_bytes": total}


# --------------------------------------------------------------------------- measured child processes


# Set by ``scale --server`` for the children: the port of the ``chroma run`` the store lives in.
_SERVER_PORT = "DEALQA_BENCH_CHROMA_PORT"


def _settings(data: str) -> Any:
    from extractor.config import Settings

    port = os.environ.get(_SERVER_PORT)
    if port:
        server = {"chroma_host": "127.0.0.1", "chroma_port": int(port)}
        return Settings(data_dir=Path(data), **server, embedder="hash", backend="rules")
    return Settings(data_dir=Path(data), chroma_host=None, embedder="hash", backend="rules")


class ChromaServer:
    """A ``chroma run`` on a free loopback port over ``path``, for one store of the scale bench."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port or 0))
            self.port = sock.getsockname()[1]
        self.path = path
        exe = Path(sys.executable).with_name("chroma")
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        self.log = (path.parent / f"{path.name}.log").open("wb")
        self.proc = subprocess.Popen(
            [str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while not self._up():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"chroma run did not start; see {self.log.name}")
            time.sleep(0.2)
        os.environ[_SERVER_PORT] = str(self.port)

    def _up(self) -> bool:
        import urllib.request

        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=2):
                return True
        except OSError:
            return False

    def stop(self) -> None:
        os.environ.pop(_SERVER_PORT, None)
        self.proc.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _peaks() -> dict[str, float]:
    """Peak resident memory of this process and of its biggest finished child, MB (Linux: KiB)."""
    return {
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_mb_workers": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
    }


def child_extract(size: int) -> dict[str, Any]:
    from extractor import extract

    extract(sentences(999_999), backend="rules")  # jieba's dictionaries, the lexicon, jionlp
    text = one_line(size)
    began = time.perf_counter()
    result = extract(text, backend="rules")
    seconds = time.perf_counter() - began
    return {
        "chars": size,
        "seconds": round(seconds, 3),
        "ms_per_1000_chars": round(seconds * 1e6 / size, 2),
        "deals": len(result.deals),
        "aggregates": len(result.aggregates),
        **_peaks(),
    }


def child_ingest(data: str, paths: list[str]) -> dict[str, Any]:
    from extractor.deals import extract_pending
    from extractor.ingest import ingest
    from extractor.store import Store

    settings = _settings(data)
    began = time.perf_counter()
    report = ingest(paths, settings=settings)
    stored = time.perf_counter() - began
    after_store = _peaks()["peak_mb"]
    began = time.perf_counter()
    # as `dealqa ingest` does: the results are stored and counted, not kept in memory
    batch, _ = extract_pending(Store(settings), backend="rules", settings=settings, keep_results=False)
    extracted = time.perf_counter() - began
    began = time.perf_counter()
    from extractor.qa import prepare

    prepare(settings)  # as `dealqa ingest` does last: the record index, saved for every reader
    indexed = time.perf_counter() - began
    return {
        "files": report.files,
        "ingested": report.ingested,
        "failed": [reason for _, reason in report.failed][:5],
        "duplicates": len(report.duplicates),
        "chunks": report.chunks,
        "store_seconds": round(stored, 2),
        "extract_seconds": round(extracted, 2),
        "index_seconds": round(indexed, 2),
        "deals": batch.totals.deals,
        "peak_mb_after_store": after_store,
        **_peaks(),
    }


def _questions() -> list[str]:
    lines = (ROOT / "evals/gold/qa.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["question"] for line in lines if line.strip()]


def child_ask(data: str, first: int, warm: int) -> dict[str, Any]:
    """The first ``ask()`` of this process (after its imports), then ``warm`` more, timed."""
    began = time.perf_counter()
    from extractor.qa import ask

    settings = _settings(data)
    imported = time.perf_counter() - began
    questions = _questions()
    began = time.perf_counter()
    answer = ask(questions[first % len(questions)], settings=settings, backend="rules")
    cold = time.perf_counter() - began
    out: dict[str, Any] = {
        "import_s": round(imported, 3),
        "first_ask_s": round(cold, 3),
        "first_answer_found": not answer.abstained,
    }
    if warm:
        # a server warms up before it reports ready (``web.app.warm``); warm asks are timed after it
        from extractor.web.app import warm as warm_up

        out["warm_up_s"] = round(warm_up(settings), 3)
        latencies, errors = [], []
        for q in questions[:warm]:
            t = time.perf_counter()
            try:
                ask(q, settings=settings, backend="rules")
            except Exception as e:  # a question that fails at this size is reported, not timed
                errors.append({"question": q, "error": str(e)[:300]})
                continue
            latencies.append(time.perf_counter() - t)
        out["warm_ms"] = [round(x * 1000, 1) for x in latencies]
        out["errors"] = errors
    out.update(_peaks())
    return out


def run_child(*args: str) -> dict[str, Any]:
    """Run this script's ``_child`` mode in a fresh interpreter; its JSON, wall time and peak memory."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "_child", *args], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    out, _ = proc.communicate()
    wall = time.perf_counter() - began
    if proc.returncode:
        raise SystemExit(f"child {' '.join(args)} failed with exit code {proc.returncode}")
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["process_wall_s"] = round(wall, 3)
    return result


# --------------------------------------------------------------------------- the measurements


def say(line: str) -> None:
    print(line, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rate(articles: int, seconds: float) -> float | None:
    """Articles per second; None when a kept store's ingest was a re-run with nothing left to store."""
    return round(articles / seconds, 1) if articles and seconds else None


def disk_bytes(folder: Path) -> dict[str, int]:
    apparent = allocated = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            st = path.stat()
            apparent += st.st_size
            allocated += st.st_blocks * 512
    return {"apparent": apparent, "allocated": allocated}


def bench_linear(sizes: list[int], tmp: Path) -> dict[str, Any]:
    rows = []
    for size in sizes:
        row = run_child("extract", str(size))
        say(
            f"  extract {size:>9,} chars: {row['seconds']:.2f} s, "
            f"{row['ms_per_1000_chars']} ms/1,000 chars, peak {row['peak_mb']:.0f} MB"
        )
        rows.append(row)
    biggest = min(max(sizes), MAX_TEXT_CHARS)
    src = tmp / "one_line"
    src.mkdir()
    path = src / "one_line.txt"
    path.write_text(one_line(biggest), encoding="utf-8")
    ingest = run_child("ingest", str(tmp / "one_line_data"), str(path))
    ingest.update(chars=biggest, file_bytes=path.stat().st_size)
    say(
        f"  ingest {biggest:,} chars: store {ingest['store_seconds']} s + "
        f"extract {ingest['extract_seconds']} s, peak {ingest['peak_mb']:.0f} MB "
        f"(workers {ingest['peak_mb_workers']:.0f} MB)"
    )
    per_k = [r["ms_per_1000_chars"] for r in rows]
    return {
        "extract": rows,
        "growth_largest_over_smallest_ms_per_1000": round(per_k[-1] / per_k[0], 2),
        "ingest_one_line": ingest,
    }


def bench_store(n: int, tmp: Path, keep: bool, *, server: bool = False) -> dict[str, Any]:
    """A store of ``n`` articles, embedded or (``server``) in its own ``chroma run``."""
    if not server:
        return _bench_store(n, tmp, keep, tmp / f"data_{n}")
    path = tmp / f"server_{n}"
    path.mkdir(exist_ok=True)
    chroma = ChromaServer(path)
    try:
        result = _bench_store(n, tmp, keep, tmp / f"data_server_{n}", measured=path)
    finally:
        chroma.stop()
    result["server"] = True
    return result


def _bench_store(n: int, tmp: Path, keep: bool, data: Path, measured: Path | None = None) -> dict[str, Any]:
    """``measured``: the folder whose size is the store's (the server's; default ``data``)."""
    src, built = tmp / f"articles_{n}", tmp / f"built_{data.name}.json"
    if built.exists():  # --keep'd by an earlier run: time the asks again, not the build
        corpus, ingest = json.loads(built.read_text(encoding="utf-8"))
        say(f"  reusing {data} (built {corpus['articles']:,} articles before)")
    else:
        corpus = make_variants(src, n)
        say(f"  {n:,} articles, {corpus['text_bytes'] / 1e6:.1f} MB of text: ingesting…")
        ingest = run_child("ingest", str(data), str(src))
        built.write_text(json.dumps([corpus, ingest]), encoding="utf-8")
    seconds = ingest["store_seconds"] + ingest["extract_seconds"]
    say(
        f"  ingested {ingest['ingested']:,} in {ingest['store_seconds']} s "
        f"+ extraction {ingest['extract_seconds']} s"
    )
    colds = [run_child("ask", str(data), str(i), "0") for i in range(3)]
    warm = run_child("ask", str(data), str(WARM_QUESTIONS), str(WARM_QUESTIONS))
    # a server's store, and the indexes its clients keep in their data folder
    disk = disk_bytes(data)
    if measured is not None:
        disk = {k: v + disk_bytes(measured)[k] for k, v in disk.items()}
    latencies = warm["warm_ms"]
    result = {
        **corpus,
        "ingest": ingest,
        "ingest_articles_per_s": rate(ingest["ingested"], ingest["store_seconds"]),
        "ingest_and_extract_articles_per_s": rate(ingest["ingested"], seconds),
        "cold": colds,
        "cold_first_ask_s_median": round(statistics.median(c["first_ask_s"] for c in colds), 3),
        "cold_process_s_median": round(statistics.median(c["process_wall_s"] for c in colds), 3),
        "cold_peak_mb_median": round(statistics.median(c["peak_mb"] for c in colds), 1),
        "warm_p50_ms": percentile(latencies, 0.5) if latencies else None,
        "warm_p95_ms": percentile(latencies, 0.95) if latencies else None,
        "warm_up_s": warm.get("warm_up_s"),
        "warm_ms": latencies,
        "warm_errors": warm["errors"],
        "ask_peak_mb": warm["peak_mb"],
        "disk": disk,
        "disk_bytes_per_article": round(disk["allocated"] / corpus["articles"]),
        "disk_over_text": round(disk["allocated"] / corpus["text_bytes"], 2),
    }
    say(
        f"  cold ask {result['cold_first_ask_s_median']} s "
        f"(process {result['cold_process_s_median']} s), warm p50 {result['warm_p50_ms']} ms "
        f"p95 {result['warm_p95_ms']} ms, ask peak {result['ask_peak_mb']:.0f} MB, "
        f"disk {disk['allocated'] / 1e6:.0f} MB = {result['disk_over_text']}x text"
    )
    if keep:
        say(f"  kept {data}")
    else:
        shutil.rmtree(src, ignore_errors=True)
        shutil.rmtree(data, ignore_errors=True)
        if measured is not None:
            shutil.rmtree(measured, ignore_errors=True)
        built.unlink(missing_ok=True)
    return result


def save(out: Path, results: dict[str, Any]) -> None:
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def machine() -> dict[str, Any]:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")),
        platform.processor(),
    )  # fmt: skip
    mem = next(
        (int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
         if line.startswith("MemTotal")),
        0,
    )  # fmt: skip
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_mb": mem,
        "python": platform.python_version(),
        "load_average_at_start": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        sys.path.insert(0, str(ROOT))
        from extractor.workers import limit_malloc_arenas

        limit_malloc_arenas()  # a process measured as `dealqa` runs
        kind, rest = sys.argv[2], sys.argv[3:]
        if kind == "extract":
            result = child_extract(int(rest[0]))
        elif kind == "ingest":
            result = child_ingest(rest[0], rest[1:])
        else:
            result = child_ask(rest[0], int(rest[1]), int(rest[2]))
        print(json.dumps(result, ensure_ascii=False))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["linear", "scale", "all"], nargs="?", default="all")
    ap.add_argument("--size", type=int, action="append", help=f"linear: characters (default {SIZES})")
    ap.add_argument(
        "-n", type=int, action="append", help="scale: articles per store (default 1000 and 20000)"
    )
    ap.add_argument(
        "--tmp", type=Path, default=None, help="where stores are built (default: the system's temp)"
    )
    ap.add_argument(
        "--keep",
        action="store_true",
        help="keep the stores built; with --tmp set to the kept folder, reuse them",
    )
    ap.add_argument(
        "--server", action="store_true", help="scale: each store in its own `chroma run` (key scale_server)"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    results: dict[str, Any] = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    run = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "command": "nice -n 10 .venv/bin/python evals/bench_scale.py " + " ".join(sys.argv[1:]),
    }
    with tempfile.TemporaryDirectory(prefix="dealqa-scale-", dir=args.tmp) as t:
        tmp = Path(t)
        if args.keep:  # a kept folder given as --tmp is reused as it is
            reuse = args.tmp and args.tmp.name.startswith("dealqa-scale-kept-")
            tmp = args.tmp if reuse else Path(tempfile.mkdtemp(prefix="dealqa-scale-kept-", dir=args.tmp))
        if args.what in ("linear", "all"):
            print("linear extraction, one-line articles:", flush=True)
            results["linear"] = {**run, **bench_linear(sorted(args.size or SIZES), tmp)}
            save(args.out, results)
        if args.what in ("scale", "all"):
            scale = results.setdefault("scale_server" if args.server else "scale", {})
            for n in args.n or [1000, 20000]:
                print(f"store of {n:,} articles{' on a chroma server' if args.server else ''}:", flush=True)
                scale[str(n)] = {**run, **bench_store(n, tmp, args.keep, server=args.server)}
                save(args.out, results)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
