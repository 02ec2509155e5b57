"""Annual report submissions through the service: each step by its role and area, a reason to
return, frozen figures once accepted and later corrections shown as differences."""

from datetime import date

import pytest
from sqlmodel import select

from registry import demo, rules
from registry.enums import Role, Status, SubmissionState, UnitScheme
from registry.models import Organisation, StatusEvent
from registry.scope import Scope
from registry.services import submissions
from registry.services.errors import DomainError
from registry.services.units import unit_by_code

RULES = rules.DEFAULT_RULES


@pytest.fixture
def district(session):
    demo.generate(session.connection(), cooperatives=120, members=2000, seed=8)
    return unit_by_code(session, UnitScheme.LEGACY, "627")


def test_a_report_from_preparation_to_acceptance(session, district, unit):
    officer = Scope(role=Role.AREA_OFFICER, everywhere=False, legacy_ids=frozenset({district.id}))
    elsewhere = Scope(
        role=Role.AREA_OFFICER,
        everywhere=False,
        legacy_ids=frozenset({unit_by_code(session, UnitScheme.LEGACY, "631").id}),
    )
    planner = Scope(role=Role.PLANNER, everywhere=True)
    for scope in (elsewhere, planner):
        with pytest.raises(DomainError):
            submissions.prepare(
                session, scope=scope, user=None, year=2024, unit=district, rules=RULES
            )
    draft = submissions.prepare(
        session, scope=officer, user=None, year=2024, unit=district, rules=RULES
    )
    assert draft.state == SubmissionState.DRAFT and draft.as_of == date(2024, 12, 14)
    assert draft.figures["total"]["orgs_total"] > 0
    with pytest.raises(DomainError):  # planning staff decide only what was submitted
        submissions.decide(
            session,
            scope=planner,
            user=None,
            submission=draft,
            accept=True,
            comment=None,
            loaded_version=draft.version,
        )
    submissions.submit(
        session, scope=officer, user=None, submission=draft, loaded_version=draft.version
    )
    assert submissions.on_time(draft, RULES) is False  # submitted in 2026 for 2024
    with pytest.raises(DomainError):
        submissions.decide(
            session,
            scope=officer,
            user=None,
            submission=draft,
            accept=True,
            comment=None,
            loaded_version=draft.version,
        )
    with pytest.raises(DomainError) as reason:
        submissions.decide(
            session,
            scope=planner,
            user=None,
            submission=draft,
            accept=False,
            comment=" ",
            loaded_version=draft.version,
        )
    assert reason.value.field == "comment"
    submissions.decide(
        session,
        scope=planner,
        user=None,
        submission=draft,
        accept=False,
        comment="Thiếu số liệu",
        loaded_version=draft.version,
    )
    assert draft.state == SubmissionState.RETURNED
    again = submissions.prepare(
        session,
        scope=officer,
        user=None,
        year=2024,
        unit=district,
        rules=RULES,
        loaded_version=draft.version,
    )
    assert again.id == draft.id and again.state == SubmissionState.DRAFT
    submissions.submit(
        session, scope=officer, user=None, submission=again, loaded_version=again.version
    )
    submissions.decide(
        session,
        scope=planner,
        user=None,
        submission=again,
        accept=True,
        comment=None,
        loaded_version=again.version,
    )
    kept = dict(again.figures["total"])
    with pytest.raises(DomainError):
        submissions.prepare(
            session,
            scope=officer,
            user=None,
            year=2024,
            unit=district,
            rules=RULES,
            loaded_version=again.version,
        )
    assert submissions.differences(session, again, RULES) == []

    # A late correction: a status event dated before the report day, recorded now.
    org = next(
        o
        for o in session.exec(
            select(Organisation).where(Organisation.current_status == Status.ACTIVE)
        )
        if o.legacy_unit is not None and o.legacy_unit.parent_id == district.id
    )
    session.add(
        StatusEvent(organisation_id=org.id, status=Status.SUSPENDED, effective_on=date(2024, 6, 1))
    )
    session.flush()
    found = {d.key: d for d in submissions.differences(session, again, RULES)}
    assert found["status_suspended"].now == found["status_suspended"].submitted + 1
    assert again.figures["total"] == kept  # the accepted report keeps its figures
