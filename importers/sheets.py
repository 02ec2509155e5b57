"""Choosing what to read in a workbook: the sheet, the record kind its headers name, and the
date its title says the figures refer to."""

from __future__ import annotations

import re
from datetime import date

from importers.fields import KIND_FIELDS
from importers.mapping import OWN_FIELDS
from importers.readers import Sheet
from importers.results import Refused
from importers.tables import find_tables

_AS_OF = re.compile(
    r"(?:đến|tính đến|den|tinh den)\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE
)


def stated_date(sheet: Sheet) -> date | None:
    """The date a title states the figures refer to: ``(Tính đến ngày 31/12/2023)``,
    ``CÔNG NỢ ĐẾN 31/12/2023``."""
    for row in sheet.rows[:12]:
        for value in row:
            if isinstance(value, str) and (m := _AS_OF.search(value)):
                day, month, year = (int(x) for x in m.group(1).split("/"))
                return date(year, month, day)
    return None


#: Rows the kind is told from: headers sit near the top, and trying every kind on a
#: 100,000-row sheet would read it once per kind.
KIND_SAMPLE_ROWS = 500


def find_kind(
    sheet: Sheet, kind: str | None = None, corrections: dict | None = None
) -> tuple[str, list]:
    """The record kind a sheet holds (given, or the one whose own columns its first rows name
    most) and its tables."""
    rows, merged = sheet.rows, sheet.merged
    if kind:
        return kind, find_tables(rows, kind, corrections, merged)
    best, best_score = "organisations", -1
    # Organisations first: a plain list naming few columns is most likely one.
    for candidate in sorted(KIND_FIELDS, key=lambda k: k != "organisations"):
        tables = find_tables(rows[:KIND_SAMPLE_ROWS], candidate, corrections, merged)
        score = sum(len(set(t.columns.values()) & OWN_FIELDS[candidate]) for t in tables if t.rows)
        if score > best_score:
            best, best_score = candidate, score
    return best, find_tables(rows, best, corrections, merged)


def choose_sheet(
    sheets: list[Sheet], name: str | None, file_name: str, kind: str | None, corrections
) -> tuple[Sheet, str, list]:
    """The sheet to import (named, or the first holding a table), its kind and its tables."""
    if name is not None:
        for sheet in sheets:
            if sheet.name == name:
                return (sheet, *find_kind(sheet, kind, corrections))
        raise Refused(
            f"Tệp «{file_name}» không có trang «{name}».",
            f"File '{file_name}' has no sheet '{name}'.",
        )
    for sheet in (s for s in sheets if not s.hidden):
        if sheet.ambiguous_cells:
            raise Refused(
                f"Tệp «{file_name}», trang «{sheet.name}»: có {sheet.ambiguous_cells} ô chữ "
                "không xác định được bảng mã (TCVN3 hay VNI). Hãy chuyển sang Unicode trước.",
                f"File '{file_name}', sheet '{sheet.name}': {sheet.ambiguous_cells} text cells "
                "whose legacy encoding (TCVN3 or VNI) cannot be told. Convert to Unicode first.",
            )
        found_kind, tables = find_kind(sheet, kind, corrections)
        if any(t.rows for t in tables):
            return sheet, found_kind, tables
    first = sheets[0] if sheets else Sheet(name="", rows=[])
    return first, kind or "organisations", []
