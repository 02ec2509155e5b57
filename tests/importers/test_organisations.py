"""Organisation rows of the samples, cleaned to what EXPECTED.json says."""

import pytest

from importers import values
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
    assert split_address("xã Ia Rsươm, huyện Krông Pa")[:2] == ("Ia Rsươm", "Krông Pa")
    assert split_address("Chư Gu - Krông Pa")[:2] == ("Chư Gu", "Krông Pa")
    assert split_address("xã Ia Piar")[:2] == ("Ia Piar", None)


@pytest.mark.parametrize(
    ("address", "places"),
    [
        # A village first was read as the commune, and the commune as the district.
        ("Thôn 1, xã Ia Nhin", ("Ia Nhin", None)),
        ("Làng Kép, Ia Nhin", ("Ia Nhin", None)),
        ("Plei 3, xã Đak Krong", ("Đak Krong", None)),
        ("Tổ 8, phường An Tân, thị xã An Khê", ("An Tân", "An Khê")),
        ("Đội 5 - Ia Nhin - Chư Păh", ("Ia Nhin", "Chư Păh")),
        ("số 12 đường Lê Lợi, phường Tây Sơn, TP Pleiku", ("Tây Sơn", "Pleiku")),
        # Without commas; the province left out; a district alone is no commune.
        ("Thôn 3 xã Ia Tô huyện Ia Grai tỉnh Gia Lai", ("Ia Tô", "Ia Grai")),
        ("Ia Nhin, Chư Păh, Gia Lai", ("Ia Nhin", "Chư Păh")),
        ("huyện Chư Păh", (None, "Chư Păh")),
        ("TT Phú Túc, Krông Pa", ("Phú Túc", "Krông Pa")),
        # The country and a neighbourhood (khu vực, khu) were read as the district.
        ("Thôn 3, xã Ia Pa, huyện Ia Pa, tỉnh Gia Lai, Việt Nam", ("Ia Pa", "Ia Pa")),
        ("Khu vực 2, Phường Quy Nhơn Đông, Tỉnh Gia Lai", ("Quy Nhơn Đông", None)),
    ],
)
def test_an_address_is_cut_by_its_kind_words(address, places):
    assert split_address(address)[:2] == places


@pytest.mark.parametrize(
    ("address", "current"),
    [
        ("Thôn Ia Ring, Xã Ia Băng, Tỉnh Gia Lai, Việt Nam", True),
        ("Khối 4, Xã Tây Sơn, Tỉnh Gia Lai", True),
        ("Thôn 3 xã Ia Tô huyện Ia Grai tỉnh Gia Lai", False),  # a district: before
        ("Ia Nhin, Chư Păh, Gia Lai", False),
        ("Thôn 1, xã Ia Nhin", False),  # no province: either
    ],
)
def test_an_address_of_the_form_since_2025_names_a_current_commune(address, current):
    """Since 1/7/2025 an address goes from the commune to the province, no district."""
    assert split_address(address).current is current


def test_the_national_registrys_list_of_current_addresses_places_every_row(session, tmp_path):
    """The national business registry's export: the address as written since 1/7/2025
    (``Thôn Ia Ring, Xã Ia Băng, Tỉnh Gia Lai, Việt Nam``). A commune whose namesakes
    before the change were in two districts (Ia Băng: Đak Đoa and Chư Prông; Tây Sơn) was
    rejected, its place unknown, and "Việt Nam" read as an unknown district."""
    from importers.run import plan
    from registry.models import AdminUnit
    from tests.importers.conftest import workbook

    rows = [
        ["STT", "Tên doanh nghiệp", "Mã số doanh nghiệp", "Địa chỉ trụ sở chính"],
        [1, "HTX NN DV Ia Băng", "5901000111", "Thôn Ia Ring, Xã Ia Băng, Tỉnh Gia Lai, Việt Nam"],
        [2, "QTDND Phú Phong", "4100300333", "Khối 4, Xã Tây Sơn, Tỉnh Gia Lai"],
        [3, "HTX Thủy sản Nhơn Lý", "4101000222", "Khu vực 2, Phường Quy Nhơn Đông, Tỉnh Gia Lai"],
    ]
    outcomes = plan(session, workbook(tmp_path, rows)).outcomes
    assert [(o.action, o.issues) for o in outcomes] == [("new", [])] * 3
    assert [session.get(AdminUnit, o.values["unit_id"]).name for o in outcomes] == [
        "Xã Ia Băng",
        "Xã Tây Sơn",
        "Phường Quy Nhơn Đông",
    ]


