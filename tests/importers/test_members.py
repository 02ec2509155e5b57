"""Member rows of members.csv, valid and invalid as EXPECTED.json says."""

import pytest
import xlsxwriter
from sqlmodel import select

from importers.members import clean_table, cooperative_from_title
from importers.readers import read_any
from importers.results import UNKNOWN_COOPERATIVE
from importers.run import commit, plan
from importers.tables import find_tables
from importers.values import iso_partial
from importers.vocabulary import member_type, person_kind
from registry.enums import MemberType, PersonKind
from registry.models import ImportChange, Membership, Organisation
from registry.scope import Scope
from registry.services.batches import undo_batch
from tests.importers.conftest import coded, cp1258, workbook

#: EXPECTED.json's names for the member types.
NAMES = {
    MemberType.OFFICIAL: "official",
    MemberType.ASSOCIATE_CONTRIBUTING: "associate_contributing",
    MemberType.ASSOCIATE: "associate_non_contributing",
}


EVERYWHERE = Scope.everything()


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
    path = workbook(tmp_path, rows, "tv.xlsx", sheet="TV")
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


@pytest.mark.parametrize(
    ("title", "found"),
    [
        (
            ["DANH SÁCH THÀNH VIÊN HTX NN DV ĐOÀN KẾT", "Mã số HTX: 5900 000 002"],
            ("5900000002", "HTX NN DV ĐOÀN KẾT"),
        ),
        (["DANH SÁCH THÀNH VIÊN HTX NN Tâm An - MST: 5900000003"], ("5900000003", "HTX NN Tâm An")),
        (["DANH SÁCH THÀNH VIÊN HỢP TÁC XÃ", "(Tính đến ngày 31/12/2023)"], (None, None)),
        ([], (None, None)),
    ],
)
def test_the_cooperative_a_title_names(title, found):
    assert cooperative_from_title(title) == found


def _one_sheet_per_cooperative(path, sheets):
    book = xlsxwriter.Workbook(str(path))
    for name, title, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, line in enumerate(title):
            sheet.write(r, 0, line)
        sheet.write_row(3, 0, ["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Vốn góp (đồng)"])
        for r, row in enumerate(rows, start=4):
            sheet.write_row(r, 0, row)
    book.close()
    return path


def test_a_workbook_of_one_sheet_per_cooperative(registry_of_lists, tmp_path):
    """Every sheet is imported, each under the cooperative its title names (by tax code or by
    a name no other organisation has); the sheet is kept beside the row of each record."""
    session = registry_of_lists
    coops = session.exec(
        select(Organisation).where(Organisation.tax_code.is_not(None)).order_by(Organisation.id)
    ).all()
    by_code, by_name = (
        coops[0],
        next(o for o in coops[1:] if sum(1 for p in coops if p.name == o.name) == 1),
    )
    path = _one_sheet_per_cooperative(
        tmp_path / "tv.xlsx",
        [
            (
                "HTX 1",
                [f"DANH SÁCH THÀNH VIÊN {by_code.name.upper()}", f"Mã số HTX: {by_code.tax_code}"],
                [
                    [1, "Phạm Văn Nam", 1970, "064070001111", 2_000_000],
                    [2, "Đinh Văn Ba", 1990, "", 1_000_000],
                ],
            ),
            (
                "HTX 2",
                [f"DANH SÁCH THÀNH VIÊN {by_name.name}"],
                [
                    [1, "Lê Thị Bình", 1982, "064182002222", 3_000_000],
                    [2, "Đinh Văn Ba", 1990, "", 1_000_000],  # same row, no ID: another person
                ],
            ),
        ],
    )
    preview = plan(session, path)
    assert preview.sheet == "HTX 1, HTX 2"
    assert [(o.sheet, o.row, o.action) for o in preview.outcomes] == [
        ("HTX 1", 5, "new"),
        ("HTX 1", 6, "new"),
        ("HTX 2", 5, "new"),
        ("HTX 2", 6, "new"),
    ], [o.reasons for o in preview.outcomes]
    assert [o.organisation_id for o in preview.outcomes] == [by_code.id] * 2 + [by_name.id] * 2
    before = _members(session)
    batch = commit(session, preview)
    changes = session.exec(
        select(ImportChange.table_name, ImportChange.sheet, ImportChange.row).where(
            ImportChange.batch_id == batch.id
        )
    ).all()
    assert sorted(changes) == sorted(
        (table, sheet, row)
        for table in ("contribution", "membership", "person")
        for sheet in ("HTX 1", "HTX 2")
        for row in (5, 6)
    )
    assert plan(session, path).counts() == {"unchanged": 4}
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert _members(session) == before


def test_the_same_id_twice_in_one_cooperative_across_sheets_is_rejected(
    registry_of_lists, tmp_path
):
    coop = registry_of_lists.exec(
        select(Organisation).where(Organisation.tax_code.is_not(None))
    ).first()
    title = [f"Mã số HTX: {coop.tax_code}"]
    row = [1, "Phạm Văn Nam", 1970, "064070001111", 0]
    path = _one_sheet_per_cooperative(
        tmp_path / "tv.xlsx", [("A", title, [row]), ("B", title, [row])]
    )
    first, second = plan(registry_of_lists, path).outcomes
    assert first.action == "new"
    assert second.action == "rejected"
    assert "đã có ở dòng 5 trang «A»" in second.reasons[0]


