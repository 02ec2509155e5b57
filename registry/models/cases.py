"""The plan's clean-up work (Plan 655/KH-UBND II.3): what officers found organisations doing,
dissolution cases and their steps, the Alliance's support, repayments of debts, and the
versioned rule set the grounds are checked against."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.enums import (
    BaselineIndicator,
    CaseAction,
    CaseOutcome,
    CaseStage,
    ObservationSource,
    OperatingState,
    ReviewVerdict,
    SettlementKind,
    SubmissionState,
    SupportKind,
)
from registry.models.base import (
    IDS_NEVER_REUSED,
    Versioned,
    enum_field,
    fk_field,
    money_field,
    utcnow,
)


class RuleSetVersion(SQLModel, table=True):
    """One version of the legal rule set (a TOML document, see ``registry/legal_rules.toml``).
    The newest applies; none saved yet means the built-in version 0."""

    __tablename__ = "rule_set_version"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_type=sa.Text, description="The rule-set document (TOML).")
    note: str = Field(max_length=500, description="What changed and why (e.g. the legal text).")
    created_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who saved it."
    )
    created_at: datetime = Field(default_factory=utcnow, description="When saved (UTC).")


class Observation(SQLModel, table=True):
    """What an officer found an organisation doing on a date, kept apart from its legal status:
    a cooperative can be legally active and not operate for years."""

    __tablename__ = "operating_observation"
    __table_args__ = (
        sa.Index("ix_operating_observation_latest", "organisation_id", "observed_on", "id"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", description="The organisation."
    )
    observed_on: date = Field(description="Date of the finding.")
    state: OperatingState = enum_field(
        OperatingState, name="operating_state", description="What was found."
    )
    source: ObservationSource = enum_field(
        ObservationSource, name="observation_source", description="How it was found."
    )
    note: str | None = Field(default=None, max_length=500, description="Details.")
    recorded_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who recorded it."
    )
    recorded_at: datetime = Field(default_factory=utcnow, description="When recorded (UTC).")


class SupportEntry(SQLModel, table=True):
    """Help the Cooperative Alliance gave an organisation."""

    __tablename__ = "support_entry"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", index=True, description="The organisation."
    )
    given_on: date = Field(description="Date of the support.")
    kind: SupportKind = enum_field(SupportKind, name="support_kind", description="Kind of help.")
    note: str | None = Field(default=None, max_length=500, description="What was done.")
    recorded_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who recorded it."
    )
    recorded_at: datetime = Field(default_factory=utcnow, description="When recorded (UTC).")


class DissolutionCase(Versioned, table=True):
    """A case (hồ sơ đề nghị giải thể / xử lý) opened by the Alliance or planning staff on the
    grounds found; reviewed by the area, decided by planning staff. Not a legal status: the
    status changes only by the decision, through the status service."""

    __tablename__ = "dissolution_case"
    __table_args__ = (
        sa.Index("ix_dissolution_case_stage", "stage", "due_on"),
        sa.CheckConstraint("decision_no IS NULL OR decision_on IS NOT NULL", name="decision_dated"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = fk_field(
        "organisation.id", ondelete="CASCADE", index=True, description="The organisation."
    )
    stage: CaseStage = enum_field(CaseStage, name="case_stage", description="Whose move it is.")
    due_on: date | None = Field(default=None, description="When the current step is due.")
    as_of: date = Field(description="Date the grounds were checked for.")
    grounds: list[dict[str, Any]] = Field(
        default_factory=list,
        sa_type=sa.JSON,
        description="The grounds found when opened: code, citation, met since, evidence.",
    )
    note: str | None = Field(default=None, sa_type=sa.Text, description="Why it was opened.")
    opened_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who opened it."
    )
    opened_at: datetime = Field(default_factory=utcnow, description="When opened (UTC).")
    verdict: ReviewVerdict | None = enum_field(
        ReviewVerdict, name="review_verdict", default=None, description="The area's view."
    )
    review_comment: str | None = Field(
        default=None, sa_type=sa.Text, description="The area's comment."
    )
    outcome: CaseOutcome | None = enum_field(
        CaseOutcome, name="case_outcome", default=None, description="What was decided."
    )
    decision_no: str | None = Field(default=None, max_length=64, description="Decision number.")
    decision_on: date | None = Field(default=None, description="Decision date.")
    closed_on: date | None = Field(default=None, description="When the case ended.")


class CaseStep(SQLModel, table=True):
    """One step of a case, in order: who did what, when, and what they said."""

    __tablename__ = "case_step"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = fk_field(
        "dissolution_case.id", ondelete="CASCADE", index=True, description="The case."
    )
    action: CaseAction = enum_field(CaseAction, name="case_action", description="The step.")
    user_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who took it."
    )
    at: datetime = Field(default_factory=utcnow, description="When (UTC).")
    comment: str | None = Field(default=None, sa_type=sa.Text, description="What they said.")


class CaseDocument(SQLModel, table=True):
    """A document attached to a case (a scan of a report, minutes, a decision), stored in the
    data directory outside the web root and served only as a download."""

    __tablename__ = "case_document"
    __table_args__ = IDS_NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = fk_field(
        "dissolution_case.id", ondelete="CASCADE", index=True, description="The case."
    )
    file_name: str = Field(max_length=255, description="The name it was uploaded with.")
    stored_name: str = Field(max_length=80, description="Its name in the document store.")
    content_type: str = Field(max_length=64, description="Type told from its content.")
    size_bytes: int = Field(description="Size.")
    sha256: str = Field(max_length=64, description="Checksum of the content.")
    uploaded_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who attached it."
    )
    uploaded_at: datetime = Field(default_factory=utcnow, description="When (UTC).")


class DebtSettlement(SQLModel, table=True):
    """A repayment or other settlement of a debt. The debt's outstanding amount is the current
    one; on a past date it was that plus what was settled after."""

    __tablename__ = "debt_settlement"
    __table_args__ = (
        sa.CheckConstraint("amount_vnd >= 0", name="amount_non_negative"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    debt_id: int = fk_field("debt.id", ondelete="CASCADE", index=True, description="The debt.")
    on: date = Field(description="Date of the settlement.")
    kind: SettlementKind = enum_field(
        SettlementKind, name="settlement_kind", description="Paid, rescheduled, written off…"
    )
    amount_vnd: int = money_field(description="Amount settled (0 for a rescheduling).")
    reference: str | None = Field(
        default=None, max_length=120, description="Receipt, agreement or decision."
    )
    note: str | None = Field(default=None, max_length=500, description="Remarks.")
    recorded_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who recorded it."
    )
    recorded_at: datetime = Field(default_factory=utcnow, description="When recorded (UTC).")


class BaselineFigure(SQLModel, table=True):
    """A figure of the plan's baseline that planning staff entered, for an area (a legacy
    district, or the province when empty) where the registry's history does not hold it. The
    latest entry for an area and indicator applies."""

    __tablename__ = "baseline_figure"
    __table_args__ = (
        sa.Index("ix_baseline_figure_unit_indicator", "unit_id", "indicator", "id"),
        IDS_NEVER_REUSED,
    )

    id: int | None = Field(default=None, primary_key=True)
    unit_id: int | None = fk_field(
        "admin_unit.id", default=None, description="The legacy district; empty: the province."
    )
    indicator: BaselineIndicator = enum_field(
        BaselineIndicator, name="baseline_indicator", description="What is counted."
    )
    value: int = Field(sa_type=sa.BigInteger, description="The figure (đồng for amounts).")
    note: str = Field(max_length=500, description="Where the figure comes from.")
    entered_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who entered it."
    )
    entered_at: datetime = Field(default_factory=utcnow, description="When entered (UTC).")


class ReportSubmission(Versioned, table=True):
    """An area's annual report, prepared and submitted by its officer, accepted or returned by
    planning staff. The figures are kept as submitted: accepted, they never change; a later
    edit of the data underneath shows as a difference."""

    __tablename__ = "report_submission"
    __table_args__ = (sa.UniqueConstraint("year", "unit_id"), IDS_NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    year: int = Field(description="Reporting year.")
    unit_id: int = fk_field("admin_unit.id", description="The area reporting.")
    state: SubmissionState = enum_field(
        SubmissionState, name="submission_state", description="Where the report stands."
    )
    as_of: date = Field(description="Date the figures refer to.")
    figures: dict[str, Any] = Field(
        default_factory=dict, sa_type=sa.JSON, description="The report as prepared (json)."
    )
    prepared_by_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="SET NULL", description="Who prepared it."
    )
    prepared_at: datetime = Field(default_factory=utcnow, description="When prepared (UTC).")
    submitted_at: datetime | None = Field(default=None, description="When last submitted.")
    decided_by_id: int | None = fk_field(
        "user_account.id",
        default=None,
        ondelete="SET NULL",
        description="Who accepted it or returned it.",
    )
    decided_at: datetime | None = Field(default=None, description="When accepted or returned.")
    comment: str | None = Field(default=None, sa_type=sa.Text, description="Why it was returned.")
