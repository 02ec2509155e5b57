"""Progress of the plan's clean-up since its baseline, per district and year, with charts."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectField, StringField, validators

from admin.access import current_access
from admin.charts import paired_bars, stacked_bars
from admin.extensions import db
from admin.fields import MoneyField, enum_choices
from admin.formatting import label, money, num
from admin.forms import RegistryForm
from admin.i18n import language
from admin.views.plain import RoleView, table_download
from registry.enums import BaselineIndicator, Counterparty, Role
from registry.models import AdminUnit, User
from registry.services import progress, rule_sets
from registry.services.errors import DomainError

#: What each progress row counts, as the report names it.
HANDLED_TITLES = {
    "dissolved": _l("Organisations dissolved"),
    "revoked": _l("Certificates revoked"),
    "revived": _l("Organisations revived"),
    "reorganised": _l("Organisations reorganised (case decided)"),
    "charter_amended": _l("Charters amended for the 2023 law"),
}


class BaselineForm(RegistryForm):
    unit = SelectField(_l("Area"), validators=[validators.Optional()])
    indicator = SelectField(_l("Indicator"), validators=[validators.InputRequired()])
    value = MoneyField(_l("Figure on the plan's date"), validators=[validators.InputRequired()])
    note = StringField(
        _l("Source of the figure"),
        validators=[validators.InputRequired(), validators.Length(max=500)],
    )


def _districts() -> list[tuple[str, str]]:
    from sqlalchemy import select

    from registry.enums import UnitLevel, UnitScheme

    rows = db.session.execute(
        select(AdminUnit.id, AdminUnit.name)
        .where(AdminUnit.scheme == UnitScheme.LEGACY, AdminUnit.level == UnitLevel.DISTRICT)
        .order_by(AdminUnit.name)
    )
    return [(str(i), n) for i, n in rows]


class ProgressView(RoleView):
    roles = frozenset({Role.ADMIN, Role.PLANNER, Role.ALLIANCE, Role.AREA_OFFICER, Role.VIEWER})

    def _data(self):
        access = current_access()
        rule_set = rule_sets.current(db.session)
        today = date.today()
        data = progress.compute(
            db.session, rule_set.baseline_on, access.organisation_filter(), today
        )
        chosen = request.args.get("district", "")
        district = int(chosen) if chosen.isdigit() and int(chosen) in data.districts else None
        return data, district

    def _rows(self, data, district):
        """The report's table: each indicator, its baseline, each year and the total."""
        years = data.years
        rows = []
        for indicator in BaselineIndicator:
            value, entered = data.baseline(district, indicator)
            rows.append(
                {
                    "title": label(indicator),
                    "baseline": value,
                    "entered": entered,
                    "now": data.current(district, indicator),
                    "money": indicator == BaselineIndicator.DEBTS_OPEN_AMOUNT,
                    "years": None,
                }
            )
        for key, title in HANDLED_TITLES.items():
            per_year = data.total(data.handled, key, district=district)
            rows.append(self._yearly(str(title), per_year, years))
        for category in Counterparty:
            per_year = data.total(data.settled_amount, category, district=district)
            row = self._yearly(
                _("Debts settled, %(category)s (amount)", category=label(category)), per_year, years
            )
            row["money"] = True
            rows.append(row)
        rows.append(
            self._yearly(
                _("Debts settled in full (count)"),
                _sum_years(
                    [data.total(data.settled_count, c, district=district) for c in Counterparty]
                ),
                years,
            )
        )
        rows.append(
            self._yearly(
                _("Land questions settled (parcels)"),
                data.total(
                    {d: {"x": v} for d, v in data.land_settled.items()}, "x", district=district
                ),
                years,
            )
        )
        return rows

    @staticmethod
    def _yearly(title, per_year: dict[int, int], years: list[int]) -> dict:
        return {
            "title": title,
            "years": [per_year.get(y, 0) for y in years],
            "total": sum(per_year.get(y, 0) for y in years),
            "money": False,
        }

    @expose("/")
    def index(self):
        data, district = self._data()
        rows = self._rows(data, district)
        baseline_title = _("Baseline %(day)s", day=data.baseline_on.strftime("%d/%m/%Y"))
        export = request.args.get("export")
        if export in ("csv", "xlsx"):
            titles = [_("Indicator"), baseline_title, _("Now")]
            titles += [str(y) for y in data.years] + [_("Total since the baseline")]
            table = [
                [r["title"], r.get("baseline"), r.get("now")]
                + (r["years"] or [None] * len(data.years))
                + [r.get("total")]
                for r in rows
            ]
            return table_download(titles, table, export, "tien-do-ke-hoach-655")
        form = BaselineForm(formdata=None)
        form.unit.choices = [("", _("Whole province")), *_districts()]
        form.indicator.choices = enum_choices(BaselineIndicator)
        return self.render(
            "admin/progress.html",
            data=data,
            district=district,
            rows=rows,
            charts=_charts(data, district, baseline_title),
            by_district=_by_district(data),
            form=form,
            may_enter=current_access().can_decide_case,
            num=num,
            money=money,
        )

    @expose("/baseline", methods=("POST",))
    def baseline_view(self):
        access = current_access()
        if not access.can_decide_case:
            abort(403)
        form = BaselineForm()
        form.unit.choices = [("", ""), *_districts()]
        form.indicator.choices = enum_choices(BaselineIndicator)
        if form.validate_on_submit():
            try:
                progress.enter_baseline(
                    db.session,
                    scope=access,
                    user=db.session.get(User, current_user.id),
                    unit=db.session.get(AdminUnit, int(form.unit.data)) if form.unit.data else None,
                    indicator=BaselineIndicator(form.indicator.data),
                    value=form.value.data,
                    note=form.note.data,
                )
                db.session.commit()
                flash(_("Saved."), "success")
            except DomainError as exc:
                db.session.rollback()
                flash(exc.message(language()), "error")
        else:
            for errors in form.errors.values():
                flash(" ".join(str(e) for e in errors), "error")
        return redirect(url_for(".index"))


