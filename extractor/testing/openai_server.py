"""A small OpenAI-compatible server on loopback, for tests of the real client stack.

It ships in the package (standard library only) because ``dealqa bench --llm``
runs the LLM backend against it, and an installed dealqa has no ``tests/``.

It speaks ``POST /v1/chat/completions`` and ``POST /v1/embeddings``. Each chat
request takes the next scripted behaviour from the queue (``enqueue``), else
the default: a valid answer in the shape the request asked for — a tool call
when it sent ``tools``, bare JSON content when it sent ``response_format``,
a fenced ```json block otherwise — whose payload comes from ``responder``
(a callback given the recorded request; the default answers an empty draft).
Every request is recorded, so tests can read what the client really sent.

    with start_server() as server:
        server.enqueue(Fail(429, headers={"Retry-After": "1"}), Reply(raw="{oops"))
        ... Settings(llm_base_url=server.base_url, ...)

Behaviours: ``Reply`` (a payload, raw text, or plain text without a tool
call), ``Fail`` (an HTTP error with body and headers), ``Sleep`` (answer late,
to trip client timeouts). ``reject`` makes the server refuse requests that
carry ``tools`` and/or ``response_format`` with a 400, like servers without
structured output. ``require_key`` turns on bearer-key checks (401 otherwise).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import BaseModel

Payload = BaseModel | dict[str, Any] | str


@dataclass
class Recorded:
    """One request as the server received it."""

    path: str
    body: dict[str, Any]
    headers: dict[str, str]

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list(self.body.get("messages") or [])

    def contents(self, role: str) -> list[str]:
        return [m.get("content") or "" for m in self.messages if m.get("role") == role]

    @property
    def system(self) -> str:
        return "\n".join(self.contents("system"))

    @property
    def user(self) -> str:
        """The first user message (the prompt; later ones are re-asks)."""
        users = self.contents("user")
        return users[0] if users else ""

    @property
    def transcript(self) -> str:
        """Every message's text, tool results included (where re-ask reasons go)."""
        return "\n".join(str(m.get("content") or "") for m in self.messages)

    @property
    def shape(self) -> str:
        if self.body.get("tools"):
            return "tools"
        rf = self.body.get("response_format") or {}
        return str(rf.get("type", "text"))

    def article(self) -> str:
        """The text between <article> and </article> in the prompt."""
        m = re.search(r"<article>\n(.*?)\n</article>", self.user, re.S)
        return m.group(1) if m else ""

    def paragraphs(self) -> dict[int, str]:
        """The numbered paragraphs the prompt showed, ``{n: text}``."""
        out: dict[int, str] = {}
        for line in self.article().split("\n"):
            m = re.match(r"\[P(\d+)\] (.*)", line)
            if m:
                out[int(m.group(1))] = m.group(2)
        return out


@dataclass
class Reply:
    """Answer 200. ``payload`` (or the responder's) in the requested shape; ``raw`` verbatim
    as the tool arguments / content; ``text`` as plain content with no tool call."""

    payload: Payload | None = None
    raw: str | None = None
    text: str | None = None
    usage: tuple[int, int] | None = None
    finish_reason: str | None = None


@dataclass
class Fail:
    """Answer with an HTTP error."""

    status: int
    message: str = "scripted failure"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Sleep:
    """Wait, then behave like ``then`` (default: the default answer)."""

    seconds: float
    then: Reply | Fail | None = None


Behaviour = Reply | Fail | Sleep


def _empty(_: Recorded) -> Payload:
    return {"deals": [], "aggregates": []}


