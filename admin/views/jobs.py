"""Background jobs, for administrators: what the workers are doing and have done (imports'
checks and commits, exchange exports), whose each was, how it ended, and which failed — the
place a clerk told "the server stopped while importing; tell the administrator" sends them."""

from __future__ import annotations

from flask import request
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from admin import jobs as web_jobs
from admin.extensions import db
from admin.formatting import label, num
from admin.i18n import language
from admin.views.plain import RoleView
from importers import jobs as import_tasks
from importers.results import ACTION_WORDS
from registry import exchange
from registry.enums import JobState, Role
from registry.models import Job, User

#: The newest jobs shown.
SHOWN = 200
TASKS = {
    import_tasks.CHECK: _l("Checking a file to import"),
    import_tasks.COMMIT: _l("Importing a file"),
    exchange.EXPORT: _l("National exchange export"),
}


class JobsView(RoleView):
    roles = frozenset({Role.ADMIN})

    @expose("/")
    def index(self):
        state = request.args.get("state")
        query = select(Job).order_by(Job.id.desc()).limit(SHOWN)
        if state in JobState._value2member_map_:
            query = query.where(Job.state == JobState(state))
        shown = db.session.scalars(query).all()
        users = dict(
            db.session.execute(
                select(User.id, User.full_name).where(User.id.in_({j.user_id for j in shown}))
            ).all()
        )
        return self.render(
            "admin/jobs.html",
            worker=_worker,
            jobs=[
                (job, self._task(job), users.get(job.user_id, ""), self._said(job)) for job in shown
            ],
            states=[(s.value, label(s)) for s in JobState],
            state=state,
            label=label,
        )

    @staticmethod
    def _task(job: Job) -> str:
        """What the job does, with the file it does it to."""
        words = str(TASKS.get(job.task, job.task))
        name = (job.arguments or {}).get("file_name")
        return f"{words}: {name}" if name else words

    @staticmethod
    def _said(job: Job) -> str:
        """How the job stands or ended, in words."""
        result = job.result or {}
        if not job.finished:
            progress = web_jobs.progress(job)
            return (
                f"{num(progress['done'])} / {num(progress['total'])}" if progress["total"] else ""
            )
        if job.state == JobState.REFUSED:
            return result.get("en" if language() == "en" else "vi", "")
        if job.state == JobState.FAILED:
            if "stopped" in result:
                return _("Its worker stopped %(n)s times.", n=result["stopped"])
            return _(
                "Unexpected error, reference %(reference)s.", reference=result.get("reference")
            )
        if "counts" in result:
            english = language() == "en"
            counted = ", ".join(
                f"{num(n)} {ACTION_WORDS[action][1 if english else 0]}"
                for action, n in result["counts"].items()
            )
            if result.get("batch_id"):
                counted += " · " + _("Import batch no. %(id)s", id=result["batch_id"])
            return counted
        if "bytes" in result:
            return f"{result['format'].upper()}, {num(round(result['bytes'] / 1e6, 1))} MB"
        return ""


def _worker(job: Job) -> str:
    """The server and process that last took the job (``host:pid``), in words."""
    host, _sep, pid = job.worker.rpartition(":")
    return _("%(host)s, process %(pid)s", host=host, pid=pid) if host else ""
