"""baseline figures of Plan 655 that planning staff enter where the history does not hold them

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "baseline_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column(
            "indicator",
            sa.Enum(
                "orgs_stopped",
                "debts_open_count",
                "debts_open_amount",
                "land_questions",
                name="baseline_indicator",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("entered_by_id", sa.Integer(), nullable=True),
        sa.Column("entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by_id"],
            ["user_account.id"],
            name=op.f("fk_baseline_figure_entered_by_id_user_account"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["admin_unit.id"],
            name=op.f("fk_baseline_figure_unit_id_admin_unit"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baseline_figure")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_baseline_figure_unit_indicator", "baseline_figure", ["unit_id", "indicator", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_baseline_figure_unit_indicator", table_name="baseline_figure")
    op.drop_table("baseline_figure")
