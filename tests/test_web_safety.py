"""Only the page itself can drive the web app: hostile requests as a browser on another site sends them."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from extractor.config import Settings
from extractor.errors import ConfigError
from extractor.web.app import create_app
from extractor.web.safety import host_name
from extractor.web.server import check_free
from tests.web_fixtures import PAGE_HEADERS, SEED_QUESTION, seeded, wait_job

ARTICLE = "南山园区签约海洋装备产业园项目,总投资18亿元。\n\n该项目由南山海工公司投资建设。\n"
FORM = [("files", ("planted.txt", ARTICLE.encode(), "text/plain"))]


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return seeded(tmp_path_factory.mktemp("safety") / "data")


@pytest.fixture(scope="module")
def bare(settings: Settings) -> Iterator[TestClient]:
    """A client that sends only what each test gives it (no page header)."""
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


def _sources(client: TestClient) -> set[str]:
    return {a["id"] for a in client.get("/api/articles").json()["articles"]}


def _uploads(settings: Settings) -> list[Path]:
    return [p for p in (settings.data_dir / "uploads").rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "headers",
    [
        {},  # a plain cross-site form from a browser that sends no Origin: no page header
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},  # a modern browser's form
        {"Origin": "https://evil.example", **PAGE_HEADERS},  # even with the header, the Origin is wrong
        {"Sec-Fetch-Site": "cross-site", **PAGE_HEADERS},
        {"Origin": "http://testserver:3000", "Sec-Fetch-Site": "same-site", **PAGE_HEADERS},  # another port
        {"Origin": "null", **PAGE_HEADERS},  # a sandboxed frame or a file:// page
    ],
)
def test_cross_site_upload_is_refused_and_nothing_is_stored(
    bare: TestClient, settings: Settings, headers: dict[str, str]
) -> None:
    before = _sources(bare)
    response = bare.post("/api/ingest", files=FORM, headers=headers)
    assert response.status_code == 403, response.text
    assert response.json()["type"] in ("CrossSite", "MissingPageHeader")
    assert "planted.txt" not in _sources(bare) and _sources(bare) == before
    assert not [p for p in _uploads(settings) if p.name == "planted.txt"]


def test_cross_site_question_and_unknown_method_are_refused(bare: TestClient) -> None:
    hostile = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    # text/plain is what a cross-site form can send: a JSON body in disguise
    forged = bare.post("/api/ask", content=f'{{"question": "{SEED_QUESTION}"}}', headers=hostile)
    assert forged.status_code == 403
    assert bare.delete("/api/articles/000_55cbb54517e0b79c.txt", headers=hostile).status_code == 403


def test_same_origin_page_request_is_accepted(bare: TestClient) -> None:
    page = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin", **PAGE_HEADERS}
    response = bare.post("/api/ingest", files=FORM, headers=page)
    assert response.status_code == 202, response.text
    job = wait_job(bare, response.json())
    assert job["files"][0]["state"] == "done", job
    assert "planted.txt" in _sources(bare)
    asked = bare.post("/api/ask", json={"question": "海洋装备产业园总投资多少?"}, headers=page)
    assert asked.status_code == 200 and "18亿元" in asked.json()["answer"]["answer"]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_unknown_host_is_refused(bare: TestClient, host: str) -> None:
    """DNS rebinding: a hostile name pointed at 127.0.0.1 must not read the store through the browser."""
    for path in ("/", "/api/articles", "/api/deals?format=csv"):
        response = bare.get(path, headers={"Host": host})
        assert response.status_code == 421, (path, response.status_code)
        assert "光大" not in response.text
    assert bare.get("/api/articles", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert bare.get("/api/articles", headers={"Host": "[::1]:8000"}).status_code == 200
    assert bare.get("/api/articles", headers={"Host": "localhost"}).status_code == 200


def test_configured_host_names_are_allowed(settings: Settings) -> None:
    named = settings.with_(web_allowed_hosts=["dealqa.lan"])
    with TestClient(create_app(named), raise_server_exceptions=False) as c:
        assert c.get("/api/articles", headers={"Host": "dealqa.lan:8000"}).status_code == 200
        assert c.get("/api/articles", headers={"Host": "other.lan"}).status_code == 421


def test_host_names_parse() -> None:
    assert host_name("[::1]:8000") == "::1"
    assert host_name("Example.COM:80") == "example.com"
    assert host_name("127.0.0.1") == "127.0.0.1"


def test_replacing_an_article_needs_an_explicit_choice(bare: TestClient) -> None:
    def send(body: str, **form: Any) -> dict[str, Any]:
        files = [("files", ("twice.txt", body.encode(), "text/plain"))]
        response = bare.post("/api/ingest", files=files, data=form, headers=PAGE_HEADERS)
        assert response.status_code == 202, response.text
        job = wait_job(bare, response.json())
        first: dict[str, Any] = job["files"][0]
        return first

    first = "东湖园区签约光电子产业园项目,总投资200亿元。\n"
    assert send(first)["state"] == "done"
    refused = send(first.replace("200亿元", "999亿元"))
    assert refused["state"] == "failed" and refused["kind"] == "exists"
    assert "替换同名文章" in refused["reason"]
    assert "200亿元" in bare.get("/api/articles/twice.txt").json()["article"]["text"]
    assert send(first)["state"] == "unchanged"  # the same text is no collision
    replaced = send(first.replace("200亿元", "300亿元"), replace="true")
    assert replaced["state"] == "done", replaced
    assert "300亿元" in bare.get("/api/articles/twice.txt").json()["article"]["text"]


def test_messages_the_page_shows_are_chinese(bare: TestClient) -> None:
    too_many = [("files", (f"f{i}.txt", b"x", "text/plain")) for i in range(25)]
    response = bare.post("/api/ingest", files=too_many, headers=PAGE_HEADERS)
    assert response.status_code == 400
    body = response.json()
    assert "一次最多上传" in body["error"] and body["type"] == "InputError"
    page = bare.get("/articles/no-such-article.txt", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "没有这篇文章" in page.text
    assert "dealqa sources" not in page.text
    empty = bare.post(
        "/api/ingest", files=[("files", ("blank.txt", b"  \n", "text/plain"))], headers=PAGE_HEADERS
    )
    blank = wait_job(bare, empty.json())["files"][0]
    assert blank["kind"] == "empty" and blank["reason"] == "文件是空的（没有正文）"


# --------------------------------------------------------------------------- optional login


@pytest.fixture(scope="module")
def guarded(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.with_(web_token="s3cret-token")), raise_server_exceptions=False) as c:
        yield c


def test_with_a_token_every_request_needs_it(guarded: TestClient) -> None:
    assert guarded.get("/api/articles").status_code == 401
    assert guarded.get("/api/articles", headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = guarded.get("/api/articles", headers={"Authorization": "Bearer s3cret-token"})
    assert ok.status_code == 200 and ok.json()["count"] >= 5
    page = guarded.get("/", headers={"Accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login"
    assert guarded.get("/login").status_code == 200
    # a script with the token may change state without the page header
    asked = guarded.post(
        "/api/ask", json={"question": SEED_QUESTION}, headers={"Authorization": "Bearer s3cret-token"}
    )
    assert asked.status_code == 200


def test_login_sets_a_strict_cookie(settings: Settings) -> None:
    app = create_app(settings.with_(web_token="s3cret-token"))
    with TestClient(app, raise_server_exceptions=False) as c:
        wrong = c.post("/login", data={"token": "nope"}, follow_redirects=False)
        assert wrong.status_code == 401 and "口令不对" in wrong.text
        hostile = c.post(
            "/login",
            data={"token": "s3cret-token"},
            headers={"Origin": "https://evil.example"},
            follow_redirects=False,
        )
        assert hostile.status_code == 403
        ok = c.post("/login", data={"token": "s3cret-token"}, follow_redirects=False)
        assert ok.status_code == 303
        cookie = ok.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie
        assert c.get("/api/articles").status_code == 200  # the cookie now rides along
        assert c.get("/", headers={"Accept": "text/html"}).status_code == 200


# --------------------------------------------------------------------------- serve


def test_a_busy_port_says_which_to_try() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ConfigError, match=f"port {port} is in use: try --port {port + 1}"):
            check_free("127.0.0.1", port)
