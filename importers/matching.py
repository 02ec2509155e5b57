"""Finding the organisation a row speaks of: its units from codes or place names, its values
as an organisation, and a match in the registry by tax code, else by name within its
district — never outside the user's area, and a near name only ever offered to a person."""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from importers.messages import Said
from importers.names import GENERIC_WORDS, match_key
from importers.organisations import OrganisationRow
from importers.readers import Sheet
from importers.results import (
    NO_PLACE,
    TAX_CODE_ELSEWHERE,
    UNKNOWN_COOPERATIVE,
    Outcome,
    near_name,
)
from registry.enums import DatePrecision, GoverningLaw, Sector, UnitLevel, UnitScheme
from registry.models import AdminUnit, Organisation
from registry.scope import Scope
from registry.services.units import find_units, successor, unit_by_code
from registry.text import fold

#: Name similarity, as a whole and in the words that are not type or sector words, above
#: which an unmatched row needs a person to decide.
NEAR = 0.85


def _units(session: Session, row: OrganisationRow) -> tuple[int | None, int | None, list[str]]:
    """(legacy unit, current unit, issues) from the units' codes when the file gives them (the
    registry's own export), else from the district and commune names."""
    issues = []
    legacy_code, current_code = row.fields.get("legacy_unit_code"), row.fields.get("unit_code")
    if legacy_code or current_code:
        legacy = legacy_code and unit_by_code(session, UnitScheme.LEGACY, legacy_code)
        current = current_code and unit_by_code(session, UnitScheme.CURRENT, current_code)
        if (legacy_code and legacy is None) or (current_code and current is None):
            issues.append("unit_code_unknown")
        if current is None and legacy and legacy.level == UnitLevel.COMMUNE:
            current = successor(session, legacy)
        return (legacy.id if legacy else None), (current.id if current else None), issues
    district_name, commune_name = row.fields.get("district"), row.fields.get("commune")
    districts = (
        find_units(session, district_name, scheme=UnitScheme.LEGACY, level=UnitLevel.DISTRICT)
        if district_name
        else []
    )
    if district_name and len(districts) != 1:
        issues.append("district_unknown")
    district = districts[0] if len(districts) == 1 else None
    commune = current = None
    if commune_name:
        named = find_units(session, commune_name, scheme=UnitScheme.LEGACY, level=UnitLevel.COMMUNE)
        candidates = [u for u in named if district is None or u.parent_id == district.id]
        if len(candidates) > 1 and len(near := _in_lists_area(session, row, candidates)) == 1:
            candidates = near
            issues.append("district_from_list")
        if len(candidates) == 1:
            commune = candidates[0]
        elif not named and len(now := _current_commune(session, commune_name)) == 1:
            current = now[0]  # a list written since 1/7/2025 names the current commune
        else:
            issues.append("commune_unknown")
    legacy = commune or district
    if commune:
        current = successor(session, commune)
    # The commune since 1/7/2025 the row states (Xã mới, or "Xã Ia Băng, Tỉnh Gia Lai"):
    # it wins over the one the commune before became, and places a row whose commune before
    # is a namesake in two districts.
    stated = row.fields.get("current_commune")
    if stated and len(now := _current_commune(session, stated)) == 1:
        current = now[0]
        issues = [i for i in issues if i != "commune_unknown"]
    return (legacy.id if legacy else None), (current.id if current else None), issues


def _in_lists_area(
    session: Session, row: OrganisationRow, communes: list[AdminUnit]
) -> list[AdminUnit]:
    """Of a commune's namesakes, those in the district, else the province, the row's list is
    in (:func:`hint_district`)."""
    if district := row.fields.get("district_hint"):  # Ayun: one in Chư Sê, one in Mang Yang
        return [u for u in communes if u.parent_id == district]
    if province := row.fields.get("province_hint"):  # Nhơn Hòa: in Chư Pưh and in An Nhơn
        return [u for u in communes if session.get(AdminUnit, u.parent_id).parent_id == province]
    return []


