"""A real application on its own database: migrated, units and demo data loaded, and one user
per role. Tests that change data use organisations they create themselves."""

from __future__ import annotations

import re

import pytest
from alembic import command
from sqlalchemy import select
from sqlmodel import Session

from admin import create_app
from admin.extensions import db
from migrations import alembic_config
from registry import demo
from registry.db import make_engine
from registry.enums import Role, UnitScheme
from registry.models import AdminUnit, AuditEntry, Organisation
from registry.services.units import load_units, unit_by_code
from registry.services.users import create_user

PASSWORD = "mat-khau-thu-nghiem"
CHU_PAH = "627"  # legacy district code of huyện Chư Păh

USERS = {
    "admin": (Role.ADMIN, []),
    "planner": (Role.PLANNER, []),
    "alliance": (Role.ALLIANCE, []),
    "chupah": (Role.AREA_OFFICER, [("legacy", CHU_PAH)]),
    "viewer": (Role.VIEWER, []),
    "thu.khoa": (Role.VIEWER, []),
}


@pytest.fixture(scope="module")
def database(fresh_database, request):
    url = fresh_database(f"admin_{request.module.__name__.rsplit('.', 1)[-1]}")
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        load_units(session)
        demo.generate(session.connection(), cooperatives=60, members=700, seed=1)
        for username, (role, scope) in USERS.items():
            create_user(
                session=session,
                username=username,
                full_name=f"Cán bộ {username}",
                password=PASSWORD,
                role=role,
                scope=[unit_by_code(session, UnitScheme(s), c) for s, c in scope],
            )
        session.commit()
    yield url, engine
    engine.dispose()


@pytest.fixture(scope="module")
def app(database):
    url, _engine = database
    # Import jobs finish within the request: the tests of progress set the wait to 0.
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "test", "IMPORT_WAIT_SECONDS": 60})
    yield app
    app.extensions["registry.jobs"].stop()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def engine(database):
    return database[1]


@pytest.fixture
def client(app):
    return app.test_client()


def last_summary(engine, action) -> str | None:
    """The summary of the newest audit entry of ``action``."""
    with Session(engine) as session:
        return session.scalars(
            select(AuditEntry.summary)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.id.desc())
        ).first()


def csrf_token(html: str) -> str:
    return re.search(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


@pytest.fixture
def login(client):
    def sign_in(username="admin", password=PASSWORD):
        page = client.get("/login")
        return client.post(
            "/login",
            data={"csrf_token": csrf_token(page.text), "username": username, "password": password},
        )

    return sign_in


@pytest.fixture
def as_user(app):
    """``as_user(name)``: a client of its own, signed in as that user (``login`` signs the one
    shared client in, and cannot switch users while signed in)."""

    def sign_in(username):
        client = app.test_client()
        page = client.get("/login")
        client.post(
            "/login",
            data={"csrf_token": csrf_token(page.text), "username": username, "password": PASSWORD},
        )
        return client

    return sign_in


def organisations_in(engine, district_code: str, inside: bool) -> list[int]:
    """Ids of organisations whose legacy commune is (or is not) in a legacy district."""
    with Session(engine) as session:
        district = session.scalar(
            select(AdminUnit.id).where(
                AdminUnit.scheme == UnitScheme.LEGACY, AdminUnit.code == district_code
            )
        )
        communes = select(AdminUnit.id).where(AdminUnit.parent_id == district)
        condition = Organisation.legacy_unit_id.in_(communes)
        return list(
            session.scalars(
                select(Organisation.id)
                .where(condition if inside else ~condition)
                .order_by(Organisation.id)
            )
        )


def filter_arg(html: str, group: str, position: int = 0) -> str:
    """The URL argument of a list filter, read from the groups the list page embeds."""
    import html as html_lib
    import json

    data = re.search(r'<div id="filter-groups-data"[^>]*>(.*?)</div>', html, re.S).group(1)
    return json.loads(html_lib.unescape(data))[group][position]["arg"]


def listed_organisations(html: str) -> set[int]:
    return {int(i) for i in re.findall(r"organisation/details/\?id=(\d+)", html)}
