"""The list of organisations: each row creates or updates an organisation, with its status
as the file states it and what the status words say of operating in fact."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session

from importers.matching import Pool, hint_district, identify, in_scope
from importers.messages import Said
from importers.names import match_key
from importers.organisations import OrganisationRow, clean_table
from importers.results import OUT_OF_AREA, Kind, Outcome, Plan, Reading
from registry import rules
from registry.enums import DatePrecision, ObservationSource, OperatingState, Status
from registry.models import AnnualFigures, ImportBatch, ImportChange, Observation, Organisation
from registry.services.batches import plain, snapshot
from registry.services.errors import DomainError
from registry.services.organisations import check_history, create_organisation, record_status

#: Organisation fields an import sets, in the order a preview lists them.
FIELDS = (
    "name",
    "org_type",
    "tax_code",
    "legacy_certificate_no",
    "legacy_certificate_on",
    "registered_on",
    "founded_on",
    "founded_precision",
    "sector",
    "main_product",
    "charter_capital_vnd",
    "director_name",
    "address",
    "phone",
    "email",
    "not_reorganized",
    "lost_seal",
    "lost_seal_on",
    "lost_certificate",
    "lost_certificate_on",
    "notes",
    "legacy_unit_id",
    "unit_id",
)

#: What a list reports of each organisation (its row's field → the year's figures' column).
REPORTED = {
    "members": "members_total",
    "members_official": "members_official",
    "members_associate": "members_associate",
    "workers": "workers",
    "contributed_capital_vnd": "contributed_capital_vnd",
    "general_meeting_on": "general_meeting_on",
    "general_meeting_precision": "general_meeting_precision",
}


def plan(session: Session, reading: Reading) -> list[Outcome]:
    """Each row of the list: a new organisation, an update of the one it matches (its fields,
    its status as of the file's date, a finding of operating in fact), unchanged, left for
    review or rejected."""
    pool = Pool(session, reading.scope)
    outcomes = []
    seen: dict[str, int] = {}
    for sheet, tables in reading.parts:
        for table in tables:
            rows = clean_table(table, sheet.name)
            hint_district(session, rows)
            for row in rows:
                outcome = _outcome(session, row, pool, seen, reading.day, reading.decisions)
                if outcome.action != "rejected" and not in_scope(reading.scope, outcome):
                    outcome.action = "rejected"
                    outcome.reasons.append(OUT_OF_AREA)
                outcomes.append(outcome)
                reading.tick()
    return outcomes


def commit(session: Session, plan_: Plan, batch: ImportBatch) -> None:
    for outcome in plan_.outcomes:
        if outcome.action in ("new", "update"):
            org = write_organisation(session, plan_, batch, outcome)
            if outcome.record:
                _write_reported(session, batch, outcome, org)


def _outcome(
    session: Session,
    row: OrganisationRow,
    pool,
    seen: dict[str, int],
    as_of: date,
    decisions: dict[str, int],
) -> Outcome:
    outcome, match = identify(session, row, pool, seen, decisions)
    status = row.fields.get("status")
    outcome.status = status.value if status else None
    since = row.fields.get("status_since")
    if status is not None and since is not None and since <= as_of:
        outcome.status_on = since
    outcome.status_details = row.fields.get("status_details") or None
    operating = row.fields.get("operating")
    outcome.operating = operating.value if operating else None
    if match is None:
        if outcome.action == "new":
            _reported(session, row, outcome, None, as_of)
        return outcome
    values = outcome.values
    outcome.changes = {
        f: [plain(getattr(match, f)), plain(values[f])]
        for f in FIELDS
        if values[f] is not None and getattr(match, f) != values[f]
    }
    if "name" in outcome.changes and match_key(match.name) == match_key(values["name"]):
        del outcome.changes["name"]  # the same name spelt otherwise: the registry's stays
    status_change = (
        status is not None
        and rules.status_on([(e.effective_on, e.id, e.status) for e in match.status_events], as_of)
        != status
    )
    if status_change:
        try:
            note = check_history(
                list(match.status_events),
                status,
                outcome.status_on or min(as_of, date.today()),
                as_stated=True,
            )
        except DomainError as exc:  # the file's status contradicts a later recorded one
            outcome.action = "rejected"
            outcome.reasons.append(Said(exc.vi, exc.en))
            return outcome
        outcome.changes["status"] = [None, status.value]
        if note:
            outcome.issues.append("status_steps_missing")
    if operating is not None and not _observed(
        session, match.id, min(as_of, date.today()), operating
    ):
        outcome.changes["operating"] = [None, operating.value]
    _reported(session, row, outcome, match, as_of)
    outcome.action = "update" if outcome.changes else "unchanged"
    return outcome


def _reported(
    session: Session, row: OrganisationRow, outcome: Outcome, match: Organisation | None, day: date
) -> None:
    """The members, workers and contributed capital a list reports, as the organisation's
    figures of the year, as of the list's day (or the date the registry's own export gives
    them, a year alone when only the year is known): the outcome's record, the fields that
    differ from the year's figures among its changes. Figures of a later day are never
    overwritten (a year's own report counts as of the year's end)."""
    wanted = {
        column: row.fields.get(field)
        for field, column in REPORTED.items()
        if row.fields.get(field) is not None
    }
    if not wanted:
        return
    stated = row.fields.get("members_as_of")
    if stated and not (stated[1] == DatePrecision.YEAR and stated[0].year == day.year):
        year, on = stated[0].year, stated[0] if stated[1] == DatePrecision.DAY else None
    else:  # the list's day, also when a column names only its year
        year, on = day.year, day
    existing = _figures(session, match.id, year) if match is not None else None
    if existing is not None and _reported_on(existing) > (on or date(year, 12, 31)):
        outcome.issues.append("reported_figures_later")
        return
    outcome.record = wanted | {"year": year, "as_of": on}
    for column, value in wanted.items():
        if existing is None or getattr(existing, column) != value:
            outcome.changes[column] = [existing and getattr(existing, column), value]


def _reported_on(figures: AnnualFigures) -> date:
    return figures.as_of or date(figures.year, 12, 31)


def _figures(session: Session, organisation_id: int, year: int) -> AnnualFigures | None:
    return session.scalar(
        select(AnnualFigures).where(
            AnnualFigures.organisation_id == organisation_id, AnnualFigures.year == year
        )
    )


def _write_reported(
    session: Session, batch: ImportBatch, outcome: Outcome, org: Organisation
) -> None:
    """The year's figures the row reports (:func:`_reported`): created, or the fields that
    differ set, with the batch's change row."""
    record = outcome.record
    existing = _figures(session, org.id, record["year"])
    if existing is None:
        figures, before = AnnualFigures(organisation_id=org.id, **record), None
    else:
        figures = existing
        changed = {f: v for f, v in record.items() if getattr(existing, f) != v}
        if not changed:
            return
        before = {f: plain(getattr(existing, f)) for f in changed}
        for f, value in changed.items():
            setattr(figures, f, value)
    session.add(figures)
    session.flush()
    action = "create" if before is None else "update"
    noted = [("annual_figures", figures.id, action, before, snapshot(figures))]
    _note(session, batch, outcome, org.id, noted)


