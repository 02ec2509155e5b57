"""User accounts: Argon2id password hashes and area scopes."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete
from sqlmodel import Session, select

from registry.enums import Role
from registry.models import AdminUnit, User, UserScope
from registry.scope import Scope
from registry.services.errors import DomainError
from registry.services.records import check_version
from registry.text import fold

_hasher = PasswordHasher()
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
#: Passwords guessed first (folded, without spaces): the commonest of all, and those an office
#: makes of its own words. A password that is one of these, with digits around it, is refused.
_GUESSED_FIRST = frozenset(
    {
        "password", "matkhau", "admin", "administrator", "qwerty", "qwertyuiop", "abc",
        "abcdef", "iloveyou", "letmein", "welcome", "gialai", "pleiku", "hoptacxa",
        "htx", "lienminh", "kehoach", "ubnd", "sotaichinh", "vietnam",
    }
)  # fmt: skip


def check_password(password: str, username: str = "") -> None:
    """The policy (NIST SP 800-63B): at least 10 characters and at most 256, any characters;
    not the user's name, not one repeated character or a run of the keyboard or of digits,
    not a password guessed first (``matkhau2024``, ``Gialai@123``). No rule of character
    classes, which makes passwords harder to remember, not to guess."""

    def refuse(vi: str, en: str) -> DomainError:
        return DomainError(vi, en, field="password")

    if len(password) < MIN_PASSWORD_LENGTH:
        raise refuse(
            f"Mật khẩu phải có ít nhất {MIN_PASSWORD_LENGTH} ký tự.",
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.",
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise refuse(
            f"Mật khẩu dài quá {MAX_PASSWORD_LENGTH} ký tự.",
            f"A password has at most {MAX_PASSWORD_LENGTH} characters.",
        )
    key = "".join(fold(password).split())
    name = "".join(fold(username).split())
    if len(name) >= 3 and name in key:
        raise refuse(
            "Mật khẩu không được chứa tên đăng nhập.", "A password may not hold the username."
        )
    core = key.strip("0123456789!@#$%^&*._-")
    if (
        len(set(key)) <= 2
        or key in "0123456789012345678901234567890"
        or (key in "qwertyuiopasdfghjklzxcvbnm1234567890" or core in _GUESSED_FIRST or not core)
    ):
        raise refuse(
            "Mật khẩu quá dễ đoán: hãy dùng một câu ngắn hoặc vài từ không liền nghĩa.",
            "The password is too easy to guess: use a short sentence or a few unrelated words.",
        )


def hash_password(password: str, username: str = "") -> str:
    check_password(password, username)
    return _hasher.hash(password)


def verify_password(user: User, password: str) -> bool:
    return verify_hash(user.password_hash, password)


def verify_hash(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
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
        username=username,
        full_name=full_name,
        role=role,
        password_hash=hash_password(password, username),
    )
    session.add(user)
    session.flush()
    for unit in scope or []:
        session.add(UserScope(user_id=user.id, unit_id=unit.id))
    session.flush()
    return user


def save_user(
    *,
    session: Session,
    user: User,
    password: str | None,
    unit_ids: list[int],
    scope: Scope,
    loaded_version: object = None,
) -> User:
    """An administrator's change to an account (as a form filled it): the version it was
    based on, a unique lower-case name, a password for a new account, an area for an area
    officer. A new password, or a deactivation, ends the account's sessions."""
    if not scope.is_admin:
        raise DomainError(
            "Chỉ quản trị viên được quản lý tài khoản.", "Only administrators manage accounts."
        )
    check_version(user, loaded_version)
    user.username = user.username.strip().lower()
    taken = session.scalar(
        select(User.id).where(User.username == user.username, User.id != user.id)
        if user.id is not None
        else select(User.id).where(User.username == user.username)
    )
    if taken is not None:
        raise DomainError(
            f"Tên đăng nhập «{user.username}» đã có.",
            f"The username '{user.username}' is taken.",
            field="username",
        )
    if user.id is None and not password:
        raise DomainError(
            "Tài khoản mới cần có mật khẩu.", "A new user needs a password.", field="password"
        )
    if password:
        user.password_hash = hash_password(password, user.username)
    if (password or not user.active) and user.id is not None:
        # Whoever holds a session of this account signs in again, with the new password.
        from registry.services.sign_in import end_all_sessions

        end_all_sessions(session, user.id)
    if user.role == Role.AREA_OFFICER and not unit_ids:
        raise DomainError(
            "Cán bộ địa bàn phải được giao ít nhất một địa bàn.",
            "An area officer needs at least one unit in scope.",
            field="scope",
        )
    session.add(user)
    session.flush()
    session.execute(delete(UserScope).where(UserScope.user_id == user.id))
    for unit_id in unit_ids:
        session.add(UserScope(user_id=user.id, unit_id=unit_id))
    session.flush()
    return user
