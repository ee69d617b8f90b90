"""HTML pages to article text: the main content only, nothing the page does not say.

Page chrome goes first (``nav``, ``aside``, scripts and forms; ``header`` and
``footer`` outside the article; elements whose role or class names navigation,
menus, breadcrumbs, sharing or the copyright), then readability-lxml picks the
main content, and lines of navigation left in it (``首页 | 新闻``, ``当前位置：…``,
``返回顶部``, ``分享到：``, copyright lines) are dropped. A line with a date stays:
it is where the date finder reads the publication date.

Nothing is added: the page's title comes back separately, and a date only the
page's metadata states (``article:published_time``, ``PubDate``…) comes back as
``published``, never written into the text. No date, no ``published``.

readability-lxml rather than trafilatura (used before): on small government
pages trafilatura kept the navigation bar, took ``2023-01-01`` from a
``© 2023`` footer as the publication date, and spent 3 s on a 1 KB page.
"""

from __future__ import annotations

import re
from datetime import date

from ..errors import InputError
from .boilerplate import is_furniture
from .decode import decode_bytes

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "iframe", "button", "select",
    "svg", "canvas",
)  # fmt: skip
_DROP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(nav|navbar|menu|breadcrumbs?|crumbs?|footer|share|sharing|sidebar|toolbar|copyright|"
    r"topbar|pagination|pager)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "table", "tr", "blockquote", "pre", "dd", "dt", "dl", "figure", "figcaption", "header", "footer",
    "br", "hr", "center", "address", "body",
}  # fmt: skip
_CELL = {"td", "th"}
_NAV_SEPARATORS = re.compile(r"\s*[|｜>›»/]\s*|\s{2,}")
_SENTENCE = re.compile(r"[，。！？；,;!?]")
_WHERE = re.compile(r"^\s*(当前位置|您的位置|你的位置|您现在的位置|现在的位置|所在位置)\s*[:：]?")
_DATE = re.compile(r"(19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}")
_META_DATES = (
    "article:published_time", "og:published_time", "pubdate", "publishdate", "publish_date",
    "publishtime", "firstpublishedtime", "datepublished", "dc.date.issued", "dc.date", "date",
)  # fmt: skip
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜|—|--| - )\s*")


def html_to_document(data: bytes, *, name: str = "<html>") -> tuple[str, str | None, str | None]:
    """``(text, title, published)``: the main text, the title, the date the page's metadata states."""
    import lxml.html
    from lxml import etree

    source = decode_bytes(data, name=name)
    try:
        tree = lxml.html.document_fromstring(source)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{name}: not a readable HTML page ({exc})", original=exc) from exc
    title = _title(tree)
    published = _meta_date(tree)
    _strip_chrome(tree)
    lines = [ln for ln in _main_lines(tree) if not _is_chrome(ln)]
    heading = _first_h1(tree)
    if heading and lines and heading not in lines[:3]:
        lines.insert(0, heading)  # the page's own headline, outside the content block
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{name}: no article text found in the HTML page")
    return text, title, published


def _strip_chrome(tree: object) -> None:
    from lxml import etree

    doomed = []
    for el in tree.iter():  # type: ignore[attr-defined]
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        role = (el.get("role") or "").lower()
        names = f"{el.get('class') or ''} {el.get('id') or ''}"
        if (
            tag in _DROP_TAGS
            or role in _DROP_ROLES
            or (tag in ("header", "footer") and not _in_article(el))
            or (tag not in ("body", "html", "article", "main") and _CHROME_CLASS.search(names))
        ):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # its tail stays where it was
    etree.strip_elements(tree, etree.Comment, with_tail=False)


def _in_article(el: object) -> bool:
    """An article's own header or footer (its headline, its date) is content."""
    return any(
        isinstance(a.tag, str) and a.tag.lower() in ("article", "main")
        for a in el.iterancestors()  # type: ignore[attr-defined]
    )


def _main_lines(tree: object) -> list[str]:
    import lxml.html
    from readability import Document
    from readability.readability import Unparseable

    page = lxml.html.tostring(tree, encoding="unicode")
    try:
        summary = Document(page).summary(html_partial=True)
        content = lxml.html.fragment_fromstring(summary, create_parent="div")
        lines = _block_lines(content)
    except (Unparseable, ValueError):
        lines = []
    if not any(_SENTENCE.search(ln) for ln in lines):  # readability found nothing like prose
        body = tree.find("body")  # type: ignore[attr-defined]
        lines = _block_lines(body if body is not None else tree)
    return lines


def _block_lines(root: object) -> list[str]:
    """The element's text, a line per block element, a tab between table cells (no recursion:
    hostile pages nest deeply)."""
    from lxml import etree

    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in _BLOCK:
                parts.append("\n")
            elif tag in _CELL:
                parts.append("\t")
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in _BLOCK:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    out = []
    for raw in "".join(parts).split("\n"):
        cells = [" ".join(c.split()) for c in raw.split("\t")]
        line = "\t".join(c for c in cells if c)
        if line:
            out.append(line)
    return out


def _is_chrome(line: str) -> bool:
    """Navigation and page furniture inside the content block; a line with a date stays."""
    if _WHERE.match(line):
        return True
    items = [s for s in _NAV_SEPARATORS.split(line) if s]
    if len(items) >= 2 and all(len(s) <= 8 for s in items) and not _SENTENCE.search(line):
        return True  # 首页 | 新闻 | 政务公开, 首页 > 招商动态
    return is_furniture(line) and not _DATE.search(line)


def _text_of(el: object) -> str:
    return " ".join("".join(el.itertext()).split())  # type: ignore[attr-defined]


def _first_h1(tree: object) -> str | None:
    h1 = tree.find(".//h1")  # type: ignore[attr-defined]
    text = _text_of(h1) if h1 is not None else ""
    return text if 2 <= len(text) <= 100 else None


def _title(tree: object) -> str | None:
    """The headline: the ``h1``, else the ``<title>`` without the site's name after it."""
    heading = _first_h1(tree)
    if heading:
        return heading
    el = tree.find(".//title")  # type: ignore[attr-defined]
    raw = _text_of(el) if el is not None else ""
    first = _TITLE_SPLIT.split(raw)[0] if raw else ""
    return (first if len(first) >= 4 else raw) or None


def _meta_date(tree: object) -> str | None:
    """The publication date a ``<meta>`` or ``<time>`` states, as an ISO date; None without one."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):  # type: ignore[attr-defined]
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATES and meta.get("content"):
            found.setdefault(key, meta.get("content"))
    candidates = [found[k] for k in _META_DATES if k in found]
    candidates += [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]  # type: ignore[attr-defined]
    for value in candidates:
        m = re.search(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", value)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
            except ValueError:
                continue
    return None
