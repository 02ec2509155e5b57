"""Dissolution cases worked through the services: each step by its role and area only, the
status written by the decision alone, and every step audited."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from registry import rules
from registry.enums import (
    AuditAction,
    CaseAction,
    CaseOutcome,
    CaseStage,
    ObservationSource,
    OperatingState,
    ReviewVerdict,
    Role,
    Status,
)
from registry.models import AuditEntry, CaseStep, StatusEvent
from registry.scope import Scope
from registry.services import cases
from registry.services.errors import DomainError
from registry.services.observations import record_observation
from registry.services.organisations import record_status

RULES = rules.DEFAULT_RULES
TODAY = date.today()


@pytest.fixture
def scopes(unit):
    """The three roles a case passes through, and an area officer elsewhere."""
    here = unit("legacy", "23722")
    elsewhere = unit("legacy", "23563")
    return {
        "alliance": Scope(role=Role.ALLIANCE, everywhere=True),
        "planner": Scope(role=Role.PLANNER, everywhere=True),
        "area": Scope(role=Role.AREA_OFFICER, everywhere=False, legacy_ids=frozenset({here.id})),
        "elsewhere": Scope(
            role=Role.AREA_OFFICER, everywhere=False, legacy_ids=frozenset({elsewhere.id})
        ),
        "viewer": Scope(role=Role.VIEWER, everywhere=True),
    }


@pytest.fixture
def stopped(session, make_organisation, scopes):
    """A cooperative found not operating two years ago: a ground under the 2023 rules."""
    org = make_organisation(status_on=date(2015, 1, 1), charter_amended_on=date(2025, 3, 1))
    record_observation(
        session,
        scope=scopes["area"],
        user=None,
        organisation=org,
        observed_on=TODAY - timedelta(days=800),
        state=OperatingState.NOT_OPERATING,
        source=ObservationSource.FIELD_VISIT,
        note="Trụ sở đóng cửa",
    )
    return org


def _open(session, scopes, org, who="alliance"):
    # Opened on TODAY, the module's day, not the clock's: a run crossing midnight between
    # collecting and running this test read two days (CI, 8/12/2026 00:05).
    return cases.open_case(
        session,
        scope=scopes[who],
        user=None,
        organisation=org,
        as_of=TODAY,
        note="",
        rules=RULES,
        today=TODAY,
    )


def test_a_case_from_opening_to_dissolution(session, scopes, stopped):
    case = _open(session, scopes, stopped)
    assert case.stage == CaseStage.AREA_REVIEW
    assert case.due_on == TODAY + timedelta(days=RULES.case_days["area_review"])
    assert [g["code"] for g in case.grounds] == ["L2023_not_operating"]
    assert stopped.current_status == Status.ACTIVE  # a case is not a status

    cases.review(
        session,
        scope=scopes["area"],
        user=None,
        case=case,
        verdict=ReviewVerdict.AGREE,
        comment="Đã kiểm tra thực tế",
        rules=RULES,
        loaded_version=case.version,
    )
    assert case.stage == CaseStage.DECISION
    decided_on = TODAY - timedelta(days=1)
    cases.decide(
        session,
        scope=scopes["planner"],
        user=None,
        case=case,
        outcome=CaseOutcome.COMPULSORY_DISSOLUTION,
        decision_no="25/QĐ-UBND",
        decision_on=decided_on,
        comment=None,
        rules=RULES,
        loaded_version=case.version,
    )
    session.refresh(stopped)
    assert (stopped.current_status, case.stage) == (
        Status.AWAITING_DISSOLUTION,
        CaseStage.COMPLETION,
    )
    cases.complete(
        session,
        scope=scopes["planner"],
        user=None,
        case=case,
        decision_no="31/TB-UBND",
        decision_on=TODAY,
        comment="Đã công bố",
        loaded_version=case.version,
    )
    session.refresh(stopped)
    assert stopped.current_status == Status.DISSOLVED
    assert case.stage == CaseStage.CLOSED and case.closed_on == date.today()
    events = session.exec(
        select(StatusEvent).where(StatusEvent.organisation_id == stopped.id)
    ).all()
    assert [(e.status, e.decision_no) for e in events] == [
        (Status.ACTIVE, None),
        (Status.AWAITING_DISSOLUTION, "25/QĐ-UBND"),
        (Status.DISSOLVED, "31/TB-UBND"),
    ]
    steps = session.exec(select(CaseStep.action).where(CaseStep.case_id == case.id)).all()
    assert steps == [
        CaseAction.OPENED,
        CaseAction.REVIEWED,
        CaseAction.DECIDED,
        CaseAction.COMPLETED,
    ]
    audited = session.exec(
        select(AuditEntry.table_name, AuditEntry.action).where(
            AuditEntry.organisation_id == stopped.id
        )
    ).all()
    assert ("dissolution_case", AuditAction.CREATE) in audited
    assert audited.count(("case_step", AuditAction.CREATE)) == 4
    assert audited.count(("dissolution_case", AuditAction.UPDATE)) == 3


@pytest.mark.parametrize("who", ["area", "viewer", "elsewhere"])
def test_only_the_alliance_or_planning_staff_open_a_case(session, scopes, stopped, who):
    with pytest.raises(DomainError):
        _open(session, scopes, stopped, who)


def test_no_case_without_a_ground_and_no_second_running_case(
    session, scopes, stopped, make_organisation
):
    healthy = make_organisation(charter_amended_on=date(2025, 3, 1))
    with pytest.raises(DomainError) as refused:
        _open(session, scopes, healthy)
    assert "không đủ căn cứ" in refused.value.vi
    first = _open(session, scopes, stopped)
    with pytest.raises(DomainError) as again:
        _open(session, scopes, stopped, "planner")
    assert f"#{first.id}" in again.value.vi


def test_each_step_only_by_its_role_and_area(session, scopes, stopped):
    case = _open(session, scopes, stopped)
    for who in ("alliance", "planner", "elsewhere", "viewer"):
        with pytest.raises(DomainError):
            cases.review(
                session,
                scope=scopes[who],
                user=None,
                case=case,
                verdict=ReviewVerdict.AGREE,
                comment="",
                rules=RULES,
                loaded_version=case.version,
            )
    with pytest.raises(DomainError):  # the decision waits for the review
        cases.decide(
            session,
            scope=scopes["planner"],
            user=None,
            case=case,
            outcome=CaseOutcome.NO_ACTION,
            decision_no=None,
            decision_on=None,
            comment="x",
            rules=RULES,
            loaded_version=case.version,
        )
    with pytest.raises(DomainError) as disagree:
        cases.review(
            session,
            scope=scopes["area"],
            user=None,
            case=case,
            verdict=ReviewVerdict.DISAGREE,
            comment="  ",
            rules=RULES,
            loaded_version=case.version,
        )
    assert disagree.value.field == "comment"
    cases.review(
        session,
        scope=scopes["area"],
        user=None,
        case=case,
        verdict=ReviewVerdict.DISAGREE,
        comment="HTX đã hoạt động lại từ tháng 3",
        rules=RULES,
        loaded_version=case.version,
    )
    for who in ("alliance", "area"):
        with pytest.raises(DomainError):
            cases.decide(
                session,
                scope=scopes[who],
                user=None,
                case=case,
                outcome=CaseOutcome.REVIVAL,
                decision_no=None,
                decision_on=None,
                comment=None,
                rules=RULES,
                loaded_version=case.version,
            )
    with pytest.raises(DomainError) as undated:
        cases.decide(
            session,
            scope=scopes["planner"],
            user=None,
            case=case,
            outcome=CaseOutcome.REVOCATION,
            decision_no="7/QĐ",
            decision_on=None,
            comment=None,
            rules=RULES,
            loaded_version=case.version,
        )
    assert undated.value.field == "decision_no"
    assert stopped.current_status == Status.ACTIVE


def test_a_stale_form_is_refused(session, scopes, stopped):
    case = _open(session, scopes, stopped)
    loaded = case.version
    cases.add_evidence(
        session, scope=scopes["planner"], user=None, case=case, comment="Biên bản làm việc"
    )
    case.note = "sửa ghi chú"
    session.flush()
    with pytest.raises(DomainError) as stale:
        cases.review(
            session,
            scope=scopes["area"],
            user=None,
            case=case,
            verdict=ReviewVerdict.AGREE,
            comment="",
            rules=RULES,
            loaded_version=loaded,
        )
    assert stale.value.field == "version"


def test_a_revival_puts_a_suspended_organisation_back_to_active(session, scopes, make_organisation):
    org = make_organisation(status_on=date(2015, 1, 1), charter_amended_on=date(2025, 3, 1))
    record_status(
        session=session,
        organisation=org,
        status=Status.SUSPENDED,
        effective_on=TODAY - timedelta(days=500),
    )
    case = _open(session, scopes, org, "planner")
    assert [g["code"] for g in case.grounds] == ["L2023_suspension", "L2023_not_operating"]
    cases.review(
        session,
        scope=scopes["area"],
        user=None,
        case=case,
        verdict=ReviewVerdict.AGREE,
        comment=None,
        rules=RULES,
        loaded_version=case.version,
    )
    cases.decide(
        session,
        scope=scopes["planner"],
        user=None,
        case=case,
        outcome=CaseOutcome.REVIVAL,
        decision_no=None,
        decision_on=None,
        comment="Đã có phương án sản xuất mới",
        rules=RULES,
        loaded_version=case.version,
    )
    session.refresh(org)
    assert org.current_status == Status.ACTIVE and case.stage == CaseStage.CLOSED


def test_documents_are_told_by_content_and_kept_outside_the_web_root(
    session, scopes, stopped, data_dir
):
    case = _open(session, scopes, stopped)
    document = cases.attach_document(
        session,
        scope=scopes["area"],
        user=None,
        case=case,
        file_name="../../bien ban<script>.pdf",
        content=b"%PDF-1.4\n%...\n",
    )
    path = cases.document_path(document)
    assert path.read_bytes().startswith(b"%PDF-")
    assert path.is_relative_to(data_dir) and document.content_type == "application/pdf"
    assert "/" not in document.file_name and "<" not in document.file_name
    for name, content in (
        ("trang.html", b"<html><script>alert(1)</script>"),
        ("rong.pdf", b""),
        ("lon.pdf", b"%PDF-" + b"0" * cases.MAX_DOCUMENT_BYTES),
    ):
        with pytest.raises(DomainError) as refused:
            cases.attach_document(
                session, scope=scopes["area"], user=None, case=case, file_name=name, content=content
            )
        assert refused.value.field == "document"
    with pytest.raises(DomainError):
        cases.attach_document(
            session,
            scope=scopes["elsewhere"],
            user=None,
            case=case,
            file_name="a.pdf",
            content=b"%PDF-1.4",
        )
