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
    """Before 1/7/2025, the two provinces that are Gia Lai since: Gia Lai's 17 districts and
    218 communes, Bình Định's 11 and 155; since, 135 communes and wards."""
    assert _count(session, UnitScheme.LEGACY, UnitLevel.PROVINCE) == 2
    assert _count(session, UnitScheme.LEGACY, UnitLevel.DISTRICT) == 17 + 11
    assert _count(session, UnitScheme.LEGACY, UnitLevel.COMMUNE) == 218 + 155
    assert _count(session, UnitScheme.CURRENT, UnitLevel.COMMUNE) == 135
    for code, districts, communes in (("64", 17, 218), ("52", 11, 155)):
        province = session.exec(
            select(AdminUnit).where(AdminUnit.scheme == UnitScheme.LEGACY, AdminUnit.code == code)
        ).one()
        in_it = select(AdminUnit.id).where(AdminUnit.parent_id == province.id)
        assert session.exec(select(func.count()).where(AdminUnit.id.in_(in_it))).one() == districts
        under = select(func.count()).where(AdminUnit.parent_id.in_(in_it))
        assert session.exec(under.select_from(AdminUnit)).one() == communes


def test_official_codes(unit):
    assert unit("legacy", "64").name == "Tỉnh Gia Lai"
    assert unit("legacy", "52").name == "Tỉnh Bình Định"
    assert unit("legacy", "547").name == "Huyện Tây Sơn"
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
    # Canh Liên was divided: mostly Canh Liên since, partly Canh Vinh (the main part first).
    (canh_lien,) = find_units(session, "Canh Liên", scheme=UnitScheme.LEGACY)
    assert successor(session, canh_lien).name == "Xã Canh Liên"


def test_districts_are_the_parents_of_their_communes(unit):
    assert unit("legacy", "23722").parent_id == unit("legacy", "627").id
    assert unit("legacy", "627").parent_id == unit("legacy", "64").id


def test_loading_again_changes_nothing(session):
    before = session.exec(select(func.count()).select_from(AdminUnit)).one()
    assert load_units(session) == (539, 376)
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


def test_an_area_of_a_former_province_is_its_own_districts_and_communes(
    session, unit, make_organisation
):
    """An officer of the former Bình Định sees its cooperatives, not the old Gia Lai's (a
    province was everywhere when there was one); today's province is everywhere."""
    from registry.enums import Role
    from registry.models import Organisation, User, UserScope
    from registry.scope import scope_of
    from registry.services.units import in_unit

    binh_dinh = make_organisation(
        legacy_unit_id=find_units(session, "Phước Thuận", scheme=UnitScheme.LEGACY)[0].id,
        unit_id=find_units(session, "Tuy Phước", scheme=UnitScheme.CURRENT)[0].id,
    )
    on_a_district = make_organisation(legacy_unit_id=unit("legacy", "547").id)  # Tây Sơn
    gia_lai = make_organisation()  # Phú Hòa, Chư Păh
    officer = User(
        username="bd", full_name="Cán bộ Bình Định", role=Role.AREA_OFFICER, password_hash="-"
    )
    session.add(officer)
    session.flush()
    session.add(UserScope(user_id=officer.id, unit_id=unit("legacy", "52").id))
    session.flush()
    scope = scope_of(session, officer)
    assert [scope.allows(o) for o in (binh_dinh, on_a_district, gia_lai)] == [True, True, False]
    ours = (binh_dinh.id, on_a_district.id, gia_lai.id)
    for code, expected in (("legacy:52", ours[:2]), ("legacy:64", ours[2:]), ("current:52", ours)):
        scheme, _, number = code.partition(":")
        found = session.exec(
            select(Organisation.id).where(in_unit(unit(scheme, number)), Organisation.id.in_(ours))
        ).all()
        assert sorted(found) == sorted(expected), code
    session.exec(select(UserScope).where(UserScope.user_id == officer.id)).one().unit_id = unit(
        "current", "52"
    ).id
    session.flush()
    assert scope_of(session, officer).everywhere
