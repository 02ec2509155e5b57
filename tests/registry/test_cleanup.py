"""The clean-up ledger and the findings, through their services: repayments as history, the
amount outstanding on a past day, a year's figures checked as the importer checks them, and
each write by its role and area only."""

from datetime import date, timedelta

import pytest

from registry.enums import (
    Counterparty,
    DebtDirection,
    DebtState,
    ObservationSource,
    OperatingState,
    Role,
    SettlementKind,
    SupportKind,
)
from registry.models import AnnualFigures, Asset, Debt
from registry.scope import Scope
from registry.services import debts, records
from registry.services.errors import DomainError
from registry.services.observations import latest_states, record_observation, record_support

EVERYWHERE = Scope.everything()


@pytest.fixture
def debt(session, make_organisation):
    org = make_organisation()
    owed = Debt(
        organisation_id=org.id,
        direction=DebtDirection.PAYABLE,
        counterparty=Counterparty.BANK,
        counterparty_name="Agribank Chư Păh",
        principal_vnd=500_000_000,
        outstanding_vnd=500_000_000,
        as_of=date(2024, 1, 1),
        state=DebtState.OUTSTANDING,
        target_on=date(2025, 12, 31),
    )
    session.add(owed)
    session.flush()
    return owed


def test_repayments_lower_the_debt_and_the_past_is_computed(session, debt):
    debts.settle(
        session,
        scope=EVERYWHERE,
        user=None,
        debt=debt,
        on=date(2024, 6, 1),
        kind=SettlementKind.PAID,
        amount_vnd=200_000_000,
        reference="Phiếu chi 12",
    )
    assert (debt.outstanding_vnd, debt.state) == (300_000_000, DebtState.PARTLY_SETTLED)
    debts.settle(
        session,
        scope=EVERYWHERE,
        user=None,
        debt=debt,
        on=date(2024, 9, 1),
        kind=SettlementKind.RESCHEDULED,
        amount_vnd=0,
        new_target_on=date(2027, 6, 30),
    )
    assert debt.target_on == date(2027, 6, 30) and debt.outstanding_vnd == 300_000_000
    debts.settle(
        session,
        scope=EVERYWHERE,
        user=None,
        debt=debt,
        on=date(2025, 3, 1),
        kind=SettlementKind.WRITTEN_OFF,
        amount_vnd=300_000_000,
    )
    assert (debt.outstanding_vnd, debt.state) == (0, DebtState.WRITTEN_OFF)
    on = {
        day: debts.outstanding_on(session, debt, day)
        for day in (date(2024, 5, 31), date(2024, 6, 1), date(2025, 2, 28), date(2025, 3, 1))
    }
    assert on == {
        date(2024, 5, 31): 500_000_000,
        date(2024, 6, 1): 300_000_000,
        date(2025, 2, 28): 300_000_000,
        date(2025, 3, 1): 0,
    }


def test_a_settlement_beyond_the_debt_or_by_the_wrong_person_is_refused(session, debt, unit):
    for amount in (0, 600_000_000):
        with pytest.raises(DomainError) as refused:
            debts.settle(
                session,
                scope=EVERYWHERE,
                user=None,
                debt=debt,
                on=date(2024, 6, 1),
                kind=SettlementKind.PAID,
                amount_vnd=amount,
            )
        assert refused.value.field == "amount_vnd"
    elsewhere = Scope(
        role=Role.AREA_OFFICER,
        everywhere=False,
        legacy_ids=frozenset({unit("legacy", "23563").id}),
    )
    for scope in (elsewhere, Scope(role=Role.ALLIANCE, everywhere=True)):
        with pytest.raises(DomainError):
            debts.settle(
                session,
                scope=scope,
                user=None,
                debt=debt,
                on=date(2024, 6, 1),
                kind=SettlementKind.PAID,
                amount_vnd=1,
            )
    assert debt.outstanding_vnd == 500_000_000


