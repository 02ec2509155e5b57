"""Annual figures (Biểu 02/HTX): matched to cooperatives already imported, scaled by the unit
note, re-imported without change, undone exactly."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from importers import values
from importers.run import commit, plan
from importers.vocabulary import grade, meeting_date
from registry.enums import LegacyGrade, Sector
from registry.models import AdminUnit, AnnualFigures, Organisation
from registry.scope import Scope
from registry.services.batches import undo_batch
from registry.services.errors import DomainError
from tests.importers.conftest import workbook

FIGURES_FILE = "annual_figures_2024.xlsx"


EVERYWHERE = Scope.everything()


def test_figures_are_matched_scaled_and_signed(registry_of_lists, samples, expected):
    session = registry_of_lists
    info = expected["files"][FIGURES_FILE]
    preview = plan(session, samples / FIGURES_FILE)
    assert preview.kind == "annual_figures"
    by_row = {o.row: o for o in preview.outcomes}
    assert sorted(by_row) == [r["row"] for r in info["records"]]
    new_organisations = [o.row for o in preview.outcomes if "new_organisation" in o.issues]
    assert new_organisations == [r["row"] for r in info["records"] if not r["match"]["existing"]]
    assert preview.counts() == {"new": len(info["records"])}

    commit(session, preview)
    for record in info["records"]:
        org = session.get(Organisation, by_row[record["row"]].organisation_id)
        assert org.name == expected["cooperatives"][record["coop_key"]]["name"]
        figures = session.scalar(
            select(AnnualFigures).where(
                AnnualFigures.organisation_id == org.id, AnnualFigures.year == info["year"]
            )
        )
        got = (
            figures.members_total,
            figures.members_official,
            figures.members_associate,
            figures.workers,
            figures.revenue_vnd,
            figures.profit_vnd,
            figures.avg_member_income_vnd,
            figures.total_assets_vnd,
            values.iso_partial((figures.general_meeting_on, figures.general_meeting_precision))
            if figures.general_meeting_on
            else None,
        )
        meeting = record["general_meeting_date"]
        want = (
            record["members_total"],
            record["members_official"],
            record["members_associate"],
            record["workers"],
            record["revenue_vnd"],
            record["profit_vnd"],
            record["avg_member_income_vnd_per_year"],
            record["total_assets_vnd"],
            meeting,
        )
        assert got == want, record["row"]
    totals = info["totals"]
    assert session.scalar(select(func.sum(AnnualFigures.revenue_vnd))) == totals["revenue_vnd"]
    assert session.scalar(select(func.sum(AnnualFigures.profit_vnd))) == totals["profit_vnd"]


def test_the_same_figures_again_change_nothing_and_undo_is_exact(registry_of_lists, samples):
    session = registry_of_lists
    organisations = session.scalar(select(func.count()).select_from(Organisation))
    # The lists' own counts of members and capital, as their years' figures.
    listed = session.scalar(select(func.count()).select_from(AnnualFigures))
    batch = commit(session, plan(session, samples / FIGURES_FILE))
    again = plan(session, samples / FIGURES_FILE)
    assert again.counts() == {"unchanged": len(again.outcomes)}
    assert commit(session, again) is None

    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert session.scalar(select(func.count()).select_from(AnnualFigures)) == listed
    assert session.scalar(select(func.count()).select_from(Organisation)) == organisations


def test_an_update_names_the_fields_and_undo_puts_them_back(registry_of_lists, samples):
    session = registry_of_lists
    commit(session, plan(session, samples / FIGURES_FILE))
    record = session.scalars(
        select(AnnualFigures)
        .where(AnnualFigures.revenue_vnd.is_not(None))
        .order_by(AnnualFigures.id)
    ).first()
    record.revenue_vnd, record.workers = 1, 2
    session.flush()
    update = plan(session, samples / FIGURES_FILE)
    changed = [o for o in update.outcomes if o.action == "update"]
    assert len(changed) == 1
    assert set(changed[0].changes) == {"revenue_vnd", "workers"}
    batch = commit(session, update)
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    session.refresh(record)
    assert (record.revenue_vnd, record.workers) == (1, 2)


def test_undo_is_refused_when_figures_were_edited_after(registry_of_lists, samples):
    session = registry_of_lists
    batch = commit(session, plan(session, samples / FIGURES_FILE))
    record = session.scalars(
        select(AnnualFigures)
        .where(AnnualFigures.revenue_vnd.is_not(None))
        .order_by(AnnualFigures.id)
    ).first()
    record.profit_vnd = 0
    session.flush()
    with pytest.raises(DomainError, match="đã được sửa"):
        undo_batch(session=session, batch=batch, scope=EVERYWHERE)


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        (date(2024, 5, 2), date(2024, 5, 2)),
        ("19/6/2024", date(2024, 6, 19)),
        ("04/2024", date(2024, 4, 1)),
        ("Chưa tổ chức", None),
        ("Mới thành lập", None),
        ("", None),
    ],
)
def test_meeting_dates(raw, want):
    result = meeting_date(raw)
    assert (result[0] if result else None) == want


def test_grades():
    assert grade("Loại Khá") is LegacyGrade.FAIR
    assert grade("tốt") is LegacyGrade.GOOD
    assert grade(None) is None
    assert grade("TB") is LegacyGrade.AVERAGE
    assert grade("Chưa xếp loại") is None  # not graded that year: no grade, not an error
    assert grade("Xếp loại: Tốt") is LegacyGrade.GOOD
    assert grade("Yếu kém") is LegacyGrade.WEAK
    assert grade("Hoạt động khá") is LegacyGrade.FAIR
    with pytest.raises(values.UnknownWord) as unknown:  # kept, flagged, asked: no row lost
        grade("xuất sắc")
    assert unknown.value.fallback is None and unknown.value.accept("good") is LegacyGrade.GOOD


def test_figures_without_a_place_match_by_tax_code_else_by_a_name_one_alone_bears(
    registry_of_lists, tmp_path
):
    import xlsxwriter

    session = registry_of_lists
    named, coded = (
        session.scalars(select(Organisation).where(has_code).order_by(Organisation.id)).first()
        for has_code in (Organisation.tax_code.is_(None), Organisation.tax_code.is_not(None))
    )
    path = tmp_path / "bieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Biểu 02")
    rows = [
        ["BÁO CÁO KẾT QUẢ HOẠT ĐỘNG NĂM 2023"],
        ["STT", "Tên HTX", "Mã số thuế", "Doanh thu", "Lợi nhuận", "Số lao động"],
        [1, "HTX Nông nghiệp Dịch vụ Đồng Tâm", "5996132652", 100, 10, 5],
        [2, "HTX Chưa Có Nơi Nào", "", 100, 10, 5],
        [3, named.name.replace("Hợp tác xã", "HTX"), "", 100, "Lỗ 15", 5],
        [4, coded.name, "5990999990", 100, 10, 5],  # another tax code: another organisation
    ]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    first, second, third, fourth = plan(session, path).outcomes
    # Its 2023 record holds the list's members and capital: the revenue is added to it.
    assert first.action == "update" and first.organisation_id is not None
    assert set(first.changes) == {"revenue_vnd", "profit_vnd", "workers"}
    assert first.record["year"] == 2023
    assert second.reasons == ["Không xác định được huyện/xã của tổ chức."]
    assert third.organisation_id == named.id and third.action in ("new", "update")
    assert third.record["profit_vnd"] == -15  # a loss said in words
    assert fourth.reasons == ["Không xác định được huyện/xã của tổ chức."]


def test_amounts_a_title_says_are_a_months_are_kept_as_the_years(registry_of_lists, tmp_path):
    """``Thu nhập BQ của TV (tr.đ/tháng)``: 4,5 is 54 million a year (it was kept as 4,5
    million); ``Số TV`` is the member count, ``Tổng vốn hoạt động`` the capital employed."""
    import xlsxwriter

    path = tmp_path / "so-lieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Năm 2025")
    rows = [
        ["BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG CỦA HTX NĂM 2025"],
        [
            "STT",
            "Tên HTX",
            "Mã số thuế",
            "Thu nhập BQ của TV (tr.đ/tháng)",
            "Tổng vốn hoạt động (tr.đ)",
            "Số TV",
        ],
        [1, "HTX Nông nghiệp Dịch vụ Đồng Tâm", "5996132652", "4,5", "2.000", "25"],
    ]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    (outcome,) = plan(registry_of_lists, path).outcomes
    assert outcome.record["avg_member_income_vnd"] == 54_000_000
    assert outcome.record["total_assets_vnd"] == 2_000_000_000
    assert outcome.record["members_total"] == 25


def test_a_workbook_of_one_sheet_per_year(registry_of_lists, tmp_path):
    """Every sheet is read, each in the year its title states: a cooperative in two years
    is two records; twice in one year, a duplicate."""
    import xlsxwriter

    path = tmp_path / "bieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for year in (2023, 2024):
        sheet = book.add_worksheet(str(year))
        sheet.write_row(0, 0, [f"BÁO CÁO KẾT QUẢ HOẠT ĐỘNG NĂM {year}"])
        sheet.write_row(1, 0, ["STT", "Tên HTX", "Mã số thuế", "Doanh thu", "Số lao động"])
        sheet.write_row(2, 0, [1, "HTX NN DV Đồng Tâm", "5996132652", year - 2000, 5])
    sheet.write_row(3, 0, [2, "HTX NN DV Đồng Tâm", "5996132652", 1, 5])  # again in 2024
    book.close()
    outcomes = plan(registry_of_lists, path).outcomes
    assert [(o.sheet, o.row, o.action) for o in outcomes] == [
        ("2023", 3, "update"),  # the year of the list that gave its members
        ("2024", 3, "new"),
        ("2024", 4, "rejected"),
    ]
    assert [o.record["year"] for o in outcomes[:2]] == [2023, 2024]
    assert outcomes[2].reasons == ["Trùng với dòng 3 của cùng tệp."]


def test_columns_of_the_organisation_beside_the_figures_are_not_read_as_figures(
    registry_of_lists, tmp_path
):
    """``Năm thành lập`` was read as the figures' year, ``Họ tên Giám đốc`` and ``Tên viết
    tắt`` as a second name (the file refused), ``Thành viên mới`` as the members in all."""
    header = ["STT", "Tên HTX", "Tên viết tắt", "Mã số thuế", "Năm thành lập"]
    header += ["Họ tên Giám đốc", "Số thành viên", "Thành viên mới", "Doanh thu"]
    row = [1, "HTX NN DV Đồng Tâm", "HTX Đồng Tâm", "5996132652", 2010, "Nguyễn Văn Bình"]
    rows = [["BÁO CÁO KẾT QUẢ HOẠT ĐỘNG CÁC HTX NĂM 2024"], header, [*row, 40, 3, 1_000]]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, rows)).outcomes
    assert outcome.reasons == []
    assert (outcome.record["year"], outcome.record["members_total"]) == (2024, 40)


def test_a_header_of_three_rows_under_titles_giving_the_unit(registry_of_lists, tmp_path):
    """``Kết quả SXKD năm 2024 (triệu đồng)`` over ``Doanh thu`` over ``Tổng số``, beside
    ``STT`` merged down the three rows: the top row was read as the title, so the unit was
    lost (1.500 triệu read as 1.500 đồng) and ``Thành viên / Tổng số`` not read."""
    import xlsxwriter

    path = tmp_path / "kq.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("KQ")
    sheet.write(0, 0, "TỔNG HỢP KẾT QUẢ HOẠT ĐỘNG HTX NĂM 2024")
    sheet.merge_range(2, 0, 4, 0, "STT")
    sheet.merge_range(2, 1, 2, 2, "Thông tin HTX")
    sheet.merge_range(3, 1, 4, 1, "Tên HTX")
    sheet.merge_range(3, 2, 4, 2, "Mã số thuế")
    sheet.merge_range(2, 3, 2, 5, "Kết quả SXKD năm 2024 (triệu đồng)")
    sheet.merge_range(3, 3, 3, 4, "Doanh thu")
    sheet.write_row(4, 3, ["Tổng số", "Trong đó: dịch vụ"])
    sheet.merge_range(3, 5, 4, 5, "Lợi nhuận")
    sheet.merge_range(2, 6, 2, 7, "Thành viên (người)")
    sheet.merge_range(3, 6, 4, 6, "Tổng số")
    sheet.merge_range(3, 7, 4, 7, "Trong đó: mới kết nạp")
    sheet.write_row(5, 0, [1, "HTX NN DV Đồng Tâm", "5996132652", 1_500, 300, 120, 40, 2])
    book.close()
    (outcome,) = plan(registry_of_lists, path).outcomes
    record = outcome.record
    assert (record["revenue_vnd"], record["profit_vnd"], record["members_total"]) == (
        1_500_000_000,
        120_000_000,
        40,
    )


def test_a_workbook_of_sheets_named_by_their_years(registry_of_lists, tmp_path):
    """No title naming the year, the sheets named ``2023`` and ``Năm 2024``: each sheet's
    figures are its name's year (both were this year's, the second rejected as a duplicate
    of the first)."""
    import xlsxwriter

    path = tmp_path / "bieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name, members in (("2023", 40), ("Năm 2024", 45)):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, ["STT", "Tên HTX", "Mã số thuế", "Số thành viên", "Doanh thu"])
        sheet.write_row(1, 0, [1, "HTX NN DV Đồng Tâm", "5996132652", members, 100])
    book.close()
    outcomes = plan(registry_of_lists, path).outcomes
    assert [(o.sheet, o.record["year"], o.record["members_total"]) for o in outcomes] == [
        ("2023", 2023, 40),
        ("Năm 2024", 2024, 45),
    ]


@pytest.mark.parametrize("year_above", [True, False])
def test_one_row_holding_two_years_is_a_record_per_year(registry_of_lists, tmp_path, year_above):
    """``Năm 2022`` merged over Doanh thu | Lợi nhuận beside ``Năm 2023`` (or each figure over
    its years): each year's columns are that year's record (the file was refused as the same
    field twice); a cooperative new to the registry is created once, in the district the title
    names, with the sector "other" when nothing tells it (its creation failed); the same file
    again changes nothing, and undo is exact."""
    import xlsxwriter

    session = registry_of_lists
    path = tmp_path / "bieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("KQ")
    sheet.write_row(0, 0, ["KẾT QUẢ HOẠT ĐỘNG CÁC HTX HUYỆN IA GRAI"])
    for column, title in enumerate(["STT", "Tên HTX", "Mã số thuế"]):
        sheet.merge_range(1, column, 2, column, title)
    if year_above:
        sheet.merge_range(1, 3, 1, 4, "Năm 2022")
        sheet.merge_range(1, 5, 1, 6, "Năm 2023")
        sheet.write_row(2, 3, ["Doanh thu", "Lợi nhuận", "Doanh thu", "Lợi nhuận"])
    else:
        sheet.merge_range(1, 3, 1, 4, "Doanh thu")
        sheet.merge_range(1, 5, 1, 6, "Lợi nhuận")
        sheet.write_row(2, 3, [2022, 2023, 2022, 2023])
    figures = [1000, 1200, 50, -60] if not year_above else [1000, 50, 1200, -60]
    sheet.write_row(3, 0, [1, "HTX NN DV Đồng Tâm", "5996132652", *figures])
    sheet.write_row(4, 0, [2, "HTX Mới Thành Lập", "5999999990", *figures])
    book.close()
    before = session.scalar(select(func.count()).select_from(Organisation))
    preview = plan(session, path)
    got = [
        (o.row, o.record["year"], o.record["revenue_vnd"], o.record["profit_vnd"])
        for o in preview.outcomes
    ]
    assert sorted(got) == [
        (4, 2022, 1000, 50),
        (4, 2023, 1200, -60),
        (5, 2022, 1000, 50),
        (5, 2023, 1200, -60),
    ]
    # Đồng Tâm's 2023 record, from the list of 31/12/2023, is added to; the rest are new.
    assert {(o.row, o.record["year"]) for o in preview.outcomes if o.action == "update"} == {
        (4, 2023)
    }
    assert {o.action for o in preview.outcomes if o.row == 5} == {"new"}
    assert len({m["column"] for m in preview.mapping}) == len(preview.mapping) == 7
    batch = commit(session, preview)
    assert session.scalar(select(func.count()).select_from(Organisation)) == before + 1
    new = session.scalars(select(Organisation).where(Organisation.tax_code == "5999999990")).one()
    # Placed by the title's district; no sector in its name or the file: "other", said.
    assert session.get(AdminUnit, new.legacy_unit_id).name == "Huyện Ia Grai"
    assert new.sector == Sector.OTHER
    assert all("sector_unknown" in o.issues for o in preview.outcomes if o.row == 5)
    assert sorted(
        session.scalars(select(AnnualFigures.year).where(AnnualFigures.organisation_id == new.id))
    ) == [2022, 2023]
    assert plan(session, path).counts() == {"unchanged": 4}
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert session.scalar(select(func.count()).select_from(Organisation)) == before


def test_figures_columns_beside_the_year_s_count_and_profit_are_told_apart():
    """``Số TV đầu năm`` beside ``Số TV cuối năm``, and the profit before tax beside the
    profit after it, were two columns of one field: the file was refused. The year's count
    is its end's, the profit is after tax; the others are not read."""
    from importers.mapping import map_columns

    headers = ["STT", "Tên HTX", "Số TV đầu năm", "Số TV tăng trong năm", "Số TV cuối năm"]
    headers += ["Lợi nhuận trước thuế", "Lợi nhuận sau thuế", "Trong đó: lao động là thành viên"]
    mapped = map_columns(headers, "annual_figures")
    assert [mapped[i] for i in (2, 3, 4, 6, 7)] == [
        "other_counts",
        "other_counts",
        "members_total",
        "profit",
        "other_counts",
    ]
    assert 5 not in mapped


