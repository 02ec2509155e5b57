"""Work that outlasts a request — an import's check or commit — run so that no process's end
loses it.

The truth is the :class:`~registry.models.Job` row in the registry's own database: what to do,
for whom, where it stands and how it ended. Huey, the job library, carries job ids to the
workers and keeps each running job's lease and progress in its key-value store: on the embedded
default a SQLite file in the data directory; in a deployment Redis or PostgreSQL
(``REGISTRY_JOBS_URL``). Leases and progress stay out of the registry's database because on
SQLite a commit job holds the one writer's lock for as long as it runs.

Huey alone runs a task at most once: a worker killed mid-task takes the task with it
(coleifer/huey#514). So here:

- a worker **takes** a queued job by raising its attempt, in an update only one worker can make;
- while it runs, it **renews its lease** four times a second, with the job's progress;
- it writes the job's **outcome** only while the attempt is still its own, an import's in the
  import's own transaction: a job ends once, whatever became of an earlier worker;
- a **watch** in every worker process queues again each job whose lease ran out (its worker
  died) or that waited too long for a worker (its message was lost), :data:`MAX_ATTEMPTS`
  times at most.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from huey import Huey, PostgresHuey, RedisHuey, SqliteHuey
from huey.consumer import Consumer
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.engine import make_url
from sqlmodel import Session

from registry.config import data_dir
from registry.db import WRITING
from registry.enums import JobState
from registry.models import Job
from registry.models.base import utcnow
from registry.models.jobs import ACTIVE

log = logging.getLogger(__name__)

#: How long a running job's worker is trusted without renewing its lease.
LEASE_SECONDS = 30.0
#: How often a running job renews its lease and says how far it has got.
BEAT_SECONDS = 0.25
#: A job whose workers died this many times is given up (a file that kills its worker).
MAX_ATTEMPTS = 3
#: How long stopping waits for the running jobs.
STOP_SECONDS = 60.0
#: This process, as a job's ``worker`` names it.
WORKER = f"{socket.gethostname()}:{os.getpid()}"

Outcome = tuple[JobState, dict[str, Any]]


class Progress:
    """What a running job says of itself; its lease carries it to whoever asks."""

    def __init__(self) -> None:
        self.stage, self.done, self.total = "reading", 0, 0

    def counter(self, total: int, stage: str = "checking") -> Callable[[], None]:
        """The ``progress`` argument of ``importers.run.plan``: ``total`` rows to check (or,
        in another ``stage``, to export)."""
        self.stage, self.total, self.done = stage, total, 0

        def tick() -> None:
            self.done += 1

        return tick

    def said(self) -> dict[str, Any]:
        return {"stage": self.stage, "done": self.done, "total": self.total}


@dataclass(frozen=True)
class Task:
    name: str
    #: Does the work in the session and says how it ended; a refusal is an outcome too.
    run: Callable[[Session, Job, Progress], Outcome]
    #: Whether it writes to the registry: then its transaction takes SQLite's writer lock at
    #: once, and its outcome is written in that same transaction.
    writes: bool


#: Every task a worker can run, by name; filled by the modules that define them, which
#: :data:`TASK_MODULES` lists.
TASKS: dict[str, Task] = {}
TASK_MODULES = ("importers.jobs", "registry.exchange")


def task(name: str, *, writes: bool = False) -> Callable:
    def register(run: Callable[[Session, Job, Progress], Outcome]) -> Callable:
        TASKS[name] = Task(name, run, writes)
        return run

    return register


def key_of(arguments: dict[str, Any]) -> str:
    """What tells one job's work from another's: the same arguments, the same key."""
    return hashlib.sha256(json.dumps(arguments, sort_keys=True).encode()).hexdigest()


def submit(
    session: Session, name: str, subject: str, arguments: dict[str, Any], user_id: int | None
) -> Job:
    """A new queued job, flushed; its owner commits, then hands it to :meth:`Jobs.dispatch`."""
    if name not in TASKS:
        raise KeyError(f"no task {name!r}")
    job = Job(
        task=name, subject=subject, key=key_of(arguments), arguments=arguments, user_id=user_id
    )
    session.add(job)
    session.flush()
    return job


def find_or_submit(
    session: Session, name: str, subject: str, arguments: dict[str, Any], user_id: int | None
) -> tuple[Job, bool]:
    """The job doing this work (``name`` with ``arguments``) for ``subject``, queued, running
    or done; else a new one, flushed (then True: its owner commits, then dispatches it). Two
    asking at once get one job — a clerk's double click on "import" imports once: on
    PostgreSQL the second waits on a lock of the subject until the first's transaction ends;
    on SQLite the caller's transaction begins IMMEDIATE (:data:`registry.db.WRITING`), which
    does the same for the whole database."""
    if session.get_bind().dialect.name == "postgresql":
        digest = hashlib.sha256(f"job:{subject}".encode()).digest()
        lock = int.from_bytes(digest[:8], "big", signed=True)
        session.execute(select(func.pg_advisory_xact_lock(lock)))
    job = session.scalar(
        select(Job)
        .where(Job.subject == subject, Job.task == name, Job.key == key_of(arguments))
        .order_by(Job.id.desc())
        .limit(1)
    )
    if job is not None and job.state not in (JobState.FAILED, JobState.REFUSED):
        return job, False
    return submit(session, name, subject, arguments, user_id), True


def queue_of(jobs_url: str | None, name: str) -> Huey:
    """The job library's queue called ``name``, kept where ``REGISTRY_JOBS_URL`` says
    (``redis://…``, ``postgresql://…`` or ``sqlite:///file``), else in a SQLite file in the
    data directory."""
    url = jobs_url or os.environ.get("REGISTRY_JOBS_URL") or ""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    if url.startswith(("postgresql://", "postgres://")):
        return _postgres_queue(name, url)
    path = Path(url.removeprefix("sqlite:///")) if url else data_dir() / "jobs.sqlite"
    if url and not url.startswith("sqlite:///"):
        raise ValueError(f"REGISTRY_JOBS_URL: redis://, postgresql:// or sqlite:///, not {url!r}")
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=str(path), results=False, timeout=30)


#: The advisory lock under which a process creates the job tables in PostgreSQL.
_TABLES_LOCK = 0x6A6F6273  # "jobs"


def _postgres_queue(name: str, url: str) -> Huey:
    """A queue kept in PostgreSQL, its tables created (when missing) by one process at a
    time: two web workers starting together on a fresh database both ran ``create table if
    not exists``, and one failed on the catalogue's unique index — then failed to boot, and
    the server with it."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as lock:
        lock.execute("SELECT pg_advisory_lock(%s)", (_TABLES_LOCK,))
        try:
            return PostgresHuey(name, dsn=url, results=False)
        finally:
            lock.execute("SELECT pg_advisory_unlock(%s)", (_TABLES_LOCK,))


def _channel(engine: Engine) -> str:
    """The queue's name for this registry database: two registries sharing a queue's storage
    (tests, a staging copy) never take each other's jobs."""
    url = make_url(engine.url)
    where = url.database if url.get_backend_name() == "sqlite" else url.render_as_string()
    if url.get_backend_name() == "sqlite" and where and where != ":memory:":
        where = str(Path(where).resolve())
    return (
        "registry-" + hashlib.sha256(f"{url.get_backend_name()}:{where}".encode()).hexdigest()[:16]
    )


class _Embedded(Consumer):
    """Huey's consumer without its signal handlers: it runs in threads beside a web server,
    whose own handlers stay (Huey's would swallow the server's SIGINT and SIGTERM)."""

    def _set_signal_handlers(self) -> None:
        pass


def _aware(moment: datetime) -> datetime:
    """SQLite gives its datetimes back without their offset; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Lost(Exception):
    """The job was taken again meanwhile (this worker's lease had run out): its outcome is
    another attempt's to write."""


class Jobs:
    """The jobs of one registry database: submitting them, running them in this process's
    workers, watching for those whose worker died."""

    def __init__(
        self,
        engine: Engine,
        jobs_url: str | None = None,
        workers: int = 2,
        lease_seconds: float | None = None,
    ) -> None:
        self.engine = engine
        self.workers = workers
        self.lease = lease_seconds or float(
            os.environ.get("REGISTRY_JOB_LEASE_SECONDS", LEASE_SECONDS)
        )
        self.huey = queue_of(jobs_url, _channel(engine))
        self._run_task = self.huey.task(name="registry.job")(self._run)
        self._consumer: Consumer | None = None
        self._watcher: threading.Thread | None = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()

    # The side that asks.

    def dispatch(self, job: Job) -> None:
        """Hand a committed job to the workers. A queue that does not answer (Redis down) is
        logged, not raised: the job is kept, and the watch sends it again once it answers."""
        try:
            self._run_task(job.id)
        except Exception:
            log.exception("job %s kept but not yet queued: the queue did not answer", job.id)

    def get(self, job_id: int) -> Job | None:
        """The job as it stands now (read outside any request's transaction, which on SQLite
        would keep showing it as it was)."""
        with Session(self.engine, expire_on_commit=False) as session:
            return session.get(Job, job_id)

    def wait(self, job: Job, seconds: float) -> Job:
        """The job once finished, or as it stands after ``seconds``."""
        deadline = time.monotonic() + seconds
        pause = 0.01
        while True:
            job = self.get(job.id) or job
            if job.finished or time.monotonic() >= deadline:
                return job
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 1.5, 0.25)

    def progress(self, job: Job) -> dict[str, Any]:
        """How far the job has got: ``stage``, ``done``, ``total``, ``finished``."""
        if not job.finished:
            lease = self._lease(job.id)
            said = (
                {k: lease[k] for k in ("stage", "done", "total")}
                if job.state == JobState.RUNNING and lease and lease["attempt"] == job.attempt
                else {"stage": "queued" if job.state == JobState.QUEUED else "reading"}
            )
            return {"done": 0, "total": 0} | said | {"finished": False}
        result = job.result or {}
        return {
            "stage": "finished",
            "done": result.get("done", 0),
            "total": result.get("total", 0),
            "finished": True,
        }

    # The workers.

    def start(self) -> None:
        """Run this process's workers and its watch, in threads (once)."""
        with self._lock:
            if self._consumer is not None:
                return
            for name in TASK_MODULES:
                importlib.import_module(name)
            self._stopped.clear()
            self._consumer = _Embedded(
                self.huey,
                workers=self.workers,
                worker_type="thread",
                periodic=False,
                initial_delay=0.05,
                backoff=1.5,
                max_delay=0.5,  # a SQLite queue is polled; a new job waits at most this
                check_worker_health=False,
                shutdown_timeout=STOP_SECONDS,
            )
            self._consumer.start()
            self._watcher = threading.Thread(
                target=self._watch, name="registry-jobs-watch", daemon=True
            )
            self._watcher.start()

    def stop(self, graceful: bool = True) -> None:
        """Stop this process's workers and watch: ``graceful``, once their jobs are done (at
        most :data:`STOP_SECONDS`), so that none holds a connection when the engine goes."""
        with self._lock:
            if self._consumer is None:
                return
            self._stopped.set()
            self._consumer.stop(graceful=graceful)
            self._watcher.join(STOP_SECONDS)
            self._consumer = None

    def _watch(self) -> None:
        interval = max(self.lease / 3, 0.2)
        while not self._stopped.wait(interval):
            try:
                self.watch_once()
            except Exception:
                log.exception("watching the jobs failed; trying again")

    def watch_once(self) -> None:
        """Queue again the jobs whose worker died (their lease ran out) and those that waited
        for a worker longer than a lease (their message was lost)."""
        now = utcnow()
        late = now - timedelta(seconds=self.lease)
        with Session(self.engine) as session:
            rows = session.execute(
                select(Job.id, Job.state, Job.attempt, Job.queued_at, Job.started_at).where(
                    Job.state.in_(ACTIVE)
                )
            ).all()
        for job_id, state, attempt, queued_at, started_at in rows:
            if state == JobState.QUEUED:
                if _aware(queued_at) < late:
                    self._requeue(job_id, JobState.QUEUED, attempt)
                continue
            lease = self._lease(job_id)
            alive = lease is not None and lease["attempt"] == attempt
            if alive and lease["until"] > time.time():
                continue
            if not alive and started_at is not None and _aware(started_at) > late:
                continue  # just taken: its first beat is on its way
            self._requeue(job_id, JobState.RUNNING, attempt)

    def _requeue(self, job_id: int, state: JobState, attempt: int) -> None:
        given_up = state == JobState.RUNNING and attempt >= MAX_ATTEMPTS
        values: dict[str, Any] = {"queued_at": utcnow()}
        if state == JobState.RUNNING:
            values["state"] = JobState.FAILED if given_up else JobState.QUEUED
        if given_up:
            values |= {"finished_at": utcnow(), "result": {"stopped": attempt}}
        with Session(self.engine) as session:
            changed = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.state == state, Job.attempt == attempt)
                .values(**values)
            ).rowcount
            session.commit()
        if not changed:
            return
        if given_up:
            log.error("job %s given up: its worker stopped %s times", job_id, attempt)
            return
        if state == JobState.RUNNING:
            log.warning("job %s queued again: its worker stopped (attempt %s)", job_id, attempt)
        self._run_task(job_id)  # the watch catches a queue that does not answer

    def _lease(self, job_id: int) -> dict[str, Any] | None:
        value = self.huey.get(f"lease:{job_id}", peek=True)
        return value if isinstance(value, dict) else None

    def _run(self, job_id: int) -> None:
        """A worker's part: take the job, run it under a lease, write how it ended."""
        job = self._take(job_id)
        if job is None:
            return  # taken by another worker, or finished meanwhile
        progress = Progress()
        beating = threading.Event()

        def beat() -> None:
            self.huey.put(
                f"lease:{job.id}",
                {"attempt": job.attempt, "until": time.time() + self.lease} | progress.said(),
            )

        def beats() -> None:
            while not beating.wait(BEAT_SECONDS):
                try:
                    beat()
                except Exception:
                    log.exception("job %s: its lease could not be renewed", job.id)

        beat()
        beater = threading.Thread(target=beats, name=f"registry-job-{job.id}", daemon=True)
        beater.start()
        try:
            self._execute(job, progress)
        finally:
            beating.set()
            beater.join()
            self.huey.delete(f"lease:{job.id}")

    def _take(self, job_id: int) -> Job | None:
        with Session(self.engine, expire_on_commit=False) as session:
            taken = session.execute(
                update(Job)
                .where(Job.id == job_id, Job.state == JobState.QUEUED)
                .values(
                    state=JobState.RUNNING,
                    attempt=Job.attempt + 1,
                    worker=WORKER,
                    started_at=utcnow(),
                )
            ).rowcount
            job = session.get(Job, job_id) if taken else None
            session.commit()
            return job

    def _execute(self, job: Job, progress: Progress) -> None:
        task_ = TASKS[job.task]
        writing = WRITING.set(task_.writes)
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                session.info["user_id"] = job.user_id
                try:
                    state, result = task_.run(session, job, progress)
                    if not task_.writes:
                        session.rollback()  # what it read ends here: the outcome is a write
                    _finish(session, job, state, result | progress.said())
                    session.commit()
                except Lost:
                    session.rollback()
                    log.warning("job %s: taken again meanwhile; this attempt's end dropped", job.id)
                except Exception:
                    session.rollback()
                    reference = secrets.token_hex(4)
                    log.exception("job %s failed (reference %s)", job.id, reference)
                    try:
                        _finish(session, job, JobState.FAILED, {"reference": reference})
                        session.commit()
                    except Lost:
                        session.rollback()
        finally:
            WRITING.reset(writing)


def _finish(session: Session, job: Job, state: JobState, result: dict[str, Any]) -> None:
    """Write how the job ended, if this attempt still holds it."""
    ended = session.execute(
        update(Job)
        .where(Job.id == job.id, Job.attempt == job.attempt, Job.state == JobState.RUNNING)
        .values(state=state, result=result, finished_at=utcnow())
    ).rowcount
    if ended != 1:
        raise Lost(job.id)


def forget(session: Session, before: datetime) -> int:
    """Remove the jobs finished before ``before``; how many."""
    return session.execute(
        delete(Job).where(Job.finished_at.is_not(None), Job.finished_at < before)
    ).rowcount