def test_a_name_several_organisations_bear_asks_for_the_tax_code(registry_of_lists, tmp_path):
    name = "Hợp tác xã Nông nghiệp Dịch vụ Đồng Tâm"  # two in the samples, in two districts
    path = _one_sheet_per_cooperative(
        tmp_path / "tv.xlsx",
        [("TV", [f"DANH SÁCH THÀNH VIÊN {name}"], [[1, "A Nam", 1970, "", 0]])],
    )
    (outcome,) = plan(registry_of_lists, path).outcomes
    assert outcome.action == "rejected"
    assert outcome.reasons == [
        f"2 tổ chức cùng tên «{name}»: hãy ghi mã số thuế của hợp tác xã để biết là tổ chức nào."
    ]


def _members(session) -> list[tuple]:
    return session.exec(
        select(Membership.person_id, Membership.organisation_id).order_by(Membership.id)
    ).all()


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("CT", MemberType.OFFICIAL),
        ("Thành viên sáng lập", MemberType.OFFICIAL),
        ("Thành viên", MemberType.OFFICIAL),  # before the 2023 law, every member
        ("LK", MemberType.ASSOCIATE),
        ("LK góp vốn", MemberType.ASSOCIATE_CONTRIBUTING),
        ("Xã viên", MemberType.OFFICIAL),  # the word of the laws before 2012
        ("Hộ thành viên", MemberType.OFFICIAL),
    ],
)
def test_member_type_codes_and_words(raw, kind):
    assert member_type(raw) is kind


@pytest.mark.parametrize(
    ("raw", "kind"),
    [("HGĐ", PersonKind.HOUSEHOLD), ("CN", PersonKind.INDIVIDUAL), ("PN", PersonKind.LEGAL_ENTITY)],
)
def test_person_kind_codes(raw, kind):
    assert person_kind(raw) is kind


def test_two_member_tables_on_one_sheet_each_under_its_titled_cooperative(
    registry_of_lists, tmp_path
):
    coops = registry_of_lists.exec(
        select(Organisation).where(Organisation.tax_code.is_not(None)).order_by(Organisation.id)
    ).all()[:2]
    path = tmp_path / "tv.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("TV")
    r = 0
    for n, coop in enumerate(coops):
        sheet.write(r, 0, f"DANH SÁCH THÀNH VIÊN {coop.name.upper()}")
        sheet.write(r + 1, 0, f"Mã số HTX: {coop.tax_code}")
        sheet.write_row(r + 3, 0, ["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Vốn góp"])
        sheet.write_row(r + 4, 0, [1, f"Người {n}", 1970, f"06407000{n}111", 1_000_000])
        sheet.write(r + 5, 1, "Người lập biểu")
        r += 7
    book.close()
    outcomes = plan(registry_of_lists, path).outcomes
    assert [(o.row, o.action, o.organisation_id) for o in outcomes] == [
        (5, "new", coops[0].id),
        (12, "new", coops[1].id),
    ]


def test_a_workbook_of_a_sheet_per_cooperative_named_by_the_sheet(registry_of_lists, tmp_path):
    """Sheets named after their cooperatives (``HTX …``), titled only ``DANH SÁCH THÀNH
    VIÊN``: each sheet's members are its cooperative's (every row was refused, the
    cooperative unknown, and the second sheet's for IDs "already on the first for the same
    cooperative"), or by its own words alone (``Tam An``), flagged. A sheet naming none
    leaves its rows refused for that alone."""
    from collections import Counter

    names = Counter(registry_of_lists.scalars(select(Organisation.name)))
    coop = next(
        o
        for o in registry_of_lists.scalars(select(Organisation).order_by(Organisation.id))
        if names[o.name] == 1 and len(o.name) <= 31
    )
    path = tmp_path / "tv.xlsx"
    book = xlsxwriter.Workbook(str(path))
    own = registry_of_lists.scalars(  # named by its own words alone: "Tâm An"
        select(Organisation).where(Organisation.name == "Hợp tác xã Nông nghiệp Tâm An")
    ).one()
    for k, sheet_name in enumerate((coop.name, "Danh sách 2", "Tam An", "Sheet3")):
        sheet = book.add_worksheet(sheet_name)
        sheet.write(0, 0, "DANH SÁCH THÀNH VIÊN")
        sheet.write_row(1, 0, ["STT", "Họ và tên", "Năm sinh", "Số CCCD"])
        sheet.write_row(2, 0, [1, "Nguyễn Văn An", 1970, f"06407000021{k}"])
    book.close()
    outcomes = plan(registry_of_lists, path).outcomes
    assert [(o.sheet, o.action, o.organisation_id) for o in outcomes] == [
        (coop.name, "new", coop.id),
        ("Danh sách 2", "rejected", None),
        ("Tam An", "new", own.id),
        ("Sheet3", "rejected", None),
    ]
    assert [str(r) for r in outcomes[1].reasons] == [str(UNKNOWN_COOPERATIVE)]
    assert outcomes[2].issues == ["cooperative_by_own_words"]


