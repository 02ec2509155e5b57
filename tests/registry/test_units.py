"""Administrative units of both schemes, as loaded from the shipped data."""

import pytest
from sqlalchemy import func
from sqlmodel import select

from registry.enums import UnitLevel, UnitScheme
from registry.models import AdminUnit, UnitMapping
from registry.services.units import find_units, load_units, successor, unit_name_key


def _count(session, scheme, level):
    return session.exec(
        select(func.count())
        .select_from(AdminUnit)
        .where(AdminUnit.scheme == scheme, AdminUnit.level == level)
    ).one()


def test_both_schemes_have_their_official_counts(session):
    assert _count(session, UnitScheme.LEGACY, UnitLevel.PROVINCE) == 1
    assert _count(session, UnitScheme.LEGACY, UnitLevel.DISTRICT) == 17
    assert _count(session, UnitScheme.LEGACY, UnitLevel.COMMUNE) == 218
    assert _count(session, UnitScheme.CURRENT, UnitLevel.COMMUNE) == 135


def test_official_codes(unit):
    assert unit("legacy", "64").name == "Tỉnh Gia Lai"
    assert unit("legacy", "627").name == "Huyện Chư Păh"
    assert unit("legacy", "622").name == "Thành phố Pleiku"
    assert unit("current", "52").name == "Tỉnh Gia Lai"
    current_wards = [u for u in (unit("current", "23563"),) if u]
    assert current_wards and current_wards[0].valid_from.isoformat() == "2025-07-01"


def test_every_legacy_commune_maps_to_a_current_one(session):
    unmapped = session.exec(
        select(AdminUnit.code).where(
            AdminUnit.scheme == UnitScheme.LEGACY,
            AdminUnit.level == UnitLevel.COMMUNE,
            ~AdminUnit.id.in_(select(UnitMapping.old_unit_id)),
        )
    ).all()
    assert unmapped == []


def test_successor_of_a_legacy_commune(session, unit):
    new = successor(session, unit("legacy", "23722"))  # Thị trấn Phú Hòa, huyện Chư Păh
    assert (new.scheme, new.name) == (UnitScheme.CURRENT, "Xã Chư Păh")


def test_districts_are_the_parents_of_their_communes(unit):
    assert unit("legacy", "23722").parent_id == unit("legacy", "627").id
    assert unit("legacy", "627").parent_id == unit("legacy", "64").id


def test_loading_again_changes_nothing(session):
    before = session.exec(select(func.count()).select_from(AdminUnit)).one()
    assert load_units(session) == (372, 218)
    assert session.exec(select(func.count()).select_from(AdminUnit)).one() == before


def test_free_text_finds_a_district_whatever_the_spelling(session):
    for text in ("Huyện Chư Păh", "H. Chư Păh", "chu pah", "CHƯ PĂH"):
        found = find_units(session, text, scheme=UnitScheme.LEGACY, level=UnitLevel.DISTRICT)
        assert [u.code for u in found] == ["627"], text
    assert unit_name_key("huyện Đak Pơ") == unit_name_key("Đăk Pơ") == "dak po"


#: Each way a list writes a place, with the unit (scheme, level, code) it names.
PLACE_FORMS = [
    ("ChưSê", "legacy", "district", "633"),  # glued
    ("Mang-Yang", "legacy", "district", "629"),  # hyphenated
    ("KÔNG CHRO", "legacy", "district", "630"),  # capitals
    ("Đăk Đoa", "legacy", "district", "626"),  # another accent (Đak, Đắk, Dak)
    ("Đắk Đoa", "legacy", "district", "626"),
    ("dak doa", "legacy", "district", "626"),
    ("TX. Ayun Pa", "legacy", "district", "624"),  # abbreviated kind word
    ("thị xã  An   Khê", "legacy", "district", "623"),  # spacing
    ("H'Neng", "legacy", "commune", "23701"),  # apostrophe
    ("HNeng", "legacy", "commune", "23701"),
    ("H Neng", "legacy", "commune", "23701"),
    ("H Bông", "legacy", "commune", "23968"),  # "H" its own, not the kind word "H." (huyện)
    ("Ia Ma Rơn", "legacy", "commune", "24031"),  # the official table's spelling of Ia Mrơn
    ("Đăk Roong", "legacy", "commune", "23644"),  # … of Đăk Rong
    ("Kông Pla", "legacy", "commune", "23674"),  # … of Kông Bơ La
    ("K'Dang", "legacy", "commune", "23698"),
    ("Xã Ia Hrú", "current", "commune", "23971"),
]


@pytest.mark.parametrize(("text", "scheme", "level", "code"), PLACE_FORMS)
def test_each_written_form_of_a_place_finds_it(session, text, scheme, level, code):
    found = find_units(session, text, scheme=UnitScheme(scheme), level=UnitLevel(level))
    assert [u.code for u in found] == [code]
