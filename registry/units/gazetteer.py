"""The shipped units as plain data, for code that resolves names without a database (the
importers' cleaning stage). Keys are folded names without kind words."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def _rows() -> tuple[dict[str, str], ...]:
    text = (resources.files("registry.units") / "data" / "units.csv").read_text(encoding="utf-8")
    return tuple(csv.DictReader(text.splitlines()))


@cache
def legacy_districts_by_commune() -> dict[str, tuple[str, ...]]:
    """Folded legacy commune name → the short names of the legacy districts that have one."""
    from registry.services.units import unit_name_key

    districts = {
        r["code"]: r["short_name"]
        for r in _rows()
        if r["scheme"] == "legacy" and r["level"] == "district"
    }
    found: dict[str, list[str]] = {}
    for row in _rows():
        if row["scheme"] == "legacy" and row["level"] == "commune":
            found.setdefault(unit_name_key(row["short_name"]), []).append(
                districts[row["parent_code"]]
            )
    return {name: tuple(sorted(set(ds))) for name, ds in found.items()}


def district_of_commune(commune: str) -> str | None:
    """The legacy district of a commune name, when exactly one district has such a commune."""
    from registry.services.units import unit_name_key

    districts = legacy_districts_by_commune().get(unit_name_key(commune), ())
    return districts[0] if len(districts) == 1 else None
