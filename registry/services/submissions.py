"""Each area's annual report, submitted to the province and accepted or returned.

An area officer prepares the report of the area in their scope (its figures computed from the
registry and kept with it), reviews it and submits it; planning staff accept it (its figures
are frozen from then on) or return it with a comment, after which the officer prepares and
submits again. The areas expected to report are those area officers are assigned to. Every
step is a change of the submission row, which the audit log records with who and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from registry.enums import Role, SubmissionState
from registry.models import AdminUnit, ReportSubmission, User, UserScope
from registry.models.base import utcnow
from registry.reports import annual, outputs
from registry.rules import RuleSet
from registry.scope import Scope
from registry.services.errors import DomainError
from registry.services.records import check_version

LOCAL_OFFSET_HOURS = 7  # Vietnam; a report submitted at 23:00 on 15/12 is on time


def expected_units(session: Session) -> list[AdminUnit]:
    """The areas that report: every unit an active area officer is assigned to."""
    return list(
        session.exec(
            select(AdminUnit)
            .join(UserScope, UserScope.unit_id == AdminUnit.id)
            .join(User, User.id == UserScope.user_id)
            .where(User.role == Role.AREA_OFFICER, User.active.is_(True))
            .distinct()
            .order_by(AdminUnit.name)
        )
    )


def covers(scope: Scope, unit: AdminUnit) -> bool:
    return scope.everywhere or unit.id in scope.current_ids or unit.id in scope.legacy_ids


def _figures(session: Session, year: int, unit: AdminUnit, rules: RuleSet) -> dict[str, Any]:
    report = annual.compute(session, year=year, unit=unit, rules=rules)
    return outputs.as_json(report)


def prepare(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    year: int,
    unit: AdminUnit,
    rules: RuleSet,
    loaded_version: Any = None,
) -> ReportSubmission:
    """The area's report computed afresh, as a draft: a new one, or one returned to it."""
    if not scope.can_report or not covers(scope, unit):
        raise DomainError(
            "Chỉ cán bộ địa bàn lập báo cáo của địa bàn mình.",
            "Only the area's officer prepares its report.",
        )
    submission = session.exec(
        select(ReportSubmission).where(
            ReportSubmission.year == year, ReportSubmission.unit_id == unit.id
        )
    ).first()
    if submission is None:
        submission = ReportSubmission(year=year, unit_id=unit.id, state=SubmissionState.DRAFT)
    else:
        check_version(submission, loaded_version)
        if submission.state in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED):
            raise DomainError(
                f"Báo cáo năm {year} đã {submission.state.label.lower()}: không lập lại được.",
                f"The {year} report is {submission.state.value}: it cannot be prepared again.",
            )
    figures = _figures(session, year, unit, rules)
    submission.figures = figures
    submission.as_of = datetime.fromisoformat(figures["as_of"]).date()
    submission.state = SubmissionState.DRAFT
    submission.prepared_by_id = user.id if user is not None else None
    submission.prepared_at = utcnow()
    session.add(submission)
    session.flush()
    return submission


def submit(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    submission: ReportSubmission,
    loaded_version: Any,
) -> None:
    unit = session.get(AdminUnit, submission.unit_id)
    if not scope.can_report or not covers(scope, unit):
        raise DomainError(
            "Chỉ cán bộ địa bàn gửi báo cáo của địa bàn mình.",
            "Only the area's officer submits its report.",
        )
    check_version(submission, loaded_version)
    if submission.state != SubmissionState.DRAFT:
        raise DomainError(
            "Chỉ gửi được báo cáo đang chuẩn bị.", "Only a report in preparation is submitted."
        )
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_at = utcnow()
    session.flush()


def decide(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    submission: ReportSubmission,
    accept: bool,
    comment: str | None,
    loaded_version: Any,
) -> None:
    """Planning staff accept the report (frozen from then on) or return it, saying why."""
    if not scope.can_decide_case:
        raise DomainError(
            "Chỉ cán bộ kế hoạch cấp tỉnh chấp nhận hoặc trả lại báo cáo.",
            "Only provincial planning staff accept or return a report.",
        )
    check_version(submission, loaded_version)
    if submission.state != SubmissionState.SUBMITTED:
        raise DomainError(
            "Chỉ xử lý được báo cáo đã gửi.", "Only a submitted report is accepted or returned."
        )
    comment = (comment or "").strip() or None
    if not accept and comment is None:
        raise DomainError(
            "Trả lại thì phải ghi rõ lý do.", "Say why the report is returned.", field="comment"
        )
    submission.state = SubmissionState.ACCEPTED if accept else SubmissionState.RETURNED
    submission.comment = comment
    submission.decided_by_id = user.id if user is not None else None
    submission.decided_at = utcnow()
    session.flush()


def on_time(submission: ReportSubmission, rules: RuleSet) -> bool | None:
    """Submitted by the due day (the province's day: Vietnam's time), or None if not yet."""
    if submission.submitted_at is None:
        return None
    local = submission.submitted_at.replace(tzinfo=None) + timedelta(hours=LOCAL_OFFSET_HOURS)
    return local.date() <= rules.report_due(submission.year)


@dataclass(frozen=True)
class Difference:
    key: str
    label: str
    submitted: int
    now: int


def differences(session: Session, submission: ReportSubmission, rules: RuleSet) -> list[Difference]:
    """Where the registry's figures for the report's date now differ from those submitted (a
    late correction): shown beside the frozen report, never written into it."""
    unit = session.get(AdminUnit, submission.unit_id)
    now = annual.compute(
        session, year=submission.year, as_of=submission.as_of, unit=unit, rules=rules
    ).total
    kept = submission.figures.get("total", {})
    labels = {i.key: i.vi for i in annual.INDICATORS}
    return [
        Difference(key, labels[key], kept.get(key, 0), now[key])
        for key in annual.KEYS
        if kept.get(key, 0) != now[key]
    ]
