"""What keeping an import's work in jobs costs: the web's check and import of a 100,000-row
members workbook through the job workers, against the same work done in the process.

    python bench/job_import.py --rows 100000

In one run: a fresh SQLite registry with 1,000 cooperatives (demo data) and the members
workbook of ``bench/import_members.py``; then, ``--repeat`` times, alternating, each into the
registry as it was before any import:
- the baseline: what the web did before jobs, in the process and in memory — the check
  (``importers.run.plan``), then the import (the file checked again, then written);
- the measured: the same through :mod:`registry.jobs` — a check job (its plan pickled beside the
  upload and held in memory), the preview's first page, then an import job (which writes the
  plan the clerk saw when the registry has not changed since its check, as here) — with the
  queue in a SQLite file and the workers in the process, as ``registry serve`` runs them.
Reports the medians, their ratio, the plan file's size, and the time another process (a
gunicorn worker that did not check the file) takes to read it, timed apart.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from import_members import options, prepared, restored


def main() -> None:
    args = options(__doc__.splitlines()[0])
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["REGISTRY_DATA_DIR"] = f"{tmp}/data"
        url, path = prepared(tmp, args.rows, args.seed)
        shutil.copy(f"{tmp}/bench.db", f"{tmp}/before.db")
        direct, queued, reads = [], [], []
        for _run in range(args.repeat):
            restored(f"{tmp}/before.db", f"{tmp}/bench.db")
            direct.append(in_process(url, path))
            restored(f"{tmp}/before.db", f"{tmp}/bench.db")
            seconds, read, size = through_jobs(url, path, f"{tmp}/jobs.sqlite")
            queued.append(seconds)
            reads.append(read)
    base, measured = statistics.median(direct), statistics.median(queued)
    print(f"rows {args.rows:,}, {args.repeat} runs each, medians:")
    print(f"in the process (check, then check and write)   {base:6.1f} s")
    print(f"through jobs (check, then write the kept plan)  {measured:6.1f} s")
    print(f"ratio jobs / in the process                    {measured / base:6.2f}")
    print(
        f"the kept plan: {size / 1e6:.0f} MB, read by another process in "
        f"{statistics.median(reads):.2f} s"
    )
    print(
        "runs (in the process / through jobs): "
        + ", ".join(f"{d:.1f} / {q:.1f} s" for d, q in zip(direct, queued, strict=True))
    )


def in_process(url: str, path: Path) -> float:
    from sqlmodel import Session

    from importers.run import commit, plan
    from registry.db import make_engine

    engine = make_engine(url)
    started = time.perf_counter()
    with Session(engine) as session:
        plan(session, path)
    with Session(engine) as session:
        commit(session, plan(session, path))
        session.commit()
    elapsed = time.perf_counter() - started
    engine.dispose()
    return elapsed


def through_jobs(url: str, path: Path, queue_file: str) -> tuple[float, float, int]:
    import secrets

    from sqlmodel import Session

    import importers.jobs as tasks
    from importers import uploads
    from registry import jobs
    from registry.db import make_engine
    from registry.enums import JobState
    from registry.models import Job

    engine = make_engine(url)
    queue = jobs.Jobs(engine, jobs_url=f"sqlite:///{queue_file}")
    queue.start()
    token = secrets.token_urlsafe(16)
    uploads.store(token, path.name, lambda to: shutil.copy(path, to))
    arguments = tasks.arguments(
        file_name=path.name, sheet=None, kind=None, corrections=None, decisions=None, answers=[]
    )
    started = time.perf_counter()

    def run(task: str) -> Job:
        with Session(engine, expire_on_commit=False) as session:
            job = jobs.submit(session, task, token, arguments, None)
            session.commit()
        queue.dispatch(job)
        job = queue.wait(job, 3600)
        if job.state != JobState.DONE:
            raise SystemExit(f"{task}: {job.state} {job.result}")
        return job

    checked = run(tasks.CHECK)
    uploads.checked_plan(token, checked.id)  # the preview's first page, in this process
    paused = time.perf_counter()
    uploads.forget_plans()  # as a process that did not check it reads it
    uploads.checked_plan(token, checked.id)
    read = time.perf_counter() - paused
    started += read  # not part of the single process's path
    size = next(uploads.root().glob(f"{token}.checked/*.pickle")).stat().st_size
    run(tasks.COMMIT)
    elapsed = time.perf_counter() - started
    queue.stop()
    engine.dispose()
    return elapsed, read, size


if __name__ == "__main__":
    main()
