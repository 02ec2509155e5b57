"""Deterministic, realistic demo data at any scale.

Rows are generated in plain Python from one seeded ``random.Random`` and written in batches
with :func:`registry.bulk.insert_rows`, with ids assigned here: going through the ORM unit of
work would cost about twenty times as much at a million members. Search keys are computed
with the same functions the ORM listeners use. Dates are relative to a fixed reference day, so
the same seed gives the same rows whenever it runs.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from registry import rules
from registry.bulk import first_free_id, insert_rows
from registry.enums import (
    AssetKind,
    ContributionKind,
    Counterparty,
    DatePrecision,
    DebtDirection,
    DebtState,
    GoverningLaw,
    LandCertificate,
    LandOrigin,
    MemberType,
    ObservationSource,
    OperatingState,
    OrgType,
    PersonKind,
    Sector,
    SettlementKind,
    Status,
    SupportKind,
    UnitLevel,
    UnitScheme,
)
from registry.models import (
    AdminUnit,
    AnnualFigures,
    Asset,
    Contribution,
    Debt,
    DebtSettlement,
    Membership,
    Observation,
    Organisation,
    Person,
    StatusEvent,
    SupportEntry,
    UnitMapping,
)
from registry.models.derived import organisation_key, person_key

#: Names repeat (a few thousand combinations), so their keys are computed once each.
_person_key = lru_cache(maxsize=None)(person_key)

REFERENCE_DAY = date(2025, 12, 31)
#: The old Gia Lai's code among the units before 1/7/2025, where the demo places its organisations.
GIA_LAI_BEFORE_2025 = "64"
#: The tables demo data fills, parents first so that foreign keys hold at every batch.
WRITTEN = (
    Organisation,
    StatusEvent,
    Person,
    Membership,
    Contribution,
    AnnualFigures,
    Asset,
    Debt,
    DebtSettlement,
    Observation,
    SupportEntry,
)
RECORDED_AT = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
BATCH = 20_000

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Rơ Châm",
    "Ksor",
    "Siu",
    "Rơ Mah",
    "Kpă",
    "Nay",
    "Đinh",
    "Rmah",
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Ngọc",
    "Thanh",
    "Quang",
    "Xuân",
    "Thu",
    "Kim",
    "Công",
    "Đình",
    "",
]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiền",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Nhung",
    "Phúc",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Vân",
    "Yến",
    "H'Blơh",
    "Blếch",
    "H'Nhi",
    "Djú",
]
ORG_WORDS = [
    "Tân Tiến",
    "Đồng Tâm",
    "Thành Công",
    "Hòa Bình",
    "Phú Cường",
    "Thắng Lợi",
    "Đoàn Kết",
    "Hưng Thịnh",
    "Quyết Thắng",
    "Bình Minh",
    "Tiến Thành",
    "Nhân Hòa",
    "Cà phê Xanh",
    "Hồ tiêu Sạch",
    "Rau an toàn",
    "Bò sinh sản",
    "Cao su",
]
SECTOR_WORDS = {
    Sector.AGRICULTURE: [
        "Nông nghiệp",
        "Nông nghiệp Dịch vụ",
        "Sản xuất Kinh doanh Dịch vụ Nông nghiệp",
        "Nông nghiệp Dịch vụ Tổng hợp",
    ],
    Sector.INDUSTRY_HANDICRAFT: ["Tiểu thủ công nghiệp", "Dệt thổ cẩm", "Mây tre đan"],
    Sector.CONSTRUCTION: ["Xây dựng", "Xây dựng và Dịch vụ"],
    Sector.TRADE_SERVICE: ["Thương mại Dịch vụ", "Dịch vụ Tổng hợp"],
    Sector.TRANSPORT: ["Vận tải", "Dịch vụ Vận tải"],
    Sector.ENVIRONMENT: ["Vệ sinh Môi trường"],
    Sector.HOUSING: ["Nhà ở"],
    Sector.OTHER: ["Dịch vụ"],
}
PRODUCTS = {
    Sector.AGRICULTURE: [
        "Cà phê",
        "Hồ tiêu",
        "Lúa",
        "Mía",
        "Sắn",
        "Rau củ",
        "Bò thịt",
        "Chanh dây",
        "Điều",
        "Cao su",
    ],
    Sector.INDUSTRY_HANDICRAFT: ["Thổ cẩm", "Mây tre đan", "Gỗ mỹ nghệ"],
    Sector.CONSTRUCTION: ["Xây dựng dân dụng"],
    Sector.TRADE_SERVICE: ["Vật tư nông nghiệp", "Dịch vụ điện", "Nước sạch"],
    Sector.TRANSPORT: ["Vận tải hành khách", "Vận tải hàng hóa"],
    Sector.ENVIRONMENT: ["Thu gom rác"],
    Sector.HOUSING: ["Nhà ở xã hội"],
    Sector.OTHER: ["Dịch vụ khác"],
    Sector.CREDIT: ["Tín dụng"],
}
BANKS = [
    "Agribank chi nhánh Gia Lai",
    "Ngân hàng Chính sách xã hội tỉnh Gia Lai",
    "BIDV Gia Lai",
    "Vietcombank Gia Lai",
]


class _Writer:
    """Buffers rows per table and writes them in batches with executemany."""

    def __init__(self, connection: Connection, counts: Counter) -> None:
        self.connection = connection
        self.counts = counts
        self.buffers: dict[type, list[dict]] = {}

    def add(self, model: type, row: dict) -> None:
        rows = self.buffers.setdefault(model, [])
        rows.append(row)
        self.counts[model.__tablename__] += 1
        if len(rows) >= BATCH:
            self.flush_all()

    def flush(self, model: type) -> None:
        rows = self.buffers.get(model)
        if rows:
            insert_rows(self.connection, model.__table__, rows)
            rows.clear()

    def flush_all(self) -> None:
        for model in WRITTEN:
            self.flush(model)


def _pick_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def _status_path(rng: random.Random) -> list[Status]:
    roll = rng.random()
    if roll < 0.72:
        return [Status.ACTIVE]
    if roll < 0.80:
        return [Status.ACTIVE, Status.SUSPENDED]
    if roll < 0.84:
        return [Status.ACTIVE, Status.SUSPENDED, Status.ACTIVE]
    if roll < 0.88:
        return [Status.ACTIVE, Status.NOT_AT_ADDRESS]
    if roll < 0.91:
        return [Status.ACTIVE, Status.NOT_AT_ADDRESS, Status.REVOKED]
    if roll < 0.95:
        return [Status.ACTIVE, Status.AWAITING_DISSOLUTION]
    if roll < 0.995:
        return [Status.ACTIVE, Status.SUSPENDED, Status.AWAITING_DISSOLUTION, Status.DISSOLVED]
    return [Status.ACTIVE, Status.BANKRUPT]


def _split(rng: random.Random, total: int, parts: int, minimum: Callable[[int], int]) -> list[int]:
    """Share ``total`` members among ``parts`` organisations: skewed, each at least its minimum
    when the total allows."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(parts)]
    floors = [minimum(i) for i in range(parts)]
    if total < sum(floors):  # fewer members than the minimums need: share them evenly
        return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
    scale = (total - sum(floors)) / sum(weights)
    sizes = [f + int(w * scale) for f, w in zip(floors, weights, strict=True)]
    for i in range(total - sum(sizes)):  # the rounding remainder, one each
        sizes[i % parts] += 1
    return sizes


