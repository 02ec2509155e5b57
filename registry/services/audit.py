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

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session

from registry.enums import AuditAction
from registry.models import (
    AnnualFigures,
    Asset,
    AuditEntry,
    Contribution,
    Debt,
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


def record_created(
    session: Session,
    table_name: str,
    rows: list[tuple[int, int | None, str | None, dict[str, Any]]],
) -> None:
    """Audit rows for records written in bulk with Core (which the flush listener does not
    see): ``(record id, organisation id, summary, values)`` each, as a create."""
    at, user_id = utcnow(), session.info.get("user_id")
    entries = [
        dict(
            at=at,
            user_id=user_id,
            action=AuditAction.CREATE,
            table_name=table_name,
            record_id=str(record_id),
            organisation_id=organisation_id,
            summary=summary and summary[:500],
            changes={
                k: [None, _plain(v)]
                for k, v in values.items()
                if v is not None and k not in IGNORED
            },
        )
        for record_id, organisation_id, summary, values in rows
    ]
    for start in range(0, len(entries), 5000):
        session.connection().execute(insert(AuditEntry.__table__), entries[start : start + 5000])
