"""Each role walks the application in Chromium, in Vietnamese and in English, the way an
officer does: every page its menu offers, then an organisation's file with each of its tabs
opened. What the browser shows (``innerText``: hidden elements left out, scripts run) holds
no raw value (:mod:`tests.admin.labels_check`), and nothing is fetched from elsewhere."""

from __future__ import annotations

import pytest

from registry.db import make_engine
from tests.admin.labels_check import data_names, raw_values_in_text
from tests.browser.conftest import sign_in

#: The menu's own links: top-level entries and each drop-down's items.
MENU_LINKS = """() => [
    ...document.querySelectorAll('nav a.nav-link[href], nav a.dropdown-item[href]')
  ].map((a) => a.href)
  .filter((h) => h.startsWith(location.origin + '/admin') && !h.includes('#'))"""


@pytest.fixture
def names(live_server):
    engine = make_engine(live_server[1])
    yield data_names(engine)
    engine.dispose()


def _read(page, language: str, names: set[str]) -> list[str]:
    page.wait_for_load_state("load")
    return raw_values_in_text(page.evaluate("document.body.innerText"), language, names)


@pytest.mark.parametrize("username", ["admin", "kehoach", "lienminh", "chupah", "xem"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_role_walks_its_menu_and_a_file(page, live_server, names, username, language):
    base = live_server[0]
    sign_in(page, base, username)
    if language == "en":
        page.click("#lang-switch")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == "en"
    links = list(dict.fromkeys(page.evaluate(MENU_LINKS)))
    assert len(links) >= 3, links
    problems = {}
    for link in links:
        response = page.goto(link)
        assert response.status < 500, link
        if found := _read(page, language, names):
            problems[link] = found[:4]
    # The first organisation its list shows, and every tab of its file.
    page.goto(f"{base}/admin/organisation/")
    first = page.locator("a[href*='/admin/organisation/details/']").first
    first.click()
    page.wait_for_load_state("load")
    tabs = page.locator(".nav-tabs a[data-toggle='tab']")
    assert tabs.count() >= 4
    for i in range(tabs.count()):
        tabs.nth(i).click()
        if found := _read(page, language, names):
            problems[f"{page.url} ({tabs.nth(i).inner_text()})"] = found[:4]
    assert not page.outside, page.outside
    assert not problems, "\n".join(f"{url}: {found}" for url, found in problems.items())
