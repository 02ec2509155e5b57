"""Importing annual figures: each row finds its cooperative as an organisation row would (a
cooperative not yet in the registry is created), then its figures for the year are added,
or updated field by field."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from importers.figures import FIGURES, clean
from importers.run import (
    Outcome,
    Plan,
    Refused,
    identify,
    in_scope,
    organisation_pool,
    undo_organisations,
    write_organisation,
)
from registry.models import AnnualFigures, ImportBatch, ImportChange


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready: dates as ISO text, enums as their values."""
    return {
        f: v.isoformat() if isinstance(v, date) else getattr(v, "value", v)
        for f, v in values.items()
    }


def _restore(record: AnnualFigures, plain: dict[str, Any]) -> None:
    for f, value in plain.items():
        if f == "general_meeting_on" and value is not None:
            value = date.fromisoformat(value)
        setattr(record, f, value)


def plan_figures(session: Session, tables, sheet: str, allowed, year: int) -> list[Outcome]:
    pool = organisation_pool(session)
    seen: dict[str, int] = {}
    outcomes = []
    for table in tables:
        for data in table.rows:
            row = clean(table, data, sheet, year)
            outcome, match = identify(session, row, pool, seen)
            outcomes.append(outcome)
            if outcome.action in ("rejected", "review"):
                continue
            if not in_scope(allowed, outcome) or (
                allowed and match and not allowed(match.legacy_unit_id, match.unit_id)
            ):
                outcome.action = "rejected"
                outcome.reasons.append("Tổ chức nằm ngoài địa bàn bạn phụ trách.")
                continue
            figures = row.fields["figures"]
            outcome.record = dict(figures, year=row.fields["year"])
            if match is None:
                outcome.issues.append("new_organisation")
                continue
            existing = session.scalar(
                select(AnnualFigures).where(
                    AnnualFigures.organisation_id == match.id,
                    AnnualFigures.year == row.fields["year"],
                )
            )
            if existing is None:
                continue
            outcome.changes = {
                f: [_plain({f: getattr(existing, f)})[f], _plain({f: v})[f]]
                for f, v in figures.items()
                if v is not None and getattr(existing, f) != v
            }
            outcome.action = "update" if outcome.changes else "unchanged"
    return outcomes


def commit_figures(session: Session, plan_: Plan, batch: ImportBatch) -> None:
    """One figures record per new row (creating its cooperative first when the registry has
    none), the changed fields of each updated one; each change keeps what it replaced."""
    for outcome in plan_.outcomes:
        if outcome.action not in ("new", "update"):
            continue
        if outcome.organisation_id is None:
            outcome.organisation_id = write_organisation(session, plan_, batch, outcome).id
        record = session.scalar(
            select(AnnualFigures).where(
                AnnualFigures.organisation_id == outcome.organisation_id,
                AnnualFigures.year == outcome.record["year"],
            )
        )
        if record is None:
            record = AnnualFigures(organisation_id=outcome.organisation_id, **outcome.record)
            before, written = None, {f: outcome.record[f] for f in FIGURES}
        else:
            written = {f: outcome.record[f] for f in outcome.changes}
            before = _plain({f: getattr(record, f) for f in written})
            for f, value in written.items():
                setattr(record, f, value)
        session.add(record)
        session.flush()
        session.add(
            ImportChange(
                batch_id=batch.id,
                table_name="annual_figures",
                record_id=record.id,
                row=outcome.row,
                action="create" if before is None else "update",
                before=before,
                after=_plain(written),
            )
        )
    session.flush()


def undo_figures(session: Session, batch: ImportBatch) -> None:
    """Remove or restore the figures, then the cooperatives the batch created; refused when
    a record no longer holds what the batch wrote (someone edited it since)."""
    changes = session.scalars(
        select(ImportChange).where(
            ImportChange.batch_id == batch.id, ImportChange.table_name == "annual_figures"
        )
    ).all()
    records = {c.id: session.get(AnnualFigures, c.record_id) for c in changes}
    for change in changes:
        record = records[change.id]
        now = _plain({f: getattr(record, f) for f in change.after or {}}) if record else None
        if now != change.after:
            raise Refused(
                f"Không hoàn tác được lô #{batch.id}: số liệu năm ở dòng {change.row} đã "
                "được sửa sau khi nhập.",
                f"Batch #{batch.id} cannot be undone: the figures of row {change.row} were "
                "changed after the import.",
            )
    for change in changes:
        record = records[change.id]
        if change.action == "create":
            session.delete(record)
        else:
            _restore(record, change.before or {})
            session.add(record)
    session.flush()
    undo_organisations(session, batch)
