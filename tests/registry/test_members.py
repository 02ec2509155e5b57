"""Persons, memberships and the capital ledger."""

from datetime import date

import pytest
from sqlmodel import select

from registry.enums import ContributionKind, GoverningLaw, MemberType, OrgType, PersonKind
from registry.models import Membership
from registry.scope import Scope
from registry.services import records
from registry.services.errors import DomainError
from registry.services.members import (
    balance_vnd,
    contribute,
    find_or_create_person,
)


def test_one_person_belongs_to_two_cooperatives(session, make_membership, make_organisation):
    first, second = make_organisation(), make_organisation()
    person = find_or_create_person(
        session=session, full_name="Rơ Châm H'Blơh", id_number="064190012345"
    )
    again = find_or_create_person(
        session=session, full_name="Ro Cham H'Bloh", id_number="064190012345"
    )
    assert again.id == person.id
    make_membership(first, person, joined_on=date(2019, 3, 1))
    make_membership(second, person, joined_on=date(2021, 5, 1))
    memberships = session.exec(select(Membership).where(Membership.person_id == person.id)).all()
    assert {m.organisation_id for m in memberships} == {first.id, second.id}


def test_joining_twice_while_still_a_member_is_refused(
    session, make_membership, make_organisation, make_person
):
    org, person = make_organisation(), make_person()
    make_membership(org, person)
    with pytest.raises(DomainError):
        make_membership(org, person)


def test_a_member_may_leave_and_rejoin(session, make_membership, make_organisation, make_person):
    org, person = make_organisation(), make_person()
    first = make_membership(org, person, joined_on=date(2018, 1, 1))
    first.left_on = date(2020, 1, 1)  # as the member form records a withdrawal
    records.save(
        session=session, record=first, scope=Scope.everything(), loaded_version=first.version
    )
    session.flush()
    make_membership(org, person, joined_on=date(2022, 1, 1))
    with pytest.raises(DomainError, match="Ngày ra khỏi HTX phải sau ngày gia nhập"):
        first.left_on = date(2017, 1, 1)
        records.save(
            session=session, record=first, scope=Scope.everything(), loaded_version=first.version
        )


def test_contribution_above_the_cap_is_refused_with_a_clear_message(
    make_membership, session, make_organisation, make_person
):
    org = make_organisation(charter_capital_vnd=1_000_000_000, governing_law=GoverningLaw.LAW_2012)
    membership = make_membership(org, make_person(full_name="Trần Thị Hoa"))
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


def test_contribution_up_to_the_cap_is_accepted(
    session, make_membership, make_organisation, make_person
):
    org = make_organisation(charter_capital_vnd=1_000_000_000)
    membership = make_membership(org, make_person())
    contribute(session=session, membership=membership, amount_vnd=200_000_000, on=date(2020, 1, 1))
    assert balance_vnd(session, membership) == 200_000_000


def test_a_member_cooperative_of_a_union_may_hold_30_percent(
    make_membership, session, make_organisation, make_person
):
    union = make_organisation(org_type=OrgType.UNION, charter_capital_vnd=1_000_000_000)
    member = make_person(kind=PersonKind.LEGAL_ENTITY, id_number="5900000099")
    membership = make_membership(union, member)
    contribute(session=session, membership=membership, amount_vnd=300_000_000, on=date(2020, 1, 1))
    with pytest.raises(DomainError):
        contribute(session=session, membership=membership, amount_vnd=1, on=date(2020, 1, 2))


def test_withdrawal_cannot_exceed_the_balance(
    session, make_membership, make_organisation, make_person
):
    membership = make_membership(make_organisation(), make_person())
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


def test_a_non_contributing_associate_has_no_ledger(
    session, make_membership, make_organisation, make_person
):
    membership = make_membership(
        make_organisation(),
        make_person(),
        member_type=MemberType.ASSOCIATE,
    )
    with pytest.raises(DomainError):
        contribute(
            session=session, membership=membership, amount_vnd=1_000_000, on=date(2020, 1, 1)
        )


def test_a_member_leaving_below_the_legal_minimum_is_told_not_refused(
    session, make_membership, make_organisation, make_person
):
    # A cooperative registered under the 2012 law: the minimum is the law in force today's,
    # five official members since 1/7/2024 (it was seven).
    org = make_organisation(governing_law=GoverningLaw.LAW_2012)
    memberships = [make_membership(org, make_person()) for _ in range(5)]
    leaving = memberships[0]
    leaving.left_on = date(2025, 1, 1)
    records.save(
        session=session, record=leaving, scope=Scope.everything(), loaded_version=leaving.version
    )
    (notice,) = session.info.pop("notices")
    assert "còn 4 thành viên chính thức, dưới mức tối thiểu 5 của Luật HTX 2023" in notice[0]
    assert "4 official members left, below the minimum of 5" in notice[1]
    session.flush()
    assert leaving.left_on == date(2025, 1, 1)  # the change stands
    second = memberships[1]
    second.joined_on = date(2010, 1, 1)  # a change that leaves the count alone says nothing
    records.save(
        session=session, record=second, scope=Scope.everything(), loaded_version=second.version
    )
    assert "notices" not in session.info
