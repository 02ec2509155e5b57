"""Importing legacy spreadsheets on the web: upload, preview every row's outcome, confirm,
see the batches, undo one. The work is done by ``importers.run``; this is its face."""

from __future__ import annotations

import io
import re
import secrets
from datetime import timedelta
from pathlib import Path

from flask import Response, abort, flash, redirect, request
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload
from werkzeug.utils import secure_filename
from wtforms import SelectField, StringField

from admin import jobs as web_jobs
from admin.access import current_access
from admin.extensions import db
from admin.formatting import label, num
from admin.forms import RegistryForm
from admin.i18n import language
from admin.units import unit_text
from admin.views.plain import RoleView
from importers import jobs as import_tasks
from importers import uploads, values
from importers.fields import FIELDS
from importers.kinds import KINDS
from importers.messages import in_language
from importers.profiles import corrections_from, save_profile
from importers.results import SET_ASIDE_WORDS, Refused
from registry import jobs
from registry.enums import Counterparty, DebtDirection, JobState, Role, Status
from registry.models import (
    AdminUnit,
    ImportBatch,
    ImportChange,
    ImportProfile,
    Job,
    Organisation,
    User,
)
from registry.models.base import utcnow
from registry.services import batches
from registry.services.errors import DomainError

ALLOWED = {".xlsx", ".xlsm", ".xls", ".ods", ".csv"}
OUTCOMES = ("new", "update", "unchanged", "review", "rejected")
PREVIEW_PAGE = 500  # rows per page of a preview
STAGES = {
    "queued": _l("Waiting its turn…"),
    "reading": _l("Reading the file…"),
    "checking": _l("Checking the rows…"),
    "writing": _l("Writing to the registry…"),
    "finished": _l("Done."),
}
OUTCOME_LABELS = {
    "new": _l("new"),
    "update": _l("update"),
    "unchanged": _l("unchanged"),
    "review": _l("to review"),
    "rejected": _l("rejected"),
}


class UploadForm(RegistryForm):
    file = FileField(
        _l("Spreadsheet (.xlsx, .xls, .ods, .csv)"), validators=[FileRequired(_l("Choose a file."))]
    )
    sheet = StringField(_l("Sheet (empty: the first with a table)"))
    profile = SelectField(_l("Column profile"), choices=[], validate_choice=False)


def _said(exc: Refused) -> str:
    """A refusal in the reader's language."""
    return exc.en if language() == "en" else exc.vi


def _kind_labels() -> dict[str, str]:
    """Each record kind an import reads, by its label in the reader's language."""
    return {name: in_language(kind.label, language()) for name, kind in KINDS.items()}


def _names(ids: set[int]) -> dict[int, str]:
    """What a preview says of the organisations its rows matched or were offered: the name
    and where it lies (commune, district), by id; only those in the user's area."""
    if not ids:
        return {}
    query = (
        select(Organisation)
        .where(Organisation.id.in_(ids))
        .options(joinedload(Organisation.legacy_unit).joinedload(AdminUnit.parent))
    )
    where = current_access().organisation_filter()
    if where is not None:
        query = query.where(where)
    return {
        o.id: f"{o.name} ({unit_text(o.legacy_unit)})" if o.legacy_unit else o.name
        for o in db.session.scalars(query)
    }


def _places(unit_ids: set[int | None]) -> dict[int, str]:
    """Where the file puts its rows: each unit's name with its district, by id."""
    ids = {i for i in unit_ids if i}
    if not ids:
        return {}
    query = select(AdminUnit).where(AdminUnit.id.in_(ids)).options(joinedload(AdminUnit.parent))
    return {u.id: unit_text(u) for u in db.session.scalars(query)}


def _stored(token: str) -> tuple[Path, str]:
    """The uploaded file behind a preview token, and its original name. An upload, its
    preview and its outcome file are its author's alone: to anyone else, as a missing one."""
    if not uploads.TOKEN.fullmatch(token) or uploads.choices(token).get("owner") != current_user.id:
        abort(404)
    found = uploads.stored(token)
    if found is None:
        abort(404)
    return found


