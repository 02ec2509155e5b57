"""Who may see and change what: roles, and area scope for organisations and everything that
hangs off them.

An area officer's scope is a set of units of any level and scheme. An organisation is in scope
when its current commune is one of the current-scheme units, or its legacy commune (or district)
is one of the legacy units or lies in a legacy district of the scope. A province in the scope,
or a provincial role, means the whole province.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort, g
from flask_login import current_user
from sqlalchemy import ColumnElement, false, or_
from sqlmodel import Session, select

from admin.extensions import db
from registry.enums import Role, UnitLevel, UnitScheme
from registry.models import AdminUnit, Organisation, UserScope

PROVINCIAL = {Role.ADMIN, Role.PLANNER, Role.ALLIANCE}
EDITORS = {Role.ADMIN, Role.PLANNER, Role.AREA_OFFICER}
STATUS_RECORDERS = {Role.ADMIN, Role.PLANNER, Role.ALLIANCE, Role.AREA_OFFICER}


@dataclass(frozen=True)
class Access:
    role: Role
    everywhere: bool
    current_ids: frozenset[int] = frozenset()
    legacy_ids: frozenset[int] = frozenset()

    @property
    def can_edit(self) -> bool:
        return self.role in EDITORS

    @property
    def can_record_status(self) -> bool:
        return self.role in STATUS_RECORDERS

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_audit_log(self) -> bool:
        return self.role in {Role.ADMIN, Role.PLANNER}

    def organisation_filter(self) -> ColumnElement[bool] | None:
        """A WHERE clause for organisations in scope; None when everything is."""
        if self.everywhere:
            return None
        clauses = []
        if self.current_ids:
            clauses.append(Organisation.unit_id.in_(self.current_ids))
        if self.legacy_ids:
            clauses.append(Organisation.legacy_unit_id.in_(self.legacy_ids))
        return or_(*clauses) if clauses else false()

    def allows_units(self, unit_id: int | None, legacy_unit_id: int | None) -> bool:
        return self.everywhere or unit_id in self.current_ids or legacy_unit_id in self.legacy_ids

    def allows(self, organisation: Organisation) -> bool:
        return self.allows_units(organisation.unit_id, organisation.legacy_unit_id)

    def organisation_ids(self):
        """A subquery of organisation ids in scope, for tables that hang off organisations."""
        query = select(Organisation.id)
        where = self.organisation_filter()
        return query.where(where) if where is not None else query


def compute(session: Session, user_id: int, role: Role) -> Access:
    if role in PROVINCIAL:
        return Access(role=role, everywhere=True)
    units = session.exec(
        select(AdminUnit)
        .join(UserScope, UserScope.unit_id == AdminUnit.id)
        .where(UserScope.user_id == user_id)
    ).all()
    if not units and role == Role.VIEWER:
        return Access(role=role, everywhere=True)
    current: set[int] = set()
    legacy: set[int] = set()
    for unit in units:
        if unit.level == UnitLevel.PROVINCE:
            return Access(role=role, everywhere=True)
        if unit.scheme == UnitScheme.CURRENT:
            current.add(unit.id)
        else:
            legacy.add(unit.id)
            if unit.level == UnitLevel.DISTRICT:
                legacy.update(
                    session.exec(select(AdminUnit.id).where(AdminUnit.parent_id == unit.id)).all()
                )
    return Access(
        role=role, everywhere=False, current_ids=frozenset(current), legacy_ids=frozenset(legacy)
    )


def current_access() -> Access:
    """The signed-in user's access, computed once per request."""
    if not current_user.is_authenticated:
        abort(401)
    if "access" not in g:
        g.access = compute(db.session, current_user.id, current_user.role)
    return g.access


def organisation_or_404(organisation_id: int) -> Organisation:
    """An organisation the user may see; another area's id answers 404, as a missing one."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not current_access().allows(organisation):
        abort(404)
    return organisation
