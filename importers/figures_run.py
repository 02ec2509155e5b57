"""Importing annual figures: each row finds its cooperative as an organisation row would (a
cooperative not yet in the registry is created), then its figures for the year are added,
or updated field by field."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from importers import records
from importers.figures import FIGURES, clean, year_of
from importers.run import (
    OUT_OF_AREA,
    Outcome,
    Plan,
    Pool,
    identify,
    in_scope,
    write_organisation,
)
from registry.models import AnnualFigures, ImportBatch


def _existing(session: Session, organisation_id: int | None, year: int) -> AnnualFigures | None:
    if organisation_id is None:
        return None
    return session.scalar(
        select(AnnualFigures).where(
            AnnualFigures.organisation_id == organisation_id, AnnualFigures.year == year
        )
    )


def plan_figures(
    session: Session,
    parts,
    scope,
    year: int,
    tick=lambda: None,
    decisions: dict[str, int] | None = None,
) -> list[Outcome]:
    """``parts``: (sheet, its tables), a workbook's sheets (one per district, or per year) or
    the one chosen; each sheet's title may state its own year, else ``year``. A cooperative
    twice in one year is a duplicate; in two years, it is not."""
    pool = Pool(session, scope)
    seen: dict[int, dict[str, int]] = {}  # per year
    outcomes = []
    for sheet, tables in parts:
        sheet_year = year_of(sheet.rows) or year
        for table in tables:
            for data in table.rows:
                row = clean(table, data, sheet.name, table.year or sheet_year)
                outcome, match = identify(
                    session, row, pool, seen.setdefault(row.fields.get("year"), {}), decisions
                )
                outcomes.append(outcome)
                tick()
                if outcome.action in ("rejected", "review"):
                    continue
                if not in_scope(scope, outcome) or (
                    scope is not None and match is not None and not scope.allows(match)
                ):
                    outcome.action = "rejected"
                    outcome.reasons.append(OUT_OF_AREA)
                    continue
                outcome.record = dict(row.fields["figures"], year=row.fields["year"])
                if match is None:
                    outcome.issues.append("new_organisation")
                existing = _existing(session, outcome.organisation_id, row.fields["year"])
                records.compare(outcome, existing, row.fields["figures"])
    return outcomes


def commit_figures(session: Session, plan_: Plan, batch: ImportBatch) -> None:
    """One figures record per new row (creating its cooperative first when the registry has
    none), the changed fields of each updated one. A row holding several years' figures
    creates its cooperative once."""
    created: dict[tuple[str, int], int] = {}
    for outcome in plan_.outcomes:
        if outcome.action not in ("new", "update"):
            continue
        if outcome.organisation_id is None:
            place = (outcome.sheet, outcome.row)
            if place not in created:
                created[place] = write_organisation(session, plan_, batch, outcome).id
            outcome.organisation_id = created[place]
        year = outcome.record["year"]
        existing = _existing(session, outcome.organisation_id, year)
        wanted = {f: outcome.record[f] for f in FIGURES} | {"year": year}
        records.write(session, batch, outcome, "annual_figures", existing, wanted)
    session.flush()