def _observed(session: Session, organisation_id: int, day: date, state) -> bool:
    """Whether the registry already holds this finding (the same list imported again)."""
    return (
        session.scalar(
            select(Observation.id).where(
                Observation.organisation_id == organisation_id,
                Observation.observed_on == day,
                Observation.state == state,
            )
        )
        is not None
    )


def write_organisation(
    session: Session, plan_: Plan, batch: ImportBatch, outcome: Outcome
) -> Organisation:
    """Create or update the outcome's organisation, with its status, and note the change."""
    status = Status(outcome.status or Status.ACTIVE.value)
    listed_on = min(plan_.as_of, date.today())
    on = outcome.status_on or listed_on
    reason = f"Nhập từ tệp {plan_.file_name}, dòng {outcome.row}"
    details = dict(outcome.status_details or {})
    if said := details.pop("reason", None):  # the file's own words first
        reason = f"{said} ({reason})"
    before, event = None, None
    if outcome.organisation_id is None:
        org, event = create_organisation(
            session=session,
            status=status,
            status_on=on,
            reason=reason,
            as_stated=True,
            **details,
            **outcome.values,
        )
    else:
        org = session.get(Organisation, outcome.organisation_id)
        before = {f: plain(getattr(org, f)) for f in outcome.changes if f in FIELDS}
        for f in before:
            setattr(org, f, outcome.values[f])
        session.add(org)
        session.flush()
        if "status" in outcome.changes:
            event = record_status(
                session=session,
                organisation=org,
                status=status,
                effective_on=on,
                reason=reason,
                as_stated=True,
                **details,
            )
    noted = [] if event is None else [("status_event", event.id, "create", None, None)]
    if outcome.operating is not None and (before is None or "operating" in outcome.changes):
        found = _observation(session, org, listed_on, outcome.operating, reason)
        noted.append(("operating_observation", found.id, "create", None, None))
    session.flush()
    session.refresh(org)
    noted.insert(
        0,
        ("organisation", org.id, "create" if before is None else "update", before, snapshot(org)),
    )
    _note(session, batch, outcome, org.id, noted)
    return org


def _observation(
    session: Session, org: Organisation, on: date, state: str, reason: str
) -> Observation:
    """The finding of operating in fact that the list's status words state."""
    found = Observation(
        organisation_id=org.id,
        observed_on=on,
        state=OperatingState(state),
        source=ObservationSource.IMPORTED_LIST,
        note=reason,
    )
    session.add(found)
    session.flush()
    return found


def _note(
    session: Session, batch: ImportBatch, outcome: Outcome, organisation_id: int, noted: list
) -> None:
    """The batch's change rows for what the row wrote to the organisation's file: (table, id,
    action, before, after) each."""
    for table, record_id, action, before, after in noted:
        session.add(
            ImportChange(
                batch_id=batch.id,
                table_name=table,
                record_id=record_id,
                organisation_id=organisation_id,
                sheet=outcome.sheet,
                row=outcome.row,
                action=action,
                before=before,
                after=after,
            )
        )


KIND = Kind(
    name="organisations",
    label=Said("Danh sách tổ chức", "List of organisations"),
    every_sheet=False,
    plan=plan,
    commit=commit,
)
