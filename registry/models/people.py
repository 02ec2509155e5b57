"""Persons, their memberships in organisations and the capital-contribution ledger."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.enums import ContributionKind, MemberType, PersonKind
from registry.models.base import (
    IDS_NEVER_REUSED,
    Versioned,
    enum_field,
    fk_field,
    money_field,
    utcnow,
)


class Person(Versioned, table=True):
    """An individual, household or legal entity, recorded once whatever it belongs to."""

    __tablename__ = "person"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    kind: PersonKind = enum_field(
        PersonKind,
        name="person_kind",
        default=PersonKind.INDIVIDUAL,
        description="Individual, household or legal entity.",
    )
    full_name: str = Field(max_length=200, description="Name in NFC.")
    name_key: str = Field(max_length=200, index=True, description="Folded name, for searching.")
    id_number: str | None = Field(
        default=None,
        max_length=16,
        unique=True,
        description="CCCD (12 digits), CMND (9) or, for a legal entity, its tax code (10).",
    )
    birth_year: int | None = Field(default=None, description="Year of birth, when known.")
    phone: str | None = Field(default=None, max_length=32, description="Phone number.")
    address: str | None = Field(default=None, max_length=255, description="Address.")
    created_at: datetime = Field(default_factory=utcnow, description="When recorded (UTC).")

    def __str__(self) -> str:  # how a screen names it where it is referred to
        return self.full_name


class Membership(Versioned, table=True):
    """A person's membership of one organisation, from joining to leaving."""

    __tablename__ = "membership"
    __table_args__ = (
        sa.CheckConstraint(
            "left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on", name="left_after_joined"
        ),
        # One active membership per person and organisation, kept by the database too; the
        # index also serves the count of active members without reading the table.
        sa.Index(
            "ux_membership_active",
            "organisation_id",
            "person_id",
            unique=True,
            sqlite_where=sa.text("left_on IS NULL"),
            postgresql_where=sa.text("left_on IS NULL"),
        ),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", index=True, description="The organisation."
    )
    person_id: int = fk_field("person.id", index=True, description="The member.")
    member_type: MemberType = enum_field(
        MemberType, name="member_type", description="Official or associate member."
    )
    joined_on: date | None = Field(default=None, description="Date the person joined.")
    left_on: date | None = Field(default=None, description="Date the person left (withdrew).")


class Contribution(SQLModel, table=True):
    """A dated entry in a member's capital ledger (góp vốn / rút vốn)."""

    __tablename__ = "contribution"
    __table_args__ = (
        sa.CheckConstraint("amount_vnd > 0", name="amount_positive"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    membership_id: int = fk_field(
        "membership.id", ondelete="CASCADE", index=True, description="Whose ledger."
    )
    kind: ContributionKind = enum_field(
        ContributionKind, name="contribution_kind", description="Contribution or withdrawal."
    )
    amount_vnd: int = money_field(description="Amount in đồng, always positive.")
    on: date = Field(description="Date of the entry.")
    note: str | None = Field(default=None, max_length=255, description="Free note.")
