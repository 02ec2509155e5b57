"""Dissolution cases (hồ sơ đề nghị giải thể / xử lý), worked step by step.

The Cooperative Alliance or planning staff open a case on the grounds an organisation meets;
the area's officer reviews it (agreeing, or disagreeing with a comment); planning staff decide.
A case is not a status: the legal status changes only with a decision, written through
:func:`registry.services.organisations.record_status` like any status change. Each step is
owned (by the area's officers, or planning staff) and due within the days the rule set gives.

Every function checks the role, the area and the case's stage, and raises
:class:`DomainError` to refuse; it flushes, the caller commits.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, false
from sqlmodel import Session, select

from registry.config import data_dir
from registry.enums import (
    CaseAction,
    CaseOutcome,
    CaseStage,
    DissolutionKind,
    ReviewVerdict,
    Role,
    Status,
)
from registry.models import (
    CaseDocument,
    CaseStep,
    DissolutionCase,
    Organisation,
    User,
)
from registry.rules import RuleSet
from registry.scope import Scope, outside_area
from registry.services import candidates
from registry.services.errors import DomainError
from registry.services.organisations import record_status
from registry.services.records import check_version

#: Outcomes that need the decision's number and date, and the status each writes.
DECIDED_STATUS = {
    CaseOutcome.COMPULSORY_DISSOLUTION: (Status.AWAITING_DISSOLUTION, DissolutionKind.COMPULSORY),
    CaseOutcome.VOLUNTARY_DISSOLUTION: (Status.AWAITING_DISSOLUTION, DissolutionKind.VOLUNTARY),
    CaseOutcome.REVOCATION: (Status.REVOKED, None),
}
#: Outcomes after which the decision still has to be carried out (the dissolution completed).
CARRIED_OUT = {CaseOutcome.COMPULSORY_DISSOLUTION, CaseOutcome.VOLUNTARY_DISSOLUTION}
#: Statuses a revival brings back to active.
REVIVED_FROM = {Status.SUSPENDED, Status.NOT_AT_ADDRESS, Status.REVOKED}

#: Documents a case accepts, told by their first bytes (never by the name they came with).
DOCUMENT_TYPES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


def _refuse(vi: str, en: str, field: str | None = None) -> DomainError:
    return DomainError(vi, en, field=field)


def _step(session: Session, case: DissolutionCase, action: CaseAction, user, comment=None):
    session.add(
        CaseStep(
            case_id=case.id,
            action=action,
            user_id=user.id if user is not None else None,
            comment=(comment or "").strip() or None,
        )
    )


def _due(rules: RuleSet, step: str, today: date) -> date:
    return today + timedelta(days=rules.case_days[step])


def _in_area(scope: Scope, organisation: Organisation) -> None:
    if not scope.allows(organisation):
        raise outside_area()


def _stage(case: DissolutionCase, *stages: CaseStage) -> None:
    if case.stage not in stages:
        raise _refuse(
            f"Hồ sơ #{case.id} đang ở bước «{case.stage.label}»: không thực hiện được bước này.",
            f"Case #{case.id} is at the step '{case.stage.value}': this step cannot be taken.",
        )


def open_case(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    organisation: Organisation,
    as_of: date,
    note: str | None,
    rules: RuleSet,
    today: date | None = None,
) -> DissolutionCase:
    """A case on the grounds ``organisation`` meets on ``as_of`` (at least one), kept as they
    were found: the evidence may change later, the case says what it was opened on."""
    today = today or date.today()
    if not scope.can_open_case:
        raise _refuse(
            "Chỉ Liên minh HTX và cán bộ kế hoạch cấp tỉnh được lập hồ sơ đề nghị giải thể.",
            "Only the Cooperative Alliance and provincial planning staff open cases.",
        )
    _in_area(scope, organisation)
    if as_of > today:
        raise _refuse(
            "Ngày xét căn cứ không được ở tương lai.",
            "The date the grounds are checked for cannot be in the future.",
            "as_of",
        )
    running = session.exec(
        select(DissolutionCase.id).where(
            DissolutionCase.organisation_id == organisation.id,
            DissolutionCase.stage != CaseStage.CLOSED,
        )
    ).first()
    if running is not None:
        raise _refuse(
            f"{organisation.name} đã có hồ sơ #{running} đang xử lý.",
            f"{organisation.name} already has case #{running} in progress.",
        )
    met = [f for f in candidates.findings_for(session, organisation.id, as_of, rules) if f.met]
    if not met:
        raise _refuse(
            f"Ngày {as_of:%d/%m/%Y}, {organisation.name} không đủ căn cứ nào để đề nghị giải thể.",
            f"On {as_of:%d/%m/%Y}, {organisation.name} meets no ground for dissolution.",
        )
    case = DissolutionCase(
        organisation_id=organisation.id,
        stage=CaseStage.AREA_REVIEW,
        due_on=_due(rules, "area_review", today),
        as_of=as_of,
        grounds=[
            {
                "code": f.ground.code,
                "law": f.ground.law.value,
                "title_vi": f.ground.title_vi,
                "title_en": f.ground.title_en,
                "citation": f.ground.citation,
                "confirmed": f.ground.confirmed,
                "met_since": f.since.isoformat(),
                "evidence_vi": f.vi,
                "evidence_en": f.en,
                "rule_set_version": rules.version,
            }
            for f in met
        ],
        note=(note or "").strip() or None,
        opened_by_id=user.id if user is not None else None,
    )
    session.add(case)
    session.flush()
    _step(session, case, CaseAction.OPENED, user, note)
    session.flush()
    return case


def review(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    case: DissolutionCase,
    verdict: ReviewVerdict,
    comment: str | None,
    rules: RuleSet,
    loaded_version: Any = None,
    today: date | None = None,
) -> None:
    """The area's view. Disagreeing needs a comment saying why."""
    today = today or date.today()
    if not scope.can_review_case:
        raise _refuse(
            "Chỉ cán bộ địa bàn của tổ chức cho ý kiến về hồ sơ.",
            "Only the organisation's area officers review a case.",
        )
    _in_area(scope, case.organisation)
    check_version(case, loaded_version)
    _stage(case, CaseStage.AREA_REVIEW)
    if verdict == ReviewVerdict.DISAGREE and not (comment or "").strip():
        raise _refuse(
            "Không đồng ý thì phải ghi rõ lý do.",
            "Say why when you disagree.",
            "comment",
        )
    case.verdict = verdict
    case.review_comment = (comment or "").strip() or None
    case.stage = CaseStage.DECISION
    case.due_on = _due(rules, "decision", today)
    _step(session, case, CaseAction.REVIEWED, user, f"{verdict.label}. {comment or ''}".strip())
    session.flush()


