"""What the model is shown: numbered body paragraphs, cut into windows that fit.

Boilerplate paragraphs are never sent. Paragraph numbers are the article's
own, so a ``[P12]`` the model cites is paragraph 12 of the article. A long
article is cut at paragraph boundaries into windows of at most
``max_tokens`` article tokens, each starting with the last paragraph of the
one before (one paragraph of overlap), so a sentence that needs its
neighbour for context is seen whole at least once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...schema import Article
from ...text.tokens import count_tokens

_LINE_BREAK = re.compile(r"[ \t\r\f\v\u3000]*\n\s*")
# An article can't close (or fake-open) the delimiter around it. The
# full-width bracket NFKC-normalises back to "<", so quotes still verify.
_DELIMITER = re.compile(r"<(/?article)", re.IGNORECASE)


@dataclass(frozen=True)
class Window:
    """A run of paragraphs sent in one request."""

    index: int
    count: int
    paragraphs: tuple[int, ...]
    text: str
    tokens: int

    def describe(self) -> str:
        """The line that tells the model which part of the article this is."""
        if self.count == 1:
            return "以下是全文。"
        first, last = self.paragraphs[0], self.paragraphs[-1]
        return (
            f"以下是文章的第 {self.index + 1} 部分，共 {self.count} 部分（段落 P{first}–P{last}；"
            "相邻部分重叠一个段落）。只抽取本部分中出现的内容。"
        )


def shown_text(article: Article, n: int) -> str:
    """Paragraph ``n`` as one line: layout line breaks joined, delimiters defused."""
    text = _LINE_BREAK.sub(_join, article.paragraph_text(n))
    return _DELIMITER.sub(r"＜\1", text)


def _join(m: re.Match[str]) -> str:
    # Chinese broken across lines joins with nothing; Latin words keep a space.
    s, i = m.string, m.start()
    before = s[i - 1] if i > 0 else ""
    after = s[m.end()] if m.end() < len(s) else ""
    return " " if before.isascii() and before.isalnum() and after.isascii() and after.isalnum() else ""


def plan_windows(article: Article, *, max_tokens: int, encoding: str) -> list[Window]:
    """Windows over the body paragraphs, each under ``max_tokens`` unless one paragraph alone is over."""
    body = [p.n for p in article.paragraphs if p.kind != "boilerplate"]
    lines = [(n, f"[P{n}] {shown_text(article, n)}") for n in body]
    if not lines:
        return []
    tokens = [count_tokens(line, encoding=encoding) + 1 for _, line in lines]
    groups: list[list[int]] = []
    i = 0
    while i < len(lines):
        group, total, j = [i], tokens[i], i + 1
        while j < len(lines) and total + tokens[j] <= max_tokens:
            group.append(j)
            total += tokens[j]
            j += 1
        groups.append(group)
        if j >= len(lines):
            break
        last = group[-1]
        # Overlap by one paragraph when it fits with the next one; never stall.
        i = last if len(group) > 1 and tokens[last] + tokens[j] <= max_tokens else j
    return [
        Window(
            index=k,
            count=len(groups),
            paragraphs=tuple(lines[g][0] for g in group),
            text="\n".join(lines[g][1] for g in group),
            tokens=sum(tokens[g] for g in group),
        )
        for k, group in enumerate(groups)
    ]
