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
    and_,
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
    BaselineFigure,
    CaseDocument,
    CaseStep,
    Contribution,
    Debt,
    DebtSettlement,
    DissolutionCase,
    Membership,
    Observation,
    Organisation,
    Person,
    ReportSubmission,
    RuleSetVersion,
    StatusEvent,
    SupportEntry,
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
    Observation,
    SupportEntry,
    DissolutionCase,
    CaseStep,
    CaseDocument,
    DebtSettlement,
    RuleSetVersion,
    BaselineFigure,
    ReportSubmission,
)
#: Rows whose organisation is their parent's: (parent model, the foreign key to it).
_THROUGH = {
    Contribution: (Membership, "membership_id"),
    CaseStep: (DissolutionCase, "case_id"),
    CaseDocument: (DissolutionCase, "case_id"),
    DebtSettlement: (Debt, "debt_id"),
}
#: Columns derived from others or bookkeeping: recording them would only add noise.
IGNORED = {
    "name_key",
    "updated_at",
    "created_at",
    "password_hash",
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
    through = _THROUGH.get(type(obj))
    if through is not None:
        parent_model, key = through
        parent_id = getattr(obj, key)
        parent = session.get(parent_model, parent_id) if parent_id else None
        return parent.organisation_id if parent else None
    return getattr(obj, "organisation_id", None)


def _summary(obj: Any) -> str | None:
    for key in ("name", "full_name", "username", "description"):
        value = getattr(obj, key, None)
        if value:
            return str(value)[:500]
    return None


#: What an import batch writes: each record gets a change row of the batch (its source row,
#: values before and after), which is its field-level trail; the batch has one audit entry.
NOTED_BY_BATCH = frozenset(
    model.__tablename__
    for model in (
        Organisation,
        StatusEvent,
        Observation,
        Person,
        Membership,
        Contribution,
        AnnualFigures,
        Debt,
        Asset,
    )
)


@event.listens_for(Session, "after_flush")
def _after_flush(session: OrmSession, _context) -> None:
    rows = []
    user_id = session.info.get("user_id")
    at = utcnow()
    # Inside an import's commit (:func:`importers.run.commit`), its writes are its batch's.
    in_batch = session.info.get("import_batch") is not None
    for action, objects in (
        (AuditAction.CREATE, session.new),
        (AuditAction.UPDATE, session.dirty),
        (AuditAction.DELETE, session.deleted),
    ):
        for obj in objects:
            if not isinstance(obj, AUDITED):
                continue
            if in_batch and action != AuditAction.DELETE and obj.__tablename__ in NOTED_BY_BATCH:
                mark_changed(session)
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


def mark_changed(session: OrmSession) -> None:
    """Registry records changed in this transaction by writes the listener does not see
    (bulk inserts): caches of derived figures are stale once it commits."""
    session.info["registry_changed"] = True


def record(
    session: Session,
    *,
    action: AuditAction,
    table_name: str,
    record_id: str | None = None,
    organisation_id: int | None = None,
    summary: str | tuple[str, str] | None = None,
    changes: dict[str, Any] | None = None,
) -> None:
    """An audit row for an event that is not a row change: an export, an import, a sign-in,
    a refused edit. Flushes like any service; the caller commits. ``summary`` is one line in
    Vietnamese and English, ``(vi, en)``, the log showing each reader theirs whatever the
    language of the screen that wrote it; the Vietnamese one is the record's (a name, the
    same in both, may be given alone)."""
    summary_vi, summary_en = (summary, None) if isinstance(summary, str | None) else summary
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
                summary=summary_vi and summary_vi[:500],
                summary_en=summary_en and summary_en[:500],
                changes=changes,
            )
        ],
    )


