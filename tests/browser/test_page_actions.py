"""What Flask-Admin did with inline handlers still works under the Content Security Policy
(which the ``page`` fixture watches for refusals): adding a filter, and a delete that asks
first and does nothing when the officer says no."""

from __future__ import annotations

from sqlmodel import Session, func, select

from registry.db import make_engine
from registry.models import Organisation
from tests.browser.conftest import sign_in


def _count(url: str) -> int:
    engine = make_engine(url)
    with Session(engine) as session:
        found = session.exec(select(func.count()).select_from(Organisation)).one()
    engine.dispose()
    return found


def test_a_filter_is_added_and_a_delete_waits_for_yes(page, live_server):
    base, url = live_server
    sign_in(page, base)
    response = page.goto(f"{base}/admin/organisation/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    page.click("text=Thêm bộ lọc")
    page.locator(".field-filters a.filter").first.click()
    assert page.locator(".filters tr").count() >= 1  # Flask-Admin's script added a filter row
    assert "#" not in page.url
    before = _count(url)
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("form.icon button[data-confirm]").first.click()
    page.wait_for_timeout(300)
    assert asked and "xoá" in asked[0].lower()
    assert _count(url) == before
