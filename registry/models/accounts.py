"""Users, their area scopes, and the append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.enums import AuditAction, Role
from registry.models.base import IDS_NEVER_REUSED, Versioned, enum_field, fk_field, utcnow


class User(Versioned, table=True):
    """A person who signs in. Area officers see only the units in their scope."""

    __tablename__ = "user_account"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=64, unique=True, description="Login name.")
    full_name: str = Field(max_length=120, description="Name shown in the audit log.")
    password_hash: str = Field(max_length=255, description="Argon2id hash of the password.")
    role: Role = enum_field(Role, name="role", description="What the user may do.")
    active: bool = Field(default=True, description="May sign in.")
    created_at: datetime = Field(default_factory=utcnow, description="When created (UTC).")

    def __str__(self) -> str:  # how a screen names it where it is referred to
        return self.full_name or self.username


class UserSession(SQLModel, table=True):
    """A signed-in session. The browser's cookie holds a random token; only its SHA-256 is
    kept here, so the table cannot be used to take over a session. A session ends at
    sign-out, and every session of a user ends when their password changes."""

    __tablename__ = "user_session"

    token_sha256: str = Field(primary_key=True, max_length=64, description="SHA-256 of the token.")
    user_id: int = fk_field(
        "user_account.id", index=True, ondelete="CASCADE", description="Whose session."
    )
    started_at: datetime = Field(default_factory=utcnow, description="Sign-in (UTC).")
    ended_at: datetime | None = Field(default=None, description="Sign-out (UTC), if ended.")


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins per account name (known or not) and per network address in the current
    window: past the limit, sign-in is refused until the window ends. Counted in the database,
    atomically, before the password is checked, so concurrent attempts cannot outrun it and
    several server processes share it."""

    __tablename__ = "sign_in_throttle"

    key: str = Field(
        primary_key=True, max_length=200, description="'account:<name>' or 'address:<ip>'."
    )
    failures: int = Field(default=0, description="Attempts counted in the window.")
    window_start: datetime = Field(description="When the window began (UTC).")


class UserScope(SQLModel, table=True):
    """A unit of any level (legacy district, current commune, province) a user may work in."""

    __tablename__ = "user_scope"

    user_id: int = fk_field(
        "user_account.id", primary_key=True, ondelete="CASCADE", description="The user."
    )
    unit_id: int = fk_field("admin_unit.id", primary_key=True, description="The unit.")


class AuditEntry(SQLModel, table=True):
    """Who did what to which record, with field-level before/after values.

    Append-only: database triggers (migration 0002) refuse UPDATE and DELETE on this table."""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_record", "table_name", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True, description="When (UTC).")
    user_id: int | None = fk_field(
        "user_account.id",
        default=None,
        index=True,
        description="Who; empty for the system. Users with entries are deactivated, never "
        "deleted, since the log cannot change.",
    )
    action: AuditAction = enum_field(AuditAction, name="audit_action", description="What.")
    table_name: str = Field(max_length=64, description="Which table.")
    organisation_id: int | None = Field(
        default=None,
        index=True,
        description="The organisation whose file (hồ sơ) the record belongs to, for its history."
        " No foreign key: the log outlives the records it describes.",
    )
    record_id: str | None = Field(default=None, max_length=64, description="Which record.")
    summary: str | None = Field(
        default=None, max_length=500, description="One-line summary, in Vietnamese."
    )
    summary_en: str | None = Field(
        default=None,
        max_length=500,
        description="The summary in English, for entries written in both languages.",
    )
    changes: dict[str, Any] | None = Field(
        default=None, sa_type=sa.JSON, description="{field: [before, after]}."
    )


class ApiToken(SQLModel, table=True):
    """A key for the read-only API, issued to a user by an administrator: it reads what the
    user may see, no more. Only its SHA-256 is kept; the token is shown once, when issued."""

    __tablename__ = "api_token"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = fk_field(
        "user_account.id", ondelete="CASCADE", index=True, description="Whose rights it carries."
    )
    name: str = Field(max_length=120, description="What it is for (the system that uses it).")
    token_sha256: str = Field(max_length=64, unique=True, description="SHA-256 of the token.")
    created_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who issued it."
    )
    created_at: datetime = Field(default_factory=utcnow, description="When issued (UTC).")
    last_used_at: datetime | None = Field(default=None, description="Last use, to the hour.")
    revoked_at: datetime | None = Field(default=None, description="When revoked.")
