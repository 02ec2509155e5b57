"""Readers: a file in, sheets of raw cells out. One small function per format behind the same
result, ``list[Sheet]``; nothing here interprets the cells beyond repairing legacy text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from importers.legacy_text import repair_all

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}


@dataclass
class Sheet:
    """One sheet's cells as read (rows of values: str, float, int, bool, date, datetime or
    ``""``), text already repaired to Unicode."""

    name: str
    rows: list[list[Any]]
    #: How many text cells each legacy encoding explained, and how many stayed ambiguous.
    encodings: dict[str, int] = field(default_factory=dict)
    ambiguous_cells: int = 0


def read_spreadsheet(path: Path) -> list[Sheet]:
    """Every sheet of an xlsx/xlsm/xls/ods workbook, with cached formula results (formulas are
    never evaluated)."""
    book = CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        sheets.append(_repaired(name, rows))
    return sheets


def _repaired(name: str, rows: list[list[Any]]) -> Sheet:
    positions = [
        (r, c)
        for r, row in enumerate(rows)
        for c, value in enumerate(row)
        if isinstance(value, str) and value
    ]
    texts, counts, ambiguous = repair_all([rows[r][c] for r, c in positions])
    fixed = [list(row) for row in rows]
    for (r, c), text in zip(positions, texts, strict=True):
        fixed[r][c] = text
    return Sheet(name=name, rows=fixed, encodings=counts, ambiguous_cells=ambiguous)
