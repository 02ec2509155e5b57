"""Loading and looking up administrative units."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from importlib import resources

from sqlalchemy import ColumnElement, func, or_, true
from sqlmodel import Session, select

from registry.enums import UnitLevel, UnitScheme
from registry.models import AdminUnit, Organisation, UnitMapping
from registry.text import fold


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("registry.units") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def load_units(session: Session) -> tuple[int, int]:
    """Insert or update the shipped units and mapping. Idempotent. Returns (units, mappings)."""
    existing = {(u.scheme, u.code): u for u in session.exec(select(AdminUnit))}
    by_key: dict[tuple[str, str], AdminUnit] = {}
    for row in _rows("units.csv"):
        key = (UnitScheme(row["scheme"]), row["code"])
        unit = existing.get(key) or AdminUnit(scheme=key[0], code=row["code"])
        unit.level = UnitLevel(row["level"])
        unit.kind = row["kind"]
        unit.name = row["name"]
        unit.short_name = row["short_name"]
        unit.name_key = unit_name_key(row["short_name"])
        unit.valid_from = _day(row["valid_from"])
        unit.valid_to = _day(row["valid_to"])
        if row["parent_code"]:
            unit.parent_id = by_key[(key[0], row["parent_code"])].id
        session.add(unit)
        session.flush()  # parents come before children in the file, so their ids are known
        by_key[key] = unit
    mappings = {(m.old_unit_id, m.new_unit_id): m for m in session.exec(select(UnitMapping))}
    rows = _rows("commune_mapping.csv")
    for row in rows:
        old = by_key[(UnitScheme.LEGACY, row["old_code"])].id
        new = by_key[(UnitScheme.CURRENT, row["new_code"])].id
        mapping = mappings.get((old, new)) or UnitMapping(old_unit_id=old, new_unit_id=new)
        mapping.is_default = row["is_default"] == "1"
        session.add(mapping)
    session.flush()
    return len(by_key), len(rows)


def unit_by_code(session: Session, scheme: UnitScheme, code: str) -> AdminUnit | None:
    return session.exec(
        select(AdminUnit).where(AdminUnit.scheme == scheme, AdminUnit.code == code)
    ).first()


def successor(session: Session, legacy_commune: AdminUnit) -> AdminUnit | None:
    """The current commune a legacy commune became (the main one when it was divided)."""
    return session.exec(
        select(AdminUnit)
        .join(UnitMapping, UnitMapping.new_unit_id == AdminUnit.id)
        .where(UnitMapping.old_unit_id == legacy_commune.id)
        .order_by(UnitMapping.is_default.desc(), AdminUnit.code)
    ).first()


_KIND_WORDS = ("thanh pho", "thi xa", "thi tran", "huyen", "phuong", "xa", "tp", "tx", "tt", "h")


def unit_name_key(name: str) -> str:
    """``'H. Đăk Pơ'``, ``'huyện Đak Pơ'`` → ``'dak po'``: the kind word is dropped."""
    key = fold(name)
    for word in _KIND_WORDS:
        if key.startswith(word + " "):
            return key[len(word) + 1 :]
    return key


def _spaceless_key(name: str) -> str:
    return unit_name_key(name).replace(" ", "")


@cache
def _aliases() -> dict[tuple[UnitScheme, str], tuple[str, ...]]:
    """(scheme, spaceless key of another spelling) → codes of the units written so
    (``unit_aliases.csv``: ``Ia Ma Rơn`` for ``Ia Mrơn``, ``Kông Pla`` for ``Kông Bơ La``)."""
    found: dict[tuple[UnitScheme, str], list[str]] = {}
    for row in _rows("unit_aliases.csv"):
        found.setdefault((UnitScheme(row["scheme"]), _spaceless_key(row["alias"])), []).append(
            row["code"]
        )
    return {key: tuple(codes) for key, codes in found.items()}


def find_units(
    session: Session, name: str, *, scheme: UnitScheme, level: UnitLevel | None = None
) -> list[AdminUnit]:
    """Units whose name matches free text, ignoring kind words, case, diacritics (Đăk, Đắk
    and Đak are one), spacing, hyphens and apostrophes (``ChưSê``, ``Mang-Yang``), or one
    of their other spellings. A name whose first word reads as a kind word is tried whole
    too: ``H Bông`` is the commune HBông, not a district called Bông."""
    key = _spaceless_key(name)
    keys = {key, fold(name).replace(" ", "")}
    by_name = func.replace(AdminUnit.name_key, " ", "").in_(keys)
    codes = _aliases().get((scheme, key))
    query = select(AdminUnit).where(
        AdminUnit.scheme == scheme, or_(by_name, AdminUnit.code.in_(codes)) if codes else by_name
    )
    if level is not None:
        query = query.where(AdminUnit.level == level)
    return list(session.exec(query))


def in_unit(unit: AdminUnit) -> ColumnElement[bool]:
    """Organisations in ``unit``, of any level and either scheme (a legacy district holds the
    organisations recorded on it or on one of its communes; a province before 1/7/2025, those
    on its districts and their communes; today's province, every one)."""
    if unit.level == UnitLevel.PROVINCE and unit.scheme == UnitScheme.CURRENT:
        return true()
    if unit.scheme == UnitScheme.CURRENT:
        return Organisation.unit_id == unit.id
    if unit.level == UnitLevel.COMMUNE:
        return Organisation.legacy_unit_id == unit.id
    below = select(AdminUnit.id).where(AdminUnit.parent_id == unit.id)
    if unit.level == UnitLevel.PROVINCE:
        below = select(AdminUnit.id).where(
            or_(AdminUnit.id.in_(below), AdminUnit.parent_id.in_(below))
        )
    return or_(Organisation.legacy_unit_id == unit.id, Organisation.legacy_unit_id.in_(below))
