"""The web layer in-process: JSON API, pages, uploads, limits, errors, concurrency (TestClient)."""

from __future__ import annotations

import io
import re
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from extractor.config import Settings
from extractor.errors import LLMError, StoreLockedError
from extractor.schema import NOT_FOUND
from extractor.store.writer import BatchWriter
from extractor.web import api as web_api
from extractor.web.app import create_app
from extractor.web.safety import MAX_FILE_BYTES, MAX_UPLOAD_BYTES
from tests.web_fixtures import (
    PAGE_HEADERS,
    SEED_QUESTION,
    SEEDS,
    UNANSWERABLE,
    XSS,
    XSS_ARTICLE,
    XSS_IMG,
    XSS_NAME,
    XSS_QUESTION,
    client,
    seeded,
    upload,
    wait_job,
    web_settings,
)

__all__ = ["client", "web_settings"]  # fixtures used by name


def _ask(client: TestClient, question: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


# --------------------------------------------------------------------------- ask


def test_ask_answers_with_cards_that_quote_the_article(client: TestClient) -> None:
    data = _ask(client, SEED_QUESTION)
    answer = data["answer"]
    assert not answer["abstained"]
    assert "200亿元" in answer["answer"] and "[1]" in answer["answer"]
    card = data["citations"][0]
    assert card["n"] == 1 and card["verified"]
    assert "200亿元" in card["quote"]
    article = client.get(f"/api/articles/{card['source']}").json()["article"]
    paragraph = article["paragraphs"][card["paragraph"] - 1]
    assert (
        card["before"] + card["quote"] + card["after"]
        == article["text"][paragraph["start"] : paragraph["end"]]
    )
    assert card["title"] == article["title"]
    assert card["href"] == f"/articles/{card['source']}?hl={card['start']}-{card['end']}#p{card['paragraph']}"


def test_ask_abstains_and_shows_related_paragraphs_not_citations(client: TestClient) -> None:
    data = _ask(client, UNANSWERABLE)
    assert data["answer"]["abstained"]
    assert data["answer"]["answer"].startswith(NOT_FOUND)  # then what the articles do state
    assert data["citations"] == []
    assert data["related"], "an abstention still shows the nearest paragraphs"
    assert all(c["verified"] for c in data["related"])


@pytest.mark.parametrize(
    "body",
    [
        {"question": ""},
        {"question": "   "},
        {"question": "问" * 501},
        {"question": SEED_QUESTION, "k": 0},
        {"question": SEED_QUESTION, "backend": "gpt"},
        {"question": SEED_QUESTION, "extra": 1},
        {},
    ],
)
def test_ask_rejects_bad_requests_with_json_4xx(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/ask", json=body)
    assert 400 <= response.status_code < 500
    assert response.json()["error"]


def test_ask_with_broken_json_is_a_4xx(client: TestClient) -> None:
    response = client.post("/api/ask", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert "error" in response.json()


def test_llm_backend_without_a_model_is_a_clear_400(client: TestClient) -> None:
    response = client.post("/api/ask", json={"question": SEED_QUESTION, "backend": "llm"})
    assert response.status_code == 400
    assert "DEALQA_LLM_MODEL" in response.json()["error"]


# --------------------------------------------------------------------------- deals


def _deals(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/deals", params=params)
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["count"] == len(data["deals"])
    deals: list[dict[str, Any]] = data["deals"]
    return deals


def test_deals_lists_every_seed_deal_with_evidence_links(client: TestClient) -> None:
    deals = _deals(client)
    assert len(deals) >= 10
    for item in deals:
        assert set(item["row"]) >= {"项目", "投资方", "地点", "产业", "金额", "阶段", "日期", "来源"}
        assert item["href"].startswith("/articles/") and f"#p{item['paragraph']}" in item["href"]
        span = item["deal"]["evidence"][0]
        assert f"hl={span['start']}-{span['end']}" in item["href"]


def test_deals_filters(client: TestClient) -> None:
    everything = _deals(client)
    big = _deals(client, min_yi=100)
    assert big and len(big) < len(everything)
    assert all(d["amount_cny"] >= 1e10 for d in big)
    small = _deals(client, max_yi=60)
    assert all(d["amount_cny"] is not None and d["amount_cny"] <= 6e9 for d in small)
    chongqing = _deals(client, place="重庆")
    assert chongqing and all("重庆" in (d["row"]["地点"] + str(d["deal"]["location"])) for d in chongqing)
    signed = _deals(client, stage="signed")
    assert signed and all(d["stage"] == "signed" for d in signed)
    ai = _deals(client, industry="人工智能")
    assert ai and all("人工智能" in d["row"]["产业"] for d in ai)
    assert _deals(client, place="火星") == []
    dated = _deals(client, date_from="2000-01-01", date_to="2100-12-31")
    # a deal without a date of its own goes by its article's, and says so
    assert dated and all(d["date"] and d["date_source"] in ("deal", "article") for d in dated)


@pytest.mark.parametrize(
    "params",
    [{"min_yi": "abc"}, {"min_yi": -1}, {"date_from": "yesterday"}, {"stage": "done"}, {"sort": "evil"}],
)
def test_deals_rejects_bad_filters(client: TestClient, params: dict[str, Any]) -> None:
    response = client.get("/api/deals", params=params)
    assert response.status_code == 422
    assert response.json()["error"].startswith("请求参数无效")


def test_deals_sort_by_amount_puts_missing_amounts_last(client: TestClient) -> None:
    for order in ("asc", "desc"):
        deals = _deals(client, sort="amount", order=order)
        amounts = [d["amount_cny"] for d in deals]
        known = [a for a in amounts if a is not None]
        assert known == sorted(known, reverse=order == "desc")
        assert amounts[: len(known)] == known


def test_export_csv_and_xlsx_are_the_filtered_view(client: TestClient) -> None:
    params: dict[str, Any] = {"min_yi": 10, "sort": "amount", "order": "desc"}
    view = _deals(client, **params)
    csv = client.get("/api/deals", params={**params, "format": "csv"})
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeff项目,投资方,地点,省份,城市,区县,产业,金额,金额(亿元),币种,阶段,日期")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + len(view)
    assert [line.split(",")[0] for line in lines[1:]] == [d["row"]["项目"] for d in view]
    xlsx = client.get("/api/deals", params={**params, "format": "xlsx"})
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("项目", "投资方", "地点") and rows[0][8] == "金额(亿元)"
    assert len(rows) == 1 + len(view)
    assert [r[8] for r in rows[1:]] == [d["amount_cny"] / 1e8 for d in view]


# --------------------------------------------------------------------------- articles


def test_articles_list_and_one_article(client: TestClient) -> None:
    data = client.get("/api/articles").json()
    names = {p.name for p in SEEDS.glob("*.txt")}
    assert names <= {a["id"] for a in data["articles"]}
    seed = next(a for a in data["articles"] if a["id"].startswith("004_"))
    assert seed["extracted"] and seed["deals"] > 0 and seed["href"] == f"/articles/{seed['id']}"
    one = client.get(seed["href"].replace("/articles/", "/api/articles/")).json()
    text = one["article"]["text"]
    assert one["deals"]
    for deal in one["deals"]:
        for span in deal["evidence"]:
            assert text[span["start"] : span["end"]] == span["quote"]


def test_missing_article_is_404_json_and_404_page(client: TestClient) -> None:
    api = client.get("/api/articles/nope.txt")
    assert api.status_code == 404 and api.json()["type"] == "NotFoundError"
    page = client.get("/articles/nope.txt", headers={"accept": "text/html"})
    assert page.status_code == 404 and "出错了" in page.text


def test_article_page_numbers_paragraphs_and_marks_spans(client: TestClient) -> None:
    card = _ask(client, SEED_QUESTION)["citations"][0]
    page = client.get(card["href"].split("#")[0])
    assert page.status_code == 200
    html = page.text
    assert f'id="p{card["paragraph"]}"' in html
    assert html.count('<mark class="ev') >= 3, "every extracted span is highlighted"
    focus = re.search(r'<mark class="[^"]*\bcite\b[^"]*"[^>]*>([^<]*)</mark>', html)
    assert focus and focus.group(1) in card["quote"]
    assert 'class="body target"' in html or "target" in html
    plain = client.get(card["href"].split("?")[0] + "?hl=999999-9999999").text
    assert "cite" not in re.findall(r'<mark class="([^"]*)"', plain)


def test_pages_render_with_security_headers(client: TestClient) -> None:
    for path in ("/", "/deals", "/articles"):
        page = client.get(path)
        assert page.status_code == 200 and "招商引资项目库" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert page.headers["x-content-type-options"] == "nosniff"
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
            assert client.get(asset).status_code == 200
    assert client.get("/openapi.json").json()["paths"].keys() >= {"/api/ask", "/api/deals", "/api/ingest"}
    assert client.get("/no/such/page").status_code == 404


# --------------------------------------------------------------------------- uploads


def test_upload_ingests_good_files_and_explains_bad_ones(client: TestClient, web_settings: Settings) -> None:
    good = (SEEDS / "004_9799bbb4fcc4f8c1.txt").read_text(encoding="utf-8").replace("光大", "星光")
    job = upload(
        client,
        [
            ("upload_good.txt", good.encode("gb18030")),
            ("report.exe", b"MZ"),
            ("empty.txt", b""),
            ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64)),
            ("../../escape.txt", b"x"),
            ("..\\..\\escape2.md", b"x"),
            (".hidden.txt", b"x"),
            ("big.txt", "中".encode() * (MAX_FILE_BYTES // 3 + 1)),
        ],
    )
    states = {f["name"]: f for f in job["files"]}
    assert job["state"] == "done" and job["progress"] == 1
    assert states["upload_good.txt"]["state"] == "done" and states["upload_good.txt"]["deals"] > 0
    assert states["empty.txt"]["kind"] == "empty" and states["image.txt"]["kind"] == "binary"
    for name, why in [
        ("report.exe", "不支持的文件类型"),
        ("empty.txt", "文件是空的"),
        ("image.txt", "不是文本文件"),
        ("../../escape.txt", ".."),
        ("..\\..\\escape2.md", ".."),
        (".hidden.txt", "文件名不可用"),
        ("big.txt", "MB"),
    ]:
        assert states[name]["state"] == "failed" and why in states[name]["reason"], states[name]
    uploads = web_settings.data_dir / "uploads"
    assert not (uploads / job["id"]).exists()  # the store holds the text: uploads are not kept
    assert not list(web_settings.data_dir.parent.rglob("escape*"))
    assert all(p.resolve().is_relative_to(uploads.resolve()) for p in uploads.rglob("*"))
    listed = {a["id"] for a in client.get("/api/articles").json()["articles"]}
    assert "upload_good.txt" in listed
    answer = _ask(client, "星光人工智能产业基地总投资多少?")
    assert any(c["source"] == "upload_good.txt" for c in answer["citations"])


def test_reupload_of_same_text_is_unchanged(client: TestClient) -> None:
    body = "南湖园区签约新材料产业园项目,总投资8亿元。\n".encode()
    first = upload(client, [("same.txt", body)])
    again = upload(client, [("same.txt", body), ("same.txt", body)])
    assert first["files"][0]["state"] == "done"
    assert again["files"][0]["state"] == "unchanged"
    assert again["files"][1]["state"] == "failed" and "同名" in again["files"][1]["reason"]


def test_upload_without_files_is_400(client: TestClient) -> None:
    response = client.post("/api/ingest", data={"note": "no files"})
    assert response.status_code == 400 and "没有收到文件" in response.json()["error"]
    assert client.post("/api/ingest", json={"x": 1}).status_code == 400


def test_malformed_multipart_is_400_not_500(client: TestClient) -> None:
    response = client.post(
        "/api/ingest",
        content=b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nabc',
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert 400 <= response.status_code < 500
    assert response.json()["error"]
    garbage = client.post(
        "/api/ingest", content=b"\x00" * 100, headers={"content-type": "multipart/form-data"}
    )
    assert 400 <= garbage.status_code < 500


def test_oversized_bodies_are_413(client: TestClient) -> None:
    declared = client.post(
        "/api/ingest",
        content=b"x",
        headers={
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(MAX_UPLOAD_BYTES + 1),
        },
    )
    assert declared.status_code == 413 and "error" in declared.json()

    def chunks() -> Iterator[bytes]:
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="huge.txt"\r\n\r\n'
        block = b"x" * (1024 * 1024)
        for _ in range(MAX_UPLOAD_BYTES // len(block) + 2):
            yield block

    streamed = client.post(
        "/api/ingest", content=chunks(), headers={"content-type": "multipart/form-data; boundary=b"}
    )
    assert streamed.status_code == 413 and "error" in streamed.json()
    question = client.post("/api/ask", content=b"{" + b" " * 300_000 + b"}")
    assert question.status_code == 413


def test_unknown_job_is_404(client: TestClient) -> None:
    assert client.get("/api/ingest/nope").status_code == 404


# --------------------------------------------------------------------------- safety and errors


def test_markup_in_articles_and_questions_is_escaped(client: TestClient) -> None:
    job = upload(client, [(XSS_NAME, XSS_ARTICLE.encode())])
    assert job["files"][0]["state"] == "done"
    page = client.get(f"/articles/{XSS_NAME}").text
    assert XSS not in page and XSS_IMG not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert not re.search(r"<(script|img)[^>]*>\s*alert", page)
    assert not re.search(r"<img\b", page)
    data = _ask(client, XSS_QUESTION)
    assert any(c["source"] == XSS_NAME for c in data["citations"])  # JSON carries the text; pages escape it


@pytest.fixture
def broken_ask(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[BaseException]]:
    errors: list[BaseException] = []

    def fake(*args: object, **kwargs: object) -> None:
        raise errors[0]

    monkeypatch.setattr(web_api, "run_ask", fake)
    yield errors


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (RuntimeError("secret internals /etc/passwd"), 500),
        (LLMError("the model server is down"), 502),
        (StoreLockedError("another dealqa process is writing"), 409),
    ],
)
def test_errors_become_json_without_tracebacks(
    client: TestClient, broken_ask: list[BaseException], error: BaseException, status: int
) -> None:
    broken_ask.append(error)
    response = client.post("/api/ask", json={"question": SEED_QUESTION})
    assert response.status_code == status
    body = response.json()
    assert body["error"] and "Traceback" not in response.text
    if status == 500:
        assert "secret" not in response.text and body["type"] == "InternalError"
    else:
        assert str(error) in body["error"]


# --------------------------------------------------------------------------- concurrency


def _article_like(n: int) -> bytes:
    base = (SEEDS / "002_76e3f8ceb10a68ae.txt").read_text(encoding="utf-8")
    return (f"第{n}号样本园区签约第{n}号新能源项目,总投资{n + 10}亿元。\n\n" + base).encode()


@pytest.fixture
def fresh_client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(seeded(tmp_path / "data"))
    with TestClient(app, raise_server_exceptions=False, headers=PAGE_HEADERS) as c:
        yield c


def test_uploading_hides_half_written_articles(
    fresh_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paused right after the article is written (before the write session ends), nobody sees it."""
    written, release = threading.Event(), threading.Event()
    real = BatchWriter.flush

    def paused(self: BatchWriter) -> list[Any]:
        result = real(self)
        if result:  # the article records are written: pause before the write session ends
            written.set()
            assert release.wait(30)
        return result

    monkeypatch.setattr(BatchWriter, "flush", paused)
    body = "北辰园区签约量子计算产业园项目,总投资33亿元。\n\n该项目由北辰量子公司投资建设。\n".encode()
    started = fresh_client.post("/api/ingest", files=[("files", ("quantum.txt", body, "text/plain"))])
    assert started.status_code == 202
    assert written.wait(30)
    try:
        during = _ask(fresh_client, "量子计算产业园总投资多少?")
        assert all(c["source"] != "quantum.txt" for c in during["citations"] + during["related"])
        assert "quantum.txt" not in {a["id"] for a in fresh_client.get("/api/articles").json()["articles"]}
        assert fresh_client.get("/articles/quantum.txt").status_code == 404
        assert fresh_client.get("/api/ingest/" + started.json()["id"]).json()["state"] == "running"
    finally:
        release.set()
    job = wait_job(fresh_client, started.json())
    assert job["state"] == "done", job
    after = _ask(fresh_client, "量子计算产业园总投资多少?")
    assert any(c["source"] == "quantum.txt" for c in after["citations"])
    assert any(d["source"] == "quantum.txt" for d in _deals(fresh_client))


def test_questions_keep_working_while_an_upload_ingests(fresh_client: TestClient) -> None:
    files = [("files", (f"batch_{n}.txt", _article_like(n), "text/plain")) for n in range(8)]
    started = fresh_client.post("/api/ingest", files=files)
    assert started.status_code == 202
    status_url = started.json()["status_url"]
    results: list[tuple[int, dict[str, Any], str]] = []
    failures: list[str] = []
    stop = threading.Event()

    def asker(question: str) -> None:
        while not stop.is_set():
            state = fresh_client.get(status_url).json()["state"]
            response = fresh_client.post("/api/ask", json={"question": question})
            if response.status_code != 200:
                failures.append(response.text)
                continue
            results.append((response.status_code, response.json(), state))

    questions = [SEED_QUESTION, "第3号新能源项目总投资多少?", "哪些项目投资额超过100亿元?", UNANSWERABLE]
    threads = [threading.Thread(target=asker, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    try:
        job = wait_job(fresh_client, started.json())
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join(60)
    assert not failures, failures[:3]
    assert job["state"] == "done" and all(f["state"] == "done" for f in job["files"])
    assert any(state in ("queued", "running") for _, _, state in results), "no question overlapped the upload"
    for _, data, _ in results:
        for card in data["citations"] + data["related"]:
            assert card["verified"], card  # every quote is exactly in a complete stored article
    final = _ask(fresh_client, SEED_QUESTION)
    assert "200亿元" in final["answer"]["answer"]
