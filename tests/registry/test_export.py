"""Export rows: fields, partial dates, formula-safe cells."""

import io
import json
from datetime import date

import pytest
from sqlmodel import select

from registry.enums import DatePrecision, Status
from registry.export import organisation_rows, partial_date, safe_cell, write_csv, write_json
from registry.models import AdminUnit
from registry.services.organisations import record_status


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DatePrecision.DAY, "2014-03-07"),
        (DatePrecision.MONTH, "2014-03"),
        (DatePrecision.YEAR, "2014"),
        (None, "2014-03-07"),
    ],
)
def test_partial_dates_keep_their_precision(precision, expected):
    assert partial_date(date(2014, 3, 7), precision) == expected


@pytest.mark.parametrize("text", ["=1+1", "+84", "-5", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_are_neutralised(text):
    assert safe_cell(text) == "'" + text


def test_plain_values_are_untouched():
    assert safe_cell("Hợp tác xã") == "Hợp tác xã"
    assert safe_cell(-5) == -5


def test_organisation_row(session, make_membership, make_organisation, make_person):
    org = make_organisation(
        name='=HYPERLINK("x")',
        tax_code="5900000777",
        founded_on=date(2012, 5, 1),
        founded_precision=DatePrecision.MONTH,
        not_reorganized=True,
    )
    record_status(
        session=session, organisation=org, status=Status.SUSPENDED, effective_on=date(2024, 2, 1)
    )
    for _ in range(3):
        make_membership(org, make_person())
    row = next(r for r in organisation_rows(session) if r["tax_code"] == "5900000777")
    assert row == {
        "name": '=HYPERLINK("x")',
        "tax_code": "5900000777",
        "legacy_certificate_no": None,
        "org_type": "cooperative",
        "sector": "agriculture",
        "status": "suspended",
        "not_reorganized": True,
        "founded_on": "2012-05",
        "charter_capital_vnd": 1_000_000_000,
        "members_count": None,  # no list or report gave a count
        "members_as_of": None,
        "members_on_register": 3,
        "district": "Chư Păh",
        "commune": "Xã Chư Păh",
        "unit_code": "23722",
        "legacy_unit_code": session.get(AdminUnit, org.legacy_unit_id).code,
        "registry_id": org.id,
    }
    assert row["legacy_unit_code"]
    out = io.StringIO()
    write_csv(iter([row]), out)
    assert "'=HYPERLINK" in out.getvalue()
    out = io.StringIO()
    write_json(iter([row]), out)
    assert json.loads(out.getvalue())[0]["name"] == row["name"]


def test_empty_json_export_is_an_empty_array():
    out = io.StringIO()
    assert write_json(iter([]), out) == 0
    assert json.loads(out.getvalue()) == []


def test_xlsx_cells_never_start_a_formula():
    from python_calamine import CalamineWorkbook

    from registry.export import xlsx_bytes

    data = xlsx_bytes(["a", "b"], [["=1+1", 5], ["@x", None]])
    import io
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        f.write(data)
        f.flush()
        rows = CalamineWorkbook.from_path(f.name).get_sheet_by_index(0).to_python()
    assert rows[1][0] == "'=1+1" and rows[2][0] == "'@x" and rows[1][1] == 5.0
    assert io.BytesIO(data).read(2) == b"PK"


def test_the_count_reported_latest_is_exported_beside_the_register(
    session, make_membership, make_organisation, make_person
):
    from registry.models import AnnualFigures

    org = make_organisation(tax_code="5900000778")
    make_membership(org, make_person())
    session.add_all(
        [
            AnnualFigures(organisation_id=org.id, year=2022, members_total=40),
            AnnualFigures(
                organisation_id=org.id, year=2023, members_total=35, as_of=date(2023, 9, 30)
            ),
            AnnualFigures(organisation_id=org.id, year=2024, revenue_vnd=10),  # no count
        ]
    )
    session.flush()
    row = next(r for r in organisation_rows(session) if r["tax_code"] == "5900000778")
    assert (row["members_count"], row["members_as_of"], row["members_on_register"]) == (
        35,
        "2023-09-30",
        1,
    )
    reported = session.scalars(select(AnnualFigures).where(AnnualFigures.year == 2023)).one()
    reported.members_total = None
    session.flush()
    row = next(r for r in organisation_rows(session) if r["tax_code"] == "5900000778")
    assert (row["members_count"], row["members_as_of"]) == (40, "2022")  # a year's report
