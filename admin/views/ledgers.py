"""Lists across organisations for the plan's clean-up (Plan 655 II.3): debts and land of an
area with their totals, the repayments of a debt, and each organisation's yearly figures typed
on screen."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_admin.form import Select2Field
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload
from wtforms import StringField, TextAreaField, validators

from admin.access import current_access, require
from admin.extensions import db
from admin.fields import MoneyField, VnDateField, enum_choices
from admin.formatting import label
from admin.forms import RegistryForm
from admin.i18n import language
from admin.labels import LABELS
from admin.units import UnitFilter, place_of
from admin.views.base import RegistryModelView
from admin.views.organisation_filters import OPEN_DEBT
from admin.views.owned import OwnedForms
from registry.enums import AssetKind, LandCertificate, SettlementKind
from registry.models import Asset, Debt, User
from registry.models.finance import FIGURE_AMOUNTS, FIGURE_COUNTS
from registry.services import debts
from registry.services.errors import DomainError


def _organisation_cell(view, context, model, name) -> Markup:
    org = model.organisation
    return Markup('<a href="{}">{}</a><br><small class="text-muted">{}</small>').format(
        url_for("organisation.details_view", id=org.id),
        org.name,
        place_of(org.unit_id, org.legacy_unit_id),
    )


def _organisation_export(view, context, model, name) -> str:
    org = model.organisation
    return f"{org.name} ({place_of(org.unit_id, org.legacy_unit_id)})"


class OwnedList(OwnedForms, RegistryModelView):
    """A list of records of organisations, each shown with its organisation and place; its
    forms are the organisation's (:class:`admin.views.owned.OwnedForms`)."""

    column_labels = LABELS | {"organisation": _l("Organisation")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.column_formatters = dict(self.column_formatters) | {"organisation": _organisation_cell}
        self.column_formatters_export = dict(self.column_formatters_export) | {
            "organisation": _organisation_export
        }

    def get_query(self):
        return super().get_query().options(joinedload(self.model.organisation))

    def get_filters(self):
        return (super().get_filters() or []) + [
            UnitFilter(_l("Administrative unit"), column=self.model.organisation_id)
        ]


class TotalsList(OwnedList):
    """A read-only list whose filtered rows are summed above it (``totals_of`` says how)."""

    list_template = "admin/totals_list.html"
    editable = False
    column_default_sort = ("id", False)

    def totals_of(self, query) -> list[tuple[str, str]]:
        raise NotImplementedError

    def get_list(self, page, sort_column, sort_desc, search, filters, *args, **kwargs):
        found = super().get_list(page, sort_column, sort_desc, search, filters, *args, **kwargs)
        query, joins = self.get_query(), {}
        if search:
            query, _count, joins, _ = self._apply_search(query, None, joins, {}, search)
        if filters:
            query, _count, joins, _ = self._apply_filters(query, None, joins, {}, filters)
        self.totals = self.totals_of(query)
        return found


class PastTargetFilter(BaseSQLAFilter):
    """Still open after its target date."""

    def __init__(self, name) -> None:
        super().__init__(Debt.target_on, name, options=lambda: [("1", str(_l("Yes")))])

    def apply(self, query, value, alias=None):
        return query.filter(
            Debt.state.in_(OPEN_DEBT), Debt.outstanding_vnd > 0, Debt.target_on < date.today()
        )

    def operation(self):
        return ""


class DebtListView(TotalsList):
    """Every debt of the area, both directions, with the amounts outstanding summed; a debt is
    added or corrected on its own page, from the organisation's file."""

    editable = True
    deletable = True
    file_tab = "debts"
    form_columns = (
        "organisation_id",
        "direction",
        "counterparty",
        "counterparty_name",
        "content",
        "principal_vnd",
        "outstanding_vnd",
        "as_of",
        "state",
        "planned_action",
        "target_on",
        "secured_by_asset_id",
        "notes",
    )
    form_overrides = OwnedForms.form_overrides | {"secured_by_asset_id": Select2Field}
    form_args = OwnedForms.form_args | {
        "secured_by_asset_id": {
            "coerce": lambda v: int(v) if str(v).isdigit() else None,
            "allow_blank": True,
            "choices": [],
            "label": LABELS["secured_by_asset_id"],
        }
    }

    def organisation_chosen(self, form, organisation_id, obj=None) -> None:
        """A debt is secured by one of its organisation's own assets (the write path checks
        it again)."""
        assets = (
            db.session.scalars(
                select(Asset).where(Asset.organisation_id == organisation_id).order_by(Asset.id)
            )
            if organisation_id
            else []
        )
        form.secured_by_asset_id.choices = [
            (asset.id, f"{label(asset.kind)}: {asset.description}") for asset in assets
        ]

    column_list = (
        "organisation",
        "direction",
        "counterparty",
        "counterparty_name",
        "principal_vnd",
        "outstanding_vnd",
        "state",
        "target_on",
        "settle",
    )
    column_labels = OwnedList.column_labels | {"settle": _l("Repayments")}
    column_export_list = (
        "organisation",
        "direction",
        "counterparty",
        "counterparty_name",
        "content",
        "principal_vnd",
        "outstanding_vnd",
        "as_of",
        "state",
        "planned_action",
        "target_on",
    )
    column_sortable_list = ("principal_vnd", "outstanding_vnd", "target_on")
    column_filters = ("direction", "counterparty", "state", "target_on")
    column_formatters = {
        "settle": lambda v, c, m, n: Markup('<a href="{}">{}</a>').format(
            url_for(".settle_view", debt_id=m.id), _("Record / history")
        ),
    }

    def get_filters(self):
        return (super().get_filters() or []) + [PastTargetFilter(_l("Past its target date"))]

    def totals_of(self, query) -> list[tuple[str, str]]:
        from admin.formatting import money, num

        totals = query.with_entities(
            func.count(Debt.id),
            func.coalesce(func.sum(Debt.principal_vnd), 0),
            func.coalesce(func.sum(Debt.outstanding_vnd), 0),
        ).one()
        return [
            (_("Debts"), num(totals[0])),
            (LABELS["principal_vnd"], money(totals[1])),
            (LABELS["outstanding_vnd"], money(totals[2])),
        ]

    @expose("/settle/<int:debt_id>", methods=("GET", "POST"))
    def settle_view(self, debt_id: int):
        access = current_access()
        require(access.can_edit, _("Your role does not change records."))
        debt = db.session.get(Debt, debt_id)
        if debt is None or not access.allows(debt.organisation):
            abort(404)
        form = SettleForm()
        form.kind.choices = enum_choices(SettlementKind)
        if form.validate_on_submit():
            try:
                debts.settle(
                    db.session,
                    scope=access,
                    user=db.session.get(User, current_user.id),
                    debt=debt,
                    on=form.on.data,
                    kind=SettlementKind(form.kind.data),
                    amount_vnd=form.amount_vnd.data or 0,
                    reference=form.reference.data,
                    note=form.note.data,
                    new_target_on=form.new_target_on.data,
                )
                db.session.commit()
                flash(_("Saved."), "success")
                return redirect(url_for(".settle_view", debt_id=debt.id))
            except DomainError as exc:
                db.session.rollback()
                field = getattr(form, exc.field or "", None) or form.amount_vnd
                field.errors = [*field.errors, exc.message(language())]
        history = []
        balance = debt.outstanding_vnd
        for entry in sorted(debt.settlements, key=lambda s: (s.on, s.id), reverse=True):
            history.append((entry, balance))
            if entry.kind in debts.REDUCING:
                balance += entry.amount_vnd
        return self.render(
            "admin/debt_settlements.html",
            debt=debt,
            form=form,
            history=history,
            opening=balance,
            place=place_of(debt.organisation.unit_id, debt.organisation.legacy_unit_id),
            may_edit=access.can_edit,
        )


class SettleForm(RegistryForm):
    on = VnDateField(_l("Date"), validators=[validators.DataRequired()])
    kind = Select2Field(_l("Kind"), validators=[validators.InputRequired()])
    amount_vnd = MoneyField(_l("Amount"), validators=[validators.Optional()])
    reference = StringField(_l("Reference"), validators=[validators.Length(max=120)])
    new_target_on = VnDateField(_l("New target date"), validators=[validators.Optional()])
    note = TextAreaField(_l("Note"), validators=[validators.Length(max=500)])


class LandListView(TotalsList):
    """Every parcel of land of the area, with what is unsettled about it; an asset (land or
    another kind) is added or corrected on its own page, from the organisation's file."""

    editable = True
    deletable = True
    file_tab = "assets"
    form_columns = (
        "organisation_id",
        "kind",
        "description",
        "location",
        "book_value_vnd",
        "indivisible",
        "area_m2",
        "land_certificate",
        "land_origin",
        "disputed",
    )

    column_list = (
        "organisation",
        "description",
        "location",
        "area_m2",
        "land_certificate",
        "land_origin",
        "disputed",
        "book_value_vnd",
    )
    column_export_list = column_list
    column_sortable_list = ("area_m2", "book_value_vnd")
    column_filters = ("land_certificate", "land_origin", "disputed", "indivisible")
    column_formatters = {"area_m2": lambda v, c, m, n: _square_metres(m.area_m2)}

    def get_query(self):
        return super().get_query().filter(Asset.kind == AssetKind.LAND)

    def get_count_query(self):
        return super().get_count_query().filter(Asset.kind == AssetKind.LAND)

    def totals_of(self, query) -> list[tuple[str, str]]:
        from admin.formatting import num

        uncertified = Asset.land_certificate.is_(None) | (
            Asset.land_certificate != LandCertificate.ISSUED
        )
        totals = query.with_entities(
            func.count(Asset.id),
            func.coalesce(func.sum(Asset.area_m2), 0),
            func.coalesce(func.sum(case((uncertified, Asset.area_m2), else_=0)), 0),
            func.count(Asset.id).filter(Asset.disputed.is_(True)),
        ).one()
        return [
            (_("Parcels"), num(totals[0])),
            (_("Area"), _square_metres(totals[1])),
            (_("of which without certificate"), _square_metres(totals[2])),
            (_("Disputed"), num(totals[3])),
        ]


def _square_metres(value) -> str:
    from admin.formatting import num

    return "" if value is None else f"{num(round(value))} m²"


class AnnualFiguresView(OwnedList):
    """A year's figures typed or corrected on screen, checked as the importer checks them
    (:func:`registry.services.records.save`)."""

    column_list = (
        "organisation",
        "year",
        "members_total",
        "workers",
        "revenue_vnd",
        "profit_vnd",
        "total_assets_vnd",
        "general_meeting_on",
    )
    column_default_sort = ("year", True)
    column_filters = ("year",)
    form_columns = (
        "organisation_id",
        "year",
        *FIGURE_COUNTS,
        *FIGURE_AMOUNTS,
        "general_meeting_on",
    )
    file_tab = "figures"

    def prepare_form(self, form, obj=None):
        """A new year's figures default to last year (or the year the officer came for)."""
        form = super().prepare_form(form, obj)
        if request.method == "GET" and obj is None and form.year.data is None:
            form.year.data = request.args.get("year", type=int) or date.today().year - 1
        return form
