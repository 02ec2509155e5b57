"""the plan's clean-up work: observations, cases, support, debt settlements, rule-set versions

What officers found organisations doing (apart from their legal status), dissolution cases with
their steps and documents, the Alliance's support log, repayments of debts as history, the dates
a seal or certificate was lost, and the versions of the legal rule set. Plain ALTER TABLE for
the organisation's new columns: batch mode would rebuild the table without AUTOINCREMENT and
without the status triggers of 0003.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rule_set_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user_account.id"],
            name=op.f("fk_rule_set_version_created_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_set_version")),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "dissolution_case",
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "area_review",
                "decision",
                "completion",
                "closed",
                name="case_stage",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("grounds", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("opened_by_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "verdict",
            sa.Enum(
                "agree",
                "disagree",
                name="review_verdict",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "compulsory_dissolution",
                "revocation",
                "voluntary_dissolution",
                "reorganisation",
                "revival",
                "no_action",
                name="case_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("decision_no", sa.String(length=64), nullable=True),
        sa.Column("decision_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "decision_no IS NULL OR decision_on IS NOT NULL",
            name=op.f("ck_dissolution_case_decision_dated"),
        ),
        sa.ForeignKeyConstraint(
            ["opened_by_id"],
            ["user_account.id"],
            name=op.f("fk_dissolution_case_opened_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_dissolution_case_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dissolution_case")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_dissolution_case_organisation_id"),
        "dissolution_case",
        ["organisation_id"],
        unique=False,
    )
    op.create_index(
        "ix_dissolution_case_stage", "dissolution_case", ["stage", "due_on"], unique=False
    )

    op.create_table(
        "operating_observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("observed_on", sa.Date(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "operating",
                "weak",
                "not_operating",
                "not_found",
                name="operating_state",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum(
                "field_visit",
                "commune_report",
                "tax_data",
                "imported_list",
                "other",
                name="observation_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_operating_observation_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_operating_observation_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_operating_observation")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_operating_observation_latest",
        "operating_observation",
        ["organisation_id", "observed_on", "id"],
        unique=False,
    )

    op.create_table(
        "support_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "training",
                "legal_advice",
                "dissolution_dossier",
                "fund_loan",
                "other",
                name="support_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_support_entry_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_support_entry_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_entry")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_support_entry_organisation_id"), "support_entry", ["organisation_id"], unique=False
    )

    op.create_table(
        "case_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dissolution_case.id"],
            name=op.f("fk_case_document_case_id_dissolution_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["user_account.id"],
            name=op.f("fk_case_document_uploaded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_document")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_case_document_case_id"), "case_document", ["case_id"], unique=False)

    op.create_table(
        "case_step",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "opened",
                "reviewed",
                "evidence",
                "decided",
                "completed",
                "closed",
                name="case_action",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["dissolution_case.id"],
            name=op.f("fk_case_step_case_id_dissolution_case"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_case_step_user_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_step")),
        sqlite_autoincrement=True,
    )
    op.create_index(op.f("ix_case_step_case_id"), "case_step", ["case_id"], unique=False)

    op.create_table(
        "debt_settlement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("debt_id", sa.Integer(), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "paid",
                "rescheduled",
                "written_off",
                "converted",
                name="settlement_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("amount_vnd", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("amount_vnd >= 0", name=op.f("ck_debt_settlement_amount_non_negative")),
        sa.ForeignKeyConstraint(
            ["debt_id"],
            ["debt.id"],
            name=op.f("fk_debt_settlement_debt_id_debt"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["user_account.id"],
            name=op.f("fk_debt_settlement_recorded_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debt_settlement")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_debt_settlement_debt_id"), "debt_settlement", ["debt_id"], unique=False
    )

    op.add_column("organisation", sa.Column("lost_seal_on", sa.Date(), nullable=True))
    op.add_column("organisation", sa.Column("lost_certificate_on", sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column("organisation", "lost_certificate_on")
    op.drop_column("organisation", "lost_seal_on")

    op.drop_index(op.f("ix_debt_settlement_debt_id"), table_name="debt_settlement")

    op.drop_table("debt_settlement")
    op.drop_index(op.f("ix_case_step_case_id"), table_name="case_step")

    op.drop_table("case_step")
    op.drop_index(op.f("ix_case_document_case_id"), table_name="case_document")

    op.drop_table("case_document")
    op.drop_index(op.f("ix_support_entry_organisation_id"), table_name="support_entry")

    op.drop_table("support_entry")
    op.drop_index("ix_operating_observation_latest", table_name="operating_observation")

    op.drop_table("operating_observation")
    op.drop_index("ix_dissolution_case_stage", table_name="dissolution_case")
    op.drop_index(op.f("ix_dissolution_case_organisation_id"), table_name="dissolution_case")

    op.drop_table("dissolution_case")
    op.drop_table("rule_set_version")
