"""The national exchange screen: planning staff export, and compare an extract without
writing anything."""

import io
import json

import jsonschema

from tests.admin.conftest import csrf_token
from tests.test_exchange import SCHEMA


def test_the_exchange_screen_exports_and_compares(as_user):
    assert as_user("chupah").get("/admin/exchange/").status_code == 403
    planner = as_user("planner")
    exported = planner.get("/admin/exchange/?format=json")
    document = json.loads(exported.data)
    jsonschema.validate(document, SCHEMA)
    document["organisations"] = document["organisations"][1:]
    page = planner.get("/admin/exchange/")
    compared = planner.post(
        "/admin/exchange/",
        data={
            "csrf_token": csrf_token(page.text),
            "extract": (io.BytesIO(json.dumps(document).encode()), "quoc-gia.json"),
        },
        content_type="multipart/form-data",
    )
    assert "0 chưa có trong cơ sở dữ liệu tỉnh" in compared.text
    broken = planner.post(
        "/admin/exchange/",
        data={"csrf_token": csrf_token(page.text), "extract": (io.BytesIO(b"{"), "x.json")},
        content_type="multipart/form-data",
    )
    assert 'id="extract-error"' in broken.text
