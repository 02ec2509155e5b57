"""Import runs end to end on a real database: preview, all-or-nothing commit, the same file
again, undo, and files that must be refused."""

import io
import json
from datetime import date

import pytest
import xlsxwriter
from click.testing import CliRunner
from sqlmodel import select

from importers.results import Refused
from importers.run import commit, plan
from registry.cli import cli
from registry.enums import AuditAction, Sector, Status
from registry.export import organisation_rows, write_json
from registry.models import AdminUnit, AuditEntry, ImportChange, Organisation
from registry.scope import Scope
from registry.services import audit
from registry.services.batches import undo_batch
from registry.services.errors import DomainError
from tests.importers.conftest import workbook

EVERYWHERE = Scope.everything()


def _export(session) -> str:
    out = io.StringIO()
    write_json(organisation_rows(session), out)
    return out.getvalue()


def test_preview_then_commit_creates_every_row_once(session, samples, expected):
    info = expected["files"]["coops_district_list.xlsx"]
    preview = plan(session, samples / info["file"])
    assert preview.as_of == date(2023, 12, 31)  # stated in the title
    assert preview.counts() == {"new": 40}
    batch = commit(session, preview)
    orgs = {o.tax_code or o.name: o for o in session.exec(select(Organisation))}
    assert len(orgs) == 40
    for record in info["records"]:
        org = orgs[record["tax_code"] or record["name"]]
        assert org.name == record["name"]
        assert org.charter_capital_vnd == record["charter_capital_vnd"]
        expected_status = "active" if record["status"] == "not_reorganized" else record["status"]
        assert org.current_status == Status(expected_status)
        assert org.not_reorganized == (record["status"] == "not_reorganized")
    changes = session.exec(select(ImportChange).where(ImportChange.batch_id == batch.id)).all()
    rows = sorted(r["row"] for r in info["records"])
    for table in ("organisation", "status_event"):  # each with its first status
        assert sorted(c.row for c in changes if c.table_name == table) == rows
    assert session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.IMPORT)).first()


def test_the_same_file_again_changes_nothing(session, samples):
    path = samples / "coops_tcvn3.ods"
    commit(session, plan(session, path))
    before = _export(session)
    again = plan(session, path)
    assert again.counts() == {"unchanged": 20}
    assert commit(session, again) is None
    assert _export(session) == before


def test_undo_restores_the_exact_previous_state(session, samples):
    commit(session, plan(session, samples / "coops_vni.xls"))
    before = _export(session)
    batch = commit(session, plan(session, samples / "coops_district_list.xlsx"))
    assert _export(session) != before
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert _export(session) == before
    with pytest.raises(DomainError):
        undo_batch(session=session, batch=batch, scope=EVERYWHERE)


def test_undo_is_refused_when_a_record_was_edited_after(session, samples):
    batch = commit(session, plan(session, samples / "coops_vni.xls"))
    org = session.exec(select(Organisation)).first()
    org.director_name = "Người Sửa Sau"
    session.add(org)
    session.flush()
    with pytest.raises(DomainError) as refused:
        undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert "đã được sửa hoặc xoá sau lô này" in refused.value.vi


def test_a_near_name_is_left_for_a_person(session, samples):
    commit(session, plan(session, samples / "coops_vni.xls"))
    org = session.exec(select(Organisation).where(Organisation.tax_code.is_(None))).first()
    org.name = org.name + " Mới"
    session.add(org)
    session.flush()
    outcomes = plan(session, samples / "coops_vni.xls").outcomes
    review = [o for o in outcomes if o.action == "review"]
    assert [o.organisation_id for o in review] == [org.id]

    key = f"{review[0].sheet}!{review[0].row}"
    same = plan(session, samples / "coops_vni.xls", decisions={key: org.id}).outcomes
    (settled,) = [o for o in same if o.row == review[0].row]
    assert settled.action == "update" and settled.changes["name"][0] == org.name
    other = plan(session, samples / "coops_vni.xls", decisions={key: 0}).outcomes
    (settled,) = [o for o in other if o.row == review[0].row]
    assert settled.action == "new" and "decided_by_user" in settled.issues


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a workbook", "không phải là bảng tính"),
        (b"PK\x03\x04truncated", "không phải là bảng tính"),
        # A web page is read as Excel opens one, and refused when it holds no list.
        (b"\xef\xbb\xbf<html><body><table><tr><td>STT</td></tr></table>", "không tìm thấy bảng"),
    ],
)
def test_broken_files_are_refused(session, tmp_path, content, message):
    path = tmp_path / "hong.xlsx"
    path.write_bytes(content)
    with pytest.raises(Refused) as refused:
        plan(session, path)
    assert message in refused.value.vi and "hong.xlsx" in refused.value.vi


