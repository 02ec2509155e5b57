"""A real application on its own database: migrated, units and demo data loaded, two users."""

from __future__ import annotations

import re

import pytest
from alembic import command
from sqlmodel import Session

from admin import create_app
from migrations import alembic_config
from registry import demo
from registry.db import make_engine
from registry.enums import Role, UnitScheme
from registry.services.units import load_units, unit_by_code
from registry.services.users import create_user

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture(scope="module")
def app(fresh_database, tmp_path_factory):
    url = fresh_database("admin_app")
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        load_units(session)
        demo.generate(session.connection(), cooperatives=50, members=600, seed=1)
        create_user(
            session=session,
            username="admin",
            full_name="Quản trị",
            password=PASSWORD,
            role=Role.ADMIN,
        )
        create_user(
            session=session,
            username="chupah",
            full_name="Cán bộ Chư Păh",
            password=PASSWORD,
            role=Role.AREA_OFFICER,
            scope=[unit_by_code(session, UnitScheme.LEGACY, "627")],
        )
        session.commit()
    app = create_app({"ENGINE": engine, "SECRET_KEY": "test"})
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


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
