"""Lists never seen before: an unknown word of a vocabulary column never loses a row, places
are found however they are spelt, and each unknown word is asked about once for the file."""

from datetime import date

import pytest
from click.testing import CliRunner
from sqlmodel import select

from importers.run import commit, plan
from importers.values import parse_answer
from registry.enums import OperatingState, OrgType, Sector, Status
from registry.models import Observation, Organisation
from registry.text import fold
from tests.importers.conftest import workbook

HEADER = ["STT", "Tên HTX", "Mã số thuế", "Huyện", "Xã", "Lĩnh vực", "Tình trạng"]
ROWS = [
    [1, "HTX Nông Lâm Đồi Xanh", "5990001001", "ChưSê", "Ia Blang", "NLTS", "HĐ kém hiệu quả"],
    [2, "HTX Vận Tải Sông Ba", "5990001002", "KÔNG CHRO", "Chư Krey", "DVVT", "Đang hoạt động"],
    [3, "HTX Sản Xuất Bazan", "5990001003", "Mang-Yang", "Đak Djrăng", "SXKD", "đang củng cố"],
    [
        4,
        "Đông Hưng",
        "5990001004",
        "Đăk Đoa",
        "Hà Bầu",
        "Liên hiệp HTX",
        "hoạt động không thường xuyên",
    ],
    [5, "Ia Phí", "5990001005", "Chư Păh", "Ia Phí", "QTDND", "KHĐ"],
    [6, "HTX Dịch Vụ Kông Bơ La", "5990001006", "KBang", "Kông Bơ La", "SXKD", "đang củng cố"],
]


def test_every_row_is_kept_and_each_unknown_word_listed_once(session, tmp_path):
    path = workbook(tmp_path, [HEADER, *ROWS], "ds-moi.xlsx")
    preview = plan(session, path, as_of=date(2025, 6, 30))
    assert preview.counts() == {"new": 6}, [(o.row, o.reasons) for o in preview.outcomes]
    assert preview.unknown == [
        {"field": "sector", "value": "SXKD", "rows": 2},
        {"field": "status", "value": "đang củng cố", "rows": 2},
    ]
    flagged = {o.row for o in preview.outcomes if "unknown_value" in o.issues}
    assert flagged == {4, 7}
    commit(session, preview)
    orgs = {o.tax_code: o for o in session.exec(select(Organisation))}
    assert orgs["5990001001"].sector == Sector.AGRICULTURE
    assert orgs["5990001002"].sector == Sector.TRANSPORT
    assert orgs["5990001003"].sector == Sector.OTHER  # kept, the catch-all, for review
    assert orgs["5990001004"].org_type == OrgType.UNION
    assert orgs["5990001005"].org_type == OrgType.CREDIT_FUND
    assert orgs["5990001005"].sector == Sector.CREDIT
    assert orgs["5990001001"].current_status == Status.ACTIVE
    assert orgs["5990001005"].current_status == Status.SUSPENDED
    places = {
        code: (o.legacy_unit.parent.short_name if o.legacy_unit.parent else None)
        for code, o in orgs.items()
    }
    assert places["5990001001"] == "Chư Sê" and places["5990001003"] == "Mang Yang"
    assert places["5990001002"] == "Kông Chro" and places["5990001004"] == "Đak Đoa"
    found = {o.organisation_id: o.state for o in session.exec(select(Observation))}
    assert found[orgs["5990001001"].id] == OperatingState.WEAK
    assert found[orgs["5990001004"].id] == OperatingState.WEAK
    assert found[orgs["5990001005"].id] == OperatingState.NOT_OPERATING


def test_an_answer_settles_every_row_holding_the_word(session, tmp_path):
    path = workbook(tmp_path, [HEADER, *ROWS], "ds-moi.xlsx")
    preview = plan(
        session,
        path,
        as_of=date(2025, 6, 30),
        answers={
            ("sector", "sxkd"): "industry_handicraft",
            ("status", "dang cung co"): "suspended",
        },
    )
    assert preview.unknown == []
    assert not any("unknown_value" in o.issues for o in preview.outcomes)
    commit(session, preview)
    settled = session.exec(
        select(Organisation).where(Organisation.tax_code.in_(["5990001003", "5990001006"]))
    ).all()
    assert {(o.sector, o.current_status) for o in settled} == {
        (Sector.INDUSTRY_HANDICRAFT, Status.SUSPENDED)
    }


