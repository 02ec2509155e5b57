"""Organisations (THT, HTX, LHHTX, QTDND) and their dated legal status events."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.enums import DatePrecision, DissolutionKind, GoverningLaw, OrgType, Sector, Status
from registry.models.base import (
    IDS_NEVER_REUSED,
    Versioned,
    enum_field,
    fk_field,
    money_field,
    utcnow,
)


class Organisation(Versioned, table=True):
    """A collective-economy organisation: cooperative group, cooperative, union or credit fund."""

    __tablename__ = "organisation"
    __table_args__ = (
        sa.CheckConstraint("tax_code IS NULL OR length(tax_code) = 10", name="tax_code_length"),
        sa.CheckConstraint(
            "charter_capital_vnd IS NULL OR charter_capital_vnd >= 0",
            name="charter_capital_non_negative",
        ),
        sa.CheckConstraint(
            "(founded_on IS NULL) = (founded_precision IS NULL)", name="founded_precision_given"
        ),
        # Counts by status, type and sector read from the index alone; filters by status.
        sa.Index("ix_organisation_status_type_sector", "current_status", "org_type", "sector"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    org_type: OrgType = enum_field(OrgType, name="org_type", description="Loại hình tổ chức.")
    name: str = Field(
        max_length=255, index=True, description="Full name in NFC, abbreviations expanded."
    )
    name_key: str = Field(
        max_length=255, index=True, description="Folded name + director + tax code, for searching."
    )
    tax_code: str | None = Field(
        default=None,
        max_length=10,
        unique=True,
        description="Mã số HTX = 10-digit tax code, when known.",
    )
    legacy_certificate_no: str | None = Field(
        default=None, max_length=32, description="Old registration certificate (ĐKKD) number."
    )
    legacy_certificate_on: date | None = Field(
        default=None, description="Date of the old certificate."
    )
    governing_law: GoverningLaw = enum_field(
        GoverningLaw, name="governing_law", description="Cooperative Law it operates under."
    )
    sector: Sector = enum_field(Sector, name="sector", description="Main sector (lĩnh vực).")
    main_product: str | None = Field(
        default=None, max_length=255, description="Main product or service."
    )
    founded_on: date | None = Field(default=None, description="Founding date (ngày thành lập).")
    founded_precision: DatePrecision | None = enum_field(
        DatePrecision,
        name="date_precision",
        default=None,
        description="How much of founded_on the source gave: day, month or year only.",
    )
    registered_on: date | None = Field(
        default=None, description="Date of the current registration."
    )
    unit_id: int | None = fk_field(
        "admin_unit.id",
        default=None,
        index=True,
        description="Current-scheme commune of the registered address.",
    )
    legacy_unit_id: int | None = fk_field(
        "admin_unit.id",
        default=None,
        index=True,
        description="Legacy commune, or district when only that is known.",
    )
    address: str | None = Field(default=None, max_length=255, description="Street address.")
    director_name: str | None = Field(
        default=None, max_length=120, description="Director (giám đốc)."
    )
    phone: str | None = Field(
        default=None, max_length=64, description="Phone numbers, ';'-separated."
    )
    email: str | None = Field(default=None, max_length=120, description="E-mail address.")
    charter_capital_vnd: int | None = money_field(
        default=None, description="Registered charter capital (đồng)."
    )
    charter_amended_on: date | None = Field(
        default=None, description="When the charter was amended for Law 17/2023 (Art. 115)."
    )
    not_reorganized: bool = Field(
        default=False, description="Not converted/reorganised under the law in force."
    )
    lost_seal: bool = Field(default=False, description="The seal (con dấu) has been lost.")
    lost_certificate: bool = Field(
        default=False, description="The registration certificate has been lost."
    )
    lost_seal_on: date | None = Field(default=None, description="When the seal was lost.")
    lost_certificate_on: date | None = Field(
        default=None, description="When the certificate was lost."
    )
    notes: str | None = Field(
        default=None,
        max_length=1000,
        description="Remarks (ghi chú), as an officer or a list wrote them.",
    )
    current_status: Status | None = enum_field(
        Status,
        name="status",
        default=None,
        description="Status in force: the latest status event's (effective dates are never in "
        "the future). Kept by database triggers on status_event (migration 0003), whatever "
        "path writes the events; never written by the application.",
    )
    status_since: date | None = Field(
        default=None, description="Date the status in force took effect; kept with it."
    )
    created_at: datetime = Field(default_factory=utcnow, description="When recorded (UTC).")
    updated_at: datetime = Field(default_factory=utcnow, description="Last change (UTC).")

    def __str__(self) -> str:  # how a screen names it where it is referred to
        return self.name


class StatusEvent(SQLModel, table=True):
    """One dated change of legal status. The latest effective event is the current status."""

    __tablename__ = "status_event"
    __table_args__ = (
        sa.Index("ix_status_event_latest", "organisation_id", "effective_on", "id"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", description="The organisation."
    )
    status: Status = enum_field(Status, name="status", description="Status from this date.")
    effective_on: date = Field(description="Date the status took effect.")
    dissolution_kind: DissolutionKind | None = enum_field(
        DissolutionKind,
        name="dissolution_kind",
        default=None,
        description="Voluntary or compulsory, for dissolution statuses.",
    )
    reason: str | None = Field(default=None, max_length=500, description="Why (lý do).")
    decision_no: str | None = Field(
        default=None, max_length=64, description="Number of the decision, notice or resolution."
    )
    decision_on: date | None = Field(default=None, description="Date of that decision.")
    review_note: str | None = Field(
        default=None,
        max_length=500,
        description="Why a person must check this event: a status a document recorded without "
        "the steps the transition rules require before it (cần xem lại).",
    )
    recorded_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who recorded it."
    )
    recorded_at: datetime = Field(default_factory=utcnow, description="When recorded (UTC).")
