"""Bytes to text: detect the encoding, refuse what is not text; files to text by type.

Order of evidence: a byte-order mark; strict UTF-8; the NUL-byte pattern of
BOM-less UTF-16; strict GB18030 (a superset of GBK and GB2312) when the
result reads as Chinese; finally charset-normalizer's detection. Whatever is
chosen must decode strictly and leave almost no control characters, so
mojibake is reported instead of ingested.

Control characters, the same way for every format and for text given to
``extract``: more than a few in decoded bytes (more than one per thousand
characters, at least three) and the file is refused as mojibake. The rest are
removed by ``text.article.clean_text`` before paragraphs and offsets are
fixed, so no stored text holds a NUL: CR and CRLF, vertical tab, NEL and the
Unicode line/paragraph separators become a newline; tab, newline and form feed
(a page break, see ``office.PAGE_BREAK``) are kept; every other C0/C1 control
is dropped. A file whose text is only whitespace (spaces, U+3000, NBSP,
zero-width characters) is refused as empty.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DecodeError, InputError
from ..schema import Article
from .files import (
    HTML_SUFFIXES,
    MAX_TEXT_CHARS,
    PDF_SUFFIXES,
    WORD_SUFFIXES,
    check_file,
    read_bytes,
)

_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "an executable",
    b"\xd0\xcf\x11\xe0": "an old Office document",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0/C1 controls other than tab, line breaks and form feed, and the replacement character.
_BAD = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
# Nothing but these is an empty article.
_BLANK = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# The most frequent Chinese characters: real Chinese text is full of them, mojibake is not.
_COMMON_HAN = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
    "必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信"
    "马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存"
    "候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
)


def _sniff_binary(data: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    return None


def _looks_like_utf16(data: bytes) -> str | None:
    """BOM-less UTF-16: ASCII characters leave a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.2 and even < 0.05:
        return "utf-16-le"
    if even > 0.2 and odd < 0.05:
        return "utf-16-be"
    # Chinese text in UTF-16 has few NULs: try both and keep one that reads as Chinese.
    if b"\x00" in sample:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = sample[: len(sample) // 2 * 2].decode(enc)
            except UnicodeDecodeError:
                continue
            if _reads_as_chinese(text):
                return enc
    return None


def _reads_as_chinese(text: str) -> bool:
    han = _CJK.findall(text)
    if len(han) < 4:
        return False
    common = sum(1 for ch in han if ch in _COMMON_HAN)
    return common / len(han) >= 0.3


def _check(text: str, encoding: str, name: str) -> str:
    bad = _BAD.findall(text)
    if len(bad) > max(2, len(text) // 1000):
        raise DecodeError(
            f"{name}: decoded as {encoding} but contains {len(bad)} control or replacement characters; "
            "save the file as UTF-8 and try again"
        )
    return text


def decode_bytes(data: bytes, *, name: str = "<bytes>") -> str:
    """Decode text bytes; raise ``InputError``/``DecodeError`` with a one-line reason."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    what = _sniff_binary(data)
    if what:
        raise InputError(f"{name}: binary file ({what}), not text")
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return _check(data[len(bom) :].decode(enc), enc, name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{name}: starts with a {enc} byte-order mark but is not {enc}") from exc
    try:
        return _check(data.decode("utf-8"), "utf-8", name)
    except UnicodeDecodeError:
        pass
    utf16 = _looks_like_utf16(data)
    if utf16:
        try:
            return _check(data.decode(utf16), utf16, name)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not text")
    try:
        text = data.decode("gb18030")
        if _reads_as_chinese(text):
            return _check(text, "gb18030", name)
    except UnicodeDecodeError:
        pass
    return _check(_detect(data, name), "detected encoding", name)


def _detect(data: bytes, name: str) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise DecodeError(
            f"{name}: not text in UTF-8, UTF-16 or GB18030/GBK (undecodable bytes); "
            "check the file or convert it to UTF-8"
        )
    encoding = "gb18030" if best.encoding in ("gbk", "gb2312", "hz") else best.encoding
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise DecodeError(f"{name}: bytes do not decode as {encoding}") from exc


@dataclass(frozen=True, slots=True)
class Document:
    """A file's article text, its title (HTML) and the date its metadata states (HTML)."""

    text: str
    title: str | None = None
    published: str | None = None


def read_document(path: Path | str) -> Document:
    """Read an article file of any supported type; ``InputError`` with the reason otherwise."""
    from .article import clean_text

    p = Path(path)
    reason = check_file(p)
    if reason is not None:
        raise InputError(f"{p}: {reason}")
    suffix = p.suffix.lower()
    data = read_bytes(p)
    if suffix in HTML_SUFFIXES:
        from .html import html_to_document

        text, title, published = html_to_document(data, name=p.name)
    elif suffix in WORD_SUFFIXES:
        from .office import docx_to_text

        text, title, published = docx_to_text(data, name=p.name), None, None
    elif suffix in PDF_SUFFIXES:
        from .office import pdf_to_text

        text, title, published = pdf_to_text(data, name=p.name), None, None
    else:
        text, title, published = decode_bytes(data, name=p.name), None, None
    text = clean_text(text)
    if _BLANK.fullmatch(text):
        raise InputError(f"{p.name}: empty file (only whitespace)")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(
            f"{p.name}: {len(text):,} characters of text, more than the {MAX_TEXT_CHARS:,} per article; "
            "split the file"
        )
    return Document(text, title, published)


def read_article(path: Path | str, *, source: str | None = None) -> Article:
    """The article a file holds, with what its page states (title, publication date); its
    source is the file's name unless ``source`` says otherwise."""
    from .article import build_article

    p = Path(path)
    doc = read_document(p)
    return build_article(
        doc.text, source=source or p.name, path=str(p), html_title=doc.title, published=doc.published
    )
