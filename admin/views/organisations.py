"""Organisations: the list, the edit form with members, debts and assets inline, the status
change form, and the organisation's file (hồ sơ)."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, request
from flask_admin import expose
from flask_admin.form import Select2Field
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from wtforms import StringField, TextAreaField, validators

from admin.access import current_access
from admin.extensions import db
from admin.fields import (
    FormOnlyDate,
    VnDateField,
    enum_choices,
    form_only_select,
)
from admin.formatting import label, partial_day
from admin.forms import RegistryForm
from admin.i18n import language
from admin.labels import LABELS
from admin.units import UnitFilter, current_choices, legacy_choices, unit_text
from admin.views import organisation_file
from admin.views.accounts import OrganisationNamed
from admin.views.base import RegistryModelView, loaded_version_of
from admin.views.organisation_filters import (
    MissingFiguresFilter,
    OutstandingDebtFilter,
    OverdueDebtFilter,
    ScaleClassFilter,
    StatusFilter,
    UncertifiedLandFilter,
)
from registry import rules
from registry.enums import (
    AuditAction,
    DissolutionKind,
    ObservationSource,
    OperatingState,
    Status,
    SupportKind,
)
from registry.models import (
    AdminUnit,
    AuditEntry,
    Membership,
    Organisation,
    User,
)
from registry.services import audit
from registry.services.errors import DomainError
from registry.services.observations import latest_states, record_observation, record_support
from registry.services.organisations import record_status
from registry.services.records import StaleVersion


class StatusForm(RegistryForm):
    status = Select2Field(_l("New status"), validators=[validators.InputRequired()])
    effective_on = VnDateField(_l("Effective on"), validators=[validators.DataRequired()])
    reason = StringField(_l("Reason"), validators=[validators.Length(max=500)])
    decision_no = StringField(_l("Decision no."), validators=[validators.Length(max=64)])
    decision_on = VnDateField(_l("Decision date"), validators=[validators.Optional()])
    dissolution_kind = Select2Field(
        _l("Dissolution kind"), choices=[], allow_blank=True, validators=[validators.Optional()]
    )


class ObservationForm(RegistryForm):
    observed_on = VnDateField(_l("Found on"), validators=[validators.DataRequired()])
    state = Select2Field(_l("What was found"), validators=[validators.InputRequired()])
    source = Select2Field(_l("Source"), validators=[validators.InputRequired()])
    note = StringField(_l("Note"), validators=[validators.Length(max=500)])


class SupportForm(RegistryForm):
    given_on = VnDateField(_l("Date"), validators=[validators.DataRequired()])
    kind = Select2Field(_l("Kind of support"), validators=[validators.InputRequired()])
    note = StringField(_l("Note"), validators=[validators.Length(max=500)])


class OrganisationView(RegistryModelView):
    column_list = (
        "name",
        "org_type",
        "tax_code",
        "current_status",
        "operating",
        "sector",
        "legacy_unit",
        "unit",
        "director_name",
    )
    column_labels = LABELS | {
        "operating": _l("Operating in fact"),
        "members_on_register": _l("Members on the register"),
    }
    column_sortable_list = (
        "name",
        "org_type",
        "tax_code",
        "sector",
        "director_name",
        "current_status",
    )
    column_default_sort = ("name", False)
    column_searchable_list = ("name_key",)
    column_filters = ("org_type", "sector", "governing_law", "not_reorganized")
    column_details_list = ()
    #: The export gives each organisation's full identity, both unit schemes and its status
    #: with its date, not only the list's columns.
    column_export_list = (
        "name",
        "org_type",
        "tax_code",
        "legacy_certificate_no",
        "legacy_certificate_on",
        "registered_on",
        "governing_law",
        "sector",
        "main_product",
        "founded_on",
        "legacy_unit",
        "unit",
        "address",
        "director_name",
        "phone",
        "email",
        "charter_capital_vnd",
        "charter_amended_on",
        "not_reorganized",
        "current_status",
        "status_since",
        "operating",
        "members_on_register",
        "notes",
    )
    form_columns = (
        "org_type",
        "name",
        "tax_code",
        "legacy_certificate_no",
        "legacy_certificate_on",
        "governing_law",
        "sector",
        "main_product",
        "founded_on",
        "founded_precision",
        "registered_on",
        "legacy_unit_id",
        "unit_id",
        "address",
        "director_name",
        "phone",
        "email",
        "charter_capital_vnd",
        "charter_amended_on",
        "not_reorganized",
        "lost_seal",
        "lost_seal_on",
        "lost_certificate",
        "lost_certificate_on",
        "notes",
        "initial_status",
        "status_on",
    )
    form_overrides = {
        "legacy_unit_id": Select2Field,
        "unit_id": Select2Field,
        "notes": TextAreaField,
    }
    form_args = {
        "legacy_unit_id": {
            "coerce": lambda v: int(v) if v else None,
            "allow_blank": True,
            "choices": [],
        },
        "unit_id": {"coerce": lambda v: int(v) if v else None, "allow_blank": True, "choices": []},
    }
    form_extra_fields = {
        "initial_status": form_only_select(
            _l("Status when recorded"), default=Status.ACTIVE.value, choices=enum_choices(Status)
        ),
        "status_on": FormOnlyDate(_l("Status effective on"), validators=[validators.Optional()]),
    }
    deletable = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.column_formatters = dict(self.column_formatters) | {
            "name": lambda v, c, m, n: Markup('<a href="{}">{}</a>').format(
                v.get_url(".details_view", id=m.id), m.name
            ),
            "legacy_unit": lambda v, c, m, n: unit_text(m.legacy_unit),
            "unit": lambda v, c, m, n: m.unit.name if m.unit else "",
            "current_status": lambda v, c, m, n: label(m.current_status),
            "operating": _operating_text,
        }
        self.column_formatters_export = dict(self.column_formatters_export) | {
            "current_status": lambda v, c, m, n: label(m.current_status),
            "legacy_unit": lambda v, c, m, n: unit_text(m.legacy_unit),
            "unit": lambda v, c, m, n: m.unit.name if m.unit else "",
            "operating": _operating_text,
            "founded_on": lambda v, c, m, n: partial_day(m.founded_on, m.founded_precision),
            "members_on_register": lambda v, c, m, n: g.get("member_counts", {}).get(m.id, 0),
        }

    def get_list(self, *args, **kwargs):
        """The page's organisations, with the latest finding of each read in one query."""
        count, rows = super().get_list(*args, **kwargs)
        ids = [row.id for row in rows]
        g.latest_observations = latest_states(db.session, ids)
        g.member_counts = dict(
            db.session.execute(
                select(Membership.organisation_id, func.count())
                .where(Membership.organisation_id.in_(ids), Membership.left_on.is_(None))
                .group_by(Membership.organisation_id)
            ).all()
        )
        return count, rows

    def search_placeholder(self) -> str:
        return str(_l("Name, tax code or director, with or without diacritics"))

    @property
    def can_delete(self) -> bool:
        """Only administrators delete (a record entered by mistake, with all it holds); an
        organisation that ceased to exist is recorded as dissolved, not deleted."""
        return current_access().is_admin

    def get_filters(self):
        return (super().get_filters() or []) + [
            UnitFilter(_l("Administrative unit")),
            StatusFilter(LABELS["current_status"]),
            ScaleClassFilter(_l("Scale class")),
            OutstandingDebtFilter(_l("Has outstanding debt")),
            UncertifiedLandFilter(_l("Has land without certificate")),
            OverdueDebtFilter(_l("Has a debt past its target date")),
            MissingFiguresFilter(_l("No figures for this year")),
        ]

    def get_query(self):
        return (
            super()
            .get_query()
            .options(
                joinedload(Organisation.unit),
                joinedload(Organisation.legacy_unit).joinedload(AdminUnit.parent),
            )
        )

    # --- forms ------------------------------------------------------------------------------

    def _prepare(self, form, obj=None):
        form.legacy_unit_id.choices = legacy_choices()
        form.unit_id.choices = current_choices()
        if obj is not None:
            del form.initial_status
            del form.status_on
        return form

    def create_form(self, obj=None):
        return self._prepare(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._prepare(super().edit_form(obj), obj)

    def apply_rules(self, form, model, is_created) -> None:
        if is_created:
            db.session.flush()
            record_status(
                session=db.session,
                organisation=model,
                status=Status(form.initial_status.data),
                effective_on=form.status_on.data
                or model.registered_on
                or model.founded_on
                or date.today(),
            )

    def get_save_return_url(self, model, is_created: bool = False) -> str:
        """After a save the officer lands on the organisation's file, not the list."""
        return self.get_url(".details_view", id=model.id)

    def update_model(self, form, model) -> bool:
        g.saving = (form, model)  # for on_stale_save
        return super().update_model(form, model)

    def on_stale_save(self) -> None:
        """A save that reached the database after another one of the same version (between
        the version check and the commit) is refused like a stale form: what changed is
        shown and the attempt kept in the audit log."""
        form, model = g.pop("saving")
        self._refuse_conflict(form, model, int(loaded_version_of(form) or 0))

    def on_conflict(self, exc: StaleVersion) -> None:
        """Show what changed meanwhile, and keep the refused attempt, with its values, in the
        audit log."""
        if isinstance(exc.record, Organisation) and getattr(exc, "form", None) is not None:
            self._refuse_conflict(exc.form, exc.record, exc.loaded)
        else:
            super().on_conflict(exc)

    def _refuse_conflict(self, form, model, loaded_version: int) -> None:
        db.session.rollback()
        current = db.session.get(Organisation, model.id)
        changes = _changes_since(model.id, loaded_version)
        attempted = {
            name: [_plain(getattr(current, name)), _plain(field.data)]
            for name, field in form._fields.items()
            if hasattr(current, name)
            and name in self.form_columns
            and _plain(field.data) != _plain(getattr(current, name))
        }
        audit.record(
            db.session,
            action=AuditAction.CONFLICT,
            table_name="organisation",
            record_id=str(model.id),
            organisation_id=model.id,
            summary=(
                f"Sửa từ phiên bản {loaded_version}, đã có phiên bản {current.version}: không lưu.",
                f"An edit of version {loaded_version}, version {current.version} being there: "
                "not saved.",
            ),
            changes=attempted,
        )
        db.session.commit()
        detail = "; ".join(
            f"{LABELS.get(k, k)}: {v[0] or '—'} → {v[1] or '—'}" for k, v in changes.items()
        ) or _("no field details recorded")
        flash(
            _(
                "Not saved: someone else changed this organisation after you opened it "
                "(%(changes)s). Your changes were not applied; review the current values "
                "and edit again.",
                changes=detail,
            ),
            "error",
        )

    # --- the file (hồ sơ) and the status form ---------------------------------------------

    @expose("/details/")
    def details_view(self):
        organisation = self.get_one(request.args.get("id", ""))
        return self.render(
            "admin/organisation_file.html",
            **organisation_file.context(organisation),
            view=self,
            audit_log=self._audit_log_of(organisation),
        )

    def _audit_log_of(self, organisation: Organisation) -> str | None:
        """The audit log narrowed to this organisation, for those who may read it."""
        if not current_access().sees_audit_log:
            return None
        audit_view = next(v for v in self.admin._views if v.endpoint == "audit")
        return audit_view.filter_url((OrganisationNamed, organisation.name))

    @expose("/status/<int:id>", methods=("GET", "POST"))
    def status_view(self, id: int):
        if not current_access().can_record_status:
            abort(403)
        organisation = self.get_one(str(id))
        form = StatusForm()
        form.status.choices = [(s.value, label_text) for s, label_text in _allowed(organisation)]
        form.dissolution_kind.choices = enum_choices(DissolutionKind)
        if form.validate_on_submit():
            try:
                record_status(
                    session=db.session,
                    organisation=organisation,
                    status=Status(form.status.data),
                    effective_on=form.effective_on.data,
                    reason=form.reason.data or None,
                    decision_no=form.decision_no.data or None,
                    decision_on=form.decision_on.data,
                    dissolution_kind=DissolutionKind(form.dissolution_kind.data)
                    if form.dissolution_kind.data
                    else None,
                    recorded_by=db.session.get(User, current_user.id),
                )
                db.session.commit()
                flash(_("Status recorded."), "success")
                return redirect(self.get_url(".details_view", id=id))
            except DomainError as exc:
                db.session.rollback()
                field = getattr(form, exc.field or "", None) or form.status  # where it belongs
                field.errors = [*field.errors, exc.message(language())]
        return self.render("admin/status_form.html", form=form, organisation=organisation)

    def _record(self, organisation, form, title, intro, save):
        """A small form about the organisation, saved by a service; its refusal is shown under
        the field it concerns."""
        if form.validate_on_submit():
            try:
                save()
                db.session.commit()
                flash(_("Saved."), "success")
                return redirect(self.get_url(".details_view", id=organisation.id) + "#tab-review")
            except DomainError as exc:
                db.session.rollback()
                field = getattr(form, exc.field or "", None) or form.note
                field.errors = [*field.errors, exc.message(language())]
        back = self.get_url(".details_view", id=organisation.id)
        return self.render(
            "admin/record_form.html",
            form=form,
            organisation=organisation,
            title=title,
            intro=intro,
            back=back,
        )

    @expose("/observation/<int:id>", methods=("GET", "POST"))
    def observation_view(self, id: int):
        """What an officer found the organisation doing, apart from its legal status."""
        if not current_access().can_record_status:
            abort(403)
        organisation = self.get_one(str(id))
        form = ObservationForm()
        form.state.choices = enum_choices(OperatingState)
        form.source.choices = enum_choices(ObservationSource)
        return self._record(
            organisation,
            form,
            _("Record what was found"),
            _("What the organisation was found doing on a date; its legal status is not changed."),
            lambda: record_observation(
                db.session,
                scope=current_access(),
                user=db.session.get(User, current_user.id),
                organisation=organisation,
                observed_on=form.observed_on.data,
                state=OperatingState(form.state.data),
                source=ObservationSource(form.source.data),
                note=form.note.data,
            ),
        )

    @expose("/support/<int:id>", methods=("GET", "POST"))
    def support_view(self, id: int):
        """Help the Cooperative Alliance gave the organisation."""
        if not current_access().can_record_support:
            abort(403)
        organisation = self.get_one(str(id))
        form = SupportForm()
        form.kind.choices = enum_choices(SupportKind)
        return self._record(
            organisation,
            form,
            _("Record support"),
            None,
            lambda: record_support(
                db.session,
                scope=current_access(),
                user=db.session.get(User, current_user.id),
                organisation=organisation,
                given_on=form.given_on.data,
                kind=SupportKind(form.kind.data),
                note=form.note.data,
            ),
        )


def _operating_text(view, context, model, name) -> str:
    """The latest finding, beside the legal status: a state and its date."""
    found = g.get("latest_observations", {}).get(model.id)
    return "" if found is None else f"{label(found.state)} ({found.observed_on:%d/%m/%Y})"


def _allowed(organisation: Organisation):
    return [(s, label(s)) for s in Status if s in rules.allowed_next(organisation.current_status)]


def _plain(value):
    from admin.views.base import _plain_export

    value = _plain_export(value)
    return value if value not in ("", None) else None


def _changes_since(organisation_id: int, version: int) -> dict[str, list]:
    """Field changes recorded after ``version`` of an organisation, oldest first merged."""
    merged: dict[str, list] = {}
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.table_name == "organisation",
            AuditEntry.record_id == str(organisation_id),
            AuditEntry.action == AuditAction.UPDATE,
        )
        .order_by(AuditEntry.id)
    ).all()
    for entry in entries:
        changes = entry.changes or {}
        if changes.get("version", [0, 0])[1] <= version:
            continue
        for key, (before, after) in changes.items():
            if key == "version":
                continue
            merged[key] = [merged.get(key, [before])[0], after]
    return merged
