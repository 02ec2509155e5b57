"""Who may see and change what: roles, and the area a user works in.

An area officer's scope is a set of units of any level and scheme. An organisation is in scope
when its current commune is one of the current-scheme units, or its legacy commune (or district)
is one of the legacy units or lies in a legacy district of the scope. A province in the scope,
or a provincial role, means the whole province. Everything that hangs off an organisation
(members, debts, assets, figures, status) is in scope with it; a person is in scope through a
membership of an organisation in scope.

This lives in the core, not the web face: services, the importer and the command line apply
the same scope as the screens.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, or_
from sqlmodel import Session, select

from registry.enums import Role, UnitLevel, UnitScheme
from registry.models import AdminUnit, Membership, Organisation, Person, User, UserScope
from registry.services.errors import DomainError

PROVINCIAL = {Role.ADMIN, Role.PLANNER, Role.ALLIANCE}
EDITORS = {Role.ADMIN, Role.PLANNER, Role.AREA_OFFICER}
STATUS_RECORDERS = {Role.ADMIN, Role.PLANNER, Role.ALLIANCE, Role.AREA_OFFICER}
IMPORTERS = {Role.ADMIN, Role.PLANNER, Role.AREA_OFFICER}
#: The steps of a dissolution case (Plan 655 II.3): the Alliance or planning staff open one,
#: the area reviews it, planning staff decide; everyone on it may add evidence.
CASE_OPENERS = {Role.ADMIN, Role.PLANNER, Role.ALLIANCE}
CASE_REVIEWERS = {Role.ADMIN, Role.AREA_OFFICER}
CASE_DECIDERS = {Role.ADMIN, Role.PLANNER}
SUPPORTERS = {Role.ADMIN, Role.ALLIANCE}
#: Who prepares and submits an area's annual report (Plan 655: the area's own officer).
REPORTERS = {Role.ADMIN, Role.AREA_OFFICER}


@dataclass(frozen=True)
class Scope:
    """A user's role and area. ``Scope.everything()`` is the command line's own (an operator
    with the database in hand), and an administrator's."""

    role: Role
    everywhere: bool
    current_ids: frozenset[int] = frozenset()
    legacy_ids: frozenset[int] = frozenset()

    @classmethod
    def everything(cls) -> Scope:
        return cls(role=Role.ADMIN, everywhere=True)

    @property
    def can_edit(self) -> bool:
        return self.role in EDITORS

    @property
    def can_record_status(self) -> bool:
        return self.role in STATUS_RECORDERS

    @property
    def can_import(self) -> bool:
        return self.role in IMPORTERS

    @property
    def can_open_case(self) -> bool:
        return self.role in CASE_OPENERS

    @property
    def can_review_case(self) -> bool:
        return self.role in CASE_REVIEWERS

    @property
    def can_decide_case(self) -> bool:
        return self.role in CASE_DECIDERS

    @property
    def can_record_support(self) -> bool:
        return self.role in SUPPORTERS

    @property
    def can_report(self) -> bool:
        return self.role in REPORTERS

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

    def person_filter(self, person_id_column) -> ColumnElement[bool] | None:
        """A WHERE clause for persons in scope (a membership of an organisation in scope);
        None when everyone is."""
        if self.everywhere:
            return None
        return person_id_column.in_(
            select(Membership.person_id).where(
                Membership.organisation_id.in_(self.organisation_ids())
            )
        )

    def allows_person(self, session: Session, person_id: int | None) -> bool:
        if self.everywhere:
            return True
        if person_id is None:
            return False
        return (
            session.scalar(
                select(Person.id).where(Person.id == person_id, self.person_filter(Person.id))
            )
            is not None
        )

    def require_organisation(self, organisation: Organisation) -> None:
        """Refuse a change to an organisation outside the area (or one that would leave it)."""
        if not self.allows(organisation):
            raise outside_area()


def outside_area() -> DomainError:
    return DomainError(
        "Bản ghi nằm ngoài địa bàn bạn phụ trách.",
        "This record is outside your area.",
        field="unit_id",
    )


#: The levels a legacy unit holds below it: a province before 1/7/2025 (the old Gia Lai, or
#: Bình Định) its districts and their communes; a district its communes.
_LEVELS_BELOW = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 0}


def scope_of(session: Session, user: User | None) -> Scope:
    """The scope of ``user``; without one (the command line run by an operator), everything."""
    if user is None:
        return Scope.everything()
    role = user.role
    if role in PROVINCIAL:
        return Scope(role=role, everywhere=True)
    units = session.exec(
        select(AdminUnit)
        .join(UserScope, UserScope.unit_id == AdminUnit.id)
        .where(UserScope.user_id == user.id)
    ).all()
    if not units and role == Role.VIEWER:
        return Scope(role=role, everywhere=True)
    current: set[int] = set()
    legacy: set[int] = set()
    for unit in units:
        if unit.level == UnitLevel.PROVINCE and unit.scheme == UnitScheme.CURRENT:
            return Scope(role=role, everywhere=True)
        if unit.scheme == UnitScheme.CURRENT:
            current.add(unit.id)
            continue
        legacy.add(unit.id)
        below = [unit.id]
        for _ in range(_LEVELS_BELOW[unit.level]):
            below = session.exec(select(AdminUnit.id).where(AdminUnit.parent_id.in_(below))).all()
            legacy.update(below)
    return Scope(
        role=role, everywhere=False, current_ids=frozenset(current), legacy_ids=frozenset(legacy)
    )
