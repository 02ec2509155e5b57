"""Demo data obeys the same rules as real data."""

from collections import defaultdict

from sqlalchemy import func
from sqlmodel import select

from registry import demo, rules
from registry.models import Contribution, Membership, Organisation, StatusEvent


def test_demo_rows_obey_the_rules(session):
    counts = demo.generate(session.connection(), cooperatives=60, members=1500, seed=11)
    assert counts["organisation"] == 60 and counts["membership"] == 1500
    assert session.exec(select(func.count()).select_from(Membership)).one() == 1500

    histories = defaultdict(list)
    for event in session.exec(select(StatusEvent).order_by(StatusEvent.id)):
        histories[event.organisation_id].append((event.effective_on, event.id, event.status))
    assert histories and all(rules.invalid_transition(h) is None for h in histories.values())

    caps = {
        o.id: rules.capital_cap_vnd(
            o.charter_capital_vnd, o.governing_law, rules=rules.DEFAULT_RULES
        )
        for o in session.exec(select(Organisation))
    }
    for org_id, amount in session.exec(
        select(Membership.organisation_id, Contribution.amount_vnd).join(
            Contribution, Contribution.membership_id == Membership.id
        )
    ):
        assert amount <= caps[org_id]


def test_people_in_more_than_one_cooperative(session):
    demo.generate(session.connection(), cooperatives=30, members=3000, seed=5)
    shared = session.exec(
        select(Membership.person_id)
        .group_by(Membership.person_id)
        .having(func.count(func.distinct(Membership.organisation_id)) > 1)
    ).all()
    assert shared
