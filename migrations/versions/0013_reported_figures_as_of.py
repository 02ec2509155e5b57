"""a year's figures may carry the day a list reported them as of

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("annual_figures", sa.Column("as_of", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("annual_figures") as batch:
        batch.drop_column("as_of")
