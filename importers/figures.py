"""Annual figures rows (Biểu 02/HTX): one cooperative's members, workers, revenue, profit,
income and assets for a year, found by the same name and tax code rules as an organisation."""

from __future__ import annotations

import re
from typing import Any

from importers import organisations
from importers.fields import FIELDS, KIND_FIELDS
from importers.organisations import OrganisationRow
from importers.tables import DataRow, Table
from registry.models import AnnualFigures
from registry.text import fold

#: The fields of a figures list that each fill the AnnualFigures column they name
#: (:data:`importers.fields.FIELDS`); the year places the row, and the meeting's date also
#: gives its precision (both read on their own).
_FIGURE_FIELDS = tuple(
    f
    for f in KIND_FIELDS["annual_figures"]
    if (FIELDS[f].target or "") in AnnualFigures.__table__.columns
    and f not in ("year", "general_meeting")
)
#: The columns of AnnualFigures an import writes.
FIGURES = (
    *(FIELDS[f].target for f in _FIGURE_FIELDS),
    "general_meeting_on",
    "general_meeting_precision",
)
_PLACE_IN_NAME = re.compile(r"(?<!\s)\s*\(([^()]+)\)\s*$")
_YEAR_IN_TITLE = re.compile(r"\bnam (\d{4})\b")


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
    figures: dict[str, Any] = {FIELDS[f].target: read(f) for f in _FIGURE_FIELDS}
    meeting = read("general_meeting")
    figures["general_meeting_on"] = meeting[0] if meeting else None
    figures["general_meeting_precision"] = meeting[1] if meeting else None
    out["figures"] = figures
    out["year"] = read("year") or year
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
