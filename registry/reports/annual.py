"""The annual report (Plan 655/KH-UBND part III; Circular 09/2024 forms VII): each area's
collective economy as of a date, per unit, with the province total.

The facts come from SQL, one query per kind, aggregated per organisation by the database where
the rows are many (memberships, debts, land); pandas shapes them into the unit × indicator
table, the totals and the comparison with the year before.

**As of a date, reproducibly.** Every fact is read by its own date: the status in force on the
date (status events by effective date), founded and dissolved within the period, members on
the register on the date (joined by then, not left), the year's reported figures, each debt's
amount on the date (its current amount plus what was settled after). Fields an organisation has
without a date (type, sector, charter capital, units, founding date) are read as they were at
the end of the date: a change recorded after it in the audit log is rolled back. A report for a
past date therefore gives the same figures later whatever is edited since; what can still move
it is a fact dated before it and recorded after it (a late status event, a list imported later
for an old year) — a correction, which an accepted submission shows as a difference.
Land has no dated history: its questions are counted as they stand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlmodel import Session

from registry import rules as legal
from registry.enums import (
    AssetKind,
    AuditAction,
    Counterparty,
    DebtDirection,
    LandCertificate,
    MemberType,
    OrgType,
    ScaleClass,
    Sector,
    Status,
    UnitLevel,
    UnitScheme,
)
from registry.models import (
    AdminUnit,
    AnnualFigures,
    Asset,
    AuditEntry,
    Debt,
    DebtSettlement,
    Membership,
    Organisation,
    StatusEvent,
)
from registry.services.debts import REDUCING

#: Labour-size bands (workers), as provinces publish them.
LABOUR_BANDS = (("lt10", 0, 9), ("10_49", 10, 49), ("50_99", 50, 99), ("ge100", 100, None))
#: Organisation fields without a date of their own, read as they were on the report date.
UNDATED = ("org_type", "sector", "charter_capital_vnd", "unit_id", "legacy_unit_id", "founded_on")
UNKNOWN_UNIT = "—"


@dataclass(frozen=True)
class Indicator:
    key: str
    vi: str
    en: str
    kind: str  # count | people | money | area
    table: str  # the report's table (biểu) it belongs to

    def label(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


def _indicators() -> tuple[Indicator, ...]:
    out = [Indicator("orgs_total", "Tổng số tổ chức", "Organisations", "count", "orgs")]
    out += [Indicator(f"status_{s.value}", s.label, s.en, "count", "orgs") for s in Status]
    out += [Indicator(f"type_{t.value}", t.label, t.en, "count", "kinds") for t in OrgType]
    out += [Indicator(f"sector_{s.value}", s.label, s.en, "count", "kinds") for s in Sector]
    out += [
        Indicator("founded", "Thành lập mới trong kỳ", "Founded in the period", "count", "orgs"),
        Indicator("dissolved", "Giải thể trong kỳ", "Dissolved in the period", "count", "orgs"),
        Indicator(
            "members_reported", "Thành viên (báo cáo)", "Members (reported)", "people", "people"
        ),
        Indicator(
            "members_reported_official",
            "Thành viên chính thức (báo cáo)",
            "Official members (reported)",
            "people",
            "people",
        ),
        Indicator(
            "members_reported_associate",
            "Thành viên liên kết (báo cáo)",
            "Associate members (reported)",
            "people",
            "people",
        ),
        Indicator(
            "members_register",
            "Thành viên (danh sách)",
            "Members (on the register)",
            "people",
            "people",
        ),
    ]
    out += [Indicator(f"members_{m.value}", m.label, m.en, "people", "people") for m in MemberType]
    out += [
        Indicator("workers", "Lao động", "Workers", "people", "people"),
        *(
            Indicator(
                f"labour_{key}",
                f"Có {_band_text(lo, hi)} lao động",
                f"With {_band_text(lo, hi, 'en')} workers",
                "count",
                "people",
            )
            for key, lo, hi in LABOUR_BANDS
        ),
        Indicator("charter_capital", "Vốn điều lệ", "Charter capital", "money", "money"),
        Indicator("contributed_capital", "Vốn góp", "Contributed capital", "money", "money"),
        Indicator("total_assets", "Tổng tài sản", "Total assets", "money", "money"),
        Indicator("revenue", "Doanh thu", "Revenue", "money", "money"),
        Indicator("profit", "Lợi nhuận", "Profit", "money", "money"),
        Indicator(
            "avg_member_income",
            "Thu nhập bình quân thành viên/năm",
            "Average member income a year",
            "money",
            "money",
        ),
    ]
    out += [
        Indicator(
            f"scale_{c.value}",
            f"Quy mô {c.label.lower()}",
            f"Scale: {c.en.lower()}",
            "count",
            "scale",
        )
        for c in ScaleClass
    ]
    out += [
        Indicator(
            f"debt_payable_{c.value}",
            f"Nợ phải trả: {c.label}",
            f"Owed to: {c.en.lower()}",
            "money",
            "debts",
        )
        for c in Counterparty
    ]
    out += [
        Indicator("debt_receivable", "Nợ phải thu", "Owed to the organisations", "money", "debts"),
        Indicator("land_parcels", "Số thửa đất", "Land parcels", "count", "debts"),
        Indicator("land_area", "Diện tích đất (m²)", "Land area (m²)", "area", "debts"),
        Indicator(
            "land_uncertified",
            "Thửa chưa có GCN quyền sử dụng đất",
            "Parcels without a certificate",
            "count",
            "debts",
        ),
        Indicator("land_disputed", "Thửa đang tranh chấp", "Parcels in dispute", "count", "debts"),
    ]
    return tuple(out)


def _band_text(lo: int, hi: int | None, lang: str = "vi") -> str:
    if lo == 0:
        return f"dưới {hi + 1}" if lang == "vi" else f"fewer than {hi + 1}"
    if hi is None:
        return f"từ {lo} trở lên" if lang == "vi" else f"{lo} or more"
    return f"{lo}–{hi}"


INDICATORS = _indicators()
KEYS = [i.key for i in INDICATORS]
#: The report's tables (biểu), in order, with their titles.
TABLES = {
    "orgs": ("Biểu 01. Số lượng tổ chức kinh tế tập thể", "Table 01. Organisations"),
    "kinds": (
        "Biểu 02. Tổ chức theo loại hình và lĩnh vực",
        "Table 02. Organisations by type and sector",
    ),
    "people": ("Biểu 03. Thành viên và lao động", "Table 03. Members and workers"),
    "money": ("Biểu 04. Vốn, tài sản và kết quả hoạt động", "Table 04. Capital and results"),
    "scale": ("Biểu 05. Quy mô (Nghị định 113/2024)", "Table 05. Scale (Decree 113/2024)"),
    "debts": ("Biểu 06. Công nợ và đất đai", "Table 06. Debts and land"),
}


def tables(lang: str = "vi") -> list[tuple[str, list[Indicator]]]:
    """The report's tables in order: each title and its indicators."""
    return [
        (title_vi if lang == "vi" else title_en, [i for i in INDICATORS if i.table == key])
        for key, (title_vi, title_en) in TABLES.items()
    ]


