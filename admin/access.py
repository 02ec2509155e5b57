"""The signed-in user's scope (:mod:`registry.scope`), computed once per request."""

from __future__ import annotations

from flask import abort, g
from flask_login import current_user

from admin.extensions import db
from registry.models import Organisation, User
from registry.scope import Scope, scope_of


def current_access() -> Scope:
    """The signed-in user's access, computed once per request."""
    if not current_user.is_authenticated:
        abort(401)
    if "access" not in g:
        g.access = scope_of(db.session, db.session.get(User, current_user.id))
    return g.access


def organisation_or_404(organisation_id: int) -> Organisation:
    """An organisation the user may see; another area's id answers 404, as a missing one."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not current_access().allows(organisation):
        abort(404)
    return organisation


def require(allowed: bool, why: str | None = None) -> None:
    """Refuse (403) a request the user's role may not make, before anything else is read,
    saying ``why`` on the refusal page: the service would refuse it too, but a refusal must
    read as one, not as a form's error."""
    if not allowed:
        abort(403, description=why)
