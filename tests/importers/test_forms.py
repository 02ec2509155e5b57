"""Forms: a sheet about one organisation, a field per row, often a sheet per cooperative (the
file was refused: no table found)."""

from __future__ import annotations

from datetime import date

import xlsxwriter
from sqlmodel import select

from importers.forms import find_form
from importers.run import commit, plan
from registry.enums import Sector, Status
from registry.models import AnnualFigures, Organisation
from tests.importers.conftest import coded


def _forms(path, sheets: dict[str, list[list]], merged_labels: bool = False):
    """A workbook of a sheet per form: each a title naming the year, then ``rows``."""
    book = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, "PHIẾU THÔNG TIN HỢP TÁC XÃ NĂM 2024")
        sheet.write(1, 4, "ĐVT: triệu đồng")
        sheet.write_row(2, 0, ["STT", "Chỉ tiêu", "Thông tin"])
        for r, row in enumerate(rows, start=3):
            if merged_labels:  # the label over columns B to D, its value in E
                sheet.write(r, 0, row[0])
                sheet.merge_range(r, 1, r, 3, row[1])
                sheet.write_row(r, 4, row[2:])
            else:
                sheet.write_row(r, 0, row)
    book.close()
    return path


def test_a_workbook_of_a_form_per_cooperative_gives_each_its_years_figures(
    registry_of_lists, tmp_path
):
    session = registry_of_lists
    first, second = session.scalars(
        select(Organisation).where(Organisation.tax_code.is_not(None)).order_by(Organisation.id)
    ).all()[:2]
    sheets = {
        str(k): [
            [1, "Tên hợp tác xã", org.name],
            [2, "Mã số thuế", org.tax_code],
            [3, "Tổng số thành viên", 40 + k],
            [4, "Số lao động thường xuyên", 12],
            [5, "Doanh thu", 2_500],
            [6, "Lợi nhuận", "……"],  # left to be filled in: none
        ]
        for k, org in enumerate((first, second))
    }
    preview = plan(session, _forms(tmp_path / "phieu.xlsx", sheets))
    assert preview.kind == "annual_figures"
    assert preview.as_of == date(2024, 12, 31)  # the title's year
    assert [(o.sheet, o.row, o.action, o.organisation_id) for o in preview.outcomes] == [
        ("0", 4, "new", first.id),
        ("1", 4, "new", second.id),
    ]
    assert [m["column"] for m in preview.mapping][:3] == ["C4", "C5", "C6"]
    commit(session, preview)
    figures = {
        f.organisation_id: (f.year, f.members_total, f.workers, f.revenue_vnd, f.profit_vnd)
        for f in session.scalars(select(AnnualFigures).where(AnnualFigures.year == 2024))
    }
    assert figures == {
        first.id: (2024, 40, 12, 2_500_000_000, None),
        second.id: (2024, 41, 12, 2_500_000_000, None),
    }


