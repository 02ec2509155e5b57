"""The legal rules, without a database."""

from datetime import date
from fractions import Fraction

import pytest

from registry import rules
from registry.enums import GoverningLaw, OrgType, ScaleClass, Sector, Status

RULES = rules.DEFAULT_RULES


@pytest.mark.parametrize(
    ("org_type", "law", "minimum"),
    [
        (OrgType.COOPERATIVE, GoverningLaw.LAW_2023, 5),
        (OrgType.COOPERATIVE, GoverningLaw.LAW_2012, 7),
        (OrgType.UNION, GoverningLaw.LAW_2023, 3),
        (OrgType.UNION, GoverningLaw.LAW_2012, 4),
        (OrgType.GROUP, GoverningLaw.LAW_2023, 2),
    ],
)
def test_minimum_members_follow_type_and_law(org_type, law, minimum):
    assert rules.minimum_members(org_type, law, RULES) == minimum


def test_capital_cap_is_20_percent_under_2012_and_30_for_a_union_member():
    assert rules.capital_cap_vnd(1_000_000_000, GoverningLaw.LAW_2012, rules=RULES) == 200_000_000
    assert (
        rules.capital_cap_vnd(1_000_000_000, GoverningLaw.LAW_2012, union_member=True, rules=RULES)
        == 300_000_000
    )


def test_capital_cap_rounds_down_to_whole_dong():
    assert rules.capital_cap_vnd(1_000_000_003, GoverningLaw.LAW_2012, rules=RULES) == 200_000_000


def test_a_rule_set_version_overrides_the_2023_cap_and_minimum():
    text = rules.BUILT_IN_TEXT.replace(
        "[capital_cap.2023]\nmember_percent = 20\nunion_member_percent = 30",
        "[capital_cap.2023]\nmember_percent = 15\nunion_member_percent = 25",
    ).replace(
        "[min_members.2023]\ngroup = 2\ncooperative = 5",
        "[min_members.2023]\ngroup = 2\ncooperative = 6",
    )
    loaded = rules.parse(text, version=3)
    assert loaded.capital_cap[GoverningLaw.LAW_2023] == (Fraction(15, 100), Fraction(25, 100))
    assert loaded.capital_cap[GoverningLaw.LAW_2012] == (Fraction(20, 100), Fraction(30, 100))
    assert rules.capital_cap_vnd(1_000_000_000, GoverningLaw.LAW_2023, rules=loaded) == 150_000_000
    assert rules.minimum_members(OrgType.COOPERATIVE, GoverningLaw.LAW_2023, loaded) == 6
    assert loaded.version == 3


@pytest.mark.parametrize(
    ("members", "revenue", "capital", "expected"),
    [
        (300, 50_000_000_000, 0, ScaleClass.LARGE),
        (300, 0, 10_000_000_000, ScaleClass.LARGE),
        (299, 50_000_000_000, 10_000_000_000, ScaleClass.MEDIUM),
        (200, 10_000_000_000, 0, ScaleClass.MEDIUM),
        (200, 9_999_999_999, 4_999_999_999, ScaleClass.SMALL),
        (50, 2_000_000_000, 0, ScaleClass.SMALL),
        (50, 1_999_999_999, 999_999_999, ScaleClass.MICRO),
        (1000, 0, 0, ScaleClass.MICRO),
        (None, None, None, ScaleClass.MICRO),
    ],
)
def test_scale_class_needs_members_and_revenue_or_capital(members, revenue, capital, expected):
    assert rules.scale_class(Sector.AGRICULTURE, members, revenue, capital, RULES) == expected


def test_any_status_may_open_a_history():
    assert all(rules.can_transition(None, s) for s in Status)


@pytest.mark.parametrize(
    ("before", "after", "allowed"),
    [
        (Status.ACTIVE, Status.SUSPENDED, True),
        (Status.SUSPENDED, Status.ACTIVE, True),
        (Status.AWAITING_DISSOLUTION, Status.DISSOLVED, True),
        (Status.ACTIVE, Status.DISSOLVED, False),
        (Status.DISSOLVED, Status.ACTIVE, False),
        (Status.BANKRUPT, Status.ACTIVE, False),
        (Status.ACTIVE, Status.ACTIVE, False),
    ],
)
def test_transitions(before, after, allowed):
    assert rules.can_transition(before, after) is allowed


def test_a_history_is_checked_in_date_order_not_recording_order():
    events = [
        (date(2020, 1, 1), 0, Status.ACTIVE),
        (date(2023, 1, 1), 1, Status.DISSOLVED),
        (date(2022, 1, 1), 2, Status.AWAITING_DISSOLUTION),
    ]
    assert rules.invalid_transition(events) is None
    events.append((date(2024, 1, 1), 3, Status.ACTIVE))
    assert rules.invalid_transition(events) == (Status.DISSOLVED, Status.ACTIVE)


def test_status_on_a_day_reproduces_history():
    events = [(date(2020, 1, 1), 0, Status.ACTIVE), (date(2022, 6, 1), 1, Status.SUSPENDED)]
    assert rules.status_on(events, date(2019, 12, 31)) is None
    assert rules.status_on(events, date(2022, 5, 31)) == Status.ACTIVE
    assert rules.status_on(events, date(2022, 6, 1)) == Status.SUSPENDED


def test_same_day_events_follow_recording_order():
    events = [(date(2022, 6, 1), 1, Status.SUSPENDED), (date(2022, 6, 1), 0, Status.ACTIVE)]
    assert rules.status_on(events, date(2022, 6, 1)) == Status.SUSPENDED


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 1, 15), date(2025, 7, 15), 18),
        (date(2024, 1, 15), date(2025, 7, 14), 17),
        (date(2024, 3, 1), date(2024, 3, 31), 0),
    ],
)
def test_months_between(start, end, months):
    assert rules.months_between(start, end) == months
