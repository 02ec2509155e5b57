"""an import's change rows name the organisation whose file they belong to

An import is audited as one entry per batch; its change rows are the field-level trail,
shown in each organisation's history. Rows written before keep their per-record audit
entries and are left without an organisation (no history shows them twice).

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("import_change", sa.Column("organisation_id", sa.Integer(), nullable=True))
    op.create_index(
        "ix_import_change_organisation_id", "import_change", ["organisation_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_import_change_organisation_id", table_name="import_change")
    with op.batch_alter_table("import_change") as batch:
        batch.drop_column("organisation_id")
