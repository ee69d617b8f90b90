"""Prompts: one versioned file per task in ``prompts/``, rendered strictly.

A prompt file ``prompts/<name>.v<version>.md`` is a small front matter
(``name``, ``version``, optionally ``examples``) followed by a ``[[system]]``
and a ``[[user]]`` section. Sections are ``string.Template`` text: ``${var}``
is a variable, ``$$`` a literal dollar. Rendering is strict both ways: a
variable the caller does not supply, or one the prompt does not use, is a
``PromptError``. ``${examples}`` is filled by the loader with the few-shot
examples.

The wheel carries ``prompts/`` inside the package as ``extractor/_prompts``
(read with ``importlib.resources``); an editable checkout reads the
repository's ``prompts/`` itself. ``prompts_root()`` is the one place that chooses.

Few-shot examples (JSON lines) are real seed excerpts with the expected
``ExtractionDraft``. They are checked at load time exactly as model output is
checked at run time: every quote and name must occur in its own excerpt, after
NFKC and whitespace removal only. That each excerpt occurs in its seed article
is checked by the tests (``check_example`` with the seeds folder), so an
installed package needs no ``seeds/``.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from .errors import PromptError
from .schema import AggregateDraft, DealDraft, ExtractionDraft
from .text.normalize import find_all, normalize_text

PACKAGED = "_prompts"  # where the wheel puts prompts/ (pyproject.toml, force-include)
CHECKOUT = Path(__file__).resolve().parent.parent / "prompts"

_FILE = re.compile(r"^(?P<name>[a-z0-9_-]+)\.v(?P<version>\d+)\.md$")
_SECTION = re.compile(r"^\[\[(system|user)\]\][ \t]*$", re.MULTILINE)
_AUTO_VARIABLES = frozenset({"examples"})
_LOADED: dict[tuple[str, str | None, str], Prompt] = {}


@dataclass(frozen=True)
class Example:
    """One worked example: a seed excerpt (as numbered paragraphs) and its expected drafts."""

    seed: str
    paragraphs: tuple[str, ...]
    output: ExtractionDraft
    note: str | None = None

    def render(self, n: int) -> str:
        lines = "\n".join(f"[P{i}] {p}" for i, p in enumerate(self.paragraphs, 1))
        payload = {
            "deals": [d.model_dump(exclude_defaults=True) for d in self.output.deals],
            "aggregates": [a.model_dump(exclude_defaults=True) for a in self.output.aggregates],
        }
        out = [
            f'<example n="{n}" source="{self.seed}">',
            f"<article>\n{lines}\n</article>",
            "输出：",
            json.dumps(payload, ensure_ascii=False),
        ]
        if self.note:
            out.append(f"说明：{self.note}")
        out.append("</example>")
        return "\n".join(out)


@dataclass(frozen=True)
class RenderedPrompt:
    system: str
    user: str


@dataclass(frozen=True)
class Prompt:
    """A loaded prompt; ``digest`` changes whenever its file or its examples change."""

    name: str
    version: str
    system: str
    user: str
    examples: tuple[Example, ...]
    digest: str

    @property
    def id(self) -> str:
        return f"{self.name}.v{self.version}"

    def examples_text(self) -> str:
        return "\n\n".join(e.render(i) for i, e in enumerate(self.examples, 1))

    def variables(self) -> set[str]:
        """The variables the caller must supply (``examples`` is supplied by the loader)."""
        names: set[str] = set()
        for part in (self.system, self.user):
            names.update(string.Template(part).get_identifiers())
        return names - _AUTO_VARIABLES

    def render(self, **variables: str) -> RenderedPrompt:
        """Both parts with every variable filled; a missing or unused variable is a PromptError."""
        unused = set(variables) - self.variables()
        if unused:
            raise PromptError(
                f"prompt {self.id} does not use {sorted(unused)}; it takes {sorted(self.variables())}"
            )
        values = {"examples": self.examples_text(), **variables}
        return RenderedPrompt(
            self._fill("system", self.system, values), self._fill("user", self.user, values)
        )

    def _fill(self, part: str, template: str, values: Mapping[str, str]) -> str:
        try:
            return string.Template(template).substitute(values)
        except KeyError as e:
            raise PromptError(
                f"prompt {self.id} ({part}) needs the variable {e.args[0]!r}; pass it to render()",
                original=e,
            ) from e
        except ValueError as e:
            raise PromptError(
                f"prompt {self.id} ({part}) has a malformed placeholder: {e}; write $$ for a literal $",
                original=e,
            ) from e


@lru_cache(maxsize=1)
def prompts_root() -> Traversable:
    """The prompt files: the package's copy when installed from a wheel, ``prompts/`` in a checkout."""
    packaged = resources.files(__package__ or "extractor").joinpath(PACKAGED)
    if packaged.is_dir():
        return packaged
    if CHECKOUT.is_dir():
        return CHECKOUT
    raise PromptError(
        f"no prompt files: neither {packaged} nor {CHECKOUT} exists; reinstall dealqa from its wheel"
    )