def _sum_years(tables: list[dict[int, int]]) -> dict[int, int]:
    total: dict[int, int] = {}
    for table in tables:
        for year, n in table.items():
            total[year] = total.get(year, 0) + n
    return total


#: The baseline indicators the chart sets against today's.
COMPARED = (
    BaselineIndicator.ORGS_STOPPED,
    BaselineIndicator.DEBTS_OPEN_COUNT,
    BaselineIndicator.LAND_QUESTIONS,
)


def _charts(data: progress.Progress, district: int | None, baseline_title: str) -> list:
    years = data.years

    def yearly(table, key):
        per_year = data.total(table, key, district=district)
        return [per_year.get(y, 0) for y in years]

    handled = [(str(title), yearly(data.handled, key)) for key, title in HANDLED_TITLES.items()]
    settled = [
        (label(c), [v // 1_000_000 for v in yearly(data.settled_amount, c)]) for c in Counterparty
    ]
    compared = [
        (baseline_title, [data.baseline(district, i)[0] or 0 for i in COMPARED]),
        (_("Now"), [data.current(district, i) for i in COMPARED]),
    ]
    labels = [str(y) for y in years]
    return [
        stacked_bars(_("Organisations handled, by year"), labels, handled),
        stacked_bars(_("Debts settled, by year (million đồng)"), labels, settled),
        paired_bars(_("The plan's baseline and now"), [label(i) for i in COMPARED], compared),
    ]


def _by_district(data: progress.Progress) -> list[dict]:
    def since(table, keys, d):
        return sum(sum(data.total(table, k, district=d).values()) for k in keys)

    return [
        {
            "id": d,
            "name": name or _("Unknown district"),
            "stopped": data.baseline(d, BaselineIndicator.ORGS_STOPPED)[0],
            "handled": since(data.handled, HANDLED_TITLES, d),
            "settled": since(data.settled_amount, Counterparty, d),
            "land": sum(data.land_settled.get(d, {}).values()),
        }
        for d, name in sorted(data.districts.items(), key=lambda item: item[1])
    ]
