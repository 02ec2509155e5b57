"""sessions kept in the database; sign-in attempts counted per account name and address

A session cookie outlived sign-out (the cookie alone said who was signed in), and the lock
after failed sign-ins was counted on the account row after the password check: thirty
concurrent guesses left the counter at three, and unknown names were never counted. Sessions
are now rows (ended at sign-out and at a password change) and attempts are counted in their
own table, before the password is checked. The account's own counter and lock go.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_session",
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_user_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_sha256", name=op.f("pk_user_session")),
    )
    op.create_index(op.f("ix_user_session_user_id"), "user_session", ["user_id"], unique=False)
    op.create_table(
        "sign_in_throttle",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sign_in_throttle")),
    )
    # Plain ALTER TABLE (SQLite 3.35+): batch mode would rebuild the table without
    # AUTOINCREMENT, and a user's id could then be given again.
    op.drop_column("user_account", "locked_until")
    op.drop_column("user_account", "failed_logins")


def downgrade() -> None:
    op.add_column(
        "user_account",
        sa.Column("failed_logins", sa.Integer(), server_default=sa.text("0"), nullable=False),
    )
    op.add_column(
        "user_account", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True)
    )
    op.drop_table("sign_in_throttle")
    op.drop_index(op.f("ix_user_session_user_id"), table_name="user_session")
    op.drop_table("user_session")
