"""Annual figures rows (Biểu 02/HTX): one cooperative's members, workers, revenue, profit,
income and assets for a year, found by the same name and tax code rules as an organisation."""

from __future__ import annotations

import re
from typing import Any

from importers import organisations, values
from importers.organisations import OrganisationRow
from importers.tables import DataRow, Table
from registry.enums import LegacyGrade
from registry.text import fold

#: figures field → (column field, cleaner), amounts scaled by the table's unit note.
_COUNTS = {
    "members_total": "members_total",
    "members_official": "members_official",
    "members_associate": "members_associate",
    "workers": "workers",
}
_AMOUNTS = {
    "revenue_vnd": ("revenue", values.money),
    "profit_vnd": ("profit", values.signed_money),
    "avg_member_income_vnd": ("avg_income", values.yearly_money),
    "charter_capital_vnd": ("charter_capital", values.money),
    "contributed_capital_vnd": ("contributed_capital", values.money),
    "mobilised_capital_vnd": ("mobilised_capital", values.money),
    "total_assets_vnd": ("total_assets", values.money),
    "indivisible_fund_vnd": ("indivisible_fund", values.money),
    "support_received_vnd": ("support_received", values.money),
}
#: The columns of AnnualFigures an import writes.
FIGURES = (*_COUNTS, *_AMOUNTS, "general_meeting_on", "general_meeting_precision", "legacy_grade")
_PLACE_IN_NAME = re.compile(r"(?<!\s)\s*\(([^()]+)\)\s*$")
_GRADES = {
    "tot": LegacyGrade.GOOD,
    "kha": LegacyGrade.FAIR,
    "trung binh": LegacyGrade.AVERAGE,
    "tb": LegacyGrade.AVERAGE,
    "yeu": LegacyGrade.WEAK,
    "kem": LegacyGrade.WEAK,
}
#: Words saying the cooperative was not graded that year.
_NOT_GRADED = ("chua xep loai", "khong xep loai", "chua danh gia", "khong danh gia")
_YEAR_IN_TITLE = re.compile(r"\bnam (\d{4})\b")


def meeting_date(value: Any):
    """The general meeting's date; words without a digit (``Chưa tổ chức``, ``Mới thành
    lập``) say there was none."""
    if isinstance(value, str) and not re.search(r"\d", value):
        return None
    return values.partial_date(value)


def grade(value: Any) -> LegacyGrade | None:
    if values.is_blank(value):
        return None
    key = fold(str(value)).removeprefix("loai ").strip()
    if key.startswith(_NOT_GRADED):
        return None
    if key in _GRADES:
        return _GRADES[key]
    raise values.CellProblem(f"Không hiểu xếp loại «{value}».", f"Unknown grade '{value}'.")


def year_of(rows: list[list[Any]]) -> int | None:
    """The year a title states: ``… CÁC HỢP TÁC XÃ NĂM 2024``."""
    for row in rows[:12]:
        for value in row:
            if isinstance(value, str) and (m := _YEAR_IN_TITLE.search(fold(value))):
                return int(m.group(1))
    return None


def clean(table: Table, data: DataRow, sheet: str, year: int | None) -> OrganisationRow:
    """The organisation part as an organisation row has it, plus ``figures`` and ``year``.
    A place in brackets after the name (``HTX NN DV Tân Quang (Ia Nhin)``) is its commune."""
    result = organisations.clean(table, data, sheet)
    if result.problems:
        return result
    out = result.fields
    if (place := _PLACE_IN_NAME.search(out["name"])) and not out.get("commune"):
        out["name"] = out["name"][: place.start()]
        out["commune"] = place.group(1)
    _, read = organisations.cell_reader(table, data, result)
    figures: dict[str, Any] = {f: read(column, values.count) for f, column in _COUNTS.items()}
    for f, (column, cleaner) in _AMOUNTS.items():
        figures[f] = read(column, cleaner, table.unit_of(column))
    meeting = read("general_meeting", meeting_date)
    figures["general_meeting_on"] = meeting[0] if meeting else None
    figures["general_meeting_precision"] = meeting[1] if meeting else None
    figures["legacy_grade"] = read("grade", grade)
    out["figures"] = figures
    out["year"] = read("year", values.count) or year
    if out["year"] is None:
        result.problems.append(
            organisations.Problem(
                sheet,
                data.number,
                "",
                "year",
                "Không biết số liệu của năm nào (không có cột Năm, tiêu đề không ghi năm).",
                "Which year the figures are for is unknown (no Year column, none in the title).",
            )
        )
    return result
