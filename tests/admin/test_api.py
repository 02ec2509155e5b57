"""The read-only API: every response matches its OpenAPI description, a key reads only its
user's area, pages cover every organisation once, and a revoked key reads nothing."""

import json
from urllib.parse import urlparse

import jsonschema
import pytest
from sqlmodel import Session, select

from admin.api_spec import SPEC
from registry.models import Organisation, User
from registry.scope import Scope
from registry.services import tokens
from tests.admin.conftest import CHU_PAH, organisations_in


def _schema(name: str) -> dict:
    """A component schema with its references resolvable by jsonschema."""
    definitions = json.loads(
        json.dumps(SPEC["components"]["schemas"]).replace("#/components/schemas/", "#/$defs/")
    )
    return {"$defs": definitions, **definitions[name]}


def _check(response, schema: str):
    assert response.status_code == 200, response.data
    jsonschema.validate(response.get_json(), _schema(schema))
    return response.get_json()


@pytest.fixture(scope="module")
def keys(engine):
    with Session(engine) as session:
        issued = {}
        for username in ("admin", "chupah", "viewer"):
            user = session.exec(select(User).where(User.username == username)).one()
            issued[username], _row = tokens.issue(
                session, scope=Scope.everything(), issued_by=None, user=user, name="thử"
            )
        session.commit()
    return issued


def _get(client, key, path):
    return client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {key}"})


def test_every_response_matches_the_description(client, keys, engine):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1") and "/organisations" in spec["paths"]
    jsonschema.Draft202012Validator.check_schema(_schema("AnnualReport"))
    page = _check(_get(client, keys["admin"], "/organisations?per_page=5"), "OrganisationPage")
    org = page["items"][0]["id"]
    _check(_get(client, keys["admin"], f"/organisations/{org}"), "Organisation")
    for path, schema in (
        ("status-history", "StatusEventList"),
        ("figures", "FiguresList"),
        ("debts", "DebtList"),
        ("land", "LandList"),
    ):
        _check(_get(client, keys["admin"], f"/organisations/{org}/{path}"), schema)
    report = _check(_get(client, keys["admin"], "/reports/annual?year=2025"), "AnnualReport")
    with Session(engine) as session:
        assert report["total"]["orgs_total"] <= len(session.exec(select(Organisation.id)).all())
    for bad in (
        "/organisations?per_page=0",
        "/organisations?page=x",
        "/organisations?unit=9999",
        "/organisations?status=lost",
        "/reports/annual?year=2999",
    ):
        response = _get(client, keys["admin"], bad)
        assert response.status_code == 400
        jsonschema.validate(response.get_json(), _schema("Error"))


def test_pages_cover_every_organisation_once(client, keys, engine):
    seen, path = [], "/organisations?per_page=7"
    while path:
        page = _check(_get(client, keys["admin"], path), "OrganisationPage")
        seen += [item["id"] for item in page["items"]]
        path = page["next"] and page["next"].split("/api/v1", 1)[1]
        assert page["next"] is None or urlparse(page["next"]).path == "/api/v1/organisations"
    with Session(engine) as session:
        assert sorted(seen) == sorted(session.exec(select(Organisation.id)).all())


def test_a_key_never_reads_outside_its_area(client, keys, engine):
    inside = set(organisations_in(engine, CHU_PAH, True))
    outside = organisations_in(engine, CHU_PAH, False)
    page = _check(_get(client, keys["chupah"], "/organisations?per_page=500"), "OrganisationPage")
    assert {item["id"] for item in page["items"]} == inside
    for path in ("", "/status-history", "/figures", "/debts", "/land"):
        response = _get(client, keys["chupah"], f"/organisations/{outside[0]}{path}")
        assert response.status_code == 404
    whole = _get(client, keys["admin"], "/reports/annual?year=2025").get_json()
    mine = _check(_get(client, keys["chupah"], "/reports/annual?year=2025"), "AnnualReport")
    assert mine["total"]["orgs_total"] < whole["total"]["orgs_total"]
    assert _get(client, keys["viewer"], "/organisations").status_code == 200  # reads, no more


def test_no_key_a_bad_key_a_revoked_key_and_no_writing(client, keys, engine):
    assert client.get("/api/v1/organisations").status_code == 401
    assert _get(client, "rg_not-a-key", "/organisations").status_code == 401
    assert (
        client.post(
            "/api/v1/organisations", headers={"Authorization": f"Bearer {keys['admin']}"}
        ).status_code
        == 405
    )
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "viewer")).one()
        secret, row = tokens.issue(
            session, scope=Scope.everything(), issued_by=None, user=user, name="tạm"
        )
        session.commit()
        assert _get(client, secret, "/organisations").status_code == 200
        tokens.revoke(session, scope=Scope.everything(), token=row)
        session.commit()
    response = _get(client, secret, "/organisations")
    assert response.status_code == 401 and "WWW-Authenticate" in response.headers


def test_keys_are_issued_and_revoked_by_an_administrator(as_user, client):
    from tests.admin.conftest import csrf_token

    assert as_user("planner").get("/admin/api_keys/").status_code == 403
    admin = as_user("admin")
    page = admin.get("/admin/api_keys/")
    import re

    viewer = re.search(r'<option value="(\d+)">[^<]*\(viewer\)</option>', page.text).group(1)
    issued = admin.post(
        "/admin/api_keys/",
        data={"csrf_token": csrf_token(page.text), "user": viewer, "name": "Cổng thông tin"},
    )
    key = re.search(r"<code>(rg_[^<]+)</code>", issued.text).group(1)
    assert _get(client, key, "/organisations").status_code == 200
    key_id = re.search(r"/admin/api_keys/(\d+)/revoke", issued.text).group(1)
    admin.post(f"/admin/api_keys/{key_id}/revoke", data={"csrf_token": csrf_token(issued.text)})
    assert _get(client, key, "/organisations").status_code == 401
