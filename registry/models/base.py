"""Shared column helpers and the constraint naming convention.

The naming convention is set on SQLModel's metadata before any table is declared, so every
constraint has a stable name that Alembic can drop and recreate on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


#: Table options of the records the audit log names. On SQLite a deleted row's id would be
#: given again to the next row (the largest id plus one), and the log's "person 123" would be
#: two people; AUTOINCREMENT never gives an id twice. PostgreSQL's sequences never do anyway.
IDS_NEVER_REUSED = {"sqlite_autoincrement": True}


#: The largest id a record can have: the tables' keys are 32-bit integers.
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    """Aware UTC, as SQLModel's datetime columns require (SQLite stores it without offset)."""
    return datetime.now(UTC)


def enum_field(enum_cls: type, *, name: str, description: str, **kwargs: Any) -> Any:
    """A column storing the enum's *value*, checked by the database (no native enum types)."""
    return Field(
        sa_type=sa.Enum(
            enum_cls,
            name=name,
            native_enum=False,
            create_constraint=True,
            length=32,
            values_callable=lambda e: [m.value for m in e],
            validate_strings=True,
        ),
        description=description,
        **kwargs,
    )


def money_field(*, description: str, **kwargs: Any) -> Any:
    """Whole đồng as a 64-bit integer: never a float, never NUMERIC (SQLite stores it as REAL)."""
    return Field(sa_type=sa.BigInteger, description=description, **kwargs)


def fk_field(target: str, *, description: str, ondelete: str = "RESTRICT", **kwargs: Any) -> Any:
    return Field(foreign_key=target, ondelete=ondelete, description=description, **kwargs)


class Versioned(SQLModel):
    """An editable record with an optimistic lock: ``version`` is raised on every update, and
    an edit based on an older version is refused instead of overwriting someone else's
    change (a form carries the version it showed; see :mod:`registry.services.records`)."""

    version: int = Field(
        default=1,
        sa_column_kwargs={"server_default": sa.text("1")},
        description="Optimistic lock: raised on every update; an edit based on an older "
        "version is refused instead of overwriting someone else's change.",
    )

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}
