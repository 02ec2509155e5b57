"""an import profile keeps the meanings given to unknown words, with its column mapping

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable, without a server default: PostgreSQL's json has no equality for autogenerate
    # to compare a default with; a profile saved before has no answers (NULL, read as none).
    op.add_column("import_profile", sa.Column("answers", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("import_profile", "answers")
