"""Progress since the plan's baseline, against the same figures counted again from the raw
rows with plain SQL and Python."""

import itertools
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import text

from registry import demo
from registry.enums import BaselineIndicator, Counterparty, LandCertificate, Role, UnitScheme
from registry.models import Asset
from registry.scope import Scope
from registry.services import progress
from registry.services.units import unit_by_code

BASELINE = date(2023, 3, 23)
TODAY = date(2026, 11, 28)
STOPPED = ("suspended", "not_at_address", "revoked", "awaiting_dissolution")


def _independent(session) -> dict:
    """Province-wide figures from the raw rows."""
    rows = lambda sql: session.execute(text(sql)).all()  # noqa: E731
    as_day = lambda v: v if isinstance(v, date) else date.fromisoformat(v)  # noqa: E731
    events = defaultdict(list)
    for oid, day, status in rows(
        "SELECT organisation_id, effective_on, status FROM status_event ORDER BY effective_on, id"
    ):
        events[oid].append((as_day(day), status))
    stopped_then = 0
    handled = Counter()
    for history in events.values():
        then = [s for d, s in history if d <= BASELINE]
        stopped_then += bool(then) and then[-1] in STOPPED
        for (_, before), (day, status) in itertools.pairwise(history):
            if not BASELINE < day <= TODAY:
                continue
            if status == "dissolved":
                handled["dissolved", day.year] += 1
            if status == "revoked":
                handled["revoked", day.year] += 1
            if status == "active" and before in STOPPED:
                handled["revived", day.year] += 1
    for (amended,) in rows("SELECT charter_amended_on FROM organisation"):
        if amended and BASELINE < as_day(amended) <= TODAY:
            handled["charter_amended", as_day(amended).year] += 1
    paid = Counter()
    for counterparty, day, amount in rows(
        'SELECT d.counterparty, s."on", s.amount_vnd FROM debt_settlement s '
        "JOIN debt d ON d.id = s.debt_id WHERE s.kind IN ('paid', 'written_off', 'converted')"
    ):
        if BASELINE < as_day(day) <= TODAY:
            paid[counterparty, as_day(day).year] += amount
    open_then = [0, 0]
    for outstanding, incurred, later in rows(
        "SELECT d.outstanding_vnd, d.incurred_on, (SELECT COALESCE(SUM(s.amount_vnd), 0) "
        "FROM debt_settlement s WHERE s.debt_id = d.id AND s.\"on\" > '2023-03-23' "
        "AND s.kind IN ('paid', 'written_off', 'converted')) FROM debt d"
    ):
        if (incurred is None or as_day(incurred) <= BASELINE) and outstanding + later > 0:
            open_then[0] += 1
            open_then[1] += outstanding + later
    return {
        "stopped_then": stopped_then,
        "handled": handled,
        "paid": paid,
        "open_then": open_then,
    }


def test_progress_equals_a_count_from_the_raw_rows(session):
    demo.generate(session.connection(), cooperatives=120, members=2500, seed=9)
    computed = progress.compute(session, BASELINE, None, TODAY)
    expected = _independent(session)
    assert computed.baseline(None, BaselineIndicator.ORGS_STOPPED) == (
        expected["stopped_then"],
        False,
    )
    assert [
        computed.baseline(None, BaselineIndicator.DEBTS_OPEN_COUNT)[0],
        computed.baseline(None, BaselineIndicator.DEBTS_OPEN_AMOUNT)[0],
    ] == expected["open_then"]
    for key in ("dissolved", "revoked", "revived", "charter_amended"):
        assert computed.total(computed.handled, key) == {
            year: n for (k, year), n in expected["handled"].items() if k == key
        }, key
    for category in Counterparty:
        assert computed.total(computed.settled_amount, category) == {
            year: n for (c, year), n in expected["paid"].items() if c == category
        }, category
    assert sum(expected["handled"].values()) > 0 and sum(expected["paid"].values()) > 0


def test_land_settled_comes_from_the_audit_log_and_the_baseline_from_entries(
    session, make_organisation, unit
):
    org = make_organisation()
    parcel = Asset(
        organisation_id=org.id,
        kind="land",
        description="Đất sân phơi",
        area_m2=1200.0,
        land_certificate=LandCertificate.NOT_ISSUED,
    )
    session.add(parcel)
    session.flush()
    before = progress.compute(session, BASELINE, None, date.today())
    assert before.baseline(None, BaselineIndicator.LAND_QUESTIONS) == (None, False)
    parcel.land_certificate = LandCertificate.ISSUED
    session.flush()  # the audit log records the change, dated today
    after = progress.compute(session, BASELINE, None, date.today())
    district = unit("legacy", "23722").parent_id
    assert after.land_settled[district] == {date.today().year: 1}
    planner = Scope(role=Role.PLANNER, everywhere=True)
    progress.enter_baseline(
        session,
        scope=planner,
        user=None,
        unit=unit_by_code(session, UnitScheme.LEGACY, "627"),
        indicator=BaselineIndicator.LAND_QUESTIONS,
        value=14,
        note="Báo cáo UBND huyện số 45/BC-UBND",
    )
    entered = progress.compute(session, BASELINE, None, date.today())
    chu_pah = unit_by_code(session, UnitScheme.LEGACY, "627").id
    if chu_pah in entered.districts:
        assert entered.baseline(chu_pah, BaselineIndicator.LAND_QUESTIONS) == (14, True)
    import pytest

    from registry.services.errors import DomainError

    for scope, unit_, note in (
        (Scope(role=Role.ALLIANCE, everywhere=True), None, "x"),
        (planner, unit("legacy", "23722"), "x"),  # a commune: baselines are per district
        (planner, None, " "),
    ):
        with pytest.raises(DomainError):
            progress.enter_baseline(
                session,
                scope=scope,
                user=None,
                unit=unit_,
                indicator=BaselineIndicator.ORGS_STOPPED,
                value=3,
                note=note,
            )
