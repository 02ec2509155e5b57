"""Undoing an import batch: exactly what it wrote, or nothing, naming what depends on it; and
every row an undo or a database cascade deletes has its audit entry."""

import io
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import select

from importers.run import commit, plan
from registry.enums import AuditAction, DebtDirection, DebtState, Status
from registry.export import organisation_rows, write_json
from registry.models import (
    AdminUnit,
    AuditEntry,
    Contribution,
    Debt,
    Membership,
    Organisation,
    Person,
    StatusEvent,
)
from registry.scope import Scope
from registry.services.batches import undo_batch
from registry.services.errors import DomainError
from registry.services.organisations import record_status
from tests.conftest import count

EVERYWHERE = Scope.everything()


def _export(session) -> str:
    out = io.StringIO()
    write_json(organisation_rows(session), out)
    return out.getvalue()


def _table_counts(session) -> dict[str, int]:
    return {
        model.__tablename__: session.scalar(select(func.count()).select_from(model))
        for model in (Organisation, StatusEvent, Person, Membership, Contribution, Debt)
    }


def _deleted_entries(session, table: str) -> int:
    return session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.table_name == table, AuditEntry.action == AuditAction.DELETE)
    )


@pytest.fixture
def two_batches(session, samples):
    """An organisation list (batch 1), then a member list of its cooperatives (batch 2)."""
    empty = _export(session)
    organisations = commit(session, plan(session, samples / "coops_district_list.xlsx"))
    members = commit(session, plan(session, samples / "members.csv"))
    return empty, organisations, members


def test_an_undo_with_later_work_on_its_records_is_refused_naming_it_and_changes_nothing(
    session, two_batches
):
    _empty, organisations, members = two_batches
    # An officer's work on one of batch 1's organisations, one that batch 2 gave members.
    org = session.get(Organisation, session.scalars(select(Membership.organisation_id)).first())
    record_status(
        session=session,
        organisation=org,
        status=Status.SUSPENDED,
        effective_on=date(2025, 3, 1),
        reason="Tạm ngừng theo thông báo",
    )
    session.add(
        Debt(
            organisation_id=org.id,
            direction=DebtDirection.PAYABLE,
            counterparty="bank",
            content="Vay vốn",
            outstanding_vnd=5_000_000,
            as_of=date(2025, 1, 1),
            state=DebtState.OUTSTANDING,
        )
    )
    session.flush()
    before, tables = _export(session), _table_counts(session)

    with pytest.raises(DomainError) as refused:
        undo_batch(session=session, batch=organisations, scope=EVERYWHERE)
    message = refused.value.vi
    assert f"«{org.name}»" in message
    assert "1 sự kiện trạng thái của tổ chức" in message and "do người dùng ghi" in message
    assert "1 khoản nợ" in message
    assert f"thành viên của tổ chức «{org.name}» do lô nhập #{members.id} ghi" in message
    assert refused.value.en.startswith(f"Batch #{organisations.id} cannot be undone")
    assert _export(session) == before and _table_counts(session) == tables
    assert organisations.undone_at is None and members.undone_at is None


def test_batches_undone_in_reverse_order_give_back_the_same_export_and_audit_every_row(
    session, two_batches
):
    empty, organisations, members = two_batches
    after_first = None
    memberships, contributions, persons = (
        count(session, "membership"),
        count(session, "contribution"),
        count(session, "person"),
    )
    assert memberships and contributions and persons
    with pytest.raises(DomainError):  # batch 2 rests on batch 1
        undo_batch(session=session, batch=organisations, scope=EVERYWHERE)
    removed = undo_batch(session=session, batch=members, scope=EVERYWHERE)
    assert removed["membership"] == memberships
    assert removed["contribution"] == contributions
    assert removed["person"] == persons
    after_first = _export(session)
    undo_batch(session=session, batch=organisations, scope=EVERYWHERE)
    assert _export(session) == empty
    assert after_first != empty
    assert _table_counts(session) == dict.fromkeys(_table_counts(session), 0)
    for table, n in {
        "membership": memberships,
        "contribution": contributions,
        "person": persons,
        "organisation": 40,
        "status_event": 40,
    }.items():
        assert _deleted_entries(session, table) == n, table


def test_an_undo_is_refused_when_a_later_batch_changed_its_records(session, samples, tmp_path):
    from tests.importers.conftest import workbook

    first = commit(session, plan(session, samples / "coops_district_list.xlsx"))
    org = session.scalars(select(Organisation).where(Organisation.tax_code.is_not(None))).first()
    later = workbook(
        tmp_path,
        [["Tên HTX", "Mã số thuế", "Giám đốc"], [org.name, org.tax_code, "Người Mới Sau"]],
    )
    second = commit(session, plan(session, later))
    assert second is not None
    with pytest.raises(DomainError) as refused:
        undo_batch(session=session, batch=first, scope=EVERYWHERE)
    assert f"lô nhập #{second.id}" in refused.value.vi
    undo_batch(session=session, batch=second, scope=EVERYWHERE)
    undo_batch(session=session, batch=first, scope=EVERYWHERE)
    assert count(session, "organisation") == 0


def test_an_area_officer_cannot_undo_a_batch_outside_the_area(session, samples, unit):
    batch = commit(session, plan(session, samples / "coops_district_list.xlsx"))
    elsewhere = Scope(
        role=EVERYWHERE.role.AREA_OFFICER,
        everywhere=False,
        legacy_ids=frozenset({unit("legacy", "627").id}),
    )
    with pytest.raises(DomainError, match="ngoài địa bàn"):
        undo_batch(session=session, batch=batch, scope=elsewhere)


def test_a_deleted_organisation_leaves_an_audit_entry_for_every_row_deleted_with_it(
    make_membership, session, make_organisation, make_person
):
    from registry.services.members import contribute

    org = make_organisation()
    membership = make_membership(org, make_person())
    contribute(session=session, membership=membership, amount_vnd=1_000_000, on=date(2020, 1, 1))
    session.expunge_all()  # nothing loaded: the database cascades every child
    session.delete(session.get(Organisation, org.id))
    session.flush()
    for table in ("organisation", "status_event", "membership", "contribution"):
        assert _deleted_entries(session, table) == 1, table
    assert count(session, "membership") == 0


def test_a_batch_is_covered_by_an_area_that_holds_every_organisation_it_wrote(
    session, samples, tmp_path, unit
):
    from registry.services.batches import covered
    from tests.importers.conftest import workbook

    chu_pah = Scope(
        role=EVERYWHERE.role.AREA_OFFICER,
        everywhere=False,
        legacy_ids=frozenset(
            {unit("legacy", "627").id}
            | {u for (u,) in session.execute(select(AdminUnit.id).where(
                AdminUnit.parent_id == unit("legacy", "627").id))}
        ),
    )  # fmt: skip
    mixed = commit(session, plan(session, samples / "coops_district_list.xlsx"))
    header = ["Tên HTX", "Mã số thuế", "Huyện", "Xã"]
    only_here = commit(
        session,
        plan(session, workbook(tmp_path, [header, ["HTX NN Chỉ Ở Đây", "5990000081", "Chư Păh",
                                                   "Ia Nhin"]])),
    )  # fmt: skip
    assert covered(session, chu_pah, [mixed.id, only_here.id]) == {only_here.id}
    assert covered(session, EVERYWHERE, [mixed.id, only_here.id]) == {mixed.id, only_here.id}
    undo_batch(session=session, batch=only_here, scope=chu_pah)