def test_empty_and_header_only_workbooks_are_refused(session, tmp_path):
    with pytest.raises(Refused) as empty:
        plan(session, workbook(tmp_path, [], "rong.xlsx"))
    assert "không có dữ liệu" in empty.value.vi
    header = ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Xã"]
    with pytest.raises(Refused) as header_only:
        plan(session, workbook(tmp_path, [header], "tieude.xlsx"))
    assert "không có dòng dữ liệu" in header_only.value.vi


def test_a_row_with_a_bad_cell_is_rejected_naming_sheet_row_and_column(session, tmp_path):
    rows = [
        ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Xã", "Số thành viên"],
        [1, "HTX NN Thử Lỗi", "5990000001", "Chư Păh", "Ia Nhin", "nhiều lắm"],
    ]
    outcome = plan(session, workbook(tmp_path, rows)).outcomes[0]
    assert outcome.action == "rejected"
    assert outcome.reasons == ["Trang «DS», dòng 2, cột F: «nhiều lắm» không phải là số lượng."]


def test_cli_exit_codes_and_report(fresh_database, samples, tmp_path):
    url = fresh_database("import_cli")
    runner = CliRunner()
    runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)
    runner.invoke(cli, ["--db", url, "units", "load"], catch_exceptions=False)
    report = tmp_path / "r.json"
    dry = runner.invoke(
        cli,
        [
            "--db",
            url,
            "import",
            str(samples / "coops_vni.xls"),
            "--dry-run",
            "--report",
            str(report),
        ],
    )
    assert dry.exit_code == 0 and "(chạy thử, không ghi gì)" in dry.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["counts"] == {"new": 25} and len(data["rows"]) == 25
    # Every row below the header that is not a record is reported, with why.
    assert [(r["row"], r["kind"]) for r in data["set_aside"]] == [
        (8, "column_numbers"),
        (24, "repeated_header"),
        (25, "column_numbers"),
        (36, "total"),
        (38, "end"),
        (39, "end"),
        (43, "end"),
    ]
    assert "dòng không phải bản ghi: 2 dòng đánh số cột, 3 ghi chú, chữ ký," in dry.output
    assert [(c["row"], c["field"], c["agrees"]) for c in data["total_checks"]] == [
        (36, "members", True),
        (36, "charter_capital", True),
    ]
    done = runner.invoke(cli, ["--db", url, "import", str(samples / "coops_vni.xls")])
    assert done.exit_code == 0 and "→ lô nhập số 1" in done.output
    (tmp_path / "x.xlsx").write_bytes(b"nope")
    refused = runner.invoke(cli, ["--db", url, "import", str(tmp_path / "x.xlsx")])
    assert refused.exit_code == 1 and "x.xlsx" in refused.output
    assert runner.invoke(cli, ["--db", url, "import", "--kind", "cats", "a.xlsx"]).exit_code == 2
    assert runner.invoke(cli, ["--db", url, "undo-import", "1"]).exit_code == 0


def test_limits_are_checked_before_and_while_reading(tmp_path):
    import zipfile

    from importers.readers import Limits, UnreadableFile, read_spreadsheet

    bomb = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/big.xml", b"0" * (3 * 2**20))  # 3 MB of zeros, a few KB packed
    with pytest.raises(UnreadableFile) as inflated:
        read_spreadsheet(bomb, Limits(max_inflated_bytes=2**20))
    assert "giải nén ra 3 MB" in inflated.value.vi
    rows = [["STT", "Tên hợp tác xã"]] + [[i, f"HTX {i}"] for i in range(30)]
    path = workbook(tmp_path, rows)
    with pytest.raises(UnreadableFile) as too_many:
        read_spreadsheet(path, Limits(max_rows=10))
    assert "31 dòng" in too_many.value.vi
    long = workbook(tmp_path, [["STT", "Tên hợp tác xã"], [1, "x" * 200]], "dai.xlsx")
    with pytest.raises(UnreadableFile) as too_long:
        read_spreadsheet(long, Limits(max_cell_chars=100))
    assert "dòng 2, cột B" in too_long.value.vi


