"""Undoing an import batch: exactly what the batch wrote is put back, or nothing is, with the
records that depend on it named.

What a batch wrote is known from its own change rows (``import_change``): every record it
created (organisations, their status events, persons, memberships, contributions, figures,
debts, assets) and every record it changed, with the values before and after. Nothing is
found by matching texts. An undo is refused when anything outside the batch rests on what it
wrote: a record of another batch or of an officer hanging off a record the batch created (a
status event, a debt, a membership, a contribution — any child row), a record the batch
changed that was changed again since, or a later batch that changed the batch's records.
Every deleted row gets its audit entry; changed fields go back through the ORM, whose flush
listener audits them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from registry.enums import AuditAction
from registry.models import (
    AnnualFigures,
    Asset,
    Contribution,
    Debt,
    DebtSettlement,
    DissolutionCase,
    ImportBatch,
    ImportChange,
    Membership,
    Observation,
    Organisation,
    Person,
    StatusEvent,
    SupportEntry,
)
from registry.models.base import utcnow
from registry.scope import Scope, outside_area
from registry.services import audit
from registry.services.errors import DomainError
from registry.text import thousands

#: The records a batch may write, children before their parents: the order they are removed.
REMOVAL_ORDER = (
    Contribution,
    Membership,
    Person,
    StatusEvent,
    Observation,
    Debt,
    Asset,
    AnnualFigures,
)
MODELS = {model.__tablename__: model for model in (*REMOVAL_ORDER, Organisation)}
#: Records no import writes that hang off records one does: they always block an undo (the
#: database would delete them with their organisation or debt).
NEVER_IMPORTED = (SupportEntry, DissolutionCase, DebtSettlement)
#: How many dependants a refusal names; the count says how many there are in all.
NAMED = 10

#: What a record of each table is, in each language (singular labels for a count).
RECORD_WORDS = {
    "status_event": ("sự kiện trạng thái", "status event"),
    "membership": ("thành viên", "membership"),
    "contribution": ("bút toán góp vốn", "ledger entry"),
    "annual_figures": ("số liệu năm", "year's figures"),
    "debt": ("khoản nợ", "debt"),
    "asset": ("tài sản", "asset"),
    "person": ("người", "person"),
    "organisation": ("tổ chức", "organisation"),
    "operating_observation": ("ghi nhận tình trạng hoạt động", "operating observation"),
    "support_entry": ("lần hỗ trợ", "support entry"),
    "dissolution_case": ("hồ sơ đề nghị giải thể", "dissolution case"),
    "debt_settlement": ("lần xử lý nợ", "debt settlement"),
}


def counted_in_words(counts: dict[str, int]) -> tuple[str, str]:
    """``({table: count})`` in words, in each language: ``40 tổ chức, 3 khoản nợ`` and
    ``40 × organisation, 3 × debt`` (tables without records left out)."""
    pairs = [(n, RECORD_WORDS[table]) for table, n in counts.items() if n]
    return (
        ", ".join(f"{thousands(n)} {vi}" for n, (vi, _en) in pairs),
        ", ".join(f"{n:,} × {en}" for n, (_vi, en) in pairs),
    )


def _mine(batch: ImportBatch, table: str, action: str | None = None):
    """The ids of ``table``'s records the batch created (or changed), as a subquery."""
    query = select(ImportChange.record_id).where(
        ImportChange.batch_id == batch.id, ImportChange.table_name == table
    )
    return query.where(ImportChange.action == action) if action else query


def _links() -> list[tuple[Table, sa.Column, Table]]:
    """(child table, its foreign key column, parent table) between the records a batch writes."""
    tables = {model.__table__ for model in MODELS.values()}
    return [
        (model.__table__, fk.parent, fk.column.table)
        for model in (*MODELS.values(), *NEVER_IMPORTED)
        for fk in model.__table__.foreign_keys
        if fk.column.table in tables
    ]


LINKS = _links()


def touched_organisations(session: Session, batch_ids: Collection[int]) -> dict[int, set[int]]:
    """For each batch, the organisations whose files it wrote to: one query per table,
    whatever the number of batches."""
    found: dict[int, set[int]] = {batch_id: set() for batch_id in batch_ids}
    changes = select(ImportChange.batch_id, ImportChange.record_id).where(
        ImportChange.batch_id.in_(list(found))
    )
    rows = session.execute(changes.where(ImportChange.table_name == "organisation")).all()
    for name, model in MODELS.items():
        if "organisation_id" in model.__table__.c:
            rows += session.execute(
                select(ImportChange.batch_id, model.organisation_id)
                .join(model, model.id == ImportChange.record_id)
                .where(ImportChange.batch_id.in_(list(found)), ImportChange.table_name == name)
            ).all()
    for batch_id, organisation_id in rows:
        found[batch_id].add(organisation_id)
    return found