def test_a_column_is_cleaned_once_per_distinct_value_of_each_type():
    from importers.organisations import cleaned_column
    from importers.tables import DataRow, Table

    cells = [1, 1.0, True, "1", 1.0, "x"]
    table = Table(header_rows=[1], headers=["Số"], columns={0: "members"}, unit_vnd=1, unit_note="")
    table.rows = [DataRow(n + 2, [v], n) for n, v in enumerate(cells)]
    calls = []

    def cleaner(value):
        calls.append(value)
        if value == "x":
            raise values.CellProblem("Không đọc được.", "Unreadable.")
        return type(value).__name__

    column = cleaned_column(table, "members", cleaner)
    assert column[:5] == ["int", "float", "bool", "str", "float"]
    assert isinstance(column[5], values.CellProblem)
    assert len(calls) == 5  # 1.0 twice: cleaned once
    assert cleaned_column(table, "members", cleaner) is column


def test_a_failed_formula_rejects_its_row_naming_the_cell(session, tmp_path):
    """A tax code looked up by a VLOOKUP that found nothing, an amount whose formula broke:
    the row is rejected with what the cell holds, not imported without them."""
    import xlsxwriter

    from importers.run import plan

    path = tmp_path / "ds.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["STT", "Tên HTX", "Mã số thuế", "Huyện", "Vốn điều lệ (đồng)"])
    sheet.write_row(1, 0, [1, "HTX NN Ia Dơk", "5901234561", "Đức Cơ", 100_000_000])
    sheet.write_row(2, 0, [2, "HTX NN Ia Krêl", None, "Đức Cơ", 200_000_000])
    sheet.write_formula(2, 2, "=VLOOKUP(B3,Z1:Z2,1,0)", None, "#N/A")
    sheet.write_row(3, 0, [3, "HTX NN Ia Kla", "5901234563", "Đức Cơ"])
    sheet.write_formula(3, 4, "=Z1/Z2", None, "#DIV/0!")
    book.close()
    first, second, third = plan(session, path).outcomes
    assert first.action == "new"
    assert (second.action, third.action) == ("rejected", "rejected")
    assert second.reasons == [
        "Trang «DS», dòng 3, cột C: Ô có lỗi công thức «#N/A», không có giá trị: hãy "
        "sửa công thức hoặc gõ giá trị trong tệp gốc."
    ]
    assert "cột E" in third.reasons[0] and "#DIV/0!" in third.reasons[0]


def test_the_certificate_over_its_number_and_date_and_a_tax_code_in_the_name(session, tmp_path):
    """``Giấy CN ĐKHTX`` merged over ``Số`` | ``Ngày cấp``: the number is a tax code or an old
    certificate number (it was not read); a tax code written into the name cell is the tax
    code, not part of the name."""
    import xlsxwriter

    from importers.run import plan

    path = tmp_path / "ds.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write(0, 0, "DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN ĐỨC CƠ")
    for column, title in ((0, "STT"), (1, "Tên HTX"), (4, "Địa chỉ trụ sở")):
        sheet.merge_range(1, column, 2, column, title)
    sheet.merge_range(1, 2, 1, 3, "Giấy CN ĐKHTX")
    sheet.write_row(2, 2, ["Số", "Ngày cấp"])
    sheet.write_row(3, 0, [1, "HTX NN Ia Dơk", "5901234561", "12/03/2015", "Xã Ia Dơk"])
    sheet.write_row(4, 0, [2, "HTX Vận tải Đức Cơ", "3907000456", "2008", "Xã Ia Dơk"])
    book.close()
    first, second = plan(session, path).outcomes
    assert (first.values["tax_code"], first.values["legacy_certificate_no"]) == ("5901234561", None)
    assert (second.values["tax_code"], second.values["legacy_certificate_no"]) == (
        None,
        "3907000456",
    )

    path = tmp_path / "ten.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write(0, 0, "DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN ĐỨC CƠ")
    sheet.write_row(1, 0, ["STT", "Tên HTX", "Địa chỉ", "Số thành viên"])
    sheet.write_row(2, 0, [1, "HTX NN Ia Dơk (MST: 5901234561)", "Xã Ia Dơk", 45])
    sheet.write_row(3, 0, [2, "HTX NN Ia Krêl - MST 590 123 4562", "Xã Ia Krêl", 12])
    book.close()
    got = [(o.values["name"], o.values["tax_code"]) for o in plan(session, path).outcomes]
    assert got == [
        ("Hợp tác xã Nông nghiệp Ia Dơk", "5901234561"),
        ("Hợp tác xã Nông nghiệp Ia Krêl", "5901234562"),
    ]