def add_evidence(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    case: DissolutionCase,
    comment: str,
) -> CaseStep:
    """More evidence (a note; documents are attached with :func:`attach_document`), by anyone
    who works on the case, while it runs."""
    _may_work_on(scope, case)
    _stage(case, CaseStage.AREA_REVIEW, CaseStage.DECISION, CaseStage.COMPLETION)
    if not (comment or "").strip():
        raise _refuse("Hãy ghi nội dung chứng cứ bổ sung.", "Describe the evidence.", "comment")
    _step(session, case, CaseAction.EVIDENCE, user, comment)
    session.flush()


def _may_work_on(scope: Scope, case: DissolutionCase) -> None:
    if not (scope.can_open_case or scope.can_review_case):
        raise _refuse(
            "Vai trò của bạn không tham gia xử lý hồ sơ.",
            "Your role takes no part in cases.",
        )
    _in_area(scope, case.organisation)


def decide(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    case: DissolutionCase,
    outcome: CaseOutcome,
    decision_no: str | None,
    decision_on: date | None,
    comment: str | None,
    rules: RuleSet,
    loaded_version: Any = None,
    today: date | None = None,
) -> None:
    """Planning staff's decision. A dissolution or revocation needs the decision's number and
    date and writes the status it brings; a revival puts a stopped organisation back to active;
    a dissolution stays open until it is completed."""
    today = today or date.today()
    if not scope.can_decide_case:
        raise _refuse(
            "Chỉ cán bộ kế hoạch cấp tỉnh quyết định về hồ sơ.",
            "Only provincial planning staff decide a case.",
        )
    _in_area(scope, case.organisation)
    check_version(case, loaded_version)
    _stage(case, CaseStage.DECISION)
    decision_no = (decision_no or "").strip() or None
    if outcome in DECIDED_STATUS and not (decision_no and decision_on):
        raise _refuse(
            f"«{outcome.label}» cần số và ngày của quyết định.",
            f"'{outcome.value}' needs the decision's number and date.",
            "decision_no",
        )
    if outcome == CaseOutcome.NO_ACTION and not (comment or "").strip():
        raise _refuse(
            "Kết thúc không xử lý thì phải ghi rõ lý do.",
            "Say why the case closes without action.",
            "comment",
        )
    organisation = case.organisation
    if outcome in DECIDED_STATUS:
        status, kind = DECIDED_STATUS[outcome]
        record_status(
            session=session,
            organisation=organisation,
            status=status,
            effective_on=decision_on,
            reason=f"Hồ sơ #{case.id}: {outcome.label}",
            decision_no=decision_no,
            decision_on=decision_on,
            dissolution_kind=kind,
            recorded_by=user,
        )
    elif outcome == CaseOutcome.REVIVAL and organisation.current_status in REVIVED_FROM:
        record_status(
            session=session,
            organisation=organisation,
            status=Status.ACTIVE,
            effective_on=decision_on or today,
            reason=f"Hồ sơ #{case.id}: {outcome.label}",
            decision_no=decision_no,
            decision_on=decision_on,
            recorded_by=user,
        )
    case.outcome = outcome
    case.decision_no = decision_no
    case.decision_on = decision_on
    if outcome in CARRIED_OUT:
        case.stage = CaseStage.COMPLETION
        case.due_on = _due(rules, "completion", today)
    else:
        case.stage = CaseStage.CLOSED
        case.due_on = None
        case.closed_on = today
    _step(session, case, CaseAction.DECIDED, user, _decision_text(outcome, decision_no, comment))
    session.flush()