def test_a_cooperative_named_without_its_sector_words_is_found_and_flagged(
    registry_of_lists, tmp_path
):
    rows = [
        ["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Tên HTX"],
        [1, "Nguyễn Văn Một", 1970, "064070000001", "HTX Tâm An"],
    ]
    path = workbook(tmp_path, rows, "tv.xlsx", sheet="TV")
    (outcome,) = plan(registry_of_lists, path).outcomes
    assert outcome.action == "new", outcome.reasons
    org = registry_of_lists.get(Organisation, outcome.organisation_id)
    assert org.name == "Hợp tác xã Nông nghiệp Tâm An"
    assert outcome.issues == ["cooperative_by_own_words"]


def test_birth_years_split_by_sex_and_where_members_live(registry_of_lists, tmp_path):
    """``Năm sinh`` merged over ``Nam`` | ``Nữ``, the year in the column of the person's sex,
    is one birth year, not two columns read as the same field (the file was refused); a year
    in both columns, differing, is rejected naming the women's column. The address and phone
    the file gives are kept on the person (they were dropped)."""
    from registry.models import Person

    session = registry_of_lists
    coop = session.exec(select(Organisation).where(Organisation.tax_code.is_not(None))).first()
    path = tmp_path / "tv.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [f"DANH SÁCH THÀNH VIÊN - Mã số HTX: {coop.tax_code}"])
    for column, title in enumerate(["TT", "Họ và tên"]):
        sheet.merge_range(2, column, 3, column, title)
    sheet.merge_range(2, 2, 2, 3, "Năm sinh")
    sheet.write_row(3, 2, ["Nam", "Nữ"])
    for column, title in enumerate(["Thôn, làng", "Xã", "Điện thoại"], start=4):
        sheet.merge_range(2, column, 3, column, title)
    members = [
        [1, "Nguyễn Văn An", 1970, "", "Thôn 1", "Ia Nhin", "0905 111 222"],
        [2, "Trần Thị Bình", "", 1975, "", "Ia Nhin", ""],
        [3, "Lê Thị Cúc", 1980, 1981, "Thôn 3", "Ia Nhin", ""],
    ]
    for r, row in enumerate(members, start=4):
        sheet.write_row(r, 0, row)
    book.close()
    preview = plan(session, path)
    assert [m["field"] for m in preview.mapping][2:4] == ["birth_date", "birth_date_female"]
    an, binh, cuc = preview.outcomes
    assert (an.action, binh.action, cuc.action) == ("new", "new", "rejected")
    assert (an.values["birth_year"], binh.values["birth_year"]) == (1970, 1975)
    assert "cả cột Nam và cột Nữ" in cuc.reasons[0] and "cột D" in cuc.reasons[0]
    commit(session, preview)
    persons = {
        p.full_name: (p.birth_year, p.address, p.phone)
        for p in session.exec(
            select(Person).where(Person.full_name.in_(["Nguyễn Văn An", "Trần Thị Bình"]))
        )
    }
    assert persons == {
        "Nguyễn Văn An": (1970, "Thôn 1, Ia Nhin", "0905111222"),
        "Trần Thị Bình": (1975, "Ia Nhin", None),
    }


