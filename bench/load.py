"""Load and concurrency on PostgreSQL: the application under gunicorn with several worker
processes, against the baseline of ``registry serve`` (Waitress, one process), each driven by
the same concurrent officers in one run; then the database is checked for lost updates.

    python bench/load.py --db postgresql://postgres@127.0.0.1:5432/bench \\
        [--workers 4] [--clients 16] [--seconds 30] [--max-requests 20000]

Loopback only, bounded in time (``--seconds`` per server) and in count (``--max-requests``).
Each client signs in as a planner or as the area officer of one district and repeats, in
turn: the overview, the organisation list (a page of its own), a search without diacritics,
an organisation's file, an edit of an organisation's phone (a few organisations every client
edits, and one of its own), a status change of its own organisation, a finding of operating in
fact, an import of a three-row list (area officers) and the annual report (planners).

Reported per server: requests, throughput, p50/p95/p99 (all requests and per action), server
errors; and the checks, on the database after each run:
- every acknowledged edit (the save answered with the file) is in the organisation's audit
  trail, and the trail is a chain: each update's "before" is the previous one's "after", so no
  save overwrote a change it had not seen (a lost update);
- every edit not acknowledged was answered with the conflict message, shown to its author;
- every acknowledged status change, finding and import is in the database.
Exit 1 on a server error, a lost update or an unreported conflict.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import itertools
import os
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from html import unescape
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_concurrency import demo_database, free_port, start

PASSWORD = "mat-khau-do-tai-nhieu-tien-trinh"
#: Organisations every client edits at once (the contended ones).
SHARED = 3
DISTRICTS = {"627": "Chư Păh", "628": "Ia Grai", "631": "Đức Cơ", "633": "Chư Sê"}
#: Words of every conflict message (a stale form, a save the database refused second).
CONFLICT = "người khác"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    edits: list[tuple[int, str]] = field(default_factory=list)  # acknowledged (org, phone)
    conflicts: int = 0
    unreported: list[str] = field(default_factory=list)  # an edit neither saved nor refused
    statuses: list[tuple[int, str]] = field(default_factory=list)  # acknowledged (org, reason)
    findings: list[str] = field(default_factory=list)  # acknowledged notes
    imports: list[str] = field(default_factory=list)  # acknowledged organisation names
    refused_by_rule: int = 0
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Officer:
    """One signed-in client: its cookies, its own organisation and its district's."""

    def __init__(self, base: str, username: str, own: int, tally: Tally) -> None:
        self.base, self.username, self.own, self.tally = base, username, own, tally
        jar = http.cookiejar.CookieJar()
        self.open = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)).open
        self.raw = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar), NoRedirect
        ).open
        page = self.get("/login", "sign-in")
        self.post("/login", {"username": username, "password": PASSWORD}, page, "sign-in")

    def _timed(self, action: str, call) -> tuple[int, str, str]:
        began = time.perf_counter()
        try:
            with call() as response:
                status, body, where = response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:
            status, body = answer.code, answer.read().decode(errors="replace")
            where = answer.headers.get("Location", "")
        with self.tally.lock:
            self.tally.count += 1
            self.tally.latencies[action].append(time.perf_counter() - began)
            if status >= 500:
                self.tally.errors.append(f"{action} {status}")
        return status, body, where

    def get(self, path: str, action: str) -> str:
        return self._timed(action, lambda: self.open(self.base + path, timeout=120))[1]

    def post(self, path: str, data: dict, page: str, action: str, files=None):
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        fields = {"csrf_token": token, **data}
        if files is None:
            body = urllib.parse.urlencode(fields).encode()
            headers = {}
        else:
            body, headers = _multipart(fields, files)
        request = urllib.request.Request(self.base + path, body, headers)
        return self._timed(action, lambda: self.raw(request, timeout=120))

    # --- the actions ------------------------------------------------------------------------

    def edit(self, org: int) -> None:
        path = f"/admin/organisation/edit/?id={org}"
        page = self.get(path, "edit form")
        form = _form_values(page)
        phone = "09" + secrets.token_hex(4)
        form["phone"] = phone
        status, body, _ = self.post(path, form, page, "edit save")
        with self.tally.lock:
            if status == 302:
                self.tally.edits.append((org, phone))
            elif CONFLICT in body:
                self.tally.conflicts += 1
            else:
                self.tally.unreported.append(f"{status}: {_message(body)}")

    def status(self, org: int, n: int) -> None:
        path = f"/admin/organisation/status/{org}"
        page = self.get(path, "status form")
        reason = f"Tải thử {secrets.token_hex(4)}"
        data = {
            "status": "suspended" if n % 2 == 0 else "active",
            "effective_on": date.today().strftime("%d/%m/%Y"),
            "reason": reason,
        }
        status, _body, _ = self.post(path, data, page, "status save")
        with self.tally.lock:
            if status == 302:
                self.tally.statuses.append((org, reason))
            else:
                self.tally.refused_by_rule += 1

    def finding(self, org: int) -> None:
        path = f"/admin/organisation/observation/{org}"
        page = self.get(path, "finding form")
        note = f"Kiểm tra tải {secrets.token_hex(4)}"
        data = {
            "observed_on": date.today().strftime("%d/%m/%Y"),
            "state": "weak",
            "source": "field_visit",
            "note": note,
        }
        status, _body, _ = self.post(path, data, page, "finding save")
        if status == 302:
            with self.tally.lock:
                self.tally.findings.append(note)

    def import_list(self, district: str) -> None:
        page = self.get("/admin/imports/", "import form")
        names = [f"HTX Tải Thử {secrets.token_hex(3)}" for _ in range(3)]
        rows = ["STT,Tên HTX,Huyện"] + [f"{i},{n},{district}" for i, n in enumerate(names, 1)]
        content = ("\n".join(rows) + "\n").encode("utf-8")
        status, _body, where = self.post(
            "/admin/imports/", {"sheet": ""}, page, "import upload", files={"file": content}
        )
        if status != 302:
            return
        token = urllib.parse.urlsplit(where).path.rstrip("/").rsplit("/", 1)[-1]
        for _ in range(120):  # a busy server checks the file as a job: its progress first
            preview = self.get(f"/admin/imports/preview/{token}", "import preview")
            if match := re.search(r'action="(/admin/imports/commit/[^"]+)"', preview):
                break
            time.sleep(0.5)
        else:
            with self.tally.lock:
                self.tally.unreported.append(f"import {token}: no preview after 60 s")
            return
        status, _body, _ = self.post(unescape(match.group(1)), {}, preview, "import confirm")
        if status == 302:
            with self.tally.lock:
                self.tally.imports.extend(names)


