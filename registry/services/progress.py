"""Progress of Plan 655's clean-up since its baseline, per legacy district (the areas the plan
assigns) and year, computed from the dated history.

- The **baseline** (the plan's date, from the rule set) is computed where the registry holds
  the history — organisations stopped or stuck then (their status on that day), debts open
  then (their amount that day: the current one plus what was settled after) — and taken from
  what planning staff entered where it does not (land questions; any figure they correct).
- **Progress** per year since: organisations dissolved, certificates revoked, revived (back to
  active after a stop), reorganised (a case decided so), charters amended for the 2023 law;
  debts settled, by counterparty category (the amount settled in the year, and the debts that
  reached zero in it); land questions settled (a parcel's certificate recorded as issued, or
  its dispute recorded as ended, in the audit log).

Areas are legacy districts: an organisation recorded on a legacy commune belongs to its
district; one with no legacy unit is counted under "unknown district".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, select
from sqlmodel import Session

from registry.bulk import one_of
from registry.enums import (
    AssetKind,
    AuditAction,
    BaselineIndicator,
    CaseOutcome,
    Counterparty,
    LandCertificate,
    Status,
    UnitLevel,
    UnitScheme,
)
from registry.models import (
    AdminUnit,
    Asset,
    AuditEntry,
    BaselineFigure,
    Debt,
    DebtSettlement,
    DissolutionCase,
    Organisation,
    StatusEvent,
    User,
)
from registry.scope import Scope
from registry.services.debts import REDUCING
from registry.services.errors import DomainError

#: Statuses in which an organisation counts as stopped or stuck (the plan's first target).
STOPPED = frozenset(
    {Status.SUSPENDED, Status.NOT_AT_ADDRESS, Status.REVOKED, Status.AWAITING_DISSOLUTION}
)
#: Progress indicators for organisations, in the order the report shows them.
HANDLED = ("dissolved", "revoked", "revived", "reorganised", "charter_amended")
UNKNOWN = 0  # the district key of organisations without a legacy unit
#: Baseline figures the registry's history cannot give (a parcel's questions have no dated
#: history before the audit log): planning staff enter them.
ENTERED_ONLY = frozenset({BaselineIndicator.LAND_QUESTIONS})


@dataclass
class Progress:
    """Figures by district (legacy unit id, or UNKNOWN), then indicator, then year."""

    baseline_on: date
    years: list[int]
    districts: dict[int, str]
    computed: dict[int, dict[BaselineIndicator, int]] = field(default_factory=dict)
    entered: dict[int | None, dict[BaselineIndicator, BaselineFigure]] = field(default_factory=dict)
    #: The same indicators as the baseline, today.
    now: dict[int, dict[BaselineIndicator, int]] = field(default_factory=dict)
    handled: dict[int, dict[str, dict[int, int]]] = field(default_factory=dict)
    settled_amount: dict[int, dict[Counterparty, dict[int, int]]] = field(default_factory=dict)
    settled_count: dict[int, dict[Counterparty, dict[int, int]]] = field(default_factory=dict)
    land_settled: dict[int, dict[int, int]] = field(default_factory=dict)

    def baseline(
        self, district: int | None, indicator: BaselineIndicator
    ) -> tuple[int | None, bool]:
        """The baseline figure of a district (None: the whole area) and whether a person
        entered it (True) or the registry computed it (False). None: the registry's history
        does not hold it and nobody entered it."""
        entered = self.entered.get(district, {}).get(indicator)
        if entered is not None:
            return entered.value, True
        if district is None:
            values = [self.baseline(d, indicator) for d in self.districts]
            known = [v for v, _ in values if v is not None]
            return (sum(known) if known else None), any(e for _, e in values)
        if indicator in ENTERED_ONLY:
            return None, False
        return self.computed.get(district, {}).get(indicator, 0), False

    def current(self, district: int | None, indicator: BaselineIndicator) -> int:
        districts = self.districts if district is None else [district]
        return sum(self.now.get(d, {}).get(indicator, 0) for d in districts)

    def total(self, table: dict, *keys, district: int | None = None) -> dict[int, int]:
        """Per year, summed over districts (or for one), for ``keys`` into ``table``."""
        result: dict[int, int] = defaultdict(int)
        for d, values in table.items():
            if district is not None and d != district:
                continue
            for key in keys:
                values = values.get(key, {})
            for year, n in values.items():
                result[year] += n
        return dict(result)


def _district_of(units: dict[int, AdminUnit], legacy_unit_id: int | None) -> int:
    unit = units.get(legacy_unit_id)
    if unit is None:
        return UNKNOWN
    if unit.level == UnitLevel.COMMUNE and unit.parent_id in units:
        return unit.parent_id
    return unit.id


def compute(
    session: Session, baseline_on: date, where: ColumnElement[bool] | None, today: date
) -> Progress:
    """The baseline and the progress of the organisations matching ``where`` (None: all)."""
    units = {u.id: u for u in session.scalars(select(AdminUnit))}
    query = select(
        Organisation.id,
        Organisation.legacy_unit_id,
        Organisation.charter_amended_on,
        Organisation.current_status,
    )
    if where is not None:
        query = query.where(where)
    district: dict[int, int] = {}
    amended: dict[int, date | None] = {}
    stopped_now: dict[int, int] = defaultdict(int)
    for oid, legacy_id, charter, status in session.execute(query):
        district[oid] = _district_of(units, legacy_id)
        amended[oid] = charter
        if status in STOPPED:
            stopped_now[district[oid]] += 1
    years = list(range(baseline_on.year, today.year + 1))
    names = {d: (units[d].name if d in units else "") for d in sorted(set(district.values()))}
    result = Progress(baseline_on=baseline_on, years=years, districts=names)
    for d in names:
        result.now[d] = {BaselineIndicator.ORGS_STOPPED: stopped_now.get(d, 0)}
    connection = session.connection()
    ids = list(district)

    def count(table, d, key, year):
        table.setdefault(d, {}).setdefault(key, {}).setdefault(year, 0)
        table[d][key][year] += 1

    # Status histories: the status on the baseline day, and what happened after it.
    history: dict[int, list[tuple[date, Status]]] = defaultdict(list)
    for oid, day, status in session.execute(
        select(StatusEvent.organisation_id, StatusEvent.effective_on, StatusEvent.status)
        .where(one_of(connection, StatusEvent.organisation_id, ids))
        .order_by(StatusEvent.organisation_id, StatusEvent.effective_on, StatusEvent.id)
    ):
        history[oid].append((day, status))
    for oid, events in history.items():
        d = district[oid]
        on_baseline = None
        previous = None
        for day, status in events:
            if day <= baseline_on:
                on_baseline = status
            elif day <= today:
                if status == Status.DISSOLVED:
                    count(result.handled, d, "dissolved", day.year)
                elif status == Status.REVOKED:
                    count(result.handled, d, "revoked", day.year)
                elif status == Status.ACTIVE and previous in STOPPED:
                    count(result.handled, d, "revived", day.year)
            previous = status
        if on_baseline in STOPPED:
            stopped = result.computed.setdefault(d, {})
            stopped[BaselineIndicator.ORGS_STOPPED] = (
                stopped.get(BaselineIndicator.ORGS_STOPPED, 0) + 1
            )
    for oid, day in amended.items():
        if day is not None and baseline_on < day <= today:
            count(result.handled, district[oid], "charter_amended", day.year)
    for oid, closed in session.execute(
        select(DissolutionCase.organisation_id, DissolutionCase.closed_on).where(
            one_of(connection, DissolutionCase.organisation_id, ids),
            DissolutionCase.outcome == CaseOutcome.REORGANISATION,
            DissolutionCase.closed_on.is_not(None),
        )
    ):
        if baseline_on < closed <= today:
            count(result.handled, district[oid], "reorganised", closed.year)

    # Debts: open on the baseline day, and settled after it.
    debts: dict[int, tuple] = {
        row.id: row
        for row in session.execute(
            select(
                Debt.id,
                Debt.organisation_id,
                Debt.counterparty,
                Debt.outstanding_vnd,
                Debt.incurred_on,
            ).where(one_of(connection, Debt.organisation_id, ids))
        )
    }
    settlements: dict[int, list[tuple[date, int]]] = defaultdict(list)
    for debt_id, day, amount in session.execute(
        select(DebtSettlement.debt_id, DebtSettlement.on, DebtSettlement.amount_vnd).where(
            one_of(connection, DebtSettlement.debt_id, debts),
            DebtSettlement.kind.in_(REDUCING),
        )
    ):
        settlements[debt_id].append((day, amount))
    for debt_id, (_, oid, category, outstanding, incurred) in debts.items():
        d = district[oid]
        entries = sorted(settlements.get(debt_id, []))
        if incurred is None or incurred <= baseline_on:
            then = outstanding + sum(a for day, a in entries if day > baseline_on)
            if then > 0:
                figures = result.computed.setdefault(d, {})
                for indicator, value in (
                    (BaselineIndicator.DEBTS_OPEN_COUNT, 1),
                    (BaselineIndicator.DEBTS_OPEN_AMOUNT, then),
                ):
                    figures[indicator] = figures.get(indicator, 0) + value
        for day, amount in entries:
            if baseline_on < day <= today:
                amounts = result.settled_amount.setdefault(d, {}).setdefault(category, {})
                amounts[day.year] = amounts.get(day.year, 0) + amount
        if outstanding > 0:
            figures = result.now[d]
            for indicator, value in (
                (BaselineIndicator.DEBTS_OPEN_COUNT, 1),
                (BaselineIndicator.DEBTS_OPEN_AMOUNT, outstanding),
            ):
                figures[indicator] = figures.get(indicator, 0) + value
        if outstanding == 0 and entries and baseline_on < entries[-1][0] <= today:
            count(result.settled_count, d, category, entries[-1][0].year)

    # Land: questions open now, and those the audit log shows settled.
    asset_district: dict[int, int] = {}
    for asset_id, oid, certificate, disputed in session.execute(
        select(Asset.id, Asset.organisation_id, Asset.land_certificate, Asset.disputed).where(
            one_of(connection, Asset.organisation_id, ids), Asset.kind == AssetKind.LAND
        )
    ):
        d = district[oid]
        asset_district[asset_id] = d
        if certificate != LandCertificate.ISSUED or disputed:
            figures = result.now[d]
            figures[BaselineIndicator.LAND_QUESTIONS] = (
                figures.get(BaselineIndicator.LAND_QUESTIONS, 0) + 1
            )
    settled_assets: dict[int, date] = {}
    for record_id, at, changes in session.execute(
        select(AuditEntry.record_id, AuditEntry.at, AuditEntry.changes).where(
            AuditEntry.table_name == Asset.__tablename__,
            AuditEntry.action == AuditAction.UPDATE,
        )
    ):
        changes = changes or {}
        certified = (changes.get("land_certificate") or [None, None])[1] == LandCertificate.ISSUED
        ended = (changes.get("disputed") or [None, None])[1] is False
        asset_id = int(record_id) if record_id and record_id.isdigit() else None
        day = at.date()
        if (certified or ended) and asset_id in asset_district and baseline_on < day <= today:
            settled_assets.setdefault(asset_id, day)
    for asset_id, day in settled_assets.items():
        d = asset_district[asset_id]
        per_year = result.land_settled.setdefault(d, {})
        per_year[day.year] = per_year.get(day.year, 0) + 1

    # What planning staff entered (the latest entry per area and indicator); a figure for the
    # whole province applies only to a view of the whole province.
    for entry in session.scalars(select(BaselineFigure).order_by(BaselineFigure.id)):
        if (entry.unit_id is None and where is None) or entry.unit_id in names:
            result.entered.setdefault(entry.unit_id, {})[entry.indicator] = entry
    return result


def enter_baseline(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    unit: AdminUnit | None,
    indicator: BaselineIndicator,
    value: int,
    note: str,
) -> BaselineFigure:
    """Planning staff's figure for the baseline of a legacy district (or, without one, the
    province), where the registry's history does not hold it; the latest entry applies."""
    if not scope.can_decide_case:
        raise DomainError(
            "Chỉ cán bộ kế hoạch cấp tỉnh nhập số liệu gốc.",
            "Only provincial planning staff enter baseline figures.",
        )
    if unit is not None and not (
        unit.scheme == UnitScheme.LEGACY and unit.level == UnitLevel.DISTRICT
    ):
        raise DomainError(
            "Số liệu gốc được nhập theo huyện (trước 01/7/2025) hoặc cho cả tỉnh.",
            "Baseline figures are entered per legacy district, or for the province.",
            field="unit",
        )
    if value < 0:
        raise DomainError("Giá trị không được âm.", "The value cannot be negative.", field="value")
    if not (note or "").strip():
        raise DomainError(
            "Hãy ghi nguồn của số liệu.", "Say where the figure comes from.", field="note"
        )
    entry = BaselineFigure(
        unit_id=unit.id if unit is not None else None,
        indicator=indicator,
        value=value,
        note=note.strip()[:500],
        entered_by_id=user.id if user is not None else None,
    )
    session.add(entry)
    session.flush()
    return entry
