"""One export of the deals table, the same from the CLI and the web: rows, CSV, XLSX, JSON lines.

People get Chinese headers and labels (签约, 落地, 文章发布…) and a numeric 金额(亿元) column
beside the written amount; scripts (``codes=True``, and every JSON output) get field names,
codes and lists. A deal without a date of its own is dated by its article (``DatedDeal``),
and the row says which date it shows.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and an
article's text is anyone's text: such text cells are escaped (OWASP "CSV injection"): prefixed
with ``'`` in CSV, stored as text in XLSX. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .filters import YI, DatedDeal
from .render import cite, deal_row, format_money
from .schema import MEASURE_LABELS, STAGE_LABELS, Aggregate, Money
from .text.normalize import display_width

Row = dict[str, Any]
BOM = "\ufeff"  # Excel on Chinese Windows reads a CSV as UTF-8 only with it
DATE_ORIGIN_LABELS = {"deal": "项目", "article": "文章发布"}
YI_HEADERS = frozenset({"金额(亿元)", "amount_yi"})  # numbers shown in 亿元 with two decimals
YI_FORMAT = '#,##0.00"亿元"'
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MAX_WIDTH = 60
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (code, Chinese header): the people's columns, in order; the codes view adds a few for scripts.
DEAL_COLUMNS: list[tuple[str, str]] = [
    ("project", "项目"),
    ("investors", "投资方"),
    ("location", "地点"),
    ("province", "省份"),
    ("city", "城市"),
    ("district", "区县"),
    ("industry", "产业"),
    ("amount", "金额"),
    ("amount_yi", "金额(亿元)"),
    ("currency", "币种"),
    ("stage", "阶段"),
    ("date", "日期"),
    ("date_source", "日期来源"),
    ("date_text", "日期原文"),
    ("sources", "来源"),
    ("evidence", "证据原文"),
]
AGGREGATE_COLUMNS: list[tuple[str, str]] = [
    ("scope", "范围"),
    ("count", "项目数"),
    ("amount", "金额"),
    ("amount_yi", "金额(亿元)"),
    ("currency", "币种"),
    ("measure", "口径"),
    ("stage", "阶段"),
    ("sources", "来源"),
    ("evidence", "证据原文"),
]


def amount_yi(money: Money | None) -> float | None:
    """A CNY amount in 亿元 (other currencies have none: their written amount says what they are)."""
    if money is None or money.cny is None:
        return None
    return round(money.cny / YI, 8)


def _money_codes(money: Money | None) -> Row:
    return {
        "amount_text": money.text if money else None,
        "amount_cny": money.cny if money else None,
        "amount_yi": amount_yi(money),
        "amount_value": money.value if money else None,
        "currency": money.currency if money else None,
        "amount_kind": money.kind if money else None,
    }


# --------------------------------------------------------------------------- rows


def deal_record(group: Sequence[DatedDeal]) -> Row:
    """One deal (or one project told by several reports, the first leading) with field names and
    codes, as scripts read it: lists stay lists."""
    lead = group[0]
    deal, ev = lead.deal, lead.deal.evidence[0]
    loc = deal.location
    used, origin = lead.date()
    return {
        "source": ev.source,
        "paragraph": ev.paragraph,
        "project": deal.project,
        "investors": list(deal.investors),
        "location": loc.text if loc else None,
        "province": loc.province if loc else None,
        "city": loc.city if loc else None,
        "district": loc.district if loc else None,
        "industry": deal.industry,
        **_money_codes(deal.amount),
        "stage": deal.stage,
        "date": used,
        "date_source": origin,
        "date_text": deal.date.text if deal.date else None,
        "published": lead.published,
        "sources": [cite(d.deal.evidence[0]) for d in group],
        "evidence": ev.quote,
        "start": ev.start,
        "end": ev.end,
    }


def deal_rows(groups: Iterable[Sequence[DatedDeal]], *, codes: bool = False) -> list[Row]:
    """The export's rows, one per group (``[[d] for d in deals]`` when not deduplicated)."""
    records = [deal_record(g) for g in groups]
    if codes:
        return records
    return [_people_deal(r, g[0]) for r, g in zip(records, groups, strict=True)]


def _people_deal(record: Row, lead: DatedDeal) -> Row:
    values = record | {
        "investors": "、".join(record["investors"]),
        "amount": format_money(lead.deal.amount),
        "stage": STAGE_LABELS.get(record["stage"], record["stage"]),
        "date_source": DATE_ORIGIN_LABELS.get(record["date_source"] or "", ""),
        "sources": "；".join(record["sources"]),
    }
    return {header: values[key] for key, header in DEAL_COLUMNS}


