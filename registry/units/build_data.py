"""Rebuild ``data/units.csv``, ``data/commune_mapping.csv`` and ``data/unit_aliases.csv`` from
their upstream packages.

Run ``pip install -e '.[units-data]' && python -m registry.units.build_data``. The registry
never imports these packages at run time; it reads the CSV files this script writes.

- Official codes and names (GSO / Decision 124/2004/QĐ-TTg for the pre-2025 scheme,
  Decision 19/2025/QĐ-TTg for the current one) and the old→new commune mapping come from
  ``vietnamadminunits`` 1.0.4 (MIT), file ``data/dataset.db`` and ``data/converter_2025.json``.
- The mapping is cross-checked by name against ``vietnam-address-converter`` 1.0.5
  (Apache-2.0), which carries the official mapping table ``admin_mapping_old_to_new_10_25``;
  the script stops if the two disagree.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import unicodedata
from importlib import resources
from pathlib import Path

#: The provinces before 1/7/2025 whose territory is Gia Lai's since: their codes and names.
OLD_PROVINCES = {"64": "Gia Lai", "52": "Bình Định"}
NEW_PROVINCE_CODE = "52"  # Gia Lai (merged with Bình Định) from 1/7/2025
OLD_VALID_TO = "2025-06-30"
NEW_VALID_FROM = "2025-07-01"
DATA_DIR = Path(__file__).with_name("data")

UNIT_COLUMNS = [
    "scheme",
    "level",
    "code",
    "name",
    "short_name",
    "kind",
    "parent_code",
    "valid_from",
    "valid_to",
]


def _kind(type_word: str) -> str:
    return {
        "Tỉnh": "province",
        "Thành phố": "city",
        "Thị xã": "town",
        "Huyện": "rural_district",
        "Xã": "commune",
        "Phường": "ward",
        "Thị trấn": "township",
    }[type_word]


def _short(name: str, type_word: str) -> str:
    return name[len(type_word) :].strip() if name.startswith(type_word) else name


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower().replace(" ", "")


def build() -> tuple[list[dict], list[dict]]:
    pkg = resources.files("vietnamadminunits") / "data"
    db = sqlite3.connect(str(pkg / "dataset.db"))
    converter = json.loads((pkg / "converter_2025.json").read_text(encoding="utf-8"))

    units: list[dict] = [
        *(
            dict(
                scheme="legacy",
                level="province",
                code=code,
                name=f"Tỉnh {name}",
                short_name=name,
                kind="province",
                parent_code="",
                valid_from="",
                valid_to=OLD_VALID_TO,
            )
            for code, name in OLD_PROVINCES.items()
        ),
        dict(
            scheme="current",
            level="province",
            code=NEW_PROVINCE_CODE,
            name="Tỉnh Gia Lai",
            short_name="Gia Lai",
            kind="province",
            parent_code="",
            valid_from=NEW_VALID_FROM,
            valid_to="",
        ),
    ]
    legacy = db.execute(
        "SELECT provinceCode, districtCode, district, districtType, wardCode, ward, wardType,"
        " provinceKey, districtKey, wardKey FROM admin_units_legacy"
        f" WHERE provinceCode IN ({', '.join('?' * len(OLD_PROVINCES))})"
        " ORDER BY provinceCode DESC, districtCode, wardCode",  # Gia Lai's first, as before
        tuple(OLD_PROVINCES),
    ).fetchall()
    seen_districts: set[str] = set()
    legacy_keys: dict[str, str] = {}
    for p_code, d_code, d_name, d_type, w_code, w_name, w_type, p_key, d_key, w_key in legacy:
        if d_code not in seen_districts:
            seen_districts.add(d_code)
            units.append(
                dict(
                    scheme="legacy",
                    level="district",
                    code=d_code,
                    name=d_name,
                    short_name=_short(d_name, d_type),
                    kind=_kind(d_type),
                    parent_code=p_code,
                    valid_from="",
                    valid_to=OLD_VALID_TO,
                )
            )
        units.append(
            dict(
                scheme="legacy",
                level="commune",
                code=w_code,
                name=w_name,
                short_name=_short(w_name, w_type),
                kind=_kind(w_type),
                parent_code=d_code,
                valid_from="",
                valid_to=OLD_VALID_TO,
            )
        )
        legacy_keys[f"{p_key}_{d_key}_{w_key}"] = w_code

    current = db.execute(
        "SELECT wardCode, ward, wardType, wardKey FROM admin_units WHERE provinceCode = ?"
        " ORDER BY wardCode",
        (NEW_PROVINCE_CODE,),
    ).fetchall()
    new_by_key: dict[str, str] = {}
    for w_code, w_name, w_type, w_key in current:
        units.append(
            dict(
                scheme="current",
                level="commune",
                code=w_code,
                name=w_name,
                short_name=_short(w_name, w_type),
                kind=_kind(w_type),
                parent_code=NEW_PROVINCE_CODE,
                valid_from=NEW_VALID_FROM,
                valid_to="",
            )
        )
        new_by_key[w_key] = w_code

    mapping: list[dict] = []
    whole = converter["DICT_PROVINCE_WARD_NO_DIVIDED"]["tinhgialai"]
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get("tinhgialai", {})
    for new_key, old_keys in whole.items():
        for old_key in old_keys:
            if old_key in legacy_keys:
                mapping.append(
                    dict(
                        old_code=legacy_keys[old_key], new_code=new_by_key[new_key], is_default="1"
                    )
                )
    for old_key, targets in divided.items():
        if old_key in legacy_keys:
            for target in targets:
                mapping.append(
                    dict(
                        old_code=legacy_keys[old_key],
                        new_code=new_by_key[target["newWardKey"]],
                        is_default="1" if target["isDefaultNewWard"] else "0",
                    )
                )
    mapping.sort(key=lambda m: (m["old_code"], m["new_code"]))
    compared = _cross_check(units, mapping)
    print(f"cross-checked {compared}/{len(mapping)} mapping rows by name: all agree")
    return units, mapping


def _official_gia_lai() -> list[dict]:
    """The official table's rows of the communes that are Gia Lai's since 1/7/2025."""
    from vietnam_address_converter.data import DEFAULT_DATA

    return [
        row
        for row in DEFAULT_DATA["mapping"]["rows"]
        if any(row["old"]["province_name"].endswith(name) for name in OLD_PROVINCES.values())
    ]


def _cross_check(units: list[dict], mapping: list[dict]) -> int:
    """Stop when the mapping disagrees with vietnam-address-converter's official table. A
    divided commune's secondary part (``is_default`` 0: Canh Liên, mostly Canh Liên since,
    partly Canh Vinh) is not compared: the table gives some of those parts, not all."""
    names = {(u["scheme"], u["code"]): u for u in units}
    official = {}
    for row in _official_gia_lai():
        key = (_plain(row["old"]["district_name"]), _plain(row["old"]["ward_name"]))
        official.setdefault(key, set()).add(_plain(row["new"]["ward_name"]))
    disagreements = []
    compared = 0
    for m in (m for m in mapping if m["is_default"] == "1"):
        old = names[("legacy", m["old_code"])]
        district = names[("legacy", old["parent_code"])]
        key = (_plain(district["name"]), _plain(old["name"]))
        new_name = _plain(names[("current", m["new_code"])]["name"])
        if key in official:
            compared += 1
            if new_name not in official[key]:
                disagreements.append((district["name"], old["name"], new_name, official[key]))
    if disagreements:
        raise SystemExit(f"mapping disagrees with vietnam-address-converter: {disagreements}")
    return compared


def aliases(units: list[dict], mapping: list[dict]) -> list[dict]:
    """Other spellings of pre-2025 communes: where the official table writes a commune of a
    district differently from the GSO list (``Ia Ma Rơn`` for ``Ia Mrơn``), the one commune
    of that district whose name it lacks and that becomes the same current commune."""
    names = {(u["scheme"], u["code"]): u for u in units}
    new_of = {m["old_code"]: names[("current", m["new_code"])]["name"] for m in mapping}
    ours: dict[tuple[str, str], list[dict]] = {}
    for u in units:
        if u["scheme"] == "legacy" and u["level"] == "commune":
            district = _plain(names[("legacy", u["parent_code"])]["name"])
            ours.setdefault((district, _plain(new_of[u["code"]])), []).append(u)
    official = {_plain(r["old"]["ward_name"]) for r in _official_gia_lai()}
    found = []
    for row in _official_gia_lai():
        district, spelled = _plain(row["old"]["district_name"]), row["old"]["ward_name"]
        candidates = ours.get((district, _plain(row["new"]["ward_name"])), [])
        if any(_plain(u["name"]) == _plain(spelled) for u in candidates):
            continue
        unnamed = [u for u in candidates if _plain(u["name"]) not in official]
        if len(unnamed) == 1:
            found.append(
                {
                    "scheme": "legacy",
                    "code": unnamed[0]["code"],
                    "alias": re.sub(r"^(Xã|Phường|Thị [Tt]rấn) ", "", spelled),
                    "source": "vietnam-address-converter 1.0.5 (admin_mapping_old_to_new_10_25)",
                }
            )
    return found


def write(units: list[dict], mapping: list[dict]) -> None:
    with (DATA_DIR / "units.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, UNIT_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(units)
    with (DATA_DIR / "commune_mapping.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["old_code", "new_code", "is_default"], lineterminator="\n")
        w.writeheader()
        w.writerows(mapping)
    with (DATA_DIR / "unit_aliases.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["scheme", "code", "alias", "source"], lineterminator="\n")
        w.writeheader()
        w.writerows(aliases(units, mapping))


if __name__ == "__main__":
    units, mapping = build()
    write(units, mapping)
    print(f"{len(units)} units, {len(mapping)} mapping rows written to {DATA_DIR}")