def hint_district(session: Session, rows: list[OrganisationRow]) -> None:
    """Where every row of a list that says its place is in one legacy district (by its
    district, or by a commune no other district has a namesake of), give that district to
    the rows whose commune has namesakes elsewhere and no district said (``Ayun``: one in
    Chư Sê, one in Mang Yang), for :func:`_units` to choose by; they were rejected. Where
    they are in several districts of one province before 1/7/2025, give that province
    (``Nhơn Hòa``: a township of Chư Pưh in Gia Lai, a ward of An Nhơn in Bình Định)."""
    found: dict[tuple, list[AdminUnit]] = {}

    def units(name: str, level: UnitLevel) -> list[AdminUnit]:
        if (name, level) not in found:
            found[name, level] = find_units(session, name, scheme=UnitScheme.LEGACY, level=level)
        return found[name, level]

    districts, unsure = set(), []
    for row in rows:
        district, commune = row.fields.get("district"), row.fields.get("commune")
        in_district = units(district, UnitLevel.DISTRICT) if district else []
        communes = units(commune, UnitLevel.COMMUNE) if commune else []
        if len(in_district) == 1:
            districts.add(in_district[0].id)
        elif len(communes) == 1:
            districts.add(communes[0].parent_id)
        elif len(communes) > 1 and not district:
            unsure.append(row)
    if not unsure or not districts:
        return
    provinces = {session.get(AdminUnit, district).parent_id for district in districts}
    for row in unsure:
        if len(districts) == 1:
            row.fields["district_hint"] = next(iter(districts))
        elif len(provinces) == 1:
            row.fields["province_hint"] = next(iter(provinces))


def _current_commune(session: Session, name: str) -> list[AdminUnit]:
    return find_units(session, name, scheme=UnitScheme.CURRENT, level=UnitLevel.COMMUNE)


def organisation_values(session: Session, row: OrganisationRow) -> tuple[dict[str, Any], list[str]]:
    f = row.fields
    legacy_unit_id, unit_id, issues = _units(session, row)
    founded = f.get("founded")
    law = GoverningLaw.LAW_2012
    if founded and founded[0] >= date(2024, 7, 1):
        law = GoverningLaw.LAW_2023
    # The certificate's date: of the old ĐKKD when that is all the row has, else of the
    # current registration; kept when the day is known (a plain date has no precision).
    certified = f.get("certificate_date")
    if certified and certified[1] != DatePrecision.DAY:
        issues.append("certificate_date_partial")
        certified = None
    old_only = f.get("certificate_number") and not f.get("tax_code")
    return {
        "name": f["name"],
        "org_type": f["org_type"],
        "tax_code": f.get("tax_code"),
        "legacy_certificate_no": f.get("certificate_number"),
        "legacy_certificate_on": certified[0] if certified and old_only else None,
        "registered_on": certified[0] if certified and not old_only else None,
        "founded_on": founded[0] if founded else None,
        "founded_precision": founded[1] if founded else None,
        "sector": f.get("sector"),
        "main_product": f.get("main_product"),
        "charter_capital_vnd": f.get("charter_capital_vnd"),
        "director_name": f.get("director"),
        "address": f.get("address"),
        "phone": "; ".join(f.get("phones") or []) or None,
        "email": f.get("email"),
        "not_reorganized": f.get("not_reorganized"),
        **_lost("lost_seal", f.get("lost_seal")),
        **_lost("lost_certificate", f.get("lost_certificate")),
        "notes": _notes(f.get("notes")),
        "legacy_unit_id": legacy_unit_id,
        "unit_id": unit_id,
        "governing_law": law,
    }, issues


def _lost(field: str, said: tuple | None) -> dict[str, Any]:
    """The seal's or the certificate's flag and day as a row says them (none: left as is)."""
    flag, day = said or (None, None)
    return {field: flag, f"{field}_on": day if flag else None}


def _notes(notes: Any) -> str | None:
    """A list's notes as the organisation keeps them: its spaces as one, cut to the column."""
    if notes is None:
        return None
    return " ".join(str(notes).split())[:1000] or None


def _district_of(session: Session, unit_id: int | None) -> int | None:
    unit = session.get(AdminUnit, unit_id) if unit_id else None
    if unit is None:
        return None
    return unit.parent_id if unit.level == UnitLevel.COMMUNE else unit.id


def not_found(session: Session, values: dict[str, Any], pool) -> Said:
    """Why a row's cooperative was not found: not in the registry at all, or only under the
    same name in another district (the file's or row's district may be wrong, or it is
    another cooperative: the tax code tells)."""
    key = match_key(values["name"])
    district = _district_of(session, values["legacy_unit_id"])
    namesakes = [
        (place, o)
        for place, organisations in pool.items()
        if place != district and place is not None
        for o in organisations
        if match_key(o.name) == key
    ]
    if not namesakes:
        return UNKNOWN_COOPERATIVE
    places = [(session.get(AdminUnit, p).name, o.tax_code) for p, o in namesakes[:3]]
    where_vi = ", ".join(f"{n} (mã số thuế {t})" if t else n for n, t in places)
    where_en = ", ".join(f"{n} (tax code {t})" if t else n for n, t in places)
    return Said(
        f"Không có hợp tác xã này ở huyện của dòng; có tổ chức cùng tên ở {where_vi}: kiểm "
        "tra huyện, hoặc ghi mã số thuế.",
        f"No such cooperative in the row's district; one of the same name is in {where_en}: "
        "check the district, or give the tax code.",
    )


