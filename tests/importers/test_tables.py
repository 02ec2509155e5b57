"""Finding the table in each sample sheet: header, columns, data rows, context, the rest."""

import pytest

from importers.mapping import field_for, map_columns
from importers.readers import read_spreadsheet
from importers.tables import find_tables, unit_multiplier

FILES = ["coops_district_list.xlsx", "coops_vni.xls", "coops_tcvn3.ods"]
#: EXPECTED.json describes two columns in words; these are the fields they map to.
DESCRIBED = {
    "address (commune, district)": "address",
    "tax_code or certificate_number": "registration_number",
}


@pytest.mark.parametrize("name", FILES)
def test_header_columns_and_data_rows(samples, expected, name):
    info = expected["files"][name]
    tables = find_tables(read_spreadsheet(samples / name)[0].rows)
    assert len(tables) == 1
    table = tables[0]
    assert table.header_rows == info["header_rows"]
    assert table.unit_vnd == info["unit_multiplier_vnd"]
    assert [r.number for r in table.rows] == [r["row"] for r in info["records"]]
    expected_columns = {
        ord(letter) - ord("A"): DESCRIBED.get(f, f) for letter, f in info["columns"].items()
    }
    assert table.columns == expected_columns


def test_group_rows_give_their_district_to_the_rows_below(samples, expected):
    info = expected["files"]["coops_district_list.xlsx"]
    table = find_tables(read_spreadsheet(samples / info["file"])[0].rows)[0]
    by_row = {r.number: r for r in table.rows}
    for record in info["records"]:
        groups = by_row[record["row"]].groups
        assert len(groups) == 1 and record["district"] in groups[0], record["row"]


def test_a_continuation_row_joins_the_record_above(samples, expected):
    info = expected["files"]["coops_district_list.xlsx"]
    table = find_tables(read_spreadsheet(samples / info["file"])[0].rows)[0]
    continued = [r for r in table.rows if r.continued]
    record = next(r for r in info["records"] if "second_phone_on_continuation_row" in r["quirks"])
    assert [r.number for r in continued] == [record["row"]]


def test_totals_groups_and_signatures_are_not_data(samples, expected):
    for name in FILES:
        info = expected["files"][name]
        table = find_tables(read_spreadsheet(samples / name)[0].rows)[0]
        kinds = {row: kind for row, kind, _label in table.skipped}
        for row in info["non_data_rows"]:
            if row["row"] > table.header_rows[-1]:
                assert row["row"] in kinds, (name, row)


@pytest.mark.parametrize(
    ("row", "total"),
    [
        (["", "Tổng"], True),
        (["", "TỔNG CỘNG"], True),
        (["", "Toàn huyện (12 HTX)"], True),
        (["Tổng số", ""], True),
        (["", "Tổng hợp tác xã Ia Pa"], False),  # a name that starts like a total
        ([3, "Công"], False),  # a numbered row is data
        # Under a cooperative's debts, its number and name left blank: beside the creditors.
        (["", "", "Cộng", 370_000_000], True),
        (["", "", "Ngân hàng Chính sách", 100_000_000], False),
        # "Công" is not "Cộng", though they fold alike: a company creditor, a person.
        (["", "", "Công ty TNHH An Phát", 50_000_000], False),
        (["", "Công Văn Nam"], False),
        (["", "Cộng:"], True),
        (["", "TONG CONG"], True),  # typed without diacritics
        (["", "Cong ty Hoang Anh"], False),
    ],
)
def test_total_rows(row, total):
    from importers.tables import _first_text, _is_total

    assert _is_total(row, name_col=1, stt_col=0, first=_first_text(row)) == total


