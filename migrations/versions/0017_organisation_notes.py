"""an organisation's remarks (ghi chú): a list's notes column was read for the status words
in it, then dropped

Revision ID: 0017
Revises: 0016
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("organisation", sa.Column("notes", sa.String(length=1000), nullable=True))


def downgrade() -> None:
    # SQLite drops a column itself since 3.35; a batch copy would rebuild the table without
    # the status triggers (migration 0003).
    op.execute("ALTER TABLE organisation DROP COLUMN notes")
