"""Bulk writes store what the ORM stores, on either backend."""

import gc
import threading
from datetime import date

from sqlmodel import select

from registry.bulk import insert_rows, next_ids, paused_gc
from registry.enums import ContributionKind, MemberType, PersonKind
from registry.models import Contribution, ImportBatch, ImportChange, Membership, Person
from registry.models.base import utcnow


def test_rows_written_in_bulk_read_back_as_the_orm_writes_them(session, make_organisation):
    org = make_organisation(name="HTX Bulk")
    connection = session.connection()
    person_ids = next_ids(connection, Person.__table__, 3)
    assert len(set(person_ids)) == 3
    now = utcnow()
    insert_rows(
        connection,
        Person.__table__,
        [
            dict(
                id=pid,
                kind=PersonKind.HOUSEHOLD,
                full_name=f"Hộ {n}",
                name_key=f"ho {n}",
                id_number=None,
                birth_year=1980 + n,
                phone=None,
                address=None,
                created_at=now,
            )
            for n, pid in enumerate(person_ids)
        ],
    )
    (membership_id,) = next_ids(connection, Membership.__table__, 1)
    insert_rows(
        connection,
        Membership.__table__,
        [
            dict(
                id=membership_id,
                organisation_id=org.id,
                person_id=person_ids[0],
                member_type=MemberType.ASSOCIATE_CONTRIBUTING,
                joined_on=date(2019, 3, 7),
                left_on=None,
            )
        ],
    )
    insert_rows(
        connection,
        Contribution.__table__,
        [
            dict(
                membership_id=membership_id,
                kind=ContributionKind.CONTRIBUTION,
                amount_vnd=12_500_000_000,
                on=date(2019, 3, 7),
                note=None,
            )
        ],
    )
    persons = session.exec(select(Person).where(Person.id.in_(person_ids))).all()
    assert sorted(p.full_name for p in persons) == ["Hộ 0", "Hộ 1", "Hộ 2"]
    assert {p.kind for p in persons} == {PersonKind.HOUSEHOLD}
    assert all(p.created_at == now for p in persons)
    membership = session.get(Membership, membership_id)
    assert membership.member_type == MemberType.ASSOCIATE_CONTRIBUTING
    assert membership.joined_on == date(2019, 3, 7)
    assert [c.amount_vnd for c in membership.contributions] == [12_500_000_000]
    # Ids allocated later never collide with those written.
    assert min(next_ids(connection, Person.__table__, 2)) > max(person_ids)


def test_json_columns_in_bulk(session):
    batch = ImportBatch(file_name="a.xlsx", sha256="0" * 64, sheet="S", kind="members")
    session.add(batch)
    session.flush()
    insert_rows(
        session.connection(),
        ImportChange.__table__,
        [
            dict(
                batch_id=batch.id,
                table_name="person",
                record_id=1,
                row=4,
                action="update",
                before={"full_name": "Cũ"},
            )
        ],
    )
    change = session.exec(select(ImportChange).where(ImportChange.batch_id == batch.id)).one()
    assert change.before == {"full_name": "Cũ"}


def test_paused_gc_resumes_when_the_last_pause_ends():
    assert gc.isenabled()
    inner_done = threading.Event()
    with paused_gc():
        assert not gc.isenabled()

        def other_thread():
            with paused_gc():
                pass
            inner_done.set()

        threading.Thread(target=other_thread).start()
        inner_done.wait(5)
        assert not gc.isenabled()  # the other pause ended, this one holds
    assert gc.isenabled()


def test_ids_of_deleted_records_are_never_given_again(session):
    from sqlmodel import delete

    first = Person(kind=PersonKind.INDIVIDUAL, full_name="Một", name_key="mot")
    session.add(first)
    session.flush()
    session.exec(delete(Person).where(Person.id == first.id))
    second = Person(kind=PersonKind.INDIVIDUAL, full_name="Hai", name_key="hai")
    session.add(second)
    session.flush()
    assert second.id > first.id  # the ORM's path
    assert min(next_ids(session.connection(), Person.__table__, 3)) > second.id  # the bulk one


def test_rows_by_column_are_written_whole_within_the_databases_parameter_limit(session):
    """Many rows a statement, as many as the database's parameters allow: on SQLite the limit
    is lowered to 999 (what SQLite before 3.32 allowed), so 2,500 rows take several
    statements and a last, shorter one. A column of one value in every row, given as such or
    not, is bound once a statement and stored in every row."""
    import sqlite3

    from registry.bulk import insert_columns

    connection = session.connection()
    dbapi = connection.connection.dbapi_connection
    sqlite = connection.dialect.name == "sqlite"
    limit = dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999) if sqlite else None
    ids = next_ids(connection, Person.__table__, 2_500)
    try:
        insert_columns(
            connection,
            Person.__table__,
            {
                "id": ids,
                "full_name": [f"Người {n}" for n in range(2_500)],
                "name_key": [f"nguoi {n}" for n in range(2_500)],
                "birth_year": [1950 + n % 50 for n in range(2_500)],
                "address": ["Thôn 1, xã Ia Nhin"] * 2_500,
                "phone": [None] * 2_500,
            },
            {"kind": PersonKind.INDIVIDUAL, "created_at": utcnow()},
        )
    finally:
        if sqlite:
            dbapi.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    written = session.exec(select(Person).where(Person.id >= ids[0]).order_by(Person.id)).all()
    assert [(p.id, p.full_name, p.birth_year, p.kind, p.address, p.phone) for p in written] == [
        (i, f"Người {n}", 1950 + n % 50, PersonKind.INDIVIDUAL, "Thôn 1, xã Ia Nhin", None)
        for n, i in enumerate(ids)
    ]


def test_one_of_many_values_is_one_parameter(session, make_organisation):
    from registry.bulk import one_of
    from registry.models import Organisation

    orgs = [make_organisation(name=f"HTX Một Trong {n}") for n in range(3)]
    connection = session.connection()

    def found(column, values) -> set:
        return set(
            session.scalars(select(Organisation.id).where(one_of(connection, column, values)))
        )

    assert found(Organisation.id, [orgs[0].id, orgs[2].id, 10**6]) == {orgs[0].id, orgs[2].id}
    assert found(Organisation.name, ["HTX Một Trong 1", "không có", "Ḥ'Blơh"]) == {orgs[1].id}
    assert found(Organisation.name, {orgs[2].name}) == {orgs[2].id}
    assert found(Organisation.id, []) == set()
    many = [str(n) for n in range(100_000)] + [orgs[1].name]
    assert found(Organisation.name, many) == {orgs[1].id}
