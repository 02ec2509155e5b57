"""TCVN3 and VNI text repaired to Unicode, cell by cell."""

import pytest

from importers.legacy_text import repair, repair_all
from importers.readers import read_spreadsheet


@pytest.mark.parametrize(
    ("raw", "text", "encoding"),
    [
        (
            "Hôïp taùc xaõ Thöông maïi Dòch vuï Ngoïc Lan",
            "Hợp tác xã Thương mại Dịch vụ Ngọc Lan",
            "vni",
        ),
        ("LIEÂN MINH HTX TÆNH GIA LAI", "LIÊN MINH HTX TỈNH GIA LAI", "vni"),
        ("1.500 trieäu", "1.500 triệu", "vni"),
        ("Hîp t¸c x· N«ng nghiÖp", "Hợp tác xã Nông nghiệp", "tcvn3"),
        ("Ch\u00ad Gu - Kr«ng Pa", "Chư Gu - Krông Pa", "tcvn3"),  # 0xAD is ư, not a hyphen
        ("DANH S¸CH HîP T¸C X·", "DANH SÁCH HỢP TÁC XÃ", "tcvn3"),  # .VnTimeH capitals
        ("Hợp tác xã Nông nghiệp", "Hợp tác xã Nông nghiệp", None),
        ("Hoà Bình  Thuý\u00a0Khoẻ", "Hoà Bình Thuý Khoẻ", None),
        ("Kpă Kim, Rơ Mah, Ea H'leo", "Kpă Kim, Rơ Mah, Ea H'leo", None),
    ],
)
def test_repair(raw, text, encoding):
    assert repair(raw)[:2] == (text, encoding)


def test_nfd_becomes_nfc():
    assert repair("Ho\u031b\u0323p ta\u0301c xa\u0303")[0] == "Hợp tác xã"


def test_an_ambiguous_cell_follows_the_rest_of_the_sheet():
    texts, counts, ambiguous = repair_all({"Puih Plöh": 2, "1.200.000 ñ": 1, "Tình traïng": 1})
    assert texts == {
        "Puih Plöh": "Puih Plưh",
        "1.200.000 ñ": "1.200.000 đ",
        "Tình traïng": "Tình trạng",
    }
    assert counts["vni"] == 4 and ambiguous == 0


def test_an_ambiguous_sheet_is_reported():
    # ö is ư in VNI and ử in TCVN3: both read as Vietnamese, and nothing else tells.
    texts, _counts, ambiguous = repair_all({"Puih Plöh": 3})
    assert ambiguous == 3 and texts == {"Puih Plöh": "Puih Plöh"}


@pytest.mark.parametrize("name", ["coops_vni.xls", "coops_tcvn3.ods"])
def test_sample_sheets_decode_to_the_expected_text(samples, expected, name):
    info = expected["files"][name]
    sheet = read_spreadsheet(samples / name)[0]
    assert sheet.ambiguous_cells == 0
    titles = [" ".join(str(c) for c in row if c != "").strip() for row in sheet.rows[:6]]
    for title in info["title_decoded"]:
        assert any(title in t for t in titles), title
    columns = {v: k for k, v in info["columns"].items()}
    name_column = ord(columns["name"]) - ord("A")
    director_column = ord(columns["director"]) - ord("A")
    for record in info["records"]:
        row = sheet.rows[record["row"] - 1]
        assert row[name_column] == record["name_decoded"], record["row"]
        assert row[director_column].replace("Ông ", "").replace("Bà ", "") == record["director"]
        if record.get("notes"):
            notes_column = ord(columns["notes"]) - ord("A")
            assert row[notes_column] == record["notes"], record["row"]


def test_a_unicode_workbook_is_left_as_it_is(samples, expected):
    import unicodedata

    from python_calamine import CalamineWorkbook

    info = expected["files"]["coops_district_list.xlsx"]
    raw = CalamineWorkbook.from_path(str(samples / info["file"])).get_sheet_by_index(0)
    raw_rows = raw.to_python(skip_empty_area=False)
    sheet = read_spreadsheet(samples / info["file"])[0]
    assert sheet.encodings == {}
    for record in info["records"]:
        original = raw_rows[record["row"] - 1][1]
        assert sheet.rows[record["row"] - 1][1] == " ".join(
            unicodedata.normalize("NFC", original).split()
        )


def test_every_letter_of_the_reference_tables(expected):
    from importers.legacy_text import TCVN3, decode_vni

    for letter, sequence in expected["encodings"]["vni_windows"]["table"].items():
        assert decode_vni(sequence) == letter, (letter, sequence)
    for letter, code in expected["encodings"]["tcvn3"]["table"].items():
        assert TCVN3[chr(int(code["byte"], 16))] == letter


def test_a_workbook_s_encoding_is_told_by_its_cells_not_its_distinct_texts(tmp_path):
    """One VNI text in three cells outweighs two TCVN3 texts in one cell each: the ambiguous
    cell follows VNI (ö is ư), as most of the sheet's cells are typed."""
    import xlsxwriter

    path = tmp_path / "mixed.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_column(0, 0, ["Tình traïng"] * 3 + ["Hîp t¸c x·", "DANH S¸CH", "Puih Plöh"])
    book.close()
    (read,) = read_spreadsheet(path)
    assert read.rows[5] == ["Puih Plưh"]
    assert read.encodings == {"vni": 4, "tcvn3": 2} and read.ambiguous_cells == 0