def _two_level_list(path, coop, titles: dict, members: list) -> None:
    """A member list whose ``titles`` (a title → the titles under it, or none) take two
    header rows, as district forms lay them out."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [f"DANH SÁCH THÀNH VIÊN - Mã số HTX: {coop.tax_code}"])
    column = 0
    for title, under in titles.items():
        if len(under) > 1:
            sheet.merge_range(2, column, 2, column + len(under) - 1, title)
        elif under:
            sheet.write(2, column, title)
        else:
            sheet.merge_range(2, column, 3, column, title)
        sheet.write_row(3, column, under)
        column += len(under) or 1
    for r, row in enumerate(members, start=4):
        sheet.write_row(r, 0, row)
    book.close()


def test_a_contribution_pledged_and_paid_and_member_types_by_marks(registry_of_lists, tmp_path):
    """``Vốn góp`` over ``Đăng ký`` | ``Thực góp``, and ``Loại thành viên`` over ``Chính
    thức`` | ``Liên kết`` holding marks: the file was refused (two columns each read as the
    contribution and as the member type). What was paid is the contribution; the marks give
    the type. A list giving only what was pledged is read as before, the pledge as paid."""
    session = registry_of_lists
    coop = coded(session)
    titles = {
        "TT": (),
        "Họ và tên": (),
        "Số CCCD": (),
        "Vốn góp (đồng)": ("Đăng ký", "Thực góp"),
        "Loại thành viên": ("Chính thức", "Liên kết"),
    }
    members = [
        [1, "Nguyễn Văn An", "064091000041", "10.000.000", "10.000.000", "x", ""],
        [2, "Trần Thị Bình", "064091000042", "5.000.000", "3.000.000", "x", ""],
        [3, "Ksor Bưk", "064091000043", "", "", "", "x"],
    ]
    _two_level_list(tmp_path / "tv.xlsx", coop, titles, members)
    preview = plan(session, tmp_path / "tv.xlsx")
    assert preview.counts() == {"new": 3}, [o.reasons for o in preview.outcomes]
    assert [(o.values["capital_vnd"], o.values["member_type"]) for o in preview.outcomes] == [
        (10_000_000, MemberType.OFFICIAL),
        (3_000_000, MemberType.OFFICIAL),
        (None, MemberType.ASSOCIATE),
    ]
    titles["Vốn góp (đồng)"] = ("Đăng ký",)
    _two_level_list(tmp_path / "dk.xlsx", coop, titles, [[*m[:4], *m[5:]] for m in members])
    preview = plan(session, tmp_path / "dk.xlsx")
    assert [o.values["capital_vnd"] for o in preview.outcomes] == [10_000_000, 5_000_000, None]


def test_member_types_by_marks_without_a_title_over_them(registry_of_lists, tmp_path):
    """``Thành viên chính thức`` | ``Thành viên liên kết`` marked, with no ``Loại thành
    viên`` over them, were not read (every associate counted an official member, on whose
    number a ground for dissolution rests); ``Hộ khẩu thường trú`` is the address, ``Mã HTX``
    the cooperative's tax code (neither was read)."""
    coop = coded(registry_of_lists)
    header = ["STT", "Họ và tên", "Số CCCD", "Mã HTX", "Hộ khẩu thường trú"]
    header += ["Thành viên chính thức", "Thành viên liên kết"]
    rows = [
        [1, "Nguyễn Văn An", "064091000061", coop.tax_code, "Thôn 1, Ia Nhin", "x", ""],
        [2, "Ksor Bưk", "064091000062", coop.tax_code, "Làng Bông", "", "x"],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, [header, *rows])).outcomes
    assert [
        (o.organisation_id, o.values["member_type"], o.values["address"]) for o in outcomes
    ] == [
        (coop.id, MemberType.OFFICIAL, "Thôn 1, Ia Nhin"),
        (coop.id, MemberType.ASSOCIATE, "Làng Bông"),
    ]


def test_a_date_in_a_column_per_part(registry_of_lists, tmp_path):
    """``Ngày tháng năm sinh`` over ``Ngày`` | ``Tháng`` | ``Năm``, ``Ngày vào HTX`` over
    ``Tháng`` | ``Năm``: one date each (the file was refused: several columns of the date)."""
    coop = coded(registry_of_lists)
    titles = {"TT": (), "Họ và tên": (), "Số CCCD": ()}
    titles |= {"Ngày tháng năm sinh": ("Ngày", "Tháng", "Năm"), "Ngày vào HTX": ("Tháng", "Năm")}
    members = [[1, "Nguyễn Văn An", "064091000071", 12, 5, 1980, 3, 2015]]
    _two_level_list(tmp_path / "tv.xlsx", coop, titles, members)
    (outcome,) = plan(registry_of_lists, tmp_path / "tv.xlsx").outcomes
    assert outcome.action == "new", outcome.reasons
    assert (outcome.values["birth_year"], iso_partial(outcome.values["joined"])) == (
        1980,
        "2015-03",
    )


def test_a_contribution_in_cash_and_in_kind(registry_of_lists, tmp_path):
    """``Vốn góp`` over ``Tổng số`` | ``Bằng tiền`` | ``Bằng tài sản``: the total; over the
    two parts alone, their sum (the file was refused: several columns of the contribution).
    A part that cannot be read rejects its row, naming its own column."""
    session = registry_of_lists
    coop = coded(session)
    members = [
        [1, "Nguyễn Văn An", "064091000051", 15_000_000, 10_000_000, 5_000_000],
        [2, "Trần Thị Bình", "064091000052", 3_000_000, 3_000_000, ""],
        [3, "Lê Văn Cường", "064091000053", 1_000_000, 1_000_000, "một con bò"],
    ]
    titles = {"TT": (), "Họ và tên": (), "Số CCCD": ()}
    parts = ("Tổng số", "Bằng tiền", "Bằng tài sản")
    _two_level_list(tmp_path / "tv.xlsx", coop, titles | {"Vốn góp (đồng)": parts}, members)
    preview = plan(session, tmp_path / "tv.xlsx")
    assert [o.values["capital_vnd"] for o in preview.outcomes] == [15_000_000, 3_000_000, 1_000_000]
    parts = parts[1:]
    rows = [m[:3] + m[4:] for m in members]
    _two_level_list(tmp_path / "tv2.xlsx", coop, titles | {"Vốn góp (đồng)": parts}, rows)
    preview = plan(session, tmp_path / "tv2.xlsx")
    assert [o.values.get("capital_vnd") for o in preview.outcomes[:2]] == [15_000_000, 3_000_000]
    assert preview.outcomes[2].action == "rejected"
    assert "cột E" in preview.outcomes[2].reasons[0]