def covered(session: Session, scope: Scope, batch_ids: Collection[int]) -> set[int]:
    """The batches ``scope`` covers: those that wrote to organisations in its area only."""
    touched = touched_organisations(session, batch_ids)
    where = scope.organisation_filter()
    if where is None:
        return set(batch_ids)
    everything = set().union(*touched.values())
    inside = set(
        session.scalars(select(Organisation.id).where(Organisation.id.in_(everything), where))
    )
    return {b for b, orgs in touched.items() if orgs and orgs <= inside}


def dependants(session: Session, batch: ImportBatch) -> list[tuple[str, str]]:
    """What rests on the batch's records, each as (Vietnamese, English) text."""
    found: list[tuple[str, str]] = []
    for child, column, parent in LINKS:
        written_by = aliased(ImportChange)  # the batch that wrote the child, if one did
        counts = session.execute(
            select(column, written_by.batch_id, func.count())
            .outerjoin(
                written_by,
                (written_by.table_name == child.name) & (written_by.record_id == child.c.id),
            )
            .where(
                column.in_(_mine(batch, parent.name, "create")),
                child.c.id.not_in(_mine(batch, child.name)),
            )
            .group_by(column, written_by.batch_id)
            .order_by(written_by.batch_id.nulls_first(), column)  # work by hand first
        ).all()
        for parent_id, other, count in counts:
            found.append(_named(session, child.name, count, parent.name, parent_id, other))
    for table, record_id, row in _changed_since(session, batch):
        vi, en = _record_text(session, table, record_id)
        found.append(
            (
                f"{vi} (dòng {row}) đã được sửa hoặc xoá sau lô này",
                f"{en} (row {row}) was changed or removed after this batch",
            )
        )
    later = aliased(ImportChange)
    mine = aliased(ImportChange)
    for other in session.scalars(
        select(ImportBatch)
        .where(
            ImportBatch.id > batch.id,
            ImportBatch.undone_at.is_(None),
            ImportBatch.id.in_(
                select(later.batch_id).where(
                    select(mine.id)
                    .where(
                        mine.batch_id == batch.id,
                        mine.table_name == later.table_name,
                        mine.record_id == later.record_id,
                    )
                    .exists()
                )
            ),
        )
        .order_by(ImportBatch.id)
    ):
        found.append(
            (
                f"lô nhập #{other.id} («{other.file_name}») đã sửa bản ghi của lô này",
                f"import batch #{other.id} ('{other.file_name}') changed this batch's records",
            )
        )
    return found


def _named(
    session: Session, child: str, count: int, parent: str, parent_id: int, other: int | None
) -> tuple[str, str]:
    """``count`` records of kind ``child`` hanging off a record the batch created, written by
    batch ``other`` or, without one, by hand."""
    vi, en = _record_text(session, parent, parent_id)
    what_vi, what_en = RECORD_WORDS[child]
    by_vi = f"do lô nhập #{other} ghi" if other else "do người dùng ghi"
    by_en = f"written by import batch #{other}" if other else "recorded by hand"
    return (
        f"{count} {what_vi} của {vi} {by_vi}",
        f"{count} {what_en}{'s' if count > 1 else ''} of {en} {by_en}",
    )


def _record_text(session: Session, table: str, record_id: int) -> tuple[str, str]:
    """A record as a person names it: its kind and its name (or its organisation's)."""
    record = session.get(MODELS[table], record_id)
    name = getattr(record, "name", None) or getattr(record, "full_name", None)
    owner_id = getattr(record, "organisation_id", None)
    if name is None and owner_id is not None:
        owner = session.get(Organisation, owner_id)
        name = owner and owner.name
    what_vi, what_en = RECORD_WORDS[table]
    if name is None:
        return f"{what_vi} #{record_id}", f"{what_en} #{record_id}"
    return f"{what_vi} «{name}»", f"{what_en} '{name}'"


#: Written in bulk as version 1 and never updated by an import: any edit raised the version.
WRITTEN_IN_BULK = ("person", "membership")
#: Append-only: no one edits them.
APPEND_ONLY = ("contribution", "status_event", "operating_observation")
#: Columns a snapshot leaves out: bookkeeping, and what the database derives.
NOT_SNAPSHOT = {"id", "version", "created_at", "updated_at", "name_key"}


def snapshot(record) -> dict[str, Any]:
    """A record's values as a batch leaves it, JSON-ready, for :func:`undo_batch` to tell
    whether anyone changed it since (a later batch that was undone leaves it as it was)."""
    derived = {"current_status", "status_since"} if isinstance(record, Organisation) else set()
    return {
        column.key: plain(getattr(record, column.key))
        for column in record.__table__.columns
        if column.key not in NOT_SNAPSHOT | derived
    }