def test_the_command_line_lists_unknown_words_and_takes_answers(fresh_database, tmp_path):
    import json

    from registry.cli import cli

    url = fresh_database("unknown_words_cli")
    runner = CliRunner()
    runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)
    path = workbook(tmp_path, [HEADER, *ROWS], "ds-moi.xlsx")
    report = tmp_path / "bao-cao.json"
    first = runner.invoke(
        cli,
        ["--db", url, "import", str(path), "--dry-run", "--report", str(report)],
        catch_exceptions=False,
    )
    assert first.exit_code == 0, first.output
    assert "Lĩnh vực: chưa hiểu «SXKD» ở 2 dòng" in first.output
    one = workbook(tmp_path, [HEADER, ROWS[2]], "mot-dong.xlsx")  # SXKD in one row
    english = runner.invoke(cli, ["--db", url, "--lang", "en", "import", str(one), "--dry-run"])
    assert "Sector: unknown «SXKD» in 1 row (kept, flagged)" in english.output
    assert json.loads(report.read_text("utf-8"))["unknown_values"][0]["value"] == "SXKD"
    answered = runner.invoke(
        cli,
        [
            "--db",
            url,
            "import",
            str(path),
            "--map",
            "sector:SXKD=industry_handicraft",
            "--map",
            "status:đang củng cố=suspended",
        ],
        catch_exceptions=False,
    )
    assert answered.exit_code == 0 and "chưa hiểu" not in answered.output
    bad = runner.invoke(cli, ["--db", url, "import", str(path), "--map", "sector:SXKD=nothing"])
    assert bad.exit_code == 2 and "agriculture" in bad.output


def test_a_member_list_after_its_organisations_keeps_every_valid_member(session, tmp_path):
    commit(session, plan(session, workbook(tmp_path, [HEADER, *ROWS], "ds.xlsx")))
    members = [
        [
            "STT",
            "Họ và tên",
            "Số CCCD",
            "Tên HTX",
            "Mã số thuế HTX",
            "Loại thành viên",
            "Đối tượng",
        ],
        [
            1,
            "Rơ Mah Hlim",
            "064091000001",
            "HTX Nông Lâm Đồi Xanh",
            "5990001001",
            "Chính thức",
            "Cá nhân",
        ],
        [
            2,
            "Siu Thị Nga",
            "064091000002",
            "HTX Nông Lâm Đồi Xanh",
            "5990001001",
            "TV danh dự",
            "Cá nhân",
        ],
        [
            3,
            "Nguyễn Văn Ba",
            "064091000003",
            "HTX Vận Tải Sông Ba",
            "5990001002",
            "Chính thức",
            "hộ nhận khoán",
        ],
    ]
    preview = plan(session, workbook(tmp_path, members, "tv.xlsx"))
    assert preview.counts() == {"new": 3}, [(o.row, o.reasons) for o in preview.outcomes]
    assert {(u["field"], u["value"]) for u in preview.unknown} == {("member_type", "TV danh dự")}
    flagged = {o.row for o in preview.outcomes if "unknown_value" in o.issues}
    assert flagged == {3}  # Siu Thị Nga's row, kept and flagged for review


