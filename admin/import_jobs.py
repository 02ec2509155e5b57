"""Import work that outlasts a request: checking or committing a large file runs in a thread of
the serving process and counts the rows it has done, while the clerk's page shows a progress
bar. A request waits a moment first (``IMPORT_WAIT_SECONDS``), so a small file is answered at
once, as if no job were involved.

Jobs and their results (a checked plan) live in this process's memory, keyed by upload token
and by the choices they were made with; the last few finished ones are kept so that paging and
filtering a preview does not check the file again. A server running several processes must
send a clerk's requests to the same one (sticky sessions); ``registry serve`` is one process.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from admin.extensions import db
from importers.results import Refused
from registry.db import WRITING

log = logging.getLogger(__name__)

#: Finished jobs kept for their results; a checked plan of 100,000 rows takes ~100 MB.
KEPT = 4


@dataclass
class Job:
    key: Hashable
    stage: str = "reading"  # reading → checking → writing → finished
    total: int = 0
    done: int = 0
    result: Any = None
    error: Refused | None = None  # the file was refused: the clerk is told why
    failed: bool = False  # an unexpected error (logged): the next request starts again
    reference: str = ""  # the failure's reference in the server log, for the clerk to report
    finished: threading.Event = field(default_factory=threading.Event)

    def progress(self, total: int) -> Callable[[], None]:
        """The ``progress`` argument of ``importers.run.plan``."""
        self.total, self.stage = total, "checking"

        def tick() -> None:
            self.done += 1

        return tick

    def state(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "done": self.done,
            "total": self.total,
            "finished": self.finished.is_set(),
        }


_jobs: OrderedDict[str, Job] = OrderedDict()
_lock = threading.Lock()


def find(token: str) -> Job | None:
    with _lock:
        return _jobs.get(token)


def forget(token: str) -> None:
    with _lock:
        _jobs.pop(token, None)


def start(token: str, key: Hashable, work: Callable[[Job], Any], user_id: int | None) -> Job:
    """The job for ``token`` made with ``key``: the running or finished one, else a new one
    running ``work(job)`` in its own thread, application context and database session (the
    audit trail names ``user_id``). The request first lets go of the database: a job writes
    while the request waits for it, and on SQLite a form's request holds the one writer's lock
    (:data:`registry.db.WRITING`)."""
    db.session.commit()
    WRITING.set(False)  # what the request reads from now on begins deferred; reset at its end
    with _lock:
        job = _jobs.get(token)
        if job is not None and job.key == key and not job.failed:
            _jobs.move_to_end(token)
            return job
        job = _jobs[token] = Job(key)
        finished = [t for t, j in _jobs.items() if j.finished.is_set()]
        for old in finished[: max(0, len(finished) - KEPT)]:
            del _jobs[old]
    app = current_app._get_current_object()
    threading.Thread(target=_run, args=(app, job, work, user_id), daemon=True).start()
    return job


def _run(app: Flask, job: Job, work: Callable[[Job], Any], user_id: int | None) -> None:
    try:
        with app.app_context():
            db.session.info["user_id"] = user_id
            try:
                job.result = work(job)
            except Refused as exc:
                db.session.rollback()
                job.error = exc
            except Exception:
                db.session.rollback()
                job.failed, job.reference = True, secrets.token_hex(4)
                log.exception("import job failed (reference %s)", job.reference)
    finally:
        # Told finished only once the context is gone, its session closed and its connection
        # back in the pool: whoever waits may then dispose of the engine (a test module's end).
        job.stage = "finished"
        job.finished.set()
