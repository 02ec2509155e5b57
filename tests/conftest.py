"""Fixtures shared by every test.

Storage tests run once per backend: SQLite always, PostgreSQL too when
REGISTRY_TEST_POSTGRES_URL is set (CI sets it). Each PostgreSQL user of the shared ``test``
database gets a schema of its own, so tests never see each other's tables.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from alembic import command
from hypothesis import settings
from sqlalchemy import Engine, text
from sqlmodel import Session

from migrations import alembic_config
from registry.db import make_engine
from registry.enums import GoverningLaw, MemberType, OrgType, Sector, UnitScheme
from registry.models import Membership, Organisation, Person
from registry.services.organisations import create_organisation
from registry.services.units import load_units, unit_by_code

POSTGRES_URL = os.environ.get("REGISTRY_TEST_POSTGRES_URL")
# Fuzzing (hypothesis): random examples on a developer's machine, the same ones on every CI
# run, so that CI's verdict depends on the code alone.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])


@pytest.fixture(scope="session", autouse=True)
def data_dir(tmp_path_factory) -> Iterator[Path]:
    """Uploads, session keys and demo logins go to a directory of the test run, never to the
    user's own data directory."""
    path = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REGISTRY_DATA_DIR", str(path))
        yield path


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def fresh_database(backend, tmp_path_factory) -> Callable[[str], str]:
    """``fresh_database(name)`` → URL of an empty database (a SQLite file or a PG schema)."""

    def make(name: str) -> str:
        if backend == "sqlite":
            return f"sqlite:///{tmp_path_factory.mktemp(name) / 'registry.db'}"
        schema = re.sub(r"\W", "_", name).lower()
        admin = make_engine(POSTGRES_URL)
        with admin.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {schema}")
        admin.dispose()
        separator = "&" if "?" in POSTGRES_URL else "?"
        return f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"

    return make


@pytest.fixture(scope="session")
def engine(fresh_database) -> Iterator[Engine]:
    """A migrated database with the administrative units loaded, shared by the session."""
    url = fresh_database("registry_test")
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        load_units(session)
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test: services may flush
    and even commit (a savepoint), nothing stays."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield db
    db.close()
    outer.rollback()
    connection.close()


@pytest.fixture
def run(fresh_database, request):
    """``run(*args)``: the ``registry`` command on a database of this test's own."""
    from click.testing import CliRunner

    from registry.cli import cli

    url = fresh_database(f"cli_{request.node.name}")
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, ["--db", url, *args], input=input, catch_exceptions=False)

    invoke("db", "upgrade")
    invoke.url = url
    return invoke


@pytest.fixture
def unit(session) -> Callable[[str, str], object]:
    """``unit("legacy", "627")`` → that AdminUnit."""
    return lambda scheme, code: unit_by_code(session, UnitScheme(scheme), code)


@pytest.fixture
def make_organisation(session, unit) -> Callable[..., Organisation]:
    counter = iter(range(1, 10**6))

    def make(**overrides) -> Organisation:
        n = next(counter)
        fields = dict(
            org_type=OrgType.COOPERATIVE,
            name=f"Hợp tác xã Nông nghiệp Thử nghiệm {n}",
            governing_law=GoverningLaw.LAW_2012,
            sector=Sector.AGRICULTURE,
            charter_capital_vnd=1_000_000_000,
            legacy_unit_id=unit("legacy", "23722").id,
            unit_id=unit("current", "23722").id,
            status_on=date(2015, 1, 1),
        )
        fields.update(overrides)
        organisation, _event = create_organisation(session=session, **fields)
        return organisation

    return make


@pytest.fixture
def make_membership(session) -> Callable[..., Membership]:
    """A membership written as a form writes one: through the registry's one write path."""
    from registry.scope import Scope
    from registry.services import records

    def make(organisation, person, **fields) -> Membership:
        fields.setdefault("member_type", MemberType.OFFICIAL)
        membership = Membership(organisation=organisation, person=person, **fields)
        session.add(membership)
        with session.no_autoflush:
            records.save(session=session, record=membership, scope=Scope.everything())
        session.flush()
        return membership

    return make


@pytest.fixture
def make_person(session) -> Callable[..., Person]:
    counter = iter(range(1, 10**6))

    def make(**overrides) -> Person:
        n = next(counter)
        person = Person(
            full_name=overrides.pop("full_name", f"Nguyễn Văn Thử {n}"),
            id_number=overrides.pop("id_number", f"0640{n:08d}"),
            **overrides,
        )
        session.add(person)
        session.flush()
        return person

    return make


def count(session: Session, table: str) -> int:
    return session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


SAMPLES = Path(__file__).resolve().parent / "samples"


@pytest.fixture(scope="session")
def samples() -> Path:
    """The legacy sample spreadsheets (a copy of the shared samples) and what importing them
    gives."""
    if not (SAMPLES / "EXPECTED.json").exists():
        pytest.fail(f"the shared samples are missing: {SAMPLES}")
    return SAMPLES


@pytest.fixture(scope="session")
def expected(samples) -> dict:
    return json.loads((samples / "EXPECTED.json").read_text(encoding="utf-8"))
