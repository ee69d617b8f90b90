"""Word (.docx, python-docx) and PDF (pypdfium2) files to article text.

Word: the body's paragraphs and tables in document order, one line each (a
table row's cells joined by a tab); headers, footers and empty paragraphs are
left out.

PDF: PDFium's text layer, page by page. PDFium gives visual lines; a line
that runs to the text block's right edge, followed by one that is neither
indented nor set apart by a wider gap, was wrapped by the layout and is joined
to it, so a sentence is one line again. A lone page number at the top or
bottom of a page is dropped. Every page ends with a form feed (``PAGE_BREAK``,
as ``pdftotext`` writes them): the stored text carries its own page map, and a
paragraph's page is the number of form feeds before it, plus one.

PDFium (BSD, via pypdfium2, Apache-2.0/BSD) rather than pypdf: it reads the
CID-keyed CJK fonts that Chinese PDFs are set in, where pypdf returned a NUL
before every character on our fixtures, and it is C++, so a page costs
microseconds. PyMuPDF is AGPL; pdfminer (under pdfplumber) found no text in
the same files.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import zipfile
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .files import MAX_TEXT_CHARS

PAGE_BREAK = "\f"
NO_TEXT_LAYER = "no text layer: scanned PDF, OCR is not supported"
# The main part of a .docx, unpacked: beyond this it is a zip bomb, not an article.
_MAX_DOCX_XML = 100 * 1024 * 1024
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(第\s*)?\d{1,4}\s*(页)?(\s*/\s*(共\s*)?\d{1,4}\s*页?)?[-—–\s]*$")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _too_long(name: str) -> InputError:
    return InputError(
        f"{name}: more than {MAX_TEXT_CHARS:,} characters of text (the limit per article); split the file"
    )


# --------------------------------------------------------------------------- Word


def docx_to_text(data: bytes, *, name: str = "<docx>") -> str:
    """The body text of a .docx, one paragraph (or table row) per line."""
    import docx
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            part = z.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        reason = f"{name}: not a Word .docx file (no word/document.xml inside)"
        raise InputError(reason, original=exc) from exc
    if part.file_size > _MAX_DOCX_XML:
        raise InputError(f"{name}: its document part unpacks to {part.file_size // 2**20} MB; refused")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        reason = f"{name}: not a readable Word .docx file ({type(exc).__name__})"
        raise InputError(reason, original=exc) from exc
    lines: list[str] = []
    size = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            rows = ["\t".join(_cells(row.cells)) for row in block.rows]
        else:
            rows = [block.text]
        for row in rows:
            if row.strip():
                lines.append(row.rstrip())
                size += len(row) + 1
        if size > MAX_TEXT_CHARS:
            raise _too_long(name)
    return "\n".join(lines)


def _cells(cells: list[Any]) -> list[str]:
    """A row's cell texts, a merged cell (repeated by python-docx) once."""
    out: list[str] = []
    last = None
    for cell in cells:
        if cell._tc is not last:  # merged cells share one element
            out.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        last = cell._tc
    return out


# --------------------------------------------------------------------------- PDF


@dataclass(slots=True)
class _Line:
    text: str
    left: float
    right: float
    bottom: float
    top: float


def pdf_to_text(data: bytes, *, name: str = "<pdf>") -> str:
    """The text layer of a PDF, a form feed after every page; ``InputError`` without one."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            reason = f"{name}: the PDF is password-protected; remove the password"
            raise InputError(reason, original=exc) from exc
        raise InputError(f"{name}: not a readable PDF ({exc})", original=exc) from exc
    pages: list[str] = []
    size = 0
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                text = _page_text(page)
            finally:
                page.close()
            size += len(text) + 1
            if size > MAX_TEXT_CHARS:
                raise _too_long(name)
            pages.append(text)
    finally:
        pdf.close()
    if not any(p.strip() for p in pages):
        raise InputError(f"{name}: {NO_TEXT_LAYER}")
    return "".join(p + PAGE_BREAK for p in pages)


def _page_text(page: Any) -> str:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        lines = _lines(textpage, raw)
    finally:
        textpage.close()
    lines = _drop_page_numbers(lines)
    return "\n".join(_paragraphs(lines))


def _lines(textpage: Any, raw: str) -> list[_Line]:
    """The page's visual lines with their boxes (without boxes when PDFium's indices don't match)."""
    boxed = textpage.count_chars() == len(raw)
    out: list[_Line] = []
    pos = 0
    for m in re.finditer(r"[^\r\n]*(\r\n|\r|\n|$)", raw):
        body = m.group(0).rstrip("\r\n")
        start = m.start()
        pos = m.end()
        if not body.strip():
            if pos >= len(raw):
                break
            continue
        if not boxed:
            out.append(_Line(body.strip(), 0, 0, 0, 0))
            continue
        boxes = [textpage.get_charbox(start + k) for k, ch in enumerate(body) if not ch.isspace()]
        out.append(
            _Line(
                body.strip(),
                min(b[0] for b in boxes),
                max(b[2] for b in boxes),
                min(b[1] for b in boxes),
                max(b[3] for b in boxes),
            )
        )
    return out


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    if lines and _PAGE_NUMBER.match(lines[-1].text):
        lines = lines[:-1]
    if lines and _PAGE_NUMBER.match(lines[0].text):
        lines = lines[1:]
    return lines


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Visual lines joined back into paragraphs where the layout wrapped them."""
    if not lines or all(ln.right == 0 for ln in lines):
        return [ln.text for ln in lines]
    heights = [ln.top - ln.bottom for ln in lines if ln.top > ln.bottom]
    height = statistics.median(heights) if heights else 10.0
    # A character's width: CJK glyphs are about as wide as the line is high.
    char = height
    right_edge = max(ln.right for ln in lines)
    left_edge = min(ln.left for ln in lines)
    out = [lines[0].text]
    for a, b in itertools.pairwise(lines):
        full = a.right >= right_edge - 2 * char
        indented = b.left > left_edge + 0.8 * char
        gap = a.bottom - b.top
        if full and not indented and -0.5 * height < gap < 1.2 * height:
            joint = "" if _CJK.match(b.text[0]) or _CJK.match(out[-1][-1]) or out[-1][-1] == "-" else " "
            out[-1] += joint + b.text
        else:
            out.append(b.text)
    return out
