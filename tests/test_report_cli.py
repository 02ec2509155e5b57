"""``registry report annual``: the three formats, the exit codes."""

import csv
import io
import json

from python_calamine import CalamineWorkbook


def test_the_annual_report_in_every_format(run, tmp_path):
    run("demo", "--cooperatives", "60", "--members", "1200", "--seed", "4")
    made = {}
    for fmt in ("json", "csv", "xlsx"):
        path = tmp_path / f"bao-cao.{fmt}"
        result = run("report", "annual", "--year", "2024", "--format", fmt, "--output", str(path))
        assert result.exit_code == 0, result.output
        made[fmt] = path
    data = json.loads(made["json"].read_text(encoding="utf-8"))
    assert data["as_of"] == "2024-12-14" and data["scheme"] == "legacy"
    assert data["total"]["orgs_total"] == sum(u["orgs_total"] for u in data["units"])
    lines = list(csv.reader(io.StringIO(made["csv"].read_text(encoding="utf-8"))))
    assert lines[-1][:2] == ["TOTAL", "Tổng cộng"]
    assert int(lines[-1][2]) == data["total"]["orgs_total"]
    book = CalamineWorkbook.from_path(str(made["xlsx"]))
    assert book.sheet_names == [f"Biểu 0{n}" for n in range(1, 7)]
    first = book.get_sheet_by_name("Biểu 01").to_python()
    assert first[0][0] == "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
    assert first[3][0] == "BÁO CÁO TÌNH HÌNH KINH TẾ TẬP THỂ NĂM 2024"
    total = next(row for row in first if row[1] == "Tổng cộng")
    assert total[2] == data["total"]["orgs_total"]  # numbers as numbers
    assert any("THỦ TRƯỞNG ĐƠN VỊ" in str(cell) for row in first for cell in row)
    district = tmp_path / "chu-pah.json"
    assert (
        run(
            "report",
            "annual",
            "--year",
            "2024",
            "--unit",
            "legacy:627",
            "--format",
            "json",
            "--output",
            str(district),
        ).exit_code
        == 0
    )
    assert (
        json.loads(district.read_text(encoding="utf-8"))["total"]["orgs_total"]
        <= (data["total"]["orgs_total"])
    )


def test_the_annual_report_refusals_and_usage(run, tmp_path):
    out = str(tmp_path / "x.json")
    assert (
        run("report", "annual", "--year", "2999", "--format", "json", "--output", out).exit_code
        == 2
    )
    assert (
        run("report", "annual", "--year", "2099", "--format", "json", "--output", out).exit_code
        == 1
    )
    unknown = run(
        "report",
        "annual",
        "--year",
        "2024",
        "--unit",
        "legacy:99999",
        "--format",
        "json",
        "--output",
        out,
    )
    assert unknown.exit_code == 1 and "99999" in unknown.output
    assert (
        run("report", "annual", "--year", "2024", "--format", "pdf", "--output", out).exit_code == 2
    )


def test_api_keys_from_the_command_line(run):
    run(
        "user",
        "create",
        "doc",
        "--role",
        "viewer",
        "--full-name",
        "Người đọc",
        "--password-stdin",
        input="mat-khau-rat-dai-123\n",
    )
    issued = run("token", "issue", "doc", "--name", "Cổng dữ liệu quốc gia")
    assert issued.exit_code == 0 and issued.output.strip().splitlines()[-1].startswith("rg_")
    assert run("token", "issue", "nobody", "--name", "x").exit_code == 1
    assert run("token", "revoke", "1").exit_code == 0
    assert run("token", "revoke", "99").exit_code == 1
