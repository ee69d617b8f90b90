"""The lexicon: cue words for reading investment-promotion news, as package data.

The words live in ``lexicon.toml`` beside this module (shipped in the wheel) and are
loaded once here; extraction, QA, places and the web read these names, so each word has
one home and the readers agree (``tests/test_lexicon.py``). The regex atoms that
several readers build from (numerals, counts) are defined once below.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any, cast, get_args

from ..schema import Stage

_DATA: dict[str, Any] = tomllib.loads(
    resources.files(__package__ or "extractor.text").joinpath("lexicon.toml").read_text(encoding="utf-8")
)


def _words(key: str) -> tuple[str, ...]:
    return tuple(_DATA[key])


MONEY_CONTEXT = _words("money_context")
NOT_DEAL = _words("not_deal") + _words("completed_investment")
COMPLETED_INVESTMENT = _words("completed_investment")
SPENT_SO_FAR = _words("spent_so_far")
COST_PARTS = _words("cost_parts")
PROJECT_KINDS = _words("project_kinds")
INVESTMENT = _words("investment")
TOTAL = _words("total")
FUNDS_IN_PLACE = _words("funds_in_place")
FOREIGN_CAPITAL = _words("foreign_capital")
CLAIMS = _words("claims")
SET_APART = _words("set_apart")
COURT = _words("court")
ENDED_STATUS: tuple[str, ...] = tuple(_DATA["table_status"]["ended"])
SPOKEN_QUESTION: dict[str, str] = dict(_DATA["spoken_question"])
ASKED_MEASURES: tuple[tuple[str, ...], ...] = tuple(tuple(w) for w in _DATA["asked_measures"].values())
NEW_FOREIGN_FIRMS = _words("new_foreign_firms")
INVESTOR_FIELDS = _words("investor_fields")
PROJECT_FIELDS = _words("project_fields")
AMOUNT_FIELDS = _words("amount_fields")
SITE_FIELDS = _words("site_fields")
REFUSALS = _words("refusals")
ROLE_FIELDS = _words("role_fields")
FOREIGN_PLACES = _words("foreign_places")
STAGE_FIELDS = _words("stage_fields")
OFFICIAL_TITLES = _words("official_titles")
CREDIT = _words("credit")
PLAN_TARGET = _words("plan_target")
OFFERED_PROJECTS = _words("offered_projects")
GENERIC = _words("generic")
FUTURE_NEAR = _words("future_near")
FUTURE_CLAUSE = _words("future_clause")
PROJECT_SUFFIX = _words("project_suffix")
GENERIC_NAME_WORDS = _words("generic_name_words")
CLASS_MARKERS = _words("class_markers")
NOT_ORG_START = _words("not_org_start")
VERBS_BEFORE_FIRMS = _words("verbs_before_firms")
NOT_NAME_START = _words("not_name_start")
NOT_YET = _words("not_yet")
CORRECTED = _words("corrected")
SUPERSEDED = _words("superseded")
HEARSAY = _words("hearsay")
CANCELLED = _words("cancelled")
DENIAL = _words("denial")
TRUTH_ASKED = _words("truth_asked")
PLAN_ASKED = _words("plan_asked")
GOAL = _words("goal")
DONE_SINCE = _words("done_since")
DONE_NOW = _words("done_now")
REWARD = _words("reward")
PARK_END = _words("park_end")
THESE = _words("these")
MEDIA = _words("media")
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["table_columns"].items()}
ZONE_SHORT: dict[str, str] = dict(_DATA["zone_short"])
CARD_STATUS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _DATA["card_status"].items()}
NAME_VERBS = _words("name_verbs")
ORG_SUFFIX = _words("org_suffix")
FIRM_END = _words("firm_end")
LEGAL_ORG_END = _words("legal_org_end")
INSTITUTION_SUFFIX = _words("institution_suffix")
INTENT_DOCUMENTS = _words("intent_documents")
WORKS_SUFFIX = _words("works_suffix")
NARROW_STAGE_WORDS = _words("narrow_stage_words")
FIRM_NAME_END = _words("firm_name_end")
BRAND_NAME_END = _words("brand_name_end")
NOT_INVESTOR = _words("not_investor")
INDUSTRY: tuple[tuple[str, str], ...] = tuple((k, label) for k, label in _DATA["industry"])
INDUSTRY_SUFFIX = _words("industry_suffix")
READER_ACTION = _words("reader_action")
ANSWER_GLUE = _words("answer_glue")
NEGATION = _words("negation")
ZONE_SUFFIX = _words("zone_suffix")
AREA_HEADS = _words("area_heads")
PLAN_HEADS = _words("plan_heads")
REPORT_HEADS = _words("report_heads")
GOAL_LEADS = _words("goal_leads")
INSTRUCTION = _words("instruction")
UNRECORDED_MEASURES = _words("unrecorded_measures")
STAGE_CUES: dict[Stage, tuple[str, ...]] = {cast(Stage, s): tuple(w) for s, w in _DATA["stage_cues"].items()}
STAGE_CUES["intent"] = (*STAGE_CUES.get("intent", ()), *INTENT_DOCUMENTS)
# Each stage word and the stage it says (签约 -> signed), for every reader of stage words.
STAGE_OF_WORD: dict[str, Stage] = {w: stage for stage, words in STAGE_CUES.items() for w in words}
GOVERNMENT_BODY = _words("government_body")
if not set(STAGE_CUES) <= set(get_args(Stage)):
    raise ValueError(f"lexicon.toml: stage_cues has unknown stages {set(STAGE_CUES) - set(get_args(Stage))}")
if not set(CARD_STATUS) <= {*get_args(Stage), "none"}:
    raise ValueError(
        f"lexicon.toml: card_status has unknown keys {set(CARD_STATUS) - {*get_args(Stage), 'none'}}"
    )
NEW_AREAS: dict[str, tuple[str, str]] = {a: (p, c) for a, (p, c) in _DATA["new_areas"].items()}

# Regex atoms, defined once: Chinese numerals (三十九, 两), a count's number, a classifier.
CN_NUMERAL = "零〇一二两三四五六七八九十百千"
COUNT_NUMBER = rf"\d+|[{CN_NUMERAL}]+"


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first so the longer word wins."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# The government side as a word of its own (我市, 开发区管委会, 该区人民政府); the atom, not compiled.
GOVERNMENT_WORD = (
    rf"(?:我|该|本|当地)?(?:市|县|区|州|旗|镇|开发区|高新区|经开区|园区|新区)(?:{alternation(GOVERNMENT_BODY)})?"
)

# A work plan's target for a project, however long its name (推动X项目上半年开工，Y项目年底前建成
# 投产): a deadline ahead right before a stage word, not a thing done; the atom, not compiled.
WORK_TARGET = (
    r"(?:推动|推进|督促|力争|争取|确保)(?!了|方面|情况|工作)[^。；;！？!?已]*?"
    r"(?:上半年|下半年|年底前|年内|月底前|\d{1,2}月(?:底|份)?前|早日|尽早|尽快)[^，,。；;已]{0,4}$"
)

# A paragraph's lead-in that sets its targets (主要预期目标是：), and a time that dates progress
# (截至11月底, 今年以来, 1—5月): what it dates is done, not a target; the atoms, not compiled.
GOAL_LEAD = f"(?:{alternation(GOAL_LEADS)})[：:]"
PROGRESS_TIME = r"截至|截止|以来|\d{1,2}\s*[-—–~至到]\s*\d{1,2}\s*月|前[一二三]季度|上半年"

# Projects counted for what they have not done (尚有87个未开工, 仍未投产); the atom, not compiled.
UNDONE = f"(?:{alternation(NOT_YET)})(?!来)[^，,。；;]{{0,8}}(?:开工|动工|签约|投产|落地|建成|开业|投用)"