def test_the_certificate_date_is_kept_with_the_certificate_it_dates(session, samples, expected):
    """The old ĐKKD's date when the row has only the old number, else the current
    registration's (it was read and dropped)."""
    from datetime import date

    from importers.run import plan

    outcomes = {o.row: o for o in plan(session, samples / "coops_vni.xls").outcomes}
    records = {r["row"]: r for r in expected["files"]["coops_vni.xls"]["records"]}
    checked = 0
    for row, record in records.items():
        if not (record["certificate_date"] and len(record["certificate_date"]) == 10):
            continue
        day = date.fromisoformat(record["certificate_date"])
        values = outcomes[row].values
        if record["certificate_number"] and not record["tax_code"]:
            assert (values["legacy_certificate_on"], values["registered_on"]) == (day, None), row
        else:
            assert (values["legacy_certificate_on"], values["registered_on"]) == (None, day), row
        checked += 1
    assert checked >= 20


def test_a_status_noted_in_the_name_is_its_status_not_part_of_its_name(session, tmp_path):
    """``HTX NN Tâm An (đã giải thể)`` is Tâm An, dissolved (the name kept the note, and the
    status was not read); a note of reorganisation goes too; a place in brackets stays, and
    the status column, where it says something, wins over the note."""
    from importers.run import plan
    from tests.importers.conftest import workbook

    rows = [
        ["DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN CHƯ PĂH"],
        ["STT", "Tên HTX", "Địa chỉ", "Tình trạng"],
        [1, "HTX NN Tâm An (đã giải thể)", "xã Ia Nhin", ""],
        [2, "HTX Cà phê Ia Kha (mới thành lập)", "thị trấn Ia Kha", ""],
        [3, "HTX DV tổng hợp Hòa Phú (Chuyển đổi theo Luật 2012)", "xã Hòa Phú", ""],
        [4, "HTX NN Đồng Tâm (Ia Ka)", "xã Ia Ka", "Đang hoạt động"],
        [5, "HTX NN Ia Phí (tạm ngừng)", "xã Ia Phí", "Đang hoạt động"],
    ]
    outcomes = plan(session, workbook(tmp_path, rows)).outcomes
    assert [(o.name, o.status) for o in outcomes] == [
        ("Hợp tác xã Nông nghiệp Tâm An", "dissolved"),
        ("Hợp tác xã Cà phê Ia Kha", "active"),
        ("Hợp tác xã Dịch vụ Tổng hợp Hòa Phú", None),
        ("Hợp tác xã Nông nghiệp Đồng Tâm (Ia Ka)", "active"),
        ("Hợp tác xã Nông nghiệp Ia Phí", "active"),
    ]


def test_a_status_said_in_the_notes_is_read_where_no_status_column_says_one(session, tmp_path):
    """With no status column, notes saying only a status give it (a stopped cooperative
    was created active), flagged for a person to confirm unless they say it operates; notes
    of other things give none. A status column, where it says something, wins."""
    from importers.run import plan
    from tests.importers.conftest import workbook

    rows = [
        ["STT", "Tên HTX", "Địa chỉ", "Ghi chú"],
        [1, "HTX NN Tâm An", "xã Ia Nhin", "Ngừng hoạt động từ 2022"],
        [2, "HTX Cà phê Ia Kha", "thị trấn Ia Kha", "Đang hoạt động"],
        [3, "HTX NN Ia Phí", "xã Ia Phí", "Thuộc diện giải thể"],
        [4, "HTX NN Đồng Tâm", "xã Ia Ka", "Có 2 tổ hợp tác trực thuộc"],
    ]
    outcomes = plan(session, workbook(tmp_path, rows)).outcomes
    assert [(o.status, "status_from_notes" in o.issues) for o in outcomes] == [
        ("suspended", True),
        ("active", False),
        ("awaiting_dissolution", True),
        (None, False),
    ]
    rows[0].append("Tình trạng")
    rows[1].append("Đang hoạt động")
    outcomes = plan(session, workbook(tmp_path, rows, "b.xlsx")).outcomes
    assert [o.status for o in outcomes] == ["active", "active", "awaiting_dissolution", None]