def match_organisation(
    session: Session, values: dict[str, Any], pool: Pool, registry_id: int | None = None
) -> tuple[Organisation | None, str | None]:
    """An existing organisation by tax code, else by name key within the same district, or
    the same commune since 1/7/2025 (the registry's own id, from its export, telling
    namesakes apart); a near name is returned
    as 'review', never merged. Without a place, the tax code, else the name when one
    organisation in the area alone bears it (as a member list names its cooperative). A tax
    code held outside the user's area gives the verdict 'elsewhere'."""
    if values["tax_code"]:
        found = pool.tax_codes.get(values["tax_code"])
        if found is not None:
            return found, None
        if pool.held_elsewhere(values["tax_code"]):
            return None, "elsewhere"
    if values["legacy_unit_id"] is None and values["unit_id"] is None:
        # No place at all: a name one organisation alone bears.
        named = [o for o in pool.named(match_key(values["name"])) if _codes_agree(values, o)]
        return (named[0] if len(named) == 1 else None), None
    key, legacy = match_key(values["name"]), values["legacy_unit_id"]
    # In the row's district before 1/7/2025, and in its commune since — of a row placed
    # before, those placed by that commune alone: a list of either time finds the other's.
    before = pool.get(_district_of(session, legacy), []) if legacy else []
    since = [
        o for o in pool.in_commune(values["unit_id"]) if not legacy or o.legacy_unit_id is None
    ]
    candidates = [o for o in [*before, *since] if _codes_agree(values, o)]
    exact = [o for o in candidates if match_key(o.name) == key]
    # Namesakes in one district: the commune, the old certificate, else the registry's id.
    for attribute, value in (
        ("legacy_unit_id", values["legacy_unit_id"]),
        ("legacy_certificate_no", values["legacy_certificate_no"]),
        ("id", registry_id),
    ):
        if len(exact) > 1 and value:
            exact = [o for o in exact if getattr(o, attribute) == value] or exact
    if len(exact) == 1:
        return exact[0], None
    near = max(
        (o for o in candidates if _near(match_key(o.name), key)),
        default=None,
        key=lambda o: difflib.SequenceMatcher(None, match_key(o.name), key).ratio(),
    )
    return (near, "review") if near is not None else (None, None)


def _codes_agree(values: dict[str, Any], org: Organisation) -> bool:
    """Whether the row may be ``org``: two tax codes that differ are two organisations,
    whatever their names."""
    return not (values["tax_code"] and org.tax_code and org.tax_code != values["tax_code"])


def _near(a: str, b: str) -> bool:
    """Name keys close enough for a person to decide: the same words apart from type and
    sector words (``HTX Tâm An`` and ``… Nông nghiệp Tâm An``), or close as a whole and in
    those words (``… Nông nghiệp Dịch vụ Chư Răng`` is not near ``… Nông nghiệp Dịch vụ Cao
    su``, ``… Đồng Tâm Mới`` is near ``… Đồng Tâm``)."""
    own_a, own_b = (" ".join(w for w in k.split() if w not in GENERIC_WORDS) for k in (a, b))
    if own_a and own_a == own_b:
        return True
    if difflib.SequenceMatcher(None, a, b).ratio() < NEAR:
        return False
    if not own_a or not own_b:
        return own_a == own_b
    return difflib.SequenceMatcher(None, own_a, own_b).ratio() >= NEAR


#: A title naming the district it reports on: ``UBND HUYỆN CHƯ PĂH``, ``… CÁC HTX TRÊN ĐỊA
#: BÀN HUYỆN ĐỨC CƠ NĂM 2024``, folded.
_TITLE_DISTRICT = re.compile(r"\b(?:huyen|thi xa|thanh pho)\s+([a-z' ]+?)(?:\s+nam\s+\d{4}.*)?$")


def sheet_district(session: Session, sheet: Sheet) -> str | None:
    """The district a sheet reports on: its name (``Chư Păh``), else a title line naming
    exactly one district."""
    names = [re.sub(r"\.csv$", "", sheet.name, flags=re.IGNORECASE)] + [
        m.group(1)
        for row in sheet.rows[:6]
        for value in row
        if isinstance(value, str) and (m := _TITLE_DISTRICT.search(fold(value)))
    ]
    for name in names:
        found = find_units(session, name, scheme=UnitScheme.LEGACY, level=UnitLevel.DISTRICT)
        if len(found) == 1:
            return found[0].name
    return None


def place_of(session: Session, unit: AdminUnit | None) -> tuple[str | None, str | None]:
    """(district, commune) names of the unit given for a whole file."""
    if unit is None:
        return None, None
    if unit.level == UnitLevel.COMMUNE:
        parent = session.get(AdminUnit, unit.parent_id) if unit.parent_id else None
        return (parent.name if parent else None), unit.name
    return unit.name, None


