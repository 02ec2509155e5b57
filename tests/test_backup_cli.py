"""``registry backup`` and ``registry restore`` on each backend: a round trip into an empty
database gives byte-identical exports and the same rows in every table; a backup from a newer
registry, a file that is no backup and a database that is not empty are refused, leaving the
target as it was; an older backup is restored and migrated."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from click.testing import CliRunner
from sqlalchemy import MetaData, inspect, select, text
from sqlmodel import Session

from migrations import alembic_config
from registry import demo
from registry.cli import cli
from registry.db import make_engine
from registry.services.units import load_units
from tests.conftest import POSTGRES_URL


def _registry(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
    if revision == "head":
        engine = make_engine(url)
        with Session(engine) as session:
            load_units(session)
            demo.generate(session.connection(), cooperatives=25, members=300, seed=5)
            session.commit()
        engine.dispose()


def _empty(backend: str, url: str, tmp_path: Path, name: str) -> str:
    """An empty database to restore into: a new SQLite file, or the same PostgreSQL schema
    dropped and made again (a dump restores into the schema it was taken from)."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / name}"
    schema = url.rsplit("search_path%3D", 1)[1]
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    admin.dispose()
    return url


def _run(*arguments: str):
    return CliRunner().invoke(cli, list(arguments), catch_exceptions=False)


def _exports(url: str, folder: Path) -> dict[str, bytes]:
    """The organisation list and the national exchange document, as files; the document's
    ``exported_at`` line, the moment of the export, left out."""
    folder.mkdir()
    _run("--db", url, "export", "organisations", "--format", "csv", "--output", f"{folder}/o.csv")
    _run("--db", url, "exchange", "export", "--format", "json", "--output", f"{folder}/x.json")
    found = {p.name: p.read_bytes() for p in folder.iterdir()}
    found["x.json"] = re.sub(rb'\n "exported_at": "[^"]+",', b"", found["x.json"], count=1)
    return found


def _rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table but the audit log, which the exports themselves add to."""
    engine = make_engine(url)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        rows = {
            name: sorted(map(tuple, connection.execute(select(table))), key=repr)
            for name, table in metadata.tables.items()
            if name != "audit_entry"
        }
    engine.dispose()
    return rows


def test_a_round_trip_gives_identical_exports(fresh_database, backend, tmp_path):
    url = fresh_database("backup_round_trip")
    _registry(url)
    before, rows = _exports(url, tmp_path / "before"), _rows(url)
    saved = tmp_path / "registry.backup"
    done = _run("--db", url, "backup", str(saved))
    assert done.exit_code == 0, done.output
    assert saved.stat().st_size > 0
    again = _run("--db", url, "backup", str(saved))
    assert again.exit_code == 1 and "đã có" in again.output  # never over a file
    target = _empty(backend, url, tmp_path, "restored.db")
    done = _run("--db", target, "restore", str(saved))
    assert done.exit_code == 0, done.output
    assert _exports(target, tmp_path / "after") == before
    assert _rows(target) == rows


def test_a_newer_backup_and_a_file_that_is_none_are_refused(fresh_database, backend, tmp_path):
    url = fresh_database("backup_newer")
    _registry(url)
    saved = tmp_path / "newer.backup"
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'fffffffff999'"))
    engine.dispose()
    assert _run("--db", url, "backup", str(saved)).exit_code == 0
    target = _empty(backend, url, tmp_path, "target.db")
    refused = _run("--db", target, "--lang", "en", "restore", str(saved))
    assert refused.exit_code == 1
    assert "newer registry (schema fffffffff999)" in refused.output
    junk = tmp_path / "junk.backup"
    junk.write_bytes(b"PK\x03\x04 not a backup")
    refused = _run("--db", target, "restore", str(junk))
    assert refused.exit_code == 1 and "không phải bản sao lưu" in refused.output
    engine = make_engine(target)
    assert inspect(engine).get_table_names() == []  # the target is as it was
    engine.dispose()


def test_a_database_that_is_not_empty_is_refused(fresh_database, tmp_path):
    url = fresh_database("backup_not_empty")
    _registry(url)
    saved = tmp_path / "registry.backup"
    assert _run("--db", url, "backup", str(saved)).exit_code == 0
    before = _rows(url)
    refused = _run("--db", url, "restore", str(saved))
    assert refused.exit_code == 1 and "đã có dữ liệu" in refused.output
    assert _rows(url) == before


def test_an_older_backup_is_restored_then_migrated(fresh_database, backend, tmp_path):
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    older = scripts.get_revision(scripts.get_current_head()).down_revision
    url = fresh_database("backup_older")
    _registry(url, older)
    saved = tmp_path / "older.backup"
    assert _run("--db", url, "backup", str(saved)).exit_code == 0
    target = _empty(backend, url, tmp_path, "migrated.db")
    done = _run("--db", target, "--lang", "en", "restore", str(saved))
    assert done.exit_code == 0, done.output
    assert f"schema {older}" in done.output and "migrated" in done.output
    engine = make_engine(target)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == (
            scripts.get_current_head()
        )
    engine.dispose()


def test_a_sqlite_backup_is_taken_while_another_connection_writes(tmp_path):
    """The online backup: a transaction still open elsewhere neither blocks the copy nor
    appears in it; what was committed does."""
    url = f"sqlite:///{tmp_path / 'live.db'}"
    _registry(url)
    writer = sqlite3.connect(tmp_path / "live.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE organisation SET name = 'Chưa lưu' WHERE id = 1")
    try:
        done = _run("--db", url, "backup", str(tmp_path / "live.backup"))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert done.exit_code == 0, done.output
    copy = sqlite3.connect(tmp_path / "live.backup")
    assert copy.execute("SELECT name FROM organisation WHERE id = 1").fetchone()[0] != "Chưa lưu"
    assert copy.execute("SELECT count(*) FROM organisation").fetchone()[0] == 25
    copy.close()
