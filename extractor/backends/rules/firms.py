"""Deals named by the firms that make them, without a project's name.

Three named rules, each with an event said of the firms:

- ``firms_sign_with``: ``A有限公司、B集团有限公司与英山进行项目签约`` (firms with their legal
  names, linked by 与/同/和 to the other side of a signing): one deal per firm; firms on both
  sides (``A公司与B集团有限公司签约``) make one deal together;
- ``firm_list_after_lead_in``: ``14个重点项目集中签约，包括A、B、C等``: short firm names listed
  after a lead-in about projects, closed by 等: one deal per firm;
- ``including_firm``: ``包括A公司在内的14家公司正式开工投产``: the firm named as an example;
- ``described_firm``: ``作为…领军企业之一的A，…正式落户``: a firm described as one, that signed or landed;
- ``introduced_firm``: ``签约企业代表A公司致力于…`` / ``签约项目之一——A科技…`` / ``签约落户的A是…``:
  a firm the text introduces as one that signed or landed.
"""

from __future__ import annotations

import re

from ...schema import STAGE_PROGRESS
from ...text.lexicon import FIRM_END, INTENT_DOCUMENTS, ORG_SUFFIX, STAGE_CUES, STAGE_OF_WORD, alternation
from ...text.names import investor_problem, is_generic
from .cues import stage_near
from .draft import Drafter
from .mentions import Mention
from .signers import LINK, government_opens

_SIGN = re.compile("签约|签订|签署|签下")
# What a government's signing with a firm must be about to be a deal: an investment, a
# project, or a paper of intent (签订投资协议, 项目签约, 签署…备忘录).
_PROJECT_PAPER = re.compile(alternation(["投资", "项目", "落户", "入驻", "合同", *INTENT_DOCUMENTS]))
# 设立…基金: what a signing sets up is a fund, whose size is no project's investment
_WITNESSED = re.compile("见证了?$|见证下$")
_FUND = re.compile(r"(?:设立|发起|组建|成立)[^。；;]{0,20}?基金")
_FIRM_LEAD = re.compile("(?:包括|分别是|分别为|涉及|有)[:：]?")
_FIRM_SUBJECT = re.compile("项目|企业|签约")
# a short firm name: letters, digits and CJK, no particles or verbs of a sentence
_FIRM_ITEM = re.compile(r"[\w\u4e00-\u9fff·&]{2,12}")
_INCLUDING = re.compile(
    r"包括(?P<name>[^,，;；。、]{2,30}?)在内的(?:\d+|[一二两三四五六七八九十百]+|多)(?:余|多)?[个家项]"
)


# 签约企业代表 / 签约项目之一—— / 落户企业之一: what follows is a firm that did it.
_INTRODUCES = re.compile(
    "(?P<verb>签约|落户|入驻|落地|开工|投产)(?:企业|项目)(?:代表|之一)[—\\-－:：,，\\s]*"
    "|(?P<verb2>签约落户|签约|落户|入驻|落地)的(?=[^,，;；。]{2,12}?(?:是|为|将|也))"
)
_ORDER = STAGE_PROGRESS[STAGE_PROGRESS.index("signed") :]  # the steps a firm's own event may take
_STEP = re.compile(alternation([w for stage in _ORDER for w in STAGE_CUES[stage]]))
_STAGE_OF = STAGE_OF_WORD | {"签约落户": "landed"}
_NAME_CHAR = r"[^\W是为将也的在与和及]"
_FIRM_NAME = re.compile(
    rf"{_NAME_CHAR}{{2,10}}?(?:{alternation(FIRM_END)})|{_NAME_CHAR}{{2,12}}?(?=是|为|将|也)"
)