@pytest.mark.parametrize(
    ("note", "multiplier"),
    [
        ("ĐVT: triệu đồng", 10**6),
        ("(ĐVT: 1.000 đồng)", 10**3),
        ("ĐVT: đồng", 1),
        ("Đơn vị tính: nghìn đồng", 10**3),
        ("ĐVT: 1.000đ", 10**3),
        ("ĐVT: Trđ", 10**6),
        ("ĐVT: tr.đ", 10**6),
    ],
)
def test_unit_notes(note, multiplier):
    assert unit_multiplier(note.split(":", 1)[1]) == multiplier


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Mã số HTX", "tax_code"),
        ("MA SO THUE", "tax_code"),
        ("MST", "tax_code"),
        ("Giám đốc / Họ và tên", "director"),
        ("Giám đốc / SĐT", "phones"),
        ("Xã viên (người) / Tổng số", "members"),
        ("Tên đơn vị", "name"),
        ("Năm TL", "founding_date"),
        ("Số ĐKKD/MST", "registration_number"),
        ("Cột lạ", None),
        # Under a merged title the lowest title decides when it is a title by itself.
        ("Địa chỉ trụ sở / Xã, thị trấn", "commune"),
        ("Địa chỉ trụ sở / Thôn, làng", "village"),
        ("Địa chỉ trụ sở", "address"),
        ("Thông tin chung / Tên hợp tác xã", "name"),
        ("Loại hình", "org_kind"),
        ("Mã số hợp tác xã", "tax_code"),  # not the commune ("xã")
        ("Số GCN ĐKHTX", "certificate_number"),
        ("Số TV", "members"),
        ("Tình hình hoạt động", "status"),
        # "HĐ" for hoạt động (the column was not read: every organisation came in active).
        ("Tình hình HĐ", "status"),
        ("Thực trạng hoạt động", "status"),
        ("Thực trạng HĐ", "status"),
        # The tax office's status (read as a second tax code), the day of a decision (read
        # as its number).
        ("Tình trạng mã số thuế", "status"),
        ("Trạng thái MST", "status"),
        ("Ngày ra quyết định giải thể", "status_date"),
        ("Địa bàn hoạt động", "address"),
    ],
)
def test_header_synonyms(header, field):
    assert field_for(header) == field


@pytest.mark.parametrize(
    ("header", "kind", "field"),
    [
        ("Số nợ phải trả", "debts_assets", "outstanding"),  # nợ is not No.
        ("Khách nợ", "debts_assets", "counterparty"),
        ("No.", "debts_assets", "stt"),
        ("Năm vay", "debts_assets", "incurred"),
        ("Hướng xử lý", "debts_assets", "planned_action"),  # a proposal, not the state
        ("Tình hình xử lý", "debts_assets", "resolution"),
        ("Đề xuất hướng xử lý", "debts_assets", "planned_action"),
        ("Giấy CNQSDĐ", "debts_assets", "land_certificate"),
        ("Nam/Nữ", "members", "gender"),
        ("Ngày kết nạp", "members", "joined_on"),
        ("Mã số hợp tác xã", "members", "coop_tax_code"),
        ("Tổng nguồn vốn", "annual_figures", "total_assets"),
        # A part under its whole names its own field (it was read as nothing), or none.
        ("Thành viên (người) / Trong đó: chính thức", "annual_figures", "members_official"),
        ("Thành viên / Trong đó: liên kết", "annual_figures", "members_associate"),
        ("Vốn điều lệ / Trong đó: vốn góp của TV", "organisations", "contributed_capital"),
        ("Số thành viên / Trong đó nữ", "annual_figures", None),
        ("Doanh thu / Trong đó: doanh thu dịch vụ cho TV", "annual_figures", None),
    ],
)
def test_header_synonyms_of_the_other_kinds(header, kind, field):
    assert field_for(header, kind) == field


def test_a_lowest_title_that_only_qualifies_its_parent_does_not_decide():
    assert field_for("Doanh thu / Năm 2023", "annual_figures") == "revenue"
    assert field_for("Thành viên / Tổng số", "annual_figures") == "members_total"


