"""Fuzzing the importer with hypothesis: random bytes under every extension it reads, random
workbooks and random cell values. The only failure allowed is the importer's own clear one (a
refused file, a cell it cannot read), and a refused file writes nothing. Bounded: a few dozen
examples each (derandomised under CI, see ``tests/conftest.py``)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from importers.fields import FIELDS
from importers.readers import UnreadableFile, read_any
from importers.results import Refused
from importers.run import commit, plan
from importers.sheets import find_kind
from importers.values import CellProblem
from registry.models import AuditEntry, ImportBatch

#: A cell as a workbook or a CSV holds it.
CELLS = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["1.250.000", "5 triệu", "12/3/2021", "HTX", "Chư Păh", "#N/A", "x" * 300]),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
)
EXAMPLES = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
HEADERS = ["STT", "Tên HTX", "Mã số thuế", "Huyện", "Xã", "Số thành viên", "Vốn điều lệ"]


@EXAMPLES
@given(
    content=st.one_of(
        st.binary(max_size=2_000),
        st.builds(lambda tail: b"PK\x03\x04" + tail, st.binary(max_size=2_000)),
        st.builds(lambda tail: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + tail, st.binary(max_size=500)),
    ),
    extension=st.sampled_from([".xlsx", ".xls", ".ods", ".csv", ".xlsm"]),
)
def test_random_bytes_are_read_or_refused(content, extension):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"ds{extension}"
        path.write_bytes(content)
        try:
            read_any(path)
        except UnreadableFile as unreadable:  # the run refuses the file with this message
            assert unreadable.vi and unreadable.en and path.name in unreadable.vi


@EXAMPLES
@given(value=CELLS, name=st.sampled_from(sorted(n for n, f in FIELDS.items() if f.clean)))
def test_each_fields_reader_takes_any_cell(value, name):
    field = FIELDS[name]
    arguments = {"money": (1_000,), "area": (10_000,)}.get(field.unit, ())
    try:
        field.clean(value, *arguments)
    except CellProblem as problem:
        assert str(problem) and problem.en


#: The cells that found defects, read by every field every run, not only when drawn:
#: infinity from a spreadsheet's overflow, amounts beyond what a money column holds.
EDGES = [float("inf"), float("-inf"), float("nan"), 1e308, "1e999", 10**30, "9" * 40]


@pytest.mark.parametrize("name", sorted(n for n, f in FIELDS.items() if f.clean))
def test_each_fields_reader_takes_the_edge_cells(name):
    for value in EDGES:
        test_each_fields_reader_takes_any_cell.hypothesis.inner_test(value=value, name=name)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@EXAMPLES
@given(
    rows=st.lists(st.lists(CELLS, min_size=len(HEADERS), max_size=len(HEADERS)), max_size=12),
    header=st.booleans(),
)
# Found by the fuzzer: the largest double, written, reads back as infinity, which the table
# finder's look at a row (column numbers? a year?) could not turn into a whole number.
@example(rows=[[None] * (len(HEADERS) - 1) + [1.7976931348623155e308]], header=True)
@example(rows=[[2024.0, float("inf"), float("nan"), -float("inf"), 1e308, 3.0, 4.0]], header=False)
def test_a_random_workbook_is_planned_and_committed_or_refused(session, rows, header):
    before = (_count(session, ImportBatch), _count(session, AuditEntry))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ngau-nhien.xlsx"
        book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True})
        sheet = book.add_worksheet("DS")
        date_format = book.add_format({"num_format": "dd/mm/yyyy"})
        for r, row in enumerate(([HEADERS] if header else []) + rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.datetime):
                    sheet.write_datetime(r, c, value, date_format)
                elif value is not None:
                    sheet.write(r, c, value)
        book.close()
        try:
            planned = plan(session, path)
        except Refused as refused:
            assert refused.vi and refused.en
            assert (_count(session, ImportBatch), _count(session, AuditEntry)) == before
            return
        batch = commit(session, planned)
        written = sum(o.action in ("new", "update") for o in planned.outcomes)
        assert (batch is not None) == (written > 0)
    session.rollback()


#: Headers of each kind of list, over the random rows of the test below; the last, read as
#: debts, names none (its rows vanished).
KIND_HEADERS = [
    ("organisations", HEADERS),
    ("members", ["STT", "Họ và tên", "Số CCCD", "Mã số thuế HTX", "Vốn góp", "Ghi chú"]),
    ("annual_figures", ["STT", "Tên HTX", "Mã số thuế", "Năm", "Doanh thu", "Lợi nhuận"]),
    ("debts_assets", ["STT", "Tên HTX", "Mã số thuế", "Chủ nợ", "Số tiền còn nợ", "Ghi chú"]),
    ("debts_assets", ["STT", "Tên HTX", "Mã số thuế", "Tình hình xử lý", "Ghi chú", "Xã"]),
]
#: Cells of a list's rows: words lists use, numbers, blanks and anything.
ROW_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["HTX Ia Blang", "Cộng", "Tổng cộng", "I", "Huyện Chư Sê", "x", "-", " "])
    | st.sampled_from(["Xã Ia Nhin", "1.1", "Nguyễn Văn", "An", "Tên"]),
    st.integers(min_value=-5, max_value=10**10),
    st.text(max_size=20),
)


@EXAMPLES
@given(
    listed=st.sampled_from(KIND_HEADERS),
    rows=st.lists(st.lists(ROW_CELLS, min_size=6, max_size=7), min_size=1, max_size=8),
)
@example(listed=KIND_HEADERS[-1], rows=[[1, "HTX Ia Blang", None, "Đã xử lý", None, None]])
def test_no_row_holding_anything_is_lost(session, listed, rows):
    """Every row under the header that holds anything is an outcome of the plan (kept, left
    for review, or rejected with its reason), set aside saying why, or read as a title of
    the columns (a second header row, which the mapping shows): none is dropped."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ds.xlsx"
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("DS")
        kind, header = listed
        for r, row in enumerate([header, *rows]):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        book.close()
        try:
            planned = plan(session, path, kind=kind)
        except Refused:
            return
        _kind, tables = find_kind(read_any(path)[0], kind)
    accounted = {o.row for o in planned.outcomes} | {a["row"] for a in planned.set_aside}
    accounted |= {r for table in tables for r in table.header_rows}  # titles, in the mapping
    filled = {n for n, row in enumerate(rows, 2) if any(str(v or "").strip() for v in row)}
    assert filled <= accounted


#: Pieces of a web page, shuffled: tags of tables, spans, comments, references, stray "<".
PIECES = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "</th>",
    '<td rowspan="3">', '<td colspan="2">', "<td colspan=999999999>", "<br>",
    "<p>", "</p>", "<!--", "-->", "<script>", "</script>", "<", ">", "&amp;", "&#",
    "HTX Ia Blang", "1.250", " ", "\n", "<!DOCTYPE html>", "<?xml?>", "</td",
]  # fmt: skip


@EXAMPLES
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=60))
@example(pieces=["<table>", '<td rowspan="3">', "<td>"])  # a table the page never closes
def test_any_web_page_lays_out_rows_or_is_refused_as_too_large(pieces):
    """Whatever tags a page holds, closed or not, its scanner lays out rows of text and
    merged ranges inside them, or says it is too large: it never fails otherwise."""
    from importers.web_tables import TooLarge, read_page

    try:
        rows, merged = read_page("".join(pieces), max_cells=5_000)
    except TooLarge:
        return
    assert all(isinstance(cell, str) for row in rows for cell in row)
    for (top, left), (bottom, right) in merged:
        assert 0 <= top <= bottom and 0 <= left <= right and top < len(rows)
