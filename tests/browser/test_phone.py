"""The file, the status form and the lists on a phone, 360 px wide: nothing wider than the
screen but the tables, which scroll in their own box. Screenshots in ``docs/screenshots``."""

from __future__ import annotations

from sqlmodel import Session, select

from registry.db import make_engine
from registry.enums import Status
from registry.models import Organisation
from tests.browser.conftest import shot, sign_in

WIDTH = 360

#: What overflows the screen: elements wider than it, outside a box that scrolls on its own.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (e) => {
    for (let p = e.parentElement; p; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
    }
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
    .filter((e) => !scrolls(e))
    .slice(0, 5)
    .map((e) => e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40));
}"""


def test_on_a_phone(browser, live_server):
    base, url = live_server
    context = browser.new_context(viewport={"width": WIDTH, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base)
    engine = make_engine(url)
    with Session(engine) as session:
        org_id = session.exec(
            select(Organisation.id)
            .where(Organisation.current_status == Status.ACTIVE)
            .order_by(Organisation.id)
        ).first()
    engine.dispose()
    screens = {
        "phone-1-ho-so": f"/admin/organisation/details/?id={org_id}",
        "phone-2-doi-tinh-trang": f"/admin/organisation/status/{org_id}",
        "phone-3-danh-sach": "/admin/organisation/",
        "phone-4-thanh-vien": "/admin/membership/",
    }
    wide = {}
    for name, path in screens.items():
        page.goto(base + path)
        page.wait_for_load_state("load")
        shot(page, name)
        if found := page.evaluate(OVERFLOW):
            wide[path] = found
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH + 1 or not found
    context.close()
    assert not wide, wide