def test_a_name_and_address_in_one_column_are_told_apart(session, tmp_path):
    """``Tên, địa chỉ HTX``: the name before the place, the place its address (the column was
    read as the address, no name found: the file was refused). A list with a place column
    of its own keeps names as written. A title speaking of dissolution flags rows that say
    no status (they were created active, unflagged)."""
    from importers.run import plan
    from tests.importers.conftest import workbook

    rows = [
        ["DANH SÁCH HTX ĐỀ NGHỊ GIẢI THỂ"],
        ["STT", "Tên, địa chỉ HTX", "Năm thành lập", "Số thành viên"],
        [1, "HTX NN Ia Blang, xã Ia Blang, huyện Chư Sê", 2010, 7],
        [2, "HTX DV Tổng hợp Kông Htok - xã Kông Htok - Chư Sê", 2012, 5],
        [3, "HTX NN Ayun (Xã Ayun, huyện Chư Sê)", 2015, 3],
    ]
    outcomes = plan(session, workbook(tmp_path, rows)).outcomes
    assert [(o.action, o.name, o.values["address"]) for o in outcomes] == [
        ("new", "Hợp tác xã Nông nghiệp Ia Blang", "xã Ia Blang, huyện Chư Sê"),
        ("new", "Hợp tác xã Dịch vụ Tổng hợp Kông Htok", "xã Kông Htok - Chư Sê"),
        ("new", "Hợp tác xã Nông nghiệp Ayun", "Xã Ayun, huyện Chư Sê"),
    ]
    assert all(o.values["legacy_unit_id"] for o in outcomes)  # the communes found
    # The title speaks of dissolution, the rows of no status: each flagged, none set.
    assert all(o.issues == ["status_in_title"] and o.status is None for o in outcomes)
    placed = [["STT", "Tên HTX", "Huyện"], [1, "HTX DV NN - Xã Ia Pal", "Chư Sê"]]
    (outcome,) = plan(session, workbook(tmp_path, placed, "b.xlsx")).outcomes
    assert outcome.name == "Hợp tác xã Dịch vụ Nông nghiệp - Xã Ia Pal"


def test_a_status_dated_in_its_own_column_takes_effect_that_day(session, tmp_path):
    """``Ngày giải thể`` beside ``Tình trạng``: the dissolution took effect then, not on the
    list's day (the annual report counts dissolutions by year); ``Tên giao dịch`` beside the
    name is no second name column (the file was refused)."""
    from datetime import date

    from importers.run import plan
    from tests.importers.conftest import workbook

    rows = [
        ["DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN CHƯ PĂH (đến 31/12/2024)"],
        ["STT", "Tên HTX", "Tên giao dịch", "Địa chỉ", "Tình trạng", "Ngày giải thể"],
        [1, "HTX NN Tâm An", "TAM AN COOP", "xã Ia Nhin", "Đã giải thể", "15/06/2021"],
        [2, "HTX NN Ia Phí", "", "xã Ia Phí", "Tạm ngừng", "2023"],
        [3, "HTX NN Ia Ka", "", "xã Ia Ka", "Đang hoạt động", ""],
    ]
    outcomes = plan(session, workbook(tmp_path, rows)).outcomes
    assert [(o.name, o.status, o.status_on) for o in outcomes] == [
        ("Hợp tác xã Nông nghiệp Tâm An", "dissolved", date(2021, 6, 15)),
        ("Hợp tác xã Nông nghiệp Ia Phí", "suspended", date(2023, 12, 31)),
        ("Hợp tác xã Nông nghiệp Ia Ka", "active", None),
    ]