class FakeOpenAI:
    """The server's state: scripted behaviours, the default responder, everything received."""

    def __init__(self) -> None:
        self.responder: Callable[[Recorded], Payload] = _empty
        self.reject: set[str] = set()
        self.require_key: str | None = None
        self.embed_dim = 64
        self.requests: list[Recorded] = []
        self.usage: list[tuple[int, int]] = []
        self._queue: list[Behaviour] = []
        self._lock = threading.Lock()
        self._ids = 0
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def enqueue(self, *behaviours: Behaviour) -> None:
        with self._lock:
            self._queue.extend(behaviours)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # ------------------------------------------------------------------ handling

    def handle(self, rec: Recorded) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            self.requests.append(rec)
            self._ids += 1
            n = self._ids
        if self.require_key is not None and rec.headers.get("authorization") != f"Bearer {self.require_key}":
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        if rec.path.endswith("/embeddings"):
            return 200, self._embeddings(rec), {}
        if not rec.path.endswith("/chat/completions"):
            return _error(404, f"no route {rec.path}", "not_found")
        refused = [k for k in ("tools", "response_format") if k in self.reject and rec.body.get(k)]
        if refused:
            what = "tool_choice" if refused[0] == "tools" else "response_format"
            return _error(400, f"{what} is not supported by this server", "invalid_request_error")
        with self._lock:
            behaviour: Behaviour = self._queue.pop(0) if self._queue else Reply()
        if isinstance(behaviour, Sleep):
            time.sleep(behaviour.seconds)
            behaviour = behaviour.then or Reply()
        if isinstance(behaviour, Fail):
            status, body, _ = _error(behaviour.status, behaviour.message, "scripted")
            return status, body, behaviour.headers
        return 200, self._completion(rec, behaviour, n), {}

    def _completion(self, rec: Recorded, reply: Reply, n: int) -> dict[str, Any]:
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if reply.text is not None:
            message["content"] = out = reply.text
        else:
            if reply.raw is not None:
                out = reply.raw
            else:
                payload = reply.payload if reply.payload is not None else self.responder(rec)
                out = payload if isinstance(payload, str) else json.dumps(_plain(payload), ensure_ascii=False)
            if rec.shape == "tools":
                name = rec.body["tools"][0]["function"]["name"]
                message["tool_calls"] = [
                    {"id": f"call_{n}", "type": "function", "function": {"name": name, "arguments": out}}
                ]
            elif rec.shape in ("json_object", "json_schema") or reply.raw is not None:
                message["content"] = out
            else:
                message["content"] = f"```json\n{out}\n```"
        prompt, completion = reply.usage or (_default_tokens(rec.transcript), _default_tokens(out))
        with self._lock:
            self.usage.append((prompt, completion))
        finish = reply.finish_reason or ("tool_calls" if "tool_calls" in message else "stop")
        return {
            "id": f"chatcmpl-{n}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": rec.body.get("model", "test-model"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish, "logprobs": None}],
            "usage": {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            },
        }

    def _embeddings(self, rec: Recorded) -> dict[str, Any]:
        raw = rec.body.get("input", [])
        texts = [raw] if isinstance(raw, str) else [str(t) for t in raw]
        dim = int(rec.body.get("dimensions") or self.embed_dim)
        data = [{"object": "embedding", "index": i, "embedding": embed(t, dim)} for i, t in enumerate(texts)]
        tokens = sum(_default_tokens(t) for t in texts)
        return {
            "object": "list",
            "data": data,
            "model": rec.body.get("model", "test-embedding"),
            "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
        }


def embed(text: str, dim: int) -> list[float]:
    """A deterministic unit vector for ``text`` (same text, same vector)."""
    values: list[float] = []
    counter = 0
    while len(values) < dim:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend((b - 127.5) / 127.5 for b in digest)
        counter += 1
    values = values[:dim]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


def _default_tokens(text: str) -> int:
    return len(text) // 2 + 1


def _plain(payload: BaseModel | dict[str, Any]) -> Any:
    return payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload


def _error(status: int, message: str, code: str) -> tuple[int, dict[str, Any], dict[str, str]]:
    body = {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}
    return status, body, {}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {"_unparsed": raw.decode("utf-8", "replace")}
        headers = {k.lower(): v for k, v in self.headers.items()}
        status, payload, extra = self.server.fake.handle(Recorded(self.path, body, headers))
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for k, v in extra.items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test); nothing to answer

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, fake: FakeOpenAI) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.fake = fake


@contextmanager
def start_server() -> Iterator[FakeOpenAI]:
    """Run a ``FakeOpenAI`` on a free loopback port for the duration of the block."""
    fake = FakeOpenAI()
    server = _Server(fake)
    fake.port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="fake-openai", daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def rules_responder(rec: Recorded) -> Payload:
    """Answer an extraction request the way the offline rules backend reads the shown paragraphs.

    Lets a benchmark or an end-to-end test run the whole LLM path (prompt, tool
    call, validation, cache) with realistic answers and no model.
    """
    from ..backends.rules import RulesBackend  # here, not at the top: the server alone needs no jieba
    from ..schema import AggregateDraft, DealDraft
    from ..text.article import build_article
    from ..text.normalize import normalize_text

    shown = rec.paragraphs()
    if not shown:
        return _empty(rec)
    article = build_article("\n\n".join(shown[n] for n in sorted(shown)), source="window")
    draft = RulesBackend().extract(article).draft
    norm = {n: normalize_text(text) for n, text in shown.items()}
    records: list[DealDraft | AggregateDraft] = [*draft.deals, *draft.aggregates]
    for record in records:
        quote = normalize_text(record.evidence)
        record.paragraph = next((n for n, text in norm.items() if quote in text), None)
    return draft


@contextmanager
def serve_rules() -> Iterator[str]:
    """A server answering extraction requests with ``rules_responder``; yields its base URL."""
    with start_server() as fake:
        fake.responder = rules_responder
        yield fake.base_url
