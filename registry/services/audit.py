"""The audit trail: every insert, update and delete of a registry record, whatever path made it.

A listener on every SQLModel session records, after each flush, who (``session.info["user_id"]``,
set by the owner of the transaction: a request, a CLI command, an import run), what table and
record, and the changed fields with their values before and after. Rows are written with Core
inside the same transaction, so a rolled-back change leaves no audit row either; refusals that
must be remembered (a conflicting edit) are written by :func:`record` in a transaction of their
own.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ColumnElement,
    String,
    Table,
    case,
    cast,
    event,
    func,
    insert,
    inspect,
    literal,
    literal_column,
    null,
    select,
)
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from registry.enums import AuditAction
from registry.models import (
    AnnualFigures,
    Asset,
    AuditEntry,
    Contribution,
    Debt,
    ImportChange,
    Membership,
    Organisation,
    Person,
    StatusEvent,
    User,
    UserScope,
)
from registry.models.base import utcnow

AUDITED = (
    Organisation,
    StatusEvent,
    Person,
    Membership,
    Contribution,
    AnnualFigures,
    Debt,
    Asset,
    User,
    UserScope,
)
#: Columns derived from others or bookkeeping: recording them would only add noise.
IGNORED = {
    "name_key",
    "updated_at",
    "created_at",
    "password_hash",
    "failed_logins",
    "locked_until",
    "recorded_at",
}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _record_id(obj: Any) -> str:
    # In after_flush a new row has its key values but not yet its identity key.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key)


def _changes(obj: Any, action: AuditAction) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in IGNORED or key == "current_status":
            continue
        if action == AuditAction.CREATE:
            value = getattr(obj, key)
            if value is not None:
                changes[key] = [None, _plain(value)]
        elif action == AuditAction.DELETE:
            value = state.dict.get(key)
            if value is not None:
                changes[key] = [_plain(value), None]
        else:
            history = state.attrs[key].history
            if history.has_changes():
                before = history.deleted[0] if history.deleted else None
                after = history.added[0] if history.added else None
                if before != after:
                    changes[key] = [_plain(before), _plain(after)]
    version = state.mapper.version_id_col
    if action == AuditAction.UPDATE and version is not None and changes:
        # The version is raised by the flush itself, outside the attribute history.
        current = state.dict.get(version.key)
        changes[version.key] = [current - 1, current]
    return changes


def _organisation_id(session: OrmSession, obj: Any) -> int | None:
    """Which organisation's file (hồ sơ) a change belongs to."""
    if isinstance(obj, Organisation):
        return obj.id
    if isinstance(obj, Contribution):
        membership = session.get(Membership, obj.membership_id) if obj.membership_id else None
        return membership.organisation_id if membership else None
    return getattr(obj, "organisation_id", None)


def _summary(obj: Any) -> str | None:
    for key in ("name", "full_name", "username", "description"):
        value = getattr(obj, key, None)
        if value:
            return str(value)[:500]
    return None


@event.listens_for(Session, "after_flush")
def _after_flush(session: OrmSession, _context) -> None:
    rows = []
    user_id = session.info.get("user_id")
    at = utcnow()
    for action, objects in (
        (AuditAction.CREATE, session.new),
        (AuditAction.UPDATE, session.dirty),
        (AuditAction.DELETE, session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, AUDITED):
                continue
            if action == AuditAction.UPDATE and not session.is_modified(obj):
                continue
            changes = _changes(obj, action)
            if action == AuditAction.UPDATE and not changes:
                continue
            rows.append(
                dict(
                    at=at,
                    user_id=user_id,
                    action=action,
                    table_name=obj.__tablename__,
                    record_id=_record_id(obj),
                    organisation_id=_organisation_id(session, obj),
                    summary=_summary(obj),
                    changes=changes,
                )
            )
    if rows:
        session.connection().execute(insert(AuditEntry.__table__), rows)
        session.info["registry_changed"] = True


#: Raised after every commit that changed registry records, in this process. Caches of
#: derived figures (the dashboard) compare it to know whether they are stale.
_generation = 0


@event.listens_for(Session, "after_commit")
def _after_commit(session: OrmSession) -> None:
    global _generation
    if session.info.pop("registry_changed", False):
        _generation += 1


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: OrmSession) -> None:
    session.info.pop("registry_changed", None)


def generation() -> int:
    return _generation


def record(
    session: Session,
    *,
    action: AuditAction,
    table_name: str,
    record_id: str | None = None,
    organisation_id: int | None = None,
    summary: str | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """An audit row for an event that is not a row change: an export, an import, a sign-in,
    a refused edit. Flushes like any service; the caller commits."""
    session.connection().execute(
        insert(AuditEntry.__table__),
        [
            dict(
                at=utcnow(),
                user_id=session.info.get("user_id"),
                action=action,
                table_name=table_name,
                record_id=record_id,
                organisation_id=organisation_id,
                summary=summary and summary[:500],
                changes=changes,
            )
        ],
    )


def record_imported(
    session: Session,
    table: Table,
    batch_id: int,
    *,
    organisation_id: str | ColumnElement | None = None,
    summary: str | None = None,
    owner: Column | None = None,
) -> None:
    """Audit rows, as creates, for the records of ``table`` that import batch ``batch_id``
    wrote in bulk (:mod:`registry.bulk`, which the flush listener does not see). The database
    builds them from the records themselves, in one statement: a hundred thousand records
    are not read back into Python to be written again. ``organisation_id`` (a column's name,
    or an expression) and ``summary`` (a column's name) say where those come from. Records
    the batch notes no change of their own for (a membership's contributions) are found by
    ``owner``, the foreign key to a record it does note. Same shape as the listener's entries:
    the fields that are set, each as ``[null, value]``."""
    postgres = session.connection().dialect.name == "postgresql"
    pairs = []
    for column in table.columns:
        if column.key in IGNORED:
            continue
        value = column
        if isinstance(column.type, Boolean) and not postgres:  # stored as 0/1
            value = func.json(case((column, "true"), else_="false"))
        pair = (func.jsonb_build_array if postgres else func.json_array)(null(), value)
        pairs += [literal_column(f"'{column.key}'"), case((column.is_(None), null()), else_=pair)]
    if postgres:
        changes = cast(func.jsonb_strip_nulls(func.jsonb_build_object(*pairs)), JSON)
    else:  # a merge patch drops the members that are null
        changes = func.json_patch("{}", func.json_object(*pairs))
    entries = AuditEntry.__table__
    noted = table if owner is None else next(iter(owner.foreign_keys)).column.table
    created = select(ImportChange.record_id).where(
        ImportChange.batch_id == batch_id, ImportChange.table_name == noted.name
    )
    if isinstance(organisation_id, str):
        organisation_id = table.c[organisation_id]
    session.execute(
        insert(entries).from_select(
            [
                "at",
                "user_id",
                "action",
                "table_name",
                "record_id",
                "organisation_id",
                "summary",
                "changes",
            ],
            select(
                literal(utcnow(), entries.c.at.type),
                literal(session.info.get("user_id"), entries.c.user_id.type),
                literal(AuditAction.CREATE, entries.c.action.type),
                literal(table.name, entries.c.table_name.type),
                cast(table.c.id, String),
                organisation_id if organisation_id is not None else null(),
                func.substr(table.c[summary], 1, 500) if summary else null(),
                changes,
            ).where((table.c.id if owner is None else owner).in_(created)),
        )
    )
