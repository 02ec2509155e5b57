"""Readers: CSV in every encoding a district office produces, with its delimiter found."""

import pytest

from importers import values
from importers.readers import UnreadableFile, read_any
from tests.importers.conftest import cp1258

TEXT = "STT;Tên hợp tác xã;Mã số thuế\n1;Hợp tác xã Nông nghiệp Đồng Tâm;5996132652\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_encodings(tmp_path, encoding):
    path = tmp_path / f"ds-{encoding}.csv"
    path.write_bytes(cp1258(TEXT) if encoding == "cp1258" else TEXT.encode(encoding))
    sheet = read_any(path)[0]
    assert sheet.rows[1] == ["1", "Hợp tác xã Nông nghiệp Đồng Tâm", "5996132652"]


def test_csv_typed_in_vni_is_repaired(tmp_path):
    path = tmp_path / "vni.csv"
    path.write_bytes("STT,Teân HTX\n1,Hôïp taùc xaõ Noâng nghieäp\n".encode("cp1252"))
    assert read_any(path)[0].rows[1] == ["1", "Hợp tác xã Nông nghiệp"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters(tmp_path, delimiter):
    path = tmp_path / "d.csv"
    path.write_text(TEXT.replace(";", delimiter), encoding="utf-8")
    assert read_any(path)[0].rows[0] == ["STT", "Tên hợp tác xã", "Mã số thuế"]


def test_a_tab_separated_utf16_export_with_decimal_commas_and_a_title(tmp_path):
    """Excel's "Unicode text": UTF-16, tabs, the table from column B under a title; a comma
    inside "1,2 tỷ" does not make the comma the delimiter (csv.Sniffer chose it)."""
    lines = [
        "\tDANH SÁCH HTX HUYỆN ĐAK ĐOA\t\t",
        "\tSTT\tTên đơn vị\tVốn điều lệ",
        "\t1\tHTX NN Hà Đông\t500.000.000 đ",
        "\t2\tHTX DV NN Glar\t1,2 tỷ đồng",
    ]
    path = tmp_path / "ds.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    rows = read_any(path)[0].rows
    assert rows[1] == ["", "STT", "Tên đơn vị", "Vốn điều lệ"]
    assert rows[3] == ["", "2", "HTX DV NN Glar", "1,2 tỷ đồng"]


def test_the_shared_members_csv(samples, expected):
    sheet = read_any(samples / "members.csv")[0]
    assert len(sheet.rows) - 1 == len(expected["files"]["members.csv"]["records"])


def test_a_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "anh.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert "không phải là tệp văn bản CSV" in refused.value.vi


def test_a_cell_merged_over_rows_gives_its_value_to_each(tmp_path):
    import xlsxwriter

    path = tmp_path / "merged.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.merge_range(0, 0, 0, 2, "TIÊU ĐỀ")  # across columns only: left to the table finder
    sheet.merge_range(1, 0, 3, 0, "Chư Păh")
    sheet.write_column(1, 1, ["HTX A", "HTX B", "HTX C"])
    book.close()
    (read,) = read_any(path)
    assert [row[:2] for row in read.rows] == [
        ["TIÊU ĐỀ", ""],
        ["Chư Păh", "HTX A"],
        ["Chư Păh", "HTX B"],
        ["Chư Păh", "HTX C"],
    ]


def test_failed_formulas_are_read_as_their_error_not_as_empty_cells(tmp_path):
    """python-calamine reads a cell whose formula failed as empty: a VLOOKUP'd tax code that
    found nothing would have been imported as no tax code. The error is read from the sheet's
    XML, on every sheet (names written as XML escapes them)."""
    import xlsxwriter

    path = tmp_path / "loi.xlsx"
    book = xlsxwriter.Workbook(str(path))
    plain = book.add_worksheet("Bìa")
    plain.write(0, 0, "BÁO CÁO")
    sheet = book.add_worksheet("DS & MST")
    sheet.write_row(0, 0, ["Tên HTX", "MST", "Vốn"])
    sheet.write(1, 0, "HTX A")
    sheet.write_formula(1, 1, "=VLOOKUP(A2,Z1:Z2,1,0)", None, "#N/A")
    sheet.write_formula(1, 2, "=1/0", None, "#DIV/0!")
    sheet.write_formula(5, 4, "=Z9", None, "#REF!")  # beyond the other cells
    book.close()
    cover, listed = read_any(path)
    assert cover.rows == [["BÁO CÁO"]]
    assert listed.rows[1][:3] == ["HTX A", "#N/A", "#DIV/0!"]
    assert listed.rows[5][4] == "#REF!"


def test_an_ods_cell_merged_over_rows_gives_its_value_to_each(tmp_path):
    """python-calamine reports no merged cells for ods: they are read from content.xml."""
    from tests.importers.conftest import ods

    rows = [
        ["Huyện", "Tên HTX", "Vốn"],
        ["Chư Păh", "HTX A", 1],
        ["", "HTX B", 2],
        ["", "HTX C", 3],
        ["Ia Grai", "HTX D", 4],
    ]
    (read,) = read_any(ods(tmp_path, rows, merged=[(1, 0, 3)]))
    assert [row[0] for row in read.rows] == ["Huyện", "Chư Păh", "Chư Păh", "Chư Păh", "Ia Grai"]
    assert read.merged == {(2, 0), (3, 0)}


def test_a_formula_never_computed_is_read_as_such(tmp_path):
    """A program that writes formulas without computing them leaves no value, which
    python-calamine reads as an empty cell: it is read as a formula without its result."""
    import re
    import zipfile

    import xlsxwriter

    from importers.formula_errors import UNCALCULATED

    path = tmp_path / "chua-tinh.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["Tên HTX", "Vốn góp", "Vốn điều lệ"])
    sheet.write_row(1, 0, ["HTX A", 100])
    sheet.write_formula(1, 2, "=B2*10", None, 1000)  # computed: its value stays
    sheet.write_formula(2, 2, "=B3*10")
    book.close()
    with zipfile.ZipFile(path) as archive:  # as such a program writes it: no <v>
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = re.sub(rb"(<f>B3\*10</f>)<v>0</v>", rb"\1", xml)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    (read,) = read_any(path)
    assert read.rows[1][2] == 1000
    assert read.rows[2][2] == UNCALCULATED
    assert "chưa được tính" in values.formula_error(read.rows[2][2]).vi


def _rezipped(source, target, name_bytes: bytes | None = None, version: int | None = None):
    """``source`` workbook rewritten with one member named with non-ASCII letters; those
    letters then replaced by ``name_bytes`` (not UTF-8), or the version needed to extract
    the members raised to ``version``."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
        dst.writestr("docProps/ghi-chú.xml", b"<x/>")
    data = target.read_bytes()
    if name_bytes is not None:
        data = data.replace("chú".encode(), name_bytes)
    if version is not None:
        at = data.find(b"PK\x01\x02")
        data = data[: at + 6] + bytes([version, 0]) + data[at + 8 :]
    target.write_bytes(data)
    return target


@pytest.mark.parametrize(
    "damage", [{"name_bytes": b"ch\xff\xfe"}, {"version": 99}], ids=["name", "version"]
)
def test_a_damaged_archive_is_refused_naming_the_file(tmp_path, samples, damage):
    path = _rezipped(samples / "coops_district_list.xlsx", tmp_path / "hong.xlsx", **damage)
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert "«hong.xlsx»" in refused.value.vi and "'hong.xlsx'" in refused.value.en


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b""], ids=["with-bom", "without-bom"])
def test_damaged_utf8_is_refused_naming_the_line(tmp_path, bom):
    lines = [f"{n};Hợp tác xã Nông nghiệp Đồng Tâm {n};59961326{n:02d}" for n in range(1, 30)]
    data = bom + "\n".join(["STT;Tên hợp tác xã;Mã số thuế", *lines]).encode()
    at = data.find("Tâm 7".encode())
    path = tmp_path / "hong.csv"
    path.write_bytes(data[:at] + b"T\xe2m" + data[at + 4 :])  # "â" lost its second byte
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert "«hong.csv», dòng 8" in refused.value.vi


def test_a_csv_field_beyond_the_csv_module_limit_is_refused(tmp_path):
    path = tmp_path / "dai.csv"
    path.write_text('STT;Tên\n1;"' + "a" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert "«dai.csv»" in refused.value.vi


def test_a_workbook_that_would_exhaust_memory_is_refused_and_the_server_lives_on(tmp_path):
    """One cell at XFD1048576 makes calamine ask for 512 GB, and Rust aborts the process that
    asked: the reader's own, never the server's."""
    import xlsxwriter

    path = tmp_path / "xa.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write(0, 0, "Tên HTX")
    sheet.write(1_048_575, 16_383, "x")
    book.close()
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert "«xa.xlsx»" in refused.value.vi and "quá lớn để đọc" in refused.value.vi


@pytest.mark.parametrize(
    "name", ["xls_that_panics_the_reader.xls", "xls_asking_for_36_gb.xls"]
)  # mutated copies of coops_vni.xls: calamine panics on one, aborts on the other
def test_a_damaged_xls_that_breaks_the_reader_is_refused(name):
    from pathlib import Path

    path = Path(__file__).parent / "files" / name
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert f"«{name}»" in refused.value.vi


def test_a_csv_is_one_sheet_named_by_its_file(tmp_path):
    from importers.readers import read_any

    path = tmp_path / "Chư Păh.csv"
    path.write_text("STT,Tên HTX\n1,HTX Một\n", encoding="utf-8")
    (sheet,) = read_any(path)
    assert sheet.name == "Chư Păh.csv"


def test_a_sheet_is_read_whole_from_the_parts_its_reader_sends(tmp_path, monkeypatch):
    """The reading process sends rows in parts; a sheet is the same read whole, the empty
    rows above and the empty columns left of its used range included."""
    import xlsxwriter
    from python_calamine import CalamineWorkbook

    from importers import calamine_process

    monkeypatch.setattr(calamine_process, "PART_ROWS", 7)  # the child is run with its default
    path = tmp_path / "lech.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    for r in range(2, 25_002):  # several parts of the child's default size
        sheet.write_row(r, 2, [f"HTX số {r}", r, "Xã Ia Nhin"])
    book.add_worksheet("Trống")
    book.close()
    expected = [
        s.to_python(skip_empty_area=False)
        for s in map(CalamineWorkbook.from_path(str(path)).get_sheet_by_index, (0, 1))
    ]
    parsed = calamine_process.parse(path, max_memory=2**31, max_seconds=60)
    assert [p.rows for p in parsed] == expected
    assert parsed[0].rows[2][:3] == ["", "", "HTX số 2"] and len(parsed[0].rows) == 25_002


def test_a_workbook_begun_ahead_is_read_by_the_child_that_began_it(tmp_path):
    """``registry import`` begins parsing its workbook before loading the registry; the read
    takes that child, and a changed file is parsed again."""
    import xlsxwriter

    from importers import calamine_process
    from importers.readers import read_ahead

    path = tmp_path / "ds.xlsx"

    def write(name: str) -> None:
        book = xlsxwriter.Workbook(str(path))
        book.add_worksheet("DS").write_row(0, 0, ["Tên HTX", name])
        book.close()

    write("HTX Một")
    read_ahead(path)
    assert len(calamine_process._begun) == 1
    assert read_any(path)[0].rows == [["Tên HTX", "HTX Một"]]
    assert not calamine_process._begun
    read_ahead(path)
    write("HTX Hai, a name longer than the first")
    assert read_any(path)[0].rows == [["Tên HTX", "HTX Hai, a name longer than the first"]]
    calamine_process._end_begun()  # the stale child, as at the process's exit
    read_ahead(tmp_path / "missing.xlsx")  # nothing to begin: the read will say why
    read_ahead(tmp_path)
    assert not calamine_process._begun


PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>Xuat Excel</title><style>td {{ mso-number-format:"\\@"; }}</style></head><body>
<h3>DANH SÁCH HỢP TÁC XÃ HUYỆN CHƯ SÊ</h3><p>(Tính đến ngày 30/9/2026)</p>
<table border="1">
<tr><th rowspan="2">STT</th><th rowspan="2">Tên HTX</th><th colspan="2">Địa chỉ</th>
<th rowspan="2">Tình trạng</th></tr>
<tr><th>Xã</th><th>Huyện</th></tr>
<tr><td>1</td><td>HTX NN Ia Blang</td><td>Ia Blang</td><td rowspan="2">Chư Sê</td>
<td>Đang hoạt động</td></tr>
<tr><td>2</td><td>HTX DV Ia Pal &amp; Dun</td><td>Ia Pal</td><td>Tạm ngừng<br>từ 01/2026<table>
<tr><td>(QĐ</td><td>12/QĐ)</td></tr></table></td></tr>
</table>
<p>Chư Sê, ngày 30 tháng 9 năm 2026<br>Người lập biểu</p></body></html>"""


@pytest.mark.parametrize("charset", ["utf-8", "windows-1258"])
def test_a_web_page_named_as_a_workbook_is_read_as_excel_opens_it(tmp_path, charset):
    """What web systems export as "Excel" — an HTML table in a file called .xls — was
    refused ("open it in Excel and save it again"): its text outside the table a row each,
    its cells spanning rows or columns merged as a workbook's (the district filled down),
    a line break in a cell, or a table inside it, spaced; the page's head is not text."""
    path = tmp_path / "danh-sach.xls"
    page = PAGE.format(charset=charset)
    path.write_bytes(cp1258(page) if charset == "windows-1258" else page.encode())
    (sheet,) = read_any(path)
    assert sheet.name == "danh-sach"
    assert [row[:5] for row in sheet.rows] == [
        ["DANH SÁCH HỢP TÁC XÃ HUYỆN CHƯ SÊ", "", "", "", ""],
        ["(Tính đến ngày 30/9/2026)", "", "", "", ""],
        ["STT", "Tên HTX", "Địa chỉ", "", "Tình trạng"],
        ["STT", "Tên HTX", "Xã", "Huyện", "Tình trạng"],
        ["1", "HTX NN Ia Blang", "Ia Blang", "Chư Sê", "Đang hoạt động"],
        ["2", "HTX DV Ia Pal & Dun", "Ia Pal", "Chư Sê", "Tạm ngừng từ 01/2026 (QĐ 12/QĐ)"],
        ["Chư Sê, ngày 30 tháng 9 năm 2026", "", "", "", ""],
        ["Người lập biểu", "", "", "", ""],
    ]


def test_a_web_page_imports_as_its_list(session, tmp_path):
    from importers.run import plan

    path = tmp_path / "danh-sach.xls"
    path.write_text(PAGE.format(charset="utf-8"), encoding="utf-8")
    result = plan(session, path)
    assert result.as_of.isoformat() == "2026-09-30"
    assert [(o.action, o.name, o.status) for o in result.outcomes] == [
        ("new", "Hợp tác xã Nông nghiệp Ia Blang", "active"),
        ("new", "Hợp tác xã Dịch vụ Ia Pal & Dun", "suspended"),
    ]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        # Cells spanning a million columns, row after row: refused, not laid out.
        ("<table>" + '<tr><td colspan="1000000">x</td></tr>' * 25_000 + "</table>", "quá lớn"),
        ("<html><body><table><tr><td> </td></tr></table></body></html>", "không có dữ liệu"),
    ],
)
def test_a_web_page_too_large_or_empty_is_refused_naming_the_file(tmp_path, page, message):
    path = tmp_path / "trang.xls"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert message in refused.value.vi and "trang.xls" in refused.value.vi


def test_an_excel_2003_xml_file_is_refused_saying_what_it_is(tmp_path):
    path = tmp_path / "xml2003.xls"
    path.write_text(
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="DS">'
        "</Worksheet></Workbook>",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableFile) as refused:
        read_any(path)
    assert "XML 2003" in refused.value.vi