def available_prompts(directory: Traversable | None = None) -> list[str]:
    """Every ``name.vN`` in the prompt directory."""
    return sorted(name[:-3] for name in _files(directory or prompts_root()) if _FILE.match(name))


def load_prompt(name: str, *, version: str | None = None, directory: Traversable | None = None) -> Prompt:
    """The prompt ``name`` (its highest version unless ``version`` is given), examples checked.

    Loaded once per process and directory.
    """
    root = directory or prompts_root()
    key = (name, version, str(root))
    prompt = _LOADED.get(key)
    if prompt is None:
        prompt = _LOADED.setdefault(key, _load(name, version, root))  # one object even if two threads race
    return prompt


def _load(name: str, version: str | None, directory: Traversable) -> Prompt:
    path = _find(name, version, directory)
    raw = path.read_text(encoding="utf-8")
    meta, body = _front_matter(raw, path)
    m = _FILE.match(path.name)
    assert m is not None  # _find only returns matching names
    if meta.get("name") != m["name"] or meta.get("version") != m["version"]:
        raise PromptError(
            f"{path}: front matter says name={meta.get('name')!r} version={meta.get('version')!r}, "
            f"but the file name says {m['name']!r} v{m['version']}; make them agree"
        )
    system, user = _sections(body, path)
    examples: tuple[Example, ...] = ()
    digest = hashlib.sha256(raw.encode("utf-8"))
    if "examples" in meta:
        ex_path = directory.joinpath(*meta["examples"].split("/"))
        if not ex_path.is_file():
            raise PromptError(f"{path}: the examples file {ex_path} does not exist")
        ex_raw = ex_path.read_text(encoding="utf-8")
        digest.update(ex_raw.encode("utf-8"))
        examples = tuple(_examples(ex_raw, ex_path))
    prompt = Prompt(m["name"], m["version"], system, user, examples, digest.hexdigest())
    if examples and "examples" not in _identifiers(system, user):
        raise PromptError(f"{path} has examples but no ${{examples}} placeholder to put them in")
    return prompt


def _identifiers(*parts: str) -> set[str]:
    return {i for p in parts for i in string.Template(p).get_identifiers()}


def _files(directory: Traversable) -> dict[str, Traversable]:
    """The files directly in ``directory`` by name (none when it is missing)."""
    if not directory.is_dir():
        return {}
    return {p.name: p for p in directory.iterdir() if p.is_file()}


def _find(name: str, version: str | None, directory: Traversable) -> Traversable:
    files = _files(directory)
    if version is not None:
        path = files.get(f"{name}.v{version}.md")
        if path is not None:
            return path
    else:
        versions = {
            int(m["version"]): p for f, p in files.items() if (m := _FILE.match(f)) and m["name"] == name
        }
        if versions:
            return versions[max(versions)]
    wanted = f"{name}.v{version}" if version else name
    raise PromptError(
        f"no prompt {wanted!r} in {directory}; available: {available_prompts(directory) or 'none'}"
    )