def test_a_title_naming_a_year_is_still_a_header_but_a_data_row_is_not():
    from importers.tables import _header_score

    assert (
        _header_score(
            ["STT", "Tên hợp tác xã", "Doanh thu năm 2024", "Mã số thuế"], "organisations"
        )
        == 3
    )
    assert _header_score(["1", "Tên hợp tác xã", "5.000.000", "5990000001"], "organisations") == 0


@pytest.mark.parametrize(
    ("header", "unit"),
    [
        ("Vốn góp (1.000 đ)", 1_000),
        ("Vốn điều lệ (triệu đồng)", 1_000_000),
        ("Doanh thu (tr.đ)", 1_000_000),
        ("Vốn điều lệ (Trđ)", 1_000_000),
        ("Vốn góp (đồng)", 1),  # the column's own unit wins over the table's note
        ("Vốn góp", 10**6),  # none: the table's note
        ("Vốn góp (người nộp)", 10**6),
        # A month's, per person or worker: twelve months' (it was read as the year's).
        ("Thu nhập bình quân (tr.đ/người/tháng)", 12 * 10**6),
        ("Thu nhập BQ (1.000đ/LĐ/tháng)", 12_000),
    ],
)
def test_a_money_columns_unit_is_its_titles_else_the_tables(header, unit):
    from importers.tables import Table

    table = Table(
        header_rows=[1], headers=[header], columns={0: "capital"}, unit_vnd=10**6, unit_note=""
    )
    assert table.unit_of("capital") == unit


def test_a_place_or_a_team_alone_on_an_unnumbered_row_heads_the_rows_below():
    """A member list by village (``Thôn 1``), a list of cooperatives by district with no
    numeral (``Huyện Chư Sê``): headings, not records (the village was imported as a member
    called ``Thôn 1``). A cooperative group alone on its row is still a record, and so is a
    person whose surname is Tô."""
    rows = [
        ["TT", "Họ và tên", "Năm sinh", "Số CCCD"],
        ["", "Thôn 1"],
        [1, "Nguyễn Văn Hùng", 1965, "064097057340"],
        ["", "THÔN PLEI KỐP", "THÔN PLEI KỐP", "THÔN PLEI KỐP"],  # merged across the row
        [2, "Rơ Châm H'Blơh", 1972, "230456789"],
        ["", "Tổ 3"],
        ["", "Tô Văn Lâm"],
        ["", "Huyện Chư Sê"],
    ]
    (table,) = find_tables(rows, "members")
    assert [r.number for r in table.rows] == [3, 5, 7]
    assert [r.groups for r in table.rows] == [["Thôn 1"], ["THÔN PLEI KỐP"], ["Tổ 3"]]
    assert [(n, why) for n, why, _text in table.skipped] == [
        (2, "group"),
        (4, "group"),
        (6, "group"),
        (8, "group"),
    ]
    organisations = [
        ["STT", "Tên HTX", "Địa chỉ"],
        ["", "Huyện Chư Sê"],
        [1, "HTX NN Ia Blang", "Xã Ia Blang"],
        ["", "Tổ hợp tác Ia Dêr"],
    ]
    (table,) = find_tables(organisations)
    assert [(r.number, r.groups) for r in table.rows] == [
        (3, ["Huyện Chư Sê"]),
        (4, ["Huyện Chư Sê"]),
    ]


@pytest.mark.parametrize(
    ("headers", "kind", "read"),
    [
        (
            ["Tên HTX", "Tổng diện tích (m2)", "Diện tích được giao", "Diện tích thuê"],
            "debts_assets",
            {0: "name", 1: "area"},
        ),
        (
            ["Tên HTX", "Tổng doanh thu", "Doanh thu dịch vụ"],
            "annual_figures",
            {0: "name", 1: "revenue"},
        ),
    ],
)
def test_a_total_among_its_parts_is_the_field(headers, kind, read):
    """Several columns of one field, one titled as the total: that one (the file was
    refused: several columns of the area, of the revenue); the parts are shown unread."""
    assert map_columns(headers, kind) == read
