"""Readers: a file in, sheets of raw cells out. One small function per format behind the same
result, ``list[Sheet]``; nothing here interprets the cells beyond repairing legacy text."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from python_calamine import CalamineError, CalamineWorkbook, ZipError

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


class UnreadableFile(Exception):
    """The file is not what its name says, or is damaged. ``vi``/``en`` say so."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi, self.en = vi, en


def read_spreadsheet(path: Path) -> list[Sheet]:
    """Every sheet of an xlsx/xlsm/xls/ods workbook, with cached formula results (formulas are
    never evaluated)."""
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise UnreadableFile(
            f"Tệp «{path.name}»: chỉ nhận bảng tính .xlsx, .xlsm, .xls, .ods ở bước này.",
            f"File '{path.name}': only .xlsx, .xlsm, .xls and .ods workbooks are read here.",
        )
    try:
        book = CalamineWorkbook.from_path(str(path))
        sheets = [
            _repaired(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in book.sheet_names
        ]
    except (CalamineError, ZipError, OSError, ValueError) as exc:
        raise UnreadableFile(
            f"Tệp «{path.name}» không đọc được như một bảng tính {path.suffix} (tệp hỏng hoặc "
            f"không đúng định dạng): {exc}.",
            f"File '{path.name}' cannot be read as a {path.suffix} workbook (damaged or not "
            f"that format): {exc}.",
        ) from exc
    if not any(any(v not in ("", None) for row in s.rows for v in row) for s in sheets):
        raise UnreadableFile(
            f"Tệp «{path.name}» không có dữ liệu.", f"File '{path.name}' holds no data."
        )
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
