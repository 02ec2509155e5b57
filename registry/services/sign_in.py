"""Signing in: attempts counted before the password is checked, the same work for a name that
exists and one that does not, and sessions that end.

Every attempt takes one of the allowed attempts of its account name (known or not) and of its
network address for the current window, atomically in the database, before the password is
checked: concurrent guesses cannot outrun the count, and several server processes share it.
A success gives the account back its attempts (not the address: one good password must not
clear the way for guesses at others). A session is a random token in the browser's cookie,
kept here only as its SHA-256; it ends at sign-out, and all of a user's end when their
password changes.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from registry.models import SignInThrottle, User, UserSession
from registry.models.base import utcnow
from registry.services.users import hash_password, verify_hash, verify_password


@dataclass(frozen=True)
class Limits:
    """Attempts allowed per window: per account name, and per address (an office behind one
    address signs in many people)."""

    account: int = 5
    address: int = 30
    window: timedelta = timedelta(minutes=15)


LIMITS = Limits()
#: Checked against for a name that has no account, so that it takes as long as a real one.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def account_key(username: str) -> str:
    return f"account:{username.strip().lower()[:120]}"


def address_key(address: str | None) -> str:
    return f"address:{(address or '?')[:64]}"


def take_attempt(session: Session, keys: list[str], limits: Limits = LIMITS) -> bool:
    """Count one attempt against each key, in one statement per key; whether every key is
    still within its limit. The caller commits at once, before checking the password."""
    now = utcnow()
    cutoff = now - limits.window
    table = SignInThrottle.__table__
    insert = (postgresql if session.connection().dialect.name == "postgresql" else sqlite).insert
    allowed = True
    for key in keys:
        statement = insert(table).values(key=key, failures=1, window_start=now)
        stale = table.c.window_start < cutoff
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((stale, 1), else_=table.c.failures + 1),
                "window_start": case((stale, now), else_=table.c.window_start),
            },
        ).returning(table.c.failures)
        failures = session.execute(statement).scalar_one()
        limit = limits.account if key.startswith("account:") else limits.address
        allowed = allowed and failures <= limit
    return allowed


def check_password(session: Session, username: str, password: str) -> User | None:
    """The active account ``username`` names if ``password`` is its own, else None: the same
    hashing work either way (a name is not told apart by how long the answer takes)."""
    user = session.exec(select(User).where(User.username == username.strip().lower())).first()
    if user is None or not user.active:
        verify_hash(_DUMMY_HASH, password)
        return None
    return user if verify_password(user, password) else None


def succeeded(session: Session, user_id: int, username: str, address: str | None) -> str:
    """The account's attempts are given back, and the one this sign-in counted against its
    address (an office behind one address signs in all its staff each morning: only failures
    may use up the address's allowance; giving back more would let one valid account wipe a
    guesser's count), and a new session starts: the token for the cookie (never stored as it
    is)."""
    session.execute(
        update(SignInThrottle).where(SignInThrottle.key == account_key(username)).values(failures=0)
    )
    session.execute(
        update(SignInThrottle)
        .where(SignInThrottle.key == address_key(address), SignInThrottle.failures > 0)
        .values(failures=SignInThrottle.failures - 1)
    )
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_sha256=_digest(token), user_id=user_id))
    session.flush()
    return token


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_user(session: Session, token: str | None):
    """The active account whose live session ``token`` is, as a row of its id, username,
    full name and role (no ORM object: this is read before every page), or None."""
    if not token or len(token) > 100:
        return None
    return session.execute(
        select(User.id, User.username, User.full_name, User.role)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            UserSession.token_sha256 == _digest(token),
            UserSession.ended_at.is_(None),
            User.active,
        )
    ).first()


def end_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(
            update(UserSession)
            .where(UserSession.token_sha256 == _digest(token), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow())
        )


def end_all_sessions(session: Session, user_id: int, at: datetime | None = None) -> None:
    """Every session of a user ends (a new password, a deactivated account)."""
    session.execute(
        update(UserSession)
        .where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
        .values(ended_at=at or utcnow())
    )
