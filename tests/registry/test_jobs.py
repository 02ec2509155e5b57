"""The job mechanics (registry/jobs.py) on a real database and a real queue file: a job ends
once, by the attempt that holds it; a dead worker's job is queued again, and given up after
MAX_ATTEMPTS; a lost message is sent again; a refusal and a crash are told apart."""

from __future__ import annotations

import secrets
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session

from registry import jobs
from registry.db import WRITING
from registry.enums import JobState
from registry.models import Job
from registry.models.base import utcnow
from tests.conftest import POSTGRES_URL

#: What the test tasks were asked to do, by job id; an Event each run waits on when told to.
RAN: dict[int, list[str]] = {}
HOLD = threading.Event()


@jobs.task("test.echo")
def _echo(session: Session, job: Job, progress: jobs.Progress) -> jobs.Outcome:
    RAN.setdefault(job.id, []).append(jobs.WORKER)
    tick = progress.counter(3)
    for _ in range(3):
        tick()
    if job.arguments.get("hold"):
        HOLD.wait(30)
    if job.arguments.get("refuse"):
        return JobState.REFUSED, {"vi": "Không.", "en": "No."}
    if job.arguments.get("crash"):
        raise RuntimeError("a defect")
    return JobState.DONE, {"said": job.arguments["say"]}


@pytest.fixture
def queue(engine, tmp_path):
    made = jobs.Jobs(engine, jobs_url=f"sqlite:///{tmp_path / 'q.sqlite'}", lease_seconds=1)
    RAN.clear()  # job ids start again with each backend's database
    yield made
    HOLD.set()
    made.stop()
    HOLD.clear()
    with Session(engine) as session:
        session.execute(update(Job).where(Job.task == "test.echo").values(state=JobState.DONE))
        session.commit()


def _submit(queue: jobs.Jobs, engine, **arguments) -> Job:
    with Session(engine, expire_on_commit=False) as session:
        job = jobs.submit(session, "test.echo", "subject", arguments, None)
        session.commit()
    queue.dispatch(job)
    return job


def test_a_job_runs_and_says_how_it_ended(queue, engine):
    queue.start()
    job = queue.wait(_submit(queue, engine, say="xin chào"), 30)
    assert job.state == JobState.DONE and job.attempt == 1
    assert job.result == {"said": "xin chào", "stage": "checking", "done": 3, "total": 3}
    assert queue.progress(job) == {"stage": "finished", "done": 3, "total": 3, "finished": True}
    assert RAN[job.id] == [jobs.WORKER]


def test_a_refusal_and_a_crash_are_told_apart(queue, engine):
    queue.start()
    refused = queue.wait(_submit(queue, engine, refuse=True), 30)
    crashed = queue.wait(_submit(queue, engine, crash=True), 30)
    assert refused.state == JobState.REFUSED and refused.result["en"] == "No."
    assert crashed.state == JobState.FAILED and len(crashed.result["reference"]) == 8


def test_an_attempt_that_lost_its_job_writes_nothing(queue, engine):
    """A worker whose lease ran out, and whose job another took, cannot end it."""
    job = _submit(queue, engine, say="một")
    taken = queue._take(job.id)
    with Session(engine) as session:  # another worker took it meanwhile
        session.execute(update(Job).where(Job.id == job.id).values(attempt=Job.attempt + 1))
        session.commit()
    with Session(engine) as session, pytest.raises(jobs.Lost):
        jobs._finish(session, taken, JobState.DONE, {})
    assert queue.get(job.id).state == JobState.RUNNING


def test_a_dead_workers_job_is_queued_again_and_given_up_at_last(queue, engine):
    job = _submit(queue, engine, say="hai")
    for attempt in range(1, jobs.MAX_ATTEMPTS + 1):
        taken = queue._take(job.id)  # taken by a worker that then dies: no lease, no end
        assert taken.attempt == attempt
        with Session(engine) as session:  # taken a while ago
            session.execute(
                update(Job)
                .where(Job.id == job.id)
                .values(started_at=utcnow() - timedelta(seconds=5))
            )
            session.commit()
        queue.watch_once()
        expected = JobState.QUEUED if attempt < jobs.MAX_ATTEMPTS else JobState.FAILED
        assert queue.get(job.id).state == expected
    assert queue.get(job.id).result == {"stopped": jobs.MAX_ATTEMPTS}


