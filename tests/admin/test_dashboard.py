"""The overview's counts and to-do lists, counted by the database, against the same facts
worked out in Python from each organisation's records."""

import time
from collections import Counter
from datetime import date

import pytest
from flask_login import login_user
from sqlmodel import Session, select

from admin.auth import LoginUser
from admin.extensions import db
from admin.views.dashboard import TODO_LIMIT, dashboard
from admin.views.organisation_filters import OPEN_DEBT
from registry.enums import Status
from registry.models import Organisation, StatusEvent, User
from registry.services import candidates, rule_sets


def _expected(engine, today: date, legacy_district: int | None = None) -> dict:
    lists = {key: [] for key in ("figures", "dissolution", "debts")}
    by_status: Counter = Counter()
    members = 0
    with Session(engine) as session:
        for org in session.exec(select(Organisation)).all():
            if legacy_district is not None and (
                org.legacy_unit is None or org.legacy_unit.parent_id != legacy_district
            ):
                continue
            events = sorted(
                session.exec(select(StatusEvent).where(StatusEvent.organisation_id == org.id)),
                key=lambda e: (e.effective_on, e.id),
            )
            status, since = (events[-1].status, events[-1].effective_on) if events else (None, None)
            assert (org.current_status, org.status_since) == (status, since)  # the triggers
            by_status[status] += 1
            members += sum(1 for m in org.memberships if m.left_on is None)
            if status == Status.ACTIVE and not any(
                f.year == today.year for f in org.annual_figures
            ):
                lists["figures"].append((org.name, org.id))
            if status == Status.AWAITING_DISSOLUTION:
                lists["dissolution"].append((since, org.name, org.id))
            overdue = [
                d.target_on
                for d in org.debts
                if d.state in OPEN_DEBT
                and d.outstanding_vnd > 0
                and d.target_on
                and d.target_on < today
            ]
            if overdue:
                lists["debts"].append((min(overdue), org.name, org.id))
    return {
        "by_status": by_status,
        "members": members,
        "todo": {
            key: (len(found), [entry[-1] for entry in sorted(found)[:TODO_LIMIT]])
            for key, found in lists.items()
        },
    }


def _computed(app, username: str, today: date) -> dict:
    with app.test_request_context():
        user = db.session.exec(select(User).where(User.username == username)).one()
        login_user(LoginUser(user))
        data = dashboard(today)
    return {
        "by_status": Counter({s: n for s, n in data["by_status"] if n}),
        "members": data["members"],
        "todo": {t["key"]: (t["count"], [r["id"] for r in t["rows"]]) for t in data["todo"]},
        "grounds": {g["key"]: (g["count"], [r["id"] for r in g["rows"]]) for g in data["grounds"]},
    }


@pytest.mark.parametrize("today", [date(2024, 6, 30), date(2026, 11, 29)])
def test_overview_matches_the_records(app, engine, today):
    computed = _computed(app, "admin", today)
    grounds = computed.pop("grounds")
    expected = _expected(engine, today)
    assert computed == expected
    assert any(count for count, _ in computed["todo"].values())
    # The grounds cards are the candidates' grounds, longest met first.
    with Session(engine) as session:
        rule_set = rule_sets.current(session)
        found = candidates.candidates(session, today, rule_set)
    for ground in rule_set.grounds_on(today):
        meeting = sorted(
            (f.since, c.name, c.id) for c in found for f in c.met if f.ground.code == ground.code
        )
        assert grounds[ground.code] == (len(meeting), [oid for *_, oid in meeting[:TODO_LIMIT]])
    assert any(count for count, _ in grounds.values())


def test_overview_of_an_area_counts_only_the_area(app, engine):
    from registry.enums import UnitScheme
    from registry.services.units import unit_by_code
    from tests.admin.conftest import CHU_PAH

    with Session(engine) as session:
        district = unit_by_code(session, UnitScheme.LEGACY, CHU_PAH).id
    today = date(2024, 6, 30)
    computed = _computed(app, "chupah", today)
    computed.pop("grounds")
    assert computed == _expected(engine, today, legacy_district=district)


def test_a_new_member_shows_once_recounted_in_the_background(app, engine):
    """The active-member count is shown as last counted right after a change (counting four
    million memberships takes a quarter of a second at national scale) and is counted again
    in the background: the next overviews show the new member."""
    from registry.enums import MemberType
    from registry.models import Membership, Person
    from registry.scope import Scope
    from registry.services import records

    today = date(2026, 11, 29)
    before = _computed(app, "planner", today)["members"]
    with Session(engine) as session:
        org = session.exec(select(Organisation).order_by(Organisation.id)).first()
        person = Person(full_name="Người Mới Vào", id_number="064099999999")
        session.add(person)
        membership = Membership(organisation=org, person=person, member_type=MemberType.OFFICIAL)
        session.add(membership)
        with session.no_autoflush:
            records.save(session=session, record=membership, scope=Scope.everything())
        session.commit()
    deadline = time.monotonic() + 10
    while (seen := _computed(app, "planner", today)["members"]) == before:
        assert time.monotonic() < deadline, "the recount never landed"
        time.sleep(0.05)
    assert seen == before + 1
