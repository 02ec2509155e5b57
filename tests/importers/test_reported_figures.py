"""A list's member count, workers and capital kept as the organisation's figures of the
list's year, as of the list's day — never over figures of a later day."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import select

from importers.run import commit, plan
from registry.export import organisation_rows
from registry.models import AnnualFigures, Organisation
from registry.scope import Scope
from registry.services.batches import undo_batch
from tests.importers.conftest import workbook

EVERYWHERE = Scope.everything()
HEADER = ["Tên HTX", "Mã số thuế", "Huyện", "Xã", "Số thành viên", "Số lao động", "Vốn góp"]


def _list(tmp_path, members, workers, capital, name="ds.xlsx"):
    row = ["HTX NN Báo Cáo", "5990000031", "Chư Păh", "Ia Nhin", members, workers, capital]
    return workbook(tmp_path, [HEADER, row], name=name)


def _figures(session) -> list[tuple]:
    org = session.scalars(select(Organisation).where(Organisation.tax_code == "5990000031")).one()
    return [
        (f.year, f.as_of, f.members_total, f.workers, f.contributed_capital_vnd)
        for f in session.scalars(
            select(AnnualFigures)
            .where(AnnualFigures.organisation_id == org.id)
            .order_by(AnnualFigures.year)
        )
    ]


def test_a_lists_counts_become_the_years_figures_and_undo_removes_them(session, tmp_path):
    path = _list(tmp_path, 24, 9, 150_000_000)
    batch = commit(session, plan(session, path, as_of=date(2023, 12, 31)))
    assert _figures(session) == [(2023, date(2023, 12, 31), 24, 9, 150_000_000)]
    assert plan(session, path, as_of=date(2023, 12, 31)).counts() == {"unchanged": 1}
    row = next(r for r in organisation_rows(session) if r["tax_code"] == "5990000031")
    assert (row["members_count"], row["members_as_of"], row["members_on_register"]) == (
        24,
        "2023-12-31",
        0,  # nobody typed its member list
    )
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert session.scalar(select(AnnualFigures.id)) is None


def test_a_list_in_a_sheet_named_by_its_year_reports_that_years_figures(session, tmp_path):
    """No title dating it, the sheet named ``2023``: its counts are 2023's, as of its end
    (they were this year's, as of today)."""
    row = ["HTX NN Báo Cáo", "5990000031", "Chư Păh", "Ia Nhin", 24, 9, 150_000_000]
    preview = plan(session, workbook(tmp_path, [HEADER, row], sheet="2023"))
    assert preview.as_of == date(2023, 12, 31)
    commit(session, preview)
    assert _figures(session) == [(2023, date(2023, 12, 31), 24, 9, 150_000_000)]


def test_a_later_list_updates_an_earlier_one_never_the_reverse(session, tmp_path):
    commit(session, plan(session, _list(tmp_path, 24, 9, 1_000), as_of=date(2023, 6, 30)))
    later = plan(session, _list(tmp_path, 30, 9, 1_000, "b.xlsx"), as_of=date(2023, 12, 31))
    (outcome,) = later.outcomes
    assert outcome.action == "update" and outcome.changes == {"members_total": [24, 30]}
    commit(session, later)
    assert _figures(session) == [(2023, date(2023, 12, 31), 30, 9, 1_000)]
    # An older list of the same year, read after: the later figures stay, and it says so.
    older = plan(session, _list(tmp_path, 20, 5, 500, "c.xlsx"), as_of=date(2023, 3, 31))
    (outcome,) = older.outcomes
    assert outcome.action == "unchanged" and "reported_figures_later" in outcome.issues
    assert commit(session, older) is None
    assert _figures(session) == [(2023, date(2023, 12, 31), 30, 9, 1_000)]
    # Another year is another record; the export gives the latest.
    commit(session, plan(session, _list(tmp_path, 33, 8, 900, "d.xlsx"), as_of=date(2024, 12, 31)))
    assert [f[0] for f in _figures(session)] == [2023, 2024]
    row = next(r for r in organisation_rows(session) if r["tax_code"] == "5990000031")
    assert (row["members_count"], row["members_as_of"]) == (33, "2024-12-31")


def test_the_sample_lists_keep_what_they_report(session, samples):
    expected = json.loads((samples / "EXPECTED.json").read_text())["files"]
    info = expected["coops_district_list.xlsx"]
    commit(session, plan(session, samples / "coops_district_list.xlsx"))
    kept = {
        org.tax_code: (f.year, f.as_of, f.members_total, f.contributed_capital_vnd)
        for org, f in session.exec(
            select(Organisation, AnnualFigures).join(
                AnnualFigures, AnnualFigures.organisation_id == Organisation.id
            )
        )
    }
    reported = [r for r in info["records"] if r["tax_code"] and r["members"] is not None]
    assert reported
    for record in reported:
        assert kept[record["tax_code"]] == (
            2023,
            date(2023, 12, 31),
            record["members"],
            record["contributed_capital_vnd"],
        ), record["row"]


def test_a_years_list_signed_that_year_is_dated_by_its_signature_not_by_today(session, tmp_path):
    """A report of 2023, imported years later, gives 2023's figures as of the day it was
    signed below its table; they never pass for this year's."""
    row = ["HTX NN Báo Cáo", "5990000031", "Chư Păh", "Ia Nhin", 24, 9, 150_000_000]
    rows = [
        ["BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG CỦA CÁC HỢP TÁC XÃ NĂM 2023"],
        ["(Kèm theo Báo cáo số 125/BC-PKT ngày 05/01/2024)"],
        HEADER,
        row,
        [],
        ["", "", "", "", "Chư Păh, ngày 10 tháng 12 năm 2023"],
    ]
    result = plan(session, workbook(tmp_path, rows))
    assert result.as_of == date(2023, 12, 10)
    commit(session, result)
    assert _figures(session) == [(2023, date(2023, 12, 10), 24, 9, 150_000_000)]


def test_a_count_titled_by_its_year_is_that_years_and_the_latest_of_several_is_read(
    session, tmp_path
):
    """``Số thành viên năm 2023`` | ``Số thành viên năm 2024``: the 2024 count is read as
    2024's figures (two columns of members: the file was refused), whatever the list's day;
    a count titled by the list's own year keeps the list's day."""
    header = ["Tên HTX", "Mã số thuế", "Huyện", "Xã", "Số thành viên năm 2023"]
    header += ["Số thành viên năm 2024", "Vốn góp 2024"]
    row = ["HTX NN Báo Cáo", "5990000031", "Chư Păh", "Ia Nhin", 21, 24, 150_000_000]
    same_year = plan(session, workbook(tmp_path, [header, row], "b.xlsx"), as_of=date(2024, 6, 30))
    (outcome,) = same_year.outcomes
    assert (outcome.record["year"], outcome.record["as_of"]) == (2024, date(2024, 6, 30))
    result = plan(session, workbook(tmp_path, [header, row]), as_of=date(2026, 3, 1))
    assert [m["field"] for m in result.mapping][4:] == ["", "members", "contributed_capital"]
    commit(session, result)
    assert _figures(session) == [(2024, None, 24, None, 150_000_000)]
