"""Demo officers of each role, and dissolution cases at every step, written through the
services as officers would write them (so each step is audited and checked like a real one).

The cases are taken from the candidates on the day they are made: the district with the most
candidates gets the area officer, and its organisations carry the cases an area reviews.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlmodel import Session, select

from registry.enums import CaseOutcome, ReviewVerdict, Role, Status, UnitLevel
from registry.models import AdminUnit, Organisation
from registry.scope import scope_of
from registry.services import candidates, cases, rule_sets
from registry.services.errors import DomainError
from registry.services.users import create_user

#: Demo accounts besides the administrator: user name → (role, full name).
OFFICERS = {
    "kehoach": (Role.PLANNER, "Trần Thị Kế Hoạch (Sở Tài chính)"),
    "lienminh": (Role.ALLIANCE, "Lê Văn Liên Minh (Liên minh HTX tỉnh)"),
    "diaban": (Role.AREA_OFFICER, "Nguyễn Văn Địa Bàn"),
}
#: Statuses a dissolution or revocation decision can follow.
DECIDABLE = {Status.ACTIVE, Status.SUSPENDED, Status.NOT_AT_ADDRESS}


def seed(session: Session, password: str, today: date | None = None) -> str:
    """Create the demo officers and the cases; return the area officer's district name."""
    today = today or date.today()
    rule_set = rule_sets.current(session)
    found = candidates.candidates(session, today, rule_set)
    units = {u.id: u for u in session.exec(select(AdminUnit))}

    def district(candidate):
        unit = units.get(candidate.legacy_unit_id)
        if unit is not None and unit.level == UnitLevel.COMMUNE:
            unit = units.get(unit.parent_id)
        return unit

    busiest = Counter(district(c).id for c in found if district(c) is not None).most_common(1)
    home = units[busiest[0][0]] if busiest else None
    users = {}
    for username, (role, full_name) in OFFICERS.items():
        if role == Role.AREA_OFFICER and home is None:
            continue
        scope = [home] if role == Role.AREA_OFFICER else []
        users[role] = create_user(
            session=session,
            username=username,
            full_name=full_name,
            password=password,
            role=role,
            scope=scope,
        )
    if home is None:
        return ""
    session.flush()
    scopes = {role: scope_of(session, user) for role, user in users.items()}
    mine = [
        c
        for c in found
        if district(c) is not None
        and district(c).id == home.id
        and session.get_one(Organisation, c.id).current_status in DECIDABLE
    ]
    plans = [
        ("overdue review", 40),
        ("review", 2),
        ("decision", 10),
        ("disagreed", 12),
        ("completion", 30),
        ("dissolved", 90),
        ("revived", 60),
        ("no action", 50),
        ("revoked", 70),
        ("reorganised", 45),
    ]
    waiting = iter(mine)
    for plan, days_ago in plans:
        # A ground met today may not have been met on the day a case was opened: such an
        # organisation is passed over (its savepoint undone) for the next one.
        for candidate in waiting:
            try:
                with session.begin_nested():
                    opened = today - timedelta(days=days_ago)
                    _walk(session, scopes, users, candidate.id, plan, opened, rule_set)
                break
            except DomainError:
                continue
    return home.name


def _walk(session, scopes, users, organisation_id, plan, opened, rule_set) -> None:
    """One case, taken as far as ``plan`` says, its steps dated from ``opened``."""
    organisation = session.get_one(Organisation, organisation_id)
    opener = Role.ALLIANCE if organisation_id % 2 else Role.PLANNER
    case = cases.open_case(
        session,
        scope=scopes[opener],
        user=users[opener],
        organisation=organisation,
        as_of=opened,
        note="Rà soát theo Kế hoạch 655/KH-UBND",
        rules=rule_set,
        today=opened,
    )
    if plan in ("overdue review", "review"):
        return
    reviewed = opened + timedelta(days=5)
    agree = plan != "disagreed"
    cases.review(
        session,
        scope=scopes[Role.AREA_OFFICER],
        user=users[Role.AREA_OFFICER],
        case=case,
        verdict=ReviewVerdict.AGREE if agree else ReviewVerdict.DISAGREE,
        comment="Đã kiểm tra tại trụ sở" if agree else "HTX báo đã hoạt động lại, cần xác minh",
        rules=rule_set,
        loaded_version=case.version,
        today=reviewed,
    )
    if plan in ("decision", "disagreed"):
        return
    decided = reviewed + timedelta(days=10)
    outcome = {
        "completion": CaseOutcome.COMPULSORY_DISSOLUTION,
        "dissolved": CaseOutcome.VOLUNTARY_DISSOLUTION,
        "revived": CaseOutcome.REVIVAL,
        "no action": CaseOutcome.NO_ACTION,
        "revoked": CaseOutcome.REVOCATION,
        "reorganised": CaseOutcome.REORGANISATION,
    }[plan]
    number = f"{organisation_id}/QĐ-UBND" if outcome in cases.DECIDED_STATUS else None
    cases.decide(
        session,
        scope=scopes[Role.PLANNER],
        user=users[Role.PLANNER],
        case=case,
        outcome=outcome,
        decision_no=number,
        decision_on=decided if number else None,
        comment="Theo đề nghị của Liên minh HTX" if number else "Tiếp tục theo dõi, hỗ trợ",
        rules=rule_set,
        loaded_version=case.version,
        today=decided,
    )
    if plan == "dissolved":
        cases.complete(
            session,
            scope=scopes[Role.PLANNER],
            user=users[Role.PLANNER],
            case=case,
            decision_no=f"{organisation_id}/TB-UBND",
            decision_on=decided + timedelta(days=30),
            comment="Đã đăng báo 3 số liên tiếp, đã thanh toán hết nợ",
            loaded_version=case.version,
            today=decided + timedelta(days=30),
        )
