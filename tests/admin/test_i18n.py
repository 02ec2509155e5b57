"""Every screen speaks Vietnamese by default, with Flask-Admin's wrong strings corrected, and
English on request."""

import re
from html import unescape

import pytest
from sqlmodel import Session, select

from registry.models import Debt, Membership, Organisation, Person

#: English interface words Flask-Admin would show if a string were left untranslated.
ENGLISH = [
    "Save",
    "Cancel",
    "List",
    "Create",
    "Details",
    "Filter",
    "Add Filter",
    "Search",
    "Export",
    "Apply",
    "Reset Filters",
    "With selected",
    "items",
    "Delete",
    "Edit",
    "Record",
    "Home",
    "Yes",
    "No",
    "Save and Add Another",
    "Save and Continue Editing",
    "Add",
    "equals",
    "contains",
    "between",
    "empty",
]
#: Flask-Admin's own Vietnamese mistakes, which must never show.
WRONG = ["Kỷ lục", "mặt hàng", "sản phẩm nào", "Hỏng khi tạo"]


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<div id="filter-groups-data".*?</div>', " ", html, flags=re.S)
    # A document being edited (the rule set's TOML) is the user's text, not the interface's.
    html = re.sub(r"<textarea[^>]*>.*?</textarea>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return unescape(text)


def _attributes(html: str) -> str:
    return " ".join(re.findall(r'(?:title|placeholder|value|data-placeholder)="([^"]*)"', html))


@pytest.fixture
def pages(engine):
    with Session(engine) as session:
        org = session.exec(select(Organisation.id)).first()
        person = session.exec(select(Person.id).join(Membership)).first()
        debt = session.exec(select(Debt.id)).first()
    return [
        "/admin/",
        "/admin/organisation/",
        "/admin/organisation/new/",
        f"/admin/organisation/edit/?id={org}",
        f"/admin/organisation/details/?id={org}",
        f"/admin/organisation/status/{org}",
        "/admin/person/",
        f"/admin/person/details/?id={person}",
        "/admin/membership/",
        "/admin/contribution/",
        "/admin/contribution/new/",
        "/admin/user/",
        "/admin/user/new/",
        "/admin/audit/",
        "/admin/imports/",
        "/admin/candidates/",
        "/admin/cases/?show=all",
        f"/admin/cases/open/{org}",
        "/admin/debts/",
        f"/admin/debts/settle/{debt}",
        "/admin/land/",
        "/admin/figures/",
        f"/admin/figures/new/?organisation_id={org}",
        f"/admin/organisation/observation/{org}",
        f"/admin/organisation/support/{org}",
        "/admin/rules/",
        "/admin/progress/",
        "/admin/reports/?year=2025",
        "/admin/submissions/",
        "/admin/api_keys/",
        "/admin/exchange/",
    ]


def test_no_english_leftovers(client, login, pages):
    login()
    for path in pages:
        html = client.get(path).text
        words = _visible_text(html) + " " + _attributes(html)
        for english in ENGLISH:
            assert not re.search(rf"(?<![\w-]){re.escape(english)}(?![\w-])", words), (
                path,
                english,
            )
        for wrong in WRONG:
            assert wrong not in words, (path, wrong)
        for raw in ("ACTIVE", "SUSPENDED", "COOPERATIVE", "AGRICULTURE", "name_key"):
            assert raw not in words, (path, raw)  # enum names or column names leaking


def test_corrected_flask_admin_messages(client, login, engine):
    login()
    page = client.get("/admin/organisation/")
    assert "Thêm bộ lọc" in page.text and "Tìm kiếm" in page.text and "Xuất" in page.text
    with Session(engine) as session:
        org = session.exec(select(Organisation.id)).first()
    edit = client.get(f"/admin/organisation/edit/?id={org}")
    assert "Lưu và tiếp tục sửa" in edit.text and "Huỷ" in edit.text


def test_wtforms_messages_are_vietnamese(client, login):
    login()
    form = client.get("/admin/user/new/")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text).group(1)
    response = client.post("/admin/user/new/", data={"csrf_token": token})
    assert "Trường này bắt buộc." in response.text
    assert "This field is required." not in response.text


def test_english_on_request(client, login):
    login()
    home = client.get("/admin/")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', home.text).group(1)
    client.post("/lang/en", data={"csrf_token": token, "next": "/admin/organisation/"})
    page = client.get("/admin/organisation/").text
    assert "Add Filter" in page and "Organisations" in page and "Tax code" in page
    assert "active" in page and "Đang hoạt động" not in page