def test_members_after_their_cooperatives(session, samples, expected):
    from registry.models import Contribution, Membership, Person

    commit(session, plan(session, samples / "coops_district_list.xlsx"))
    members = plan(session, samples / "members.csv")
    assert members.kind == "members"
    counts = members.counts()
    invalid = expected["files"]["members.csv"]["totals"]["invalid_rows"]
    over_cap = [o for o in members.outcomes if "Vốn góp vượt mức tối đa" in " ".join(o.reasons)]
    assert counts["rejected"] == invalid + len(over_cap)
    batch = commit(session, members)
    assert session.exec(select(Membership)).all().__len__() == counts["new"]
    for shared in expected["files"]["members.csv"]["totals"]["persons_in_two_cooperatives"]:
        person = session.exec(select(Person).where(Person.id_number == shared["id_number"])).one()
        assert len(person.memberships) == 2
        # The batch's change rows are each record's trail: its source row and its file (a
        # contribution's is its membership's organisation).
        contributions = [c for m in person.memberships for c in m.contributions]
        assert contributions
        for record in (person, *person.memberships, *contributions):
            change = session.exec(
                select(ImportChange).where(
                    ImportChange.table_name == record.__tablename__,
                    ImportChange.record_id == record.id,
                )
            ).one()
            assert (change.batch_id, change.action) == (batch.id, "create")
            assert change.organisation_id is not None
            if not isinstance(record, Person):
                assert change.organisation_id == audit._organisation_id(session, record)
        assert person.memberships[0].organisation_id
    # One audit entry for the batch, none per record.
    created = select(AuditEntry).where(
        AuditEntry.table_name.in_(["person", "membership", "contribution"]),
    )
    assert session.exec(created).all() == []
    imports = select(AuditEntry).where(
        AuditEntry.action == AuditAction.IMPORT, AuditEntry.record_id == str(batch.id)
    )
    assert len(session.exec(imports).all()) == 1
    noted = select(ImportChange).where(ImportChange.batch_id == batch.id)
    assert len(session.exec(noted).all()) == (
        len(session.exec(select(Person)).all())
        + counts["new"]
        + len(session.exec(select(Contribution)).all())
    )
    assert plan(session, samples / "members.csv").counts().get("new", 0) == 0
    first_ids = {p.id for p in session.exec(select(Person))}
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert session.exec(select(Membership)).all() == []
    assert session.exec(select(Person)).all() == []
    # Imported again: new ids, never those of the undone persons, whom the log still names.
    commit(session, plan(session, samples / "members.csv"))
    again = {p.id for p in session.exec(select(Person))}
    assert again and min(again) > max(first_ids)


def test_members_of_an_unknown_cooperative_are_rejected(session, samples):
    outcomes = plan(session, samples / "members.csv").outcomes
    assert {o.action for o in outcomes} == {"rejected"}
    assert "chưa có trong cơ sở dữ liệu" in outcomes[0].reasons[0]


def test_an_update_changes_only_what_differs_and_undoes_exactly(session, samples):
    commit(session, plan(session, samples / "coops_vni.xls"))
    org = session.exec(select(Organisation).where(Organisation.tax_code.is_not(None))).first()
    original = org.director_name
    org.director_name = "Giám Đốc Mới"
    org.charter_capital_vnd = 1
    session.add(org)
    session.flush()
    edited = _export(session)
    update = plan(session, samples / "coops_vni.xls")
    changed = [o for o in update.outcomes if o.action == "update"]
    assert [o.organisation_id for o in changed] == [org.id]
    assert changed[0].changes["director_name"] == ["Giám Đốc Mới", original]
    assert set(changed[0].changes) == {"director_name", "charter_capital_vnd"}
    batch = commit(session, update)
    session.refresh(org)
    assert org.director_name == original
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert _export(session) == edited


DUPLICATED = [
    ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Số thành viên", "Số TV"],
    [1, "HTX NN Hai Cột", "5990000002", "Chư Păh", 12, 15],
]


def test_duplicate_headers_are_asked_about_then_read_as_corrected(session, tmp_path):
    path = workbook(tmp_path, DUPLICATED)
    with pytest.raises(Refused, match="nhiều cột cùng là «Số thành viên»") as refused:
        plan(session, path)
    assert refused.value.en.endswith("several columns read as 'Members'; choose the right one.")
    assert [m["field"] for m in refused.value.mapping][-2:] == ["members", "members"]
    corrections = {"so thanh vien": ""}  # the clerk: column E is not to be read
    outcome = plan(session, path, corrections=corrections).outcomes[0]
    assert outcome.action == "new"
    batch = commit(session, plan(session, path, corrections=corrections))
    assert batch is not None


