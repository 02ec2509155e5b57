"""Exchange with the national database, for planning staff: download the province's export,
and compare a national extract with the registry (nothing is written from it)."""

from __future__ import annotations

import secrets

from flask import Response, abort, flash, redirect, request
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.file import FileField
from wtforms import validators

from admin import jobs as web_jobs
from admin.extensions import db
from admin.forms import RegistryForm
from admin.i18n import language
from admin.views.plain import RoleView, export_name
from registry import exchange as national
from registry.enums import AuditAction, JobState, Role
from registry.models import Job
from registry.services import audit

#: The largest extract read (a province's 35,000 organisations in JSON are about 40 MB).
MAX_EXTRACT_BYTES = 100 * 1024 * 1024


class ExtractForm(RegistryForm):
    extract = FileField(
        _l("National extract (JSON, or the CSV zip)"), validators=[validators.InputRequired()]
    )


class ExchangeView(RoleView):
    roles = frozenset({Role.ADMIN, Role.PLANNER})

    @expose("/", methods=("GET", "POST"))
    def index(self):
        fmt = request.args.get("format")
        if fmt in national.EXTENSIONS:  # written by a job: a province takes seconds
            subject = f"exchange:{secrets.token_urlsafe(12)}"
            job = web_jobs.start(subject, national.EXPORT, {"format": fmt}, current_user.id)
            return redirect(self.get_url(".export", job_id=job.id))
        form = ExtractForm()
        found, error = None, None
        if form.validate_on_submit():
            data = form.extract.data.read(MAX_EXTRACT_BYTES + 1)
            if len(data) > MAX_EXTRACT_BYTES:
                error = "100 MB"
            else:
                try:
                    found = national.compare(db.session, national.read_extract(data))
                except national.ExtractError as exc:
                    error = exc.en if language() == "en" else exc.vi
        return self.render(
            "admin/exchange.html", form=form, found=found, error=error, format=national.FORMAT
        )

    @expose("/export/<int:job_id>")
    def export(self, job_id: int):
        """The export's progress until it is written, then the file."""
        job = self._own(job_id)
        job = web_jobs.wait(job)
        if not job.finished:
            return self.render(
                "admin/job_progress.html",
                title=_("Exchange with the national database"),
                job=web_jobs.progress(job),
                poll=self.get_url(".export_progress", job_id=job_id),
                next=self.get_url(".export", job_id=job_id),
                stages={
                    "queued": _("Waiting its turn…"),
                    "reading": _("Reading the registry…"),  # taken, not yet counting
                    "exporting": _("Writing the export…"),
                },
                unit=_("organisations"),
            )
        fmt = job.arguments["format"]
        path = national.export_path(job.id, fmt)
        if job.state != JobState.DONE or not path.exists():
            flash(
                _(
                    "The export could not be written (reference %(reference)s in the server "
                    "log); export again.",
                    reference=(job.result or {}).get("reference", "—"),
                )
                if job.state != JobState.DONE
                else _("That export is no longer kept; export again."),
                "error",
            )
            return redirect(self.get_url(".index"))
        audit.record(
            db.session,
            action=AuditAction.EXPORT,
            table_name="organisation",
            summary=(
                f"Xuất tệp trao đổi với cơ sở dữ liệu quốc gia ({fmt.upper()}).",
                f"Exported the national exchange document ({fmt.upper()}).",
            ),
        )
        db.session.commit()
        return Response(
            path.read_bytes(),
            mimetype="application/json" if fmt == "json" else "application/zip",
            headers={
                "Content-Disposition": "attachment; filename="
                + export_name("trao-doi-quoc-gia", national.EXTENSIONS[fmt])
            },
        )

    @expose("/export/<int:job_id>/progress")
    def export_progress(self, job_id: int):
        return web_jobs.progress(self._own(job_id))

    @staticmethod
    def _own(job_id: int) -> Job:
        """An export the user asked for; anyone else's is not found."""
        job = web_jobs.own(job_id, national.EXPORT, current_user.id)
        if job is None:
            abort(404)
        return job
