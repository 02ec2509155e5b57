"""Sign-in, the dashboard and the language switch, through the Flask test client."""

import re
import subprocess
from pathlib import Path

from admin import create_app
from admin.extensions import db
from tests.admin.conftest import PASSWORD, csrf_token

ROOT = Path(__file__).resolve().parents[2]


def test_pages_require_sign_in(client):
    for path in ("/", "/admin/", "/admin/organisation/", "/admin/person/"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 302, path
    assert client.get("/admin/organisation/").location.startswith("/login")


def test_login_page_speaks_vietnamese(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert "Đăng nhập" in page.text and "Tên đăng nhập" in page.text and "Mật khẩu" in page.text
    assert 'lang="vi"' in page.text


def test_wrong_password_is_refused(login):
    response = login(password="sai-mat-khau-roi")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.text


def test_login_without_csrf_token_is_refused_in_vietnamese(client):
    response = client.post("/login", data={"username": "admin", "password": "x"})
    assert response.status_code == 400
    assert "CSRF" in response.text and "Hãy tải lại trang" in response.text, response.text


def test_repeated_failures_lock_the_account(client, login):
    for _ in range(5):
        assert login("thu.khoa", "sai-mat-khau-roi").status_code == 401
    locked = login("thu.khoa", PASSWORD)
    assert locked.status_code == 429
    assert "tạm thời không cho đăng nhập" in locked.text


def test_sign_in_then_dashboard_shows_counts_and_todo(client, login):
    response = login()
    assert response.status_code == 302 and response.location == "/admin/"
    home = client.get("/admin/")
    assert home.status_code == 200
    assert "60 tổ chức" in home.text
    assert "Đang hoạt động" in home.text
    assert 'id="todo-dissolution"' in home.text and "Việc cần làm" in home.text
    counts = [int(n.replace(".", "")) for n in re.findall(r'class="num">([\d.]+)<', home.text)]
    assert sum(counts) == 3 * 60  # by status, by type and by sector: 60 organisations each


def test_session_cookie_is_httponly_and_samesite(login):
    cookie = login().headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP here


def test_session_cookie_is_secure_over_https(client):
    page = client.get("/login", base_url="https://registry.example")
    assert "Secure" in page.headers["Set-Cookie"]


def test_language_switch_to_english_and_back(client, login):
    login()
    home = client.get("/admin/")
    switched = client.post(
        "/lang/en", data={"csrf_token": csrf_token(home.text), "next": "/admin/"}
    )
    assert switched.status_code == 302
    english = client.get("/admin/")
    assert "Overview" in english.text and "To do" in english.text
    client.post("/lang/vi", data={"csrf_token": csrf_token(english.text), "next": "/admin/"})
    assert "Tổng quan" in client.get("/admin/").text


def test_language_switch_ignores_foreign_redirects(client, login):
    login()
    home = client.get("/admin/")
    response = client.post(
        "/lang/en", data={"csrf_token": csrf_token(home.text), "next": "//evil.example/"}
    )
    assert response.location == "/admin/"


def test_sign_out(client, login):
    login()
    home = client.get("/admin/")
    client.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert client.get("/admin/").status_code == 302


def test_every_asset_is_served_by_the_app(client, login):
    login()
    for path in ("/login", "/admin/", "/admin/organisation/", "/admin/organisation/new/"):
        page = client.get(path).text
        urls = re.findall(r'(?:href|src)="([^"#]+)"', page)
        foreign = [u for u in urls if u.startswith(("http:", "https:", "//"))]
        assert foreign == [], (path, foreign)
        for url in urls:
            if "/static/" in url:
                with client.get(url) as asset:
                    assert asset.status_code == 200, url


def test_requests_end_without_an_async_teardown(app):
    """No async engine: the async-session teardown (run on a thread per request) is gone,
    the sync one stays."""
    names = [f.__name__ for f in app.teardown_appcontext_funcs]
    assert "_close_async_sessions" not in names and "_close_sessions" in names


def test_error_pages_speak_the_officers_language_and_lead_back(client, login):
    login("viewer")
    missing = client.get("/admin/organisation/details/?id=99999999")
    assert missing.status_code == 404
    assert "Không tìm thấy" in missing.text and 'href="/admin/"' in missing.text
    assert '<html lang="vi">' in missing.text
    forbidden = client.get("/admin/imports/")
    assert forbidden.status_code == 403 and "Không được phép" in forbidden.text
    page = client.get("/admin/")
    assert '<html lang="vi">' in page.text  # Flask-Admin's own frame too
    client.post("/lang/en", data={"csrf_token": csrf_token(page.text), "next": "/admin/"})
    missing = client.get("/admin/organisation/details/?id=99999999")
    assert "Not found" in missing.text and "outside your area" in missing.text
    assert '<html lang="en">' in client.get("/admin/").text
    client.post("/lang/vi", data={"csrf_token": csrf_token(page.text), "next": "/admin/"})


def test_after_saving_an_organisation_the_officer_lands_on_its_file(client, login, engine):
    from sqlmodel import Session, select

    from registry.models import Organisation
    from tests.admin.test_concurrency import _form_data

    login("planner")
    with Session(engine) as session:
        org_id = session.exec(select(Organisation.id).order_by(Organisation.id)).first()
    url = f"/admin/organisation/edit/?id={org_id}"
    saved = client.post(url, data=_form_data(client.get(url).text) | {"main_product": "Cà phê"})
    assert saved.status_code == 302
    assert saved.location.endswith(f"/admin/organisation/details/?id={org_id}")


def test_an_unexpected_error_is_a_page_with_a_reference_not_a_refusal(database, caplog):
    from admin import create_app

    url, _engine = database
    app = create_app({"DATABASE_URL": url, "WTF_CSRF_ENABLED": False})
    app.add_url_rule("/broken", "broken", lambda: 1 / 0)  # fails as a defect would
    client = app.test_client()
    client.post("/login", data={"username": "viewer", "password": PASSWORD})
    try:
        page = client.get("/broken")
    finally:
        with app.app_context():  # this app's own engine: its connections closed, not left
            db.engine.dispose()
    assert page.status_code == 500 and "Đã có lỗi" in page.text
    reference = re.search(r"mã tham chiếu ([0-9a-f]{8})", page.text).group(1)
    assert f"reference {reference}" in caplog.text and "ZeroDivisionError" in caplog.text


def test_each_instance_makes_its_own_secret_key_and_keeps_it_private(data_dir, database):
    """No key in the repository or the configuration: the first start writes a random one
    into the data directory, readable by its owner only, and later starts read it back."""
    url, _engine = database
    first = create_app({"DATABASE_URL": url})
    key_file = data_dir / "secret-key"
    assert key_file.stat().st_mode & 0o077 == 0
    assert first.config["SECRET_KEY"] == key_file.read_text().strip()
    assert len(first.config["SECRET_KEY"]) >= 64
    second = create_app({"DATABASE_URL": url})
    assert second.config["SECRET_KEY"] == first.config["SECRET_KEY"]
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()
    for tracked in subprocess.run(
        ["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout.split():
        assert first.config["SECRET_KEY"] not in (ROOT / tracked).read_text(errors="ignore")


def test_behind_a_proxy_the_clients_address_is_the_forwarded_one(database):
    """Sign-in throttling counts per address: behind a load balancer that address must be the
    client's (REGISTRY_PROXIES hops trusted), and never a header a client sets itself."""
    url, _engine = database
    seen = []
    for proxies in (0, 1):
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "p", "PROXIES": proxies})

        @app.get("/where")
        def where():
            from flask import request

            return f"{request.remote_addr} {request.scheme}"

        answer = app.test_client().get(
            "/where",
            headers={"X-Forwarded-For": "10.1.2.3", "X-Forwarded-Proto": "https"},
            environ_base={"REMOTE_ADDR": "192.0.2.9"},
        )
        seen.append(answer.text)
        with app.app_context():
            db.engine.dispose()
    assert seen == ["192.0.2.9 http", "10.1.2.3 https"]
