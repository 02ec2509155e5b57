"""Member rows of members.csv, valid and invalid as EXPECTED.json says."""

from importers.members import clean_table
from importers.readers import read_any
from importers.tables import find_tables
from importers.values import iso_partial
from registry.enums import MemberType
from registry.models import Organisation

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
