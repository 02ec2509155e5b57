"""An area officer sees and changes only their own area's records, on every path."""

import csv
import io
import re

import pytest
from markupsafe import escape
from sqlmodel import Session, select

from registry.models import Membership, Organisation, Person
from tests.admin.conftest import CHU_PAH, csrf_token, organisations_in


@pytest.fixture
def officer(client, login):
    assert login("chupah").status_code == 302
    return client


@pytest.fixture(scope="module")
def inside(engine):
    ids = organisations_in(engine, CHU_PAH, inside=True)
    assert ids, "the demo data must put organisations in Chư Păh"
    return ids


@pytest.fixture(scope="module")
def outside(engine):
    return organisations_in(engine, CHU_PAH, inside=False)


def _listed(html: str) -> set[int]:
    return {int(i) for i in re.findall(r"organisation/details/\?id=(\d+)", html)}


def test_list_shows_only_the_area(officer, inside):
    page = officer.get("/admin/organisation/?page_size=100")
    assert page.status_code == 200
    assert _listed(page.text) == set(inside)


def test_dashboard_counts_only_the_area(officer, inside):
    page = officer.get("/admin/")
    assert f"{len(inside)} tổ chức" in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/admin/organisation/details/?id={}",
        "/admin/organisation/edit/?id={}",
        "/admin/organisation/status/{}",
    ],
)
def test_another_areas_record_by_url_is_not_found(officer, outside, path):
    assert officer.get(path.format(outside[0])).status_code == 404


def test_own_records_open(officer, inside):
    assert officer.get(f"/admin/organisation/details/?id={inside[0]}").status_code == 200
    assert officer.get(f"/admin/organisation/edit/?id={inside[0]}").status_code == 200


def test_delete_of_another_areas_record_is_refused(officer, outside, engine):
    # Officers do not delete organisations at all (refused as such); the area check stands
    # behind that.
    page = officer.get("/admin/organisation/")
    response = officer.post(
        "/admin/organisation/delete/",
        data={"id": str(outside[0]), "csrf_token": csrf_token(page.text), "url": "/admin/"},
    )
    assert response.status_code == 403
    with Session(engine) as session:
        assert session.get(Organisation, outside[0]) is not None


def test_export_holds_only_the_area(officer, inside):
    response = officer.get("/admin/organisation/export/csv/")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert len(rows) - 1 == len(inside)


def test_person_lookup_offers_only_people_of_the_area(officer, engine, inside, outside):
    with Session(engine) as session:
        outsider = (
            session.exec(select(Membership).where(Membership.organisation_id == outside[0]))
            .first()
            .person
        )
        name = outsider.full_name
    response = officer.get(
        "/admin/membership/ajax/lookup/",
        query_string={"name": "person", "query": name},
    )
    assert response.status_code == 200
    with Session(engine) as session:
        for person_id, _label in response.json:
            organisations = set(
                session.exec(
                    select(Membership.organisation_id).where(Membership.person_id == person_id)
                )
            )
            assert organisations & set(inside)


def test_people_and_members_lists_are_scoped(officer, engine, inside, outside):
    with Session(engine) as session:
        outsider = (
            session.exec(select(Membership).where(Membership.organisation_id == outside[0]))
            .first()
            .person_id
        )
        own = {
            m.person_id
            for m in session.exec(select(Membership).where(Membership.organisation_id.in_(inside)))
        }
    assert outsider not in own
    assert officer.get(f"/admin/person/details/?id={outsider}").status_code == 404
    members = officer.get("/admin/membership/?page_size=100").text
    linked = {int(i) for i in re.findall(r"organisation/details/\?id=(\d+)", members)}
    assert linked and linked <= set(inside)