def test_a_name_in_two_columns_is_one_name(registry_of_lists, tmp_path):
    """``Họ và tên đệm`` | ``Tên``, or ``Họ và tên`` merged over both columns, the second
    untitled: the given name was dropped (every ``Nguyễn Văn`` one person). ``Tên`` alone is
    the whole name; an untitled column of sexes beside the name is no part of it."""
    coop = coded(registry_of_lists)
    people = [["Nguyễn Văn", "An"], ["Trần Thị", "Bình"], ["Rơ Châm", "H'Lan"]]

    def names(titles, rows):
        path = tmp_path / "tv.xlsx"
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet()
        sheet.write(0, 0, f"DANH SÁCH THÀNH VIÊN - Mã số HTX: {coop.tax_code}")
        if titles is None:  # "Họ và tên" merged over the name's two columns
            sheet.write(2, 0, "STT")
            sheet.merge_range(2, 1, 2, 2, "Họ và tên")
            sheet.write(2, 3, "Số CCCD")
        else:
            sheet.write_row(2, 0, titles)
        for k, row in enumerate(rows):
            sheet.write_row(3 + k, 0, [k + 1, *row, f"06407000080{k}"])
        book.close()
        return [o.values["full_name"] for o in plan(registry_of_lists, path).outcomes]

    whole = ["Nguyễn Văn An", "Trần Thị Bình", "Rơ Châm H'Lan"]
    assert names(["STT", "Họ và tên đệm", "Tên", "Số CCCD"], people) == whole
    assert names(None, people) == whole
    assert names(["STT", "Tên", "Số CCCD"], [[n] for n in whole]) == whole
    sexes = [[n, sex] for n, sex in zip(whole, ["Nam", "Nữ", "Nữ"], strict=True)]
    assert names(None, sexes) == whole


def test_a_hidden_sheet_is_not_read_unless_asked_for(registry_of_lists, tmp_path):
    """A hidden sheet (an old copy of the list, a lookup table) is not seen by whoever checked
    the workbook: it is left out, and said so, unless it is the sheet asked for."""
    coop = registry_of_lists.exec(
        select(Organisation).where(Organisation.tax_code.is_not(None))
    ).first()
    title = [f"Mã số HTX: {coop.tax_code}"]
    path = tmp_path / "tv.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name, rows in (
        ("DS", [[1, "Phạm Văn Nam", 1970, "064070001111", 0]]),
        ("Cũ", [[1, "Lê Văn Cũ", 1960, "064060009999", 0]]),
    ):
        sheet = book.add_worksheet(name)
        sheet.write(0, 0, title[0])
        sheet.write_row(3, 0, ["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Vốn góp (đồng)"])
        for r, row in enumerate(rows, start=4):
            sheet.write_row(r, 0, row)
    sheet.hide()
    book.close()
    preview = plan(registry_of_lists, path)
    assert [o.name for o in preview.outcomes] == ["Phạm Văn Nam"]
    assert {"sheet": "Cũ", "row": None, "kind": "hidden_sheet", "text": ""} in preview.set_aside
    asked = plan(registry_of_lists, path, sheet="Cũ")
    assert [o.name for o in asked.outcomes] == ["Lê Văn Cũ"]


def test_a_cooperative_named_by_signs_alone_is_a_row_refusal(registry_of_lists, tmp_path):
    rows = [["Họ và tên", "Tên HTX", "Số CCCD"]]
    rows += [["Nguyễn Văn A", name, f"0641900000{n:02d}"] for n, name in enumerate("…-!")]
    result = plan(registry_of_lists, workbook(tmp_path, rows))
    assert result.counts() == {"rejected": 3}


def test_members_who_left_are_recorded_as_past_members_and_a_later_list_lets_one_leave(
    registry_of_lists, tmp_path
):
    """``Ngày ra khỏi HTX``: a member who left is a past member, never counted after that day
    (the member count is a ground for dissolution); a departure before the joining is refused;
    a later list dating the departure of a member on the register is an update of their
    membership, and undo puts it back."""
    from datetime import date

    coop = coded(registry_of_lists)
    header = ["STT", "Họ và tên", "Số CCCD", "Mã số thuế HTX", "Ngày gia nhập", "Ngày ra khỏi HTX"]
    code = coop.tax_code
    first = workbook(
        tmp_path,
        [
            header,
            [1, "Rơ Mah Hlim", "064091000001", code, "01/03/2015", ""],
            [2, "Siu Hyưk", "064091000002", code, "2016", "15/06/2020"],
            [3, "Ksor Nhin", "064091000003", code, "01/01/2019", "2018"],
        ],
        "tv-2020.xlsx",
    )
    planned = plan(registry_of_lists, first)
    assert [o.action for o in planned.outcomes] == ["new", "new", "rejected"]
    assert planned.outcomes[2].reasons == ["Ngày ra khỏi HTX phải sau ngày gia nhập."]
    commit(registry_of_lists, planned)
    left = dict(
        registry_of_lists.exec(
            select(Membership.person_id, Membership.left_on).where(
                Membership.organisation_id == coop.id
            )
        ).all()
    )
    assert sorted(left.values(), key=str) == [date(2020, 6, 15), None]

    later = workbook(
        tmp_path,
        [header, [1, "Rơ Mah Hlim", "064091000001", code, "01/03/2015", "31/12/2023"]],
        "tv-2024.xlsx",
    )
    again = plan(registry_of_lists, later)
    (outcome,) = again.outcomes
    assert (outcome.action, outcome.changes) == ("update", {"left_on": [None, "2023-12-31"]})
    batch = commit(registry_of_lists, again)
    membership = registry_of_lists.exec(
        select(Membership).where(Membership.organisation_id == coop.id).order_by(Membership.id)
    ).first()
    assert membership.left_on == date(2023, 12, 31)
    undo_batch(session=registry_of_lists, batch=batch, scope=EVERYWHERE)
    registry_of_lists.refresh(membership)
    assert membership.left_on is None