def test_the_decision_a_status_was_recorded_on_is_kept_with_it(session, tmp_path):
    """``Đã giải thể theo QĐ số 123/QĐ-UBND ngày 12/5/2020``: the status event carries the
    decision's number and day and takes effect that day (it took effect on the list's day,
    its decision lost, and a decided status without one is left for review). A list of
    dissolved cooperatives with no status column but a column of dissolution decisions, and
    of reasons: a row citing a decision is dissolved, flagged for a person to confirm, the
    reason kept on the event, and so whether the dissolution was voluntary; a row citing none
    stays unsaid, as the title's other rows."""
    from datetime import date

    from sqlmodel import select

    from importers.run import commit, plan
    from registry.enums import DissolutionKind
    from registry.models import Organisation, StatusEvent
    from tests.importers.conftest import workbook

    def event(tax_code):
        (found,) = session.exec(
            select(StatusEvent).join(Organisation).where(Organisation.tax_code == tax_code)
        ).all()
        return found

    decided = "Đã giải thể theo QĐ số 123/QĐ-UBND ngày 12/5/2020"
    said = [
        ["STT", "Tên HTX", "Mã số thuế", "Xã", "Tình trạng hoạt động"],
        [1, "HTX NN DV Ia Blang", "5900123456", "Ia Blang", decided],
        [2, "HTX NN Ayun", "5900123458", "Ayun", "Tạm ngừng theo TB số 12/TB-PĐKKD"],
        [3, "HTX NN Ia Hrú", "5900123459", "Ia Hrú", "Đang hoạt động theo GCN số 12/GCN"],
    ]
    planned = plan(session, workbook(tmp_path, said, "a.xlsx"))
    assert [(o.status, o.status_on, o.status_details) for o in planned.outcomes] == [
        (
            "dissolved",
            date(2020, 5, 12),
            {"decision_no": "123/QĐ-UBND", "decision_on": date(2020, 5, 12)},
        ),
        ("suspended", None, {"decision_no": "12/TB-PĐKKD", "decision_on": None}),
        ("active", None, None),  # no decision makes an organisation active
    ]
    commit(session, planned)
    dissolved = event("5900123456")
    assert (dissolved.status, dissolved.effective_on) == ("dissolved", date(2020, 5, 12))
    assert (dissolved.decision_no, dissolved.decision_on, dissolved.review_note) == (
        "123/QĐ-UBND",
        date(2020, 5, 12),
        None,
    )

    listed = [
        ["DANH SÁCH HTX ĐÃ GIẢI THỂ NĂM 2023"],
        ["STT", "Tên HTX", "Mã số HTX", "Xã", "Số, ngày QĐ giải thể", "Lý do"],
        [1, "HTX NN Ia Pal", "5900223456", "Ia Pal", "Số 12/QĐ-UBND ngày 15/3/2023", "Tự nguyện"],
        [2, "HTX Tổng hợp Bar Măih", "5900223458", "Bar Măih", "", "Không hoạt động"],
    ]
    planned = plan(session, workbook(tmp_path, listed, "b.xlsx"))
    first, second = planned.outcomes
    assert (first.status, first.status_on, first.status_details) == (
        "dissolved",
        date(2023, 3, 15),
        {
            "decision_no": "12/QĐ-UBND",
            "decision_on": date(2023, 3, 15),
            "dissolution_kind": DissolutionKind.VOLUNTARY,
            "reason": "Tự nguyện",
        },
    )
    assert "status_from_decision" in first.issues
    assert (second.status, second.status_details) == (None, None)
    assert "status_in_title" in second.issues
    commit(session, planned)
    dissolved = event("5900223456")
    assert (
        dissolved.status,
        dissolved.effective_on,
        dissolved.decision_no,
        dissolved.dissolution_kind,
        dissolved.reason,
    ) == (
        "dissolved",
        date(2023, 3, 15),
        "12/QĐ-UBND",
        DissolutionKind.VOLUNTARY,
        "Tự nguyện (Nhập từ tệp b.xlsx, dòng 3)",
    )


def test_a_lists_notes_are_kept_as_the_organisations_remarks(session, tmp_path):
    """``Ghi chú``: read for the status, tax code or certificate in it, then dropped (the
    preview said the column was read); now kept as the organisation's remarks, and a later
    list's other notes are an update."""
    from sqlmodel import select

    from importers.run import commit, plan
    from registry.models import Organisation
    from tests.importers.conftest import workbook

    header = ["STT", "Tên HTX", "Mã số thuế", "Xã", "Ghi chú"]
    remark = "Giám đốc: Nguyễn Văn Bảy, ĐT: 0905111222"
    rows = [header, [1, "HTX DV NN Hà Bầu", "5900345679", "Hà Bầu", f"  {remark}\n"]]
    commit(session, plan(session, workbook(tmp_path, rows, "a.xlsx")))
    org = session.exec(select(Organisation).where(Organisation.tax_code == "5900345679")).one()
    assert org.notes == remark
    rows[1][-1] = "Đã đổi giám đốc"
    (outcome,) = plan(session, workbook(tmp_path, rows, "b.xlsx")).outcomes
    assert (outcome.action, outcome.changes) == ("update", {"notes": [remark, "Đã đổi giám đốc"]})


