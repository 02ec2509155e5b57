"""the former Bình Định's districts and communes, part of Gia Lai since 1/7/2025

The units before 1/7/2025 were those of the old Gia Lai only, so a list from the other half of
today's province (``Huyện Tuy Phước``, ``Xã Phước Thuận``) placed none of its rows: every
cooperative of the former Bình Định was rejected, its place unknown. The shipped files now
hold Bình Định's 11 districts and 155 communes before 1/7/2025 and which current commune each
became; this revision inserts those missing, as revision 0006 inserted the first (its own
step, run again: it adds only the units and pairs not there yet).

Revision ID: 0018
Revises: 0017
"""

import importlib
from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Bình Định's code before 1/7/2025 (today's Gia Lai has it in the current scheme).
BINH_DINH = "52"


def upgrade() -> None:
    importlib.import_module("migrations.versions.0006_administrative_units").upgrade()


def downgrade() -> None:
    """Bình Định's units go, but for those organisations and user areas still refer to."""
    province = (
        f"SELECT id FROM admin_unit WHERE scheme = 'legacy' AND level = 'province' "
        f"AND code = '{BINH_DINH}'"
    )
    districts = f"SELECT id FROM admin_unit WHERE parent_id IN ({province})"
    communes = f"SELECT id FROM admin_unit WHERE parent_id IN ({districts})"
    op.execute(f"DELETE FROM unit_mapping WHERE old_unit_id IN ({communes})")
    for tree in (communes, districts, province):
        op.execute(
            f"""DELETE FROM admin_unit WHERE id IN ({tree})
            AND id NOT IN (SELECT unit_id FROM organisation WHERE unit_id IS NOT NULL)
            AND id NOT IN (SELECT legacy_unit_id FROM organisation WHERE legacy_unit_id IS NOT NULL)
            AND id NOT IN (SELECT unit_id FROM user_scope)
            AND id NOT IN (SELECT parent_id FROM admin_unit WHERE parent_id IS NOT NULL)"""
        )
