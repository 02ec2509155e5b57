"""Member rows of members.csv, valid and invalid as EXPECTED.json says."""

from importers.members import clean_table
from importers.readers import read_any
from importers.tables import find_tables
from importers.values import iso_partial
from registry.enums import MemberType

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
