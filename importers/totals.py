"""The file's own total rows, checked against the rows read: a total that disagrees is the sign
of a row lost or mistyped (in the file, or in its reading), told to the clerk before anything
is written.

A total row (``Cộng huyện …``, ``Cộng A``, ``TỔNG CỘNG``, or ``Tổng số`` above the data) covers
the records since the previous total row, or all the records above it, or, at the top of the
table, all of them: it agrees when it equals one of these sums.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from importers import values
from importers.fields import FIELDS
from importers.messages import Said
from importers.readers import column_letter
from importers.tables import Table
from registry.text import thousands

_COUNTS = (
    "members",
    "female_members",
    "members_total",
    "members_official",
    "members_associate",
    "workers",
)
_AMOUNTS = (
    "charter_capital",
    "contributed_capital",
    "capital",
    "revenue",
    "profit",
    "total_assets",
    "mobilised_capital",
    "indivisible_fund",
    "support_received",
    "principal",
    "outstanding",
    "book_value",
)


def _reader(field: str) -> Callable[[Table, Any], float | int | None] | None:
    """How a cell of a column a total row adds up is read (None: not added up)."""
    if field in _COUNTS:
        return lambda table, value: values.count(value)
    if field == "profit":
        return lambda table, value: values.profit(value, table.unit_of(field))
    if field in _AMOUNTS:
        return lambda table, value: values.money(value, table.unit_of(field))
    if field == "area":
        return lambda table, value: values.area_m2(value, table.area_unit())
    return None


def _tolerance(table: Table, field: str) -> float:
    """How far a stated total may be from the sum: a count is exact, an area within a m², an
    amount within one unit of the table (a total typed rounded to whole millions)."""
    if field in _COUNTS:
        return 0
    return 1 if field == "area" else table.unit_of(field)


def check_totals(sheet: str, table: Table) -> list[dict[str, Any]]:
    """One entry per total row and summed column: where, what the file states, what its
    records add up to, and whether the two agree."""
    if not table.totals:
        return []
    checks = []
    readers = {c: read for c, f in table.columns.items() if (read := _reader(f))}
    # column → running sums of its records (None: a cell is not a number)
    running = {c: _running_sums(read, table, c) for c, read in readers.items()}
    previous = 0
    for number, cells, before in table.totals:
        scopes = [(previous, before), (0, before)] if before else [(0, len(table.rows))]
        for column, sums_of in running.items():
            field = table.columns[column]
            stated = _read(readers[column], table, cells[column])
            if stated is None or sums_of is None:  # nothing stated, or nothing to add up
                continue
            sums = [sums_of[end] - sums_of[start] for start, end in scopes]
            close = [t for t in sums if abs(stated - t) <= _tolerance(table, field)]
            checks.append(
                {
                    "sheet": sheet,
                    "row": number,
                    "column": column_letter(column),
                    "field": field,
                    "stated": stated,
                    "computed": close[0] if close else sums[0],
                    "agrees": bool(close),
                }
            )
        previous = before
    return checks


def _read(read, table: Table, value: Any):
    try:
        return read(table, value)
    except values.CellProblem:
        return None


def _running_sums(read, table: Table, column: int) -> list | None:
    """``sums[k]``: the column's first k records added up, blanks as 0; None when a cell is
    not a number (the column cannot be checked)."""
    sums = [0]
    for row in table.rows:
        try:
            sums.append(sums[-1] + (read(table, row.cells[column]) or 0))
        except values.CellProblem:
            return None
    return sums


def disagreement(check: dict[str, Any]) -> Said:
    """A total that disagrees, in words."""
    label = FIELDS[check["field"]].label
    stated, computed = (round(check[k]) for k in ("stated", "computed"))
    return Said(
        f"Trang «{check['sheet']}», dòng {check['row']}, cột {check['column']} ({label}): "
        f"dòng tổng của tệp ghi {thousands(stated)}, các dòng dữ liệu cộng lại "
        f"{thousands(computed)}: "
        "có thể thiếu hoặc sai một dòng.",
        f"Sheet '{check['sheet']}', row {check['row']}, column {check['column']} ({label.en}): "
        f"the file's total says {stated:,}, its rows add up to {computed:,}: a row may be "
        "missing or mistyped.",
    )