def test_a_debt_is_secured_only_by_its_own_organisations_asset(session, debt, make_organisation):
    other = make_organisation()
    theirs = Asset(organisation_id=other.id, kind="land", description="Đất của HTX khác")
    session.add(theirs)
    session.flush()
    debt.secured_by_asset_id = theirs.id
    with pytest.raises(DomainError) as refused:
        records.save(session=session, record=debt, scope=EVERYWHERE, loaded_version=debt.version)
    assert refused.value.field == "secured_by_asset_id"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"year": date.today().year + 1}, "year"),
        ({"year": 1989}, "year"),
        ({"workers": -1}, "workers"),
        ({"members_total": 10, "members_official": 9, "members_associate": 3}, "members_total"),
        ({"general_meeting_on": date(2022, 12, 31)}, "general_meeting_on"),
        ({"general_meeting_on": date.today() + timedelta(days=2)}, "general_meeting_on"),
    ],
)
def test_figures_on_screen_are_checked(session, make_organisation, fields, field):
    org = make_organisation()
    figures = AnnualFigures(organisation_id=org.id, **({"year": 2023} | fields))
    session.add(figures)
    with pytest.raises(DomainError) as refused:
        records.save(session=session, record=figures, scope=EVERYWHERE)
    assert refused.value.field == field


def test_one_set_of_figures_per_year_and_a_loss_is_allowed(session, make_organisation):
    org = make_organisation()
    first = AnnualFigures(organisation_id=org.id, year=2024, profit_vnd=-5_000_000)
    session.add(first)
    records.save(session=session, record=first, scope=EVERYWHERE)
    session.flush()
    assert first.general_meeting_precision is None
    again = AnnualFigures(organisation_id=org.id, year=2024)
    session.add(again)
    with pytest.raises(DomainError) as refused:
        records.save(session=session, record=again, scope=EVERYWHERE)
    assert "2024" in refused.value.vi


def test_findings_and_support_by_their_roles_and_area(session, make_organisation, unit):
    org = make_organisation()
    viewer = Scope(role=Role.VIEWER, everywhere=True)
    planner = Scope(role=Role.PLANNER, everywhere=True)
    alliance = Scope(role=Role.ALLIANCE, everywhere=True)
    elsewhere = Scope(
        role=Role.AREA_OFFICER, everywhere=False, legacy_ids=frozenset({unit("legacy", "23563").id})
    )
    for scope in (viewer, elsewhere):
        with pytest.raises(DomainError):
            record_observation(
                session,
                scope=scope,
                user=None,
                organisation=org,
                observed_on=date(2025, 1, 1),
                state=OperatingState.WEAK,
                source=ObservationSource.FIELD_VISIT,
            )
    with pytest.raises(DomainError) as future:
        record_observation(
            session,
            scope=planner,
            user=None,
            organisation=org,
            observed_on=date.today() + timedelta(days=1),
            state=OperatingState.WEAK,
            source=ObservationSource.FIELD_VISIT,
        )
    assert future.value.field == "observed_on"
    for day, state in (
        (date(2025, 1, 1), OperatingState.WEAK),
        (date(2025, 6, 1), OperatingState.OPERATING),
    ):
        record_observation(
            session,
            scope=planner,
            user=None,
            organisation=org,
            observed_on=day,
            state=state,
            source=ObservationSource.COMMUNE_REPORT,
        )
    assert latest_states(session, [org.id])[org.id].state == OperatingState.OPERATING
    with pytest.raises(DomainError):
        record_support(
            session,
            scope=planner,
            user=None,
            organisation=org,
            given_on=date(2025, 1, 1),
            kind=SupportKind.TRAINING,
        )
    entry = record_support(
        session,
        scope=alliance,
        user=None,
        organisation=org,
        given_on=date(2025, 1, 1),
        kind=SupportKind.LEGAL_ADVICE,
        note="Hướng dẫn sửa điều lệ",
    )
    assert entry.id is not None
