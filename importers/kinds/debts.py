"""Importing debts and land: every district sheet of the workbook, each row's cooperative
found by tax code or by name in the sheet's district (never created from a debt row), its
debt or parcel added, or updated when the same one is already recorded."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from importers import records
from importers.debts import clean, is_summary, table_kind
from importers.matching import (
    Pool,
    match_organisation,
    not_found,
    organisation_values,
    sheet_district,
)
from importers.messages import Said
from importers.results import TAX_CODE_ELSEWHERE, Kind, Outcome, Plan, Reading, near_name
from importers.sheets import stated_date
from registry.enums import AssetKind
from registry.models import Asset, Debt, ImportBatch


def _existing(session: Session, table: str, organisation_id: int, record: dict[str, Any]):
    """The same debt (direction, counterparty, content, when) or parcel (location, use)."""
    if table == "debt":
        keys = ("direction", "counterparty_name", "content", "incurred_on")
        model = Debt
    else:
        keys = ("location", "description")
        model = Asset
    return session.scalar(
        select(model).where(
            model.organisation_id == organisation_id,
            *(
                getattr(model, k).is_(None) if record[k] is None else getattr(model, k) == record[k]
                for k in keys
            ),
        )
    )


def plan(session: Session, reading: Reading) -> list[Outcome]:
    """Each debt or parcel row, for a cooperative already in the registry: new, an update,
    unchanged, or left for review on a near name; each sheet (one per district, say) dated
    by its own title where it states one. Tables of totals by district are set aside."""
    pool = Pool(session, reading.scope)
    outcomes: list[Outcome] = []
    tick = reading.tick
    for sheet, tables in reading.parts:
        district = sheet_district(session, sheet)
        day = stated_date(sheet, tables) or reading.day
        for table in tables:
            kind = table_kind(table)
            if not kind or is_summary(table):  # totals by district, or no debts: said only
                why = "summary" if kind else "no_debt_or_parcel"
                table.skipped += [(row.number, why, _first_text(row)) for row in table.rows]
                continue
            for data in table.rows:
                row = clean(table, data, sheet.name, district)
                tick()
                if row.problems:
                    outcomes.append(Outcome.of(row))
                elif not row.fields["records"]:  # a wide table's row of nothing owed
                    table.skipped.append((data.number, "nothing_owed", _first_text(data)))
                for record, issues in [] if row.problems else row.fields["records"]:
                    outcome = Outcome.of(row)
                    outcome.issues += issues
                    outcomes.append(outcome)
                    _plan_row(session, row, record, outcome, kind, day, pool)
                    if outcome.action == "rejected":  # its cooperative not found: said once
                        break
    return outcomes


def _first_text(row) -> str:
    return next((str(v) for v in row.cells if isinstance(v, str) and v.strip()), "")[:120]


def _plan_row(
    session: Session, row, record: dict, outcome: Outcome, kind: str, day: date, pool: Pool
):
    """Find the row's cooperative, then decide new / update / unchanged for its record (one
    of the row's: a row of a wide table holds a debt per column)."""
    values, _ = organisation_values(session, row)
    match, verdict = match_organisation(session, values, pool)
    if verdict == "elsewhere":
        outcome.reasons.append(TAX_CODE_ELSEWHERE)
        return
    if match is None:
        outcome.reasons.append(not_found(session, values, pool))
        return
    outcome.organisation_id = match.id
    if verdict == "review":
        outcome.action = "review"
        outcome.reasons.append(near_name(match))
        return
    table_name = "debt" if kind == "debts" else "asset"
    extra = {"as_of": day} if table_name == "debt" else {"kind": AssetKind.LAND}
    record = dict(record) | extra
    outcome.values, outcome.record, outcome.action = {"table": table_name}, record, "new"
    records.compare(outcome, _existing(session, table_name, match.id, record), record)


def commit(session: Session, plan_: Plan, batch: ImportBatch) -> None:
    for outcome in plan_.outcomes:
        if outcome.action not in ("new", "update"):
            continue
        table = outcome.values["table"]
        existing = _existing(session, table, outcome.organisation_id, outcome.record)
        records.write(session, batch, outcome, table, existing, outcome.record)
    session.flush()


KIND = Kind(
    name="debts_assets",
    label=Said("Công nợ và đất đai", "Debts and land"),
    every_sheet=True,
    plan=plan,
    commit=commit,
)