def test_notes_saying_a_member_is_gone_flag_a_row_with_no_date_of_leaving(
    registry_of_lists, tmp_path
):
    coop = coded(registry_of_lists)
    header = ["STT", "Họ và tên", "Số CCCD", "Mã số thuế HTX", "Ngày ra khỏi HTX", "Ghi chú"]
    rows = [
        [1, "Rơ Mah Hlim", "064091000011", coop.tax_code, "", "Đã rút khỏi HTX"],
        [2, "Siu Hyưk", "064091000012", coop.tax_code, "", "Chuyển đi nơi khác"],
        [3, "Ksor Nhin", "064091000013", coop.tax_code, "", "da mat nam 2021"],
        [4, "Đinh Văn Lâm", "064091000014", coop.tax_code, "", "Góp thêm vốn năm 2022"],
        [5, "Rơ Châm Ly", "064091000015", coop.tax_code, "30/06/2022", "Đã rút vốn"],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, [header, *rows])).outcomes
    assert [o.action for o in outcomes] == ["new"] * 5
    assert ["left_in_notes" in o.issues for o in outcomes] == [True, True, True, False, False]
    assert "không có ngày ra khỏi HTX" in outcomes[0].notes()[0]


def test_a_household_named_by_its_head_and_an_associate_said_in_the_notes(
    registry_of_lists, tmp_path
):
    """With no column for them: ``Hộ ông …`` is a household, named by its head (it was a
    person called ``Hộ ông …``); notes saying ``Thành viên liên kết`` make an associate (it
    was counted an official member); ``Hồ`` is a surname and other notes say nothing."""
    coop = coded(registry_of_lists)
    header = ["STT", "Họ và tên chủ hộ", "Số CCCD", "Mã số thuế HTX", "Ghi chú"]
    rows = [
        [1, "Hộ ông Nguyễn Văn Hùng", "064091000031", coop.tax_code, "Chủ tịch HĐQT"],
        [2, "HGĐ Ksor Nhin", "064091000032", coop.tax_code, "TV liên kết"],
        [3, "Hồ Văn Nam", "064091000033", coop.tax_code, "Thành viên liên kết"],
        [4, "Hộ kinh doanh Đinh Lâm", "064091000034", coop.tax_code, "TVLK"],
        [5, "Rơ Châm H'Lan (chủ hộ)", "064091000035", coop.tax_code, ""],
        [6, "Nguyễn Văn Tư - Chủ hộ", "064091000036", coop.tax_code, ""],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, [header, *rows])).outcomes
    assert [
        (o.values["full_name"], o.values["kind"], o.values["member_type"]) for o in outcomes
    ] == [
        ("Nguyễn Văn Hùng", PersonKind.HOUSEHOLD, MemberType.OFFICIAL),
        ("Ksor Nhin", PersonKind.HOUSEHOLD, MemberType.ASSOCIATE),
        ("Hồ Văn Nam", PersonKind.INDIVIDUAL, MemberType.ASSOCIATE),
        ("Hộ kinh doanh Đinh Lâm", PersonKind.INDIVIDUAL, MemberType.ASSOCIATE),
        # Said to be the household's head, after the name (an individual, or "- Chủ hộ" kept
        # in the name).
        ("Rơ Châm H'Lan", PersonKind.HOUSEHOLD, MemberType.OFFICIAL),
        ("Nguyễn Văn Tư", PersonKind.HOUSEHOLD, MemberType.OFFICIAL),
    ]