def test_a_title_naming_a_field_plainly_wins_over_a_synonym_beside_it(session, tmp_path):
    """``Tổng tài sản`` and ``Vốn hoạt động`` (a synonym of total assets where it stands
    alone) side by side: the first is the total assets, the other is not read; the file was
    refused as holding two columns of total assets."""
    from importers.mapping import map_columns

    headers = ["STT", "Tên HTX", "Tổng tài sản", "Vốn hoạt động", "Số thành viên", "Số TV"]
    mapped = map_columns(headers, "annual_figures")
    assert (mapped[2], 3 in mapped) == ("total_assets", False)
    assert mapped[4] == mapped[5] == "members_total"  # two synonyms: the clerk is asked


def test_a_unit_given_for_the_file_places_rows_that_name_none(session, tmp_path):
    from registry.enums import UnitScheme
    from registry.services.units import unit_by_code

    rows = [
        ["STT", "Tên hợp tác xã", "Mã số thuế", "Số thành viên"],
        [1, "HTX Không Địa Chỉ", "", 9],
    ]
    path = workbook(tmp_path, rows)
    assert plan(session, path).outcomes[0].reasons == ["Không xác định được huyện/xã của tổ chức."]
    chu_pah = unit_by_code(session, UnitScheme.LEGACY, "627")
    outcome = plan(session, path, unit=chu_pah).outcomes[0]
    assert outcome.action == "new" and outcome.values["legacy_unit_id"] == chu_pah.id


def test_cli_unit_and_profile(fresh_database, tmp_path):
    from sqlmodel import Session

    from importers.profiles import save_profile
    from registry.db import make_engine

    url = fresh_database("import_cli_profile")
    runner = CliRunner()
    runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)
    runner.invoke(cli, ["--db", url, "units", "load"], catch_exceptions=False)
    path = workbook(tmp_path, DUPLICATED)
    assert runner.invoke(cli, ["--db", url, "import", str(path)]).exit_code == 1
    engine = make_engine(url)
    with Session(engine) as session:
        save_profile(session, "Biểu huyện", "organisations", {"so thanh vien": ""}, None)
        session.commit()
    engine.dispose()
    # Refused, as every command refuses a unit or a profile that names nothing.
    assert (
        runner.invoke(cli, ["--db", url, "import", str(path), "--profile", "nope"]).exit_code == 1
    )
    assert runner.invoke(cli, ["--db", url, "import", str(path), "--unit", "99999"]).exit_code == 1
    # A name, as a clerk types it (it was "no unit", in English): one unit alone bears it, a
    # district before its namesake commune; two of a name are named with their codes.
    twice = runner.invoke(cli, ["--db", url, "import", str(path), "--unit", "Nhơn Hòa"])
    assert twice.exit_code == 1 and "legacy:21943" in twice.output and "hãy ghi mã" in twice.output
    for unit in ("Chư Păh", "legacy:Huyện Chư Păh", "627"):  # the last one writes
        done = runner.invoke(
            cli,
            ["--db", url, "import", str(path), "--profile", "Biểu huyện", "--unit", unit]
            + (["--dry-run"] if unit != "627" else []),
        )
        assert done.exit_code == 0 and "1 mới" in done.output, done.output


def test_progress_is_told_the_rows_and_each_one(session, samples):
    seen = []

    def progress(total):
        seen.append(total)
        return lambda: seen.append("row")

    result = plan(session, samples / "coops_vni.xls", progress=progress)
    assert seen == [25] + ["row"] * 25 and len(result.outcomes) == 25


def test_every_issue_code_is_told_in_words():
    import pathlib
    import re as _re

    from importers.results import ISSUES

    source = "\n".join(p.read_text() for p in pathlib.Path("importers").rglob("*.py"))
    codes = set(_re.findall(r'issues\.append\("([a-z_]+)"\)', source))
    codes |= set(_re.findall(r'Flagged\(None, "([a-z_]+)"\)', source))
    codes |= set(_re.findall(r'issue="([a-z_]+)"', source))
    assert codes and codes <= set(ISSUES)


