"""The versions of the legal rule set: the newest saved one applies, else the built-in one.

An administrator saves a new version (a whole TOML document, checked before it is kept) with a
note saying what changed; earlier versions stay, so a result can say which rules it used.
"""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from registry import rules
from registry.models import RuleSetVersion, User
from registry.scope import Scope
from registry.services.errors import DomainError

#: Parsed versions, by database and version number (a version is never changed once saved).
_parsed: dict[tuple[str, int], rules.RuleSet] = {}


def current(session: Session) -> rules.RuleSet:
    """The rule set in force: the newest saved version (parsed once per process)."""
    newest = session.scalar(select(func.max(RuleSetVersion.id)))
    if newest is None:
        return rules.DEFAULT_RULES
    bind = session.get_bind()
    key = (str(getattr(bind, "url", None) or bind.engine.url), newest)
    if key not in _parsed:
        text = session.get(RuleSetVersion, newest).text
        _parsed[key] = rules.parse(text, version=newest)
    return _parsed[key]


def save_version(
    session: Session, *, scope: Scope, text: str, note: str, user: User | None = None
) -> RuleSetVersion:
    """Keep ``text`` as the new rule set once it parses; refuse it, naming the key, when not."""
    if not scope.is_admin:
        raise DomainError(
            "Chỉ quản trị hệ thống được thay đổi bộ quy tắc.",
            "Only an administrator may change the rule set.",
        )
    note = (note or "").strip()
    if not note:
        raise DomainError(
            "Hãy ghi rõ thay đổi gì và căn cứ văn bản nào.",
            "Say what changed and on which legal text.",
            field="note",
        )
    text = text.replace("\r\n", "\n")
    try:
        rules.parse(text)
    except rules.RuleSetError as exc:
        exc.field = "text"
        raise
    version = RuleSetVersion(
        text=text, note=note[:500], created_by_id=user.id if user is not None else None
    )
    session.add(version)
    session.flush()
    return version


def versions(session: Session) -> list[RuleSetVersion]:
    return list(session.exec(select(RuleSetVersion).order_by(RuleSetVersion.id.desc())))
