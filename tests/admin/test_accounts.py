"""Users and roles (administrators only), and the audit log."""

import re

from sqlmodel import Session, select

from registry.enums import AuditAction, Role
from registry.models import AuditEntry, User, UserScope
from tests.admin.conftest import PASSWORD, csrf_token


def test_only_administrators_manage_users(client, login):
    for username in ("planner", "alliance", "chupah", "viewer"):
        login(username)
        assert client.get("/admin/user/").status_code == 403, username
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})


def test_audit_log_for_administrators_and_planners_only(client, login):
    for username, status in (
        ("admin", 200),
        ("planner", 200),
        ("alliance", 403),
        ("chupah", 403),
        ("viewer", 403),
    ):
        login(username)
        assert client.get("/admin/audit/").status_code == status, username
        client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})


def test_create_an_area_officer_with_a_scope(client, login, engine):
    login("admin")
    form = client.get("/admin/user/new/")
    district = re.search(
        r'<option value="(\d+)">Huyện Ia Grai \(trước 7/2025\)</option>', form.text
    ).group(1)
    response = client.post(
        "/admin/user/new/",
        data={
            "csrf_token": csrf_token(form.text),
            "username": "CanBo.IaGrai",
            "full_name": "Cán bộ Ia Grai",
            "role": "area_officer",
            "active": "y",
            "password": "mat-khau-moi-du-dai",
            "scope": [district],
        },
    )
    assert response.status_code == 302
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == "canbo.iagrai")).one()
        assert user.role == Role.AREA_OFFICER
        assert user.password_hash.startswith("$argon2id$")
        assert [
            s.unit_id for s in session.exec(select(UserScope).where(UserScope.user_id == user.id))
        ] == [int(district)]
    new = client.application.test_client()
    page = new.get("/login")
    assert (
        new.post(
            "/login",
            data={
                "csrf_token": csrf_token(page.text),
                "username": "canbo.iagrai",
                "password": "mat-khau-moi-du-dai",
            },
        ).status_code
        == 302
    )


def test_an_area_officer_needs_a_scope_and_a_password_its_length(client, login, engine):
    login("admin")
    form = client.get("/admin/user/new/")
    response = client.post(
        "/admin/user/new/",
        data={
            "csrf_token": csrf_token(form.text),
            "username": "khongphamvi",
            "full_name": "Không phạm vi",
            "role": "area_officer",
            "password": "mat-khau-du-dai",
        },
    )
    assert "phải được giao ít nhất một địa bàn" in response.text
    response = client.post(
        "/admin/user/new/",
        data={
            "csrf_token": csrf_token(form.text),
            "username": "matkhaungan",
            "full_name": "Ngắn",
            "role": "viewer",
            "password": "ngan",
        },
    )
    assert "ít nhất 10 ký tự" in response.text
    with Session(engine) as session:
        assert not session.exec(
            select(User).where(User.username.in_(["khongphamvi", "matkhaungan"]))
        ).all()


def test_users_cannot_be_deleted_only_deactivated(client, login):
    login("admin")
    page = client.get("/admin/user/")
    assert "/admin/user/delete/" not in page.text


def test_audit_log_records_sign_ins_and_filters_by_user(client, login, engine):
    login("viewer")
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/").text)})
    login("admin")
    with Session(engine) as session:
        viewer = session.exec(select(User).where(User.username == "viewer")).one()
        assert session.exec(
            select(AuditEntry).where(
                AuditEntry.user_id == viewer.id, AuditEntry.action == AuditAction.LOGIN
            )
        ).first()
    page = client.get("/admin/audit/").text
    from tests.admin.conftest import filter_arg

    arg = filter_arg(page, "Người dùng")
    filtered = client.get(f"/admin/audit/?flt0_{arg}={viewer.id}").text
    assert "Cán bộ viewer" in filtered
    assert "Cán bộ planner" not in filtered


def test_the_audit_log_has_no_way_to_change_it(client, login, engine):
    login("admin")
    with Session(engine) as session:
        entry = session.exec(select(AuditEntry.id)).first()
    assert client.get(f"/admin/audit/edit/?id={entry}").status_code in (302, 403)
    page = client.get("/admin/audit/")
    assert "/admin/audit/new/" not in page.text and "/admin/audit/delete/" not in page.text
    _ = PASSWORD
