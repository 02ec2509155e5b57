"""The ``registry`` command, end to end on a real database file or schema."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from registry.cli import cli


def test_help_lists_every_command():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("db", "units", "demo", "user", "serve", "export"):
        assert command in result.output


def test_the_commands_own_help_speaks_the_language_asked_for():
    """Every command's and option's help has its Vietnamese, shown by default (it was English
    under Vietnamese framework words: ``Cách dùng:``, ``Tuỳ chọn:``); English with ``--lang
    en``, read from the command line before click parses it."""
    import gettext

    from registry.cli_language import help_texts, speak

    speak("vi")
    untranslated = [text for text in help_texts(cli) if gettext.gettext(text) == text]
    assert untranslated == []
    vi = CliRunner().invoke(cli, ["import", "--help"])
    assert "Nhập một bảng tính cũ trong một lần ghi" in vi.output
    assert "Cho biết sẽ xảy ra gì; không ghi gì." in vi.output
    listed = CliRunner().invoke(cli, ["--help"])
    assert "Tài khoản người dùng." in listed.output and "User accounts." not in listed.output
    en = CliRunner().invoke(cli, ["--lang", "en", "import", "--help"])
    assert "Import a legacy spreadsheet in one transaction" in en.output
    assert "Report what would happen; write nothing." in en.output and "Cách" not in en.output
    speak("vi")


def test_usage_errors_exit_2(run):
    assert run("demo", "--cooperatives", "zero").exit_code == 2
    assert run("export", "organisations", "--format", "pdf").exit_code == 2
    assert CliRunner().invoke(cli, ["no-such-command"]).exit_code == 2


def test_click_s_own_messages_speak_the_language_asked_for(tmp_path, monkeypatch):
    """A mistyped file or command is told in Vietnamese, or in English with ``--lang en``
    (click's words came in English whatever the language asked for); an error in the options
    before ``--lang`` is told in the language it asks for, read from the command line first."""
    import subprocess
    import sys

    from registry.cli_language import asked

    missing = str(tmp_path / "khong-co.xlsx")
    vi = CliRunner().invoke(cli, ["import", missing])
    assert vi.exit_code == 2
    assert "Lỗi: Giá trị không hợp lệ ở 'PATH': Không tìm thấy" in vi.output
    assert "Cách dùng: cli import" in vi.output and "Error" not in vi.output
    en = CliRunner().invoke(cli, ["--lang", "en", "import", missing])
    assert "Error: Invalid value for 'PATH': File" in en.output and "Lỗi" not in en.output
    unknown = CliRunner().invoke(cli, ["imprt"])
    assert "Không có lệnh 'imprt'. Có phải ý là 'import'" in unknown.output
    monkeypatch.delenv("REGISTRY_LANG", raising=False)
    assert [asked(w) for w in (["--lang", "en", "x"], ["--lang=en"], ["x"])] == ["en", "en", "vi"]
    monkeypatch.setenv("REGISTRY_LANG", "en")
    assert asked(["--db"]) == "en"
    done = subprocess.run(
        [sys.executable, "-m", "registry", "--lang", "en", "--db"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "Error: Option '--db' requires an argument." in done.stderr


def test_units_load_is_idempotent(run):
    assert "539 đơn vị hành chính, 376 cặp xã cũ → xã mới" in run("units", "load").output
    assert "539 units, 376 commune mappings" in run("--lang", "en", "units", "load").output


def test_demo_then_export_counts_match(run):
    result = run("demo", "--cooperatives", "40", "--members", "900", "--seed", "7")
    assert result.exit_code == 0
    assert "  … tổ chức: 40" in result.output and "  … xong trong " in result.output
    assert result.output.splitlines()[-1].startswith("40 tổ chức, ")
    assert "900 thành viên" in result.output
    rows = json.loads(run("export", "organisations", "--format", "json").output)
    assert len(rows) == 40
    left_or_active = sum(r["members_on_register"] for r in rows)
    assert 800 < left_or_active <= 900  # a few members have left
    assert {r["status"] for r in rows} <= {
        "active",
        "suspended",
        "not_at_address",
        "revoked",
        "awaiting_dissolution",
        "dissolved",
        "bankrupt",
    }
    assert all(r["unit_code"] and r["district"] and r["commune"] for r in rows)


def test_demo_is_deterministic(fresh_database):
    exports = []
    for attempt in ("a", "b"):
        url = fresh_database(f"cli_determinism_{attempt}")
        runner = CliRunner()
        runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)
        runner.invoke(
            cli,
            ["--db", url, "demo", "--cooperatives", "25", "--members", "300", "--seed", "3"],
            catch_exceptions=False,
        )
        exports.append(runner.invoke(cli, ["--db", url, "export", "organisations"]).output)
    assert exports[0] == exports[1]


def test_export_csv_to_a_file(run, tmp_path):
    run("demo", "--cooperatives", "10", "--members", "100")
    target = tmp_path / "orgs.csv"
    result = run("export", "organisations", "--format", "csv", "--output", str(target))
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 10
    assert list(rows[0]) == [
        "name",
        "tax_code",
        "legacy_certificate_no",
        "org_type",
        "sector",
        "status",
        "not_reorganized",
        "founded_on",
        "charter_capital_vnd",
        "members_count",
        "members_as_of",
        "members_on_register",
        "district",
        "commune",
        "unit_code",
        "legacy_unit_code",
        "registry_id",
    ]


def test_user_create_reads_the_password_from_stdin_never_an_argument(run):
    run("units", "load")
    result = run(
        "user",
        "create",
        "canbo.chupah",
        "--role",
        "area_officer",
        "--scope",
        "legacy:627",
        "--password-stdin",
        input="mat-khau-du-dai\n",
    )
    assert result.exit_code == 0, result.output
    assert "canbo.chupah" in result.output


def test_refusals_exit_1_and_change_nothing(run):
    run("units", "load")
    args = ("user", "create", "thu.ky", "--role", "viewer", "--password-stdin")
    assert run(*args, input="mat-khau-du-dai\n").exit_code == 0
    again = run(*args, input="mat-khau-du-dai\n")
    assert again.exit_code == 1
    assert "đã có" in again.output
    short = run("user", "create", "khac", "--role", "viewer", "--password-stdin", input="ngan\n")
    assert short.exit_code == 1 and "ít nhất 10 ký tự" in short.output
    no_scope = run(
        "user",
        "create",
        "canbo",
        "--role",
        "area_officer",
        "--password-stdin",
        input="mat-khau-du-dai\n",
    )
    assert no_scope.exit_code == 1
    bad_unit = run(
        "user",
        "create",
        "canbo",
        "--role",
        "area_officer",
        "--scope",
        "legacy:999",
        "--password-stdin",
        input="mat-khau-du-dai\n",
    )
    assert bad_unit.exit_code == 1


def test_messages_in_english_on_request(run):
    run("units", "load")
    run("user", "create", "a.b", "--role", "viewer", "--password-stdin", input="mat-khau-du-dai\n")
    again = run(
        "--lang",
        "en",
        "user",
        "create",
        "a.b",
        "--role",
        "viewer",
        "--password-stdin",
        input="mat-khau-du-dai\n",
    )
    assert again.exit_code == 1
    assert "is taken" in again.output


def test_export_xlsx_is_formula_safe(run, tmp_path):
    from python_calamine import CalamineWorkbook

    run("demo", "--cooperatives", "5", "--members", "40")
    target = tmp_path / "orgs.xlsx"
    assert (
        run("export", "organisations", "--format", "xlsx", "--output", str(target)).exit_code == 0
    )
    rows = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "name" and len(rows) == 6
    assert isinstance(rows[1][8], float)  # charter capital stays a number
    assert run("export", "organisations", "--format", "xlsx").exit_code == 2


def test_a_database_made_by_db_upgrade_alone_imports_the_organisation_list(run, samples):
    imported = run("import", str(samples / "coops_district_list.xlsx"))
    assert imported.exit_code == 0, imported.output
    assert ": 40 mới → lô nhập số 1" in imported.output
    assert "số liệu tính đến ngày 31/12/2023" in imported.output  # the title's day, said


def test_what_the_command_line_writes_in_the_audit_log_and_says_is_in_either_language(
    run, samples, tmp_path
):
    """The audit log's summaries are written in both languages whatever wrote them, each
    reader seeing theirs; the command says what it did in the language asked for, every
    table by its word."""
    from sqlmodel import Session, select

    from registry.db import make_engine
    from registry.models import AuditEntry
    from tests.admin.labels_check import raw_values_in_text

    run("import", str(samples / "coops_district_list.xlsx"))
    undone = run("undo-import", "1")
    assert undone.output.strip() == (
        "Đã hoàn tác lô nhập số 1; đã xoá 40 tổ chức, 40 số liệu năm, 3 ghi nhận tình trạng "
        "hoạt động, 40 sự kiện trạng thái."
    )
    run("import", str(samples / "coops_district_list.xlsx"))
    english = run("--lang", "en", "undo-import", "2").output.strip()
    assert english == (
        "Import batch no. 2 undone; removed 40 × organisation, 40 × year's figures, "
        "3 × operating observation, 40 × status event."
    )
    exported = run("export", "organisations", "--format", "csv", "--output", str(tmp_path / "x"))
    assert "0 tổ chức → " in exported.output
    engine = make_engine(run.url)
    with Session(engine) as session:
        entries = session.exec(
            select(AuditEntry.summary, AuditEntry.summary_en).where(
                AuditEntry.summary_en.is_not(None)
            )
        ).all()
    engine.dispose()
    assert ("Hoàn tác lô nhập «coops_district_list.xlsx»",
            "Import batch 'coops_district_list.xlsx' undone") in entries  # fmt: skip
    assert ("Xuất 0 tổ chức thành tệp CSV, từ dòng lệnh.",
            "Exported 0 organisations as CSV, from the command line.") in entries  # fmt: skip
    assert ("coops_district_list.xlsx / DS HTX 31-12-2023: 40 mới",
            "coops_district_list.xlsx / DS HTX 31-12-2023: 40 new") in entries  # fmt: skip
    assert [vi for vi, _en in entries if raw_values_in_text(vi, "vi") or " from " in vi] == []
    assert [en for _vi, en in entries if raw_values_in_text(en, "en")] == []


def test_an_import_into_a_database_without_units_is_refused_saying_why(fresh_database, samples):
    from alembic import command

    from migrations import alembic_config

    url = fresh_database("cli_without_units")
    command.upgrade(alembic_config(url), "0005")  # the schema as it was before units shipped
    refused = CliRunner().invoke(
        cli, ["--db", url, "import", str(samples / "coops_district_list.xlsx")]
    )
    assert refused.exit_code == 1
    assert "chưa có danh mục đơn vị hành chính" in refused.output


def _with_rejected_rows(tmp_path, rejected: int):
    """An organisation list of one good row and ``rejected`` rows naming no place."""
    from tests.importers.conftest import workbook

    rows = [["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Xã"]]
    rows.append([1, "HTX Nông nghiệp Đúng Chỗ", "5990000011", "Chư Păh", "Ia Nhin"])
    rows += [[n + 2, f"HTX Không Chỗ {n}", "", "", ""] for n in range(rejected)]
    return workbook(tmp_path, rows)


def test_an_import_with_rejected_rows_commits_the_rest_and_exits_3(run, tmp_path):
    path = _with_rejected_rows(tmp_path, rejected=30)
    report = tmp_path / "r.json"
    result = run("import", str(path), "--report", str(report))
    assert result.exit_code == 3, result.output
    assert "1 mới, 30 bị từ chối → lô nhập số 1" in result.output
    listed = [line for line in result.output.splitlines() if ", dòng " in line]
    assert len(listed) == 20  # the first 20 only; the report has them all
    assert listed[0].endswith(": bị từ chối: Không xác định được huyện/xã của tổ chức."), listed
    assert "… và 10 dòng khác" in result.output
    assert "30 × Không xác định được huyện/xã của tổ chức." in result.output
    assert len(json.loads(report.read_text(encoding="utf-8"))["rows"]) == 31
    exported = run("export", "organisations", "--format", "json")
    assert len(json.loads(exported.output)) == 1


def test_the_report_written_in_parts_holds_every_row_on_a_line_of_its_own(
    run, tmp_path, monkeypatch
):
    import registry.cli

    monkeypatch.setattr(registry.cli, "REPORT_ROWS", 4)  # 31 rows: eight parts
    report = tmp_path / "r.json"
    run("import", str(_with_rejected_rows(tmp_path, rejected=30)), "--report", str(report))
    text = report.read_text(encoding="utf-8")
    rows = json.loads(text)["rows"]
    assert [r["row"] for r in rows] == list(range(2, 33))
    assert [r["action"] for r in rows[:2]] == ["new", "rejected"]
    lines = text.splitlines()
    start = lines.index(' "rows": [')
    assert [json.loads(line.rstrip(","))["row"] for line in lines[start + 1 : -1]] == list(
        range(2, 33)
    )
    assert lines[-1] == "]}"


def test_strict_writes_nothing_when_a_row_is_rejected(run, tmp_path):
    path = _with_rejected_rows(tmp_path, rejected=2)
    result = run("import", str(path), "--strict")
    assert result.exit_code == 1
    assert "với --strict, không có gì được ghi" in result.output
    assert json.loads(run("export", "organisations", "--format", "json").output) == []


def test_an_unexpected_error_exits_4_with_a_reference_and_changes_nothing(
    fresh_database, samples, monkeypatch, data_dir
):
    import importers.run

    url = fresh_database("cli_crash")
    runner = CliRunner()
    runner.invoke(cli, ["--db", url, "db", "upgrade"], catch_exceptions=False)

    def broken(session, plan_):
        session.add(importers.run.ImportBatch(file_name="x", sha256="0", sheet="x", kind="x"))
        session.flush()
        raise RuntimeError("a defect")

    monkeypatch.setattr(importers.run, "commit", broken)
    result = runner.invoke(cli, ["--db", url, "import", str(samples / "coops_vni.xls")])
    assert result.exit_code == 4
    reference = result.output.split("mã tham chiếu ")[1].split(")")[0]
    log = (data_dir / "logs" / "errors.log").read_text(encoding="utf-8")
    assert reference in log and "RuntimeError: a defect" in log
    exported = runner.invoke(cli, ["--db", url, "export", "organisations", "--format", "json"])
    assert json.loads(exported.output) == []


def test_user_create_answers_in_the_chosen_language(run):
    made = run("user", "create", "ke.hoach", "--role", "planner", "--password-stdin",
               input="mat-khau-du-dai\n")  # fmt: skip
    assert "đã tạo người dùng ke.hoach (Cán bộ kế hoạch cấp tỉnh)" in made.output
    made = run("--lang", "en", "user", "create", "ke.hoach2", "--role", "viewer",
               "--password-stdin", input="mat-khau-du-dai\n")  # fmt: skip
    assert "user ke.hoach2 (Read only) created" in made.output


@pytest.mark.parametrize(
    ("words", "named"),
    [
        (["--db", "sqlite://", "import", "ds.xlsx"], "ds.xlsx"),
        (
            ["import", "--kind", "members", "--sheet", "DS", "ds.xlsx", "--report", "r.json"],
            "ds.xlsx",
        ),
        (["--lang", "en", "--db", "import", "import", "ds.xlsx"], "ds.xlsx"),
        (["import", "--kind", "members"], None),
        (["units", "load", "import", "ds.xlsx"], None),
        (["--db", "import", "units", "load", "ds.xlsx"], None),
        (["db", "upgrade"], None),
        (["import", "khong-co.xlsx"], None),
    ],
)
def test_the_file_an_import_names_is_found_before_the_command_line_loads(
    tmp_path, monkeypatch, words, named
):
    from registry.__main__ import _imported_file

    monkeypatch.chdir(tmp_path)
    (tmp_path / "ds.xlsx").write_bytes(b"PK")
    (tmp_path / "members").mkdir()  # an option's value that is no file is passed over
    found = _imported_file(words)
    assert (found and str(found)) == named


def test_the_registry_command_ends_an_import_as_an_exit_would(run, tmp_path):
    """``registry import`` ends its process without the interpreter's teardown: its output,
    report, exit status and committed rows are all there, as after a normal exit."""
    import subprocess
    import sys

    path = _with_rejected_rows(tmp_path, rejected=2)
    report = tmp_path / "r.json"
    command = [sys.executable, "-m", "registry", "--db", run.url, "import", str(path)]
    done = subprocess.run(
        [*command, "--report", str(report)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 3, done.stderr
    assert "1 mới, 2 bị từ chối → lô nhập số 1" in done.stdout
    assert done.stderr.count(": bị từ chối: ") == 2
    assert len(json.loads(report.read_text(encoding="utf-8"))["rows"]) == 3
    exported = run("export", "organisations", "--format", "json")
    assert [o["name"] for o in json.loads(exported.output)] == ["Hợp tác xã Nông nghiệp Đúng Chỗ"]
    refused = subprocess.run(
        [*command, "--strict"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode == 1 and "với --strict" in refused.stderr


def test_the_entry_point_knows_every_option_of_the_command_that_takes_a_value():
    """``registry.__main__`` finds the command without loading the command line: the options
    it skips the value of must be the group's own."""
    import click

    from registry.__main__ import _VALUED

    valued = {
        name
        for p in cli.params
        if isinstance(p, click.Option) and not p.is_flag and not p.count
        for name in p.opts
        if name.startswith("--")
    }
    assert valued == _VALUED
