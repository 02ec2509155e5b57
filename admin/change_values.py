"""A recorded change as a person reads it: each field by its label, each value as the screens
show it — an enum by its label, a date as dd/mm/yyyy, money as ``1.234.567 ₫``, yes or no, and
a reference by the name of what it points to (an organisation as a link), never an id.

The audit log and the import batches keep values as JSON (an enum's value, an ISO date, a
foreign key's id); what each means is read off the table's own columns."""

from __future__ import annotations

import enum
from datetime import date, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from markupsafe import Markup, escape
from sqlmodel import SQLModel

from admin.extensions import db
from admin.formatting import day, label, moment, money, num
from admin.i18n import language
from admin.labels import LABELS, TABLE_LABELS


@cache
def _columns() -> dict[str, dict[str, sa.Column]]:
    """Each table's columns by name (the models' metadata, read once)."""
    return {name: dict(table.c.items()) for name, table in SQLModel.metadata.tables.items()}


#: Keys of a plan's changes that are not a column of the record's table: the column they mean.
_ALIASES = {"status": ("status_event", "status"), "operating": ("operating_observation", "state")}


def _column(table: str | None, key: str) -> sa.Column | None:
    """The column a recorded key is: the table's own, else the one column of that name in
    any table (a key several tables hold differently, such as ``kind``, needs the table)."""
    columns = _columns()
    if table in columns and key in columns[table]:
        return columns[table][key]
    if key in _ALIASES:
        aliased, name = _ALIASES[key]
        return columns[aliased][name]
    found = {id(c[key]): c[key] for c in columns.values() if key in c}
    return next(iter(found.values())) if len(found) == 1 else None


def field_label(table: str | None, key: str) -> str:
    """A field's label; a reference without one of its own is named after what it points to;
    a table's name (an undone batch's counts of records removed) by its label."""
    if key in LABELS:
        return str(LABELS[key])
    if key in TABLE_LABELS:
        return str(TABLE_LABELS[key])
    column = _column(table, key)
    if column is not None and column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        return str(TABLE_LABELS.get(target, _("Record")))
    return key.removesuffix("_id").replace("_", " ").capitalize()


def shown(table: str | None, key: str, value: Any) -> str:
    """One recorded value as the screens show it (HTML-safe)."""
    if value is None or value == "":
        return "—"
    column = _column(table, key)
    kind = column.type if column is not None else None
    if isinstance(kind, sa.types.TypeDecorator):  # a date-time kept in UTC, say
        kind = kind.impl_instance
    if column is not None and column.foreign_keys and isinstance(value, int):
        return _reference(next(iter(column.foreign_keys)).column.table.name, value)
    if isinstance(kind, sa.Enum) and kind.enum_class is not None:
        try:
            return escape(label(kind.enum_class(value)))
        except ValueError:
            return escape(str(value))
    if isinstance(value, bool) or isinstance(kind, sa.Boolean):
        return _("yes") if value else _("no")
    if key.endswith("_vnd") and isinstance(value, int):
        return money(value)
    if isinstance(value, int):  # a year or a version is a number, not an amount
        return str(value) if key.endswith("year") or key == "version" else num(value)
    if isinstance(value, str) and isinstance(kind, sa.Date | sa.DateTime):
        return _when(value)
    if isinstance(value, enum.Enum):
        return escape(label(value))
    if isinstance(value, list):
        return Markup("; ").join(shown(table, key, item) for item in value) or "—"
    if isinstance(value, dict):
        return _document(value)
    return escape(str(value))


def _document(value: dict) -> str:
    """A JSON document a record holds (a ground found for a case, with its evidence): its
    words in the page's language and its dates as dates; what a person does not read (codes,
    versions) left out."""
    english = language() == "en"
    title = value.get("title_en" if english else "title_vi")
    evidence = value.get("evidence_en" if english else "evidence_vi")
    since = value.get("met_since")
    if title or evidence:
        parts = [str(title or ""), str(evidence or "")]
        if since:
            parts.append(_("since %(day)s", day=_when(since)))
        return escape(" — ".join(p for p in parts if p))
    return Markup(", ").join(
        Markup("{}: {}").format(field_label(None, k), shown(None, k, v)) for k, v in value.items()
    )


def _when(text: str) -> str:
    try:
        if len(text) == 10:
            return day(date.fromisoformat(text))
        return moment(datetime.fromisoformat(text))
    except ValueError:
        return escape(text)


def _reference(table: str, record_id: int) -> str:
    """What an id points to, by its name: an organisation as a link to its file."""
    from registry.models import (
        AdminUnit,
        Asset,
        Debt,
        DissolutionCase,
        Membership,
        Organisation,
        Person,
        User,
    )

    session = db.session
    if table == "organisation":
        org = session.get(Organisation, record_id)
        if org is None:
            return escape(_("(removed)"))
        return Markup('<a href="{}">{}</a>').format(
            url_for("organisation.details_view", id=record_id), org.name
        )
    names = {
        "user_account": (User, lambda u: u.full_name),
        "person": (Person, lambda p: p.full_name),
        "admin_unit": (AdminUnit, lambda u: u.name),
        "membership": (Membership, lambda m: m.person.full_name if m.person else ""),
        "asset": (Asset, lambda a: a.description or a.location or ""),
        "debt": (Debt, lambda d: d.counterparty_name or d.content or ""),
        "dissolution_case": (DissolutionCase, lambda c: _("Case #%(id)s", id=c.id)),
    }
    model, name = names.get(table, (None, None))
    record = session.get(model, record_id) if model is not None else None
    if record is None:
        return escape(_("(removed)") if model is not None else str(record_id))
    return escape(name(record) or str(TABLE_LABELS.get(table, "")))


def changes(values: dict | None, table: str | None = None) -> Markup:
    """``field: before → after`` lines of a recorded change, every part as a label. A record's
    id is left out (the entry names its record already)."""
    if not values:
        return Markup("")
    rows = []
    for key, pair in values.items():
        if key == "id":
            continue
        before, after = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        rows.append(
            Markup("<div><b>{}</b>: {} → {}</div>").format(
                field_label(table, key), shown(table, key, before), shown(table, key, after)
            )
        )
    return Markup("").join(rows)