class ImportView(RoleView):
    roles = frozenset({Role.ADMIN, Role.PLANNER, Role.AREA_OFFICER})

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = UploadForm()
        profiles = db.session.scalars(select(ImportProfile).order_by(ImportProfile.name)).all()
        form.profile.choices = [("", _("None: read the headers"))] + [
            (str(p.id), p.name) for p in profiles
        ]
        if form.validate_on_submit():
            upload = form.file.data
            name = secure_filename(upload.filename or "") or "tep"
            if Path(name).suffix.lower() not in ALLOWED:
                form.file.errors = [_("Only .xlsx, .xlsm, .xls, .ods and .csv files.")]
            else:
                uploads.prune()
                jobs.forget(db.session, utcnow() - timedelta(days=uploads.KEEP_DAYS))
                db.session.commit()
                token = secrets.token_urlsafe(16)
                uploads.store(token, name, upload.save)
                uploads.save_choices(token, owner=current_user.id)
                chosen = next((p for p in profiles if str(p.id) == form.profile.data), None)
                if chosen is not None:
                    uploads.save_choices(
                        token,
                        kind=chosen.kind,
                        corrections=chosen.columns,
                        answers=chosen.answers or [],
                    )
                return redirect(
                    self.get_url(".preview", token=token, sheet=form.sheet.data or None)
                )
        recent = list(_recent_batches())
        seen = _visible(recent)
        shown = [b for b in recent if b.id in seen][:50]
        users = dict(db.session.execute(select(User.id, User.full_name)).all())
        return self.render(
            "admin/import_upload.html",
            form=form,
            batches=shown,
            kinds=_kind_labels(),
            users=users,
            labels=OUTCOME_LABELS,
        )

    def _job(self, token: str, task: str) -> Job:
        """The job doing ``task`` for the upload with the clerk's current choices, given a
        moment to finish."""
        _path, name = _stored(token)
        saved = uploads.choices(token)
        arguments = import_tasks.arguments(
            file_name=name,
            sheet=request.args.get("sheet") or None,
            kind=saved.get("kind"),
            corrections=saved.get("corrections"),
            decisions=saved.get("decisions"),
            answers=saved.get("answers"),
        )
        return web_jobs.wait(web_jobs.start(token, task, arguments, current_user.id))

    def _working(self, token: str, job: Job, what: str):
        """The page a clerk sees while a large file is checked or imported."""
        return self.render(
            "admin/job_progress.html",
            title=_("Import a spreadsheet"),
            unit=_("rows"),
            job=web_jobs.progress(job),
            poll=self.get_url(".progress", token=token, what=what),
            next=request.full_path if what == "check" else self.get_url(".working", token=token),
            stages={stage: str(words) for stage, words in STAGES.items()},
        )

    @expose("/progress/<token>")
    def progress(self, token: str):
        """How far the checking (``what=check``) or the import (``what=commit``) has got."""
        _stored(token)
        task = import_tasks.COMMIT if request.args.get("what") == "commit" else import_tasks.CHECK
        job = web_jobs.find(token, task)
        if job is None:
            abort(404)
        return web_jobs.progress(job)

    @expose("/preview/<token>")
    def preview(self, token: str):
        job = self._job(token, import_tasks.CHECK)
        if not job.finished:
            return self._working(token, job, "check")
        if job.state == JobState.FAILED:
            flash(_failure(job), "error")
            return redirect(self.get_url(".index"))
        if job.state == JobState.REFUSED:
            exc = import_tasks.refusal(job.result)
            flash(_said(exc), "error")
            if exc.mapping:  # the columns are the trouble: let the clerk choose
                return self._render_mapping(token, exc.mapping, exc.kind)
            return redirect(self.get_url(".index"))
        result = uploads.checked_plan(job.subject, job.id)
        if result is None:  # checked again meanwhile, in another tab: show the latest
            return redirect(request.full_path)
        shown = request.args.get("outcome")
        rows = [o for o in result.outcomes if not shown or o.action == shown]
        page = min(max(request.args.get("page", 0, type=int), 0), 10**6)
        pages = max(1, -(-len(rows) // PREVIEW_PAGE))
        page = min(max(page, 0), pages - 1)
        shown_rows = rows[page * PREVIEW_PAGE : (page + 1) * PREVIEW_PAGE]
        return self.render(
            "admin/import_preview.html",
            plan=result,
            rows=shown_rows,
            # Each row names the organisation it was matched to (or offered for review).
            organisations=_names({o.organisation_id for o in shown_rows if o.organisation_id}),
            statuses={s.value: s for s in Status},
            directions={d.value: d for d in DebtDirection},
            counterparties={c.value: c for c in Counterparty},
            places=_places({o.values.get("legacy_unit_id") for o in shown_rows}),
            page=page,
            pages=pages,
            token=token,
            shown=shown,
            outcomes=OUTCOMES,
            counts=result.counts(),
            form=RegistryForm(),
            labels=OUTCOME_LABELS,
            set_aside_labels={k: in_language(w, language()) for k, w in SET_ASIDE_WORDS.items()},
            lang=language(),
            kinds=_kind_labels(),
            fields=self._fields(result.kind),
            field_labels={name: in_language(f.label, language()) for name, f in FIELDS.items()},
            vocabulary={
                name: [(m.value, label(m)) for m in enum]
                for name, enum in values.VOCABULARY.items()
            },
        )

    @staticmethod
    def _fields(kind: str) -> list[tuple[str, str]]:
        return [("", _("(not imported)"))] + [
            (f, in_language(FIELDS[f].label, language())) for f in KINDS[kind].fields
        ]

    def _render_mapping(self, token: str, mapping: list[dict], kind: str):
        return self.render(
            "admin/import_mapping.html",
            token=token,
            mapping=mapping,
            kind=kind,
            kinds=_kind_labels(),
            fields=self._fields(kind),
            form=RegistryForm(),
        )

    @expose("/preview/<token>/decide", methods=("POST",))
    def decide(self, token: str):
        """A person settles a row left for review: the same organisation, or a new one."""
        _stored(token)
        if not RegistryForm().validate_on_submit():
            abort(400)
        key, choice = request.form.get("row", ""), request.form.get("organisation_id", "")
        if not re.fullmatch(r".{1,120}!\d{1,7}", key) or not choice.isdigit():
            abort(400)
        decisions = uploads.choices(token).get("decisions", {}) | {key: int(choice)}
        uploads.save_choices(token, decisions=decisions)
        return redirect(
            self.get_url(
                ".preview",
                token=token,
                sheet=request.args.get("sheet"),
                outcome=request.args.get("outcome"),
            )
        )

    @expose("/preview/<token>/answer", methods=("POST",))
    def answer(self, token: str):
        """What an unknown word means, for every row of the file holding it."""
        _stored(token)
        if not RegistryForm().validate_on_submit():
            abort(400)
        field_name = request.form.get("field", "")
        word, code = request.form.get("value", ""), request.form.get("code", "")
        try:
            key, code = values.parse_answer(f"{field_name}:{word}={code}")
        except ValueError:
            abort(400)
        answers = [a for a in uploads.choices(token).get("answers", []) if tuple(a[:2]) != key]
        uploads.save_choices(token, answers=[*answers, [*key, code]])
        return redirect(self.get_url(".preview", token=token, sheet=request.args.get("sheet")))

    @expose("/preview/<token>/mapping", methods=("POST",))
    def correct_mapping(self, token: str):
        """The clerk's choice of field per column; optionally saved as a named profile."""
        _stored(token)
        if not RegistryForm().validate_on_submit():
            abort(400)
        kind = request.form.get("kind", "")
        if kind not in KINDS or request.form.get("shown_kind", kind) not in KINDS:
            abort(400)
        headers = request.form.getlist("header")
        chosen = dict(zip(headers, request.form.getlist("field"), strict=True))
        if kind != request.form.get("shown_kind", kind):  # another kind: its own columns
            chosen = {h: f for h, f in chosen.items() if f in KINDS[kind].fields}
        try:
            corrections = corrections_from(chosen, kind)
        except Refused as exc:
            flash(_said(exc), "error")
            return redirect(self.get_url(".preview", token=token))
        uploads.save_choices(token, kind=kind, corrections=corrections)
        name = request.form.get("profile_name", "").strip()[:120]
        if name:
            save_profile(
                db.session,
                name,
                kind,
                corrections,
                current_user.id,
                answers=uploads.choices(token).get("answers", []),
            )
            db.session.commit()
            flash(_("Column profile “%(name)s” saved.", name=name), "success")
        return redirect(self.get_url(".preview", token=token, sheet=request.args.get("sheet")))

    @expose("/preview/<token>/outcomes.xlsx")
    def outcomes_xlsx(self, token: str):
        """The original rows with an outcome column, for the clerk to work through."""
        import xlsxwriter

        from importers.readers import read_any
        from importers.totals import disagreement
        from registry.export import safe_cell, sheet_title

        job = web_jobs.wait(self._job(token, import_tasks.CHECK), OUTCOMES_WAIT_SECONDS)
        result = uploads.checked_plan(job.subject, job.id) if job.state == JobState.DONE else None
        if result is None:
            return redirect(self.get_url(".preview", token=token))
        path, name = _stored(token)
        by_place: dict[tuple, list] = {}  # a row may hold several years' figures
        for o in result.outcomes:
            by_place.setdefault((o.sheet, o.row), []).append(o)
        aside = {(r["sheet"], r["row"]): r["kind"] for r in result.set_aside}
        wrong_totals: dict[tuple, list[str]] = {}
        for check in result.total_checks:
            if not check["agrees"]:
                wrong_totals.setdefault((check["sheet"], check["row"]), []).append(
                    in_language(disagreement(check), language())
                )
        out = io.BytesIO()
        book = xlsxwriter.Workbook(
            out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
        )
        titles: set[str] = set()
        for sheet in read_any(path):
            if not any(o.sheet == sheet.name for o in result.outcomes):
                continue
            ws = book.add_worksheet(sheet_title(sheet.name, titles))
            for r, row in enumerate(sheet.rows):
                outcomes = by_place.get((sheet.name, r + 1))
                cells = [
                    safe_cell(v if not hasattr(v, "isoformat") else v.isoformat()) for v in row
                ]
                if outcomes:
                    several = len(outcomes) > 1
                    cells += [
                        " / ".join(
                            (f"{o.record.get('year')}: " if several else "")
                            + str(OUTCOME_LABELS[o.action])
                            for o in outcomes
                        ),
                        "; ".join(note for o in outcomes for note in o.notes(language())),
                    ]
                elif (sheet.name, r + 1) in aside:
                    cells += [
                        _("not a record"),
                        in_language(SET_ASIDE_WORDS[aside[sheet.name, r + 1]], language()),
                    ]
                    cells += wrong_totals.get((sheet.name, r + 1), [])
                ws.write_row(r, 0, cells)
        book.close()
        return Response(
            out.getvalue(),
            headers={
                "Content-Disposition": f"attachment; filename=ket-qua-{secure_filename(name)}.xlsx"
            },
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    @expose("/commit/<token>", methods=("POST",))
    def confirm(self, token: str):
        """Check the file again (the registry may have changed since the preview) and write
        it, all or nothing, in a job; the clerk sees its progress."""
        if not RegistryForm().validate_on_submit():
            abort(400)
        self._job(token, import_tasks.COMMIT)
        return self.working(token)

    @expose("/working/<token>")
    def working(self, token: str):
        _stored(token)
        job = web_jobs.find(token, import_tasks.COMMIT)
        if job is None:
            return redirect(self.get_url(".index"))
        if not job.finished:
            return self._working(token, job, "commit")
        if job.state != JobState.DONE:
            flash(
                _said(import_tasks.refusal(job.result))
                if job.state == JobState.REFUSED
                else _failure(job),
                "error",
            )
            return redirect(self.get_url(".index"))
        result = job.result
        uploads.discard(token)
        counts = ", ".join(
            f"{num(n)} {OUTCOME_LABELS[action]}" for action, n in result["counts"].items()
        )
        flash(
            _("Imported %(file)s: %(counts)s.", file=result["file_name"], counts=counts),
            "success",
        )
        batch_id = result["batch_id"]
        return redirect(self.get_url(".index") + (f"#batch-{batch_id}" if batch_id else ""))

    @expose("/batch/<int:batch_id>")
    def batch_view(self, batch_id: int):
        """A batch's changes, row by row: the field-level trail of an import (its audit log
        entry is one, for the whole batch)."""
        batch = db.session.get(ImportBatch, batch_id)
        if batch is None or batch.id not in _visible([batch]):
            abort(404)
        page = min(max(request.args.get("page", 0, type=int), 0), 10**6)
        total = db.session.scalar(
            select(func.count()).select_from(ImportChange).where(ImportChange.batch_id == batch_id)
        )
        changes = db.session.scalars(
            select(ImportChange)
            .where(ImportChange.batch_id == batch_id)
            .order_by(ImportChange.id)
            .offset(page * BATCH_PAGE)
            .limit(BATCH_PAGE)
        ).all()
        return self.render(
            "admin/import_batch.html",
            batch=batch,
            changes=[(c, batches.written(c)) for c in changes],
            names=_names({c.organisation_id for c in changes if c.organisation_id}),
            kinds=_kind_labels(),
            user=db.session.get(User, batch.user_id) if batch.user_id else None,
            page=page,
            pages=max((total + BATCH_PAGE - 1) // BATCH_PAGE, 1),
            total=total,
        )

    @expose("/undo/<int:batch_id>", methods=("POST",))
    def undo_batch(self, batch_id: int):
        if not RegistryForm().validate_on_submit():
            abort(400)
        batch = db.session.get(ImportBatch, batch_id)
        if batch is None or batch.id not in _visible([batch]):
            abort(404)
        try:
            batches.undo_batch(session=db.session, batch=batch, scope=current_access())
            db.session.commit()
            flash(_("Batch #%(id)s undone.", id=batch_id), "success")
        except DomainError as exc:
            db.session.rollback()
            flash(exc.message(language()), "error")
        return redirect(self.get_url(".index"))


#: How long the outcome workbook waits for its check.
OUTCOMES_WAIT_SECONDS = 600


def _failure(job: Job) -> str:
    """What a clerk is told of a check or an import that did not end: an error (with its
    reference in the server log), or workers that stopped while running it."""
    result = job.result or {}
    if job.task == import_tasks.CHECK:
        if "stopped" in result:
            return _(
                "The file could not be checked: the server stopped while checking it, "
                "%(n)s times. Tell the administrator.",
                n=result["stopped"],
            )
        return _(
            "The file could not be checked: an unexpected error (reference "
            "%(reference)s in the server log).",
            reference=result.get("reference", ""),
        )
    if "stopped" in result:
        return _(
            "The import failed: the server stopped while importing, %(n)s times. Nothing "
            "was written; tell the administrator.",
            n=result["stopped"],
        )
    return _(
        "The import failed: an unexpected error (reference %(reference)s in the server "
        "log). Nothing was written.",
        reference=result.get("reference", ""),
    )


#: Change rows per page of a batch's page.
BATCH_PAGE = 100


def _recent_batches():
    """The newest batches first; an area officer's list is filtered after, so read more."""
    limit = 50 if current_access().everywhere else 500
    return db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc()).limit(limit))


def _visible(shown: list[ImportBatch]) -> set[int]:
    """The ids of the batches the user sees: their own, and those whose every organisation
    lies in their area (all, for provincial roles)."""
    access = current_access()
    own = {b.id for b in shown if access.everywhere or b.user_id == current_user.id}
    others = [b.id for b in shown if b.id not in own]
    return own | batches.covered(db.session, access, others)