def _changed_since(session: Session, batch: ImportBatch) -> list[tuple[str, int, int]]:
    """(table, record, row) of the records the batch wrote that are no longer as it left
    them, or gone. Compared by value where the batch kept the values (a later batch that
    changed a record and was undone leaves it as it was), else by version."""
    found = []
    for name in WRITTEN_IN_BULK:
        model = MODELS[name]
        found += session.execute(
            select(ImportChange.table_name, ImportChange.record_id, ImportChange.row)
            .outerjoin(model, model.id == ImportChange.record_id)
            .where(
                ImportChange.batch_id == batch.id,
                ImportChange.table_name == name,
                model.id.is_(None) | (model.version != ImportChange.version_after),
            )
        ).all()
    for change in session.scalars(
        select(ImportChange).where(
            ImportChange.batch_id == batch.id,
            ImportChange.table_name.not_in(WRITTEN_IN_BULK + APPEND_ONLY),
        )
    ):
        record = session.get(MODELS[change.table_name], change.record_id)
        if record is None:
            changed = True
        elif change.after:
            changed = {f: plain(getattr(record, f)) for f in change.after} != change.after
        else:  # change rows from before migration 0005 kept only the version
            changed = record.version != change.version_after
        if changed:
            found.append((change.table_name, change.record_id, change.row))
    return found


def plain(value: Any) -> Any:
    """A field's value as change rows keep it (JSON): dates as ISO text, enums as values."""
    if isinstance(value, date):
        return value.isoformat()
    return getattr(value, "value", value)


def _typed(model, values: dict[str, Any]) -> dict[str, Any]:
    """Stored JSON values back to the column's Python type."""
    typed = {}
    for f, value in values.items():
        column_type = model.__table__.c[f].type
        if value is not None and isinstance(column_type, sa.Enum) and column_type.enum_class:
            value = column_type.enum_class(value)
        elif value is not None and isinstance(column_type, sa.Date):
            value = date.fromisoformat(value)
        typed[f] = value
    return typed


def undo_batch(*, session: Session, batch: ImportBatch, scope: Scope) -> Counter:
    """Put back exactly what ``batch`` wrote, or refuse naming what depends on it. Returns the
    number of records removed per table. The caller commits."""
    if batch.undone_at is not None:
        raise DomainError(
            f"Lô nhập #{batch.id} đã được hoàn tác.",
            f"Import batch #{batch.id} was already undone.",
        )
    if batch.id not in covered(session, scope, [batch.id]):
        raise outside_area()
    found = dependants(session, batch)
    if found:
        more_vi = f"; và {len(found) - NAMED} mục khác" if len(found) > NAMED else ""
        more_en = f"; and {len(found) - NAMED} more" if len(found) > NAMED else ""
        raise DomainError(
            f"Không hoàn tác được lô #{batch.id}: có dữ liệu ghi sau dựa trên lô này — "
            + "; ".join(vi for vi, _en in found[:NAMED])
            + more_vi
            + ". Hãy hoàn tác hoặc "
            "xoá những dữ liệu đó trước.",
            f"Batch #{batch.id} cannot be undone: later data rests on it — "
            + "; ".join(en for _vi, en in found[:NAMED])
            + more_en
            + ". Undo or remove "
            "those first.",
        )
    for change in session.scalars(
        select(ImportChange).where(
            ImportChange.batch_id == batch.id, ImportChange.action == "update"
        )
    ):
        model = MODELS[change.table_name]
        record = session.get(model, change.record_id)
        for f, value in _typed(model, change.before or {}).items():
            setattr(record, f, value)
        session.add(record)
    session.flush()
    removed: Counter = Counter()
    for model in (*REMOVAL_ORDER, Organisation):
        table = model.__table__
        where = table.c.id.in_(_mine(batch, table.name, "create"))
        audit.record_deleted(session, table, where)
        removed[table.name] = session.execute(delete(table).where(where)).rowcount
    session.expire_all()  # rows deleted under the ORM's feet
    batch.undone_at = utcnow()
    session.add(batch)
    audit.record(
        session,
        action=AuditAction.DELETE,
        table_name="import_batch",
        record_id=str(batch.id),
        summary=(
            f"Hoàn tác lô nhập «{batch.file_name}»",
            f"Import batch '{batch.file_name}' undone",
        ),
        changes={t: [n, 0] for t, n in removed.items() if n},
    )
    session.flush()
    return removed


def written(change: ImportChange) -> dict | None:
    """What a batch's change row wrote, ``field: [before, after]``: the fields it changed, or
    every field it set on a record it created (a record written in bulk: none kept)."""
    after = change.after or {}
    if change.before is not None:
        return {f: [v, after.get(f)] for f, v in change.before.items()}
    hidden = {"id", "version", "organisation_id", "created_at", "updated_at", "name_key"}
    return {f: [None, v] for f, v in after.items() if v is not None and f not in hidden} or None