@dataclass
class AnnualReport:
    """The unit × indicator table of one report, with its total and its settings."""

    year: int
    as_of: date
    scheme: UnitScheme
    period_start: date
    rule_set_version: int
    table: pd.DataFrame  # index: unit code; columns: "unit" (name), then KEYS
    total: dict[str, int] = field(default_factory=dict)
    unit: AdminUnit | None = None

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"code": code, "name": row["unit"], **{k: int(row[k]) for k in KEYS}}
            for code, row in self.table.iterrows()
        ]


def default_scheme(as_of: date) -> UnitScheme:
    """Districts before the units changed (1/7/2025), communes after."""
    return UnitScheme.LEGACY if as_of < date(2025, 7, 1) else UnitScheme.CURRENT


def _frame(
    session: Session, query, columns: list[str], dates: tuple[str, ...] = ()
) -> pd.DataFrame:
    """A query's rows as a frame, read through the driver: SQLAlchemy's per-value processing
    (dates parsed one by one, enums looked up) and pandas probing its row objects cost four
    times the query itself at province scale. Enums stay their stored values (a ``StrEnum``
    equals its value), dates become ``datetime64`` columns whatever the driver gives."""
    connection = session.connection()
    sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()  # the driver's own, in the session's transaction
    try:
        cursor.execute(sql)
        rows = cursor.fetchall()
    finally:
        cursor.close()
    frame = pd.DataFrame(rows, columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def _end_of(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def _organisations(session: Session, as_of: date, where) -> pd.DataFrame:
    """Each organisation's undated fields as they were at the end of ``as_of``."""
    query = select(Organisation.id, *(getattr(Organisation, f) for f in UNDATED))
    if where is not None:
        query = query.where(where)
    orgs = _frame(session, query, ["id", *UNDATED], dates=("founded_on",)).set_index("id")
    later = session.connection().execute(
        select(AuditEntry.record_id, AuditEntry.changes)
        .where(
            AuditEntry.table_name == Organisation.__tablename__,
            AuditEntry.action == AuditAction.UPDATE,
            AuditEntry.at >= _end_of(as_of),
        )
        .order_by(AuditEntry.id.desc())  # the earliest change after the date applied last
    )
    for record_id, changes in later:
        oid = int(record_id) if record_id and record_id.isdigit() else None
        if oid not in orgs.index:
            continue
        for name, pair in (changes or {}).items():
            if name in UNDATED and isinstance(pair, list) and len(pair) == 2:
                value = pair[0]
                if name == "founded_on":
                    value = pd.Timestamp(value) if value is not None else pd.NaT
                elif hasattr(value, "value"):
                    value = value.value
                orgs.at[oid, name] = value
    return orgs


def compute(
    session: Session,
    *,
    year: int,
    as_of: date | None = None,
    scheme: UnitScheme | None = None,
    unit: AdminUnit | None = None,
    where: ColumnElement[bool] | None = None,
    rules: legal.RuleSet,
) -> AnnualReport:
    """The report of ``year`` as of ``as_of`` (default 14/12 of the year) for the
    organisations ``where`` selects (an area's scope), or ``unit``'s."""
    from registry.services.units import in_unit

    as_of = as_of or rules.report_on(year)
    scheme = scheme or default_scheme(as_of)
    period_start = date(as_of.year - 1, as_of.month, as_of.day) + timedelta(days=1)
    conditions = [c for c in (where, in_unit(unit) if unit is not None else None) if c is not None]
    scope = and_(*conditions) if conditions else None
    orgs = _organisations(session, as_of, scope)
    ids = select(Organisation.id).where(scope) if scope is not None else None

    def of_area(column):
        return column.in_(ids) if ids is not None else literal(True)

    start, day = pd.Timestamp(period_start), pd.Timestamp(as_of)
    events = _frame(
        session,
        select(StatusEvent.organisation_id, StatusEvent.effective_on, StatusEvent.status)
        .where(of_area(StatusEvent.organisation_id), StatusEvent.effective_on <= as_of)
        .order_by(StatusEvent.organisation_id, StatusEvent.effective_on, StatusEvent.id),
        ["id", "day", "status"],
        dates=("day",),
    )
    # In force order within each organisation: the first row is its earliest, the last its
    # status on the date.
    orgs["status"] = events.drop_duplicates("id", keep="last").set_index("id").status
    orgs["first_event"] = events.drop_duplicates("id").set_index("id").day
    dissolved_in = events[(events.status == Status.DISSOLVED) & (events.day >= start)].id.unique()
    ended_before = (
        events[events.status.isin((Status.DISSOLVED, Status.BANKRUPT)) & (events.day < start)]
        .groupby("id")
        .size()
        .index
    )
    known = orgs.first_event.notna() | (orgs.founded_on <= day)
    orgs = orgs[known & ~orgs.index.isin(ended_before)].copy()
    orgs["founded_in"] = (orgs.founded_on >= start) & (orgs.founded_on <= day)
    orgs["dissolved_in"] = orgs.index.isin(dissolved_in)

    # Grouped by organisation alone, counted per type: the database walks its index on the
    # organisation instead of sorting a million rows by organisation and type.
    counts = _frame(
        session,
        select(
            Membership.organisation_id,
            *(func.count().filter(Membership.member_type == m) for m in MemberType),
        )
        .where(
            of_area(Membership.organisation_id),
            or_(Membership.joined_on.is_(None), Membership.joined_on <= as_of),
            or_(Membership.left_on.is_(None), Membership.left_on > as_of),
        )
        .group_by(Membership.organisation_id),
        ["id", *(f"members_{m.value}" for m in MemberType)],
    ).set_index("id")
    for member_type in MemberType:
        column = f"members_{member_type.value}"
        orgs[column] = counts[column].reindex(orgs.index).fillna(0)
    orgs["members_register"] = sum(orgs[f"members_{m.value}"] for m in MemberType)

    figures = _frame(
        session,
        select(
            AnnualFigures.organisation_id,
            AnnualFigures.members_total,
            AnnualFigures.members_official,
            AnnualFigures.members_associate,
            AnnualFigures.workers,
            AnnualFigures.revenue_vnd,
            AnnualFigures.profit_vnd,
            AnnualFigures.avg_member_income_vnd,
            AnnualFigures.charter_capital_vnd,
            AnnualFigures.contributed_capital_vnd,
            AnnualFigures.total_assets_vnd,
        ).where(of_area(AnnualFigures.organisation_id), AnnualFigures.year == year),
        [
            "id",
            "members_reported",
            "members_reported_official",
            "members_reported_associate",
            "workers",
            "revenue",
            "profit",
            "avg_member_income",
            "figures_charter",
            "contributed_capital",
            "total_assets",
        ],
    ).set_index("id")
    orgs = orgs.join(figures, how="left")
    orgs["charter_capital"] = orgs.figures_charter.where(
        orgs.figures_charter.notna(), orgs.charter_capital_vnd
    )
    for band, lo, hi in LABOUR_BANDS:
        upper = orgs.workers <= hi if hi is not None else True
        orgs[f"labour_{band}"] = orgs.workers.notna() & (orgs.workers >= lo) & upper
    orgs["scale"] = [
        legal.scale_class(
            Sector(sector),
            None if pd.isna(m) else int(m),
            None if pd.isna(r) else int(r),
            None if pd.isna(c) else int(c),
            rules,
        ).value
        for sector, m, r, c in zip(
            orgs.sector, orgs.members_reported, orgs.revenue, orgs.charter_capital, strict=True
        )
    ]

    settled_after = (
        select(func.coalesce(func.sum(DebtSettlement.amount_vnd), 0))
        .where(
            DebtSettlement.debt_id == Debt.id,
            DebtSettlement.on > as_of,
            DebtSettlement.kind.in_(REDUCING),
        )
        .scalar_subquery()
    )
    owed = _frame(
        session,
        select(
            Debt.organisation_id,
            Debt.direction,
            Debt.counterparty,
            func.sum(Debt.outstanding_vnd + settled_after),
        )
        .where(
            of_area(Debt.organisation_id),
            or_(Debt.incurred_on.is_(None), Debt.incurred_on <= as_of),
        )
        .group_by(Debt.organisation_id, Debt.direction, Debt.counterparty),
        ["id", "direction", "counterparty", "amount"],
    )
    owed["key"] = [
        f"debt_payable_{c}" if d == DebtDirection.PAYABLE else "debt_receivable"
        for d, c in zip(owed.direction, owed.counterparty, strict=True)
    ]
    owed = owed.pivot_table(index="id", columns="key", values="amount", aggfunc="sum")
    for key in [*(f"debt_payable_{c.value}" for c in Counterparty), "debt_receivable"]:
        orgs[key] = owed[key].reindex(orgs.index).fillna(0) if key in owed else 0

    uncertified = or_(
        Asset.land_certificate.is_(None), Asset.land_certificate != LandCertificate.ISSUED
    )
    land = _frame(
        session,
        select(
            Asset.organisation_id,
            func.count(),
            func.coalesce(func.sum(Asset.area_m2), 0),
            func.sum(case((uncertified, 1), else_=0)),
            func.sum(case((Asset.disputed.is_(True), 1), else_=0)),
        )
        .where(of_area(Asset.organisation_id), Asset.kind == AssetKind.LAND)
        .group_by(Asset.organisation_id),
        ["id", "land_parcels", "land_area", "land_uncertified", "land_disputed"],
    ).set_index("id")
    orgs = orgs.join(land, how="left")

    return _shape(session, orgs, year, as_of, scheme, period_start, rules, unit)


def _shape(session, orgs, year, as_of, scheme, period_start, rules, unit) -> AnnualReport:
    """Per organisation → per unit: counts of flags, sums of amounts; the total row."""
    units = {u.id: u for u in session.scalars(select(AdminUnit))}

    def unit_of(current_id, legacy_id):
        if scheme == UnitScheme.CURRENT:
            found = units.get(current_id)
        else:
            found = units.get(legacy_id)
            if found is not None and found.level == UnitLevel.COMMUNE:
                found = units.get(found.parent_id)
        return (found.code, found.name) if found is not None else (UNKNOWN_UNIT, "Chưa rõ")

    placed = [unit_of(c, lg) for c, lg in zip(orgs.unit_id, orgs.legacy_unit_id, strict=True)]
    frame = pd.DataFrame(index=orgs.index)
    frame["code"] = [code for code, _ in placed]
    frame["unit"] = [name for _, name in placed]
    frame["orgs_total"] = 1
    for s in Status:
        frame[f"status_{s.value}"] = orgs.status == s
    for t in OrgType:
        frame[f"type_{t.value}"] = orgs.org_type == t
    for s in Sector:
        frame[f"sector_{s.value}"] = orgs.sector == s
    frame["founded"] = orgs.founded_in
    frame["dissolved"] = orgs.dissolved_in
    for c in ScaleClass:
        frame[f"scale_{c.value}"] = orgs.scale == c.value
    for key in KEYS:
        if key not in frame:
            frame[key] = orgs[key]
    frame[KEYS] = frame[KEYS].fillna(0)
    grouped = frame.groupby(["code", "unit"])[KEYS].sum()
    # An average income is averaged over the organisations that reported one, not summed.
    reported = orgs.avg_member_income.notna()
    averages = (
        frame[reported].groupby(["code", "unit"])["avg_member_income"].mean()
        if reported.any()
        else pd.Series(dtype=float)
    )
    grouped["avg_member_income"] = averages.reindex(grouped.index).fillna(0).round()
    grouped = grouped.round().astype("int64").reset_index(level="unit").sort_values("unit")
    total = {k: int(frame[k].sum()) for k in KEYS}
    total["avg_member_income"] = (
        round(orgs.avg_member_income[reported].mean()) if reported.any() else 0
    )
    return AnnualReport(
        year=year,
        as_of=as_of,
        scheme=scheme,
        period_start=period_start,
        rule_set_version=rules.version,
        table=grouped,
        total=total,
        unit=unit,
    )


def status_trend(
    session: Session,
    years: list[int],
    rules: legal.RuleSet,
    where: ColumnElement[bool] | None = None,
) -> dict[int, dict[str, int]]:
    """Per year, the organisations in existence on its report day and those active then, read
    from the status history in one pass (the report page's trend)."""
    query = select(StatusEvent.organisation_id, StatusEvent.effective_on, StatusEvent.status)
    if where is not None:
        query = query.where(StatusEvent.organisation_id.in_(select(Organisation.id).where(where)))
    events = _frame(
        session,
        query.order_by(StatusEvent.organisation_id, StatusEvent.effective_on, StatusEvent.id),
        ["id", "day", "status"],
        dates=("day",),
    )
    trend = {}
    for year in years:
        day = pd.Timestamp(rules.report_on(year))
        known = events[events.day <= day].drop_duplicates("id", keep="last")
        alive = known[~known.status.isin((Status.DISSOLVED, Status.BANKRUPT))]
        trend[year] = {
            "existing": len(alive),
            "active": int((alive.status == Status.ACTIVE).sum()),
        }
    return trend