def complete(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    case: DissolutionCase,
    decision_no: str | None,
    decision_on: date | None,
    comment: str | None,
    loaded_version: Any = None,
    today: date | None = None,
) -> None:
    """The dissolution carried out: the organisation is dissolved from the date of the notice
    that completes it (its number and date are required, as for any dissolution)."""
    today = today or date.today()
    if not scope.can_decide_case:
        raise _refuse(
            "Chỉ cán bộ kế hoạch cấp tỉnh ghi nhận hoàn tất giải thể.",
            "Only provincial planning staff record a completed dissolution.",
        )
    _in_area(scope, case.organisation)
    check_version(case, loaded_version)
    _stage(case, CaseStage.COMPLETION)
    decision_no = (decision_no or "").strip() or None
    record_status(
        session=session,
        organisation=case.organisation,
        status=Status.DISSOLVED,
        effective_on=decision_on or today,
        reason=f"Hồ sơ #{case.id}: hoàn tất giải thể",
        decision_no=decision_no,
        decision_on=decision_on,
        dissolution_kind=DECIDED_STATUS[case.outcome][1],
        recorded_by=user,
    )
    case.stage = CaseStage.CLOSED
    case.due_on = None
    case.closed_on = today
    _step(session, case, CaseAction.COMPLETED, user, _decision_text(None, decision_no, comment))
    session.flush()


def _decision_text(outcome: CaseOutcome | None, number: str | None, comment: str | None) -> str:
    parts = [outcome.label if outcome else None, f"Quyết định số {number}" if number else None]
    parts.append((comment or "").strip() or None)
    return ". ".join(p for p in parts if p)


def attach_document(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    case: DissolutionCase,
    file_name: str,
    content: bytes,
) -> CaseDocument:
    """A scan or document for the case, stored outside the web root under a random name, its
    type told from its content (PDF, PNG, JPEG or TIFF), at most 20 MiB."""
    _may_work_on(scope, case)
    _stage(case, CaseStage.AREA_REVIEW, CaseStage.DECISION, CaseStage.COMPLETION)
    shown = _UNSAFE_NAME.sub("_", Path(file_name or "").name).strip() or "tai-lieu"
    if not content:
        raise _refuse(f"Tệp «{shown}» rỗng.", f"The file '{shown}' is empty.", "document")
    if len(content) > MAX_DOCUMENT_BYTES:
        raise _refuse(
            f"Tệp «{shown}» lớn hơn 20 MB.", f"The file '{shown}' is over 20 MB.", "document"
        )
    kind = next(((t, ext) for magic, t, ext in DOCUMENT_TYPES if content.startswith(magic)), None)
    if kind is None:
        raise _refuse(
            f"Tệp «{shown}» không phải PDF hay ảnh quét (PNG, JPEG, TIFF).",
            f"The file '{shown}' is not a PDF or a scan (PNG, JPEG, TIFF).",
            "document",
        )
    content_type, extension = kind
    stored = secrets.token_hex(16) + extension
    folder = documents_dir() / str(case.id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(content)
    document = CaseDocument(
        case_id=case.id,
        file_name=shown[:255],
        stored_name=stored,
        content_type=content_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=user.id if user is not None else None,
    )
    session.add(document)
    _step(session, case, CaseAction.EVIDENCE, user, f"Tài liệu: {shown}")
    session.flush()
    return document


def documents_dir() -> Path:
    """Where case documents are kept: the data directory, never a folder the web serves."""
    return data_dir() / "case-documents"


def document_path(document: CaseDocument) -> Path:
    return documents_dir() / str(document.case_id) / document.stored_name


def cases_filter(scope: Scope) -> ColumnElement[bool] | None:
    """Cases the scope may see: those of organisations in its area."""
    if scope.everywhere:
        return None
    return DissolutionCase.organisation_id.in_(scope.organisation_ids())


def waiting_on(scope: Scope, user_id: int | None) -> ColumnElement[bool]:
    """The running cases whose next step is this user's: the area's review for its officers,
    the decision and its completion for planning staff, the cases they opened for the
    Alliance (to follow), everything running for an administrator."""
    running = DissolutionCase.stage != CaseStage.CLOSED
    if scope.role == Role.ADMIN:
        return running
    if scope.role == Role.AREA_OFFICER:
        return DissolutionCase.stage == CaseStage.AREA_REVIEW
    if scope.role == Role.PLANNER:
        return DissolutionCase.stage.in_((CaseStage.DECISION, CaseStage.COMPLETION))
    if scope.role == Role.ALLIANCE:
        return and_(running, DissolutionCase.opened_by_id == user_id)
    return false()


def overdue(today: date) -> ColumnElement[bool]:
    return and_(DissolutionCase.stage != CaseStage.CLOSED, DissolutionCase.due_on < today)
