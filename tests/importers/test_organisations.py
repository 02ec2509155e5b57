"""Organisation rows of the samples, cleaned to what EXPECTED.json says."""

import pytest

from importers.organisations import clean_table, place_name, split_address
from importers.readers import read_spreadsheet
from importers.tables import find_tables
from importers.values import iso_partial

FILES = ["coops_district_list.xlsx", "coops_vni.xls", "coops_tcvn3.ods"]


@pytest.mark.parametrize("name", FILES)
def test_rows_clean_to_the_expected_records(samples, expected, name):
    info = expected["files"][name]
    sheet = read_spreadsheet(samples / name)[0]
    rows = clean_table(find_tables(sheet.rows)[0], sheet.name)
    assert [r.row for r in rows] == [r["row"] for r in info["records"]]
    for got, record in zip(rows, info["records"], strict=True):
        where = f"{name} row {record['row']}"
        f = got.fields
        assert not got.problems, (where, got.problems)
        assert f["name"] == record["name"], where
        assert f["tax_code"] == record["tax_code"], where
        assert f["certificate_number"] == record["certificate_number"], where
        assert iso_partial(f["founded"]) == record["founding_date"], where
        assert f["members"] == record["members"], where
        assert f["charter_capital_vnd"] == record["charter_capital_vnd"], where
        assert f["phones"] == record["phones"], where
        assert f["director"] == record["director"], where
        status = "not_reorganized" if f["not_reorganized"] else f["status"]
        assert status == record["status"], where
        assert f["district"] == record["district"], where
        assert f["commune"] == record["commune"], where
        assert f["sector"] == record["sector"], where
        # "status_ambiguous" is the registry's own flag ("stopped" without a notice).
        assert sorted(i for i in got.issues if i != "status_ambiguous") == sorted(
            record["issues"]
        ), where


def test_place_names():
    assert place_name("Xã Ia Nhin") == "Ia Nhin"
    assert place_name("TT Phú Túc") == "Phú Túc"
    assert split_address("xã Ia Rsươm, huyện Krông Pa") == ("Ia Rsươm", "Krông Pa")
    assert split_address("Chư Gu - Krông Pa") == ("Chư Gu", "Krông Pa")
    assert split_address("xã Ia Piar") == ("Ia Piar", None)
