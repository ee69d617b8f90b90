"""Rows of a table that scraping flattened into lines of space-separated cells.

``鼎瀚氢能装备制造基地 广东鼎瀚氢能科技有限公司 10-15亿元 已签约``: the matching copy drops the
spaces, so the sentence rules would read one long name; the raw line still shows the cells.
A row is a deal when its cells are a project's name (a project suffix, perhaps with its phase
after it), at most one organisation (an organisation suffix), exactly one amount (the whole cell)
and at most one stage, perhaps after a row number and before a last 建设内容 cell (建设年产2万吨…)
or progress cell (10月18日开工: its latest done event is the row's stage); any other cell makes
it no row of such a table.

A notice's table with a header line (``序号 | 企业名称 | 项目名称 | … | 协议投资额 | 已完成投资 |
项目状态 | 拟兑现奖励``, cells split by ``|``, a tab or a wide gap) is read by its columns instead
(``Header``): the project, the investor, the amount and the progress each come from their own
column, and the other columns (an investment done so far, a reward) are never an amount.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...schema import Stage
from ...text.amounts import MoneyMatch, find_money, money_in_unit
from ...text.lexicon import (
    ENDED_STATUS,
    ORG_SUFFIX,
    PROJECT_SUFFIX,
    STAGE_OF_WORD,
    TABLE_COLUMNS,
    alternation,
)
from ...text.names import investor_problem, project_problem
from ...text.paragraphs import MONEY_UNIT_CELL
from .cues import stage_near
from .mentions import Mention
from .sentence import Sentence

_CELL = re.compile(r"\S+")
_STAGE_WORD = re.compile(alternation(list(STAGE_OF_WORD)))
_ENDED = re.compile(alternation(ENDED_STATUS))
_ROW_NUMBER = re.compile(r"\d{1,3}[.、]?")
# What the project builds, the last column of a notice's table: 建设年产2万吨锂电铜箔生产线.
_WORKS_CELL = re.compile("(?:主要|拟|计划)?(?:新建|建设|扩建|改建|建成|打造)")
_PROJECT = re.compile(rf"(?:{alternation(PROJECT_SUFFIX)})(?:[(（][^)）]{{1,6}}[)）])?$")
# 已签约, 在建中; a plan (拟开工, 待签约) says no stage yet.
_STAGE_CELL = re.compile(
    rf"^(?:已|正在|(?P<plan>拟|待|计划))?(?P<cue>{alternation(list(STAGE_OF_WORD))})(?:中|完成)?$"
)


def _progress_cell(text: str) -> bool:
    """A cell that tells a project's progress in words (10月18日开工), not a bare stage (已签约)."""
    return _STAGE_WORD.search(text) is not None and not _STAGE_CELL.match(text)


@dataclass(frozen=True)
class Row:
    project: Mention
    org: Mention | None
    money: MoneyMatch | None  # None: a header's amount cell holds no amount with its unit (35)
    stage: Stage | None
    ended: bool = False  # 已终止, 撤销: a row of the table, but no deal (a project given up)


def table_row(s: Sentence) -> Row | None:
    """The deal a flattened table row states, or None when ``s`` is no such row."""
    cells = list(_CELL.finditer(s.raw))
    if cells and _ROW_NUMBER.fullmatch(cells[0].group()):
        cells = cells[1:]
    progress: Stage | None = None
    if len(cells) > 3 and _WORKS_CELL.match(cells[-1].group()):
        cells = cells[:-1]
    elif len(cells) > 3 and _progress_cell(cells[-1].group()):
        # a progress column (10月进展): 10月18日开工, 设备安装调试，预计12月投产 (a plan: no stage)
        last = cells.pop()
        a, b = s.norm.to_copy(last.start()), s.norm.to_copy(last.end())
        progress = stage_near(s, [b], [], within=(a, b))
    if not 3 <= len(cells) <= 6:
        return None
    project = org = money = None
    stage: Stage | None = None
    for cell in cells:
        a, b = s.norm.to_copy(cell.start()), s.norm.to_copy(cell.end())
        text = s.text[a:b]
        found = find_money(text)
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(text) and money is None:
            m = found[0]
            money = MoneyMatch(a, b, m.text, m.money)
        elif (cue := _STAGE_CELL.match(text)) is not None and stage is None:
            stage = None if cue.group("plan") else STAGE_OF_WORD[cue.group("cue")]
        elif text.endswith(ORG_SUFFIX) and org is None and investor_problem(s.name(a, b)) is None:
            org = Mention(a, b, s.name(a, b))
        elif _PROJECT.search(text) and project is None and project_problem(s.text, a, b) is None:
            project = Mention(a, b, s.name(a, b))
        else:
            return None  # a cell that is none of these: no row of a deals table
    if project is None or money is None:
        return None
    return Row(project, org, money, stage or progress)


