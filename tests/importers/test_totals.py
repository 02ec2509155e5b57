"""A file's own total rows checked against its records."""

import pytest
import xlsxwriter

from importers.run import plan
from importers.totals import disagreement

SAMPLES = [
    ("coops_district_list.xlsx", 15),  # four district subtotals and the grand total, 3 columns
    ("coops_vni.xls", 2),
    ("coops_tcvn3.ods", 3),  # the grand total sits above the data
    ("annual_figures_2024.xlsx", 7),
    ("debts_assets.xlsx", 24),  # per district sheet: Cộng A, Cộng B, the land total
]


@pytest.mark.parametrize(("name", "figures"), SAMPLES)
def test_every_total_of_the_samples_agrees_with_their_rows(session, samples, name, figures):
    result = plan(session, samples / name)
    assert len(result.total_checks) == figures
    assert all(check["agrees"] for check in result.total_checks), result.total_checks
    assert result.disagreements() == []


def test_a_total_its_rows_do_not_add_up_to_is_told(session, tmp_path):
    path = tmp_path / "ds.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["STT", "Tên hợp tác xã", "Huyện", "Số thành viên", "Vốn điều lệ"])
    sheet.write_row(1, 0, [1, "HTX NN Hòa Phú", "Chư Păh", 10, 500_000_000])
    sheet.write_row(2, 0, [2, "HTX NN Ia Ka", "Chư Păh", 12, 700_000_000])
    sheet.write_row(3, 0, ["", "Cộng", "", 32, 1_200_000_000])  # a row of 10 members lost
    book.close()
    result = plan(session, path)
    members, capital = result.total_checks
    assert (members["stated"], members["computed"], members["agrees"]) == (32, 22, False)
    assert capital["agrees"]
    assert result.disagreements() == [
        "Trang «DS», dòng 4, cột D (Số thành viên): dòng tổng của tệp ghi 32, các dòng dữ "
        "liệu cộng lại 22: có thể thiếu hoặc sai một dòng."
    ]
    assert result.disagreements("en") == [disagreement(members).en]
    assert "its rows add up to 22" in disagreement(members).en
