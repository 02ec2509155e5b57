"""Annual figures, debts in both directions and assets (above all land)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field

from registry.enums import (
    AssetKind,
    Counterparty,
    DatePrecision,
    DebtDirection,
    DebtState,
    LandCertificate,
    LandOrigin,
    LegacyGrade,
)
from registry.models.base import IDS_NEVER_REUSED, Versioned, enum_field, fk_field, money_field

NON_NEGATIVE_FIGURES = (
    "members_total",
    "members_official",
    "members_associate",
    "workers",
    "revenue_vnd",
    "charter_capital_vnd",
    "contributed_capital_vnd",
    "mobilised_capital_vnd",
    "total_assets_vnd",
    "indivisible_fund_vnd",
    "support_received_vnd",
)


#: A year's reported counts and amounts, in the order forms and exports give them.
FIGURE_COUNTS = ("members_total", "members_official", "members_associate", "workers")
FIGURE_AMOUNTS = (
    "revenue_vnd",
    "profit_vnd",
    "avg_member_income_vnd",
    "charter_capital_vnd",
    "contributed_capital_vnd",
    "mobilised_capital_vnd",
    "total_assets_vnd",
    "indivisible_fund_vnd",
    "support_received_vnd",
)


class AnnualFigures(Versioned, table=True):
    """An organisation's figures for one year (biểu báo cáo năm). Profit may be negative."""

    __tablename__ = "annual_figures"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "year"),
        # The last general meeting of each organisation without reading its figures.
        sa.Index("ix_annual_figures_meeting", "organisation_id", "general_meeting_on"),
        sa.CheckConstraint("year BETWEEN 1990 AND 2100", name="year_range"),
        *(
            sa.CheckConstraint(f"{c} IS NULL OR {c} >= 0", name=f"{c}_non_negative")
            for c in NON_NEGATIVE_FIGURES
        ),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", description="The organisation."
    )
    year: int = Field(description="Reporting year.")
    as_of: date | None = Field(
        default=None,
        description="The day the figures were reported as of, when a list dates them (a "
        "list of organisations with its members, workers and capital); none for the year's "
        "own report, read as of the year's end.",
    )
    members_total: int | None = Field(default=None, description="Members, all types.")
    members_official: int | None = Field(default=None, description="Official members.")
    members_associate: int | None = Field(default=None, description="Associate members.")
    workers: int | None = Field(default=None, description="Workers (lao động).")
    revenue_vnd: int | None = money_field(default=None, description="Revenue (doanh thu).")
    profit_vnd: int | None = money_field(default=None, description="Profit; negative = loss.")
    avg_member_income_vnd: int | None = money_field(
        default=None, description="Average income per member for the year."
    )
    charter_capital_vnd: int | None = money_field(default=None, description="Charter capital.")
    contributed_capital_vnd: int | None = money_field(
        default=None, description="Capital contributed."
    )
    mobilised_capital_vnd: int | None = money_field(default=None, description="Mobilised capital.")
    total_assets_vnd: int | None = money_field(default=None, description="Total assets.")
    indivisible_fund_vnd: int | None = money_field(default=None, description="Indivisible fund.")
    support_received_vnd: int | None = money_field(
        default=None, description="State support received."
    )
    general_meeting_on: date | None = Field(
        default=None, description="Date of the year's general meeting."
    )
    general_meeting_precision: DatePrecision | None = enum_field(
        DatePrecision,
        name="date_precision",
        default=None,
        description="How much of general_meeting_on the source gave (04/2024: month).",
    )
    legacy_grade: LegacyGrade | None = enum_field(
        LegacyGrade,
        name="legacy_grade",
        default=None,
        description="Grade under Circular 01/2020 (history only).",
    )


class Asset(Versioned, table=True):
    """An asset of an organisation; land carries its own details."""

    __tablename__ = "asset"
    __table_args__ = (
        sa.CheckConstraint(
            "book_value_vnd IS NULL OR book_value_vnd >= 0", name="book_value_non_negative"
        ),
        sa.CheckConstraint("area_m2 IS NULL OR area_m2 >= 0", name="area_non_negative"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", index=True, description="The owner."
    )
    kind: AssetKind = enum_field(AssetKind, name="asset_kind", description="Kind of asset.")
    description: str = Field(max_length=255, description="What and where.")
    book_value_vnd: int | None = money_field(default=None, description="Book value (đồng).")
    indivisible: bool = Field(default=False, description="Part of the indivisible assets.")
    area_m2: float | None = Field(default=None, description="Land area in m².")
    land_certificate: LandCertificate | None = enum_field(
        LandCertificate,
        name="land_certificate",
        default=None,
        description="Land-use-right certificate (sổ đỏ) status.",
    )
    land_origin: LandOrigin | None = enum_field(
        LandOrigin, name="land_origin", default=None, description="Allocated, leased, contributed."
    )
    disputed: bool = Field(default=False, description="Under dispute (tranh chấp).")
    location: str | None = Field(
        default=None, max_length=255, description="Where the parcel lies (thôn, xã)."
    )
    notes: str | None = Field(default=None, max_length=500, description="Remarks.")

    def __str__(self) -> str:  # how a screen names it where it is referred to
        return self.description or self.location or ""


class Debt(Versioned, table=True):
    """A debt the organisation owes (payable) or is owed (receivable)."""

    __tablename__ = "debt"
    __table_args__ = (
        sa.CheckConstraint(
            "principal_vnd IS NULL OR principal_vnd >= 0", name="principal_non_negative"
        ),
        sa.CheckConstraint("outstanding_vnd >= 0", name="outstanding_non_negative"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", index=True, description="The organisation."
    )
    direction: DebtDirection = enum_field(
        DebtDirection, name="debt_direction", description="Owed by or owed to the organisation."
    )
    counterparty: Counterparty = enum_field(
        Counterparty, name="counterparty", description="Category of creditor or debtor."
    )
    counterparty_name: str | None = Field(
        default=None, max_length=255, description="Name of the creditor or debtor."
    )
    bank: str | None = Field(
        default=None, max_length=32, description="Which bank, when a bank: agribank, vbsp…"
    )
    content: str | None = Field(
        default=None, max_length=255, description="What the debt is for (nội dung)."
    )
    incurred_on: date | None = Field(default=None, description="When it arose.")
    incurred_precision: DatePrecision | None = enum_field(
        DatePrecision,
        name="date_precision",
        default=None,
        description="How much of incurred_on the source gave.",
    )
    collateral: str | None = Field(
        default=None, max_length=255, description="Security as the source describes it."
    )
    notes: str | None = Field(default=None, max_length=500, description="Remarks.")
    principal_vnd: int | None = money_field(default=None, description="Original amount.")
    outstanding_vnd: int = money_field(description="Amount still outstanding.")
    as_of: date = Field(description="Date the outstanding amount refers to.")
    state: DebtState = enum_field(DebtState, name="debt_state", description="Resolution state.")
    planned_action: str | None = Field(
        default=None, max_length=500, description="How it is to be settled."
    )
    target_on: date | None = Field(default=None, description="Target date for settling it.")
    secured_by_asset_id: int | None = fk_field(
        "asset.id", default=None, ondelete="SET NULL", description="Asset securing the debt."
    )
