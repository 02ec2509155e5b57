"""Two officers edit the same organisation: the second save is refused, nothing is lost, and
the audit log keeps both attempts with their values."""

import re
import time

from sqlmodel import Session, select

from registry.enums import AuditAction
from registry.models import AuditEntry, Organisation
from tests.admin.conftest import PASSWORD, csrf_token


def _form_data(html: str) -> dict[str, str]:
    """The values an edit page would send back unchanged."""

    def wanted(name: str) -> bool:
        return not name.startswith("_")

    data = {}
    for tag in re.findall(r"<(?:input|textarea)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if not name or not wanted(name.group(1)) or name.group(1) == "next":
            continue
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name.group(1)] = "y"
        elif value:
            data[name.group(1)] = value.group(1)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        if not wanted(name):
            continue
        chosen = re.search(
            r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body
        )
        if chosen:
            data[name] = chosen.group(1) or chosen.group(2)
    return data


def _signed_in(app, count: int = 2) -> list:
    """``count`` browsers, each signed in as the planning officer."""
    clients = [app.test_client() for _ in range(count)]
    for client in clients:
        page = client.get("/login")
        client.post(
            "/login",
            data={"csrf_token": csrf_token(page.text), "username": "planner", "password": PASSWORD},
        )
    return clients


def test_the_second_save_is_refused_with_what_changed(app, engine):
    with Session(engine) as session:
        org = session.exec(select(Organisation).order_by(Organisation.id)).first()
        org_id, original_director = org.id, org.director_name
    first, second = _signed_in(app)
    url = f"/admin/organisation/edit/?id={org_id}"
    page_a, page_b = first.get(url).text, second.get(url).text
    data_a = _form_data(page_a) | {"director_name": "Trần Văn Một"}
    data_b = _form_data(page_b) | {"director_name": "Phạm Thị Hai", "phone": "0912345678"}
    assert data_a["version"] == data_b["version"]

    saved = first.post(url, data=data_a)
    assert saved.status_code == 302
    refused = second.post(url, data=data_b, follow_redirects=True)
    assert "Chưa lưu: người khác đã sửa tổ chức này" in refused.text
    assert "Trần Văn Một" in refused.text  # what the other officer changed

    with Session(engine) as session:
        org = session.get(Organisation, org_id)
        assert org.director_name == "Trần Văn Một"
        assert org.phone != "0912345678"
        entries = session.exec(
            select(AuditEntry)
            .where(
                AuditEntry.table_name == "organisation",
                AuditEntry.record_id == str(org_id),
                AuditEntry.action.in_([AuditAction.UPDATE, AuditAction.CONFLICT]),
            )
            .order_by(AuditEntry.id)
        ).all()
    update, conflict = entries[-2], entries[-1]
    assert update.action == AuditAction.UPDATE
    assert update.changes["director_name"] == [original_director, "Trần Văn Một"]
    assert conflict.action == AuditAction.CONFLICT
    version = int(data_a["version"])
    assert (
        conflict.summary == f"Sửa từ phiên bản {version}, đã có phiên bản {version + 1}: không lưu."
    )
    assert conflict.changes["director_name"] == ["Trần Văn Một", "Phạm Thị Hai"]
    assert conflict.changes["phone"][1] == "0912345678"


def _members(engine, org_id):
    from registry.models import Membership

    with Session(engine) as session:
        return len(
            session.exec(select(Membership).where(Membership.organisation_id == org_id)).all()
        )


def test_a_fresh_edit_after_the_refusal_saves(app, engine, client, login):
    with Session(engine) as session:
        org_id = session.exec(select(Organisation.id).order_by(Organisation.id.desc())).first()
    members = _members(engine, org_id)
    assert members
    login("planner")
    url = f"/admin/organisation/edit/?id={org_id}"
    data = _form_data(client.get(url).text) | {"main_product": "Cà phê sạch"}
    assert client.post(url, data=data).status_code == 302
    with Session(engine) as session:
        assert session.get(Organisation, org_id).main_product == "Cà phê sạch"
    assert _members(engine, org_id) == members  # inline rows not sent are left alone


