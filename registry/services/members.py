"""People, memberships and the capital ledger, with the capital cap applied."""

from __future__ import annotations

from datetime import date

from sqlalchemy import case, func, inspect
from sqlmodel import Session, select

from registry import rules
from registry.enums import ContributionKind, MemberType, OrgType, PersonKind
from registry.models import Contribution, Membership, Organisation, Person
from registry.services import rule_sets
from registry.services.errors import DomainError
from registry.text import nfc, thousands


def _money(amount: int) -> str:
    return f"{thousands(amount)} ₫"


def find_or_create_person(
    *,
    session: Session,
    full_name: str,
    id_number: str | None = None,
    kind: PersonKind = PersonKind.INDIVIDUAL,
    birth_year: int | None = None,
) -> Person:
    """The person with this ID number, or a new one: one person, many memberships."""
    if id_number:
        found = session.exec(select(Person).where(Person.id_number == id_number)).first()
        if found is not None:
            return found
    person = Person(
        full_name=nfc(full_name), id_number=id_number or None, kind=kind, birth_year=birth_year
    )
    session.add(person)  # flushed with whatever the caller links it to
    return person


def check_membership(session: Session, membership: Membership) -> None:
    """A membership as a form or a service left it: one at a time per person and
    organisation (the database checks too; this names them), and a member leaves after
    joining. Withdrawal is a member's right (Plan 655 II.3): leaving is a date, the history
    stays."""
    if (
        membership.left_on is None
        and membership.person_id is not None
        and membership.organisation_id is not None
    ):
        current = session.exec(
            select(Membership.id).where(
                Membership.organisation_id == membership.organisation_id,
                Membership.person_id == membership.person_id,
                Membership.left_on.is_(None),
                Membership.id != (membership.id or 0),
            )
        ).first()
        if current is not None:
            person = session.get(Person, membership.person_id)
            organisation = session.get(Organisation, membership.organisation_id)
            raise DomainError(
                f"{person.full_name} đã là thành viên của {organisation.name}.",
                f"{person.full_name} is already a member of {organisation.name}.",
                field="person_id",
            )
    check_dates(membership)


def minimum_notice(session: Session, membership: Membership) -> tuple[str, str] | None:
    """When a member leaves, or stops being an official member, and the organisation is left
    with fewer official members than the law in force requires, what to tell the officer
    (the change stands: a member may always leave; twelve months below the minimum is a
    ground for dissolution, Law 23/2012 Art. 54)."""
    if membership.id is None:
        return None
    state = inspect(membership)
    was_left = state.attrs.left_on.history.deleted
    was_type = state.attrs.member_type.history.deleted
    counted_before = (was_left[0] if was_left else membership.left_on) is None and (
        was_type[0] if was_type else membership.member_type
    ) == MemberType.OFFICIAL
    counted_now = membership.left_on is None and membership.member_type == MemberType.OFFICIAL
    if not counted_before or counted_now:
        return None
    organisation = session.get(Organisation, membership.organisation_id)
    rule_set = rule_sets.current(session)
    today = date.today()
    minimum = rule_set.minimum_on(organisation.org_type, today)
    remaining = (
        session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(
                Membership.organisation_id == organisation.id,
                Membership.left_on.is_(None),
                Membership.member_type == MemberType.OFFICIAL,
            )
        )
        - 1
    )
    if remaining >= minimum:
        return None
    law = rule_set.law_on(today).value
    return (
        f"{organisation.name} còn {remaining} thành viên chính thức, dưới mức tối thiểu {minimum} "
        f"của Luật HTX {law}; nếu kéo dài 12 tháng liên tục, đây là căn cứ giải thể.",
        f"{organisation.name} has {remaining} official members left, below the minimum of "
        f"{minimum} under the {law} Cooperative Law; twelve consecutive months of this are a "
        "ground for dissolution.",
    )


def check_dates(membership: Membership) -> None:
    """A member leaves after joining (the database checks too; this says so in words)."""
    joined, left = membership.joined_on, membership.left_on
    if joined is not None and left is not None and left < joined:
        raise DomainError(
            "Ngày ra khỏi HTX phải sau ngày gia nhập.",
            "The leaving date must not precede the joining date.",
            field="left_on",
        )


def cap_vnd(
    organisation: Organisation,
    person_kind: PersonKind,
    rule_set: rules.RuleSet,
) -> int | None:
    """The most one member may hold in ``organisation`` (None: no charter capital to cap by):
    a union's member cooperative (a legal entity) has its own, higher share."""
    if not organisation.charter_capital_vnd:
        return None
    return rules.capital_cap_vnd(
        organisation.charter_capital_vnd,
        organisation.governing_law,
        union_member=organisation.org_type == OrgType.UNION
        and person_kind == PersonKind.LEGAL_ENTITY,
        rules=rule_set,
    )


def balance_vnd(session: Session, membership: Membership) -> int:
    signed = case(
        (Contribution.kind == ContributionKind.WITHDRAWAL, -Contribution.amount_vnd),
        else_=Contribution.amount_vnd,
    )
    total = session.exec(
        select(func.coalesce(func.sum(signed), 0)).where(
            Contribution.membership_id == membership.id
        )
    ).one()
    return int(total)


def contribute(
    *,
    session: Session,
    membership: Membership,
    amount_vnd: int,
    on: date,
    kind: ContributionKind = ContributionKind.CONTRIBUTION,
    note: str | None = None,
) -> Contribution:
    """Add a ledger entry. Refused when the member's balance would exceed the capital cap of
    the organisation's governing law, or go below zero."""
    if amount_vnd <= 0:
        raise DomainError(
            "Số tiền phải lớn hơn 0.", "The amount must be positive.", field="amount_vnd"
        )
    if membership.member_type == MemberType.ASSOCIATE and kind == ContributionKind.CONTRIBUTION:
        raise DomainError(
            "Thành viên liên kết không góp vốn thì không có sổ góp vốn.",
            "A non-contributing associate member has no capital ledger.",
            field="member_type",
        )
    balance = balance_vnd(session, membership)
    after = balance + amount_vnd if kind == ContributionKind.CONTRIBUTION else balance - amount_vnd
    if after < 0:
        raise DomainError(
            f"Không thể rút {_money(amount_vnd)}: vốn góp hiện có {_money(balance)}.",
            f"Cannot withdraw {amount_vnd} đồng: the balance is {balance}.",
            field="amount_vnd",
        )
    organisation = session.get(Organisation, membership.organisation_id)
    person = session.get(Person, membership.person_id)
    cap = cap_vnd(organisation, person.kind, rule_sets.current(session))
    if kind == ContributionKind.CONTRIBUTION and cap is not None and after > cap:
        raise DomainError(
            f"Vốn góp của {person.full_name} sẽ là {_money(after)}, vượt mức tối đa "
            f"{_money(cap)} của {organisation.name} (tỷ lệ trên vốn điều lệ "
            f"{_money(organisation.charter_capital_vnd)} theo Luật HTX "
            f"{organisation.governing_law.value}).",
            f"{person.full_name}'s contribution would be {after} đồng, above the cap of "
            f"{cap} đồng for {organisation.name} under the {organisation.governing_law.value}"
            " Cooperative Law.",
            field="amount_vnd",
        )
    entry = Contribution(
        membership_id=membership.id, kind=kind, amount_vnd=amount_vnd, on=on, note=note
    )
    session.add(entry)
    session.flush()
    return entry