def test_a_running_job_with_a_live_lease_is_left_alone(queue, engine):
    queue.start()
    job = _submit(queue, engine, say="ba", hold=True)
    deadline = time.monotonic() + 30
    while queue.get(job.id).state != JobState.RUNNING and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(1.5)  # longer than the lease: only its renewal keeps it
    queue.watch_once()
    assert queue.get(job.id).attempt == 1
    assert queue.progress(queue.get(job.id))["stage"] == "checking"
    HOLD.set()
    assert queue.wait(job, 30).state == JobState.DONE
    assert len(RAN[job.id]) == 1


def test_a_job_whose_message_was_lost_is_sent_again(queue, engine):
    with Session(engine, expire_on_commit=False) as session:
        job = jobs.submit(session, "test.echo", "subject", {"say": "bốn"}, None)
        session.commit()  # never dispatched: as if the queue lost it
    queue.start()
    assert queue.wait(job, 0.5).state == JobState.QUEUED
    with Session(engine) as session:
        session.execute(
            update(Job).where(Job.id == job.id).values(queued_at=utcnow() - timedelta(seconds=5))
        )
        session.commit()
    assert queue.wait(job, 30).state == JobState.DONE


def test_a_queue_that_does_not_answer_keeps_the_job(queue, engine, caplog):
    """Redis down: the job is kept, said in the log, and left for the watch to send again."""
    down = jobs.Jobs(engine, jobs_url="redis://127.0.0.1:1/0")
    with Session(engine, expire_on_commit=False) as session:
        job = jobs.submit(session, "test.echo", "subject", {"say": "năm"}, None)
        session.commit()
    down.dispatch(job)
    assert down.get(job.id).state == JobState.QUEUED
    assert "not yet queued" in caplog.text


def test_two_asking_at_once_for_the_same_work_get_one_job(queue, engine):
    """A double click on "import": the second asker waits for the first's transaction, then
    finds its job, on either database."""
    arguments = {"say": "sáu"}
    first = Session(engine, expire_on_commit=False)
    writing = WRITING.set(True)  # as a web request's start of a job does
    try:
        job, new = jobs.find_or_submit(first, "test.echo", "double-click", arguments, None)
        assert new
        found: list = []

        def second() -> None:
            token = WRITING.set(True)
            with Session(engine, expire_on_commit=False) as session:
                found.append(
                    jobs.find_or_submit(session, "test.echo", "double-click", arguments, None)
                )
                session.commit()
            WRITING.reset(token)

        other = threading.Thread(target=second)
        other.start()
        other.join(1.0)
        assert not found  # waiting for the first asker's transaction
        first.commit()
        other.join(30)
        assert found and found[0][0].id == job.id and found[0][1] is False
    finally:
        first.close()
        WRITING.reset(writing)


@pytest.mark.skipif(
    not POSTGRES_URL, reason="the queue in PostgreSQL needs REGISTRY_TEST_POSTGRES_URL"
)
def test_processes_starting_together_on_a_fresh_postgresql_queue_all_start():
    """Web workers starting at once on a database without the job tables: each created them
    (``create table if not exists``), and one failed on the catalogue's unique index — then
    failed to boot, and gunicorn with it. Eight processes, started on the same instant."""
    import subprocess
    import sys
    from urllib.parse import quote

    from sqlalchemy import create_engine

    schema = f"jobs_race_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    start = time.time() + 3  # after every interpreter has loaded the registry
    program = (
        "import sys, time; from registry.jobs import queue_of; "
        "time.sleep(max(0, float(sys.argv[2]) - time.time())); queue_of(sys.argv[1], 'race')"
    )
    try:
        children = [
            subprocess.Popen(
                [sys.executable, "-c", program, url, str(start)], stderr=subprocess.PIPE, text=True
            )
            for _ in range(8)
        ]
        failed = [err for child in children if (err := child.communicate(timeout=60)[1].strip())]
        assert failed == [] and all(child.returncode == 0 for child in children)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