def generate(
    connection: Connection,
    *,
    cooperatives: int,
    members: int,
    seed: int = 655,
    progress: Callable[[str, str], None] | None = None,
) -> Counter:
    """Add ``cooperatives`` organisations holding ``members`` memberships in total; returns
    how many records of each table were added. ``progress(vi, en)`` is told each step, in
    each language."""
    rng = random.Random(seed)
    counts: Counter = Counter()
    out = _Writer(connection, counts)
    say = progress or (lambda _vi, _en: None)

    # In the old Gia Lai (Plan 655's province), whose names the demo's are: the units before
    # 1/7/2025 hold Bình Định's too.
    district = aliased(AdminUnit)
    communes = connection.execute(
        select(AdminUnit.id, AdminUnit.short_name, UnitMapping.new_unit_id)
        .join(UnitMapping, UnitMapping.old_unit_id == AdminUnit.id)
        .join(district, district.id == AdminUnit.parent_id)
        .where(
            AdminUnit.scheme == UnitScheme.LEGACY,
            AdminUnit.level == UnitLevel.COMMUNE,
            UnitMapping.is_default.is_(True),
            district.parent_id.in_(
                select(AdminUnit.id).where(
                    AdminUnit.scheme == UnitScheme.LEGACY, AdminUnit.code == GIA_LAI_BEFORE_2025
                )
            ),
        )
        .order_by(AdminUnit.code)
    ).all()
    if not communes:
        raise RuntimeError("administrative units are not loaded: run 'registry units load'")

    org_id = first_free_id(connection, Organisation.__table__)
    event_id = first_free_id(connection, StatusEvent.__table__)
    person_id = first_free_id(connection, Person.__table__)
    membership_id = first_free_id(connection, Membership.__table__)
    asset_id = first_free_id(connection, Asset.__table__)
    debt_id = first_free_id(connection, Debt.__table__)
    first_org = org_id

    orgs: list[tuple[int, OrgType, GoverningLaw, int, date]] = []
    say(f"tổ chức: {cooperatives}", f"organisations: {cooperatives}")
    for n in range(cooperatives):
        legacy_id, commune_name, current_id = communes[rng.randrange(len(communes))]
        org_type = rng.choices(list(OrgType), weights=[8, 86, 1, 5])[0]
        sector = (
            Sector.CREDIT
            if org_type == OrgType.CREDIT_FUND
            else rng.choices(list(Sector), weights=[70, 6, 4, 10, 4, 0, 3, 1, 2])[0]
        )
        kind_word = {
            OrgType.GROUP: "Tổ hợp tác",
            OrgType.COOPERATIVE: "Hợp tác xã",
            OrgType.UNION: "Liên hiệp Hợp tác xã",
            OrgType.CREDIT_FUND: "Quỹ tín dụng nhân dân",
        }[org_type]
        if org_type == OrgType.CREDIT_FUND:
            name = f"{kind_word} {commune_name}"
        else:
            name = (
                f"{kind_word} {rng.choice(SECTOR_WORDS[sector])} "
                f"{rng.choice([*ORG_WORDS, commune_name])}"
            )
        founded = _pick_date(rng, date(1997, 1, 1), date(2025, 6, 30))
        precision = rng.choices(list(DatePrecision), weights=[85, 10, 5])[0]
        if precision == DatePrecision.MONTH:
            founded = founded.replace(day=1)
        elif precision == DatePrecision.YEAR:
            founded = founded.replace(month=1, day=1)
        law = (
            GoverningLaw.LAW_2023
            if founded >= date(2024, 7, 1)
            else GoverningLaw.LAW_2003
            if founded < date(2013, 7, 1) and rng.random() < 0.15
            else GoverningLaw.LAW_2012
        )
        charter = rng.randrange(100, 5000) * 1_000_000
        director = _person_name(rng)
        tax_code = None if rng.random() < 0.08 else f"59{n + first_org:08d}"
        out.add(
            Organisation,
            dict(
                id=org_id,
                org_type=org_type,
                name=name,
                name_key=organisation_key(name, director, tax_code),
                tax_code=tax_code,
                legacy_certificate_no=(
                    f"3907{rng.randrange(1000):03d}{rng.randrange(1000):03d}"  # 39.07.NNN.NNN
                    if founded < date(2013, 7, 1)
                    else None
                ),
                governing_law=law,
                sector=sector,
                main_product=rng.choice(PRODUCTS[sector]),
                founded_on=founded,
                founded_precision=precision,
                registered_on=founded,
                unit_id=current_id,
                legacy_unit_id=legacy_id,
                address=f"Thôn {rng.randrange(1, 15)}, xã {commune_name}",
                director_name=director,
                phone=f"0{rng.choice([9, 8, 3])}{rng.randrange(10**8):08d}",
                email=None,
                charter_capital_vnd=charter,
                charter_amended_on=(
                    _pick_date(rng, date(2024, 7, 1), REFERENCE_DAY)
                    if law != GoverningLaw.LAW_2023 and rng.random() < 0.85
                    else None
                ),
                not_reorganized=law == GoverningLaw.LAW_2003 and rng.random() < 0.5,
                lost_seal=(lost_seal := rng.random() < 0.01),
                lost_certificate=(lost_certificate := rng.random() < 0.01),
                lost_seal_on=_pick_date(rng, founded, REFERENCE_DAY) if lost_seal else None,
                lost_certificate_on=(
                    _pick_date(rng, founded, REFERENCE_DAY) if lost_certificate else None
                ),
                created_at=RECORDED_AT,
                updated_at=RECORDED_AT,
            ),
        )
        day = founded
        for status in _status_path(rng):
            out.add(
                StatusEvent,
                dict(
                    id=event_id,
                    organisation_id=org_id,
                    status=status,
                    effective_on=day,
                    reason=None if status == Status.ACTIVE else "Dữ liệu minh hoạ",
                    decision_no=None
                    if status == Status.ACTIVE
                    else f"{rng.randrange(1, 999)}/QĐ-UBND",
                    decision_on=None if status == Status.ACTIVE else day,
                    dissolution_kind=None,
                    recorded_by_id=None,
                    recorded_at=RECORDED_AT,
                ),
            )
            event_id += 1
            day = _pick_date(
                rng, day + timedelta(days=30), max(day + timedelta(days=31), REFERENCE_DAY)
            )
        orgs.append((org_id, org_type, law, charter, founded))
        org_id += 1
    out.flush_all()

    say(f"thành viên: {members}", f"members: {members}")
    rule_set = rules.DEFAULT_RULES

    def floor(i: int) -> int:
        return rules.minimum_members(orgs[i][1], orgs[i][2], rule_set)

    sizes = _split(rng, members, len(orgs), floor)
    for i in range(5, len(orgs) - 1, 37):  # one in 37 is kept below its minimum (a ground)
        kept = min(sizes[i], max(1, floor(i) - 3))
        sizes[i + 1] += sizes[i] - kept
        sizes[i] = kept
    people: list[int] = []  # persons already created, for the few who join a second cooperative
    for (oid, org_type, law, charter, founded), size in zip(orgs, sizes, strict=True):
        cap = rules.capital_cap_vnd(charter, law, rules=rule_set)
        earlier = len(people)  # a second cooperative: never this one again
        joined_here: set[int] = set()
        for _ in range(size):
            pid = people[rng.randrange(earlier)] if earlier and rng.random() < 0.02 else None
            if pid in joined_here:  # drawn twice for the same cooperative: someone new
                pid = None
            if pid is not None:
                joined_here.add(pid)
            else:
                pid = person_id
                person_id += 1
                people.append(pid)
                kind = (
                    PersonKind.LEGAL_ENTITY
                    if org_type == OrgType.UNION
                    else PersonKind.HOUSEHOLD
                    if rng.random() < 0.1
                    else PersonKind.INDIVIDUAL
                )
                birth = rng.randrange(1950, 2004)
                full_name = _person_name(rng)
                id_number = (
                    None
                    if rng.random() < 0.05 or pid >= 1_000_000
                    else f"064{rng.randrange(2)}{birth % 100:02d}{pid:06d}"
                )
                out.add(
                    Person,
                    dict(
                        id=pid,
                        kind=kind,
                        full_name=full_name,
                        name_key=_person_key(full_name),
                        id_number=id_number,
                        birth_year=birth,
                        phone=None,
                        address=None,
                        created_at=RECORDED_AT,
                    ),
                )
            member_type = rng.choices(list(MemberType), weights=[88, 7, 5])[0]
            joined = _pick_date(rng, founded, REFERENCE_DAY)
            out.add(
                Membership,
                dict(
                    id=membership_id,
                    organisation_id=oid,
                    person_id=pid,
                    member_type=member_type,
                    joined_on=joined,
                    left_on=_pick_date(rng, joined, REFERENCE_DAY + timedelta(days=1))
                    if rng.random() < 0.04
                    else None,
                ),
            )
            if member_type != MemberType.ASSOCIATE:
                amount = min(cap, rng.randrange(1, 60) * 1_000_000)
                out.add(
                    Contribution,
                    dict(
                        membership_id=membership_id,
                        kind=ContributionKind.CONTRIBUTION,
                        amount_vnd=amount,
                        on=joined,
                        note=None,
                    ),
                )
            membership_id += 1
    out.flush_all()

    say("số liệu năm, tài sản và công nợ", "annual figures, assets and debts")
    for (oid, _org_type, _law, charter, founded), size in zip(orgs, sizes, strict=True):
        for year in (2023, 2024, 2025):
            if founded.year > year or rng.random() < 0.1:
                continue
            revenue = int(rng.lognormvariate(21, 1.2)) // 1_000_000 * 1_000_000
            out.add(
                AnnualFigures,
                dict(
                    organisation_id=oid,
                    year=year,
                    members_total=size,
                    members_official=int(size * 0.9),
                    members_associate=size - int(size * 0.9),
                    workers=rng.randrange(2, 40),
                    revenue_vnd=revenue,
                    profit_vnd=int(revenue * rng.uniform(-0.1, 0.15)) // 1000 * 1000,
                    avg_member_income_vnd=rng.randrange(30, 90) * 1_000_000,
                    charter_capital_vnd=charter,
                    contributed_capital_vnd=int(charter * 0.8),
                    mobilised_capital_vnd=rng.randrange(0, 500) * 1_000_000,
                    total_assets_vnd=charter + rng.randrange(0, 2000) * 1_000_000,
                    indivisible_fund_vnd=rng.randrange(0, 200) * 1_000_000,
                    support_received_vnd=rng.randrange(0, 100) * 1_000_000,
                    general_meeting_on=(
                        date(year + 1, rng.randrange(1, 4), rng.randrange(1, 28))
                        if rng.random() < (0.85 if year < 2025 else 0.88)
                        else None
                    ),
                    legacy_grade=None,
                ),
            )
        land_asset = None
        if rng.random() < 0.4:
            land_asset = asset_id
            certificate = rng.choices(list(LandCertificate), weights=[55, 10, 35])[0]
            out.add(
                Asset,
                dict(
                    id=asset_id,
                    organisation_id=oid,
                    kind=AssetKind.LAND,
                    description=f"Đất trụ sở và sân phơi, thửa số {rng.randrange(1, 400)}",
                    book_value_vnd=rng.randrange(50, 3000) * 1_000_000,
                    indivisible=rng.random() < 0.5,
                    area_m2=float(rng.randrange(200, 50_000)),
                    land_certificate=certificate,
                    land_origin=rng.choice(list(LandOrigin)),
                    disputed=rng.random() < 0.05,
                ),
            )
            asset_id += 1
        if rng.random() < 0.3:
            for _ in range(rng.randrange(1, 4)):
                direction = rng.choices(list(DebtDirection), weights=[70, 30])[0]
                counterparty = (
                    rng.choice(list(Counterparty))
                    if direction == DebtDirection.PAYABLE
                    else rng.choice([Counterparty.MEMBER, Counterparty.OTHER])
                )
                principal = rng.randrange(5, 2000) * 1_000_000
                state = rng.choices(list(DebtState), weights=[50, 20, 15, 5, 10])[0]
                outstanding = (
                    0
                    if state in (DebtState.SETTLED, DebtState.WRITTEN_OFF)
                    else principal // rng.randrange(2, 4)
                    if state == DebtState.PARTLY_SETTLED
                    else principal
                )
                out.add(
                    Debt,
                    dict(
                        id=debt_id,
                        organisation_id=oid,
                        direction=direction,
                        counterparty=counterparty,
                        counterparty_name=(
                            rng.choice(BANKS) if counterparty == Counterparty.BANK else None
                        ),
                        principal_vnd=principal,
                        outstanding_vnd=outstanding,
                        as_of=date(2025, 12, 31),
                        state=state,
                        planned_action=None
                        if state == DebtState.SETTLED
                        else "Xây dựng lộ trình trả nợ",
                        target_on=_pick_date(rng, date(2024, 1, 1), date(2028, 12, 31)),
                        secured_by_asset_id=land_asset
                        if land_asset and rng.random() < 0.3
                        else None,
                    ),
                )
                if outstanding < principal:  # what was settled, as the ledger's history
                    out.add(
                        DebtSettlement,
                        dict(
                            debt_id=debt_id,
                            on=_pick_date(rng, date(2023, 6, 1), REFERENCE_DAY),
                            kind=SettlementKind.WRITTEN_OFF
                            if state == DebtState.WRITTEN_OFF
                            else SettlementKind.PAID,
                            amount_vnd=principal - outstanding,
                            reference=f"Phiếu chi số {rng.randrange(1, 500)}",
                            note=None,
                            recorded_by_id=None,
                            recorded_at=RECORDED_AT,
                        ),
                    )
                debt_id += 1
        _observations_and_support(rng, out, oid, founded)
    out.flush_all()
    reset_sequences(connection)
    return counts


