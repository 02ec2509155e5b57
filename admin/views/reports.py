"""The annual report on screen: printable, with charts, and downloadable as xlsx, csv and
json; each area sees its own."""

from __future__ import annotations

from datetime import date

from flask import Response, request
from flask_admin import expose
from flask_babel import gettext as _

from admin.access import current_access
from admin.charts import paired_bars, stacked_bars
from admin.extensions import reports_session
from admin.formatting import label
from admin.i18n import language
from admin.units import current_choices, legacy_choices
from admin.views.plain import XLSX, RoleView, export_name
from registry.enums import Sector, Status, UnitScheme
from registry.models import AdminUnit
from registry.reports import annual, outputs
from registry.services import rule_sets


def report_settings(rule_set) -> dict:
    """The report the query string asks for, within the user's area: year, date, scheme and
    unit (one of the user's own)."""
    today = date.today()
    default_year = today.year if today >= rule_set.report_on(today.year) else today.year - 1
    year = request.args.get("year", "")
    year = int(year) if year.isdigit() and 1990 <= int(year) <= today.year else default_year
    as_of = None
    text = (request.args.get("as_of") or "").strip()
    if text:
        from datetime import datetime

        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                as_of = datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
    as_of = min(as_of or rule_set.report_on(year), today)
    scheme = request.args.get("scheme")
    scheme = UnitScheme(scheme) if scheme in ("legacy", "current") else None
    units = dict(legacy_choices() + current_choices())
    unit_id = request.args.get("unit", "")
    unit = (
        reports_session().get(AdminUnit, int(unit_id))
        if unit_id.isdigit() and int(unit_id) in units
        else None
    )
    return {"year": year, "as_of": as_of, "scheme": scheme, "unit": unit, "units": units}


class ReportsView(RoleView):
    @expose("/")
    def index(self):
        access = current_access()
        rule_set = rule_sets.current(reports_session())
        settings = report_settings(rule_set)
        where = access.organisation_filter()
        report = annual.compute(
            reports_session(),
            year=settings["year"],
            as_of=settings["as_of"],
            scheme=settings["scheme"],
            unit=settings["unit"],
            where=where,
            rules=rule_set,
        )
        fmt = request.args.get("format")
        base = f"bao-cao-ktt-{report.year}"
        if fmt == "xlsx":
            return Response(
                outputs.write_xlsx(report),
                mimetype=XLSX,
                headers={
                    "Content-Disposition": f"attachment; filename={export_name(base, 'xlsx')}"
                },
            )
        if fmt in ("csv", "json"):
            body = outputs.write_csv(report) if fmt == "csv" else outputs.write_json(report)
            mimetype = "text/csv" if fmt == "csv" else "application/json"
            return Response(
                ("\ufeff" if fmt == "csv" else "") + body,
                mimetype=f"{mimetype}; charset=utf-8",
                headers={"Content-Disposition": f"attachment; filename={export_name(base, fmt)}"},
            )
        previous = annual.compute(
            reports_session(),
            year=report.year - 1,
            as_of=date(report.as_of.year - 1, report.as_of.month, report.as_of.day),
            scheme=report.scheme,
            unit=settings["unit"],
            where=where,
            rules=rule_set,
        )
        years = list(range(report.year - 4, report.year + 1))
        trend = annual.status_trend(reports_session(), years, rule_set, where)
        lang = language()
        charts = [
            paired_bars(
                _("Organisations by status"),
                [label(s) for s in Status],
                [(str(report.year), [report.total[f"status_{s.value}"] for s in Status])],
            ),
            paired_bars(
                _("Organisations by sector"),
                [label(s) for s in Sector],
                [(str(report.year), [report.total[f"sector_{s.value}"] for s in Sector])],
            ),
            stacked_bars(
                _("Organisations in existence and active, by year"),
                [str(y) for y in years],
                [
                    (label(Status.ACTIVE), [trend[y]["active"] for y in years]),
                    (
                        _("Not active"),
                        [trend[y]["existing"] - trend[y]["active"] for y in years],
                    ),
                ],
            ),
        ]
        tables = annual.tables(lang)
        return self.render(
            "admin/annual_report.html",
            report=report,
            previous=previous,
            tables=tables,
            charts=charts,
            settings=settings,
            lang=lang,
        )
