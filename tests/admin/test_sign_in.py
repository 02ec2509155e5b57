"""Sign-in under attack: guesses counted before the password is checked (concurrent ones too),
unknown names counted and answered like known ones, no way out to another site, and a
session that ends at sign-out and at a password change."""

import threading

import pytest
from sqlmodel import Session, select

from registry.models import SignInThrottle, User
from registry.scope import Scope
from registry.services import sign_in
from registry.services.users import save_user
from tests.admin.conftest import PASSWORD, csrf_token


@pytest.fixture(autouse=True)
def fresh_counts(engine):
    """Each test starts with no attempts counted (all come from the same address)."""
    from sqlalchemy import delete

    with Session(engine) as session:
        session.execute(delete(SignInThrottle))
        session.commit()


def _attempts(engine, key: str) -> int:
    with Session(engine) as session:
        row = session.get(SignInThrottle, key)
        return row.failures if row else 0


def test_concurrent_wrong_passwords_cannot_outrun_the_count(app, engine):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    import http.cookiejar
    import re
    import urllib.error
    import urllib.parse
    import urllib.request

    base = f"http://127.0.0.1:{server.server_port}"
    answers = []

    def guess():
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        page = opener.open(base + "/login").read().decode()
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"csrf_token": token, "username": "alliance", "password": "doan-sai-mat-khau"}
        ).encode()
        try:
            opener.open(base + "/login", data)
        except urllib.error.HTTPError as error:
            answers.append(error.code)

    try:
        threads = [threading.Thread(target=guess) for _ in range(30)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.shutdown()
    assert sorted(answers) == [401] * 5 + [429] * 25  # five passwords checked, no more
    assert _attempts(engine, "account:alliance") == 30


def test_unknown_names_are_counted_and_answered_alike(client, login, engine):
    for _ in range(5):
        assert login("khong-co-ai", "sai-mat-khau-roi").status_code == 401
    assert login("khong-co-ai", "sai-mat-khau-roi").status_code == 429
    assert _attempts(engine, "account:khong-co-ai") == 6
    from registry.enums import AuditAction
    from tests.admin.conftest import last_summary

    logged = last_summary(engine, AuditAction.LOGIN_FAILED)
    assert logged == "khong-co-ai từ 127.0.0.1, thử quá nhiều lần"  # the log's language


def test_an_unknown_name_takes_the_same_hashing_work(session, monkeypatch):
    from registry.services import users

    checked = []

    class Counting:
        def __init__(self, hasher):
            self.hasher = hasher

        def verify(self, password_hash, password):
            checked.append(password_hash)
            return self.hasher.verify(password_hash, password)

    monkeypatch.setattr(users, "_hasher", Counting(users._hasher))
    assert sign_in.check_password(session, "khong-co-ai", "mat-khau-bat-ky") is None
    assert len(checked) == 1 and checked[0].startswith("$argon2id$")  # a real check


@pytest.mark.parametrize(
    "target",
    ["/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example",
     "/%0d%0a/evil.example", "\\/evil.example"],
)  # fmt: skip
def test_sign_in_never_sends_to_another_site(client, target):
    page = client.get("/login")
    response = client.post(
        f"/login?next={target}",
        data={"csrf_token": csrf_token(page.text), "username": "viewer", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == "/admin/"
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})


def test_a_session_ends_at_sign_out_and_its_cookie_is_worthless(app, login, client):
    login("planner")
    stolen = client.get_cookie("session").value
    page = client.get("/admin/")
    assert page.status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(page.text)})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/admin/organisation/").status_code == 302  # to the sign-in page


def test_sign_in_gives_a_new_csrf_secret(client, login):
    before = csrf_token(client.get("/login").text)
    login("planner")
    after = csrf_token(client.get("/admin/organisation/new/").text)
    assert before.split(".")[0] != after.split(".")[0]


def test_a_new_password_ends_every_session_of_the_account(app, login, client, engine):
    login("viewer")
    assert client.get("/admin/").status_code == 200
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "viewer")).one()
        save_user(
            session=session,
            user=user,
            password="mat-khau-moi-hoan-toan",
            unit_ids=[],
            scope=Scope.everything(),
            loaded_version=user.version,
        )
        session.commit()
    assert client.get("/admin/").status_code == 302


def test_an_office_behind_one_address_signs_everyone_in(app, engine):
    """Only failures use up an address's allowance (30 per window): forty sign-ins of the
    morning from one office succeed, and the address's failures are still counted."""
    for _ in range(40):
        client = app.test_client()
        page = client.get("/login")
        signed_in = client.post(
            "/login",
            data={"csrf_token": csrf_token(page.text), "username": "planner", "password": PASSWORD},
        )
        assert signed_in.status_code == 302
    before = _attempts(engine, "address:127.0.0.1")
    client = app.test_client()
    page = client.get("/login")
    wrong = client.post(
        "/login",
        data={
            "csrf_token": csrf_token(page.text),
            "username": "planner",
            "password": "sai-roi-nhe",
        },
    )
    assert wrong.status_code == 401
    assert _attempts(engine, "address:127.0.0.1") == before + 1
