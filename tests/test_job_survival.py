"""Killing an application worker in the middle of an import loses neither the import nor its
progress: the application under gunicorn with two worker processes, a clerk checking and then
importing a members list of 40,000 rows, and the worker running each job killed (SIGKILL) while
it runs. Another worker takes the job once its lease runs out; the clerk's page keeps answering
how far it has got; the import is written once, whole. For each place the job library keeps its
queue: the embedded SQLite file, Redis and PostgreSQL (when ``REGISTRY_TEST_REDIS_URL`` and
``REGISTRY_TEST_POSTGRES_URL`` name them, as CI does)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from urllib.parse import quote

import pytest
import xlsxwriter
from alembic import command
from sqlalchemy import func, select
from sqlmodel import Session

from migrations import alembic_config
from registry import demo
from registry.db import make_engine
from registry.enums import JobState, Role
from registry.models import ImportBatch, Job, Membership, Organisation, Person
from registry.services.units import load_units
from registry.services.users import create_user
from tests.conftest import POSTGRES_URL

PASSWORD = "mat-khau-thu-nghiem-dai"
ROWS = 40_000  # long enough to be caught writing: 12,000 are written within one beat (0.25 s)
#: Where the queue is kept: the embedded SQLite file always; Redis and PostgreSQL when the
#: machine has them (CI sets both URLs).
REDIS_URL = os.environ.get("REGISTRY_TEST_REDIS_URL")
QUEUES = ["sqlite"] + (["redis"] if REDIS_URL else []) + (["postgresql"] if POSTGRES_URL else [])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _jobs_url(queue: str, tmp_path) -> str:
    if queue == "sqlite":
        return f"sqlite:///{tmp_path / 'jobs.sqlite'}"
    if queue == "redis":
        return REDIS_URL
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE SCHEMA IF NOT EXISTS job_queue")
    engine.dispose()
    separator = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{separator}options={quote('-csearch_path=job_queue')}"


@pytest.fixture(params=QUEUES)
def served(request, fresh_database, tmp_path):
    """The application under gunicorn (two workers, a two-second lease) on a registry with
    demo cooperatives and a planner; yields the address, the engine and the servers."""
    url = fresh_database(f"survival_{request.param}")
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        load_units(session)
        demo.generate(session.connection(), cooperatives=40, members=100, seed=3)
        create_user(
            session=session,
            username="kehoach",
            full_name="Kế Hoạch",
            password=PASSWORD,
            role=Role.PLANNER,
        )
        session.commit()
    env = dict(
        os.environ,
        REGISTRY_DATABASE_URL=url,
        REGISTRY_DATA_DIR=str(tmp_path / "data"),
        REGISTRY_SECRET_KEY=secrets.token_hex(16),
        REGISTRY_JOBS_URL=_jobs_url(request.param, tmp_path),
        REGISTRY_JOB_LEASE_SECONDS="2",
        REGISTRY_IMPORT_WAIT_SECONDS="0",  # every page shows the progress: the clerk's view
        PYTHONUNBUFFERED="1",
    )
    servers = Servers(env, _free_port())
    servers.start()
    try:
        yield servers.base, engine, servers
    finally:
        servers.stop()
        engine.dispose()


class Servers:
    """gunicorn with two workers on one port; started again on the same port after a kill."""

    def __init__(self, env: dict, port: int) -> None:
        self.env, self.base, self.port = env, f"http://127.0.0.1:{port}", port
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "admin.wsgi:app",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(self.base + "/login", timeout=5).read()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.process.kill()
                    self.process.wait()
                    said = self.process.stderr.read()
                    self.process.stderr.close()  # left open, it failed the test GC found it in
                    raise AssertionError(said) from None
                time.sleep(0.2)

    def kill_all(self) -> None:
        """The whole server at once, workers and master (a machine's power cut)."""
        workers = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        for pid in [self.process.pid, *map(int, workers)]:
            os.kill(pid, signal.SIGKILL)
        self.process.wait()
        self.process.stderr.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process.stderr.close()


class Clerk:
    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int | None, str, str]:
        """The answer; a status of None when nothing answers (the server is down)."""
        try:
            with self.opener.open(self.base + path, timeout=120) as response:
                return response.status, response.url, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, path, error.read().decode()
        except urllib.error.URLError:
            return None, path, ""

    def post(self, path: str, page: str, data: dict, file: tuple[str, bytes] | None = None):
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        fields = {"csrf_token": token, **data}
        if file is None:
            body = urllib.parse.urlencode(fields).encode()
            headers = {}
        else:
            boundary = secrets.token_hex(12)
            head = f"--{boundary}\r\nContent-Disposition: form-data; "
            parts = [f'{head}name="{k}"\r\n\r\n{v}\r\n'.encode() for k, v in fields.items()]
            parts.append(
                f'{head}name="file"; '
                f'filename="{file[0]}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + file[1]
                + b"\r\n"
            )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        request = urllib.request.Request(self.base + path, body, headers)
        with self.opener.open(request, timeout=120) as response:
            return response.status, response.url, response.read().decode()