def test_columns_beside_the_id_and_the_contribution_are_not_read_as_them(
    registry_of_lists, tmp_path
):
    """``Ngày cấp CCCD`` read as the ID number (two ID columns: the file refused), ``Hình
    thức góp vốn`` and ``Ngày góp vốn`` as the contribution (every row refused: a date or
    ``Tiền mặt`` is no amount); ``Số tiền đã góp`` and ``Tư cách thành viên`` were not read."""
    coop = coded(registry_of_lists)
    header = ["STT", "Họ và tên", "Số CCCD", "Ngày cấp CCCD", "Nơi cấp", "Mã số thuế HTX"]
    header += ["Tư cách thành viên", "Hình thức góp vốn", "Ngày góp vốn", "Số tiền đã góp"]
    row = [1, "Rơ Mah Hlim", "064091000021", "12/05/2021", "Cục CS QLHC về TTXH", coop.tax_code]
    row += ["Liên kết góp vốn", "Tiền mặt", "15/03/2022", "5.000.000"]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, [header, row])).outcomes
    assert outcome.action == "new", outcome.reasons
    f = outcome.values
    assert (f["id_number"], f["member_type"], f["capital_vnd"]) == (
        "064091000021",
        MemberType.ASSOCIATE_CONTRIBUTING,
        5_000_000,
    )


def test_a_list_mixing_cooperatives_is_written_cooperative_by_cooperative(
    registry_of_lists, tmp_path
):
    """Rows of two cooperatives in turn: the memberships are written one cooperative after
    the other (each index on the cooperative takes its entries in order); a person in both
    is one person, as the first of their rows in the file writes them; each record keeps its
    own row, and undo takes them all away."""
    from registry.models import Contribution, Person

    first, second = registry_of_lists.scalars(
        select(Organisation)
        .where(Organisation.tax_code.is_not(None))
        .order_by(Organisation.id.desc())
        .limit(2)
    ).all()  # the later one first in the file
    header = ["STT", "Họ và tên", "Năm sinh", "Số CCCD", "Mã số thuế HTX", "Vốn góp"]
    rows = [
        [1, "Rơ Mah Hlim", 1980, "064080000001", first.tax_code, 1_000_000],
        [2, "Siu Hyưk", 1981, "064081000002", second.tax_code, 2_000_000],
        [3, "Ksor Nhin", 1982, "", first.tax_code, 3_000_000],
        [4, "Ro Mah Hlim", 1980, "064080000001", second.tax_code, 4_000_000],
    ]
    batch = commit(registry_of_lists, plan(registry_of_lists, workbook(tmp_path, [header, *rows])))
    memberships = registry_of_lists.exec(
        select(Membership).where(Membership.id.in_(_batch_records(registry_of_lists, batch)))
    ).all()
    assert [m.organisation_id for m in sorted(memberships, key=lambda m: m.id)] == [
        second.id,
        second.id,
        first.id,
        first.id,
    ]
    persons = {m.organisation_id: set() for m in memberships}
    for m in memberships:
        persons[m.organisation_id].add(registry_of_lists.get(Person, m.person_id).full_name)
    assert persons == {
        first.id: {"Rơ Mah Hlim", "Ksor Nhin"},
        second.id: {"Siu Hyưk", "Rơ Mah Hlim"},  # the person of row 1, not "Ro Mah Hlim"
    }
    changes = registry_of_lists.exec(
        select(ImportChange.table_name, ImportChange.row).where(ImportChange.batch_id == batch.id)
    ).all()
    by_row = {}
    for table, row in changes:
        by_row.setdefault(row, set()).add(table)
    assert by_row == {  # the header is row 1; Rơ Mah Hlim's person is row 2's
        2: {"person", "membership", "contribution"},
        3: {"person", "membership", "contribution"},
        4: {"person", "membership", "contribution"},
        5: {"membership", "contribution"},
    }
    amounts = {
        (c.membership_id, c.amount_vnd)
        for c in registry_of_lists.exec(
            select(Contribution).where(Contribution.membership_id.in_([m.id for m in memberships]))
        )
    }
    joined = {(m.organisation_id, m.person_id): m.id for m in memberships}
    hlim = next(p for p in registry_of_lists.exec(select(Person)) if p.id_number == "064080000001")
    assert (joined[second.id, hlim.id], 4_000_000) in amounts
    assert (joined[first.id, hlim.id], 1_000_000) in amounts
    undo_batch(session=registry_of_lists, batch=batch, scope=EVERYWHERE)
    assert registry_of_lists.exec(select(Person).where(Person.full_name == "Ksor Nhin")).all() == []


def _batch_records(session, batch) -> list[int]:
    return session.exec(
        select(ImportChange.record_id).where(
            ImportChange.batch_id == batch.id, ImportChange.table_name == "membership"
        )
    ).all()


def test_a_member_from_the_founding_joined_the_day_the_cooperative_was_founded(
    registry_of_lists, tmp_path
):
    """``Sáng lập`` in the joining column (the row was refused: no date): the cooperative's
    founding day where the registry has it, else none; flagged either way."""
    from datetime import date

    from registry.enums import DatePrecision

    coop = coded(registry_of_lists)
    coop.founded_on, coop.founded_precision = date(2012, 10, 9), DatePrecision.DAY
    registry_of_lists.add(coop)
    registry_of_lists.flush()
    header = ["STT", "Họ và tên", "Số CCCD", "Mã số thuế HTX", "Ngày vào HTX"]
    rows = [
        [1, "Siu H'Nhi", "064180000031", coop.tax_code, "Sáng lập"],
        [2, "Ksor Blơng", "064085000032", coop.tax_code, "Từ 2016"],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, [header, *rows])).outcomes
    assert [(o.action, o.values["joined"]) for o in outcomes] == [
        ("new", (date(2012, 10, 9), DatePrecision.DAY)),
        ("new", (date(2016, 1, 1), DatePrecision.YEAR)),
    ]
    assert outcomes[0].issues == ["joined_at_founding"]
    coop.founded_on = coop.founded_precision = None
    (outcome, _) = plan(registry_of_lists, workbook(tmp_path, [header, *rows], "b.xlsx")).outcomes
    assert (outcome.action, outcome.values["joined"], outcome.issues) == (
        "new",
        None,
        ["joined_at_founding"],
    )


