"""Reports and the API read from a second database when the deployment names one (a streaming
replica of the primary): the app is run with ``REPORTS_DATABASE_URL`` pointing at a copy of the
primary taken before more organisations were added to it. The report page and the API count
the copy's organisations; the screens that change records, and sign-in, use the primary. (The
routing does not depend on the backend: two SQLite files stand for primary and replica.)"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
from alembic import command
from sqlmodel import Session, func, select

from admin import create_app
from admin.extensions import db
from migrations import alembic_config
from registry import demo
from registry.db import make_engine
from registry.enums import DatePrecision, GoverningLaw, OrgType, Role, Sector, UnitScheme
from registry.models import Organisation
from registry.scope import Scope
from registry.services import tokens
from registry.services.organisations import create_organisation
from registry.services.units import load_units, unit_by_code
from registry.services.users import create_user
from tests.admin.conftest import PASSWORD, csrf_token

ADDED = 3


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    """(the app reading reports from the replica, the app of the primary alone, an API key,
    organisations on the primary, organisations on the replica)."""
    folder = tmp_path_factory.mktemp("replica")
    primary_url = f"sqlite:///{folder / 'primary.db'}"
    command.upgrade(alembic_config(primary_url), "head")
    engine = make_engine(primary_url)
    with Session(engine) as session:
        load_units(session)
        demo.generate(session.connection(), cooperatives=20, members=100, seed=2)
        admin = create_user(
            session=session,
            username="admin",
            full_name="Quản trị",
            password=PASSWORD,
            role=Role.ADMIN,
        )
        key, _row = tokens.issue(
            session, scope=Scope.everything(), issued_by=None, user=admin, name="báo cáo"
        )
        session.commit()
    engine.dispose()
    shutil.copyfile(folder / "primary.db", folder / "replica.db")
    engine = make_engine(primary_url)
    with Session(engine) as session:
        unit = unit_by_code(session, UnitScheme.LEGACY, "627")
        for n in range(ADDED):
            create_organisation(
                session=session,
                status_on=date(2026, 1, 2),
                name=f"HTX Sau Bản Sao {n}",
                org_type=OrgType.COOPERATIVE,
                sector=Sector.AGRICULTURE,
                governing_law=GoverningLaw.LAW_2023,
                legacy_unit_id=unit.id,
                founded_on=date(2025, 3, 1),
                founded_precision=DatePrecision.DAY,
            )
        session.commit()
        on_primary = session.exec(select(func.count()).select_from(Organisation)).one()
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": primary_url,
            "REPORTS_DATABASE_URL": f"sqlite:///{folder / 'replica.db'}",
            "SECRET_KEY": "replica",
        }
    )
    alone = create_app({"DATABASE_URL": primary_url, "SECRET_KEY": "primary"})
    yield app, alone, key, on_primary, on_primary - ADDED
    for each in (app, alone):
        with each.app_context():
            for engine in db.engines.values():
                engine.dispose()


def _signed_in(app):
    client = app.test_client()
    page = client.get("/login")
    signed_in = client.post(
        "/login",
        data={"csrf_token": csrf_token(page.text), "username": "admin", "password": PASSWORD},
    )
    assert signed_in.status_code == 302  # the account is read from the primary
    return client


def _report_total(client) -> int:
    report = client.get("/admin/reports/?year=2026&format=json")
    assert report.status_code == 200
    return report.json["total"]["orgs_total"]


def test_reports_and_the_api_read_the_replica_the_screens_the_primary(replicated):
    app, alone, key, on_primary, on_replica = replicated
    api = app.test_client()
    listed = api.get("/api/v1/organisations?per_page=1", headers={"Authorization": f"Bearer {key}"})
    assert listed.status_code == 200
    assert listed.json["total"] == on_replica
    client = _signed_in(app)
    assert _report_total(client) == _report_total(_signed_in(alone)) - ADDED
    organisations = client.get("/admin/organisation/?search=Sau+B%E1%BA%A3n+Sao")
    assert len(re.findall(r"HTX Sau Bản Sao \d", organisations.text)) == ADDED
    assert on_primary == on_replica + ADDED