def test_cli_shows_a_progress_bar_on_a_terminal(fresh_database, samples):
    import os
    import pty
    import subprocess
    import sys

    url = fresh_database("import_cli_tty")
    runner = CliRunner()
    runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)
    runner.invoke(cli, ["--db", url, "units", "load"], catch_exceptions=False)
    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "registry", "--db", url, "import"]
    done = subprocess.run(
        [*command, str(samples / "coops_vni.xls"), "--dry-run"],
        stdout=subprocess.PIPE,
        stderr=secondary,
        timeout=120,
    )
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closed once the command ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert done.returncode == 0
    assert b"coops_vni.xls" in shown and b"100%" in shown, shown


def test_a_district_list_of_a_shape_the_samples_do_not_have(session, tmp_path):
    """Merged address title over commune and village columns, sector groups (not district
    groups), thousands of đồng, a total row and a signature block."""
    path = tmp_path / "kbang.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS HTX")
    sheet.write(0, 0, "ỦY BAN NHÂN DÂN HUYỆN KBANG")
    sheet.write(3, 0, "DANH SÁCH CÁC HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN NĂM 2022")
    sheet.write(5, 8, "ĐVT: 1.000 đồng")
    for column, title in enumerate(["TT", "Tên hợp tác xã"]):
        sheet.merge_range(6, column, 7, column, title)
    sheet.merge_range(6, 2, 6, 3, "Địa chỉ trụ sở")
    sheet.write_row(7, 2, ["Xã, thị trấn", "Thôn, làng"])
    for column, title in enumerate(
        ["Ngày thành lập", "Mã số HTX", "Giám đốc", "Số thành viên", "Vốn điều lệ", "Lĩnh vực"],
        start=4,
    ):
        sheet.merge_range(6, column, 7, column, title)
    rows = [
        ["A", "HTX NÔNG NGHIỆP"],
        [
            1,
            "HTX NN DV Kon Pne",
            "Xã Kon Pne",
            "Làng Kon Pne",
            "15/3/2016",
            "5901234567",
            "Đinh Văn Ưng",
            25,
            500000,
            "Nông nghiệp",
        ],
        [
            2,
            "Hợp tác xã cà phê Đak Smar",
            "Đak Smar",
            "",
            "2017",
            "5901234569",
            "ĐINH VĂN HLÚI",
            12,
            "1.200.000",
            "Trồng trọt",
        ],
        ["B", "HTX PHI NÔNG NGHIỆP"],
        [
            3,
            "HTX Xây dựng và Thương mại Tơ Tung",
            "Tơ Tung",
            "Thôn 2",
            "năm 2009",
            "",
            "Phan Thị Lụa",
            7,
            "",
            "Xây dựng",
        ],
        ["", "Cộng", "", "", "", "", "", 44, 1700000],
    ]
    for offset, row in enumerate(rows):
        sheet.write_row(8 + offset, 0, row)
    sheet.write(16, 1, "NGƯỜI LẬP BIỂU")
    sheet.write(16, 7, "KT. CHỦ TỊCH")
    book.close()

    preview = plan(session, path)
    assert preview.counts() == {"new": 3}
    batch = commit(session, preview)
    created = select(ImportChange.record_id).where(ImportChange.batch_id == batch.id)
    orgs = {
        o.name: o for o in session.exec(select(Organisation).where(Organisation.id.in_(created)))
    }
    kon_pne = orgs["Hợp tác xã Nông nghiệp Dịch vụ Kon Pne"]
    assert kon_pne.address == "Làng Kon Pne, Xã Kon Pne"
    assert kon_pne.charter_capital_vnd == 500_000_000  # thousands of đồng
    assert kon_pne.founded_on == date(2016, 3, 15)
    assert session.get(AdminUnit, kon_pne.legacy_unit_id).name.endswith("Kon Pne")
    smar = orgs["Hợp tác xã Cà phê Đak Smar"]
    assert (smar.sector, smar.charter_capital_vnd, smar.director_name) == (
        Sector.AGRICULTURE,
        1_200_000_000,
        "Đinh Văn Hlúi",
    )
    assert smar.address is None  # only the commune: the units say it
    to_tung = orgs["Hợp tác xã Xây dựng và Thương mại Tơ Tung"]
    assert (to_tung.sector, to_tung.address) == (Sector.CONSTRUCTION, "Thôn 2, Tơ Tung")


