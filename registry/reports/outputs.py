"""The annual report written out: an xlsx laid out as a Vietnamese government report (agency
and title block, the unit note, numbered columns, totals, place and date, signatures), a csv
and a json for machines (amounts in đồng)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from registry.export import safe_cell
from registry.reports.annual import INDICATORS, KEYS, TABLES, AnnualReport, Indicator
from registry.text import vn_date

PROVINCE = "ỦY BAN NHÂN DÂN TỈNH GIA LAI"
MILLION = 1_000_000


def as_json(report: AnnualReport) -> dict[str, Any]:
    return {
        "format": "coop-registry/annual-report/1",
        "year": report.year,
        "as_of": report.as_of.isoformat(),
        "period_start": report.period_start.isoformat(),
        "scheme": report.scheme.value,
        "unit": report.unit.code if report.unit is not None else None,
        "rule_set_version": report.rule_set_version,
        "indicators": [
            {"key": i.key, "label": i.vi, "kind": i.kind, "table": i.table} for i in INDICATORS
        ],
        "units": report.rows(),
        "total": report.total,
    }


def write_json(report: AnnualReport) -> str:
    return json.dumps(as_json(report), ensure_ascii=False, indent=1) + "\n"


def write_csv(report: AnnualReport) -> str:
    """One row per unit and the total, a column per indicator (amounts in đồng)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["unit_code", "unit", *KEYS])
    for row in report.rows():
        writer.writerow([row["code"], safe_cell(row["name"]), *(row[k] for k in KEYS)])
    writer.writerow(["TOTAL", "Tổng cộng", *(report.total[k] for k in KEYS)])
    return out.getvalue()


def _shown(indicator: Indicator, value: int) -> float | int:
    return value / MILLION if indicator.kind == "money" else value


def write_xlsx(
    report: AnnualReport, agency: str = "SỞ TÀI CHÍNH", today: date | None = None
) -> bytes:
    """One sheet per table (biểu), each a report as the province files them."""
    import xlsxwriter

    today = today or date.today()
    out = io.BytesIO()
    book = xlsxwriter.Workbook(
        out,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    font = {"font_name": "Times New Roman", "font_size": 12}
    fmt = {
        "head": book.add_format({**font, "bold": True, "align": "center"}),
        "motto": book.add_format({**font, "bold": True, "underline": 1, "align": "center"}),
        "title": book.add_format({**font, "bold": True, "font_size": 14, "align": "center"}),
        "italic": book.add_format({**font, "italic": True, "align": "center"}),
        "note": book.add_format({**font, "italic": True, "align": "right"}),
        "th": book.add_format(
            {
                **font,
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#F2F2F2",
            }
        ),
        "number_head": book.add_format({**font, "italic": True, "border": 1, "align": "center"}),
        "cell": book.add_format({**font, "border": 1}),
        "int": book.add_format({**font, "border": 1, "num_format": "#,##0"}),
        "money": book.add_format({**font, "border": 1, "num_format": "#,##0.0"}),
        "total": book.add_format({**font, "bold": True, "border": 1}),
        "total_int": book.add_format({**font, "bold": True, "border": 1, "num_format": "#,##0"}),
        "total_money": book.add_format(
            {**font, "bold": True, "border": 1, "num_format": "#,##0.0"}
        ),
        "sign": book.add_format({**font, "bold": True, "align": "center"}),
    }
    rows = report.rows()
    place = "cấp xã" if report.scheme.value == "current" else "cấp huyện"
    for table, (title, _english) in TABLES.items():
        indicators = [i for i in INDICATORS if i.table == table]
        sheet = book.add_worksheet(title.split(".")[0])
        last = len(indicators) + 1
        sheet.merge_range(0, 0, 0, 2, PROVINCE, fmt["head"])
        sheet.merge_range(1, 0, 1, 2, agency, fmt["motto"])
        sheet.merge_range(0, 3, 0, max(last, 3), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", fmt["head"])
        sheet.merge_range(1, 3, 1, max(last, 3), "Độc lập - Tự do - Hạnh phúc", fmt["motto"])
        sheet.merge_range(
            3,
            0,
            3,
            last,
            f"BÁO CÁO TÌNH HÌNH KINH TẾ TẬP THỂ NĂM {report.year}",
            fmt["title"],
        )
        sheet.merge_range(4, 0, 4, last, title.upper(), fmt["head"])
        sheet.merge_range(
            5,
            0,
            5,
            last,
            f"(Số liệu tính đến ngày {vn_date(report.as_of)}; kỳ báo cáo từ "
            f"{vn_date(report.period_start)}; theo đơn vị hành chính {place})",
            fmt["italic"],
        )
        units = {"count": "tổ chức", "people": "người", "money": "triệu đồng", "area": "m²"}
        kinds = sorted({i.kind for i in indicators}, key=list(units).index)
        sheet.merge_range(6, 0, 6, last, "ĐVT: " + "; ".join(units[k] for k in kinds), fmt["note"])
        header = 8
        sheet.write(header, 0, "STT", fmt["th"])
        sheet.write(header, 1, "Đơn vị", fmt["th"])
        for c, indicator in enumerate(indicators, start=2):
            unit = f" ({units[indicator.kind]})" if len(kinds) > 1 else ""
            sheet.write(header, c, indicator.vi + unit, fmt["th"])
        for c in range(last + 1):
            sheet.write(header + 1, c, f"({c + 1})", fmt["number_head"])
        r = header + 2
        for n, row in enumerate(rows, start=1):
            sheet.write_number(r, 0, n, fmt["int"])
            sheet.write_string(r, 1, safe_cell(row["name"]), fmt["cell"])
            for c, indicator in enumerate(indicators, start=2):
                kind = "money" if indicator.kind == "money" else "int"
                sheet.write_number(r, c, _shown(indicator, row[indicator.key]), fmt[kind])
            r += 1
        sheet.write_blank(r, 0, None, fmt["total"])
        sheet.write_string(r, 1, "Tổng cộng", fmt["total"])
        for c, indicator in enumerate(indicators, start=2):
            kind = "total_money" if indicator.kind == "money" else "total_int"
            sheet.write_number(r, c, _shown(indicator, report.total[indicator.key]), fmt[kind])
        r += 2
        sheet.merge_range(
            r,
            max(last - 3, 2),
            r,
            last,
            f"Gia Lai, ngày {today.day:02d} tháng {today.month:02d} năm {today.year}",
            fmt["italic"],
        )
        sheet.merge_range(r + 1, 0, r + 1, 2, "NGƯỜI LẬP BIỂU", fmt["sign"])
        sheet.merge_range(r + 1, max(last - 3, 3), r + 1, last, "THỦ TRƯỞNG ĐƠN VỊ", fmt["sign"])
        sheet.merge_range(r + 2, 0, r + 2, 2, "(Ký, ghi rõ họ tên)", fmt["italic"])
        sheet.merge_range(r + 2, max(last - 3, 3), r + 2, last, "(Ký tên, đóng dấu)", fmt["italic"])
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 28)
        sheet.set_column(2, last, 14)
        sheet.set_row(header, 60)
        sheet.freeze_panes(header + 2, 2)
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header, header + 1)
    book.close()
    return out.getvalue()
