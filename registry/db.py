"""Engines and sessions. SQLite gets WAL, foreign keys and a busy timeout on every connection."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

import registry.services.audit  # noqa: F401  (every session that writes is audited)
from registry.config import database_url


def engine_options(url: str) -> dict[str, Any]:
    """``create_engine`` keyword arguments for this backend."""
    if make_url(url).get_backend_name() == "sqlite":
        return {"connect_args": {"timeout": 30}}
    return {"pool_pre_ping": True}


def configure(engine: Engine) -> Engine:
    """Per-connection settings; for engines made elsewhere too (Flask-SQLAlchemy-Lite)."""
    if engine.dialect.name == "sqlite" and not event.contains(engine, "connect", _sqlite_pragmas):
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    url = database_url(url)
    return configure(create_engine(url, **(engine_options(url) | kwargs)))


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin: without this,
    # SAVEPOINTs and transactional DDL misbehave (SQLAlchemy's documented pysqlite recipe).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    if cursor.execute("PRAGMA database_list").fetchone()[2]:  # a file, not :memory:
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Up to 64 MiB of pages per connection (the default is 2 MiB): an import adding
        # 100,000 persons and memberships otherwise evicts and rereads index pages all along
        # (a third of its writing time). Taken as pages are read, not up front.
        cursor.execute("PRAGMA cache_size = -65536")
    cursor.close()


#: Whether the transactions begun now are to write (a form sent to the web application): on
#: SQLite they then begin IMMEDIATE, taking the one writer's lock at once. Two saves of one
#: record then queue, and the second meets the first's version check; begun deferred, the
#: second would have read before the first committed and could no longer write ("database is
#: locked").
WRITING: ContextVar[bool] = ContextVar("writing", default=False)


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if WRITING.get() else "BEGIN")


@contextmanager
def unit_of_work(engine: Engine, user_id: int | None = None) -> Iterator[Session]:
    """One owner, one commit: services flush, this commits or rolls everything back.
    ``user_id`` is who the audit trail names for the changes."""
    with Session(engine, expire_on_commit=False) as session:
        session.info["user_id"] = user_id
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
