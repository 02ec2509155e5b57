"""Keys for the read-only API: issued by an administrator to a user, carrying that user's
role and area, revoked at will. Only the token's SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlmodel import Session, select

from registry.models import ApiToken, User
from registry.models.base import utcnow
from registry.scope import Scope
from registry.services.errors import DomainError

PREFIX = "rg_"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _administrator(scope: Scope) -> None:
    if not scope.is_admin:
        raise DomainError(
            "Chỉ quản trị hệ thống cấp và thu hồi khoá truy cập.",
            "Only an administrator issues and revokes API keys.",
        )


def issue(
    session: Session, *, scope: Scope, issued_by: User | None, user: User, name: str
) -> tuple[str, ApiToken]:
    """A new key for ``user``: the token (shown once) and its row."""
    _administrator(scope)
    name = (name or "").strip()
    if not name:
        raise DomainError(
            "Hãy ghi khoá dùng cho hệ thống nào.", "Say what the key is for.", field="name"
        )
    if not user.active:
        raise DomainError("Tài khoản này đã bị khoá.", "This account is deactivated.", field="user")
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(
        user_id=user.id,
        name=name[:120],
        token_sha256=_digest(token),
        created_by_id=issued_by.id if issued_by is not None else None,
    )
    session.add(row)
    session.flush()
    return token, row


def revoke(session: Session, *, scope: Scope, token: ApiToken) -> None:
    _administrator(scope)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()


def user_of(session: Session, token: str) -> User | None:
    """The active user a live token belongs to; None for anything else. Its last use is
    noted to the hour (not a write on every request)."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row = session.exec(select(ApiToken).where(ApiToken.token_sha256 == _digest(token))).first()
    if row is None or row.revoked_at is not None:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    now = utcnow()
    last = row.last_used_at
    if last is None or now - (last if last.tzinfo else last.replace(tzinfo=now.tzinfo)) > timedelta(
        hours=1
    ):
        row.last_used_at = now
        session.flush()
    return user
