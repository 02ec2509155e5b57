"""Browser tests: Debian's Chromium, driven by Playwright, against the real application served
by a WSGI server on 127.0.0.1, on its own database."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from alembic import command
from sqlmodel import Session
from werkzeug.serving import make_server

from admin import create_app
from admin.extensions import db
from migrations import alembic_config
from registry import demo
from registry.db import make_engine
from registry.enums import Role, UnitScheme
from registry.services.units import load_units, unit_by_code
from registry.services.users import create_user

PASSWORD = "mat-khau-trinh-duyet"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app on a free port of 127.0.0.1 (SQLite: the embedded default)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'registry.db'}"
    command.upgrade(alembic_config(url), "head")
    engine = make_engine(url)
    with Session(engine) as session:
        load_units(session)
        demo.generate(session.connection(), cooperatives=80, members=1500, seed=3)
        create_user(
            session=session,
            username="admin",
            full_name="Nguyễn Quản Trị",
            password=PASSWORD,
            role=Role.ADMIN,
        )
        create_user(
            session=session,
            username="chupah",
            full_name="Cán bộ Chư Păh",
            password=PASSWORD,
            role=Role.AREA_OFFICER,
            scope=[unit_by_code(session, UnitScheme.LEGACY, "627")],
        )
        create_user(
            session=session,
            username="ducco",
            full_name="Cán bộ Đức Cơ",
            password=PASSWORD,
            role=Role.AREA_OFFICER,
            scope=[unit_by_code(session, UnitScheme.LEGACY, "631")],
        )
        create_user(
            session=session,
            username="kehoach",
            full_name="Trần Kế Hoạch",
            password=PASSWORD,
            role=Role.PLANNER,
        )
        create_user(
            session=session,
            username="lienminh",
            full_name="Lê Liên Minh",
            password=PASSWORD,
            role=Role.ALLIANCE,
        )
        create_user(
            session=session,
            username="xem",
            full_name="Phạm Chỉ Xem",
            password=PASSWORD,
            role=Role.VIEWER,
        )
        session.commit()
    engine.dispose()
    # Import jobs never finish within the request: the browser goes through the progress page.
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-tests", "IMPORT_WAIT_SECONDS": 0})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", url
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["registry.jobs"].stop()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser(live_server):  # the app starts first: Playwright then runs an event loop here
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed for the browser tests: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # Everything must come from the app itself: record any request elsewhere.
    page.outside = []
    base = live_server[0]
    page.on(
        "request",
        lambda r: page.outside.append(r.url) if not r.url.startswith((base, "data:")) else None,
    )
    # Whatever the Content Security Policy refused on any page of the journey.
    page.refused = []
    page.on(
        "console",
        lambda m: page.refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield page
    context.close()
    assert not page.refused, page.refused


def sign_in(page, base: str, username: str = "admin") -> None:
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("#login-submit")
    page.wait_for_url(f"{base}/admin/")


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
