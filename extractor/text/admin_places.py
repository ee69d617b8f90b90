"""China's administrative names from jionlp's table, shipped as package data.

``admin_places.json`` beside this module is what ``from_jionlp`` yields from the installed jionlp:
every province, city and county with its full name (松江区) and the short forms of provinces
and cities (重庆, 益阳) and of counties (松江). Reading it costs a few milliseconds where
importing jionlp and walking its table cost half a second, which a question pays on every
``dealqa ask``. Regenerate it after upgrading jionlp with ``python -m extractor.text.admin_places``;
``tests/test_admin_places.py`` fails while the file and jionlp disagree.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .jio import jionlp

Level = Literal["full", "alias", "county_alias"]
FILE = "admin_places.json"


def _aliases(node: dict[str, Any]) -> list[str]:
    alias = node.get("_alias") or []
    return [alias] if isinstance(alias, str) else list(alias)


def from_jionlp() -> tuple[dict[str, Level], frozenset[str]]:
    """Name -> level ("full"; "alias" of a province or city; "county_alias"), and the county names.

    A short form of one or two characters is dropped (it would match everywhere); a county's
    short form never replaces another entry's name.
    """
    names: dict[str, Level] = {}
    counties: set[str] = set()
    table: dict[str, Any] = jionlp().china_location_loader(detail=False)
    for prov_name, prov in table.items():
        names[prov_name] = "full"
        names.update({a: "alias" for a in _aliases(prov) if len(a) >= 2})
        for city_name, city in prov.items():
            if city_name.startswith("_"):
                continue
            names[city_name] = "full"
            names.update({a: "alias" for a in _aliases(city) if len(a) >= 2})
            for county_name, county in city.items():
                if county_name.startswith("_"):
                    continue
                names[county_name] = "full"
                counties.add(county_name)
                for a in _aliases(county):
                    if len(a) >= 2 and a not in names:
                        names[a] = "county_alias"
    return names, frozenset(counties)


def load() -> tuple[dict[str, Level], frozenset[str]]:
    """The packaged table: what ``from_jionlp`` gave when the file was generated."""
    text = resources.files(__package__ or "extractor.text").joinpath(FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return dict(data["names"]), frozenset(data["counties"])


def dump(names: dict[str, Level], counties: frozenset[str]) -> str:
    """The file's text: one name per line, so an upgrade's change reads as a short diff."""
    return (
        json.dumps(
            {"jionlp": jionlp().__version__, "names": names, "counties": sorted(counties)},
            ensure_ascii=False,
            indent=0,
        )
        + "\n"
    )


def main() -> None:
    """Write the table of the installed jionlp into the package (or the path given)."""
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name(FILE)
    target.write_text(dump(*from_jionlp()), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
