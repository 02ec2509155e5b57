"""The grounds engine without a database: each ground at its threshold (the day before, on the
day, the day after) and "cannot tell" on missing data."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from registry import rules
from registry.enums import GoverningLaw, GroundOutcome, OperatingState, OrgType, Status
from registry.grounds import History, StatusFact, evaluate

RULES = rules.DEFAULT_RULES
DAY = timedelta(days=1)
MET, NOT_MET, UNKNOWN = GroundOutcome.MET, GroundOutcome.NOT_MET, GroundOutcome.UNKNOWN


def coop(**fields) -> History:
    base = History(
        org_type=OrgType.COOPERATIVE,
        governing_law=GoverningLaw.LAW_2012,
        founded=date(2015, 3, 1),
        statuses=(StatusFact(date(2015, 3, 1), Status.ACTIVE),),
        charter_amended_on=date(2025, 6, 1),
        official_members=((date(2015, 3, 1), 9),),
        meetings=(date(2026, 3, 31),),
        has_figures=True,
    )
    return replace(base, **fields)


def finding(history: History, code: str, as_of: date):
    found = {f.ground.code: f for f in evaluate(history, as_of, RULES)}
    return found[code]


def around(history: History, code: str, threshold: date):
    return [finding(history, code, threshold + d * DAY).outcome for d in (-1, 0, 1)]


def test_not_operating_twelve_months_from_the_first_observation_of_the_run():
    h = coop(
        observations=(
            (date(2024, 1, 10), OperatingState.OPERATING),
            (date(2025, 2, 14), OperatingState.NOT_OPERATING),
            (date(2025, 9, 1), OperatingState.NOT_FOUND),
        )
    )
    assert around(h, "L2023_not_operating", date(2026, 2, 14)) == [NOT_MET, MET, MET]
    met = finding(h, "L2023_not_operating", date(2026, 11, 28))
    assert met.since == date(2026, 2, 14)
    assert met.facts["not_operating_since"] == date(2025, 2, 14)
    assert met.facts["records"] == 2
    assert "14/02/2025" in met.evidence("vi") and "14/02/2025" in met.evidence("en")
    assert met.ground.confirmed is False  # a working hypothesis under the 2023 law


def test_not_operating_is_broken_by_an_operating_observation_and_a_resumption():
    h = coop(
        observations=(
            (date(2024, 9, 1), OperatingState.NOT_OPERATING),
            (date(2025, 10, 1), OperatingState.WEAK),
        )
    )
    assert finding(h, "L2023_not_operating", date(2026, 11, 28)).outcome == NOT_MET
    resumed = coop(
        statuses=(
            StatusFact(date(2015, 3, 1), Status.ACTIVE),
            StatusFact(date(2024, 8, 1), Status.SUSPENDED),
            StatusFact(date(2025, 8, 1), Status.ACTIVE),
        )
    )
    assert finding(resumed, "L2023_not_operating", date(2026, 11, 28)).outcome == NOT_MET
    # the suspension itself is evidence of not operating, from its own date
    assert around(resumed, "L2023_not_operating", date(2025, 8, 1)) == [NOT_MET, NOT_MET, NOT_MET]
    stopped = replace(resumed, statuses=resumed.statuses[:2])
    assert around(stopped, "L2023_not_operating", date(2025, 8, 1)) == [NOT_MET, MET, MET]


def test_not_operating_cannot_tell_without_any_record():
    assert finding(coop(), "L2023_not_operating", date(2026, 11, 28)).outcome == UNKNOWN


def test_the_2012_grounds_apply_before_the_2023_law_and_not_after():
    h = coop(observations=((date(2022, 5, 2), OperatingState.NOT_OPERATING),))
    assert around(h, "L2012_54_1a", date(2023, 5, 2)) == [NOT_MET, MET, MET]
    codes_before = {f.ground.code for f in evaluate(h, date(2024, 6, 30), RULES)}
    codes_after = {f.ground.code for f in evaluate(h, date(2024, 7, 1), RULES)}
    assert codes_before == {"L2012_54_1a", "L2012_54_1b", "L2012_54_1c", "L2012_54_1d"}
    assert "L2012_54_1a" not in codes_after and "L2023_not_operating" in codes_after


def test_below_minimum_uses_the_minimum_of_the_law_in_force_on_each_day():
    # 6 official members: below 2012's seven, at least 2023's five.
    h = coop(official_members=((date(2015, 3, 1), 9), (date(2023, 3, 5), 6)))
    assert around(h, "L2012_54_1b", date(2024, 3, 5)) == [NOT_MET, MET, MET]
    assert finding(h, "L2012_54_1b", date(2024, 6, 30)).facts["minimum"] == 7
    assert finding(h, "L2023_below_minimum", date(2024, 7, 1)).outcome == NOT_MET
    four = coop(official_members=((date(2015, 3, 1), 9), (date(2023, 10, 5), 4)))
    found = finding(four, "L2023_below_minimum", date(2026, 11, 28))
    assert found.outcome == MET and found.since == date(2024, 10, 5)
    assert found.facts == {
        "official_members": 4,
        "minimum": 5,
        "source": "register",
        "below_since": date(2023, 10, 5),
        "threshold_on": date(2024, 10, 5),
    }
    assert around(four, "L2023_below_minimum", date(2024, 10, 5)) == [NOT_MET, MET, MET]


def test_below_minimum_restarts_when_the_count_recovers():
    h = coop(
        official_members=(
            (date(2015, 3, 1), 9),
            (date(2024, 9, 1), 3),
            (date(2025, 1, 1), 5),
            (date(2025, 6, 1), 4),
        )
    )
    assert around(h, "L2023_below_minimum", date(2026, 6, 1)) == [NOT_MET, MET, MET]


def test_below_minimum_cannot_tell_without_members_known():
    h = coop(official_members=None)
    assert finding(h, "L2023_below_minimum", date(2026, 11, 28)).outcome == UNKNOWN
    late = coop(official_members=((date(2026, 12, 31), 3),))
    assert finding(late, "L2023_below_minimum", date(2026, 11, 28)).outcome == UNKNOWN


def test_no_general_meeting_eighteen_months_from_the_last_one():
    h = coop(meetings=(date(2023, 4, 20), date(2024, 4, 30)))
    assert around(h, "L2023_no_meeting", date(2025, 10, 30)) == [NOT_MET, MET, MET]
    assert finding(h, "L2023_no_meeting", date(2026, 1, 1)).facts["last_meeting_on"] == date(
        2024, 4, 30
    )


def test_no_general_meeting_from_the_founding_when_figures_hold_none():
    h = coop(meetings=(), founded=date(2024, 2, 10))
    assert around(h, "L2023_no_meeting", date(2025, 8, 10)) == [NOT_MET, MET, MET]
    assert (
        finding(coop(meetings=(), has_figures=False), "L2023_no_meeting", date(2026, 1, 1)).outcome
        == UNKNOWN
    )


def test_revoked_certificate_is_met_from_the_revocation():
    h = coop(
        statuses=(
            StatusFact(date(2015, 3, 1), Status.ACTIVE),
            StatusFact(date(2025, 4, 2), Status.REVOKED, "12/QĐ-UBND", date(2025, 4, 1)),
        )
    )
    assert around(h, "L2023_99_revoked", date(2025, 4, 2)) == [NOT_MET, MET, MET]
    found = finding(h, "L2023_99_revoked", date(2026, 1, 1))
    assert found.since == date(2025, 4, 2) and "12/QĐ-UBND" in found.evidence()
    assert finding(coop(statuses=()), "L2023_99_revoked", date(2026, 1, 1)).outcome == UNKNOWN


def test_suspension_past_twelve_months_per_notice_and_renewed_by_a_new_notice():
    h = coop(
        statuses=(
            StatusFact(date(2015, 3, 1), Status.ACTIVE),
            StatusFact(date(2024, 11, 15), Status.SUSPENDED),
        )
    )
    assert around(h, "L2023_suspension", date(2025, 11, 15)) == [NOT_MET, MET, MET]
    renewed = replace(h, statuses=(*h.statuses, StatusFact(date(2025, 11, 1), Status.SUSPENDED)))
    assert around(renewed, "L2023_suspension", date(2026, 11, 1)) == [NOT_MET, MET, MET]


def test_charter_not_amended_after_the_article_115_deadline():
    h = coop(charter_amended_on=None)
    assert around(h, "L2023_115_charter", date(2026, 1, 1)) == [NOT_MET, MET, MET]
    late = coop(charter_amended_on=date(2026, 3, 1))
    assert around(late, "L2023_115_charter", date(2026, 3, 1)) == [MET, NOT_MET, NOT_MET]
    young = coop(charter_amended_on=None, founded=date(2024, 7, 1), statuses=())
    assert finding(young, "L2023_115_charter", date(2026, 6, 1)).outcome == NOT_MET
    unknown = coop(charter_amended_on=None, founded=None, statuses=())
    assert evaluate(unknown, date(2026, 6, 1), RULES) == []  # not known to exist at all
    groups = {
        f.ground.code for f in evaluate(coop(org_type=OrgType.GROUP), date(2026, 6, 1), RULES)
    }
    assert "L2023_115_charter" not in groups


def test_not_reorganised_from_the_2012_deadline():
    h = coop(not_reorganized=True)
    found = finding(h, "L2023_not_reorganised", date(2026, 1, 1))
    assert found.outcome == MET and found.since == date(2016, 7, 1)
    assert not found.ground.confirmed
    assert finding(coop(), "L2023_not_reorganised", date(2026, 1, 1)).outcome == NOT_MET


def test_dissolved_or_unborn_organisations_have_no_grounds():
    h = coop(statuses=(*coop().statuses, StatusFact(date(2025, 1, 1), Status.DISSOLVED)))
    assert evaluate(h, date(2026, 1, 1), RULES) == []
    assert evaluate(h, date(2024, 12, 31), RULES) != []
    assert evaluate(coop(), date(2015, 2, 28), RULES) == []


def test_a_threshold_changed_in_the_rule_set_changes_the_outcome():
    text = rules.BUILT_IN_TEXT.replace(
        'code = "L2023_no_meeting"\nlaw = "2023"\ntest = "no_general_meeting"\nmonths = 18',
        'code = "L2023_no_meeting"\nlaw = "2023"\ntest = "no_general_meeting"\nmonths = 12',
    )
    changed = rules.parse(text, version=2)
    h = coop(meetings=(date(2025, 5, 1),))
    as_of = date(2026, 6, 1)
    assert finding(h, "L2023_no_meeting", as_of).outcome == NOT_MET
    found = {f.ground.code: f for f in evaluate(h, as_of, changed)}["L2023_no_meeting"]
    assert found.outcome == MET and found.since == date(2026, 5, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("format = 1", "format = 2"), "format"),
        (('test = "not_operating"', 'test = "guess"'), "test"),
        (("months = 12", 'months = "twelve"'), "months"),
        (("cooperative = 5", "cooperative = -5"), "min_members.2023.cooperative"),
        (("[plan]\nbaseline_on = 2023-03-23", ""), "plan.baseline_on"),
        (("in_force = 2024-07-01", "in_force = 2024-07-01\nin_force = 1"), "TOML"),
    ],
)
def test_a_broken_rule_set_is_refused_naming_the_key(change, message):
    with pytest.raises(rules.RuleSetError) as refused:
        rules.parse(rules.BUILT_IN_TEXT.replace(*change, 1))
    assert message in refused.value.message("en")


def test_law_in_force_follows_the_rule_set_dates():
    assert RULES.law_on(date(2024, 6, 30)) == GoverningLaw.LAW_2012
    assert RULES.law_on(date(2024, 7, 1)) == GoverningLaw.LAW_2023
    assert RULES.minimum_on(OrgType.COOPERATIVE, date(2024, 6, 30)) == 7
    assert RULES.minimum_on(OrgType.COOPERATIVE, date(2024, 7, 1)) == 5
