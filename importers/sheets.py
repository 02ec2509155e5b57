"""Choosing what to read in a workbook: the sheet, the record kind its headers name, and the
date its title says the figures refer to."""

from __future__ import annotations

import calendar
import contextlib
import re
from datetime import date

from importers.debts import table_kind
from importers.fields import KIND_FIELDS, SEVERAL_COLUMNS
from importers.forms import FORM_ROWS, find_form
from importers.mapping import OWN_FIELDS
from importers.readers import Sheet
from importers.results import Refused
from importers.tables import Table, find_tables
from registry.text import fold

#: A day as a title or a signature writes it, folded: ``31/12/2023`` (``31 12 2023``),
#: ``31 tháng 12 năm 2023``.
_DAY = r"(\d{1,2}) (?:thang )?(\d{1,2}) (?:nam )?(\d{4})"
#: The day figures are counted to: ``(Tính đến ngày 31/12/2023)``, ``CÔNG NỢ ĐẾN 30/6/2024``,
#: ``tại thời điểm 31/12/2023``.
_AS_OF = re.compile(rf"\b(?:den|thoi diem) (?:het )?(?:ngay )?{_DAY}\b")
#: The day a list was signed, as an official document writes it above or below its table:
#: ``Chư Sê, ngày 10 tháng 12 năm 2023``, ``ngày 10/12/2023``; the day left blank, to be
#: written by hand (``ngày …. tháng 12 năm 2023``).
_SIGNED = re.compile(rf"\bngay (?:{_DAY}|thang (\d{{1,2}}) nam (\d{{4}}))\b")
#: A report of the first half of a year: ``BÁO CÁO 6 THÁNG ĐẦU NĂM 2023``.
_HALF_YEAR = re.compile(r"\b6 thang (?:dau )?nam (\d{4})\b")
#: The year a title names: ``DANH SÁCH HỢP TÁC XÃ NĂM 2023``.
_YEAR = re.compile(r"\bnam (\d{4})\b")
#: A document's number, in a line citing it (``Kèm theo Báo cáo số 125/BC-UBND ngày …``,
#: ``Thực hiện Kế hoạch số 655/KH-UBND năm 2023``): its day and year are the document's.
_CITED = re.compile(r"\bso \d")
#: Rows a title takes at the top of a sheet, when no table says where its header is.
TITLE_ROWS = 12


#: A sheet named by its year: ``2023``, ``Năm 2024``, ``N2024``.
_YEAR_SHEET = re.compile(r"(?:nam|n)? ?((?:19|20)\d{2})")


def year_named(sheet: str) -> int | None:
    """The year a sheet's name is, as a workbook of a sheet per year names them."""
    return int(m.group(1)) if (m := _YEAR_SHEET.fullmatch(fold(sheet))) else None


def stated_date(sheet: Sheet, tables: list[Table] = ()) -> date | None:
    """The day a sheet's figures refer to, as the rows above its ``tables`` and below them
    say. The day a title counts them to (``Tính đến ngày 31/12/2023``, ``… ĐẾN 30/6/2024``);
    else the day the list was signed (``Chư Sê, ngày 10 tháng 12 năm 2023``) when it falls in
    the period the title names; else the end of that period (``NĂM 2023``: 31/12/2023, ``6
    THÁNG ĐẦU NĂM 2023``: 30/6/2023; a sheet named ``2023``: 31/12/2023), never after today;
    else the day signed; else None (the caller's day). A line citing another document (``Kèm
    theo Báo cáo số …``) gives none of these; the table's own cells (a note ``giải thể ngày
    12 tháng 5 năm 2020``) neither."""
    first = min((t.header_rows[0] for t in tables), default=TITLE_ROWS + 1)
    last = max((t.last_row for t in tables if t.rows), default=len(sheet.rows))
    title = [t for row in sheet.rows[: first - 1] for v in row if (t := _folded(v))]
    foot = [t for row in sheet.rows[last:] for v in row if (t := _folded(v))]
    if day := _first(_AS_OF, title):
        return day
    signed = _first(_SIGNED, title + foot)
    end = None
    if years := [int(m[1]) for t in title if (m := _HALF_YEAR.search(t))]:
        end = date(years[0], 6, 30)
    elif years := [int(m[1]) for t in title if (m := _YEAR.search(_SIGNED.sub("", t)))]:
        end = date(years[0], 12, 31)
    elif named := year_named(sheet.name):  # a sheet per year, titled by none
        end = date(named, 12, 31)
    if end is None or (signed is not None and signed.year == end.year and signed <= end):
        return signed
    return min(end, date.today())


def _folded(value) -> str:
    """A text cell folded, unless it cites another document (see :data:`_CITED`)."""
    if not isinstance(value, str):
        return ""
    text = fold(value)
    return "" if _CITED.search(text) else text


def _first(pattern: re.Pattern, texts: list[str]) -> date | None:
    """The first real day ``pattern`` finds in ``texts``. A day left blank is the month's
    last, or today in the month under way (the list was signed that month)."""
    for text in texts:
        for m in pattern.finditer(text):
            *day, month, year = (int(g) for g in m.groups() if g)
            if not 1 <= month <= 12 or not 1900 <= year <= 2100:
                continue
            if not day:
                return min(date(year, month, calendar.monthrange(year, month)[1]), date.today())
            with contextlib.suppress(ValueError):  # 31/02
                return date(year, month, day[0])
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
        return kind, _tables_or_form(rows, kind, corrections, merged)
    best, best_score = "organisations", -1
    # Organisations first: a plain list naming few columns is most likely one.
    for candidate in sorted(KIND_FIELDS, key=lambda k: k != "organisations"):
        tables = _tables_or_form(rows[:KIND_SAMPLE_ROWS], candidate, corrections, merged)
        score = sum(_own_columns(t, candidate) for t in tables if t.rows)
        if score > best_score:
            best, best_score = candidate, score
    return best, _tables_or_form(rows, best, corrections, merged)


def _tables_or_form(rows, kind: str, corrections, merged) -> list[Table]:
    """The tables of a sheet, else the form it is (:mod:`importers.forms`), as a table."""
    tables = find_tables(rows, kind, corrections, merged)
    if any(t.rows for t in tables):
        return tables
    form = find_form(rows[:FORM_ROWS], kind, corrections, merged)
    return [form] if form else tables


def _own_columns(table: Table, kind: str) -> int:
    """How many of a table's fields only ``kind`` has: each field once, but a field read from
    several columns (a debt per column of a kind of creditor) once per column."""
    if kind == "debts_assets" and table_kind(table) is None:
        return 0  # no amount, creditor or area: a list of something else (``Tình hình xử lý``)
    fields = list(table.columns.values())
    own = set(fields) & OWN_FIELDS[kind]
    return len(own) + sum(fields.count(f) - 1 for f in own & SEVERAL_COLUMNS)


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