def test_a_form_written_label_colon_value_names_the_cell_of_a_value_it_cannot_read(
    registry_of_lists, tmp_path
):
    """Each line ``4. Ngày thành lập: 31/02/2016`` in one cell: the organisation and its
    fields; a date that does not exist rejects it naming that cell (row 9, column A)."""
    session = registry_of_lists
    path = tmp_path / "phieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name, tax_code, founded in (
        ("HTX Chăn nuôi Hòa Bình", "5990077001", "12/5/2015"),
        ("HTX Dệt thổ cẩm Kông Bơ La", "5990077002", "31/02/2016"),
    ):
        sheet = book.add_worksheet(tax_code)
        sheet.write(2, 0, "PHIẾU THÔNG TIN VỀ HỢP TÁC XÃ (Tính đến ngày 30/6/2025)")
        lines = [
            f"1. Tên hợp tác xã: {name}",
            f"2. Mã số thuế: {tax_code}",
            "3. Địa chỉ: Thôn 2, xã Ia Ka, huyện Chư Păh",
            f"4. Ngày thành lập: {founded}",
            "5. Họ tên giám đốc: Nguyễn Văn Bình",
            "6. Tình trạng hoạt động: Tạm ngừng kinh doanh",
            "7. Vốn điều lệ: 500 triệu đồng",
            "8. Ghi chú: ...........",
        ]
        sheet.write_column(5, 0, lines)
    book.close()
    preview = plan(session, path)
    assert preview.kind == "organisations" and preview.as_of == date(2025, 6, 30)
    kept, rejected = preview.outcomes
    assert (kept.action, rejected.action) == ("new", "rejected")
    assert rejected.reasons == [
        "Trang «5990077002», dòng 9, cột A: Ngày không có thật: «31/02/2016»."
    ]
    commit(session, preview)
    org = session.scalars(select(Organisation).where(Organisation.tax_code == "5990077001")).one()
    assert (org.name, org.founded_on, org.director_name) == (
        "Hợp tác xã Chăn nuôi Hòa Bình",
        date(2015, 5, 12),
        "Nguyễn Văn Bình",
    )
    assert (org.sector, org.current_status, org.charter_capital_vnd) == (
        Sector.AGRICULTURE,
        Status.SUSPENDED,
        500_000_000,
    )
    assert org.notes is None


def test_a_label_merged_down_is_read_once():
    """A label merged over two rows, a value beside each: the row below holds the label's
    copy (the reader fills merged cells down), which is no second label."""
    rows = [["Tên HTX", "HTX A"], ["Mã số thuế", "5990000001"]]
    rows += [["Số thành viên", 30], ["Số thành viên", "(trong đó 5 liên kết)"]]
    form = find_form(rows, "annual_figures", None, frozenset({(3, 0)}))
    assert list(form.columns.values()) == ["name", "tax_code", "members_total"]
    assert form.rows[0].cells == ["HTX A", "5990000001", 30]


def test_a_label_merged_over_columns_is_not_its_own_value(registry_of_lists, tmp_path):
    org = coded(registry_of_lists)
    rows = [[1, "Tên HTX", org.name], [2, "Mã số thuế", org.tax_code], [3, "Số thành viên", 33]]
    preview = plan(registry_of_lists, _forms(tmp_path / "f.xlsx", {"A": rows}, True))
    (outcome,) = preview.outcomes
    assert outcome.reasons == [] and outcome.organisation_id == org.id
    assert outcome.record["members_total"] == 33  # not the label "Số thành viên" again


def test_what_is_no_form():
    """Fewer than three fields, or none naming the organisation; titles and labels left
    unfilled are no fields."""
    assert find_form([["Tên HTX", "HTX A"], ["Số thành viên", 3]], "annual_figures", None) is None
    rows = [["Số thành viên", 3], ["Doanh thu", 5], ["Lợi nhuận", 1], ["Số lao động", 2]]
    assert find_form(rows, "annual_figures", None) is None
    rows = [["DANH SÁCH THÀNH VIÊN NĂM 2024"], ["Tên HTX", "A"], ["Mã số thuế"], ["Năm", 2024]]
    assert find_form(rows, "annual_figures", None) is None
    rows = [["Tên HTX", "A"], ["Mã số thuế", "1"], ["Năm", 2024]]
    assert find_form(rows, "annual_figures", None) is not None
    # A district's report of its totals, by its office: no organisation's form.
    report = [["Tên đơn vị: UBND huyện Chư Sê"], ["Số thành viên: 1.200"], ["Doanh thu: 25"]]
    assert find_form(report, "annual_figures", None) is None
    report = [["Tên đơn vị: Chư Sê"], ["Tổng số HTX: 45"], ["Số thành viên: 1.200"], ["Lãi: 5"]]
    assert find_form(report, "annual_figures", None) is None
    named = [["Tên hợp tác xã: Phong Phú"], ["Số thành viên: 12"], ["Doanh thu: 25"]]
    assert find_form(named, "annual_figures", None) is not None  # Phong, not Phòng Kinh tế
    assert find_form(rows, "members", None) is None  # a member list is never a form