#: What officers find, by weight: most operate, some weakly, some not at all.
_FOUND = (
    (OperatingState.OPERATING, 70),
    (OperatingState.WEAK, 15),
    (OperatingState.NOT_OPERATING, 11),
    (OperatingState.NOT_FOUND, 4),
)


def _observations_and_support(rng: random.Random, out: _Writer, oid: int, founded: date) -> None:
    """Field findings in the two years before the reference day (a stopped organisation stays
    stopped), and now and then the Alliance's support."""
    if rng.random() < 0.7:
        start = max(founded, date(2024, 1, 1))
        days = sorted(_pick_date(rng, start, REFERENCE_DAY) for _ in range(rng.randrange(1, 4)))
        state = rng.choices([s for s, _ in _FOUND], weights=[w for _, w in _FOUND])[0]
        for day in days:
            out.add(
                Observation,
                dict(
                    organisation_id=oid,
                    observed_on=day,
                    state=state,
                    source=rng.choice(list(ObservationSource)[:3]),
                    note=None,
                    recorded_by_id=None,
                    recorded_at=RECORDED_AT,
                ),
            )
    if rng.random() < 0.1:
        out.add(
            SupportEntry,
            dict(
                organisation_id=oid,
                given_on=_pick_date(rng, date(2023, 3, 23), REFERENCE_DAY),
                kind=rng.choice(list(SupportKind)),
                note="Liên minh HTX tỉnh hỗ trợ",
                recorded_by_id=None,
                recorded_at=RECORDED_AT,
            ),
        )


def _person_name(rng: random.Random) -> str:
    middle = rng.choice(MIDDLE)
    return " ".join(p for p in (rng.choice(SURNAMES), middle, rng.choice(GIVEN)) if p)


def reset_sequences(connection: Connection) -> None:
    """PostgreSQL: move each id sequence past the ids assigned here."""
    if connection.dialect.name != "postgresql":
        return
    for model in WRITTEN:
        table = model.__table__.name
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
        )
