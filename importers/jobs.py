"""An import's check and its commit as jobs (:mod:`registry.jobs`): whichever worker takes one
reads the upload from the data directory and does what ``registry import`` does, with the
clerk's choices and within the clerk's area."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from importers import uploads
from importers.results import Plan, Refused
from importers.run import commit, plan
from registry.enums import JobState
from registry.jobs import Outcome, Progress, task
from registry.models import Job, User
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


@task(CHECK)
def check(session: Session, job: Job, progress: Progress) -> Outcome:
    """Every row's outcome, kept beside the upload for the preview's pages."""
    try:
        checked = _plan(session, job, progress)
    except Refused as exc:
        return _refused(exc)
    uploads.keep_plan(job.subject, job.id, checked)
    return JobState.DONE, {"counts": checked.counts()}


@task(COMMIT, writes=True)
def write(session: Session, job: Job, progress: Progress) -> Outcome:
    """Check the file again (the registry may have changed since the preview) and write it,
    all or nothing: the job's outcome is written in the same transaction."""
    try:
        checked = _plan(session, job, progress)
    except Refused as exc:
        session.rollback()
        return _refused(exc)
    progress.stage = "writing"
    batch = commit(session, checked)
    return JobState.DONE, {
        "batch_id": batch.id if batch else None,
        "counts": checked.counts(),
        "file_name": checked.file_name,
    }