# Cells of a table with a header: split by a bar, a tab, or a gap of two spaces or more.
_SPLIT = re.compile(r"\s*[|｜\t]\s*|[ \u3000]{2,}")
# A header cell: a column's name, perhaps with a unit in brackets (协议投资额（万元）).
_COLUMN = dict(
    sorted(
        ((word, role) for role, words in TABLE_COLUMNS.items() for word in words), key=lambda x: -len(x[0])
    )
)
_UNIT = re.compile(r"[(（][^)）]{1,6}[)）]$")


def _cells(raw: str) -> list[tuple[int, int]]:
    """The spans of ``raw``'s cells, split by a table's separators (empty cells kept)."""
    out, pos = [], 0
    for m in _SPLIT.finditer(raw):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(raw)))
    barred = raw.strip()[:1] in "|｜" and raw.strip()[-1:] in "|｜"
    if barred and out and out[0][0] == out[0][1]:
        out = out[1:]  # | a | b |: the bars at the ends open and close the row
    if barred and out and out[-1][0] == out[-1][1]:
        out = out[:-1]  # (a tab-separated row's last cell may be empty: 备注 left blank)
    return out


@dataclass(frozen=True)
class Header:
    """The columns of a table of projects: each column's role (project, investor, amount,
    progress), None for a column read as nothing."""

    roles: tuple[str | None, ...]
    # each column's unit of money from its name (总投资（亿元）), which its bare numbers (28) are in
    units: tuple[str | None, ...] = ()

    def row(self, s: Sentence) -> Row | None:
        """The deal the row ``s`` states, or None when ``s`` is no row of this table."""
        cells = _cells(s.raw)
        # a row may stop short of the header's last columns when they are empty and read as nothing
        if len(cells) > len(self.roles) or any(r is not None for r in self.roles[len(cells) :]):
            return None
        ended = any(_ENDED.fullmatch(s.raw[x:y].strip()) for x, y in cells)  # 撤销 in any column
        project = org = money = None
        stage: Stage | None = None
        for role_at, ((x, y), role) in enumerate(zip(cells, self.roles[: len(cells)], strict=True)):
            if role is None or x == y:
                continue
            a, b = s.norm.to_copy(x), s.norm.to_copy(y)
            text = s.text[a:b]
            if role == "amount":
                found = find_money(text)
                if len(found) == 1 and found[0].start == 0 and found[0].end == len(text):
                    money = MoneyMatch(a, b, found[0].text, found[0].money)
                elif (unit := self._unit(role_at)) and (read := money_in_unit(text, unit)) is not None:
                    money = MoneyMatch(a, b, text, read)  # 28 under 总投资（亿元）
            elif role == "project" and project_problem(s.text, a, b) is None:
                project = Mention(a, b, s.name(a, b))
            elif role == "investor" and investor_problem(s.name(a, b)) is None:
                org = Mention(a, b, s.name(a, b))
            elif role == "progress":
                ended = ended or _ENDED.search(text) is not None
                stage = stage_near(s, [b], [], within=(a, b))
        if project is None or (money is None and org is None and not ended):
            return None
        # a bare number under a column that names no unit (35, ≈12) is read as no amount
        return Row(project, org, money, stage, ended=ended)

    def _unit(self, column: int) -> str | None:
        return self.units[column] if column < len(self.units) else None


# A markdown table's rule under its header: |---|:---:|---|.
_RULE_ROW = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?\|?")


def rule_row(s: Sentence) -> bool:
    """Whether ``s`` is the rule line under a markdown table's header (it keeps the header)."""
    return _RULE_ROW.fullmatch(s.raw.strip()) is not None


def table_header(s: Sentence) -> Header | None:
    """The header of a table of projects, when ``s`` is one: three cells or more, a project
    column and an amount column among them."""
    roles: list[str | None] = []
    units: list[str | None] = []
    for x, y in _cells(s.raw):
        unit = MONEY_UNIT_CELL.search(s.raw[x:y].strip())
        units.append(unit.group(1) if unit else None)
        name = _UNIT.sub("", s.raw[x:y].strip())
        # 10月进展, 项目总投资: a column's word at the end of its name
        roles.append(next((role for word, role in _COLUMN.items() if name.endswith(word)), None))
    if len(roles) < 3 or "project" not in roles or "amount" not in roles:
        return None
    units = [u if r == "amount" else None for r, u in zip(roles, units, strict=True)]
    return Header(tuple(roles), tuple(units))