@pytest.mark.parametrize(
    ("title", "day"),
    [
        ("(Tính đến ngày 31/12/2023)", date(2023, 12, 31)),
        ("TỔNG HỢP CÔNG NỢ CỦA CÁC HTX ĐẾN 30/6/2024", date(2024, 6, 30)),
        ("Số liệu tính đến ngày 31 tháng 12 năm 2023", date(2023, 12, 31)),
        ("Tại thời điểm 31-12-2022", date(2022, 12, 31)),
        ("Danh sách hợp tác xã năm 2023", date(2023, 12, 31)),
        ("BÁO CÁO TÌNH HÌNH HTX 6 THÁNG ĐẦU NĂM 2024", date(2024, 6, 30)),
        ("Pleiku, ngày 10 tháng 12 năm 2023", date(2023, 12, 10)),
        ("Pleiku, ngày .... tháng 11 năm 2023", date(2023, 11, 30)),
        ("Danh sách hợp tác xã", None),
        ("(Kèm theo Báo cáo số 125/BC-UBND ngày 10/12/2023 của UBND huyện)", None),
        ("Thực hiện Kế hoạch số 655/KH-UBND năm 2023", None),
        ("Tính đến ngày 31/02/2023", None),
    ],
)
def test_the_date_a_title_states(title, day):
    from importers.readers import Sheet
    from importers.sheets import stated_date

    assert stated_date(Sheet(name="S", rows=[["", title]])) == day


@pytest.mark.parametrize(
    ("title", "signed", "day"),
    [
        ("NĂM 2023", "Chư Sê, ngày 10 tháng 12 năm 2023", date(2023, 12, 10)),
        ("NĂM 2023", "Chư Sê, ngày 15 tháng 01 năm 2024", date(2023, 12, 31)),
        ("6 THÁNG ĐẦU NĂM 2023", "Chư Sê, ngày 10 tháng 7 năm 2023", date(2023, 6, 30)),
        ("", "Chư Sê, ngày 10 tháng 12 năm 2023", date(2023, 12, 10)),
        ("", "", None),
    ],
)
def test_a_list_is_dated_by_its_title_and_the_day_signed_below_it(
    tmp_path, session, title, signed, day
):
    """The day a list was signed, below its table, dates it within the year its title
    names; a note in the table's own cells, dated, is no signature."""
    from importers.readers import read_any
    from importers.sheets import find_kind, stated_date

    rows = [
        [f"DANH SÁCH HỢP TÁC XÃ {title}".strip()],
        ["TT", "Tên HTX", "Địa chỉ", "Ghi chú"],
        [1, "HTX NN Ia Blang", "Xã Ia Blang", "Giải thể ngày 12 tháng 5 năm 2020"],
        [2, "HTX NN Ia Pal", "Xã Ia Pal", "Pleiku, ngày 1 tháng 3 năm 2021"],
        [],
        ["", "", "", signed],
    ]
    (sheet,) = read_any(workbook(tmp_path, rows))
    _kind, tables = find_kind(sheet, "organisations")
    assert stated_date(sheet, tables) == day


def test_names_near_only_in_type_and_sector_words_are_not_near():
    from importers.matching import _near
    from importers.names import match_key

    def near(a, b):
        return _near(match_key(a), match_key(b))

    assert near("Hợp tác xã Nông nghiệp Đồng Tâm", "Hợp tác xã Nông nghiệp Đồng Tâm Mới")
    assert near("Hợp tác xã Nông nghiệp Ia Grai", "Hợp tác xã Nông nghiệp Ia Gray")
    assert not near(
        "Hợp tác xã Dịch vụ Nông nghiệp Chư Răng", "Hợp tác xã Nông nghiệp Dịch vụ Cao su"
    )
    assert not near("Hợp tác xã Nông nghiệp Ia Sao", "Hợp tác xã Nông nghiệp Ia O")
    assert near("Hợp tác xã Tâm An", "Hợp tác xã Nông nghiệp Tâm An")  # sector words left out


def test_a_different_tax_code_is_a_different_organisation(session, tmp_path):
    def listing(tax_code, name):
        header = ["STT", "Tên hợp tác xã", "Mã số thuế", "Xã", "Huyện"]
        row = [1, "HTX NN Hòa Bình", tax_code, "Ia Ka", "Chư Păh"]
        return workbook(tmp_path, [header, row], name)

    commit(session, plan(session, listing("5909990001", "a.xlsx")))
    (outcome,) = plan(session, listing("5909990002", "b.xlsx")).outcomes
    assert outcome.action == "new"
    (outcome,) = plan(session, listing("", "c.xlsx")).outcomes
    assert outcome.action == "unchanged"  # no tax code: the name in the district decides