def test_figures_not_reported_are_none_and_a_row_of_none_is_no_record(registry_of_lists, tmp_path):
    """``Chưa báo cáo`` in a figure's cell is no figure (the row was refused); a row of no
    figure at all adds no record of the year, and says so (it added one of nothing); the
    general meeting's ``Ngày ĐH thường niên`` is read (it was not)."""
    from tests.importers.conftest import workbook

    header = ["STT", "Tên HTX", "Mã số thuế", "Tổng số TV", "Doanh thu (tr.đ)"]
    header.append("Ngày ĐH thường niên")
    rows = [
        ["BÁO CÁO TÌNH HÌNH HOẠT ĐỘNG CỦA HTX NĂM 2024"],
        header,
        [1, "HTX Nông nghiệp Dịch vụ Đồng Tâm", "5996132652", 25, "Chưa báo cáo", "15/3/2024"],
        [2, "HTX Xây dựng Hợp Lực", "5995037132", "-", "chưa báo cáo", "Chưa tổ chức"],
    ]
    reported, silent = plan(registry_of_lists, workbook(tmp_path, rows)).outcomes
    assert reported.action == "new"
    assert (reported.record["members_total"], reported.record["revenue_vnd"]) == (25, None)
    assert reported.record["general_meeting_on"] == date(2024, 3, 15)
    assert (silent.action, silent.reasons) == (
        "rejected",
        ["Dòng không có số liệu nào của năm (ô trống hoặc «chưa báo cáo»)."],
    )