def test_member_list_and_its_export_show_the_area_members_newest_first(officer, engine, inside):
    with Session(engine) as session:
        expected = session.exec(
            select(Person.id, Person.full_name, Organisation.name)
            .join(Membership, Membership.person_id == Person.id)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(Membership.organisation_id.in_(inside))
            .order_by(Membership.id.desc())
        ).all()
    assert len(expected) > 25
    page = officer.get("/admin/membership/").text
    shown = re.findall(r'person/details/\?id=(\d+)">([^<]*)</a>', page)
    assert shown == [(str(i), str(escape(name))) for i, name, _org in expected[:25]]
    second = officer.get("/admin/membership/?page=1").text
    assert re.findall(r'person/details/\?id=(\d+)"', second) == [
        str(i) for i, _name, _org in expected[25:50]
    ]
    export = officer.get("/admin/membership/export/csv/")
    rows = list(csv.reader(io.StringIO(export.text.lstrip("\ufeff"))))
    assert [tuple(r[:2]) for r in rows[1:]] == [(name, org) for _i, name, org in expected]


def test_cannot_create_outside_the_area(officer, engine):
    form = officer.get("/admin/organisation/new/")
    options = re.findall(r'<option value="(\d+)">([^<]+)</option>', form.text)
    # Only Chư Păh's district and communes are offered as legacy units.
    legacy = [text for _v, text in options if "trước 7/2025" in text]
    assert legacy and all("Chư Păh" in text for text in legacy)
    with Session(engine) as session:
        from registry.enums import UnitScheme
        from registry.services.units import unit_by_code

        pleiku = unit_by_code(session, UnitScheme.LEGACY, "23563")  # a Pleiku ward
        before = len(session.exec(select(Organisation)).all())
    response = officer.post(
        "/admin/organisation/new/",
        data={
            "csrf_token": csrf_token(form.text),
            "org_type": "cooperative",
            "name": "Hợp tác xã Ngoài Địa Bàn",
            "governing_law": "2023",
            "sector": "agriculture",
            "legacy_unit_id": str(pleiku.id),
            "initial_status": "active",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    with Session(engine) as session:
        assert len(session.exec(select(Organisation)).all()) == before


def test_administration_screens_are_closed_to_officers(officer):
    assert officer.get("/admin/user/").status_code == 403
    assert officer.get("/admin/audit/").status_code == 403


def test_unit_filter_offers_only_the_area(officer):
    page = officer.get("/admin/organisation/")
    assert "Chư Păh" in page.text
    assert "Phường Diên Hồng, Thành phố Pleiku" not in page.text


def test_batch_delete_ignores_another_areas_ids(officer, outside, engine):
    page = officer.get("/admin/organisation/")
    response = officer.post(
        "/admin/organisation/action/",
        data={
            "csrf_token": csrf_token(page.text),
            "action": "delete",
            "rowid": [str(i) for i in outside[:3]],
            "url": "/admin/organisation/",
        },
    )
    assert response.status_code == 302
    with Session(engine) as session:
        assert all(session.get(Organisation, i) is not None for i in outside[:3])


def test_cannot_move_an_organisation_out_of_the_area(officer, inside, engine):
    from registry.enums import UnitScheme
    from registry.services.units import unit_by_code
    from tests.admin.test_concurrency import _form_data

    url = f"/admin/organisation/edit/?id={inside[0]}"
    data = _form_data(officer.get(url).text)
    with Session(engine) as session:
        pleiku = unit_by_code(session, UnitScheme.LEGACY, "23563")
        before = session.get(Organisation, inside[0]).legacy_unit_id
    response = officer.post(url, data=data | {"legacy_unit_id": str(pleiku.id)})
    assert response.status_code == 200  # the form again, refused
    with Session(engine) as session:
        assert session.get(Organisation, inside[0]).legacy_unit_id == before


def test_an_export_longer_than_the_limit_is_refused_not_cut_short(officer, app, inside):
    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "membership")
    view.export_limit = 10
    try:
        response = officer.get("/admin/membership/export/csv/?page_size=50")
    finally:
        del view.export_limit
    assert response.status_code == 302
    assert response.location.endswith("/admin/membership/?page_size=50")
    page = officer.get(response.location).text
    assert "Danh sách có hơn 10 dòng, quá nhiều cho một lần xuất" in page


def _edit_data(html: str) -> dict[str, str]:
    from tests.admin.test_concurrency import _form_data

    return _form_data(html)


def _outsider(engine, outside, inside) -> int:
    """A person with memberships outside the area only."""
    with Session(engine) as session:
        for membership in session.exec(
            select(Membership).where(Membership.organisation_id.in_(outside))
        ):
            theirs = set(
                session.exec(
                    select(Membership.organisation_id).where(
                        Membership.person_id == membership.person_id
                    )
                )
            )
            if not theirs & set(inside):
                return membership.person_id
    raise AssertionError("the demo data must have people outside Chư Păh")


def test_a_person_of_another_area_posted_by_id_is_not_attached(officer, engine, inside, outside):
    person_id = _outsider(engine, outside, inside)
    org_id = inside[0]
    url = f"/admin/membership/new/?organisation_id={org_id}"
    page = officer.get(url).text
    data = {
        "csrf_token": csrf_token(page),
        "organisation_id": str(org_id),
        "person": str(person_id),
        "member_type": "official",
    }
    response = officer.post(url, data=data, follow_redirects=True)
    assert response.status_code == 200
    assert "<li>Lựa chọn không hợp lệ</li>" in response.text  # not someone this officer sees
    with Session(engine) as session:
        attached = session.exec(
            select(Membership).where(
                Membership.person_id == person_id, Membership.organisation_id == org_id
            )
        ).first()
    assert attached is None
    assert officer.get(f"/admin/person/details/?id={person_id}").status_code == 404
    assert officer.get(f"/admin/person/edit/?id={person_id}").status_code == 404


def test_a_stale_person_form_and_a_form_without_its_version_are_refused(
    client, login, engine, inside
):
    login("planner")
    with Session(engine) as session:
        person = session.exec(
            select(Person).join(Membership).where(Membership.organisation_id == inside[0])
        ).first()
        person_id, phone = person.id, person.phone
    url = f"/admin/person/edit/?id={person_id}"
    stale = _edit_data(client.get(url).text)
    fresh = _edit_data(client.get(url).text)
    assert stale["version"] == fresh["version"]
    assert client.post(url, data=fresh | {"phone": "0905000001"}).status_code == 302
    refused = client.post(url, data=stale | {"phone": "0905000002"}, follow_redirects=True)
    assert "đã được người khác sửa sau khi bạn mở trang" in refused.text
    without = {k: v for k, v in _edit_data(client.get(url).text).items() if k != "version"}
    refused = client.post(url, data=without | {"phone": "0905000003"}, follow_redirects=True)
    assert "không cho biết phiên bản" in refused.text
    with Session(engine) as session:
        assert session.get(Person, person_id).phone == "0905000001" != phone


def test_an_organisation_form_without_its_version_is_refused(client, login, engine, inside):
    login("planner")
    url = f"/admin/organisation/edit/?id={inside[1]}"
    data = {k: v for k, v in _edit_data(client.get(url).text).items() if k != "version"}
    refused = client.post(url, data=data | {"main_product": "Hồ tiêu"}, follow_redirects=True)
    assert "không cho biết phiên bản" in refused.text
    with Session(engine) as session:
        assert session.get(Organisation, inside[1]).main_product != "Hồ tiêu"


def test_the_unit_choices_put_districts_before_their_communes(as_user):
    import html
    import json

    page = as_user("planner").get("/admin/organisation/").text
    data = re.search(r'<div id="filter-groups-data"[^>]*>(.*?)</div>', page, re.S).group(1)
    (unit,) = json.loads(html.unescape(data))["Đơn vị hành chính"]
    labels = [text for _value, text in unit["options"]]
    district = next(i for i, t in enumerate(labels) if t.startswith("Huyện Chư Păh"))
    communes = [i for i, t in enumerate(labels) if ", Huyện Chư Păh" in t]
    assert communes and district < min(communes)