def aggregate_rows(aggregates: Iterable[Aggregate], *, codes: bool = False) -> list[Row]:
    out = []
    for agg in aggregates:
        ev = agg.evidence[0]
        record: Row = {
            "source": ev.source,
            "paragraph": ev.paragraph,
            "scope": agg.scope,
            "count": agg.count,
            **_money_codes(agg.amount),
            "measure": agg.measure,
            "stage": agg.stage,
            "sources": [cite(ev)],
            "evidence": ev.quote,
            "start": ev.start,
            "end": ev.end,
        }
        if not codes:
            values = record | {
                "amount": format_money(agg.amount),
                "measure": MEASURE_LABELS.get(agg.measure, agg.measure),
                "stage": STAGE_LABELS.get(agg.stage, agg.stage),
                "sources": cite(ev),
            }
            record = {header: values[key] for key, header in AGGREGATE_COLUMNS}
        out.append(record)
    return out


def table_row(group: Sequence[DatedDeal]) -> dict[str, str]:
    """The short row a screen shows (render's columns), dated as the export is."""
    lead = group[0]
    used, origin = lead.date()
    shown = (lead.deal.date.text if lead.deal.date else "") if used is None else used
    if origin == "article":
        shown += "（文章发布）"
    return deal_row(lead.deal) | {"日期": shown, "来源": "；".join(cite(d.deal.evidence[0]) for d in group)}


def totals(groups: Sequence[Sequence[DatedDeal]]) -> Row:
    """How many rows, and the sum of their amounts per currency (a group counts once, by its lead)."""
    sums: dict[str, dict[str, Any]] = {}
    for group in groups:
        money = group[0].deal.amount
        if money is None:
            continue
        cur = sums.setdefault(money.currency, {"currency": money.currency, "count": 0, "sum": 0.0})
        cur["count"] += 1
        cur["sum"] += money.cny if money.cny is not None else money.value
    amounts = sorted(sums.values(), key=lambda s: (s["currency"] != "CNY", s["currency"]))
    for s in amounts:
        s["sum_yi"] = round(s["sum"] / YI, 8)
    return {"count": len(groups), "amounts": amounts}


# --------------------------------------------------------------------------- formats


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, prefixed with ``'``; anything else as is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _flat(value: Any) -> Any:
    """A list (investors, sources) as one cell; None as an empty one; 12.0 as 12."""
    if isinstance(value, list):
        return "；".join(str(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return "" if value is None else value


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV with a byte-order mark, formula-like text escaped."""
    buf = io.StringIO()
    buf.write(BOM)
    if rows:
        writer = csv.writer(buf)
        writer.writerow([safe_cell(k) for k in rows[0]])
        for row in rows:
            writer.writerow([safe_cell(_flat(v)) for v in row.values()])
    return buf.getvalue()


def to_jsonl(rows: Iterable[Any]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def to_xlsx(sheets: Sequence[tuple[str, Sequence[Mapping[str, Any]]]]) -> bytes:
    """A workbook with one sheet per ``(name, rows)``: header frozen and filterable, columns as wide
    as their text, 亿元 columns as numbers with two decimals, text never run as a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(_sheet_title(name))
        if not rows:
            continue
        headers = list(rows[0])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = [display_width(h) for h in headers]
        for r, row in enumerate(rows, start=2):
            for c, key in enumerate(headers, start=1):
                value = _flat(row.get(key))
                cell = ws.cell(row=r, column=c, value=value if value != "" else None)
                if isinstance(value, str):
                    cell.data_type = "s"  # openpyxl reads "=…" as a formula; this is text
                    widths[c - 1] = max(widths[c - 1], max(map(display_width, value.splitlines() or [""])))
                elif isinstance(value, int | float):
                    widths[c - 1] = max(widths[c - 1], len(f"{value:,.2f}") + 4)
                if key in YI_HEADERS and isinstance(value, int | float):
                    cell.number_format = YI_FORMAT
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = min(width + 2, _MAX_WIDTH)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    if not wb.sheetnames:
        wb.create_sheet("Sheet1")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_title(name: str) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\."""
    clean = "".join(c for c in name if c not in "[]:*?/\\").strip() or "Sheet"
    return clean[:31]
