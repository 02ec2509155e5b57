"""Rows for exporting organisations, one flat dict each, and writers that never emit a cell a
spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from registry.enums import DatePrecision
from registry.models import AdminUnit, AnnualFigures, Membership, Organisation

FIELDS = [
    "name",
    "tax_code",
    "legacy_certificate_no",
    "org_type",
    "sector",
    "status",
    "not_reorganized",
    "founded_on",
    "charter_capital_vnd",
    "members_count",
    "members_as_of",
    "members_on_register",
    "district",
    "commune",
    "unit_code",
    "legacy_unit_code",
    "registry_id",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def partial_date(day, precision: DatePrecision | None) -> str | None:
    """ISO date, or ``YYYY-MM`` / ``YYYY`` when the source gave only that much."""
    if day is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{day.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def organisation_rows(session: Session) -> Iterator[dict[str, Any]]:
    current = aliased(AdminUnit)
    legacy = aliased(AdminUnit)
    legacy_parent = aliased(AdminUnit)
    members = (
        select(Membership.organisation_id, func.count().label("n"))
        .where(Membership.left_on.is_(None))
        .group_by(Membership.organisation_id)
        .subquery()
    )
    reported = _latest_reported_members()
    query = (
        select(
            Organisation,
            current.name,
            current.code,
            legacy.level,
            legacy.code,
            legacy.short_name,
            legacy_parent.short_name,
            members.c.n,
            reported.c.members_total,
            reported.c.year,
            reported.c.as_of,
        )
        .outerjoin(current, current.id == Organisation.unit_id)
        .outerjoin(legacy, legacy.id == Organisation.legacy_unit_id)
        .outerjoin(legacy_parent, legacy_parent.id == legacy.parent_id)
        .outerjoin(members, members.c.organisation_id == Organisation.id)
        .outerjoin(
            reported,
            (reported.c.organisation_id == Organisation.id) & (reported.c.latest == 1),
        )
        .order_by(Organisation.id)
        .execution_options(yield_per=2000)
    )
    for row in session.exec(query):
        org, commune, code, legacy_level, legacy_code, legacy_name, parent_name, n = row[:8]
        reported_count, reported_year, reported_on = row[8:]
        district = legacy_name if legacy_level == "district" else parent_name
        yield {
            "name": org.name,
            "tax_code": org.tax_code,
            "legacy_certificate_no": org.legacy_certificate_no,
            "org_type": org.org_type.value,
            "sector": org.sector.value,
            "status": org.current_status.value if org.current_status else None,
            "not_reorganized": org.not_reorganized,
            "founded_on": partial_date(org.founded_on, org.founded_precision),
            "charter_capital_vnd": org.charter_capital_vnd,
            # As the province reported it (a list's count, a year's report), and as the
            # register holds it: the two differ wherever nobody typed the member list.
            "members_count": reported_count,
            "members_as_of": (
                reported_on.isoformat()
                if reported_on
                else (f"{reported_year:04d}" if reported_year else None)
            ),
            "members_on_register": n or 0,
            "district": district,
            "commune": commune,
            "unit_code": code,  # the current unit (from 1/7/2025), which commune names
            "legacy_unit_code": legacy_code,  # the unit before, which district names
            # The record itself, for reading the export back: namesakes of one commune
            # without a tax code are told apart by it (the importer trusts it only when the
            # name and the place agree).
            "registry_id": org.id,
        }


def _latest_reported_members():
    """Each organisation's figures that report a member count, the latest year first
    (``latest`` = 1): one row per organisation and year, so the year orders them."""
    return (
        select(
            AnnualFigures.organisation_id,
            AnnualFigures.members_total,
            AnnualFigures.year,
            AnnualFigures.as_of,
            func.row_number()
            .over(partition_by=AnnualFigures.organisation_id, order_by=AnnualFigures.year.desc())
            .label("latest"),
        )
        .where(AnnualFigures.members_total.is_not(None))
        .subquery()
    )


def safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
        count += 1
    return count


def write_json(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    """A JSON array, written row by row so a large export needs little memory."""
    out.write("[")
    count = 0
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(row, ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def sheet_title(name: str, taken: set[str]) -> str:
    """A worksheet title Excel accepts for ``name``: none of ``[]:*?/\\``, no apostrophe at
    either end, at most 31 characters, and unlike any in ``taken`` (compared without case, as
    Excel does), which it joins. Two sheets whose names share their first 31 characters get
    ``… (2)``."""
    base = re.sub(r"[\[\]:*?/\\]", " ", name).strip().strip("'").strip() or "Sheet"
    title, n = base[:31], 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)] + suffix
    taken.add(title.casefold())
    return title


def xlsx_bytes(titles: list[str], rows: list[list[Any]]) -> bytes:
    """A one-sheet workbook: numbers stay numbers, text is written as text and never as a
    formula (with a leading apostrophe where a spreadsheet would run it)."""
    import io

    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    sheet = book.add_worksheet()
    bold = book.add_format({"bold": True})
    number = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, titles, bold)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value, number)
            elif value is None:
                sheet.write_blank(r, c, None)
            else:
                sheet.write_string(r, c, safe_cell(str(value)))
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()


def write_xlsx(rows: Iterator[dict[str, Any]], out: IO[bytes]) -> int:
    data = [[row[f] for f in FIELDS] for row in rows]
    out.write(xlsx_bytes(FIELDS, data))
    return len(data)