class Pool:
    """The organisations an import may match: only those the user may change (``scope``),
    by district for names and by tax code. Nothing outside the area is ever matched, offered
    for review or named; a tax code held outside it is only said to be."""

    def __init__(self, session: Session, scope: Scope | None) -> None:
        self.session = session
        query = select(Organisation)
        where = scope.organisation_filter() if scope is not None else None
        if where is not None:
            query = query.where(where)
        self.districts: dict[int | None, list[Organisation]] = {}
        self.communes: dict[int, list[Organisation]] = {}  # by the commune since 1/7/2025
        self.tax_codes: dict[str, Organisation] = {}
        for org in session.scalars(query):
            self.districts.setdefault(_district_of(session, org.legacy_unit_id), []).append(org)
            if org.unit_id:
                self.communes.setdefault(org.unit_id, []).append(org)
            if org.tax_code:
                self.tax_codes[org.tax_code] = org
        self.everywhere = where is None
        self._names: dict[str, list[Organisation]] | None = None

    def get(self, district: int | None, default=()):
        return self.districts.get(district, default)

    def in_commune(self, unit_id: int | None) -> list[Organisation]:
        """The organisations of a commune since 1/7/2025."""
        return self.communes.get(unit_id, []) if unit_id else []

    def named(self, key: str) -> list[Organisation]:
        """The organisations whose name key is ``key``, wherever they are (indexed once)."""
        if self._names is None:
            self._names = {}
            for orgs in self.districts.values():
                for org in orgs:
                    self._names.setdefault(match_key(org.name), []).append(org)
        return self._names.get(key, [])

    def items(self):
        return self.districts.items()

    def held_elsewhere(self, tax_code: str) -> bool:
        """Whether an organisation outside the area holds ``tax_code``."""
        return (
            not self.everywhere
            and tax_code not in self.tax_codes
            and (
                self.session.scalar(
                    select(Organisation.id).where(Organisation.tax_code == tax_code)
                )
                is not None
            )
        )


def in_scope(scope: Scope | None, outcome: Outcome) -> bool:
    """Whether the row's organisation, where the file puts it, lies in the user's area."""
    return scope is None or scope.allows_units(
        outcome.values["unit_id"], outcome.values["legacy_unit_id"]
    )


def identify(
    session: Session,
    row: OrganisationRow,
    pool,
    seen: dict[str, int],
    decisions: dict[str, int] | None = None,
) -> tuple[Outcome, Organisation | None]:
    """The row's outcome as far as its organisation goes: rejected (a bad cell, a repeat,
    no place), review (a near name no one has decided on), or new; with the organisation it
    matched, if any. A person's decision on a near name (``decisions``) settles it."""
    outcome = Outcome.of(row)
    if row.problems:
        return outcome, None
    values, unit_issues = organisation_values(session, row)
    outcome.issues += unit_issues
    outcome.values = values
    key = values["tax_code"] or "|".join(
        str(part)
        for part in (
            match_key(values["name"]),
            values["legacy_unit_id"] or values["unit_id"],
            row.fields.get("registry_id"),
        )
    )
    if key in seen:
        outcome.reasons.append(
            Said(
                f"Trùng với dòng {seen[key]} của cùng tệp.",
                f"The same as row {seen[key]} of the file.",
            )
        )
        return outcome, None
    seen[key] = row.row
    match, verdict = match_organisation(session, values, pool, row.fields.get("registry_id"))
    if verdict == "elsewhere":
        outcome.reasons.append(TAX_CODE_ELSEWHERE)
        return outcome, None
    decided = (decisions or {}).get(f"{row.sheet}!{row.row}")
    # A decision settles only the review it was offered: the same organisation, or a new one.
    if verdict == "review" and decided in (0, match.id):
        match, verdict = (match if decided else None), None
        outcome.issues.append("decided_by_user")
    if match is None and values["legacy_unit_id"] is None and values["unit_id"] is None:
        outcome.reasons.append(NO_PLACE)
        return outcome, None
    if verdict == "review":
        outcome.action, outcome.organisation_id = "review", match.id
        outcome.reasons.append(near_name(match))
        return outcome, None
    outcome.action = "new"
    if match is not None:
        outcome.organisation_id = match.id
        return outcome, match
    # A new organisation: what the file does not say takes the registry's defaults.
    for flag in ("not_reorganized", "lost_seal", "lost_certificate"):
        values[flag] = bool(values[flag])
    if values["sector"] is None:
        values["sector"] = Sector.OTHER
        outcome.issues.append("sector_unknown")
    return outcome, match
