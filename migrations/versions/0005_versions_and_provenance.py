"""every editable record carries a version; a batch notes every record it created

Persons, memberships, debts, assets, annual figures and user accounts get the optimistic lock organisations
already had, so a stale form is refused instead of overwriting a newer change.

A status event a document recorded without the steps the transition rules require before it
(a later list saying "dissolved" of a cooperative the registry has as suspended) carries a
review note naming the missing steps.

Undo now knows what a batch wrote from its own change rows alone. Batches written before this
revision did not note two kinds of record, which are noted here once:
- the contribution a member import wrote with each membership it created: the first ledger
  entry of that membership (written in the same transaction as the membership);
- the status event an organisation import recorded: for a created organisation its first
  event, for an updated one the events recorded by no user, at or after the batch's time,
  whose reason names the batch's file (the only trace the earlier code left).

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("person", "membership", "debt", "asset", "annual_figures", "user_account")


def upgrade() -> None:
    op.add_column("status_event", sa.Column("review_note", sa.String(length=500), nullable=True))
    # Plain ALTER TABLE, not batch mode: SQLite's batch mode rebuilds the table from its
    # reflection, which loses AUTOINCREMENT (ids would be given twice).
    for table in TABLES:
        op.add_column(
            table, sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )
    op.execute(
        """INSERT INTO import_change (batch_id, table_name, record_id, sheet, row, action)
        SELECT c.batch_id, 'contribution', MIN(k.id), c.sheet, c.row, 'create'
        FROM import_change c JOIN contribution k ON k.membership_id = c.record_id
        WHERE c.table_name = 'membership' AND c.action = 'create'
        GROUP BY c.batch_id, c.record_id, c.sheet, c.row"""
    )
    op.execute(
        """INSERT INTO import_change (batch_id, table_name, record_id, sheet, row, action)
        SELECT c.batch_id, 'status_event', MIN(e.id), c.sheet, c.row, 'create'
        FROM import_change c JOIN status_event e ON e.organisation_id = c.record_id
        WHERE c.table_name = 'organisation' AND c.action = 'create'
        GROUP BY c.batch_id, c.record_id, c.sheet, c.row"""
    )
    op.execute(
        """INSERT INTO import_change (batch_id, table_name, record_id, sheet, row, action)
        SELECT c.batch_id, 'status_event', e.id, c.sheet, c.row, 'create'
        FROM import_change c
        JOIN import_batch b ON b.id = c.batch_id
        JOIN status_event e ON e.organisation_id = c.record_id
        WHERE c.table_name = 'organisation' AND c.action = 'update'
          AND e.recorded_by_id IS NULL AND e.recorded_at >= b.created_at
          AND e.reason LIKE 'Nhập từ tệp ' || b.file_name || '%'"""
    )


def downgrade() -> None:
    op.execute("DELETE FROM import_change WHERE table_name IN ('contribution', 'status_event')")
    for table in TABLES:
        op.drop_column(table, "version")
    op.drop_column("status_event", "review_note")
