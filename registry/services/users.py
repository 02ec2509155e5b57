"""User accounts: Argon2id password hashes and area scopes."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, select

from registry.enums import Role
from registry.models import AdminUnit, User, UserScope
from registry.services.errors import DomainError

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
            field="password",
        )
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    *,
    session: Session,
    username: str,
    full_name: str,
    password: str,
    role: Role,
    scope: list[AdminUnit] | None = None,
) -> User:
    username = username.strip().lower()
    if session.exec(select(User).where(User.username == username)).first() is not None:
        raise DomainError(
            f"Tên đăng nhập «{username}» đã có.",
            f"The username '{username}' is taken.",
            field="username",
        )
    if role == Role.AREA_OFFICER and not scope:
        raise DomainError(
            "Cán bộ địa bàn phải được giao ít nhất một địa bàn.",
            "An area officer needs at least one unit in scope.",
            field="scope",
        )
    user = User(
        username=username, full_name=full_name, role=role, password_hash=hash_password(password)
    )
    session.add(user)
    session.flush()
    for unit in scope or []:
        session.add(UserScope(user_id=user.id, unit_id=unit.id))
    session.flush()
    return user