def test_a_stale_debt_is_refused(app, engine):
    """A debt is edited on its own page, reached from the organisation's file: the second of
    two officers editing it is refused, and the first one's change stands."""
    from registry.models import Debt

    with Session(engine) as session:
        debt = session.exec(select(Debt).order_by(Debt.id)).first()
        debt_id, outstanding = debt.id, debt.outstanding_vnd
    first, second = _signed_in(app)
    url = f"/admin/debts/edit/?id={debt_id}"
    page_a, page_b = first.get(url).text, second.get(url).text
    assert "version" in _form_data(page_a)
    data_a = _form_data(page_a) | {"notes": "Một"}
    data_b = _form_data(page_b) | {"notes": "Hai"}
    assert first.post(url, data=data_a).status_code == 302
    refused = second.post(url, data=data_b, follow_redirects=True)
    assert "Khoản nợ của «" in refused.text and f"#{debt_id}" not in refused.text
    assert "đã được người khác sửa sau khi bạn mở trang" in refused.text
    with Session(engine) as session:
        debt = session.get(Debt, debt_id)
        assert debt.notes == "Một" and debt.outstanding_vnd == outstanding


def test_a_save_that_loses_the_race_to_the_database_is_told_as_a_conflict(app, engine):
    """Both saves passed the version check, and the other was written first: this save's
    UPDATE … WHERE version matches nothing, and the database refuses it. The officer is told
    someone else saved, and what changed; nothing of theirs is written. (The other save is
    made just before this one's UPDATE, in its transaction: the one moment two officers'
    saves can meet on either backend.)"""
    from sqlalchemy import event, text

    from admin.extensions import db

    with Session(engine) as session:
        org = session.exec(select(Organisation).order_by(Organisation.id.desc())).first()
        org_id, director = org.id, org.director_name
    (officer,) = _signed_in(app, 1)
    url = f"/admin/organisation/edit/?id={org_id}"
    data = _form_data(officer.get(url).text) | {"director_name": "Người Chậm Chân"}
    fired = []

    def the_other_save_lands_first(session, _context, _instances):
        if not fired:
            fired.append(True)
            session.connection().execute(
                text("UPDATE organisation SET version = version + 1 WHERE id = :id"),
                {"id": org_id},
            )

    with app.app_context():
        made = db.sessionmaker
    event.listen(made, "before_flush", the_other_save_lands_first)
    try:
        refused = officer.post(url, data=data, follow_redirects=True)
    finally:
        event.remove(made, "before_flush", the_other_save_lands_first)
    assert fired and refused.status_code == 200
    assert "người khác đã sửa tổ chức này" in refused.text and "UPDATE" not in refused.text
    with Session(engine) as session:
        assert session.get(Organisation, org_id).director_name == director


def test_a_save_waiting_for_another_officers_is_told_the_conflict(app, engine):
    """Another officer's save holds the record (on SQLite, the database's one writer's lock;
    on PostgreSQL, the row) while this one is sent; when theirs commits, this one goes on,
    sees their version and is refused as a conflict — never as a busy database."""
    import threading

    from sqlalchemy import text

    from registry.db import WRITING

    with Session(engine) as session:
        org = session.exec(select(Organisation).order_by(Organisation.id.desc()).offset(1)).first()
        org_id, director = org.id, org.director_name
    (officer,) = _signed_in(app, 1)
    url = f"/admin/organisation/edit/?id={org_id}"
    data = _form_data(officer.get(url).text) | {"director_name": "Người Phải Chờ"}
    other = engine.connect()
    writing = WRITING.set(True)  # the other officer's save, as the web application begins it
    try:
        other.execute(
            text("UPDATE organisation SET version = version + 1 WHERE id = :id"), {"id": org_id}
        )
    finally:
        WRITING.reset(writing)
    answers = []
    waiting = threading.Thread(
        target=lambda: answers.append(officer.post(url, data=data, follow_redirects=True))
    )
    waiting.start()
    time.sleep(0.5)  # this save now waits for the other's
    other.commit()
    other.close()
    waiting.join(timeout=30)
    (refused,) = answers
    assert "người khác đã sửa tổ chức này" in refused.text
    assert "đang bận" not in refused.text
    with Session(engine) as session:
        assert session.get(Organisation, org_id).director_name == director