def _multipart(fields: dict, files: dict) -> tuple[bytes, dict]:
    boundary = secrets.token_hex(12)
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    body = "".join(parts).encode()
    for name, content in files.items():
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="tai-thu.csv"\r\nContent-Type: text/csv\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_SELECT = re.compile(r'<select\b[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.I | re.S)
_TEXTAREA = re.compile(r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', re.I | re.S)


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf'\b{name}="([^"]*)"', tag)
    return unescape(found.group(1)) if found else None


def _form_values(page: str) -> dict[str, str]:
    """The values a form shows, as the browser would send them unchanged."""
    values = {}
    for tag in _INPUT.findall(page):
        name, kind = _attribute(tag, "name"), (_attribute(tag, "type") or "text").lower()
        if not name or kind in ("submit", "button", "file"):
            continue
        if kind == "checkbox":
            if re.search(r"\bchecked\b", tag):
                values[name] = _attribute(tag, "value") or "y"
            continue
        values[name] = _attribute(tag, "value") or ""
    for name, options in _SELECT.findall(page):
        chosen = next(
            (
                tag
                for tag in re.findall(r"<option\b[^>]*>", options)
                if re.search(r"\bselected\b", tag)
            ),
            None,
        )
        values[name] = (_attribute(chosen, "value") or "") if chosen else ""
    for name, text in _TEXTAREA.findall(page):
        values[name] = unescape(text)
    return values


def _message(body: str) -> str:
    found = re.search(r'class="[^"]*alert[^"]*"[^>]*>(.*?)</div>', body, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip()[:160] if found else body[:160]


# --- the run ----------------------------------------------------------------------------------


def prepare(url: str) -> dict[str, object]:
    """Schema, demo data, and the accounts; each client's own organisation."""
    from sqlmodel import Session, select

    from registry.db import make_engine
    from registry.enums import Role, Status, UnitScheme
    from registry.models import Organisation, User
    from registry.services.units import in_unit, unit_by_code
    from registry.services.users import create_user

    demo_database(url, cooperatives=2000, members=40_000, seed=3)
    engine = make_engine(url)
    with Session(engine) as session:
        accounts = {"planner": (Role.PLANNER, [])}
        for code in DISTRICTS:
            accounts[f"officer{code}"] = (
                Role.AREA_OFFICER,
                [unit_by_code(session, UnitScheme.LEGACY, code)],
            )
        for username, (role, scope) in accounts.items():
            if session.exec(select(User).where(User.username == username)).first() is None:
                create_user(
                    session=session, username=username, full_name=username, password=PASSWORD,
                    role=role, scope=scope,
                )  # fmt: skip
        session.commit()
        areas = {}
        for code in DISTRICTS:
            unit = unit_by_code(session, UnitScheme.LEGACY, code)
            areas[code] = list(
                session.exec(
                    select(Organisation.id)
                    .where(in_unit(unit), Organisation.current_status == Status.ACTIVE)
                    .order_by(Organisation.id)
                    .limit(60)
                )
            )
    engine.dispose()
    return {"areas": areas}


def drive(base: str, areas: dict, clients: int, seconds: float, limit: int) -> Tally:
    tally = Tally()
    until = time.monotonic() + seconds
    shared = {code: ids[:SHARED] for code, ids in areas.items()}
    taken = itertools.count(SHARED)

    def client(number: int) -> None:
        code = list(DISTRICTS)[number % len(DISTRICTS)]
        planner = number % 4 == 3
        own = areas[code][next(taken) % len(areas[code])]
        officer = Officer(base, "planner" if planner else f"officer{code}", own, tally)
        for n in itertools.count():
            if time.monotonic() >= until or tally.count >= limit:
                return
            officer.get("/admin/", "overview")
            officer.get(f"/admin/organisation/?page={n % 20}", "list")
            officer.get("/admin/organisation/?search=hop+tac+xa+nong+nghiep", "search")
            officer.get(f"/admin/organisation/details/?id={own}", "file")
            officer.edit(shared[code][n % SHARED])
            officer.edit(own)
            if n % 3 == 0:
                officer.status(own, n)
            officer.finding(own)
            if planner:
                officer.get("/admin/reports/?year=2025", "report")
            elif n % 4 == 0:
                officer.import_list(DISTRICTS[code])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def verify(url: str, tally: Tally) -> list[str]:
    """What the database says of the acknowledged writes: the lost updates and missing rows."""
    from sqlmodel import Session, select

    from registry.db import make_engine
    from registry.enums import AuditAction
    from registry.models import AuditEntry, Observation, Organisation, StatusEvent

    problems = []
    engine = make_engine(url)
    with Session(engine) as session:
        by_org = defaultdict(set)
        for org, phone in tally.edits:
            by_org[org].add(phone)
        for org, phones in by_org.items():
            trail = [
                e.changes["phone"]
                for e in session.exec(
                    select(AuditEntry)
                    .where(
                        AuditEntry.table_name == "organisation",
                        AuditEntry.record_id == str(org),
                        AuditEntry.action == AuditAction.UPDATE,  # not the refused attempts
                    )
                    .order_by(AuditEntry.id)
                )
                if e.changes and "phone" in e.changes
            ]
            after = [change[1] for change in trail]
            missing = phones - set(after)
            if missing:
                problems.append(f"organisation {org}: acknowledged, not in its trail: {missing}")
            for earlier, later in itertools.pairwise(trail):
                if later[0] != earlier[1]:
                    problems.append(f"organisation {org}: a save overwrote {earlier[1]} unseen")
            final = session.get(Organisation, org).phone
            if after and final != after[-1]:
                problems.append(f"organisation {org}: holds {final}, its last save {after[-1]}")
        reasons = set(session.exec(select(StatusEvent.reason)))
        problems += [f"status change lost: {r}" for _o, r in tally.statuses if r not in reasons]
        notes = set(session.exec(select(Observation.note)))
        problems += [f"finding lost: {n}" for n in tally.findings if n not in notes]
        # A name is written as the registry spells it (HTX → Hợp tác xã, words capitalised):
        # found by its token.
        tokens = {
            name.rsplit(" ", 1)[-1].lower()
            for name in session.exec(
                select(Organisation.name).where(Organisation.name.like("%Tải Thử%"))
            )
        }
        problems += [
            f"import lost: {n}" for n in tally.imports if n.split()[-1].lower() not in tokens
        ]
    engine.dispose()
    return problems


def report(name: str, tally: Tally, seconds: float, problems: list[str]) -> None:
    every = [x for values in tally.latencies.values() for x in values]
    q = statistics.quantiles(every, n=100)
    print(
        f"{name}: {len(every)} requests, {len(every) / seconds:.1f}/s, "
        f"p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
        f"server errors {len(tally.errors)}"
    )
    for action, values in sorted(tally.latencies.items()):
        if len(values) > 1:
            a = statistics.quantiles(values, n=100)
            print(
                f"    {action:15} {len(values):6}  p50 {a[49] * 1000:6.0f}  "
                f"p95 {a[94] * 1000:6.0f}  p99 {a[98] * 1000:6.0f} ms"
            )
    print(
        f"    edits saved {len(tally.edits)}, conflicts told {tally.conflicts}, "
        f"unreported {len(tally.unreported)}; status changes {len(tally.statuses)} "
        f"(refused by a rule {tally.refused_by_rule}); findings {len(tally.findings)}; "
        f"imported organisations {len(tally.imports)}; lost updates and missing writes "
        f"{len(problems)}"
    )
    for line in (tally.unreported + problems + tally.errors)[:10]:
        print(f"    ! {line}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--max-requests", type=int, default=20_000)
    args = parser.parse_args()
    prepared = prepare(args.db)
    env = dict(
        os.environ,
        REGISTRY_DATABASE_URL=args.db,
        REGISTRY_DATA_DIR=tempfile.mkdtemp(prefix="bench-load-"),
        REGISTRY_SECRET_KEY=secrets.token_hex(32),
    )
    servers = {
        f"gunicorn, {args.workers} worker processes": (
            [sys.executable, "-m", "gunicorn", "-w", str(args.workers), "-b",
             "127.0.0.1:{port}", "--timeout", "120", "admin.wsgi:app"],
            "Booting worker",
        ),
        "baseline: registry serve (Waitress, one process)": (
            [sys.executable, "-m", "registry", "--db", args.db, "serve", "--port", "{port}"],
            "Open: http",
        ),
    }  # fmt: skip
    failed = False
    throughput = {}
    for name, (command, ready) in servers.items():
        port = free_port()
        process = start([c.format(port=port) for c in command], env, ready)
        time.sleep(2)  # every worker up
        try:
            began = time.monotonic()
            tally = drive(
                f"http://127.0.0.1:{port}",
                prepared["areas"],
                args.clients,
                args.seconds,
                args.max_requests,
            )
            elapsed = time.monotonic() - began
        finally:
            process.terminate()
            process.wait(timeout=30)
        problems = verify(args.db, tally)
        report(name, tally, elapsed, problems)
        throughput[name] = tally.count / elapsed
        failed |= bool(tally.errors or tally.unreported or problems)
    ours, baseline = throughput.values()
    print(f"throughput gunicorn / baseline: {ours / baseline:.2f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
