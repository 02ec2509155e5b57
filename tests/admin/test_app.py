"""Sign-in, the home page and the language switch, through the Flask test client."""

import re

from tests.admin.conftest import csrf_token


def test_home_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_login_page_speaks_vietnamese(client):
    page = client.get("/login")
    assert page.status_code == 200
    assert "Đăng nhập" in page.text and "Tên đăng nhập" in page.text and "Mật khẩu" in page.text
    assert 'lang="vi"' in page.text


def test_wrong_password_is_refused(login):
    response = login(password="sai-mat-khau-roi")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu." in response.text


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": "admin", "password": "x"})
    assert response.status_code == 400


def test_sign_in_then_home_shows_the_counts(client, login):
    response = login()
    assert response.status_code == 302 and response.location == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "50 tổ chức" in home.text
    assert "Đang hoạt động" in home.text
    counts = [int(n.replace(".", "")) for n in re.findall(r'class="num">([\d.]+)<', home.text)]
    assert sum(counts) == 3 * 50  # by status, by type and by sector: 50 organisations each


def test_session_cookie_is_httponly_and_samesite(login):
    response = login()
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_language_switch_to_english_and_back(client, login):
    login()
    home = client.get("/")
    switched = client.post("/lang/en", data={"csrf_token": csrf_token(home.text), "next": "/"})
    assert switched.status_code == 302
    english = client.get("/")
    assert "Overview" in english.text and 'lang="en"' in english.text
    client.post("/lang/vi", data={"csrf_token": csrf_token(english.text), "next": "/"})
    assert "Tổng quan" in client.get("/").text


def test_language_switch_ignores_foreign_redirects(client, login):
    login()
    home = client.get("/")
    response = client.post(
        "/lang/en", data={"csrf_token": csrf_token(home.text), "next": "//evil.example/"}
    )
    assert response.location == "/"


def test_sign_out(client, login):
    login()
    home = client.get("/")
    client.post("/logout", data={"csrf_token": csrf_token(home.text)})
    assert client.get("/").status_code == 302


def test_static_assets_are_served_locally(client):
    page = client.get("/login")
    assert "http" not in "".join(re.findall(r'(?:href|src)="([^"]+)"', page.text))
    with client.get("/static/app.css") as css:
        assert css.status_code == 200 and "font" in css.text
