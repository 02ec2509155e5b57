"""The web's side of import jobs (:mod:`importers.jobs`, run by :mod:`registry.jobs`): a clerk's
check or import becomes a job in the registry's database, taken by a worker of any of the
application's processes; a request waits a moment for it (``IMPORT_WAIT_SECONDS``), so a small
file is answered at once, and otherwise shows its progress, which any process can tell.

The same upload with the same choices finds the same check, running or done: paging and
filtering a preview reads the plan that check kept, never checking the file again."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlmodel import Session

from admin.extensions import db
from importers import uploads
from importers.jobs import CHECK, COMMIT, arguments, refusal
from importers.results import Plan
from registry import jobs
from registry.db import WRITING
from registry.enums import JobState
from registry.models import Job

__all__ = [
    "CHECK",
    "COMMIT",
    "arguments",
    "checked_plan",
    "find",
    "finished",
    "progress",
    "refusal",
    "start",
    "wait",
]

#: Checked plans kept unpickled in this process, the latest first; 100,000 rows take ~100 MB.
KEPT = 2
_plans: OrderedDict[int, Plan] = OrderedDict()


def init_app(app: Flask) -> None:
    """The application's jobs: its workers start with the first job asked for or looked at,
    or at once where the server says (``registry serve``, ``admin.wsgi``)."""
    with app.app_context():
        app.extensions["registry.jobs"] = jobs.Jobs(
            db.engine,
            jobs_url=app.config.get("JOBS_URL"),
            workers=int(app.config.get("JOB_WORKERS", 2)),
            lease_seconds=app.config.get("JOB_LEASE_SECONDS"),
        )


def running() -> jobs.Jobs:
    """This application's jobs, with its workers running."""
    found: jobs.Jobs = current_app.extensions["registry.jobs"]
    found.start()
    return found


def find(token: str, task: str) -> Job | None:
    """The latest job of ``task`` for an upload, as it stands now."""
    queue = running()
    with Session(queue.engine) as session:
        job_id = session.scalar(_latest(token, task).with_only_columns(Job.id))
    return queue.get(job_id) if job_id else None


def _latest(token: str, task: str):
    return select(Job).where(Job.subject == token, Job.task == task).order_by(Job.id.desc())


def start(token: str, task: str, arguments: dict[str, Any], user_id: int) -> Job:
    """The job of ``task`` for this upload and these arguments, running or done; a new one when
    there is none or the last one failed or was refused. The request first lets go of the
    database: the job writes while the request waits, and on SQLite a form's request holds the
    one writer's lock (:data:`registry.db.WRITING`)."""
    queue = running()
    db.session.commit()
    writing = WRITING.set(True)  # the look-up and the new job, in one short transaction
    try:
        with Session(queue.engine, expire_on_commit=False) as session:
            key = jobs.key_of(arguments)
            job = session.scalar(_latest(token, task).where(Job.key == key).limit(1))
            if job is None or job.state in (JobState.FAILED, JobState.REFUSED):
                job = jobs.submit(session, task, token, arguments, user_id)
                session.commit()
                queue.dispatch(job)
    finally:
        WRITING.reset(writing)
    WRITING.set(False)  # what the request reads from now on begins deferred; reset at its end
    return job


def wait(job: Job, seconds: float | None = None) -> Job:
    """The job once finished, or as it stands after ``seconds`` (the configured wait)."""
    if seconds is None:
        seconds = current_app.config["IMPORT_WAIT_SECONDS"]
    return running().wait(job, seconds)


def finished(job: Job) -> bool:
    return job.state not in (JobState.QUEUED, JobState.RUNNING)


def progress(job: Job) -> dict[str, Any]:
    return running().progress(job)


def checked_plan(job: Job) -> Plan | None:
    """The plan a finished check kept (read once per process, then held)."""
    plan = _plans.get(job.id)
    if plan is None:
        plan = uploads.checked_plan(job.subject, job.id)
        if plan is None:
            return None
        _plans[job.id] = plan
        while len(_plans) > KEPT:
            _plans.popitem(last=False)
    _plans.move_to_end(job.id)
    return plan

