"""the administrative units and the old→new commune mapping ship with the schema

A database made by ``registry db upgrade`` alone could not place a single organisation: the
units were loaded only by ``registry units load`` or the demo. They are now inserted here,
from the files the package ships (``registry/units/data``), with the columns as they stand at
this revision. ``registry units load`` stays, and updates them when the shipped files change.
Rows already there (a database whose units were loaded before) are left as they are.

Revision ID: 0006
Revises: 0005
"""

import csv
from collections.abc import Sequence
from datetime import date
from importlib import resources

import sqlalchemy as sa
from alembic import op

from registry.services.units import unit_name_key

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

admin_unit = sa.table(
    "admin_unit",
    sa.column("id", sa.Integer),
    sa.column("scheme", sa.String),
    sa.column("level", sa.String),
    sa.column("kind", sa.String),
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("short_name", sa.String),
    sa.column("name_key", sa.String),
    sa.column("parent_id", sa.Integer),
    sa.column("valid_from", sa.Date),
    sa.column("valid_to", sa.Date),
)
unit_mapping = sa.table(
    "unit_mapping",
    sa.column("old_unit_id", sa.Integer),
    sa.column("new_unit_id", sa.Integer),
    sa.column("is_default", sa.Boolean),
)


def _rows(name: str) -> list[dict[str, str]]:
    text = (resources.files("registry.units") / "data" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def upgrade() -> None:
    connection = op.get_bind()
    ids = {
        (scheme, code): id_
        for id_, scheme, code in connection.execute(
            sa.select(admin_unit.c.id, admin_unit.c.scheme, admin_unit.c.code)
        )
    }
    for row in _rows("units.csv"):  # parents come before their children in the file
        key = (row["scheme"], row["code"])
        if key in ids:
            continue
        ids[key] = connection.execute(
            admin_unit.insert()
            .values(
                scheme=row["scheme"],
                level=row["level"],
                kind=row["kind"],
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                name_key=unit_name_key(row["short_name"]),
                parent_id=ids[(row["scheme"], row["parent_code"])] if row["parent_code"] else None,
                valid_from=_day(row["valid_from"]),
                valid_to=_day(row["valid_to"]),
            )
            .returning(admin_unit.c.id)
        ).scalar_one()
    present = set(
        connection.execute(sa.select(unit_mapping.c.old_unit_id, unit_mapping.c.new_unit_id))
    )
    mappings = []
    for row in _rows("commune_mapping.csv"):
        pair = (ids[("legacy", row["old_code"])], ids[("current", row["new_code"])])
        if pair not in present:
            present.add(pair)
            mappings.append(
                dict(old_unit_id=pair[0], new_unit_id=pair[1], is_default=row["is_default"] == "1")
            )
    if mappings:
        op.bulk_insert(unit_mapping, mappings)


def downgrade() -> None:
    """The units go, but for those organisations and user areas still refer to."""
    op.execute("DELETE FROM unit_mapping")
    for level in ("commune", "district", "province"):
        op.execute(
            f"""DELETE FROM admin_unit WHERE level = '{level}'
            AND id NOT IN (SELECT unit_id FROM organisation WHERE unit_id IS NOT NULL)
            AND id NOT IN (SELECT legacy_unit_id FROM organisation WHERE legacy_unit_id IS NOT NULL)
            AND id NOT IN (SELECT unit_id FROM user_scope)
            AND id NOT IN (SELECT parent_id FROM admin_unit WHERE parent_id IS NOT NULL)"""
        )
