"""Annual reports submitted by the areas: who has reported, on time or late, accepted or
returned (a reporting-rate table), and each report's steps."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import HiddenField, TextAreaField, validators

from admin.access import current_access, require
from admin.extensions import db
from admin.forms import RegistryForm
from admin.i18n import language
from admin.views.plain import RoleView
from registry.enums import SubmissionState
from registry.models import AdminUnit, AuditEntry, ReportSubmission, User
from registry.reports import annual
from registry.services import rule_sets, submissions
from registry.services.errors import DomainError


class StepForm(RegistryForm):
    version = HiddenField()
    comment = TextAreaField(_l("Comment"), validators=[validators.Length(max=4000)])


def _year() -> int:
    today = date.today()
    text = request.args.get("year", "")
    return int(text) if text.isdigit() and 1990 <= int(text) <= today.year else today.year


class SubmissionsView(RoleView):
    @expose("/")
    def index(self):
        access = current_access()
        rules = rule_sets.current(db.session)
        year = _year()
        units = [u for u in submissions.expected_units(db.session) if submissions.covers(access, u)]
        found = {
            s.unit_id: s
            for s in db.session.scalars(
                select(ReportSubmission).where(ReportSubmission.year == year)
            )
        }
        rows = []
        for unit in units:
            s = found.get(unit.id)
            rows.append(
                {"unit": unit, "submission": s, "on_time": s and submissions.on_time(s, rules)}
            )
        sent = [r for r in rows if r["submission"] and r["submission"].submitted_at]
        summary = {
            "expected": len(rows),
            "submitted": len(sent),
            "on_time": sum(1 for r in sent if r["on_time"]),
            "late": sum(1 for r in sent if r["on_time"] is False),
            "accepted": sum(
                1
                for r in rows
                if r["submission"] and r["submission"].state == SubmissionState.ACCEPTED
            ),
            "returned": sum(
                1
                for r in rows
                if r["submission"] and r["submission"].state == SubmissionState.RETURNED
            ),
        }
        return self.render(
            "admin/submissions.html",
            year=year,
            rows=rows,
            summary=summary,
            due=rules.report_due(year),
            form=StepForm(formdata=None),
            may_prepare=access.role.value in ("area_officer", "admin"),
            users=dict(db.session.execute(select(User.id, User.full_name)).all()),
        )

    def _submission_or_404(self, submission_id: int) -> ReportSubmission:
        submission = db.session.get(ReportSubmission, submission_id)
        access = current_access()
        if submission is None:
            abort(404)
        unit = db.session.get(AdminUnit, submission.unit_id)
        if not submissions.covers(access, unit) and not access.can_decide_case:
            abort(404)
        return submission

    @expose("/prepare", methods=("POST",))
    def prepare_view(self):
        access = current_access()
        require(access.can_report, _("Only the area's officer prepares and submits its report."))
        form = StepForm()
        unit_id = request.form.get("unit_id", "")
        unit = db.session.get(AdminUnit, int(unit_id)) if unit_id.isdigit() else None
        year = request.form.get("year", "")
        if unit is None or not year.isdigit() or not form.validate_on_submit():
            abort(400)
        try:
            submission = submissions.prepare(
                db.session,
                scope=access,
                user=db.session.get(User, current_user.id),
                year=int(year),
                unit=unit,
                rules=rule_sets.current(db.session),
                loaded_version=form.version.data or None,
            )
            db.session.commit()
            return redirect(url_for(".submission_view", submission_id=submission.id))
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message(language()), "error")
            return redirect(url_for(".index", year=year))

    @expose("/<int:submission_id>")
    def submission_view(self, submission_id: int):
        submission = self._submission_or_404(submission_id)
        access = current_access()
        rules = rule_sets.current(db.session)
        unit = db.session.get(AdminUnit, submission.unit_id)
        frozen = submission.state in (SubmissionState.SUBMITTED, SubmissionState.ACCEPTED)
        history = db.session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.table_name == ReportSubmission.__tablename__,
                AuditEntry.record_id == str(submission.id),
            )
            .order_by(AuditEntry.id)
        ).all()
        tables = annual.tables(language())
        return self.render(
            "admin/submission.html",
            submission=submission,
            unit=unit,
            tables=tables,
            total=submission.figures.get("total", {}),
            differences=submissions.differences(db.session, submission, rules) if frozen else [],
            on_time=submissions.on_time(submission, rules),
            due=rules.report_due(submission.year),
            history=history,
            users=dict(db.session.execute(select(User.id, User.full_name)).all()),
            form=StepForm(formdata=None, version=submission.version),
            may_submit=submissions.covers(access, unit)
            and access.role.value in ("area_officer", "admin")
            and submission.state == SubmissionState.DRAFT,
            may_prepare=submissions.covers(access, unit)
            and access.role.value in ("area_officer", "admin")
            and submission.state in (SubmissionState.DRAFT, SubmissionState.RETURNED),
            may_decide=access.can_decide_case and submission.state == SubmissionState.SUBMITTED,
            lang=language(),
        )

    @expose("/<int:submission_id>/<step>", methods=("POST",))
    def step_view(self, submission_id: int, step: str):
        if step not in ("submit", "accept", "return"):
            abort(404)
        access = current_access()
        if step == "submit":
            require(
                access.can_report, _("Only the area's officer prepares and submits its report.")
            )
        else:
            require(
                access.can_decide_case,
                _("Only provincial planning staff accept or return a report."),
            )
        submission = self._submission_or_404(submission_id)
        form = StepForm()
        if not form.validate_on_submit():
            abort(400)
        user = db.session.get(User, current_user.id)
        try:
            if step == "submit":
                submissions.submit(
                    db.session,
                    scope=access,
                    user=user,
                    submission=submission,
                    loaded_version=form.version.data,
                )
            else:
                submissions.decide(
                    db.session,
                    scope=access,
                    user=user,
                    submission=submission,
                    accept=step == "accept",
                    comment=form.comment.data,
                    loaded_version=form.version.data,
                )
            db.session.commit()
            flash(_("Saved."), "success")
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message(language()), "error")
        return redirect(url_for(".submission_view", submission_id=submission_id))