def test_merged_cells_a_district_beside_its_cooperatives_and_a_record_over_two_rows(
    session, tmp_path
):
    """A district merged over its cooperatives gives it to each; a record whose cells are
    merged over a second row (a second phone number) stays one record, with both numbers."""
    path = tmp_path / "merged.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["STT", "Huyện", "Tên hợp tác xã", "Mã số thuế", "Điện thoại"])
    sheet.merge_range(1, 1, 3, 1, "Chư Păh")
    for column, value in ((0, 1), (2, "HTX NN Hòa Phú"), (3, "5909990011")):
        sheet.merge_range(1, column, 2, column, value)
    sheet.write(1, 4, "0905111222")
    sheet.write(2, 4, "0269 3822 333")
    sheet.write_row(3, 0, [2, None, "HTX NN Nghĩa Hưng", "5909990012", "0905333444"])
    book.close()
    outcomes = plan(session, path).outcomes
    assert [(o.row, o.action) for o in outcomes] == [(2, "new"), (4, "new")]
    first, second = (o.values for o in outcomes)
    assert first["phone"] == "0905111222; 02693822333"
    assert first["legacy_unit_id"] is not None
    assert second["legacy_unit_id"] == first["legacy_unit_id"]  # Chư Păh, from the merge


def test_row_reasons_in_english_on_request(fresh_database, tmp_path):
    url = fresh_database("import_cli_en")
    runner = CliRunner()
    runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)
    rows = [
        ["STT", "Tên hợp tác xã", "Mã số thuế", "Số thành viên"],
        [1, "HTX Không Địa Chỉ", "599458599", 9],
    ]
    path = workbook(tmp_path, rows)
    report = tmp_path / "r.json"
    args = ["import", str(path), "--dry-run", "--report", str(report)]
    english = runner.invoke(cli, ["--db", url, "--lang", "en", *args])
    assert english.exit_code == 3  # a row rejected (nothing written: a dry run)
    assert "The organisation's district or commune cannot be told." in english.output
    assert "test.xlsx / DS: 1 rejected (dry run, nothing written)" in english.output
    assert f"figures as of {date.today():%d/%m/%Y} (--as-of" in english.output  # no day said
    (row,) = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert row["reasons"] == ["The organisation's district or commune cannot be told."]
    vietnamese = runner.invoke(cli, ["--db", url, *args])
    assert "Không xác định được huyện/xã của tổ chức." in vietnamese.output
    (row,) = json.loads(report.read_text(encoding="utf-8"))["rows"]
    assert row["reasons"] == ["Không xác định được huyện/xã của tổ chức."]
    assert row["issues"] == ["tax_code_invalid_length"]


def test_every_issue_is_told_in_both_languages():
    from importers.messages import in_language
    from importers.results import ISSUES

    for code, text in ISSUES.items():
        assert in_language(text, "en") != in_language(text, "vi"), code


@pytest.fixture(params=["lists", "demo"])
def filled_registry(request, session, samples):
    """The registry holding the sample lists, or demo data: namesakes in one commune without
    a tax code, minority-language commune names (Ia Boòng), old certificate numbers."""
    if request.param == "lists":
        for name in ("coops_district_list.xlsx", "coops_vni.xls", "coops_tcvn3.ods"):
            commit(session, plan(session, samples / name))
    else:
        from registry import demo

        demo.generate(session.connection(), cooperatives=3000, members=3000, seed=1)
    return session


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_registrys_own_export_imports_back_unchanged(filled_registry, tmp_path, fmt):
    """An export of the organisations read back changes nothing: units by their codes (the
    export's commune is the current one, which a legacy name would have mistaken), partial
    dates as it writes them (``2014-01``), the reorganisation flag said in a column (it was
    cleared wherever the status did not repeat it)."""
    from registry.export import organisation_rows, write_csv, write_xlsx

    path = tmp_path / f"xuat.{fmt}"
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            write_csv(organisation_rows(filled_registry), out)
    else:
        with path.open("wb") as out:
            write_xlsx(organisation_rows(filled_registry), out)
    preview = plan(filled_registry, path)
    count = len(filled_registry.exec(select(Organisation)).all())
    assert preview.counts() == {"unchanged": count}, [
        (o.row, o.changes, o.reasons) for o in preview.outcomes if o.action != "unchanged"
    ]


