"""The web's side of jobs (:mod:`registry.jobs`): a clerk's check or import, a planner's
exchange export, becomes a job in the registry's database, taken by a worker of any of the
application's processes; a request waits a moment for it (``IMPORT_WAIT_SECONDS``), so small
work is answered at once, and otherwise shows its progress, which any process can tell.

The same subject (an upload) with the same arguments finds the same job, running or done:
paging and filtering a preview reads the plan its check kept, never checking the file again."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app
from sqlalchemy import select
from sqlmodel import Session

from admin.extensions import db
from registry import jobs
from registry.db import WRITING
from registry.models import Job


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


def own(job_id: int, task: str, user_id: int) -> Job | None:
    """A job of ``task`` asked for by this user, as it stands now; anyone else's is none."""
    job = running().get(job_id)
    return job if job is not None and job.task == task and job.user_id == user_id else None


def find(token: str, task: str) -> Job | None:
    """The latest job of ``task`` for a subject (an upload's token), as it stands now."""
    queue = running()
    with Session(queue.engine) as session:
        job_id = session.scalar(
            select(Job.id)
            .where(Job.subject == token, Job.task == task)
            .order_by(Job.id.desc())
            .limit(1)
        )
    return queue.get(job_id) if job_id else None


def start(token: str, task: str, arguments: dict[str, Any], user_id: int) -> Job:
    """The job of ``task`` for this subject and these arguments, running or done; a new one when
    there is none or the last one failed or was refused (:func:`registry.jobs.find_or_submit`).
    The request first lets go of the database: the job writes while the request waits, and on
    SQLite a form's request holds the one writer's lock (:data:`registry.db.WRITING`)."""
    queue = running()
    db.session.commit()
    writing = WRITING.set(True)  # the look-up and the new job, in one short transaction
    try:
        with Session(queue.engine, expire_on_commit=False) as session:
            job, new = jobs.find_or_submit(session, task, token, arguments, user_id)
            session.commit()
    finally:
        WRITING.reset(writing)
    if new:
        queue.dispatch(job)
    WRITING.set(False)  # what the request reads from now on begins deferred; reset at its end
    return job


def wait(job: Job, seconds: float | None = None) -> Job:
    """The job once finished, or as it stands after ``seconds`` (the configured wait). The
    request's transaction ends first: on SQLite a request that read before the job wrote could
    no longer write after it (a download's audit entry)."""
    db.session.commit()
    if seconds is None:
        seconds = current_app.config["IMPORT_WAIT_SECONDS"]
    return running().wait(job, seconds)


def progress(job: Job) -> dict[str, Any]:
    return running().progress(job)
