"""The audit trail records every change with its author and field values, and never changes."""

from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import select

from registry.enums import AuditAction, Status
from registry.models import AuditEntry
from registry.services.audit import record
from registry.services.organisations import record_status


def _entries(session, table, record_id):
    return session.exec(
        select(AuditEntry)
        .where(AuditEntry.table_name == table, AuditEntry.record_id == str(record_id))
        .order_by(AuditEntry.id)
    ).all()


def test_create_update_delete_are_recorded_with_author_and_values(session, make_organisation):
    session.info["user_id"] = None
    org = make_organisation(name="Hợp tác xã Nông nghiệp Ia Blang", tax_code="5900001111")
    created = _entries(session, "organisation", org.id)
    assert [e.action for e in created] == [AuditAction.CREATE]
    assert created[0].changes["tax_code"] == [None, "5900001111"]
    assert created[0].summary == "Hợp tác xã Nông nghiệp Ia Blang"

    org.director_name = "Nguyễn Văn Bình"
    session.add(org)
    session.flush()
    updated = _entries(session, "organisation", org.id)[-1]
    assert updated.action == AuditAction.UPDATE
    assert updated.changes["director_name"] == [None, "Nguyễn Văn Bình"]
    assert updated.changes["version"] == [1, 2]
    assert "name_key" not in updated.changes

    event = record_status(
        session=session,
        organisation=org,
        status=Status.SUSPENDED,
        effective_on=date(2024, 1, 1),
        reason="Thiếu vốn",
    )
    status_row = _entries(session, "status_event", event.id)[0]
    assert status_row.changes["status"] == [None, "suspended"]

    session.delete(event)
    session.flush()
    deleted = _entries(session, "status_event", event.id)[-1]
    assert deleted.action == AuditAction.DELETE
    assert deleted.changes["reason"] == ["Thiếu vốn", None]


def test_the_author_comes_from_the_session(session, make_organisation):
    from registry.enums import Role
    from registry.services.users import create_user

    user = create_user(
        session=session,
        username="canbo.a",
        full_name="Cán bộ A",
        password="mat-khau-du-dai",
        role=Role.PLANNER,
    )
    session.info["user_id"] = user.id
    org = make_organisation()
    assert _entries(session, "organisation", org.id)[0].user_id == user.id


def test_events_that_are_not_row_changes(session):
    record(session, action=AuditAction.EXPORT, table_name="organisation", summary="xuất 12 tổ chức")
    entry = session.exec(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry.action == AuditAction.EXPORT and entry.summary == "xuất 12 tổ chức"


@pytest.mark.parametrize(
    "statement", ["UPDATE audit_entry SET summary = 'sửa'", "DELETE FROM audit_entry"]
)
def test_the_database_refuses_to_change_the_log(session, statement):
    record(session, action=AuditAction.EXPORT, table_name="organisation")
    with pytest.raises(DBAPIError, match="append-only"), session.begin_nested():
        session.execute(text(statement))
