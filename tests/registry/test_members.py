"""Persons, memberships and the capital ledger."""

from datetime import date

import pytest
from sqlmodel import select

from registry.enums import ContributionKind, GoverningLaw, MemberType, OrgType, PersonKind
from registry.models import Membership
from registry.services.errors import DomainError
from registry.services.members import (
    balance_vnd,
    contribute,
    find_or_create_person,
    join,
    leave,
)


def test_one_person_belongs_to_two_cooperatives(session, make_organisation):
    first, second = make_organisation(), make_organisation()
    person = find_or_create_person(
        session=session, full_name="Rơ Châm H'Blơh", id_number="064190012345"
    )
    again = find_or_create_person(
        session=session, full_name="Ro Cham H'Bloh", id_number="064190012345"
    )
    assert again.id == person.id
    join(session=session, organisation=first, person=person, joined_on=date(2019, 3, 1))
    join(session=session, organisation=second, person=person, joined_on=date(2021, 5, 1))
    memberships = session.exec(select(Membership).where(Membership.person_id == person.id)).all()
    assert {m.organisation_id for m in memberships} == {first.id, second.id}


def test_joining_twice_while_still_a_member_is_refused(session, make_organisation, make_person):
    org, person = make_organisation(), make_person()
    join(session=session, organisation=org, person=person)
    with pytest.raises(DomainError):
        join(session=session, organisation=org, person=person)


def test_a_member_may_leave_and_rejoin(session, make_organisation, make_person):
    org, person = make_organisation(), make_person()
    first = join(session=session, organisation=org, person=person, joined_on=date(2018, 1, 1))
    leave(session=session, membership=first, left_on=date(2020, 1, 1))
    join(session=session, organisation=org, person=person, joined_on=date(2022, 1, 1))


def test_contribution_above_the_cap_is_refused_with_a_clear_message(
    session, make_organisation, make_person
):
    org = make_organisation(charter_capital_vnd=1_000_000_000, governing_law=GoverningLaw.LAW_2012)
    membership = join(
        session=session, organisation=org, person=make_person(full_name="Trần Thị Hoa")
    )
    contribute(session=session, membership=membership, amount_vnd=150_000_000, on=date(2020, 1, 1))
    with pytest.raises(DomainError) as refused:
        contribute(
            session=session, membership=membership, amount_vnd=60_000_000, on=date(2021, 1, 1)
        )
    message = refused.value.vi
    assert "Trần Thị Hoa" in message
    assert "210.000.000 ₫" in message and "200.000.000 ₫" in message
    assert refused.value.field == "amount_vnd"
    assert balance_vnd(session, membership) == 150_000_000


def test_contribution_up_to_the_cap_is_accepted(session, make_organisation, make_person):
    org = make_organisation(charter_capital_vnd=1_000_000_000)
    membership = join(session=session, organisation=org, person=make_person())
    contribute(session=session, membership=membership, amount_vnd=200_000_000, on=date(2020, 1, 1))
    assert balance_vnd(session, membership) == 200_000_000


def test_a_member_cooperative_of_a_union_may_hold_30_percent(
    session, make_organisation, make_person
):
    union = make_organisation(org_type=OrgType.UNION, charter_capital_vnd=1_000_000_000)
    member = make_person(kind=PersonKind.LEGAL_ENTITY, id_number="5900000099")
    membership = join(session=session, organisation=union, person=member)
    contribute(session=session, membership=membership, amount_vnd=300_000_000, on=date(2020, 1, 1))
    with pytest.raises(DomainError):
        contribute(session=session, membership=membership, amount_vnd=1, on=date(2020, 1, 2))


def test_withdrawal_cannot_exceed_the_balance(session, make_organisation, make_person):
    membership = join(session=session, organisation=make_organisation(), person=make_person())
    contribute(session=session, membership=membership, amount_vnd=10_000_000, on=date(2020, 1, 1))
    contribute(
        session=session,
        membership=membership,
        amount_vnd=4_000_000,
        on=date(2021, 1, 1),
        kind=ContributionKind.WITHDRAWAL,
    )
    assert balance_vnd(session, membership) == 6_000_000
    with pytest.raises(DomainError):
        contribute(
            session=session,
            membership=membership,
            amount_vnd=7_000_000,
            on=date(2022, 1, 1),
            kind=ContributionKind.WITHDRAWAL,
        )


def test_a_non_contributing_associate_has_no_ledger(session, make_organisation, make_person):
    membership = join(
        session=session,
        organisation=make_organisation(),
        person=make_person(),
        member_type=MemberType.ASSOCIATE,
    )
    with pytest.raises(DomainError):
        contribute(
            session=session, membership=membership, amount_vnd=1_000_000, on=date(2020, 1, 1)
        )