def test_a_status_the_rules_would_not_allow_directly_is_recorded_as_the_file_says(
    session, tmp_path
):
    from registry.models import StatusEvent
    from registry.services.organisations import record_status

    header = ["Tên HTX", "Mã số thuế", "Huyện", "Xã", "Tình trạng"]
    first = workbook(
        tmp_path,
        [header, ["HTX NN Dừng Lâu", "5990000021", "Chư Păh", "Ia Nhin", "Đang hoạt động"]],
        name="a.xlsx",
    )
    commit(session, plan(session, first, as_of=date(2023, 12, 31)))
    org = session.scalars(select(Organisation).where(Organisation.tax_code == "5990000021")).one()
    record_status(
        session=session, organisation=org, status=Status.SUSPENDED, effective_on=date(2024, 5, 1)
    )
    later = workbook(
        tmp_path,
        [header, ["HTX NN Dừng Lâu", "5990000021", "Chư Păh", "Ia Nhin", "Đã giải thể"]],
        name="b.xlsx",
    )
    preview = plan(session, later, as_of=date(2025, 6, 30))
    (row,) = preview.outcomes
    assert row.action == "update" and "status_steps_missing" in row.issues
    batch = commit(session, preview)
    assert batch is not None
    session.refresh(org)
    assert org.current_status == Status.DISSOLVED and org.status_since == date(2025, 6, 30)
    event = session.scalars(
        select(StatusEvent).where(StatusEvent.organisation_id == org.id).order_by(StatusEvent.id)
    ).all()[-1]
    assert "«Đang làm thủ tục giải thể»" in event.review_note
    # A list dated before a status recorded since, which cannot follow it: refused, no crash.
    other = workbook(
        tmp_path,
        [header, ["HTX NN Tạm Dừng", "5990000022", "Chư Păh", "Ia Nhin", "Đang hoạt động"]],
        name="c.xlsx",
    )
    commit(session, plan(session, other, as_of=date(2023, 12, 31)))
    paused = session.scalars(
        select(Organisation).where(Organisation.tax_code == "5990000022")
    ).one()
    record_status(
        session=session, organisation=paused, status=Status.SUSPENDED, effective_on=date(2024, 5, 1)
    )
    before = workbook(
        tmp_path,
        [header, ["HTX NN Tạm Dừng", "5990000022", "Chư Păh", "Ia Nhin", "Đã giải thể"]],
        name="d.xlsx",
    )
    (row,) = plan(session, before, as_of=date(2024, 3, 1)).outcomes
    assert row.action == "rejected"
    assert "Không thể chuyển trạng thái từ «Đã giải thể» sang «Tạm ngừng" in row.notes()[0]


def test_status_phrases_of_degree_become_findings_dated_by_the_list(session, tmp_path):
    from registry.enums import OperatingState
    from registry.models import Observation

    rows = [
        ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Xã", "Tình trạng"],
        [1, "HTX NN Hoạt Động Yếu", "5990000101", "Chư Păh", "Ia Nhin", "HĐ kém hiệu quả"],
        [2, "HTX NN Ngưng Hẳn", "5990000102", "Chư Păh", "Ia Nhin", "không hoạt động"],
        [3, "HTX NN Bình Thường", "5990000103", "Chư Păh", "Ia Nhin", "Đang hoạt động"],
    ]
    path = workbook(tmp_path, rows, "tinh-trang.xlsx")
    preview = plan(session, path, as_of=date(2025, 6, 30))
    assert preview.counts() == {"new": 3}
    batch = commit(session, preview)
    found = {
        o.organisation_id: (o.observed_on, o.state, o.source.value)
        for o in session.exec(select(Observation))
    }
    orgs = {o.tax_code: o for o in session.exec(select(Organisation))}
    assert orgs["5990000101"].current_status == Status.ACTIVE  # legally active, weakly so
    assert found == {
        orgs["5990000101"].id: (date(2025, 6, 30), OperatingState.WEAK, "imported_list"),
        orgs["5990000102"].id: (date(2025, 6, 30), OperatingState.NOT_OPERATING, "imported_list"),
    }
    again = plan(session, path, as_of=date(2025, 6, 30))
    assert again.counts() == {"unchanged": 3}
    later = plan(session, path, as_of=date(2025, 12, 31))  # the same list, a later finding
    assert later.counts() == {"update": 2, "unchanged": 1}
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert session.exec(select(Observation)).all() == []
