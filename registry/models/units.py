"""Administrative units in both schemes and the old→new commune mapping."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.enums import UnitKind, UnitLevel, UnitScheme
from registry.models.base import enum_field, fk_field


class AdminUnit(SQLModel, table=True):
    """An administrative unit (đơn vị hành chính) of the legacy (to 30/6/2025) or current scheme."""

    __tablename__ = "admin_unit"
    __table_args__ = (sa.UniqueConstraint("scheme", "code"),)

    id: int | None = Field(default=None, primary_key=True)
    scheme: UnitScheme = enum_field(
        UnitScheme, name="unit_scheme", description="Which scheme the unit belongs to."
    )
    level: UnitLevel = enum_field(
        UnitLevel, name="unit_level", description="Province, district (legacy only) or commune."
    )
    kind: UnitKind = enum_field(
        UnitKind,
        name="unit_kind",
        description="Tỉnh, thành phố, thị xã, huyện, xã, phường, thị trấn.",
    )
    code: str = Field(max_length=8, description="Official GSO code (mã ĐVHC), unique per scheme.")
    name: str = Field(max_length=120, description="Official name with its kind: 'Huyện Chư Păh'.")
    short_name: str = Field(max_length=120, description="Name without the kind: 'Chư Păh'.")
    name_key: str = Field(
        max_length=120,
        index=True,
        description="Folded short name for matching free text ('chu pah').",
    )
    parent_id: int | None = fk_field(
        "admin_unit.id", default=None, index=True, description="The unit one level up."
    )
    valid_from: date | None = Field(default=None, description="First day the unit existed.")
    valid_to: date | None = Field(default=None, description="Last day the unit existed.")

    def __str__(self) -> str:  # how a screen names it where it is referred to
        return self.name


class UnitMapping(SQLModel, table=True):
    """A legacy commune and the current commune it became (part of) on 1/7/2025."""

    __tablename__ = "unit_mapping"

    old_unit_id: int = fk_field(
        "admin_unit.id", primary_key=True, description="The legacy commune."
    )
    new_unit_id: int = fk_field(
        "admin_unit.id",
        primary_key=True,
        index=True,
        description="A current commune that took over (part of) it.",
    )
    is_default: bool = Field(
        default=True, description="The main successor when a commune was divided."
    )
