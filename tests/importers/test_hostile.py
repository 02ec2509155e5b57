"""Files built to make patterns backtrack: every cleaner and the sheet scanner get cells and
XML of repeated fragments at the size the reader allows, and must finish (a pattern that
backtracks over them takes minutes to hours; these take well under a second in all). How
the time grows with the input is measured in ``bench/regex_linearity.py``, not here."""

import contextlib
import zipfile

import pytest

from importers import legacy_text, names, values
from importers.formula_errors import error_cells
from importers.readers import DEFAULT_LIMITS, UnreadableFile, read_any
from importers.results import Refused
from importers.run import plan
from importers.tables import find_tables
from importers.values import CellProblem
from registry.text import fold, search_key

#: What patterns repeat: spaces and line breaks, digits with separators, brackets, words
#: that start dates, amounts, tax codes and e-mail addresses.
FRAGMENTS = [
    " ", "\n", "\t", "1", "1.", "1,", "1 ", "(", "((", "(a", "a", "a ", "'", "-", " - ",
    "1/", "ngày ", "tháng ", "năm ", "ngay thang ", "tỷ ", "1 tỷ ", "MST ", ", ", "a.", "a@",
    "0:00 ", "(1.000 đ) ", "ha ", "m2 ", "+", "HTX ",
]  # fmt: skip
LENGTH = DEFAULT_LIMITS.max_cell_chars

CLEANERS = [
    values.formula_error, values.number, values.money, values.signed_money,
    values.yearly_money, values.count, values.area_m2, values.partial_date, values.tax_code,
    values.registration_number, values.id_number, values.phones, values.yes_no, values.email,
    values.unit_code, values.status, values.sector, values.person_name, names.match_key,
    names.canonical_name, names.org_type, names.sector_from_name, legacy_text.repair,
    legacy_text.implausible, fold, search_key,
]  # fmt: skip


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_every_cleaner_reads_a_hostile_cell_of_the_largest_size(fragment):
    cell = (fragment * (LENGTH // len(fragment)))[: LENGTH - 1] + "!"
    for clean in CLEANERS:
        with contextlib.suppress(CellProblem):
            clean(cell)


def test_a_table_of_hostile_headers_and_cells_is_read(tmp_path):
    rows = [[(f * (LENGTH // len(f)))[:LENGTH] for f in FRAGMENTS[:8]] for _ in range(3)]
    for kind in ("organisations", "members", "annual_figures", "debts_assets"):
        find_tables(rows, kind)


UNITS = [
    b'<c r="A1" t="e"',
    b'<c r="A1" t="e">',
    b'<c r="A1" t="e"><f>',
    b'<c r="A1" t="e"><f>1</f>',
    b'<c r="A1" t="e"><v>#N/A',
    b'<c r="A1"><f>SUM(A1)',
    b'<c r="A1" t="e">' + b" " * 50,
    b'<sheet name="a" r:id="',
    b'a="' * 3,
]


@pytest.mark.parametrize("unit", UNITS)
def test_a_sheet_of_repeated_unterminated_cells_is_scanned(tmp_path, samples, session, unit):
    path = tmp_path / "hostile.xlsx"
    with (
        zipfile.ZipFile(samples / "coops_district_list.xlsx") as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as hostile,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                at = data.find(b"<sheetData>") + len(b"<sheetData>")
                data = data[:at] + b'<row r="1">' + unit * 20_000 + data[at:]
            hostile.writestr(info.filename, data)
    error_cells(path)
    try:
        read_any(path)
        plan(session, path)
    except (UnreadableFile, Refused):
        pass
