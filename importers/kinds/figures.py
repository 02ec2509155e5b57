"""Importing annual figures: each row finds its cooperative as an organisation row would (a
cooperative not yet in the registry is created), then its figures for the year are added,
or updated field by field."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from importers import records
from importers.figures import FIGURES, clean, year_of
from importers.kinds.organisations import write_organisation
from importers.matching import Pool, hint_district, identify, in_scope
from importers.messages import Said
from importers.results import OUT_OF_AREA, Kind, Outcome, Plan, Reading
from importers.sheets import year_named
from registry.models import AnnualFigures, ImportBatch

#: A row naming its cooperative and no figure of the year.
NO_FIGURES = Said(
    "Dòng không có số liệu nào của năm (ô trống hoặc «chưa báo cáo»).",
    "The row gives no figure for the year (blank cells, or 'not reported').",
)


def _existing(session: Session, organisation_id: int | None, year: int) -> AnnualFigures | None:
    if organisation_id is None:
        return None
    return session.scalar(
        select(AnnualFigures).where(
            AnnualFigures.organisation_id == organisation_id, AnnualFigures.year == year
        )
    )


def plan(session: Session, reading: Reading) -> list[Outcome]:
    """Each row's figures for its year, added or updated field by field: the sheets of a
    workbook (one per district, or per year) or the one chosen, each sheet's title stating
    its own year, else its name (``2023``), else the chosen sheet's, else the file's date. A
    cooperative twice in one year is a duplicate; in two years, it is not."""
    scope, tick, decisions = reading.scope, reading.tick, reading.decisions
    year = year_of(reading.chosen.rows) or year_named(reading.chosen.name) or reading.day.year
    pool = Pool(session, scope)
    seen: dict[int, dict[str, int]] = {}  # per year
    outcomes = []
    for sheet, tables in reading.parts:
        sheet_year = year_of(sheet.rows) or year_named(sheet.name) or year
        for table in tables:
            rows = [clean(table, data, sheet.name, table.year or sheet_year) for data in table.rows]
            hint_district(session, rows)
            for row in rows:
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
                if all(value is None for value in row.fields["figures"].values()):
                    outcome.action = "rejected"  # every cell blank, or "chưa báo cáo"
                    outcome.reasons.append(NO_FIGURES)
                    continue
                outcome.record = dict(row.fields["figures"], year=row.fields["year"])
                if match is None:
                    outcome.issues.append("new_organisation")
                existing = _existing(session, outcome.organisation_id, row.fields["year"])
                records.compare(outcome, existing, row.fields["figures"])
    return outcomes


def commit(session: Session, plan_: Plan, batch: ImportBatch) -> None:
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


KIND = Kind(
    name="annual_figures",
    label=Said("Số liệu hằng năm", "Annual figures"),
    every_sheet=True,
    plan=plan,
    commit=commit,
)
