"""Organisations that meet one or more grounds for dissolution on a date, with the evidence.

The facts are read for the whole area in a few set queries, then each organisation's
:class:`~registry.grounds.History` goes through the same pure functions the tests check by
hand. Member counts are the one large table (a million memberships at province scale): the
official members on the date are counted by the database for every organisation, and only
the organisations below their minimum then have their membership dates read, to find since
when. An organisation at or above the minimum gets a history of its count on the date alone,
which is all :func:`~registry.grounds.below_minimum` needs to say "not met".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, and_, func, or_, select, true
from sqlmodel import Session

from registry import grounds as engine
from registry.bulk import one_of, paused_gc
from registry.dates import latest_day
from registry.enums import (
    GoverningLaw,
    MemberType,
    OrgType,
    UnitLevel,
)
from registry.grounds import Finding, History, StatusFact
from registry.models import (
    AdminUnit,
    AnnualFigures,
    Membership,
    Observation,
    Organisation,
    StatusEvent,
)
from registry.rules import RuleSet
from registry.text import vn_date


@dataclass(frozen=True)
class Candidate:
    """An organisation with the grounds it meets on the date."""

    id: int
    name: str
    tax_code: str | None
    org_type: OrgType
    unit_id: int | None
    legacy_unit_id: int | None
    findings: tuple[Finding, ...]

    @property
    def met(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.met)

    @property
    def since(self) -> date:
        """Since when it has met a ground: the earliest."""
        return min(f.since for f in self.met)


def _official_on(as_of: date) -> ColumnElement[bool]:
    return and_(
        Membership.member_type == MemberType.OFFICIAL,
        or_(Membership.joined_on.is_(None), Membership.joined_on <= as_of),
        or_(Membership.left_on.is_(None), Membership.left_on > as_of),
    )


def _member_series(session: Session, ids: list[int]) -> dict[int, tuple[tuple[date, int], ...]]:
    """The official-member count of each organisation as a step function from its first
    recorded joining (an unknown joining date counts from the start)."""
    deltas: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    rows = session.execute(
        select(Membership.organisation_id, Membership.joined_on, Membership.left_on).where(
            one_of(session.connection(), Membership.organisation_id, ids),
            Membership.member_type == MemberType.OFFICIAL,
        )
    )
    for oid, joined, left in rows:
        deltas[oid][joined or date.min] += 1
        if left is not None:
            deltas[oid][left] -= 1
    series = {}
    for oid, changes in deltas.items():
        count, points = 0, []
        for day in sorted(changes):
            count += changes[day]
            points.append((day, count))
        series[oid] = tuple(points)
    return series


def histories(
    session: Session, as_of: date, rules: RuleSet, where: ColumnElement[bool] | None = None
) -> dict[int, tuple[tuple, History]]:
    """Each organisation matching ``where`` (None: all) with its history up to ``as_of``:
    ``{id: ((id, name, tax code, type, unit, legacy unit), History)}``."""
    query = select(
        Organisation.id,
        Organisation.name,
        Organisation.tax_code,
        Organisation.org_type,
        Organisation.unit_id,
        Organisation.legacy_unit_id,
        Organisation.governing_law,
        Organisation.founded_on,
        Organisation.founded_precision,
        Organisation.registered_on,
        Organisation.charter_amended_on,
        Organisation.not_reorganized,
    ).order_by(Organisation.name, Organisation.id)
    if where is not None:
        query = query.where(where)
    # Core rows, fetched whole (a row at a time costs a third more): no ORM loading.
    read = session.connection().execute
    orgs = read(query).all()
    scoped = select(Organisation.id) if where is None else select(Organisation.id).where(where)

    def of_area(column):
        return column.in_(scoped) if where is not None else true()

    statuses: dict[int, list[StatusFact]] = defaultdict(list)
    for oid, day, status, number, decided in read(
        select(
            StatusEvent.organisation_id,
            StatusEvent.effective_on,
            StatusEvent.status,
            StatusEvent.decision_no,
            StatusEvent.decision_on,
        )
        .where(of_area(StatusEvent.organisation_id), StatusEvent.effective_on <= as_of)
        .order_by(StatusEvent.organisation_id, StatusEvent.effective_on, StatusEvent.id)
    ).all():
        statuses[oid].append(StatusFact(day, status, number, decided))

    observed: dict[int, list] = defaultdict(list)
    for oid, day, state in read(
        select(Observation.organisation_id, Observation.observed_on, Observation.state)
        .where(of_area(Observation.organisation_id), Observation.observed_on <= as_of)
        .order_by(Observation.organisation_id, Observation.observed_on, Observation.id)
    ).all():
        observed[oid].append((day, state))

    meetings: dict[int, list[date]] = defaultdict(list)
    reported: dict[int, list[tuple[date, int]]] = defaultdict(list)
    with_figures: set[int] = set()
    for oid, year, meeting, precision, official, total in read(
        select(
            AnnualFigures.organisation_id,
            AnnualFigures.year,
            AnnualFigures.general_meeting_on,
            AnnualFigures.general_meeting_precision,
            AnnualFigures.members_official,
            AnnualFigures.members_total,
        ).where(of_area(AnnualFigures.organisation_id), AnnualFigures.year <= as_of.year)
    ).all():
        with_figures.add(oid)
        if meeting is not None:
            meetings[oid].append(latest_day(meeting, precision))
        count = official if official is not None else total
        if count is not None and date(year, 12, 31) <= as_of:
            reported[oid].append((date(year, 12, 31), count))

    on_register = dict(
        read(
            select(
                Membership.organisation_id,
                func.count().filter(_official_on(as_of)),
            )
            .where(of_area(Membership.organisation_id))
            .group_by(Membership.organisation_id)
        ).all()
    )
    below = [
        row.id
        for row in orgs
        if row.id in on_register
        and on_register[row.id] < (rules.minimum_on(row.org_type, as_of) or 0)
    ]
    series = _member_series(session, below)

    found = {}
    for row in orgs:
        oid = row.id
        if oid in series:
            members, source = series[oid], "register"
        elif oid in on_register:
            members, source = ((as_of, on_register[oid]),), "register"
        elif reported.get(oid):
            members, source = tuple(sorted(reported[oid])), "reported"
        else:
            members, source = None, "register"
        history = History(
            org_type=row.org_type,
            governing_law=row.governing_law or GoverningLaw.LAW_2012,
            founded=latest_day(row.founded_on, row.founded_precision),
            registered_on=row.registered_on,
            charter_amended_on=row.charter_amended_on,
            not_reorganized=bool(row.not_reorganized),
            statuses=tuple(statuses.get(oid, ())),
            observations=tuple(observed.get(oid, ())),
            official_members=members,
            members_source=source,
            meetings=tuple(sorted(meetings.get(oid, ()))),
            has_figures=oid in with_figures,
        )
        found[oid] = (tuple(row[:6]), history)
    return found


@paused_gc()  # a province's histories are a few hundred thousand objects without cycles
def candidates(
    session: Session,
    as_of: date,
    rules: RuleSet,
    where: ColumnElement[bool] | None = None,
    *,
    ground: str | None = None,
    law: GoverningLaw | None = None,
) -> list[Candidate]:
    """Organisations matching ``where`` that meet a ground on ``as_of`` (only ``ground``, or
    the grounds of ``law``, when given), by name."""
    found = []
    in_force = rules.grounds_on(as_of)
    for (oid, name, tax_code, org_type, unit_id, legacy_id), history in histories(
        session, as_of, rules, where
    ).values():
        findings = engine.evaluate(history, as_of, rules, in_force)
        met = [
            f
            for f in findings
            if f.met
            and (ground is None or f.ground.code == ground)
            and (law is None or f.ground.law == law)
        ]
        if met:
            found.append(
                Candidate(oid, name, tax_code, org_type, unit_id, legacy_id, tuple(findings))
            )
    return found


def findings_for(
    session: Session, organisation_id: int, as_of: date, rules: RuleSet
) -> list[Finding]:
    """Every ground checked for one organisation (its file, a case being opened)."""
    found = histories(session, as_of, rules, Organisation.id == organisation_id)
    if organisation_id not in found:
        return []
    return engine.evaluate(found[organisation_id][1], as_of, rules)


def _units(session: Session) -> dict[int, AdminUnit]:
    return {unit.id: unit for unit in session.scalars(select(AdminUnit))}


def as_records(session: Session, found: list[Candidate], lang: str = "vi") -> list[dict]:
    """The machine-readable list: each organisation with its unit codes and the grounds it
    meets, each with its code, citation, since when and evidence (facts and sentence)."""
    units = _units(session)

    def code(unit_id):
        return units[unit_id].code if unit_id in units else None

    return [
        {
            "id": c.id,
            "name": c.name,
            "tax_code": c.tax_code,
            "org_type": c.org_type.value,
            "unit_code": code(c.unit_id),
            "legacy_unit_code": code(c.legacy_unit_id),
            "grounds": [
                {
                    "code": f.ground.code,
                    "law": f.ground.law.value,
                    "title": f.ground.title(lang),
                    "citation": f.ground.citation,
                    "confirmed": f.ground.confirmed,
                    "met_since": f.since.isoformat(),
                    "evidence": {
                        k: v.isoformat() if isinstance(v, date) else v for k, v in f.facts.items()
                    },
                    "evidence_text": f.evidence(lang),
                }
                for f in c.met
            ],
        }
        for c in found
    ]


#: Column titles of the flat export (one row per organisation and ground met).
TITLES = {
    "vi": (
        "Mã hệ thống",
        "Tên tổ chức",
        "Mã số thuế",
        "Loại hình",
        "Xã (từ 01/7/2025)",
        "Xã, huyện (trước 01/7/2025)",
        "Căn cứ",
        "Văn bản",
        "Đã xác nhận",
        "Đủ căn cứ từ ngày",
        "Chứng cứ",
    ),
    "en": (
        "Registry id",
        "Organisation",
        "Tax code",
        "Type",
        "Commune (from 1/7/2025)",
        "Commune, district (before 1/7/2025)",
        "Ground",
        "Legal text",
        "Confirmed",
        "Met since",
        "Evidence",
    ),
}


def as_table(
    session: Session, found: list[Candidate], lang: str = "vi"
) -> tuple[tuple[str, ...], list[list]]:
    """Titles and rows for a spreadsheet: one row per organisation and ground it meets, every
    value a label (dates as dd/mm/yyyy)."""
    units = _units(session)

    def place(unit_id):
        unit = units.get(unit_id)
        if unit is None:
            return ""
        parent = units.get(unit.parent_id)
        if (
            unit.level == UnitLevel.COMMUNE
            and parent is not None
            and parent.level != UnitLevel.PROVINCE
        ):
            return f"{unit.short_name}, {parent.short_name}"
        return unit.short_name

    yes, no = ("Có", "Chưa") if lang == "vi" else ("Yes", "Not yet")
    rows = [
        [
            c.id,
            c.name,
            c.tax_code or "",
            c.org_type.en if lang == "en" else c.org_type.label,
            place(c.unit_id),
            place(c.legacy_unit_id),
            f.ground.title(lang),
            f.ground.citation,
            yes if f.ground.confirmed else no,
            vn_date(f.since),
            f.evidence(lang),
        ]
        for c in found
        for f in c.met
    ]
    return TITLES[lang], rows