class FirmRules(Drafter):
    """The rules for deals that name firms, not projects."""

    def _firms_sign_with(self) -> None:
        """``A有限公司、B有限公司与英山进行项目签约``: each firm with a legal name, before the
        signing and linked to its other side, has a deal; unless the clause holds money
        (the money rules give those firms their deal)."""
        t = self.s.text
        named = {i for d in self.deals for i in d.investors}
        for cue in _SIGN.finditer(t):
            if _WITNESSED.search(t, max(0, cue.start() - 4), cue.start()):
                continue  # 市长与…董事长共同见证签约: those named witness the signing, they sign nothing
            a, b = self.s.clause_bounds(cue.start())
            if any(a <= m.start < b for m in self.p.moneys):
                continue
            firms = [
                o
                for o in self.p.orgs
                if a <= o.start and o.end <= cue.start() and not o.generic and self._signs(o)
            ]
            firms = [o for o in firms if not self._used(o) and o.name not in named]
            link = LINK.search(t, firms[0].end, cue.start()) if firms else None
            # 准格尔旗还与A有限公司签署…: the government first, the firms after its link
            government_first = bool(firms) and government_opens(self.s, a, firms[0].start - 1, self.p.places)
            if link is None and not (government_first and _PROJECT_PAPER.search(t, a, b)):
                continue  # 该市与A公司签署战略合作协议: cooperation, no project and no intention to invest
            stage = stage_near(self.s, [cue.start()], self.p.names(), within=(a, b))
            if stage not in ("signed", "intent"):
                continue  # 签订授信协议: a bank's credit, no deal
            if _FUND.search(t, cue.start()):
                continue  # 签署合作协议，共同发起设立…产业投资基金: a fund, no project
            self.used_names.extend((o.start, o.end) for o in firms)
            if link is not None and any(o.start > link.start() for o in firms):
                # A公司与B公司签约: firms on both sides make one deal together
                self._deal(None, [o.name for o in firms], None, stage, firms[0])
                continue
            for o in firms:
                self._deal(None, [o.name], None, stage, o)

    def _signs(self, o: Mention) -> bool:
        """A firm with its legal name, or one the sentence names only as a signer (signers.py)."""
        return o.name.endswith(ORG_SUFFIX) or o in self.p.signers

    def _firm_list_after_lead_in(self) -> None:
        """``14个重点项目集中签约，包括中科创达、能量奇点、李尔等``: each short firm name of a list
        closed by 等 at its clause's end, after a lead-in about projects, has a deal."""
        t = self.s.text
        for lead in _FIRM_LEAD.finditer(t):
            a, b = self.s.clause_bounds(lead.start())
            prev = self.s.clause_bounds(a - 1)[0] if a else 0
            if not _FIRM_SUBJECT.search(t, prev, lead.start()) or not t.startswith("等", b - 1):
                continue
            items = self._firm_items(lead.end(), b - 1)
            if len(items) < 2:
                continue
            names = self.p.names()
            stage = stage_near(self.s, [lead.start()], names, within=(prev, lead.start()))
            stage = stage or self.inherited or self.event
            if stage is None:
                continue
            for item in items:
                self.used_names.append((item.start, item.end))
                self._deal(None, [item.name], None, stage, item)

    def _firm_items(self, start: int, end: int) -> list[Mention]:
        """Firm names parted by 、 in ``text[start:end]``; none unless every one is a firm."""
        t = self.s.text
        out = []
        pos = start
        for sep in [*re.finditer("、", t[start:end]), None]:
            seg_end = start + sep.start() if sep else end
            name = t[pos:seg_end]
            if not _FIRM_ITEM.fullmatch(name) or investor_problem(name) or is_generic(name):
                return []
            item = Mention(pos, seg_end, self.s.name(pos, seg_end))
            if self._used(item):
                return []
            out.append(item)
            pos = seg_end + 1
        return out

    def _including_firm(self) -> None:
        """``包括A公司在内的14家公司正式开工投产``: the firm given as an example has a deal."""
        t = self.s.text
        for m in _INCLUDING.finditer(t):
            a, b = m.span("name")
            item = Mention(a, b, self.s.name(a, b))
            if self._used(item) or investor_problem(item.name) or is_generic(item.name):
                continue
            _, c_end = self.s.clause_bounds(m.end())
            stage = stage_near(self.s, [m.end()], self.p.names(), within=(m.end(), c_end))
            if stage is not None:
                self.used_names.append((a, b))
                self._deal(None, [item.name], None, stage, item)

    def _introduced_firm(self) -> None:
        """``签约企业代表A公司致力于…`` / ``签约落户的A是…``: the firm introduced has a deal."""
        t = self.s.text
        for m in _INTRODUCES.finditer(t):
            org = next((o for o in self.p.orgs if o.start <= m.end() < o.end and not o.generic), None)
            found = _FIRM_NAME.match(t, m.end())
            a, b = (m.end(), org.end) if org else found.span() if found else (0, 0)
            if b <= a:
                continue
            item = Mention(a, b, self.s.name(a, b))
            if self._used(item) or investor_problem(item.name) or is_generic(item.name):
                continue
            if any(w in item.name for w in ("项目", "企业")):
                continue  # 签约落户的项目是…: no firm named
            self.used_names.append((a, b))
            self._deal(None, [item.name], None, _STAGE_OF[m["verb"] or m["verb2"]], item)

    def _described_firm(self) -> None:
        """``作为云安全领军企业之一的A，也在此次签约会上正式落户普陀``: a firm the sentence
        describes as one (signers.find_described), whose own clause says it signed or landed."""
        t = self.s.text
        for item in self.p.described:
            if self._used(item):
                continue
            _, end = self.s.clause_bounds(item.end + 1)
            # 也在此次签约会上正式落户: the furthest step its clause says (签约会 names the meeting)
            stages = [_STAGE_OF[w.group()] for w in _STEP.finditer(t, item.end, end)]
            stage = max(stages, key=_ORDER.index, default=None)
            if stage is None:
                continue
            self.used_names.append((item.start, item.end))
            self._deal(None, [item.name], None, stage, item)