def _workbook(path, engine) -> bytes:
    with Session(engine) as session:
        codes = session.scalars(
            select(Organisation.tax_code).where(Organisation.tax_code.is_not(None))
        ).all()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Thanh vien")
    sheet.write_row(0, 0, ["STT", "Mã số HTX", "Họ và tên", "Số CCCD", "Loại thành viên"])
    for n in range(ROWS):
        sheet.write_row(
            n + 1, 0, [n + 1, codes[n % len(codes)], f"Trần Thị {n}", f"0521{n:08d}", "Chính thức"]
        )
    book.close()
    return path.read_bytes()


def _kill_while_running(
    clerk: Clerk,
    engine,
    token: str,
    task: str,
    what: str,
    stages: tuple[str, ...],
    kill=None,
) -> list[dict]:
    """Kill the worker process running the job once it has reached one of ``stages`` (or call
    ``kill``); then follow the clerk's progress page until the job ends. What the page said,
    in order."""
    seen: list[dict] = []
    killed = None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status, _url, body = clerk.get(f"/admin/imports/progress/{token}?what={what}")
        if status is None:  # the whole server is down: it comes back
            time.sleep(0.2)
            continue
        assert status == 200, (status, body[:500])
        state = json.loads(body)
        seen.append(state)
        if state["finished"]:
            assert killed is not None, f"the job ended before a worker could be killed: {seen}"
            return seen
        if killed is None and state["stage"] in stages:
            with Session(engine) as session:
                job = session.scalars(
                    select(Job).where(Job.subject == token, Job.task == task)
                ).one()
            assert job.state == JobState.RUNNING and job.attempt == 1
            killed = int(job.worker.rsplit(":", 1)[1])
            if kill is None:
                os.kill(killed, signal.SIGKILL)
            else:
                kill()
        time.sleep(0.05)
    raise AssertionError(f"the job did not end: {seen[-3:]}")


def _uploaded(base: str, engine, tmp_path) -> tuple[Clerk, str]:
    """A planner signed in who has uploaded the members list: the clerk and the upload's token."""
    clerk = Clerk(base)
    _status, _url, page = clerk.get("/login")
    clerk.post("/login", page, {"username": "kehoach", "password": PASSWORD})
    _status, _url, page = clerk.get("/admin/imports/")
    content = _workbook(tmp_path / "thanh-vien.xlsx", engine)
    _status, preview_url, _body = clerk.post(
        "/admin/imports/", page, {"sheet": ""}, file=("thanh-vien.xlsx", content)
    )
    return clerk, preview_url.rsplit("/", 1)[-1]


def test_killing_a_worker_mid_import_loses_neither_the_import_nor_its_progress(served, tmp_path):
    base, engine, _servers = served
    clerk, token = _uploaded(base, engine, tmp_path)

    checking = _kill_while_running(
        clerk, engine, token, "import.check", "check", ("reading", "checking")
    )
    assert checking[-1] == {"stage": "finished", "done": ROWS, "total": ROWS, "finished": True}
    status, _url, preview = clerk.get(f"/admin/imports/preview/{token}")
    assert status == 200 and f"{ROWS:,}".replace(",", ".") in preview

    status, _url, _body = clerk.post(f"/admin/imports/commit/{token}", preview, {})
    assert status == 200
    importing = _kill_while_running(clerk, engine, token, "import.commit", "commit", ("writing",))
    assert importing[-1]["finished"] and importing[-1]["total"] == ROWS
    status, _url, done = clerk.get(f"/admin/imports/working/{token}")
    assert status == 200 and f"thanh-vien.xlsx: {ROWS:,}".replace(",", ".") in done

    with Session(engine) as session:
        jobs = session.scalars(select(Job).where(Job.subject == token).order_by(Job.id)).all()
        assert [(j.task, j.state, j.attempt) for j in jobs] == [
            ("import.check", JobState.DONE, 2),
            ("import.commit", JobState.DONE, 2),
        ]
        batches = session.scalars(select(ImportBatch)).all()
        assert len(batches) == 1 and batches[0].counts == {"new": ROWS}
        assert jobs[1].result["batch_id"] == batches[0].id
        memberships = session.scalar(
            select(func.count())
            .select_from(Membership)
            .join(Person, Person.id == Membership.person_id)
            .where(Person.full_name.like("Trần Thị %"))
        )
        assert memberships == ROWS  # each row once: the killed attempt wrote nothing


@pytest.mark.parametrize("served", ["sqlite"], indirect=True)  # the embedded default's restart
def test_a_restart_mid_import_loses_nothing(served, tmp_path):
    """The whole server killed while an import writes, and started again: the new workers
    take the import up again and write it once."""
    base, engine, servers = served
    clerk, token = _uploaded(base, engine, tmp_path)
    for _ in range(600):
        status, _url, preview = clerk.get(f"/admin/imports/preview/{token}")
        if 'id="confirm-import"' in preview:
            break
        time.sleep(0.1)
    clerk.post(f"/admin/imports/commit/{token}", preview, {})

    def restart() -> None:
        servers.kill_all()
        servers.start()

    _kill_while_running(clerk, engine, token, "import.commit", "commit", ("writing",), restart)
    status, _url, done = clerk.get(f"/admin/imports/working/{token}")
    assert status == 200 and f"thanh-vien.xlsx: {ROWS:,}".replace(",", ".") in done
    with Session(engine) as session:
        job = session.scalars(
            select(Job).where(Job.subject == token, Job.task == "import.commit")
        ).one()
        assert (job.state, job.attempt) == (JobState.DONE, 2)
        assert len(session.scalars(select(ImportBatch)).all()) == 1
