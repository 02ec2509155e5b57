"""Importing members: each row a person (found by ID number, else by name and birth year in
the same cooperative), their membership of a cooperative already in the registry, and their
contribution, through the services that apply the capital cap."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session

from importers.members import clean_table
from importers.run import Outcome, Plan, Refused
from registry import rules
from registry.enums import ContributionKind, MemberType
from registry.models import (
    Contribution,
    ImportBatch,
    ImportChange,
    Membership,
    Organisation,
    Person,
)
from registry.services.errors import DomainError
from registry.services.members import contribute, find_or_create_person, join
from registry.text import search_key


def _organisation(session: Session, tax_code: str | None, name: str | None, cache: dict):
    key = (tax_code, name)
    if key not in cache:
        org = None
        if tax_code:
            org = session.scalar(select(Organisation).where(Organisation.tax_code == tax_code))
        if org is None and name:
            wanted = sorted(search_key(name).split())
            found = [
                o
                for o in session.scalars(
                    select(Organisation).where(
                        Organisation.name_key.like(f"%{search_key(name).split()[-1]}%")
                    )
                )
                if sorted(search_key(o.name).split()) == wanted
            ]
            org = found[0] if len(found) == 1 else None
        cache[key] = org
    return cache[key]


def _person(session: Session, fields: dict, org: Organisation) -> Person | None:
    if fields["id_number"]:
        return session.scalar(select(Person).where(Person.id_number == fields["id_number"]))
    return session.scalar(
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(
            Membership.organisation_id == org.id,
            Person.name_key == search_key(fields["full_name"]),
            Person.birth_year == fields["birth_year"],
        )
    )


def plan_members(session: Session, tables, sheet: str, allowed) -> list[Outcome]:
    outcomes: list[Outcome] = []
    organisations: dict = {}
    planned_capital: dict[int, int] = {}
    for table in tables:
        for row in clean_table(table, sheet):
            f = row.fields
            outcome = Outcome(
                sheet=sheet,
                row=row.row,
                action="rejected",
                name=f.get("full_name"),
                reasons=[p.message() for p in row.problems],
            )
            outcomes.append(outcome)
            if row.problems:
                continue
            org = _organisation(session, f["coop_tax_code"], f["coop_name"], organisations)
            if org is None:
                outcome.reasons.append(
                    "Hợp tác xã của dòng này chưa có trong cơ sở dữ liệu "
                    "(nhập danh sách tổ chức trước)."
                )
                continue
            if allowed is not None and not allowed(org.legacy_unit_id, org.unit_id):
                outcome.reasons.append("Tổ chức nằm ngoài địa bàn bạn phụ trách.")
                continue
            person = _person(session, f, org)
            membership = (
                session.scalar(
                    select(Membership).where(
                        Membership.person_id == person.id,
                        Membership.organisation_id == org.id,
                        Membership.left_on.is_(None),
                    )
                )
                if person
                else None
            )
            outcome.organisation_id = org.id
            outcome.values = dict(
                f, organisation_id=org.id, person_id=person.id if person else None
            )
            if membership is not None:
                outcome.action = "unchanged"
                continue
            capital = f["capital_vnd"] or 0
            if capital and org.charter_capital_vnd:
                cap = rules.capital_cap_vnd(org.charter_capital_vnd, org.governing_law)
                if capital > cap:
                    amounts = f"{capital:,} đ / {cap:,} đ".replace(",", ".")
                    outcome.reasons.append(
                        f"Vốn góp vượt mức tối đa của một thành viên ({amounts})."
                    )
                    continue
            if capital and f["member_type"] == MemberType.ASSOCIATE:
                outcome.issues.append("capital_of_non_contributing_member_ignored")
            planned_capital[org.id] = planned_capital.get(org.id, 0) + capital
            outcome.action = "new"
    return outcomes


def commit_members(session: Session, plan_: Plan, batch: ImportBatch) -> None:
    for outcome in plan_.outcomes:
        if outcome.action != "new":
            continue
        f = outcome.values
        org = session.get(Organisation, f["organisation_id"])
        existing = session.get(Person, f["person_id"]) if f["person_id"] else None
        person = existing or find_or_create_person(
            session=session,
            full_name=f["full_name"],
            id_number=f["id_number"],
            kind=f["kind"],
            birth_year=f["birth_year"],
        )
        session.flush()
        if existing is None:
            session.add(
                ImportChange(
                    batch_id=batch.id,
                    table_name="person",
                    record_id=person.id,
                    row=outcome.row,
                    action="create",
                )
            )
        joined = f["joined"][0] if f["joined"] else None
        try:
            membership = join(
                session=session,
                organisation=org,
                person=person,
                member_type=f["member_type"],
                joined_on=joined,
            )
            if f["capital_vnd"] and f["member_type"] != MemberType.ASSOCIATE:
                contribute(
                    session=session,
                    membership=membership,
                    amount_vnd=f["capital_vnd"],
                    on=joined or plan_.as_of,
                    kind=ContributionKind.CONTRIBUTION,
                    note=f"Nhập từ tệp {plan_.file_name}, dòng {outcome.row}",
                )
        except DomainError as exc:
            raise Refused(f"Dòng {outcome.row}: {exc.vi}", f"Row {outcome.row}: {exc.en}") from exc
        session.add(
            ImportChange(
                batch_id=batch.id,
                table_name="membership",
                record_id=membership.id,
                row=outcome.row,
                action="create",
            )
        )
    session.flush()


def undo_members(session: Session, batch: ImportBatch) -> None:
    """Remove the memberships (with their contributions) and the persons the batch created,
    or refuse when a membership gained ledger entries or a person joined elsewhere since."""
    changes = session.scalars(
        select(ImportChange)
        .where(ImportChange.batch_id == batch.id)
        .order_by(ImportChange.id.desc())
    ).all()
    memberships = [c for c in changes if c.table_name == "membership"]
    created_persons = {c.record_id: c for c in changes if c.table_name == "person"}
    for change in memberships:
        entries = session.scalar(
            select(func.count())
            .select_from(Contribution)
            .where(Contribution.membership_id == change.record_id)
        )
        if entries > 1:
            raise Refused(
                f"Không hoàn tác được lô #{batch.id}: thành viên ở dòng {change.row} "
                "đã có thêm bút toán góp vốn sau khi nhập.",
                f"Batch #{batch.id} cannot be undone: the member of row {change.row} "
                "has ledger entries made after the import.",
            )
    batch_memberships = {c.record_id for c in memberships}
    for person_id, change in created_persons.items():
        others = session.scalar(
            select(func.count())
            .select_from(Membership)
            .where(Membership.person_id == person_id, Membership.id.not_in(batch_memberships))
        )
        if others:
            raise Refused(
                f"Không hoàn tác được lô #{batch.id}: người ở dòng {change.row} đã "
                "tham gia tổ chức khác sau khi nhập.",
                f"Batch #{batch.id} cannot be undone: the person of row {change.row} "
                "joined another organisation after the import.",
            )
    for change in memberships:
        membership = session.get(Membership, change.record_id)
        if membership is not None:
            session.delete(membership)
    session.flush()
    for person_id in created_persons:
        person = session.get(Person, person_id)
        if person is not None:
            session.delete(person)
    session.flush()