def test_a_commune_with_a_namesake_in_another_district_takes_the_lists_district(session, tmp_path):
    """``Ayun`` is a commune of Chư Sê and one of Mang Yang: in a list whose other rows are all
    in Chư Sê, a row naming only ``Ayun`` is Chư Sê's, flagged (it was rejected, its place
    unknown); in a list of both districts it stays unknown."""
    from importers.run import plan
    from registry.models import AdminUnit
    from tests.importers.conftest import workbook

    header = ["STT", "Tên HTX", "Xã"]
    rows = [header, [1, "HTX NN Ia Blang", "Ia Blang"], [2, "THT Nông nghiệp Ayun", "Ayun"]]
    first, ayun = plan(session, workbook(tmp_path, rows, "a.xlsx")).outcomes
    placed = session.get(AdminUnit, ayun.values["legacy_unit_id"])
    assert (ayun.action, ayun.issues) == ("new", ["district_from_list"])
    assert placed.parent_id == session.get(AdminUnit, first.values["legacy_unit_id"]).parent_id
    rows.append([3, "HTX NN Kon Thụp", "Kon Thụp"])  # Mang Yang
    outcomes = plan(session, workbook(tmp_path, rows, "b.xlsx")).outcomes
    assert outcomes[1].action == "rejected"
    assert "commune_unknown" in outcomes[1].issues


def test_a_list_of_the_former_binh_dinh_places_its_rows(session, tmp_path):
    """Bình Định is Gia Lai's since 1/7/2025: its lists from before name its districts and
    communes, which the registry did not know (every row was rejected, its place unknown).
    A list since, naming a cooperative's place before the change (``TT Tuy Phước, H. Tuy
    Phước``), is not flagged for an unknown district any more."""
    from importers.run import plan
    from registry.models import AdminUnit
    from tests.importers.conftest import workbook

    rows = [
        ["STT", "Tên HTX", "Huyện", "Xã", "Năm thành lập"],
        [1, "HTX NN Phước Thuận", "Tuy Phước", "Phước Thuận", 1997],
        [2, "HTX NN Cát Hanh", "H. Phù Cát", "xã Cát Hanh", 1998],
        [3, "HTX NN Hoài Hảo", "TX Hoài Nhơn", "Hoài Hảo", 1997],
    ]
    outcomes = plan(session, workbook(tmp_path, rows, "a.xlsx")).outcomes
    assert [(o.action, o.issues) for o in outcomes] == [("new", [])] * 3
    places = [
        (session.get(AdminUnit, o.values["legacy_unit_id"]).name, o.values["unit_id"])
        for o in outcomes
    ]
    assert [name for name, _ in places] == ["Xã Phước Thuận", "Xã Cát Hanh", "Phường Hoài Hảo"]
    assert [session.get(AdminUnit, unit).name for _, unit in places] == [
        "Xã Tuy Phước",
        "Xã Hòa Hội",
        "Phường Hoài Nhơn Tây",
    ]
    since = [
        ["TT", "Tên hợp tác xã", "Xã, phường (mới)", "Địa bàn cũ (xã, huyện)"],
        [1, "HTX NN DV Tuy Phước", "Xã Tuy Phước", "TT Tuy Phước, H. Tuy Phước"],
        [2, "HTX Thủy sản Nhơn Châu", "xã Nhơn Châu", "xã Nhơn Châu, TP Quy Nhơn"],
    ]
    outcomes = plan(session, workbook(tmp_path, since, "b.xlsx")).outcomes
    assert [(o.action, o.issues) for o in outcomes] == [("new", [])] * 2


