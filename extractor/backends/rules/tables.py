"""Rows of a table that scraping flattened into lines of space-separated cells.

``鼎瀚氢能装备制造基地 广东鼎瀚氢能科技有限公司 10-15亿元 已签约``: the matching copy drops the
spaces, so the sentence rules would read one long name; the raw line still shows the cells.
A row is a deal when its cells are a project's name (a project suffix, perhaps with its phase
after it), at most one organisation (an organisation suffix), exactly one amount (the whole cell)
and at most one stage, perhaps after a row number and before a last 建设内容 cell (建设年产2万吨…)
or progress cell (10月18日开工: its latest done event is the row's stage); any other cell makes
it no row of such a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...schema import Stage
from ...text.amounts import MoneyMatch, find_money
from ...text.lexicon import ORG_SUFFIX, PROJECT_SUFFIX, STAGE_OF_WORD, alternation
from ...text.names import investor_problem, project_problem
from .cues import stage_near
from .mentions import Mention
from .sentence import Sentence

_CELL = re.compile(r"\S+")
_STAGE_WORD = re.compile(alternation(list(STAGE_OF_WORD)))
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
    money: MoneyMatch
    stage: Stage | None


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