def test_a_cooperative_named_however_a_member_list_writes_it(session, tmp_path):
    """A member list after its organisation list keeps every row whose cooperative it names
    another way: glued abbreviations (``NNDV``, ``DVTH``), a place note in brackets after
    the name, its place's words written together (``ChưSê``, ``IaBlang``) — each row was
    refused as of a cooperative not in the registry."""
    orgs = [
        ["STT", "Tên HTX", "Mã số thuế", "Địa chỉ"],
        [1, "HTX NN DV Ia Blang", "5900123456", "Xã Ia Blang"],
        [2, "HTX Dịch vụ Tổng hợp Chư Sê", "5900123457", "TT Chư Sê"],
    ]
    commit(session, plan(session, workbook(tmp_path, orgs, "org.xlsx")))
    named = {
        "HTX NNDV Ia Blang": [],
        "HTX DVTH Chư Sê": [],
        "HTX Dịch vụ tổng hợp Chư Sê (TT Chư Sê)": [],
        "HTX DV TH ChưSê": ["cooperative_by_own_words"],
        "HTX NN DV IaBlang": ["cooperative_by_own_words"],
    }
    header = ["STT", "Họ và tên", "Số CCCD", "Tên HTX"]
    rows = [
        [i, f"Nguyễn Văn {chr(65 + i)}", f"06409000001{i}", name] for i, name in enumerate(named)
    ]
    outcomes = plan(session, workbook(tmp_path, [header, *rows], "tv.xlsx")).outcomes
    coops = dict(session.exec(select(Organisation.tax_code, Organisation.id)).all())
    assert [(o.action, o.organisation_id, o.issues) for o in outcomes] == [
        ("new", coops["5900123456" if "Blang" in name else "5900123457"], issues)
        for name, issues in named.items()
    ]


def test_a_contribution_is_dated_by_its_own_column(registry_of_lists, tmp_path):
    """``Ngày góp vốn``: the contribution's day (the column was read only to be told apart
    from the amount, and the contribution dated by the joining)."""
    from datetime import date

    from registry.models import Contribution

    coop = coded(registry_of_lists)
    header = ["STT", "Họ và tên", "Số CCCD", "Mã số thuế HTX", "Ngày vào HTX", "Vốn góp"]
    header.append("Ngày góp vốn")
    rows = [
        [1, "Rơ Mah Hlim", "064091000071", coop.tax_code, "01/03/2015", 5_000_000, "20/04/2016"],
        [2, "Siu Hyưk", "064091000072", coop.tax_code, "01/03/2015", 3_000_000, ""],
    ]
    batch = commit(registry_of_lists, plan(registry_of_lists, workbook(tmp_path, [header, *rows])))
    days = registry_of_lists.exec(
        select(Contribution.amount_vnd, Contribution.on)
        .join(ImportChange, ImportChange.record_id == Contribution.id)
        .where(ImportChange.batch_id == batch.id, ImportChange.table_name == "contribution")
        .order_by(Contribution.amount_vnd)
    ).all()
    assert days == [(3_000_000, date(2015, 3, 1)), (5_000_000, date(2016, 4, 20))]


def test_an_associate_written_bare_beside_a_contribution_contributed(registry_of_lists, tmp_path):
    """``TV liên kết`` with ``1.000.000`` contributed: an associate who contributes, flagged
    (the amount was dropped, as a non-contributing associate's); ``LK không góp vốn`` with
    an amount stays one who does not, the amount dropped and said."""
    coop = coded(registry_of_lists)
    header = ["STT", "Họ và tên", "Số CCCD", "Mã số thuế HTX", "Loại thành viên", "Vốn góp"]
    rows = [
        [1, "Trần Thị Cúc", "052190003333", coop.tax_code, "TV liên kết", "1.000.000"],
        [2, "Đinh Văn Sơn", "064075002222", coop.tax_code, "Liên kết", ""],
        [3, "Lê Thị Hoa", "064075002223", coop.tax_code, "LK không góp vốn", "500.000"],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, [header, *rows])).outcomes
    assert [(o.values["member_type"], o.values["capital_vnd"], o.issues) for o in outcomes] == [
        (MemberType.ASSOCIATE_CONTRIBUTING, 1_000_000, ["associate_contributing_from_capital"]),
        (MemberType.ASSOCIATE, None, []),
        (MemberType.ASSOCIATE, 500_000, ["capital_of_non_contributing_member_ignored"]),
    ]
