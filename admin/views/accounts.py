"""Users and roles (administrators only) and the audit log (read-only)."""

from __future__ import annotations

from flask import has_request_context, url_for
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_admin.form import Select2Widget
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from sqlalchemy import select
from wtforms import SelectMultipleField, validators

from admin.change_values import changes
from admin.extensions import db
from admin.fields import FormOnly, FormOnlyPassword
from admin.i18n import language
from admin.labels import LABELS, TABLE_LABELS
from admin.units import unit_label
from admin.views.base import (
    EnumEqual,
    IntEqual,
    RegistryModelView,
    folded_match,
    loaded_version_of,
)
from registry.enums import Role
from registry.models import AdminUnit, AuditEntry, Organisation, User, UserScope
from registry.services.users import save_user


class ScopeField(FormOnly, SelectMultipleField):
    """Several units of any level and scheme; stored as user_scope rows, not on the user."""

    widget = Select2Widget(multiple=True)


class UserView(RegistryModelView):
    roles = frozenset({Role.ADMIN})
    column_list = ("username", "full_name", "role", "active", "scope", "created_at")
    column_labels = LABELS | {"scope": _l("Area")}
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "active")
    form_columns = ("username", "full_name", "role", "active", "password", "scope")
    form_extra_fields = {
        "password": FormOnlyPassword(
            _l("New password"),
            validators=[validators.Optional()],
            description=_l("At least 10 characters. Leave empty to keep the current password."),
        ),
        "scope": ScopeField(
            _l("Area (for area officers and scoped viewers)"),
            choices=[],
            coerce=int,
            render_kw={"multiple": True},
        ),
    }
    can_export = False
    deletable = False  # users who acted stay in the audit log: deactivate them instead

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.column_formatters = dict(self.column_formatters) | {
            "scope": lambda v, c, m, n: ", ".join(unit_label(u) for u in _scope_units(m.id)),
        }
        self.column_formatters_detail = self.column_formatters

    def _prepare(self, form, obj=None):
        units = db.session.scalars(
            select(AdminUnit).order_by(AdminUnit.scheme, AdminUnit.level, AdminUnit.name)
        ).all()
        form.scope.choices = [(u.id, unit_label(u)) for u in units]
        if obj is not None and not form.scope.raw_data:
            form.scope.data = [u.id for u in _scope_units(obj.id)]
        return form

    def create_form(self, obj=None):
        return self._prepare(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._prepare(super().edit_form(obj), obj)

    def save(self, form, model, is_created) -> None:
        save_user(
            session=db.session,
            user=model,
            password=form.password.data or None,
            unit_ids=form.scope.data or [],
            scope=self.access,
            loaded_version=loaded_version_of(form),
        )


def _scope_units(user_id: int) -> list[AdminUnit]:
    return db.session.scalars(
        select(AdminUnit).join(UserScope).where(UserScope.user_id == user_id)
    ).all()


def _record_link(view, context, model: AuditEntry, name: str):
    """An import's entry links to its batch's page: the records it wrote, row by row."""
    if model.table_name == "import_batch" and model.record_id and model.record_id.isdigit():
        return Markup('<a href="{}">{}</a>').format(
            url_for("imports.batch_view", batch_id=int(model.record_id)),
            _("Import batch no. %(id)s", id=model.record_id),
        )
    return model.record_id or ""


class OrganisationNamed(BaseSQLAFilter):
    """Changes to the files of the organisations whose name holds the words typed (with or
    without diacritics): an officer knows a cooperative by its name, not its id."""

    def apply(self, query, value, alias=None):
        named = select(Organisation.id).where(folded_match(Organisation.name_key, value))
        return query.filter(self.column.in_(named))

    def operation(self):
        return _l("name contains")


class AuditView(RegistryModelView):
    """Append-only: nothing here creates, edits or deletes."""

    roles = frozenset({Role.ADMIN, Role.PLANNER})
    editable = False
    can_view_details = True
    column_list = ("at", "user_id", "action", "table_name", "record_id", "summary", "changes")
    column_labels = LABELS
    column_default_sort = ("id", True)
    column_filters = ("at", "action")
    simple_list_pager = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.column_formatters = dict(self.column_formatters) | {
            "user_id": lambda v, c, m, n: _user_name(m.user_id),
            "changes": lambda v, c, m, n: changes(m.changes, m.table_name),
            "table_name": lambda v, c, m, n: str(TABLE_LABELS.get(m.table_name, m.table_name)),
            "record_id": _record_link,
            # In the reader's language where the entry was written in both.
            "summary": lambda v, c, m, n: (
                (m.summary_en if language() == "en" else None) or m.summary or ""
            ),
        }
        self.column_formatters_detail = self.column_formatters

    def get_filters(self):
        def users():
            if not has_request_context():
                return []  # evaluated again per request
            return [
                (str(u.id), u.full_name)
                for u in db.session.scalars(select(User).order_by(User.full_name))
            ]

        return (super().get_filters() or []) + [
            OrganisationNamed(AuditEntry.organisation_id, LABELS["organisation_id"]),
            IntEqual(AuditEntry.user_id, LABELS["user"], options=users),
            EnumEqual(
                AuditEntry.table_name,
                LABELS["table_name"],
                options=lambda: [(t, str(text)) for t, text in TABLE_LABELS.items()],
            ),
        ]


def _user_name(user_id: int | None) -> str:
    if user_id is None:
        return _("system")
    user = db.session.get(User, user_id)
    return user.full_name if user else str(user_id)
