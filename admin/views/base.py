"""The one base view: SQLModel adapter, role and area-scope checks, Vietnamese formatting,
domain errors as form messages, and a formula-safe, audited export.

Flask-Admin does not know SQLModel's ``AutoString`` (fields vanish from forms and filters crash,
flask-admin issue 2528) and shows enum *names*; the converters below fix both.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from enum import Enum
from typing import Any

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.babel import gettext as admin_gettext
from flask_admin.babel import lazy_gettext as admin_lazy_gettext
from flask_admin.contrib.sqla import ModelView
from flask_admin.contrib.sqla import filters as sqla_filters
from flask_admin.contrib.sqla.filters import FilterConverter
from flask_admin.contrib.sqla.form import AdminModelConverter
from flask_admin.model.filters import BaseIntFilter, BaseIntListFilter, convert
from flask_admin.model.form import converts
from flask_babel import force_locale
from flask_babel import gettext as _
from jinja2 import pass_context
from markupsafe import Markup, escape
from sqlalchemy import Unicode, and_, cast, false, or_, select, true
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from wtforms import ValidationError

from admin.access import current_access
from admin.extensions import db
from admin.fields import FormOnlyHidden, MoneyField, VnDateField, enum_choices
from admin.formatting import day, label, moment, money, num
from admin.forms import AdminForm
from admin.i18n import language
from admin.views.plain import RoleView, export_name, table_download
from admin.views.urls import CachedStaticUrls
from registry.enums import AuditAction, Role
from registry.models import Organisation
from registry.models.base import MAX_ID
from registry.scope import Scope
from registry.services import records
from registry.services.audit import record
from registry.services.errors import DomainError
from registry.services.records import StaleVersion
from registry.text import search_key

log = logging.getLogger(__name__)


class SQLModelConverter(AdminModelConverter):
    @converts("sqlmodel.sql.sqltypes.AutoString")
    def conv_autostring(self, column, field_args, **extra):
        return self.conv_String(column=column, field_args=field_args, **extra)

    @converts("sqlalchemy.sql.sqltypes.Enum")
    def convert_enum(self, column, field_args, **extra):
        from flask_admin.form import Select2Field
        from wtforms import validators

        enum_cls = column.type.enum_class
        self._nullable_common(column, field_args)
        field_args["choices"] = enum_choices(enum_cls)
        field_args["allow_blank"] = column.nullable
        field_args["coerce"] = lambda v: v.value if isinstance(v, Enum) else (v or None)
        field_args["validators"].append(
            validators.AnyOf([m.value for m in enum_cls] + ([None] if column.nullable else []))
        )
        return Select2Field(**field_args)

    # Method names match the ones they replace: Flask-Admin registers converters by walking
    # dir(), so a differently named method for the same type would lose to the base one.
    @converts("Date")
    def convert_date(self, column, field_args, **extra):
        self._nullable_common(column, field_args)
        return VnDateField(**field_args)

    @converts("Integer")
    def handle_integer_types(self, column, field_args, **extra):
        if column.name.endswith("_vnd"):
            self._nullable_common(column, field_args)
            return MoneyField(**field_args)
        return super().handle_integer_types(column, field_args, **extra)


class ChosenValue:
    """A filter whose value must be one of its options (an enum's values)."""

    def validate(self, value) -> bool:
        return str(value) in {str(v) for v, _label in self.get_options(None) or ()}


class ChosenValues(ChosenValue):
    """A filter of a comma-separated list of its options."""

    def validate(self, value) -> bool:
        return all(ChosenValue.validate(self, part.strip()) for part in str(value).split(","))


class EnumEqual(ChosenValue, sqla_filters.FilterEqual):
    pass


class EnumNotEqual(ChosenValue, sqla_filters.FilterNotEqual):
    pass


class EnumInList(ChosenValues, sqla_filters.FilterInList):
    pass


class EnumNotInList(ChosenValues, sqla_filters.FilterNotInList):
    pass


class Bounded:
    """An integer filter whose value fits the database's integers: a 20-digit number is an
    invalid filter value, not an overflow."""

    def validate(self, value) -> bool:
        return re.fullmatch(r"-?\d{1,18}", str(value).strip()) is not None


class BoundedList:
    """The same for each value of a comma-separated list."""

    def validate(self, value) -> bool:
        return all(Bounded.validate(self, part) for part in str(value).split(","))


BOUNDED_INT_FILTERS = tuple(
    type(f.__name__, (BoundedList, f), {})
    if issubclass(f, BaseIntListFilter)
    else type(f.__name__, (Bounded, f), {})
    if issubclass(f, BaseIntFilter)
    else f
    for f in FilterConverter.int_filters
)
IntEqual = next(f for f in BOUNDED_INT_FILTERS if f.__name__ == "IntEqualFilter")


class SQLModelFilterConverter(FilterConverter):
    int_filters = BOUNDED_INT_FILTERS

    @convert("autostring")
    def conv_autostring(self, column, name, **kwargs):
        return self.conv_string(column, name, **kwargs)

    @convert("enum")
    def conv_enum(self, column, name, options=None, **kwargs):
        """Filter on the stored *value*; Flask-Admin's enum filters look members up by name.
        A value that is none of the enum's is refused as an invalid filter value."""
        enum_cls = column.type.enum_class
        options = options or (lambda: [(m.value, label(m)) for m in enum_cls])
        return [
            f(column, name, options, **kwargs)
            for f in (EnumEqual, EnumNotEqual, sqla_filters.FilterEmpty, EnumInList, EnumNotInList)
        ]

    @convert("utcdatetime")
    def conv_utcdatetime(self, column, name, **kwargs):
        return self.conv_datetime(column, name, **kwargs)


def _format(value: Any, column: str) -> Any:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return label(value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, int) and column.endswith("_vnd"):
        return money(value)
    return value


#: The capability each of Flask-Admin's views needs.
_NEEDS = {
    "create_view": "can_create",
    "edit_view": "can_edit",
    "delete_view": "can_delete",
    "details_view": "can_view_details",
    "export": "can_export",
}


class RegistryModelView(CachedStaticUrls, ModelView):
    """Configuration lives in subclasses; behaviour common to every screen lives here."""

    model_form_converter = SQLModelConverter
    filter_converter = SQLModelFilterConverter()
    page_size = 25
    can_view_details = True
    can_export = True
    export_types = ("xlsx", "csv")
    #: Rows one export may hold. A longer list is refused with a message, never cut short:
    #: a web request writing a million rows holds the server for half a minute and a
    #: gigabyte and more, and a worksheet holds at most 1,048,575 rows.
    export_limit = 100_000

    @property
    def export_max_rows(self) -> int:  # Flask-Admin's: what the export query fetches
        return self.export_limit + 1

    #: Roles that see this screen at all.
    roles: frozenset[Role] = frozenset(Role)
    #: Whether the screen writes (create/edit/delete) for users whose role allows editing.
    editable = True
    deletable = False
    form_base_class = AdminForm  # Flask-WTF's CSRF token on every Flask-Admin form

    def __init__(self, model, session=db, **kwargs) -> None:
        formatters = {}
        for column in model.__table__.columns:
            if column.key not in (self.column_formatters or {}):
                formatters[column.key] = self._formatter(column.key)
        self.column_formatters = formatters | dict(self.column_formatters or {})
        self.column_formatters_export = {
            key: (lambda v, c, m, n: _plain_export(getattr(m, n))) for key in formatters
        } | dict(self.column_formatters_export or {})
        super().__init__(model, session, **kwargs)

    @staticmethod
    def _formatter(key: str):
        return lambda view, context, model, name: _format(getattr(model, name, None), name)

    @pass_context
    def get_list_value(self, context, model, name: str):
        """A list cell. Every column here has a formatter giving the final text, so Flask-Admin's
        generic lookups that follow it for each cell (choices, then a formatter per type) are
        skipped."""
        formatter = self.column_formatters.get(name)
        if formatter is None:
            return super().get_list_value(context, model, name)
        return formatter(self, context, model, name)

    def list_cells(self, row, columns) -> Markup:
        """A row's cells for ``lean_list.html``: one call per row, not a template call per
        cell (a tenth of a million-row list's page)."""
        return Markup(
            "".join(
                f'<td class="col-{c}">{escape(self.get_list_value(None, row, c))}</td>'
                for c, _name in columns
            )
        )

    # --- access -----------------------------------------------------------------------------

    @property
    def access(self) -> Scope:
        return current_access()

    is_accessible = RoleView.is_accessible
    inaccessible_callback = RoleView.inaccessible_callback

    def _handle_view(self, name: str, **kwargs):
        """A view whose capability the user lacks answers 403, where Flask-Admin would
        return to the list without a word: a refusal reads as one, to people and to
        ``tests/admin/test_access_matrix.py``."""
        refused = super()._handle_view(name, **kwargs)
        if refused is None and (need := _NEEDS.get(name)) and not getattr(self, need):
            abort(403)
        return refused

    @property
    def can_create(self) -> bool:
        return self.editable and self.access.can_edit

    @property
    def can_edit(self) -> bool:
        return self.editable and self.access.can_edit

    @property
    def can_delete(self) -> bool:
        return self.deletable and self.access.can_edit

    def scope(self, query):
        """Restrict a query of this view's model to the user's area."""
        model = self.model
        if model is Organisation:
            where = self.access.organisation_filter()
            return query if where is None else query.filter(where)
        if hasattr(model, "organisation_id"):
            if self.access.everywhere:
                return query
            return query.filter(model.organisation_id.in_(self.access.organisation_ids()))
        return query

    def _get_filter_groups(self):
        """Flask-Admin evaluates filter options once, at start-up; options that depend on the
        user (their units) or the language are evaluated again for each request."""
        groups = super()._get_filter_groups()
        for items in (groups or {}).values():
            for position, item in enumerate(items):
                options = self._filters[item["index"]].options
                if callable(options):
                    items[position] = dict(item, options=[(str(v), str(t)) for v, t in options()])
        return groups

    def _apply_search(self, query, count_query, joins, count_joins, search):
        """Diacritic- and case-insensitive: every word of the folded query must occur in the
        stored folded key (``hop tac xa ia grai`` finds ``HTX Nông nghiệp Ia Grai``)."""
        key = getattr(self.model, "name_key", None)
        if key is None:  # plain columns, each word found as it is: % and _ are no wildcards
            columns = [field for field, _path in self._search_fields]
            condition = and_(
                *(
                    or_(*(cast(c, Unicode).icontains(word, autoescape=True) for c in columns))
                    for word in search.split()
                )
            )
        else:
            condition = folded_match(key, search)
        query = query.filter(condition)
        if count_query is not None:
            count_query = count_query.filter(condition)
        return query, count_query, joins, count_joins

    def _apply_pagination(self, query, page, page_size):
        """Large tables page over their keys first, then load only that page with its joins:
        an OFFSET over joined rows would build every skipped row's joins."""
        if page_size is None:
            page_size = self.page_size
        if not self.simple_list_pager or not page_size:  # 0: no limit (the export)
            return super()._apply_pagination(query, page, page_size)
        key = self.model.id
        keys = query.with_entities(key).limit(page_size).offset((page or 0) * page_size)
        return query.filter(key.in_(select(keys.subquery().c[0])))

    def get_query(self):
        return self.scope(super().get_query())

    def get_count_query(self):
        return self.scope(super().get_count_query())

    def _get_list_extra_args(self):
        """A page beyond what a list can hold, or below the first, is the nearest one there
        is (a 20-digit page number would overflow the database's integers)."""
        args = super()._get_list_extra_args()
        args.page = min(max(args.page or 0, 0), MAX_PAGE)
        args.page_size = min(max(args.page_size or 0, 0), MAX_PAGE_SIZE)
        return args

    def get_one(self, id):
        """A record in the user's area; another area's id answers 404, like a missing one."""
        if not is_id(id):
            abort(404)
        model = super().get_one(str(id))
        if model is None or not self.in_scope(model):
            abort(404)
        return model

    def in_scope(self, model) -> bool:
        if isinstance(model, Organisation):
            return self.access.allows(model)
        organisation_id = getattr(model, "organisation_id", None)
        if organisation_id is None or self.access.everywhere:
            return True
        organisation = db.session.get(Organisation, organisation_id)
        return organisation is not None and self.access.allows(organisation)

    # --- writing ----------------------------------------------------------------------------

    def scaffold_form(self):
        """Every versioned record's form carries the version it showed, in a hidden field that
        is read but never written: a save is checked against it (no lost updates)."""
        form_class = super().scaffold_form()
        if "version" in self.model.__table__.c:
            form_class.version = FormOnlyHidden()
        return form_class

    def on_model_change(self, form, model, is_created) -> None:
        # The new or changed row is already in the session: checks that query must not
        # flush it before the rules have had their say.
        with db.session.no_autoflush:
            try:
                self.save(form, model, is_created)
            except StaleVersion as exc:
                exc.form = form  # what was attempted, for the conflict's audit entry
                raise

    def save(self, form, model, is_created) -> None:
        """The registry's one write path (:func:`registry.services.records.save`), then what a
        subclass adds (:meth:`apply_rules`). Refusals are :class:`DomainError`s, shown by
        :meth:`handle_view_exception`."""
        records.save(
            session=db.session,
            record=model,
            scope=self.access,
            loaded_version=loaded_version_of(form),
        )
        self.apply_rules(form, model, is_created)

    def apply_rules(self, form, model, is_created) -> None:
        """Subclasses call further registry services here."""

    def after_model_change(self, form, model, is_created) -> None:
        """What the services noted of a change that was saved (see ``records.save``)."""
        for vi, en in db.session.info.pop("notices", []):
            flash(en if language() == "en" else vi, "warning")

    @action(
        "delete",
        admin_lazy_gettext("Delete"),
        admin_lazy_gettext("Are you sure you want to delete selected records?"),
    )
    def action_delete(self, ids) -> None:
        """Flask-Admin passes the ids as text; PostgreSQL will not compare them to integers."""
        super().action_delete(tuple(int(i) for i in ids if str(i).isdigit()))

    def on_stale_save(self) -> None:
        """Said when the database refused a save made on the same version as another's."""
        flash(
            _(
                "Not saved: someone else saved this record after you opened the page. Open "
                "it again to see their change, then make yours."
            ),
            "error",
        )

    def on_model_delete(self, model) -> None:
        if not self.in_scope(model):
            abort(404)

    def handle_view_exception(self, exc: Exception) -> bool:
        if isinstance(exc, StaleVersion):
            self.on_conflict(exc)
            return True
        if isinstance(exc, StaleDataError):
            # Two saves of one version at once: both passed the version check, the database
            # took the first (its UPDATE … WHERE version matched) and refused this one.
            db.session.rollback()
            self.on_stale_save()
            return True
        if isinstance(exc, OperationalError) and "database is locked" in str(exc.orig):
            # SQLite's one writer: another save held the database past the busy timeout, or
            # committed first after this request had read (a snapshot that can no longer write).
            db.session.rollback()
            flash(
                _(
                    "Not saved: the database was busy with another officer's save. Open the "
                    "page again and save once more."
                ),
                "error",
            )
            return True
        if isinstance(exc, DomainError):
            flash(exc.message(language()), "error")
            return True
        if isinstance(exc, ValidationError):
            flash(str(exc), "error")
            return True
        if isinstance(exc, DBAPIError) and not isinstance(exc, IntegrityError):
            # What the database refused, without its SQL and parameters: logged, not shown.
            log.error("database refused a save", exc_info=exc)
            flash(
                _("Not saved: the database refused a value (too long or of the wrong kind)."),
                "error",
            )
            return True
        if isinstance(exc, IntegrityError):
            # Name the rule, not the SQL: the constraint names say what was violated.
            found = re.search(r"\b((?:ck|uq|fk)_\w+)", str(exc.orig))
            flash(
                _(
                    "Not saved: the data breaks the rule %(rule)s.",
                    rule=found.group(1) if found else "?",
                ),
                "error",
            )
            return True
        return super().handle_view_exception(exc)

    def filter_url(self, *chosen: tuple[type, str]) -> str:
        """The list filtered by filters of the given types, each set to its value."""
        args = {}
        for position, (kind, value) in enumerate(chosen):
            index, flt = next((i, f) for i, f in enumerate(self._filters) if type(f) is kind)
            args[f"flt{position}_{self.get_filter_arg(index, flt)}"] = value
        return url_for(f"{self.endpoint}.index_view", **args)

    def _export_summary(self, count: int, export_type: str) -> tuple[str, str]:
        """The export as the audit log says it, in Vietnamese and in English whatever the
        screen's language (:func:`registry.services.audit.record`): how many rows of which
        list, and the filters and search it was narrowed by, each by its name and the value's
        label."""
        return tuple(self._export_sentence(count, export_type, lang) for lang in ("vi", "en"))

    def _export_sentence(self, count: int, export_type: str, lang: str) -> str:
        with force_locale(lang):
            narrowed = []
            for index, name, value in self._get_list_filter_args() or []:
                flt = self._filters[index]
                options = {str(k): str(v) for k, v in (flt.get_options(self) or [])}
                narrowed.append(f"{name} {flt.operation()} {options.get(str(value), value)}")
            if search := request.args.get("search"):
                narrowed.append(_("search “%(text)s”", text=search))
            sentence = _(
                "Exported %(n)s rows of the list “%(list)s” as %(format)s",
                n=num(count),
                list=self.name,
                format=export_type.upper(),
            )
        return f"{sentence}; {'; '.join(narrowed)}." if narrowed else f"{sentence}."

    def get_export_name(self, export_type: str = "csv") -> str:
        return export_name(str(self.name), export_type)

    def on_conflict(self, exc: StaleVersion) -> None:
        """A save based on an older version was refused."""
        flash(exc.message(language()), "error")

    # --- export -----------------------------------------------------------------------------

    @expose("/export/<export_type>/")
    def export(self, export_type: str):
        if not self.can_export or export_type not in self.export_types:
            flash(admin_gettext("Permission denied."), "error")
            return redirect(self.get_url(".index_view"))
        _count, rows = self._export_data()
        rows = list(rows)
        if len(rows) > self.export_limit:
            flash(
                _(
                    "The list has more than %(limit)s rows, too many for one export: filter "
                    "it (by unit, status…) and export again.",
                    limit=num(self.export_limit),
                ),
                "error",
            )
            query = request.query_string.decode()  # back to the same filtered list
            return redirect(self.get_url(".index_view") + (f"?{query}" if query else ""))
        titles = [str(title) for _key, title in self._export_columns]
        values = [
            [self.get_export_value(row, key) for key, _t in self._export_columns] for row in rows
        ]
        record(
            db.session,
            action=AuditAction.EXPORT,
            table_name=self.model.__tablename__,
            summary=self._export_summary(len(values), export_type),
        )
        db.session.commit()
        return table_download(titles, values, export_type, str(self.name))


def loaded_version_of(form) -> Any:
    """The version a form was based on, as posted in its hidden field, or None when none was
    posted (the field's data would then be the record's current version, read from it)."""
    field = getattr(form, "version", None)
    return field.raw_data[0] if field is not None and field.raw_data else None


#: The last page a list shows, and the most rows a page holds.
MAX_PAGE, MAX_PAGE_SIZE = 1_000_000, 500


def is_id(value) -> bool:
    """A record id as a URL or a form may give it: digits that fit the tables' keys."""
    text = str(value)
    return text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID


def id_arg(name: str) -> int | None:
    """The record id the query string gives under ``name``, if it is one."""
    value = request.args.get(name, "")
    return int(value) if is_id(value) else None


def folded_match(key_column, text: str):
    """Every word of ``text`` (folded, abbreviations expanded) occurs in ``key_column``."""
    words = search_key(text).split()
    if not words:  # nothing to look for, or only signs (``%``, ``_``) that no key holds
        return true() if not text.strip() else false()
    # Folded words hold only letters and digits, so nothing needs escaping in the pattern.
    return and_(*(key_column.like(f"%{w}%") for w in words))


def _plain_export(value: Any) -> Any:
    """Export keeps numbers as numbers and dates as dd/mm/yyyy text."""
    if isinstance(value, Enum):
        return label(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    return value


def link(endpoint: str, text: str, **values) -> Markup:
    return Markup('<a href="{}">{}</a>').format(url_for(endpoint, **values), text)
