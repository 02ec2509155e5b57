"""Records that belong to an organisation (annual figures, debts, land): how an import
compares, writes and undoes them, keeping what each change replaced and what it wrote."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from importers.results import Outcome
from registry.models import AnnualFigures, Asset, Debt, ImportBatch, ImportChange
from registry.services.batches import plain, snapshot

MODELS = {"annual_figures": AnnualFigures, "debt": Debt, "asset": Asset}


def compare(outcome: Outcome, existing, wanted: dict[str, Any]) -> None:
    """Make the outcome an update naming the fields that differ, or unchanged."""
    if existing is None:
        return
    outcome.changes = {
        f: [plain(getattr(existing, f)), plain(v)]
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
        before = {f: plain(getattr(record, f)) for f in written}
        for f, value in written.items():
            setattr(record, f, value)
    session.add(record)
    session.flush()
    session.add(
        ImportChange(
            batch_id=batch.id,
            table_name=table,
            record_id=record.id,
            organisation_id=outcome.organisation_id,
            sheet=outcome.sheet,
            row=outcome.row,
            action="create" if before is None else "update",
            before=before,
            after=snapshot(record),
        )
    )
