"""Backing the registry up to one file and restoring it, on either backend.

SQLite is copied with its online backup API (a consistent snapshot, safe while the
application serves: readers and writers go on, the copy restarts on a page they change);
PostgreSQL with ``pg_dump``'s custom format and ``pg_restore``, of the schema the database URL
works in. A backup knows its schema's migration revision (its own ``alembic_version`` row): a
file from a newer registry than this one is refused, an older one is restored and then
brought up to date by the migrations.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, make_url, text

from registry.services.errors import DomainError


@dataclass(frozen=True)
class Restored:
    """What a restore did: the backup's revision, and whether migrations then ran."""

    revision: str
    upgraded: bool


def _scripts() -> ScriptDirectory:
    from migrations import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def _sqlite_path(engine: Engine) -> Path:
    database = engine.url.database
    if not database or database == ":memory:":
        raise DomainError(
            "Cơ sở dữ liệu SQLite trong bộ nhớ không sao lưu được.",
            "An in-memory SQLite database cannot be backed up.",
        )
    return Path(database)


def _libpq(engine: Engine) -> tuple[str, dict[str, str]]:
    """The URL as ``pg_dump`` and ``pg_restore`` take it (no driver name, no password in it:
    the password goes in the environment, out of the process list)."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), environment


def _schema(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.scalar(text("SELECT current_schema()"))


def backup(engine: Engine, target: Path) -> str:
    """Write the whole registry to ``target``; returns the schema revision it holds."""
    revision = current_revision(engine)
    if engine.dialect.name == "sqlite":
        source = sqlite3.connect(_sqlite_path(engine))
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)
        finally:
            copy.close()
            source.close()
        return revision
    url, environment = _libpq(engine)
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--schema={_schema(engine)}",
            f"--file={target}",
            url,
        ],
        environment,
    )
    return revision


def current_revision(engine: Engine) -> str:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            raise DomainError(
                "Cơ sở dữ liệu chưa được khởi tạo (chạy «registry db upgrade»).",
                "The database has no schema yet (run 'registry db upgrade').",
            )
        return connection.scalar(text("SELECT version_num FROM alembic_version"))


def backup_revision(engine: Engine, source: Path) -> str:
    """The schema revision a backup file holds (read without restoring it)."""
    if engine.dialect.name == "sqlite":
        try:
            copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                return copy.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            finally:
                copy.close()
        except (sqlite3.DatabaseError, TypeError) as error:
            raise _not_a_backup(source) from error
    listing = _run(
        ["pg_restore", "--data-only", "--table=alembic_version", "--file=-", str(source)],
        dict(os.environ),
        refuse=_not_a_backup(source),
    )
    found = re.search(r"^COPY \S*alembic_version .*\n(\w+)\n", listing, re.MULTILINE)
    if found is None:
        raise _not_a_backup(source)
    return found.group(1)


def restore(engine: Engine, source: Path) -> Restored:
    """Restore ``source`` into the empty database of ``engine``, then migrate it to this
    registry's schema. Refused: a database that already holds the registry, a file that is no
    backup, a backup from a newer registry."""
    revision = backup_revision(engine, source)
    scripts = _scripts()
    known = {s.revision for s in scripts.walk_revisions()}
    if revision not in known:
        raise DomainError(
            f"Bản sao lưu thuộc phiên bản mới hơn của cơ sở dữ liệu (lược đồ {revision}): hãy "
            "cài phiên bản phần mềm đó để khôi phục.",
            f"The backup is from a newer registry (schema {revision}): install that version to "
            "restore it.",
        )
    with engine.connect() as connection:
        if inspect(connection).get_table_names():
            raise DomainError(
                "Cơ sở dữ liệu đích đã có dữ liệu: chỉ khôi phục vào cơ sở dữ liệu trống.",
                "The target database is not empty: a backup is restored into an empty one.",
            )
    if engine.dialect.name == "sqlite":
        engine.dispose()
        backup_file = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path(engine))
        try:
            with target:
                backup_file.backup(target)
        finally:
            target.close()
            backup_file.close()
    else:
        _pg_restore(engine, source)
    upgraded = revision != scripts.get_current_head()
    if upgraded:
        from alembic import command

        from migrations import alembic_config

        command.upgrade(alembic_config(engine.url.render_as_string(hide_password=False)), "head")
    return Restored(revision, upgraded)


def _pg_restore(engine: Engine, source: Path) -> None:
    """``pg_restore`` into the schema the URL works in, which must be the one dumped: the
    schema is made here if need be, and left out of what ``pg_restore`` creates."""
    url, environment = _libpq(engine)
    contents = _run(["pg_restore", "--list", str(source)], environment)
    dumped = re.search(r"^\d+; \d+ \d+ SCHEMA - (\S+) ", contents, re.MULTILINE)
    schema = dumped.group(1) if dumped else "public"
    if schema != _schema(engine):
        raise DomainError(
            f"Bản sao lưu là của lược đồ «{schema}», cơ sở dữ liệu đích dùng «{_schema(engine)}».",
            f"The backup holds schema '{schema}'; the target database works in "
            f"'{_schema(engine)}'.",
        )
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False, encoding="utf-8") as f:
        f.write("\n".join(line for line in contents.splitlines() if " SCHEMA - " not in line))
    wanted = Path(f.name)
    try:
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--use-list={wanted}",
                f"--dbname={url}",
                str(source),
            ],
            environment,
        )
    finally:
        wanted.unlink(missing_ok=True)


def _not_a_backup(source: Path) -> DomainError:
    return DomainError(
        f"Tệp «{source.name}» không phải bản sao lưu của cơ sở dữ liệu này.",
        f"The file '{source.name}' is not a backup of this registry.",
    )


def _run(
    arguments: list[str], environment: dict[str, str], refuse: DomainError | None = None
) -> str:
    """Run a PostgreSQL client program; its own message when it fails."""
    try:
        done = subprocess.run(
            arguments, capture_output=True, text=True, env=environment, check=False
        )
    except FileNotFoundError as error:
        raise DomainError(
            f"Không tìm thấy chương trình {arguments[0]} (cài gói postgresql-client).",
            f"{arguments[0]} is not installed (install postgresql-client).",
        ) from error
    if done.returncode != 0:
        if refuse is not None:
            raise refuse
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        raise DomainError(
            f"{arguments[0]} thất bại: {message}", f"{arguments[0]} failed: {message}"
        )
    return done.stdout