def test_a_profile_keeps_the_answers_for_the_next_file(fresh_database, tmp_path):
    from sqlmodel import Session

    from importers.profiles import save_profile
    from registry.cli import cli
    from registry.db import make_engine

    url = fresh_database("unknown_words_profile")
    runner = CliRunner()
    runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)
    engine = make_engine(url)
    with Session(engine) as session:
        save_profile(
            session,
            "Danh sách huyện",
            "organisations",
            {},
            None,
            answers=[
                ["sector", "sxkd", "industry_handicraft"],
                ["status", "dang cung co", "suspended"],
            ],
        )
        session.commit()
    engine.dispose()
    path = workbook(tmp_path, [HEADER, *ROWS], "ds-moi.xlsx")
    result = runner.invoke(
        cli,
        ["--db", url, "import", str(path), "--profile", "Danh sách huyện", "--dry-run"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0 and "chưa hiểu" not in result.output, result.output


def test_places_written_by_another_spelling_or_by_the_current_commune(session, tmp_path):
    rows = [
        ["STT", "Tên HTX", "Mã số thuế", "Huyện", "Xã"],
        [1, "HTX Nông Nghiệp Ia Ma Rơn", "5990002001", "Ia Pa", "Ia Ma Rơn"],
        [2, "HTX Dịch Vụ Kông Pla", "5990002002", "H. KBang", "Kông Pla"],
        [3, "HTX Cà Phê Ia Dreh", "5990002003", None, "Xã Ia Dreh"],  # written since 1/7/2025
        # A note after the name: the commune was not found, the row refused.
        [4, "HTX NN Ia Hrung", "5990002004", None, "xã Ia Hrung (cũ)"],
    ]
    preview = plan(session, workbook(tmp_path, rows, "ds-2026.xlsx"))
    assert preview.counts() == {"new": 4}
    assert not any("commune_unknown" in o.issues for o in preview.outcomes)
    commit(session, preview)
    orgs = {o.tax_code: o for o in session.exec(select(Organisation))}
    assert orgs["5990002001"].legacy_unit.code == "24031"  # Ia Mrơn
    assert orgs["5990002002"].legacy_unit.code == "23674"  # Kông Bơ La
    assert orgs["5990002003"].legacy_unit is None
    assert orgs["5990002003"].unit.name == "Xã Ia Dreh"
    assert orgs["5990002004"].legacy_unit.name == "Xã Ia Hrung"
    assert orgs["5990002004"].unit.name == "Xã Ia Hrung"  # the current commune of that name


def test_a_list_whose_sector_is_its_trade_and_whose_words_are_its_own(session, tmp_path):
    """A list of the kind not seen before: the sector only in the main trade column, a
    union's members counted in cooperatives, statuses in words the samples do not use."""
    rows = [
        ["STT", "Tên tổ chức", "MST", "Huyện", "Xã", "Ngành nghề", "Tình trạng", "Số TV"],
        [1, "HTX Cà Phê Ia Blang", "5990003001", "Chư Sê", "Ia Blang", "Trồng trọt", "HĐ", 9],
        [2, "HTX Đồng Tâm", "5990003002", "Krông Pa", "Phú Cần", "TTCN", "Đình chỉ hoạt động", 8],
        [3, "Liên hiệp HTX Gia Lai", "5990003003", "Pleiku", "Hội Thương", "DV-TM", "HĐ", "5 HTX"],
        [4, "HTX An Khê Xanh", "5990003004", "An Khê", "An Bình", "", "Không HĐ tại địa chỉ ĐK", 7],
        [5, "HTX Đoàn Kết", "5990003005", "Ia Pa", "Ia Mrơn", "SX-KD tổng hợp", "Mới thành lập", 6],
    ]
    preview = plan(session, workbook(tmp_path, rows, "ds-khac.xlsx"))
    assert preview.counts() == {"new": 5}, [(o.row, o.reasons) for o in preview.outcomes]
    assert preview.unknown == []
    flagged = {o.row for o in preview.outcomes if "sector_unknown" in o.issues}
    assert flagged == {5, 6}  # no sector in the name, the trade, or a column
    commit(session, preview)
    orgs = {o.tax_code: o for o in session.exec(select(Organisation))}
    assert orgs["5990003001"].sector == Sector.AGRICULTURE
    assert orgs["5990003002"].sector == Sector.INDUSTRY_HANDICRAFT
    assert orgs["5990003002"].current_status == Status.SUSPENDED
    assert orgs["5990003003"].org_type == OrgType.UNION
    assert orgs["5990003004"].current_status == Status.NOT_AT_ADDRESS
    assert orgs["5990003005"].current_status == Status.ACTIVE


def test_a_district_list_of_grades_trades_and_units_in_brackets(session, tmp_path):
    """A list of the kind not seen before: its status column titled ``Tình hình HĐ`` (not
    read: every organisation came in active), holding the year's grades and a dissolution
    dated by its year; a capital with its unit in brackets (read as 3.000 đồng); a trade the
    sector words do not know, in a cooperative whose name says its sector (it became
    "other")."""
    rows = [
        ["STT", "Tên HTX", "Huyện", "Xã", "Vốn điều lệ", "Lĩnh vực HĐ", "Tình hình HĐ"],
        [1, "HTX Vệ sinh môi trường Tú An", "An Khê", "Tú An", "3.000 (triệu)", "Đội xe", "Khá"],
        [2, "HTX Dịch Vụ Song An", "An Khê", "Song An", "500 (tr.đ)", "DV", "HĐ yếu"],
        [3, "HTX Vận tải Nghĩa Hưng", "Chư Păh", "Nghĩa Hưng", "", "VT", "Giải thể năm 2022"],
        [4, "HTX Hoa Sen", "Chư Păh", "Ia Ka", "", "Đội xe", "Tốt"],
    ]
    preview = plan(session, workbook(tmp_path, rows, "ds-tinh-hinh.xlsx"))
    assert preview.counts() == {"new": 4}, [(o.row, o.reasons) for o in preview.outcomes]
    assert preview.unknown == [{"field": "sector", "value": "Đội xe", "rows": 2}]
    assert [o.status for o in preview.outcomes] == [
        Status.ACTIVE,
        Status.ACTIVE,
        Status.DISSOLVED,
        Status.ACTIVE,
    ]
    assert preview.outcomes[2].status_on == date(2022, 12, 31)
    commit(session, preview)
    orgs = {o.name: o for o in session.exec(select(Organisation))}
    assert orgs["Hợp tác xã Vệ sinh Môi trường Tú An"].charter_capital_vnd == 3_000_000_000
    assert orgs["Hợp tác xã Dịch vụ Song An"].charter_capital_vnd == 500_000_000
    assert orgs["Hợp tác xã Vệ sinh Môi trường Tú An"].sector == Sector.ENVIRONMENT  # its name's
    assert orgs["Hợp tác xã Hoa Sen"].sector == Sector.OTHER  # nothing else says one


def test_a_list_of_stopped_cooperatives_and_their_reorganisation(session, tmp_path):
    """``Đã chuyển đổi theo Luật HTX 2012`` (``Rồi``, ``Chưa``) and ``Thời gian ngừng hoạt
    động`` (``Từ tháng 5/2019 đến nay``) were not read: a cooperative never reorganised — a
    ground for dissolution — looked reorganised, and a stop dated by the list's day."""
    header = ["STT", "Tên HTX", "Huyện", "Xã", "Tình trạng", "Thời gian ngừng hoạt động"]
    stopped = [1, "HTX Nông Nghiệp Tú An", "An Khê", "Tú An", "Ngừng HĐ", "Từ tháng 5/2019"]
    rows = [
        ["DANH SÁCH HTX ĐẾN 31/10/2026"],
        [*header, "Đã chuyển đổi theo Luật HTX 2012"],
        [*stopped[:-1], f"{stopped[-1]} đến nay", "Chưa"],
        [2, "HTX Dịch Vụ Song An", "An Khê", "Song An", "Đang hoạt động", "", "Rồi"],
    ]
    preview = plan(session, workbook(tmp_path, rows, "ds-ngung.xlsx"))
    assert preview.counts() == {"new": 2}, [(o.row, o.reasons) for o in preview.outcomes]
    stopped, working = preview.outcomes
    assert (stopped.status, stopped.status_on) == (Status.SUSPENDED, date(2019, 5, 31))
    assert (stopped.values["not_reorganized"], working.values["not_reorganized"]) == (True, False)


def test_a_list_of_the_grounds_columns_seal_certificate_and_general_meeting(session, tmp_path):
    """``Mất con dấu``, ``Mất giấy CN ĐKKD`` and ``Đại hội thành viên thường niên``, the facts
    the grounds for dissolution rest on: the certificate's column was read as its number
    (``x``), the meeting's dates as member counts (the row was refused)."""
    from registry.models import AnnualFigures

    header = ["STT", "Tên HTX", "Huyện", "Xã", "Mất con dấu", "Mất giấy CN ĐKKD"]
    rows = [
        ["DANH SÁCH HTX NĂM 2024"],
        [*header, "Đại hội thành viên thường niên"],
        [1, "HTX Nông Nghiệp Tú An", "An Khê", "Tú An", "x", "Mất năm 2019", "15/3/2023"],
        [2, "HTX Dịch Vụ Song An", "An Khê", "Song An", "", "Không", "Chưa tổ chức"],
    ]
    preview = plan(session, workbook(tmp_path, rows, "ds-can-cu.xlsx"))
    assert preview.counts() == {"new": 2}, [(o.row, o.reasons) for o in preview.outcomes]
    commit(session, preview)
    orgs = {o.name: o for o in session.exec(select(Organisation))}
    tu_an = orgs["Hợp tác xã Nông nghiệp Tú An"]
    song_an = orgs["Hợp tác xã Dịch vụ Song An"]
    assert (tu_an.lost_seal, tu_an.lost_seal_on) == (True, None)
    assert (tu_an.lost_certificate, tu_an.lost_certificate_on) == (True, date(2019, 1, 1))
    assert (song_an.lost_seal, song_an.lost_certificate, song_an.legacy_certificate_no) == (
        False,
        False,
        None,
    )
    (meeting,) = session.exec(
        select(AnnualFigures.general_meeting_on).where(AnnualFigures.organisation_id == tu_an.id)
    )
    assert meeting == date(2023, 3, 15)


def test_columns_near_the_counts_and_the_address_are_read_as_what_they_are(session, tmp_path):
    """``Thành viên mới`` and ``Thành viên liên kết`` were read as the members in all,
    ``Vốn điều lệ thực góp`` as the charter capital, ``Có trụ sở`` (``Có``) as the address."""
    header = ["STT", "Tên HTX", "Huyện", "Xã", "Số thành viên", "Thành viên mới"]
    header += ["Vốn điều lệ", "Vốn điều lệ thực góp", "Có trụ sở", "Thành viên liên kết"]
    row = [1, "HTX Nông Nghiệp Tú An", "An Khê", "Tú An", 30, 2, "500 triệu", "300 triệu", "Có"]
    row += [4]
    (outcome,) = plan(session, workbook(tmp_path, [header, row], "ds-gop.xlsx")).outcomes
    assert outcome.action == "new", outcome.reasons
    assert (outcome.values["charter_capital_vnd"], outcome.values["address"]) == (
        500_000_000,
        None,
    )
    assert (outcome.record["members_total"], outcome.record["contributed_capital_vnd"]) == (
        30,
        300_000_000,
    )
    assert outcome.record["members_associate"] == 4  # it was read as the members in all


def test_a_type_column_naming_the_sector_too(session, tmp_path):
    """``Loại hình``: ``HTX nông nghiệp`` beside the name ``Hòa Bình``: a farming cooperative
    (its sector was unknown: "other")."""
    rows = [
        ["STT", "Loại hình", "Tên", "Xã", "Huyện"],
        [1, "HTX nông nghiệp", "Hòa Bình Mới", "Ia Ka", "Chư Păh"],
        [2, "Tổ hợp tác", "Rau sạch Biển Hồ", "Biển Hồ", "Pleiku"],
    ]
    outcomes = plan(session, workbook(tmp_path, rows, "ds-loai.xlsx")).outcomes
    assert [(o.name, o.values["sector"]) for o in outcomes] == [
        ("Hợp tác xã Hòa Bình Mới", Sector.AGRICULTURE),
        ("Tổ hợp tác Rau sạch Biển Hồ", Sector.AGRICULTURE),
    ]


def test_a_status_dated_in_its_words_and_a_tax_code_in_the_notes(session, tmp_path):
    """``Tạm ngừng KD từ 01/2024`` took effect in January 2024, not on the list's date (the
    grounds count a suspension's length from it: the month's last day, never more than may
    have passed); ``MST 5901122334`` in the notes is the tax code of a list without a column
    for it."""
    from registry.models import StatusEvent

    rows = [
        ["DANH SÁCH HTX ĐẾN 31/10/2026"],
        ["STT", "Tên HTX", "Huyện", "Xã", "Tình trạng", "Ghi chú"],
        [1, "HTX Nông Nghiệp Tú An", "An Khê", "Tú An", "Tạm ngừng KD từ 01/2024", ""],
        [2, "HTX Dịch Vụ Nghĩa Hưng", "Chư Păh", "Nghĩa Hưng", "HĐ", "MST 5901122334"],
        [3, "HTX Dịch Vụ Song An", "An Khê", "Song An", "Tạm ngừng từ 2030", ""],
    ]
    preview = plan(session, workbook(tmp_path, rows, "ds-tu.xlsx"))
    assert preview.counts() == {"new": 3}
    assert [o.status_on for o in preview.outcomes] == [date(2024, 1, 31), None, None]
    commit(session, preview)
    orgs = {o.name: o for o in session.exec(select(Organisation))}
    assert orgs["Hợp tác xã Dịch vụ Nghĩa Hưng"].tax_code == "5901122334"
    events = {
        e.organisation_id: (e.status, e.effective_on) for e in session.exec(select(StatusEvent))
    }
    assert events[orgs["Hợp tác xã Nông nghiệp Tú An"].id] == (
        Status.SUSPENDED,
        date(2024, 1, 31),
    )
    # A date still to come is no date the status began: the list's own.
    assert events[orgs["Hợp tác xã Dịch vụ Song An"].id] == (Status.SUSPENDED, date(2026, 10, 31))


def test_a_sheet_not_read_is_named_and_why(session, tmp_path):
    """An organisation list reads one sheet: the other is named as not chosen (not as holding
    no list, which it may well hold); a members workbook reads every sheet holding members,
    so a sheet it leaves holds none."""
    import xlsxwriter

    path = tmp_path / "hai-trang.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name, coop in (("Chư Păh", "HTX Ia Ka"), ("Ia Grai", "HTX Ia Dêr")):
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, [f"DANH SÁCH HTX {name.upper()}"])
        sheet.write_row(1, 0, ["STT", "Tên HTX", "Huyện", "Xã"])
        sheet.write_row(2, 0, [1, coop, name, coop.removeprefix("HTX ")])
    book.close()
    preview = plan(session, path, as_of=date(2025, 6, 30))
    unread = [r for r in preview.set_aside if r["row"] is None]
    assert unread == [
        {"sheet": "Ia Grai", "row": None, "kind": "unchosen_sheet", "text": "DANH SÁCH HTX IA GRAI"}
    ]


def test_a_status_given_by_marks_under_its_values(session, tmp_path):
    """``Tình trạng hoạt động`` over ``Đang HĐ`` | ``Ngừng HĐ`` | ``Giải thể``, an ``x`` in one:
    the marked column's title is the status (the file was refused: three columns read as the
    status); dates with dots, a count with a note, capital in words of a unit, a commune whose
    name starts with ``H`` (not the kind word ``H.``)."""
    import xlsxwriter

    path = tmp_path / "danh-dau.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("HTX")
    sheet.write_row(0, 0, ["THỐNG KÊ HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN CHƯ SÊ"])
    sheet.write_row(2, 0, ["STT", "Tên HTX", "Mã số thuế", "Xã", "Ngày thành lập", "Tổng số TV"])
    sheet.merge_range(2, 6, 2, 8, "Tình trạng hoạt động")
    sheet.write_row(3, 6, ["Đang HĐ", "Ngừng HĐ", "Giải thể"])
    rows = [
        [1, "HTX NN Ia Blang", "5990004001", "Ia Blang", "15.03.2018", "25 (nữ: 10)", "x", "", ""],
        [2, "HTX DV Ia Glai", "5990004002", "Ia Glai", "2019", "12", "", "X", ""],
        [3, "HTX Chư Pơng", "5990004003", "Chư Pơng", "2016", "9", "", "", "✓"],
        [4, "HTX NN Hbông", "5990004004", "H Bông", "2019", "15", "x", "", ""],
    ]
    for r, row in enumerate(rows, 4):
        sheet.write_row(r, 0, row)
    book.close()
    preview = plan(session, path, as_of=date(2026, 6, 30))
    assert preview.counts() == {"new": 4}, [(o.row, o.reasons) for o in preview.outcomes]
    assert [o.status for o in preview.outcomes] == [
        Status.ACTIVE,
        Status.SUSPENDED,
        Status.DISSOLVED,
        Status.ACTIVE,
    ]
    assert preview.outcomes[0].record["members_total"] == 25


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("counterparty:Lâm trường Kbang=economic_org", "economic_org"),
        ("land_origin:Đất công ích xã=leased", "leased"),
        ("land_certificate:Hợp đồng thuê đất=not_issued", "not_issued"),
    ],
)
def test_the_debts_and_land_vocabularies_take_answers(text, want):
    (field, value), code = parse_answer(text)
    assert (field, code) == (text.split(":")[0], want) and value == fold(
        text[len(field) + 1 : text.rindex("=")]
    )
