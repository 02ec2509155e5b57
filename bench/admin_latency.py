"""Latency of the officers' screens at province scale, against stock Flask-Admin views.

    registry --db sqlite:///bench.db db upgrade
    registry --db sqlite:///bench.db demo --cooperatives 30000 --members 1000000
    python bench/admin_latency.py --db sqlite:///bench.db

In one run and one process, on the same database file, two applications answer the same kinds
of request through Flask's test client (no network, so the figures are the server's own time):
- the registry's screens, signed in as a provincial administrator;
- the baseline: plain ``flask_admin.contrib.sqla.ModelView`` views over the same tables, as
  Flask-Admin ships them (counting every row for the pager, searching with ILIKE).
Each request runs ``--warmup`` times unmeasured, then ``--runs`` times, the two applications'
requests alternating; p50 and p95 are reported with the ratio baseline / registry. The exit
status is 1 when a registry screen's p95 exceeds 150 ms.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time

from flask import Flask
from flask_admin import Admin
from flask_admin.contrib.sqla import ModelView
from flask_babel import Babel
from flask_sqlalchemy_lite import SQLAlchemy
from sqlmodel import Session, select
from sqlmodel import Session as SQLModelSession

from admin import create_app
from registry.cli import settle_heap
from registry.db import make_engine
from registry.enums import Role
from registry.models import Membership, Organisation, User
from registry.services.users import create_user

PASSWORD = "mat-khau-do-hieu-nang"


def stock_app(url: str) -> Flask:
    app = Flask("stock")
    app.config.update(SECRET_KEY="bench", SQLALCHEMY_ENGINES={"default": url})
    db = SQLAlchemy(session_options={"class_": SQLModelSession})
    db.init_app(app)
    # The same request plumbing as the registry's app (see admin.extensions.init_db), so the
    # comparison is of the views alone.
    app.teardown_appcontext_funcs[:] = [
        f for f in app.teardown_appcontext_funcs if f.__name__ != "_close_async_sessions"
    ]
    Babel(app)  # Flask-Admin's templates need it once it is installed
    with app.app_context():
        admin = Admin(app, url="/stock")

        class StockOrganisations(ModelView):
            column_searchable_list = ("name",)
            can_view_details = True

        admin.add_view(StockOrganisations(Organisation, db, endpoint="stock_organisation"))
        admin.add_view(ModelView(Membership, db, endpoint="stock_membership"))
    return app


def registry_client(url: str):
    engine = make_engine(url)
    with Session(engine) as session:
        if session.exec(select(User).where(User.username == "bench")).first() is None:
            create_user(
                session=session,
                username="bench",
                full_name="Đo hiệu năng",
                password=PASSWORD,
                role=Role.ADMIN,
            )
            session.commit()
        org_id = session.exec(
            select(Membership.organisation_id).order_by(Membership.id.desc())
        ).first()
    engine.dispose()
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    client = app.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post(
        "/login", data={"csrf_token": token, "username": "bench", "password": PASSWORD}
    )
    assert response.status_code == 302, "sign-in failed"
    return client, org_id


def _timed(client, path: str) -> float:
    if path.endswith("#cold"):  # the overview as computed after a change, not from its cache
        from admin.views import dashboard

        dashboard._cache.clear()
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, path
    return elapsed


def measure(pairs: list[tuple], warmup: int, runs: int) -> list[list[float]]:
    """Requests of the compared applications alternate, so both meet the same conditions."""
    for _ in range(warmup):
        for client, path in pairs:
            _timed(client, path)
    times: list[list[float]] = [[] for _ in pairs]
    for _ in range(runs):
        for i, (client, path) in enumerate(pairs):
            times[i].append(_timed(client, path))
    return times


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database URL with the demo data")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()

    ours, org_id = registry_client(args.db)
    stock = stock_app(args.db).test_client()
    settle_heap()  # as ``registry serve`` and ``admin.wsgi`` do once the application is built
    search = "hop tac xa nong nghiep dich vu"
    cases = [
        ("organisation list", "/admin/organisation/", "/stock/stock_organisation/"),
        ("member list, first page", "/admin/membership/", "/stock/stock_membership/"),
        (
            "member list, page 500",
            "/admin/membership/?page=499",
            "/stock/stock_membership/?page=499",
        ),
        (
            "search without diacritics",
            f"/admin/organisation/?search={search}",
            f"/stock/stock_organisation/?search={search}",
        ),
        (
            "organisation file",
            f"/admin/organisation/details/?id={org_id}",
            f"/stock/stock_organisation/details/?id={org_id}",
        ),
        ("overview (cached)", "/admin/", None),
        ("overview (recomputed)", "/admin/#cold", None),
    ]
    print(
        f"{'screen':28} {'registry p50':>12} {'p95':>8} {'stock p50':>10} {'p95':>8} "
        f"{'ratio p50':>9}"
    )
    failed = False
    for name, mine, theirs in cases:
        pairs = [(ours, mine)] + ([(stock, theirs)] if theirs else [])
        a, *rest = measure(pairs, args.warmup, args.runs)
        line = f"{name:28} {statistics.median(a):10.1f}ms {p95(a):6.1f}ms"
        if rest:
            b = rest[0]
            ratio = statistics.median(b) / statistics.median(a)
            line += f" {statistics.median(b):8.1f}ms {p95(b):6.1f}ms {ratio:8.1f}×"
        print(line)
        failed |= p95(a) > 150 and not mine.endswith("#cold")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
