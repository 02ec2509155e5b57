"""an audit entry's summary in English beside the Vietnamese: the log reads in its reader's
language (the Vietnamese one stays the record's, and the only one of earlier entries)

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("audit_entry", sa.Column("summary_en", sa.String(length=500), nullable=True))


def downgrade() -> None:
    # Not by a batch copy: on SQLite it would rebuild the table without its append-only
    # triggers (migration 0002). SQLite drops a column itself since 3.35.
    op.execute("ALTER TABLE audit_entry DROP COLUMN summary_en")
