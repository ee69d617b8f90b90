from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import DecodeError, InputError
from extractor.text.decode import decode_bytes, read_document

from .conftest import seed_path

TEXT = seed_path("004").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"],
)
def test_round_trips_every_supported_encoding(encoding: str) -> None:
    sample = TEXT.replace("·", "").replace("►", ">")  # GBK lacks a few symbols
    assert decode_bytes(sample.encode(encoding)) == sample


def test_short_gbk_text_is_detected_not_guessed() -> None:
    sample = "重庆高新区上半年共签约项目39个，总投资605.6亿元。"
    assert decode_bytes(sample.encode("gbk")) == sample


def test_bytes_that_are_no_text_are_reported() -> None:
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"  \n ")
    with pytest.raises(InputError, match="PNG"):
        decode_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(InputError):
        decode_bytes(bytes(range(256)) * 8)


def test_undecodable_bytes_are_not_ingested_as_mojibake() -> None:
    junk = bytes([0x81, 0x30, 0xFF, 0xFE, 0x00, 0x01]) * 50 + b"\x80\x81\x82"
    with pytest.raises((DecodeError, InputError)):
        decode_bytes(junk)


def test_read_document_reports_missing_and_unsupported(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    (tmp_path / "a.pptx").write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="unsupported"):
        read_document(tmp_path / "a.pptx")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_document(tmp_path / "a.pdf")


def test_html_gives_main_text_and_title(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='gbk'><title>重庆高新区签约39个项目</title></head><body>"
        "<nav>首页 | 新闻</nav><article><h1>重庆高新区签约39个项目</h1>"
        "<p>今年上半年，共签约项目39个，合同协议投资总额达605.6亿元。</p>"
        "<p>总投资200亿元的光大人工智能产业基地正式开工建设。</p></article></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_bytes(page.encode("gbk"))
    doc = read_document(path)
    text, title = doc.text, doc.title
    assert title == "重庆高新区签约39个项目"
    assert "总投资200亿元的光大人工智能产业基地正式开工建设。" in text
    assert "<p>" not in text