def test_a_commune_with_a_namesake_in_the_other_former_province_takes_the_lists(session, tmp_path):
    """``Nhơn Hòa`` is a township of Chư Pưh (Gia Lai) and a ward of An Nhơn (Bình Định): in a
    list of several Gia Lai districts, a row naming only ``Nhơn Hòa`` is Chư Pưh's, flagged;
    in a list of both former provinces it stays unknown."""
    from importers.run import plan
    from registry.models import AdminUnit
    from tests.importers.conftest import workbook

    header = ["STT", "Tên HTX", "Xã"]
    rows = [
        header,
        [1, "HTX NN Ia Blang", "Ia Blang"],  # Chư Sê
        [2, "HTX NN Kon Thụp", "Kon Thụp"],  # Mang Yang
        [3, "HTX NN Nhơn Hòa", "Nhơn Hòa"],
    ]
    *_, outcome = plan(session, workbook(tmp_path, rows, "a.xlsx")).outcomes
    assert (outcome.action, outcome.issues) == ("new", ["district_from_list"])
    township = session.get(AdminUnit, outcome.values["legacy_unit_id"])
    assert (township.name, session.get(AdminUnit, township.parent_id).name) == (
        "Thị trấn Nhơn Hòa",
        "Huyện Chư Pưh",
    )
    rows.append([4, "HTX NN Phước Thuận", "Phước Thuận"])  # Tuy Phước, Bình Định
    outcome = plan(session, workbook(tmp_path, rows, "b.xlsx")).outcomes[2]
    assert outcome.action == "rejected"
    assert "commune_unknown" in outcome.issues


def test_a_list_of_all_and_official_members_and_a_founding_decision(session, tmp_path):
    """``Tổng số TV`` beside ``Số TV chính thức``: both kept as the year's figures (the file was
    refused: two columns of members); ``Số QĐ thành lập`` is no founding date (every row was
    refused: "123/QĐ-UBND" is not a date)."""
    from importers.run import plan
    from tests.importers.conftest import workbook

    header = ["STT", "Tên HTX", "Xã", "Tổng số TV", "Số TV chính thức", "Số QĐ thành lập"]
    rows = [header, [1, "HTX NN Ia Blang", "Ia Blang", 25, 20, "123/QĐ-UBND"]]
    (outcome,) = plan(session, workbook(tmp_path, rows)).outcomes
    assert outcome.action == "new"
    assert (outcome.record["members_total"], outcome.record["members_official"]) == (25, 20)
    assert outcome.values["founded_on"] is None


def test_a_list_of_the_change_names_the_commune_before_and_since(session, tmp_path):
    """``Xã (cũ)`` beside ``Xã, phường mới (sau sắp xếp)``: the file was refused (two columns
    read as the commune). The commune before places the row before 1/7/2025, the one since
    since — that one as the file says, even where a commune before was divided (Canh Liên:
    mostly Canh Liên since, partly Canh Vinh)."""
    from importers.run import plan
    from registry.models import AdminUnit
    from tests.importers.conftest import workbook

    rows = [
        ["STT", "Tên HTX", "Huyện (cũ)", "Xã (cũ)", "Xã, phường mới (sau sắp xếp)"],
        [1, "HTX NN Ia Blang", "Chư Sê", "Ia Blang", "Xã Chư Sê"],
        [2, "HTX DV NN Ia Băng", "Đak Đoa", "Ia Băng", "Xã Ia Băng"],
        [3, "HTX NN Canh Liên", "Vân Canh", "Canh Liên", "Xã Canh Vinh"],
    ]
    outcomes = plan(session, workbook(tmp_path, rows)).outcomes
    assert [(o.action, o.issues) for o in outcomes] == [("new", [])] * 3
    units = [
        (
            session.get(AdminUnit, o.values["legacy_unit_id"]),
            session.get(AdminUnit, o.values["unit_id"]),
        )
        for o in outcomes
    ]
    assert [(before.name, since.name) for before, since in units] == [
        ("Xã Ia Blang", "Xã Chư Sê"),
        ("Xã Ia Băng", "Xã Ia Băng"),
        ("Xã Canh Liên", "Xã Canh Vinh"),
    ]