def _fields_json(session: OrmSession, table: Table, *, deleted: bool) -> ColumnElement:
    """The fields of a row that are set, each as ``[null, value]`` (a create) or ``[value,
    null]`` (a delete), built by the database: the listener's entries' shape."""
    postgres = session.connection().dialect.name == "postgresql"
    pairs = []
    for column in table.columns:
        if column.key in IGNORED:
            continue
        value = column
        if isinstance(column.type, Boolean) and not postgres:  # stored as 0/1
            value = func.json(case((column, "true"), else_="false"))
        pair = (func.jsonb_build_array if postgres else func.json_array)(
            *((value, null()) if deleted else (null(), value))
        )
        pairs += [literal_column(f"'{column.key}'"), case((column.is_(None), null()), else_=pair)]
    if postgres:
        return cast(func.jsonb_strip_nulls(func.jsonb_build_object(*pairs)), JSON)
    return func.json_patch("{}", func.json_object(*pairs))  # a merge patch drops the nulls


def _organisation_of(table: Table) -> ColumnElement:
    """Which organisation's file a row of ``table`` belongs to, as SQL."""
    if table is Organisation.__table__:
        return table.c.id
    if "organisation_id" in table.c:
        return table.c.organisation_id
    for model, (parent_model, key) in _THROUGH.items():
        if table is model.__table__:
            parent = parent_model.__table__
            return (
                select(parent.c.organisation_id)
                .where(parent.c.id == table.c[key])
                .scalar_subquery()
            )
    return null()


def _summary_of(table: Table) -> ColumnElement:
    for key in ("name", "full_name", "username", "description"):
        if key in table.c:
            return func.substr(table.c[key], 1, 500)
    return null()


def _record_rows(
    session: OrmSession, table: Table, where: ColumnElement, action: AuditAction
) -> None:
    """Audit rows for the rows of ``table`` matching ``where``, built by the database in one
    statement: a hundred thousand records are not read back into Python to be written
    again."""
    entries = AuditEntry.__table__
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
                literal(action, entries.c.action.type),
                literal(table.name, entries.c.table_name.type),
                cast(table.c.id, String),
                _organisation_of(table),
                _summary_of(table),
                _fields_json(session, table, deleted=action == AuditAction.DELETE),
            ).where(where),
        )
    )
    session.info["registry_changed"] = True


#: Tables whose rows the database deletes with a parent row (``ON DELETE CASCADE``): parent
#: table → [(child table, the child's foreign key column)].
def _cascading() -> dict[str, list[tuple[Table, Column]]]:
    found: dict[str, list[tuple[Table, Column]]] = {}
    audited = {model.__tablename__ for model in AUDITED}
    for model in AUDITED:
        for fk in model.__table__.foreign_keys:
            if (
                fk.ondelete == "CASCADE"
                and fk.column.table.name in audited
                and "id" in model.__table__.c
            ):
                found.setdefault(fk.column.table.name, []).append((model.__table__, fk.parent))
    return found


CASCADING = _cascading()


def record_deleted(
    session: OrmSession,
    table: Table,
    where: ColumnElement,
    *,
    skip: dict[str, set[int]] | None = None,
) -> None:
    """Audit rows, as deletes, for the rows of ``table`` matching ``where`` and, first, for
    every row the database will delete with them (``ON DELETE CASCADE``, followed down).
    ``skip``: ids per table already audited another way (objects the session deletes itself,
    which the flush listener records)."""
    skip = skip or {}
    for child, column in CASCADING.get(table.name, ()):
        below = column.in_(select(table.c.id).where(where))
        if skip.get(child.name):
            below = and_(below, child.c.id.not_in(skip[child.name]))
        record_deleted(session, child, below, skip=skip)
    _record_rows(session, table, where, AuditAction.DELETE)


@event.listens_for(Session, "before_flush")
def _before_flush(session: OrmSession, _context, _instances) -> None:
    """Rows the database is about to delete along with a deleted record are audited here, while
    they still exist: an organisation deleted with its members, debts and status history leaves
    an entry for each of them."""
    deleted: dict[str, set[int]] = {}
    for obj in session.deleted:
        if isinstance(obj, AUDITED) and getattr(obj, "id", None) is not None:
            deleted.setdefault(obj.__tablename__, set()).add(obj.id)
    for model in AUDITED:
        ids = deleted.get(model.__tablename__)
        for child, column in CASCADING.get(model.__tablename__, ()) if ids else ():
            below = column.in_(ids)
            if deleted.get(child.name):
                below = and_(below, child.c.id.not_in(deleted[child.name]))
            record_deleted(session, child, below, skip=deleted)
