"""Records that belong to an organisation (annual figures, debts, land): how an import
compares, writes and undoes them, keeping what each change replaced and what it wrote."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlmodel import Session

from importers.run import Outcome, Refused
from registry.models import AnnualFigures, Asset, Debt, ImportBatch, ImportChange

MODELS = {"annual_figures": AnnualFigures, "debt": Debt, "asset": Asset}


def plain(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready: dates as ISO text, enums as their values."""
    return {
        f: v.isoformat() if isinstance(v, date) else getattr(v, "value", v)
        for f, v in values.items()
    }


def _typed(model, plain_values: dict[str, Any]) -> dict[str, Any]:
    """Back from JSON: ISO text to dates, values to their enum members."""
    typed = {}
    for f, value in plain_values.items():
        column_type = model.__table__.c[f].type
        if value is not None and isinstance(column_type, sa.Enum) and column_type.enum_class:
            value = column_type.enum_class(value)
        elif value is not None and isinstance(column_type, sa.Date):
            value = date.fromisoformat(value)
        typed[f] = value
    return typed


def compare(outcome: Outcome, existing, wanted: dict[str, Any]) -> None:
    """Make the outcome an update naming the fields that differ, or unchanged."""
    if existing is None:
        return
    outcome.changes = {
        f: [plain({f: getattr(existing, f)})[f], plain({f: v})[f]]
        for f, v in wanted.items()
        if v is not None and getattr(existing, f) != v
    }
    outcome.action = "update" if outcome.changes else "unchanged"


def write(
    session: Session, batch: ImportBatch, outcome: Outcome, table: str, existing, wanted: dict
) -> None:
    """Create the record, or set the fields the plan found changed; note both states."""
    model = MODELS[table]
    if existing is None:
        record = model(organisation_id=outcome.organisation_id, **wanted)
        before, written = None, wanted
    else:
        record = existing
        written = {f: wanted[f] for f in outcome.changes}
        before = plain({f: getattr(record, f) for f in written})
        for f, value in written.items():
            setattr(record, f, value)
    session.add(record)
    session.flush()
    session.add(
        ImportChange(
            batch_id=batch.id,
            table_name=table,
            record_id=record.id,
            sheet=outcome.sheet,
            row=outcome.row,
            action="create" if before is None else "update",
            before=before,
            after=plain(written),
        )
    )


def undo(session: Session, batch: ImportBatch) -> None:
    """Remove the records the batch created and restore the fields it changed; refused when
    a record no longer holds what the batch wrote (someone edited it since)."""
    changes = session.scalars(
        select(ImportChange).where(
            ImportChange.batch_id == batch.id, ImportChange.table_name.in_(MODELS)
        )
    ).all()
    records = {c.id: session.get(MODELS[c.table_name], c.record_id) for c in changes}
    for change in changes:
        record = records[change.id]
        now = plain({f: getattr(record, f) for f in change.after or {}}) if record else None
        if now != change.after:
            raise Refused(
                f"Không hoàn tác được lô #{batch.id}: bản ghi nhập từ dòng {change.row} "
                "đã được sửa sau khi nhập.",
                f"Batch #{batch.id} cannot be undone: the record of row {change.row} was "
                "changed after the import.",
            )
    for change in changes:
        record = records[change.id]
        if change.action == "create":
            session.delete(record)
        else:
            for f, value in _typed(MODELS[change.table_name], change.before or {}).items():
                setattr(record, f, value)
            session.add(record)
    session.flush()
