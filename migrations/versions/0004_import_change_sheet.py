"""the sheet each imported record came from, beside its row

A workbook of one sheet per cooperative (members) or per district (debts and land) is
imported as one batch; a row number alone no longer says where a record came from.
Existing change records keep an empty sheet: their batch had one.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("import_change", sa.Column("sheet", sa.String(length=120), nullable=True))


def downgrade() -> None:
    op.drop_column("import_change", "sheet")
