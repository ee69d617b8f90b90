"""Traditional characters read as simplified, one character for one, in matching copies only.

Hong Kong, Macau and Taiwan outlets report mainland projects in traditional characters
(恒晉電子…簽訂投資協議，擬投資不超過18億元). The rules, the word lists and the questions are
simplified, so the matching copy of a text (``normalize``) and the search words of a passage
(``store.lexical``) map each traditional character to its simplified form; the article text,
quotes and names stay as written.

The map is jionlp's character table (``tra2sim_char.txt``), restricted to characters outside
GB2312, the simplified national character set, plus 於 and 後, which GB2312 holds only for a
surname and a rare variant. A character both scripts use every day (乾 of 乾隆, 著 of 著名, 覆 of
覆盖) is left alone. A simplified text still writes a few mapped characters in names (昇 of 昇腾,
喆, 堃): its copy reads them simplified too, consistently on both sides of every comparison, and
a question is searched both ways (``store.lexical.query_tokens``). One character maps to one:
offsets are kept.

``traditional.json`` beside this module is what ``from_jionlp`` yields from the installed
jionlp, read in a millisecond without importing jionlp (a question pays no import).
Regenerate it after upgrading jionlp with ``python -m extractor.text.traditional``;
``tests/test_unseen_styles_dev13.py`` fails while the file and jionlp disagree.
"""

from __future__ import annotations

import functools
import json
import sys
from importlib import resources
from pathlib import Path

from .jio import jionlp

FILE = "traditional.json"
# In GB2312, but written in simplified text only as a surname (於) or never (後).
_ALSO = {"於": "于", "後": "后"}


def _simplified_charset(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def from_jionlp() -> dict[str, str]:
    """Traditional character -> simplified, for characters outside GB2312 (and 於, 後)."""
    from jionlp.dictionary.dictionary_loader import traditional_simplified_loader

    jionlp()  # imported quietly (its banner) before its loader module
    pairs: dict[str, str] = traditional_simplified_loader("tra2sim_char.txt")
    table = {t: s for t, s in pairs.items() if len(t) == len(s) == 1 and t != s}
    table = {t: s for t, s in table.items() if not _simplified_charset(t)}
    return dict(sorted({**table, **_ALSO}.items()))


@functools.cache
def table() -> dict[str, str]:
    """The packaged map: what ``from_jionlp`` gave when the file was generated."""
    text = resources.files(__package__ or "extractor.text").joinpath(FILE).read_text(encoding="utf-8")
    return dict(json.loads(text)["map"])


@functools.cache
def _translation() -> dict[int, str]:
    return str.maketrans(table())


def simplified(text: str) -> str:
    """``text`` with each traditional character in the map replaced by its simplified form."""
    return text.translate(_translation())


def main() -> None:
    """Write the map of the installed jionlp into the package (or the path given)."""
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(FILE)
    data = {"jionlp": jionlp().__version__, "map": from_jionlp()}
    target.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
