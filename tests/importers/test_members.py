"""Member rows of members.csv, valid and invalid as EXPECTED.json says."""

from sqlmodel import select

from importers.members import clean_table
from importers.readers import read_any
from importers.tables import find_tables
from importers.values import iso_partial
from registry.enums import MemberType
from registry.models import Organisation
from tests.importers.conftest import cp1258

#: EXPECTED.json's names for the member types.
NAMES = {
    MemberType.OFFICIAL: "official",
    MemberType.ASSOCIATE_CONTRIBUTING: "associate_contributing",
    MemberType.ASSOCIATE: "associate_non_contributing",
}


def test_members_csv(samples, expected):
    info = expected["files"]["members.csv"]
    sheet = read_any(samples / "members.csv")[0]
    rows = clean_table(find_tables(sheet.rows, "members")[0], sheet.name)
    assert [r.row for r in rows] == [r["line"] for r in info["records"]]
    for got, record in zip(rows, info["records"], strict=True):
        where = f"line {record['line']}"
        assert (not got.problems) == record["valid"], (where, got.problems, record)
        if not record["valid"]:
            continue
        f = got.fields
        assert f["full_name"] == record["full_name"], where
        assert f["id_number"] == record["id_number"], where
        assert (
            f["member_type"]
            .value.replace("associate", "associate_non_contributing")
            .replace("associate_non_contributing_contributing", "associate_contributing")
            == record["member_type"]
        ), where
        assert iso_partial(f["joined"]) == record["join_date"], where
        assert (f["capital_vnd"] or 0) == (record["capital_vnd"] or 0), where
        assert f["coop_tax_code"] == record["coop_tax_code"], where
    assert sum(1 for r in rows if not r.problems) == info["totals"]["valid_rows"]


def test_members_listed_under_their_cooperative_heading(registry_of_lists, tmp_path):
    import xlsxwriter

    from importers.members import cooperative_from_groups
    from importers.run import plan

    assert cooperative_from_groups(["I. HTX NN Tâm An (3 thành viên)"]) == "HTX NN Tâm An"
    assert cooperative_from_groups(["Huyện Chư Păh"]) is None
    rows = [
        ["DANH SÁCH THÀNH VIÊN"],
        ["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Loại thành viên", "Vốn góp"],
        ["I", "HTX NN Tâm An"],
        [1, "Nguyễn Văn Một", 1970, "064070000001", "Chính thức", 1000000],
        [2, "Trần Thị Hai", 1975, "064175000002", "Chính thức", 2000000],
    ]
    path = tmp_path / "tv.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("TV")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    outcomes = plan(registry_of_lists, path).outcomes
    assert [o.action for o in outcomes] == ["new", "new"], [o.reasons for o in outcomes]
    org = registry_of_lists.get(Organisation, outcomes[0].organisation_id)
    assert org.name == "Hợp tác xã Nông nghiệp Tâm An"


def test_a_windows_1258_csv_with_semicolons_title_and_unit_in_a_title(registry_of_lists, tmp_path):
    from importers.run import plan

    coop = registry_of_lists.exec(
        select(Organisation).where(Organisation.tax_code.is_not(None))
    ).first()
    lines = [
        "DANH SÁCH THÀNH VIÊN HỢP TÁC XÃ;;;;;;",
        ";;;;;;",
        "STT;Họ tên thành viên;Năm sinh;Số CMND/CCCD;Mã số thuế HTX;Ngày vào HTX;Vốn góp (1.000 đ)",
        "(1);(2);(3);(4);(5);(6);(7)",
        f"1;Nguyễn Văn Hùng;1975;230123456;{coop.tax_code};01/2015;5.000",
        f"2;Rơ Châm H'Luy;12/03/1980;064180001234;{coop.tax_code};2016;2,5 triệu",
        ";Tổng cộng;;;;;7.500",
        ";;;;Người lập biểu;;",
    ]
    path = tmp_path / "tv.csv"
    path.write_bytes(cp1258("\r\n".join(lines) + "\r\n"))
    outcomes = plan(registry_of_lists, path).outcomes
    assert [(o.row, o.action) for o in outcomes] == [(5, "new"), (6, "new")]
    first, second = (o.values for o in outcomes)
    assert (first["full_name"], first["capital_vnd"]) == ("Nguyễn Văn Hùng", 5_000_000)
    assert (second["full_name"], second["capital_vnd"]) == ("Rơ Châm H'Luy", 2_500_000)
    assert iso_partial(first["joined"]) == "2015-01"
    assert first["organisation_id"] == coop.id
