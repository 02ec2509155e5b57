"""An import's check and its commit as jobs (:mod:`registry.jobs`): whichever worker takes one
reads the upload from the data directory and does what ``registry import`` does, with the
clerk's choices and within the clerk's area."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from importers import uploads
from importers.results import Plan, Refused
from importers.run import commit, plan
from registry.enums import JobState
from registry.jobs import Outcome, Progress, task
from registry.models import AuditEntry, ImportBatch, Job, User
from registry.scope import scope_of

CHECK = "import.check"
COMMIT = "import.commit"


def arguments(
    *,
    file_name: str,
    sheet: str | None,
    kind: str | None,
    corrections: dict | None,
    decisions: dict | None,
    answers: list | None,
) -> dict[str, Any]:
    """What a job is given besides its upload's token: the clerk's choices, as JSON (and the
    file's name, for the list of jobs)."""
    return {
        "file_name": file_name,
        "sheet": sheet,
        "kind": kind,
        "corrections": corrections,
        "decisions": decisions,
        "answers": sorted(answers or []),
    }


def refusal(result: dict[str, Any]) -> Refused:
    """A refused job's refusal, as the importer said it."""
    return Refused(result["vi"], result["en"], result.get("mapping"), result.get("kind", ""))


def _refused(exc: Refused) -> Outcome:
    return JobState.REFUSED, {"vi": exc.vi, "en": exc.en, "mapping": exc.mapping, "kind": exc.kind}


def _plan(session: Session, job: Job, progress: Progress) -> Plan:
    found = uploads.stored(job.subject)
    if found is None:
        raise Refused(
            "Tệp tải lên không còn (đã nhập hoặc đã quá hạn lưu giữ); hãy tải tệp lên lại.",
            "The upload is gone (imported already, or kept past its time); upload it again.",
        )
    path, name = found
    given = job.arguments
    user = session.get(User, job.user_id) if job.user_id is not None else None
    return plan(
        session,
        path=path,
        file_name=name,
        sheet=given["sheet"],
        kind=given["kind"],
        corrections=given["corrections"],
        decisions=given["decisions"],
        answers={(field, word): code for field, word, code in given["answers"]},
        scope=scope_of(session, user),
        progress=progress.counter,
    )


def _stamp(session: Session) -> list[int]:
    """What tells whether the registry changed: how many audit entries and import batches it
    holds. Every write is audited (an import by its batch's entry, a change of a user's area
    too) and neither table loses a row; counted, not their largest id, which on PostgreSQL a
    transaction begun earlier may commit below."""
    return [
        session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        session.scalar(select(func.count()).select_from(ImportBatch)) or 0,
    ]


@task(CHECK)
def check(session: Session, job: Job, progress: Progress) -> Outcome:
    """Every row's outcome, kept beside the upload for the preview's pages, with the registry's
    stamp as it was before the check began."""
    stamp = _stamp(session)
    try:
        checked = _plan(session, job, progress)
    except Refused as exc:
        return _refused(exc)
    uploads.keep_plan(job.subject, job.id, checked)
    return JobState.DONE, {"counts": checked.counts(), "stamp": stamp, "sha256": checked.sha256}


def _still_true(session: Session, job: Job) -> Plan | None:
    """The plan the clerk saw, when it is still what importing would do: the check of the same
    file with the same choices, the registry unchanged since it began (read inside the
    commit's transaction, which on SQLite holds the writer's lock already)."""
    checked = session.scalar(
        select(Job)
        .where(
            Job.subject == job.subject,
            Job.task == CHECK,
            Job.key == job.key,
            Job.state == JobState.DONE,
        )
        .order_by(Job.id.desc())
        .limit(1)
    )
    said = (checked.result or {}) if checked is not None else {}
    found = uploads.stored(job.subject)
    if said.get("stamp") != _stamp(session) or found is None:
        return None
    if hashlib.sha256(found[0].read_bytes()).hexdigest() != said.get("sha256"):
        return None  # the file itself changed since (told before its plan is read)
    return uploads.checked_plan(job.subject, checked.id)


@task(COMMIT, writes=True)
def write(session: Session, job: Job, progress: Progress) -> Outcome:
    """Write the file, all or nothing: the plan the clerk saw when the registry has not changed
    since its check, else the file checked again. The job's outcome is written in the same
    transaction."""
    checked = _still_true(session, job)
    again = checked is None
    if again:
        try:
            checked = _plan(session, job, progress)
        except Refused as exc:
            session.rollback()
            return _refused(exc)
    else:
        progress.total = progress.done = len(checked.outcomes)
    progress.stage = "writing"
    batch = commit(session, checked)
    return JobState.DONE, {
        "batch_id": batch.id if batch else None,
        "counts": checked.counts(),
        "file_name": checked.file_name,
        "checked_again": again,
    }