def test_a_list_since_2025_finds_its_organisations_again_and_an_older_list_finds_them(
    session, tmp_path
):
    """Rows placed by their commune since 1/7/2025 alone (no tax code) matched nothing: the
    same list imported twice made each cooperative twice, and its annual figures a new
    organisation. Now the commune since finds them, and a list from before finds them by
    the commune they were in then."""
    from importers.run import commit, plan
    from tests.importers.conftest import workbook

    since = [
        ["STT", "Tên HTX", "Xã, phường (mới)"],
        [1, "HTX NN Hòa Bình Mới", "Xã Ia Băng"],
        [2, "HTX DV Quy Nhơn Nam", "Phường Quy Nhơn Nam"],
    ]
    first = plan(session, workbook(tmp_path, since, "moi.xlsx"))
    assert [o.action for o in first.outcomes] == ["new", "new"]
    commit(session, first)
    again = plan(session, workbook(tmp_path, since, "moi-lai.xlsx"))
    assert [o.action for o in again.outcomes] == ["unchanged", "unchanged"]
    figures = [["STT", "Tên HTX", "Xã, phường (mới)", "Doanh thu năm 2025 (đồng)"]]
    figures.append([1, "HTX NN Hòa Bình Mới", "Xã Ia Băng", "1.000.000"])
    (row,) = plan(session, workbook(tmp_path, figures, "so-lieu.xlsx")).outcomes
    assert (row.action, row.issues) == ("new", [])  # the year's figures, not an organisation
    before = [["STT", "Tên HTX", "Huyện", "Xã"], [1, "HTX NN Hòa Bình Mới", "Đak Đoa", "Ia Băng"]]
    (old,) = plan(session, workbook(tmp_path, before, "cu.xlsx")).outcomes
    assert old.action == "update" and old.organisation_id == again.outcomes[0].organisation_id


def test_a_certificate_column_gives_its_number_its_day_and_a_tax_code_said_so(session, tmp_path):
    """``Số GCN ĐKHTX, ngày cấp``: ``Số: 39.07.000123, cấp ngày 12/5/2010`` glued the date's
    digits to the number (``39070001231252010``); a group's contract (``số 05/CT-UBND ngày
    3/4/2019``) became ``05342019``; ``5900888999 (MST)`` is the tax code, not an old
    certificate."""
    from datetime import date

    from importers.run import plan
    from tests.importers.conftest import workbook

    rows = [
        ["STT", "Tên HTX/THT", "Số GCN ĐKHTX, ngày cấp", "Xã", "Huyện"],
        [1, "HTX NN DV Tân An", "Số: 39.07.000123, cấp ngày 12/5/2010", "Tân An", "Đak Pơ"],
        [2, "THT trồng rau Yang Bắc", "Hợp đồng số 05/CT-UBND ngày 3/4/2019", "Yang Bắc", "Đak Pơ"],
        [3, "HTX DV tổng hợp Đak Pơ", "5900888999 (MST)", "Đak Pơ", "Đak Pơ"],
    ]
    outcomes = plan(session, workbook(tmp_path, rows)).outcomes
    assert [
        (o.values["legacy_certificate_no"], o.values["legacy_certificate_on"], o.values["tax_code"])
        for o in outcomes
    ] == [
        ("3907000123", date(2010, 5, 12), None),
        ("05/CT-UBND", date(2019, 4, 3), None),
        (None, None, "5900888999"),
    ]


def test_communes_numbered_under_their_districts_head_their_rows(session, tmp_path):
    """``I | HUYỆN CHƯ PĂH``, then ``1 | Xã Ia Nhin`` with its cooperatives ``1.1``, ``1.2``:
    the numbered commune was imported as an organisation called ``Xã Ia Nhin``; it heads its
    rows, which are in that commune of that district."""
    from importers.run import plan
    from registry.models import AdminUnit
    from tests.importers.conftest import workbook

    rows = [
        ["STT", "Tên HTX", "Địa chỉ", "Số TV"],
        ["I", "HUYỆN CHƯ PĂH", "", ""],
        ["1", "Xã Ia Nhin", "", ""],
        ["1.1", "HTX Thử Một", "Thôn 1", 10],
        ["2", "Thị trấn Phú Hòa", "", ""],
        ["2.1", "HTX Thử Ba", "Tổ 3", 8],
    ]
    preview = plan(session, workbook(tmp_path, rows))
    assert [o.name for o in preview.outcomes] == ["Hợp tác xã Thử Một", "Hợp tác xã Thử Ba"]
    units = [session.get(AdminUnit, o.values["legacy_unit_id"]) for o in preview.outcomes]
    assert [(u.name, session.get(AdminUnit, u.parent_id).name) for u in units] == [
        ("Xã Ia Nhin", "Huyện Chư Păh"),
        ("Thị trấn Phú Hòa", "Huyện Chư Păh"),
    ]
    assert [(a["row"], a["kind"]) for a in preview.set_aside] == [
        (2, "group"),
        (3, "group"),
        (5, "group"),
    ]
