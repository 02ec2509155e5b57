"""The served application under concurrent officers: ``registry serve`` (Waitress, threads)
against Flask's development server (the baseline: what ``registry serve`` ran before), in one
run, on the same database.

    python bench/serve_concurrency.py --db postgresql://postgres@127.0.0.1:5432/bench \\
        [--clients 20] [--seconds 20]

The database gets the schema, demo data (300 organisations, 10,000 members) and a planner
account if it has none. Each server is started in its own process on a free loopback port;
``--clients`` threads each sign in, then request, in turn, the overview, the organisation
list, a search without diacritics, an organisation's file and the member list, for
``--seconds`` (loopback only, bounded in time). Reported per server: requests, throughput,
p50/p95/p99 latency and non-2xx/3xx answers; and the ratio of the baseline's p95 to the
registry's.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

PASSWORD = "mat-khau-do-tai-dong-thoi"
PATHS = [
    "/admin/",
    "/admin/organisation/",
    "/admin/organisation/?search=hop+tac+xa+nong+nghiep",
    "/admin/organisation/details/?id={org}",
    "/admin/membership/",
]
DEV_SERVER = """
import sys
from admin import create_app
app = create_app({"DATABASE_URL": sys.argv[1]})
app.run(host="127.0.0.1", port=int(sys.argv[2]), threaded=True, debug=False, use_reloader=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_database(url: str, *, cooperatives: int, members: int, seed: int) -> None:
    """The schema, and demo data of that size if the database has no organisation yet."""
    from sqlmodel import Session, select

    from registry.db import make_engine
    from registry.models import Organisation

    runner = [sys.executable, "-m", "registry", "--db", url]
    subprocess.run([*runner, "db", "upgrade"], check=True, capture_output=True)
    engine = make_engine(url)
    with Session(engine) as session:
        empty = session.exec(select(Organisation.id)).first() is None
    engine.dispose()
    if empty:
        subprocess.run(
            [*runner, "demo", "--cooperatives", str(cooperatives), "--members", str(members),
             "--seed", str(seed)],
            check=True,
            capture_output=True,
        )  # fmt: skip


def prepare(url: str) -> int:
    from sqlmodel import Session, select

    from registry.db import make_engine
    from registry.enums import Role
    from registry.models import Organisation, User
    from registry.services.users import create_user

    demo_database(url, cooperatives=300, members=10_000, seed=1)
    engine = make_engine(url)
    with Session(engine) as session:
        if session.exec(select(User).where(User.username == "bench")).first() is None:
            create_user(
                session=session, username="bench", full_name="Bench", password=PASSWORD,
                role=Role.PLANNER,
            )  # fmt: skip
            session.commit()
        org = session.exec(select(Organisation.id).order_by(Organisation.id)).first()
    engine.dispose()
    return org


def start(command: list[str], env: dict, ready: str) -> subprocess.Popen:
    """The server, once it prints ``ready``."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if ready in line:
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return process
        if not line and process.poll() is not None:
            break
    process.kill()
    raise SystemExit(f"server did not start: {command}")


def client(base: str, org: int, until: float, latencies: list, errors: list) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login", timeout=30).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "username": "bench", "password": PASSWORD}
    ).encode()
    opener.open(base + "/login", data, timeout=30).read()
    i = 0
    while time.monotonic() < until:
        path = PATHS[i % len(PATHS)].format(org=org)
        i += 1
        start_ = time.perf_counter()
        try:
            with opener.open(base + path, timeout=60) as response:
                response.read()
        except Exception as exc:  # an HTTP error answer or a refused connection: counted
            errors.append(repr(exc)[:120])
            continue
        latencies.append(time.perf_counter() - start_)


def load(base: str, org: int, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=client, args=(base, org, until, latencies, errors))
        for _ in range(clients)
    ]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return dict(
        requests=len(latencies),
        per_second=len(latencies) / elapsed,
        p50=q[49],
        p95=q[94],
        p99=q[98],
        errors=len(errors),
        first_error=errors[0] if errors else "",
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    org = prepare(args.db)
    env = dict(os.environ, REGISTRY_DATA_DIR=tempfile.mkdtemp(prefix="bench-serve-"))
    results = {}
    with tempfile.TemporaryDirectory() as scratch:
        dev = Path(scratch) / "dev_server.py"
        dev.write_text(DEV_SERVER)
        for name, command, ready in (
            ("registry serve (Waitress)", [sys.executable, "-m", "registry", "--db", args.db,
                                          "serve", "--port", "{port}"], "Open: http"),
            ("baseline: Flask development server", [sys.executable, str(dev), args.db,
                                                    "{port}"], "Running on"),
        ):  # fmt: skip
            port = free_port()
            process = start([c.format(port=port) for c in command], env, ready)
            try:
                results[name] = load(f"http://127.0.0.1:{port}", org, args.clients, args.seconds)
            finally:
                process.terminate()
                process.wait(timeout=10)
    print(f"{args.clients} clients, {args.seconds:.0f} s each, {args.db.split('://')[0]}")
    for name, r in results.items():
        print(
            f"{name:38} {r['requests']:6} requests {r['per_second']:7.1f}/s  "
            f"p50 {r['p50'] * 1000:7.1f} ms  p95 {r['p95'] * 1000:7.1f} ms  "
            f"p99 {r['p99'] * 1000:7.1f} ms  errors {r['errors']} {r['first_error']}"
        )
    ours, base = results.values()
    print(f"p95 baseline / registry: {base['p95'] / ours['p95']:.1f}")
    return 1 if ours["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