def _front_matter(raw: str, path: Traversable) -> tuple[dict[str, str], str]:
    lines = raw.split("\n")
    if not lines or lines[0].strip() != "---":
        raise PromptError(f"{path} must start with a '---' front matter block (name, version)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        raise PromptError(f"{path}: the front matter has no closing '---' line") from None
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise PromptError(f"{path}: front matter line {line!r} is not 'key: value'")
        meta[key.strip()] = value.strip()
    return meta, "\n".join(lines[end + 1 :])


def _sections(body: str, path: Traversable) -> tuple[str, str]:
    parts = _SECTION.split(body)
    # split gives [preamble, name1, text1, name2, text2, ...]
    found: dict[str, str] = {}
    for i in range(1, len(parts), 2):
        if parts[i] in found:
            raise PromptError(f"{path} has two [[{parts[i]}]] sections")
        found[parts[i]] = parts[i + 1].strip("\n")
    if parts[0].strip() or set(found) != {"system", "user"}:
        raise PromptError(
            f"{path} needs exactly a [[system]] and a [[user]] section, and nothing before them"
        )
    return found["system"], found["user"]


def _examples(raw: str, path: Traversable) -> list[Example]:
    out: list[Example] = []
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name} line {lineno}"
        try:
            row = json.loads(line)
            example = Example(
                seed=str(row["seed"]),
                paragraphs=tuple(str(p) for p in row["paragraphs"]),
                output=ExtractionDraft.model_validate(row["output"]),
                note=row.get("note"),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as e:
            raise PromptError(
                f"{where}: not an example ({e}); each line is "
                '{"seed": ..., "paragraphs": [...], "output": {"deals": [...], "aggregates": [...]}}',
                original=e,
            ) from e
        except ValidationError as e:
            raise PromptError(f"{where}: output is not an ExtractionDraft: {e}", original=e) from e
        problems = check_example(example)
        if problems:
            raise PromptError(f"{where}: " + "; ".join(problems))
        out.append(example)
    return out


def check_example(example: Example, seeds: Path | None = None) -> list[str]:
    """Why an example can't be trusted (empty when it is sound).

    Loading checks each example against itself; given the ``seeds`` folder (the
    tests do) it also checks that every paragraph is copied from its seed article.
    """
    if not example.paragraphs:
        return ["an example needs at least one paragraph"]
    problems: list[str] = []
    if seeds is not None:
        seed = seeds / example.seed
        if not seed.is_file():
            return [f"seed file {seed} does not exist"]
        seed_text = seed.read_text(encoding="utf-8")
        problems = [
            f"paragraph {i}「{_short(p)}」does not occur in {example.seed}; copy it from the seed exactly"
            for i, p in enumerate(example.paragraphs, 1)
            if not find_all(seed_text, p)
        ]
    records: list[tuple[str, DealDraft | AggregateDraft]] = [
        *((f"deals[{i}]", d) for i, d in enumerate(example.output.deals)),
        *((f"aggregates[{i}]", a) for i, a in enumerate(example.output.aggregates)),
    ]
    whole = "\n".join(example.paragraphs)
    for label, rec in records:
        problems.extend(f"{label}.{p}" for p in _record_problems(rec, example.paragraphs, whole))
    return problems


def _record_problems(rec: DealDraft | AggregateDraft, paragraphs: tuple[str, ...], whole: str) -> list[str]:
    problems: list[str] = []
    holders = [i for i, p in enumerate(paragraphs, 1) if find_all(p, rec.evidence)]
    if not holders:
        problems.append(f"evidence「{_short(rec.evidence)}」is not in any of the example's paragraphs")
    elif rec.paragraph is not None and rec.paragraph not in holders:
        problems.append(f"paragraph {rec.paragraph} does not hold the evidence (it is in {holders})")
    if rec.amount_text is not None and normalize_text(rec.amount_text) not in normalize_text(rec.evidence):
        problems.append(f"amount_text「{rec.amount_text}」is not inside the evidence")
    copied: list[str | None] = (
        [rec.project, rec.location, rec.date_text, *rec.investors]
        if isinstance(rec, DealDraft)
        else [rec.scope]
    )
    problems.extend(
        f"name「{c}」does not occur in the example's paragraphs"
        for c in copied
        if c is not None and not find_all(whole, c)
    )
    return problems


def _short(s: str, n: int = 30) -> str:
    return s if len(s) <= n else s[:n] + "…"
