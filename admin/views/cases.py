"""The Alliance's work on the plan's first target: the organisations that meet a ground for
dissolution (candidates), and the cases opened on them, step by step."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from sqlalchemy import and_, func, select
from wtforms import HiddenField, RadioField, SelectField, StringField, TextAreaField, validators

from admin.access import current_access, organisation_or_404, require
from admin.extensions import db
from admin.fields import VnDateField, enum_choices
from admin.forms import RegistryForm
from admin.i18n import language
from admin.units import current_choices, legacy_choices, place_of
from admin.views.plain import RoleView, table_download
from registry.enums import (
    CaseOutcome,
    CaseStage,
    GoverningLaw,
    OrgType,
    ReviewVerdict,
    Role,
)
from registry.models import (
    AdminUnit,
    CaseDocument,
    DissolutionCase,
    Observation,
    Organisation,
    SupportEntry,
    User,
)
from registry.services import candidates, cases, rule_sets
from registry.services.errors import DomainError
from registry.services.units import in_unit

PAGE_SIZE = 100
WORKERS = frozenset({Role.ADMIN, Role.PLANNER, Role.ALLIANCE, Role.AREA_OFFICER})


def _day_arg(name: str) -> date | None:
    """A date from the query string (dd/mm/yyyy or yyyy-mm-dd); None when absent or unreadable
    (the page then says which date it used)."""
    text = (request.args.get(name) or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _me() -> User:
    return db.session.get(User, current_user.id)


def _actor(case: DissolutionCase) -> dict:
    """Who takes a step on ``case``, as the case services want it said."""
    return {"scope": current_access(), "user": _me(), "case": case}


class CandidatesView(RoleView):
    """Organisations that meet one or more grounds on a date, with the evidence and since when;
    filters by ground, unit (either scheme), law and type; exported as xlsx or csv."""

    roles = WORKERS

    @expose("/")
    def index(self):
        access = current_access()
        rule_set = rule_sets.current(db.session)
        today = date.today()
        as_of = min(_day_arg("as_of") or today, today)
        ground = request.args.get("ground") or None
        if ground is not None and rule_set.ground(ground) is None:
            ground = None
        law = request.args.get("law") or None
        law = GoverningLaw(law) if law in {m.value for m in GoverningLaw} else None
        org_type = request.args.get("type") or None
        org_type = OrgType(org_type) if org_type in {m.value for m in OrgType} else None
        units = dict(legacy_choices() + current_choices())
        unit_id = request.args.get("unit") or ""
        unit_id = int(unit_id) if unit_id.isdigit() and int(unit_id) in units else None

        conditions = [c for c in (access.organisation_filter(),) if c is not None]
        if unit_id is not None:
            conditions.append(in_unit(db.session.get(AdminUnit, unit_id)))
        if org_type is not None:
            conditions.append(Organisation.org_type == org_type)
        where = and_(*conditions) if conditions else None
        found = candidates.candidates(db.session, as_of, rule_set, where, ground=ground, law=law)
        found.sort(key=lambda c: (c.since, c.name))

        export = request.args.get("export")
        if export in ("csv", "xlsx"):
            titles, rows = candidates.as_table(db.session, found, language())
            return table_download(list(titles), rows, export, "can-cu-giai-the")

        page = request.args.get("page", "0")
        page = max(
            0, min(int(page) if page.isdigit() and len(page) < 7 else 0, len(found) // PAGE_SIZE)
        )
        shown = found[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        running = dict(
            db.session.execute(
                select(DissolutionCase.organisation_id, DissolutionCase.id).where(
                    DissolutionCase.organisation_id.in_([c.id for c in shown]),
                    DissolutionCase.stage != CaseStage.CLOSED,
                )
            ).all()
        )
        return self.render(
            "admin/candidates.html",
            found=found,
            shown=shown,
            page=page,
            pages=(len(found) + PAGE_SIZE - 1) // PAGE_SIZE,
            running=running,
            as_of=as_of,
            ground=ground,
            law=law,
            org_type=org_type,
            org_types=list(OrgType),
            unit_id=unit_id,
            units=units,
            grounds=rule_set.grounds,
            rule_set=rule_set,
            place_of=place_of,
            lang=language(),
        )


class OpenCaseForm(RegistryForm):
    as_of = VnDateField(_l("Grounds checked for"), validators=[validators.DataRequired()])
    note = TextAreaField(_l("Note"), validators=[validators.Length(max=4000)])


class ReviewForm(RegistryForm):
    version = HiddenField()
    verdict = RadioField(_l("The area's view"), validators=[validators.InputRequired()])
    comment = TextAreaField(_l("Comment"), validators=[validators.Length(max=4000)])


class DecideForm(RegistryForm):
    version = HiddenField()
    outcome = SelectField(_l("Decision"), validators=[validators.InputRequired()])
    decision_no = StringField(_l("Decision no."), validators=[validators.Length(max=64)])
    decision_on = VnDateField(_l("Decision date"), validators=[validators.Optional()])
    comment = TextAreaField(_l("Comment"), validators=[validators.Length(max=4000)])


class CompleteForm(RegistryForm):
    version = HiddenField()
    decision_no = StringField(_l("Decision no."), validators=[validators.Length(max=64)])
    decision_on = VnDateField(_l("Decision date"), validators=[validators.Optional()])
    comment = TextAreaField(_l("Comment"), validators=[validators.Length(max=4000)])


class EvidenceForm(RegistryForm):
    comment = TextAreaField(_l("Evidence"), validators=[validators.Length(max=4000)])
    document = FileField(_l("Document (PDF or scan, at most 20 MB)"))


class CasesView(RoleView):
    """Cases (hồ sơ đề nghị giải thể / xử lý): the list, opening one, and each case's page with
    the step its user may take."""

    roles = frozenset(Role)
    SHOW = ("running", "mine", "overdue", "closed", "all")

    def _case_or_404(self, case_id: int) -> DissolutionCase:
        case = db.session.get(DissolutionCase, case_id)
        if case is None or not current_access().allows(case.organisation):
            abort(404)
        return case

    @expose("/")
    def index(self):
        access = current_access()
        today = date.today()
        show = request.args.get("show", "running")
        show = show if show in self.SHOW else "running"
        condition = {
            "running": DissolutionCase.stage != CaseStage.CLOSED,
            "mine": cases.waiting_on(access, current_user.id),
            "overdue": cases.overdue(today),
            "closed": DissolutionCase.stage == CaseStage.CLOSED,
            "all": None,
        }[show]
        query = (
            select(DissolutionCase, Organisation)
            .join(Organisation, Organisation.id == DissolutionCase.organisation_id)
            .order_by(DissolutionCase.due_on.is_(None), DissolutionCase.due_on, DissolutionCase.id)
        )
        for where in (cases.cases_filter(access), condition):
            if where is not None:
                query = query.where(where)
        rows = db.session.execute(query.limit(500)).all()
        total = db.session.scalar(select(func.count()).select_from(query.subquery()))
        return self.render(
            "admin/cases.html",
            rows=rows,
            total=total,
            show=show,
            today=today,
            place_of=place_of,
            lang=language(),
            users=dict(db.session.execute(select(User.id, User.full_name)).all()),
        )

    @expose("/open/<int:organisation_id>", methods=("GET", "POST"))
    def open_view(self, organisation_id: int):
        access = current_access()
        if not access.can_open_case:
            abort(403)
        organisation = organisation_or_404(organisation_id)
        rule_set = rule_sets.current(db.session)
        form = OpenCaseForm()
        if request.method == "GET":
            form.as_of.data = _day_arg("as_of") or date.today()
        if form.validate_on_submit():
            try:
                case = cases.open_case(
                    db.session,
                    scope=access,
                    user=_me(),
                    organisation=organisation,
                    as_of=form.as_of.data,
                    note=form.note.data,
                    rules=rule_set,
                )
                db.session.commit()
                flash(
                    _("Case #%(id)s opened; the area's officers review it next.", id=case.id),
                    "success",
                )
                return redirect(url_for(".case_view", case_id=case.id))
            except DomainError as exc:
                db.session.rollback()
                form.note.errors = [*form.note.errors, exc.message(language())]
        as_of = form.as_of.data if isinstance(form.as_of.data, date) else date.today()
        findings = candidates.findings_for(
            db.session, organisation.id, min(as_of, date.today()), rule_set
        )
        return self.render(
            "admin/case_open.html",
            form=form,
            organisation=organisation,
            findings=findings,
            lang=language(),
            place=place_of(organisation.unit_id, organisation.legacy_unit_id),
        )

    @expose("/<int:case_id>")
    def case_view(self, case_id: int):
        return self._render_case(self._case_or_404(case_id))

    def _render_case(self, case: DissolutionCase, **forms):
        access = current_access()
        organisation = case.organisation
        rule_set = rule_sets.current(db.session)
        review = forms.get("review") or ReviewForm(formdata=None, version=case.version)
        review.verdict.choices = enum_choices(ReviewVerdict)
        decide = forms.get("decide") or DecideForm(formdata=None, version=case.version)
        decide.outcome.choices = enum_choices(CaseOutcome)
        complete = forms.get("complete") or CompleteForm(formdata=None, version=case.version)
        evidence = forms.get("evidence") or EvidenceForm(formdata=None)
        observation = db.session.scalars(
            select(Observation)
            .where(Observation.organisation_id == organisation.id)
            .order_by(Observation.observed_on.desc(), Observation.id.desc())
        ).first()
        support = db.session.scalars(
            select(SupportEntry)
            .where(SupportEntry.organisation_id == organisation.id)
            .order_by(SupportEntry.given_on.desc(), SupportEntry.id.desc())
        ).all()
        in_area = access.allows(organisation)
        running = case.stage != CaseStage.CLOSED
        return self.render(
            "admin/case.html",
            case=case,
            organisation=organisation,
            place=place_of(organisation.unit_id, organisation.legacy_unit_id),
            today=date.today(),
            findings=candidates.findings_for(db.session, organisation.id, date.today(), rule_set),
            observation=observation,
            support=support,
            users=dict(db.session.execute(select(User.id, User.full_name)).all()),
            lang=language(),
            review=review,
            decide=decide,
            complete=complete,
            evidence=evidence,
            may_review=in_area and access.can_review_case and case.stage == CaseStage.AREA_REVIEW,
            may_decide=access.can_decide_case and case.stage == CaseStage.DECISION,
            may_complete=access.can_decide_case and case.stage == CaseStage.COMPLETION,
            may_add=running and in_area and (access.can_open_case or access.can_review_case),
        )

    def _step(self, case: DissolutionCase, form_name: str, form, act):
        """Take a step: the service decides whether it may be taken; its refusal is shown
        under the form's field it concerns."""
        if form.validate_on_submit():
            try:
                act()
                db.session.commit()
                flash(_("Saved."), "success")
                return redirect(url_for(".case_view", case_id=case.id))
            except DomainError as exc:
                db.session.rollback()
                field = getattr(form, exc.field or "", None)
                if field is None or exc.field == "version":  # the step itself is refused
                    flash(exc.message(language()), "error")
                else:
                    field.errors = [*field.errors, exc.message(language())]
        return self._render_case(db.session.get(DissolutionCase, case.id), **{form_name: form})

    @expose("/<int:case_id>/review", methods=("POST",))
    def review_view(self, case_id: int):
        require(
            current_access().can_review_case,
            _("Only the area's officer or an administrator reviews a case."),
        )
        case = self._case_or_404(case_id)
        form = ReviewForm()
        form.verdict.choices = enum_choices(ReviewVerdict)
        return self._step(
            case,
            "review",
            form,
            lambda: cases.review(
                db.session,
                **_actor(case),
                verdict=ReviewVerdict(form.verdict.data),
                comment=form.comment.data,
                rules=rule_sets.current(db.session),
                loaded_version=form.version.data,
            ),
        )

    @expose("/<int:case_id>/decide", methods=("POST",))
    def decide_view(self, case_id: int):
        require(
            current_access().can_decide_case,
            _("Only provincial planning staff decide and complete a case."),
        )
        case = self._case_or_404(case_id)
        form = DecideForm()
        form.outcome.choices = enum_choices(CaseOutcome)
        return self._step(
            case,
            "decide",
            form,
            lambda: cases.decide(
                db.session,
                **_actor(case),
                outcome=CaseOutcome(form.outcome.data),
                decision_no=form.decision_no.data,
                decision_on=form.decision_on.data,
                comment=form.comment.data,
                rules=rule_sets.current(db.session),
                loaded_version=form.version.data,
            ),
        )

    @expose("/<int:case_id>/complete", methods=("POST",))
    def complete_view(self, case_id: int):
        require(
            current_access().can_decide_case,
            _("Only provincial planning staff decide and complete a case."),
        )
        case = self._case_or_404(case_id)
        form = CompleteForm()
        return self._step(
            case,
            "complete",
            form,
            lambda: cases.complete(
                db.session,
                **_actor(case),
                decision_no=form.decision_no.data,
                decision_on=form.decision_on.data,
                comment=form.comment.data,
                loaded_version=form.version.data,
            ),
        )

    @expose("/<int:case_id>/evidence", methods=("POST",))
    def evidence_view(self, case_id: int):
        access = current_access()
        require(
            access.can_open_case or access.can_review_case, _("Your role takes no part in cases.")
        )
        case = self._case_or_404(case_id)
        form = EvidenceForm()

        def add():
            upload = form.document.data
            if upload is not None and getattr(upload, "filename", ""):
                content = upload.read(cases.MAX_DOCUMENT_BYTES + 1)
                cases.attach_document(
                    db.session, **_actor(case), file_name=upload.filename, content=content
                )
                if not (form.comment.data or "").strip():
                    return  # the document alone is the evidence
            cases.add_evidence(db.session, **_actor(case), comment=form.comment.data)

        return self._step(case, "evidence", form, add)

    @expose("/<int:case_id>/document/<int:document_id>")
    def document_view(self, case_id: int, document_id: int):
        case = self._case_or_404(case_id)
        document = db.session.get(CaseDocument, document_id)
        if document is None or document.case_id != case.id:
            abort(404)
        path = cases.document_path(document)
        if not path.is_file():
            abort(404)
        response = send_file(
            path,
            mimetype=document.content_type,
            as_attachment=True,
            download_name=document.file_name,
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
