"""Administrative units as officers pick them: only those in the user's area, labelled with
their scheme, and filters on a unit of any level."""

from __future__ import annotations

from dataclasses import dataclass

from flask import has_request_context
from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import aliased

from admin.access import current_access
from admin.extensions import db
from registry.enums import UnitLevel, UnitScheme
from registry.models import AdminUnit, Organisation, UnitMapping
from registry.services.units import in_unit


@dataclass(frozen=True)
class UnitRow:
    """What a unit picker needs of a unit; kept in memory, units change only on reload."""

    id: int
    scheme: UnitScheme
    level: UnitLevel
    name: str
    parent_name: str | None


def unit_label(unit: AdminUnit | UnitRow, parent: AdminUnit | None = None) -> str:
    if unit.scheme == UnitScheme.LEGACY:
        parent_name = getattr(unit, "parent_name", None) or (parent.name if parent else None)
        where = (
            f"{unit.name}, {parent_name}"
            if parent_name and unit.level == UnitLevel.COMMUNE
            else unit.name
        )
        before = _("before 7/2025")
        return f"{where} ({before})"
    return unit.name


#: Units per database, loaded once per process (``registry units load`` runs offline).
_UNITS: dict[str, list[UnitRow]] = {}


def _units(scheme: UnitScheme) -> list[UnitRow]:
    return [u for u in _all_units() if u.scheme == scheme]


def _all_units() -> list[UnitRow]:
    key = str(db.engine.url)
    if key not in _UNITS:
        parent = aliased(AdminUnit)
        rows = db.session.execute(
            select(AdminUnit.id, AdminUnit.scheme, AdminUnit.level, AdminUnit.name, parent.name)
            .outerjoin(parent, parent.id == AdminUnit.parent_id)
            .order_by(AdminUnit.level, AdminUnit.name)
        ).all()
        _UNITS[key] = [UnitRow(*row) for row in rows]
    return _UNITS[key]


def place_of(unit_id: int | None, legacy_unit_id: int | None) -> str:
    """Where an organisation lies, as officers name it: its legacy commune and district (the
    units their lists speak of), else its current commune."""
    units = {u.id: u for u in _all_units()}
    legacy = units.get(legacy_unit_id)
    if legacy is not None:
        if legacy.level == UnitLevel.COMMUNE and legacy.parent_name:
            return f"{legacy.name}, {legacy.parent_name}"
        return legacy.name
    current = units.get(unit_id)
    return current.name if current is not None else ""


#: Larger units first: a search for a district's name finds the district before the
#: communes that carry its name after theirs.
_LEVEL_ORDER = {UnitLevel.PROVINCE: 0, UnitLevel.DISTRICT: 1, UnitLevel.COMMUNE: 2}


def legacy_choices() -> list[tuple[int, str]]:
    """Legacy districts, then communes, that the user may assign."""
    access = current_access()
    units = sorted(_units(UnitScheme.LEGACY), key=lambda u: (_LEVEL_ORDER[u.level], u.name))
    return [
        (u.id, unit_label(u))
        for u in units
        if u.level != UnitLevel.PROVINCE and (access.everywhere or u.id in access.legacy_ids)
    ]


def current_choices() -> list[tuple[int, str]]:
    """Current communes the user may assign: those in scope, or those their legacy communes
    became."""
    access = current_access()
    allowed = set(access.current_ids)
    if access.legacy_ids:
        allowed.update(
            db.session.scalars(
                select(UnitMapping.new_unit_id).where(
                    UnitMapping.old_unit_id.in_(access.legacy_ids)
                )
            )
        )
    return [
        (u.id, unit_label(u))
        for u in _units(UnitScheme.CURRENT)
        if u.level == UnitLevel.COMMUNE and (access.everywhere or u.id in allowed)
    ]


def unit_text(unit: AdminUnit | None) -> str:
    """A legacy unit as an organisation's place reads: ``Ia Nhin, Chư Păh``."""
    if unit is None:
        return ""
    if unit.parent is not None and unit.level == UnitLevel.COMMUNE:
        return f"{unit.short_name}, {unit.parent.short_name}"
    return unit.short_name


class UnitFilter(BaseSQLAFilter):
    """Organisations (or the records of organisations, by ``column``) in a unit of any level
    and either scheme."""

    def __init__(self, name, column=Organisation.id) -> None:
        super().__init__(column, name, options=self._options)

    @staticmethod
    def _options():
        if not has_request_context() or not current_user.is_authenticated:
            return []  # evaluated again per request (RegistryModelView._get_filter_groups)
        legacy = [(str(i), text) for i, text in legacy_choices()]
        return legacy + [(str(i), text) for i, text in current_choices()]

    def validate(self, value) -> bool:
        """One of the units offered: the user's own, by id."""
        return str(value) in {v for v, _text in self._options()}

    def apply(self, query, value, alias=None):
        unit = db.session.get(AdminUnit, int(value))
        if unit is None:
            return query
        if self.column is Organisation.id:
            return query.filter(in_unit(unit))
        return query.filter(self.column.in_(select(Organisation.id).where(in_unit(unit))))

    def operation(self):
        return _l("is in")

    def clean(self, value):
        return value if str(value).isdigit() else None
