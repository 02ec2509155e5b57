"""each organisation keeps its status in force, maintained by triggers on its status events;
indexes for the overview's counts and last general meetings

The status in force is the latest status event's (effective dates are never in the future).
Deriving it with a window function over the whole history cost half a second per overview at
province scale; stored beside the organisation it is an indexed column. Triggers, not the
application, keep it: every path that writes status events (services, imports, demo data,
SQL by hand) is covered.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATUSES = (
    "active",
    "suspended",
    "not_at_address",
    "revoked",
    "awaiting_dissolution",
    "dissolved",
    "bankrupt",
)


def _refresh(organisation_id: str) -> str:
    """SQL setting one organisation's status in force from its events (both dialects)."""
    return f"""UPDATE organisation SET (current_status, status_since) = (
        SELECT status, effective_on FROM status_event
        WHERE organisation_id = organisation.id
        ORDER BY effective_on DESC, id DESC LIMIT 1
    ) WHERE id = {organisation_id}"""


SQLITE = [
    f"""CREATE TRIGGER status_in_force_insert AFTER INSERT ON status_event
       BEGIN {_refresh("NEW.organisation_id")}; END""",
    f"""CREATE TRIGGER status_in_force_update AFTER UPDATE ON status_event
       BEGIN {_refresh("OLD.organisation_id")}; {_refresh("NEW.organisation_id")}; END""",
    f"""CREATE TRIGGER status_in_force_delete AFTER DELETE ON status_event
       BEGIN {_refresh("OLD.organisation_id")}; END""",
]
POSTGRESQL = [
    f"""CREATE FUNCTION status_in_force() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP <> 'INSERT' THEN {_refresh("OLD.organisation_id")}; END IF;
         IF TG_OP <> 'DELETE' THEN {_refresh("NEW.organisation_id")}; END IF;
         RETURN NULL;
       END $$""",
    """CREATE TRIGGER status_in_force AFTER INSERT OR UPDATE OR DELETE ON status_event
       FOR EACH ROW EXECUTE FUNCTION status_in_force()""",
]


def upgrade() -> None:
    allowed = ", ".join(f"'{s}'" for s in STATUSES)
    # A column constraint in ADD COLUMN: the one way SQLite adds a CHECK without rebuilding
    # the table, and PostgreSQL reads it the same.
    op.execute(
        "ALTER TABLE organisation ADD COLUMN current_status VARCHAR(32) "
        f"CONSTRAINT ck_organisation_status CHECK (current_status IN ({allowed}))"
    )
    op.add_column("organisation", sa.Column("status_since", sa.Date(), nullable=True))
    op.create_index(
        "ix_organisation_status_type_sector",
        "organisation",
        ["current_status", "org_type", "sector"],
    )
    op.create_index(
        "ix_annual_figures_meeting", "annual_figures", ["organisation_id", "general_meeting_on"]
    )
    op.execute(_refresh("organisation.id"))
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER status_in_force ON status_event")
        op.execute("DROP FUNCTION status_in_force()")
    else:
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER status_in_force_{name}")
    op.drop_index("ix_annual_figures_meeting", table_name="annual_figures")
    op.drop_index("ix_organisation_status_type_sector", table_name="organisation")
    op.drop_column("organisation", "status_since")
    op.drop_column("organisation", "current_status")
