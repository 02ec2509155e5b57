"""Importing members: each row a person (found by ID number, else by name and birth year in
the same cooperative), their membership of a cooperative already in the registry, and their
contribution, through the services that apply the capital cap."""

from __future__ import annotations

from operator import itemgetter

from sqlalchemy import func, select
from sqlmodel import Session

from importers.members import clean_table
from importers.messages import Said
from importers.names import GENERIC_WORDS, canonical_name, match_key
from importers.organisations import NOTE_IN_NAME
from importers.results import TAX_CODE_ELSEWHERE, UNKNOWN_COOPERATIVE, Kind, Outcome, Plan, Reading
from importers.values import AT_FOUNDING
from registry.bulk import insert_columns, next_ids, one_of
from registry.enums import ContributionKind, MemberType
from registry.models import (
    Contribution,
    ImportBatch,
    ImportChange,
    Membership,
    Organisation,
    Person,
)
from registry.models.base import utcnow
from registry.models.derived import person_key
from registry.scope import Scope
from registry.services import members as members_service
from registry.services import rule_sets
from registry.services.batches import snapshot
from registry.text import search_key, thousands


def _organisation(
    session: Session, name: str | None, cache: dict, scope: Scope | None
) -> tuple[Organisation | None, int, bool]:
    """The organisation a name designates, how many bear that name (with two or more, none
    is chosen), and whether only its own words matched (:func:`_named`); failing the name as
    written, the name without a note in brackets after it (``HTX DV TH Chư Sê (TT Chư
    Sê)``). Only organisations in the user's area (``scope``) are looked at."""
    if name not in cache:
        found, loose = _named(session, name, scope)
        if not found and name and (m := NOTE_IN_NAME.search(name)):
            found, loose = _named(session, name[: m.start()], scope)
        cache[name] = (found[0] if len(found) == 1 else None, len(found), loose)
    return cache[name]


def _named(session: Session, name: str | None, scope) -> tuple[list[Organisation], bool]:
    """The organisations bearing a name, and whether only their own words matched: type
    and sector words in any order and however abbreviated (``HTX NNDV``), diacritics folded;
    failing that, the words that are not type or sector words (``HTX Tâm An`` for ``Hợp tác
    xã Nông nghiệp Tâm An``), then those words written together (``ChưSê``, ``IaBlang``),
    when one organisation alone has them."""
    words = search_key(name).split() if name else []
    if not words:  # a name of signs alone ("…", "-") names no one
        return [], False
    key = match_key(canonical_name(name))
    where = scope.organisation_filter() if scope is not None else None

    def candidates(condition) -> list[Organisation]:
        query = select(Organisation).where(condition)
        return session.scalars(query if where is None else query.where(where)).all()

    named = candidates(Organisation.name_key.like(f"%{words[-1]}%"))
    found = [o for o in named if match_key(o.name) == key]
    own = _own_words(key)
    if found or not own:
        return found, False
    found = [o for o in named if _own_words(match_key(o.name)) == own]
    if not found:
        glued = "".join(_own_words(search_key(canonical_name(name)), in_order=True))
        spaced = func.replace(Organisation.name_key, " ", "")
        found = [
            o
            for o in candidates(spaced.like(f"%{glued}%"))
            if "".join(_own_words(search_key(o.name), in_order=True)) == glued
        ]
    return found, len(found) == 1


def _own_words(key: str, *, in_order: bool = False) -> list[str]:
    """The words of a name's key that are not type or sector words: sorted, or in order."""
    own = [w for w in key.split() if w not in GENERIC_WORDS]
    return own if in_order else sorted(own)


def _prefetch(session: Session, rows) -> tuple[dict, dict, set]:
    """Organisations by tax code, persons by ID number, and the active (person, organisation)
    memberships among them: three queries for the whole file, not three per row."""
    connection = session.connection()
    tax_codes = {r.fields["coop_tax_code"] for r in rows if r.fields.get("coop_tax_code")}
    ids = {r.fields["id_number"] for r in rows if r.fields.get("id_number")}
    organisations = {
        o.tax_code: o
        for o in session.scalars(
            select(Organisation).where(one_of(connection, Organisation.tax_code, tax_codes))
        )
    }
    persons = dict(
        session.execute(
            select(Person.id_number, Person.id).where(one_of(connection, Person.id_number, ids))
        ).all()
    )
    active = set(
        session.execute(
            select(Membership.person_id, Membership.organisation_id).where(
                one_of(connection, Membership.person_id, persons.values()),
                Membership.left_on.is_(None),
            )
        ).all()
    )
    return organisations, persons, active


def _person(
    session: Session, fields: dict, org_id: int, persons: dict, active: set, members: dict
) -> tuple[int | None, bool]:
    """The person a row names, and whether they are an active member of organisation
    ``org_id`` already: by
    ID number, else by name and birth year among the cooperative's members (past ones too:
    a person who left and comes back is the same person). ``members`` keeps each
    cooperative's members by name and birth year, read once."""
    if fields["id_number"]:
        person_id = persons.get(fields["id_number"])
        return person_id, (person_id, org_id) in active
    if org_id not in members:
        known: dict[tuple, tuple[int, bool]] = {}
        for person_id, key, born, left_on in session.execute(
            select(Person.id, Person.name_key, Person.birth_year, Membership.left_on)
            .join(Membership, Membership.person_id == Person.id)
            .where(Membership.organisation_id == org_id)
            .order_by(Membership.left_on.is_not(None).desc(), Membership.id.desc())
        ):
            known[key, born] = (person_id, left_on is None)  # the active, earliest one wins
        members[org_id] = known
    return members[org_id].get(
        (search_key(fields["full_name"]), fields["birth_year"]), (None, False)
    )


def _cooperative(session: Session, f: dict, outcome: Outcome, by_tax_code, by_name, scope):
    """The row's cooperative, by its tax code, else by its name in the area; None (the
    outcome told why) when none or several answer."""
    namesakes, loose = 0, False
    if f["coop_tax_code"]:
        org = by_tax_code.get(f["coop_tax_code"])
    else:
        org, namesakes, loose = _organisation(session, f["coop_name"], by_name, scope)
    if loose:
        outcome.issues.append("cooperative_by_own_words")
    if org is None:
        outcome.reasons.append(
            UNKNOWN_COOPERATIVE
            if namesakes < 2
            else Said(
                f"{namesakes} tổ chức cùng tên «{f['coop_name']}»: hãy ghi mã số thuế "
                "của hợp tác xã để biết là tổ chức nào.",
                f"{namesakes} organisations are called '{f['coop_name']}': give the "
                "cooperative's tax code to tell which.",
            )
        )
    return org


def plan(session: Session, reading: Reading) -> list[Outcome]:
    """Each member row: a new person and membership (with its contribution), a member
    already on the register (unchanged), or rejected — its cooperative unknown, outside the
    area, or the contribution over the cap. The per-row loop stays whole on purpose: it runs
    100,000 times for a large list, with the verdicts per cooperative cached across rows."""
    parts, scope, tick = reading.parts, reading.scope, reading.tick
    outcomes: list[Outcome] = []
    seen: dict = {}  # ID numbers per cooperative over the whole file
    members: dict = {}  # per cooperative, its members by name and birth year (``_person``)
    rows = [
        row
        for sheet, tables in parts
        for table in tables
        for row in clean_table(table, sheet.name, seen)
    ]
    by_tax_code, persons, active = _prefetch(session, [r for r in rows if not r.problems])
    by_name: dict = {}
    rule_set = rule_sets.current(session)
    # per cooperative and kind of person: in scope, capital cap
    verdicts: dict[tuple, tuple[bool, int | None]] = {}
    for row in rows:
        f = row.fields
        outcome = Outcome(
            sheet=row.sheet,
            row=row.row,
            action="rejected",
            name=f.get("full_name"),
            issues=row.issues,  # an unknown word flags the row for review
            reasons=[p.message() for p in row.problems],
        )
        outcomes.append(outcome)
        tick()
        if row.problems:
            continue
        org = _cooperative(session, f, outcome, by_tax_code, by_name, scope)
        if org is None:
            continue
        org_id = org.id  # read once: an ORM attribute costs a call each time
        if (org_id, f["kind"]) not in verdicts:
            verdicts[org_id, f["kind"]] = (
                scope is None or scope.allows(org),
                members_service.cap_vnd(org, f["kind"], rule_set),
            )
        in_scope, cap = verdicts[org_id, f["kind"]]
        if not in_scope:  # a tax code held outside the area: the organisation is not named
            outcome.reasons.append(TAX_CODE_ELSEWHERE)
            continue
        if f["joined"] == AT_FOUNDING:  # "Sáng lập": the day the cooperative was founded
            f["joined"] = (org.founded_on, org.founded_precision) if org.founded_on else None
            outcome.issues.append("joined_at_founding")
        person_id, member_already = _person(session, f, org_id, persons, active, members)
        outcome.organisation_id = org_id
        f["organisation_id"], f["person_id"] = org_id, person_id
        outcome.values = f
        if f["left"] is not None and _departure(session, f, outcome, member_already):
            continue
        if member_already:
            outcome.action = "unchanged"
            continue
        capital = f["capital_vnd"] or 0
        if capital and cap is not None and capital > cap:
            amounts = f"{thousands(capital)} ₫ / {thousands(cap)} ₫"
            outcome.reasons.append(
                Said(
                    f"Vốn góp vượt mức tối đa của một thành viên ({amounts}).",
                    f"The contribution exceeds one member's maximum ({amounts}).",
                )
            )
            continue
        if capital and f["member_type"] == MemberType.ASSOCIATE:
            outcome.issues.append("capital_of_non_contributing_member_ignored")
        outcome.action = "new"
    return outcomes


#: A departure dated before the joining it ends.
LEFT_BEFORE_JOINING = Said(
    "Ngày ra khỏi HTX phải sau ngày gia nhập.",
    "The leaving date must not precede the joining date.",
)


def _departure(session: Session, f: dict, outcome: Outcome, member_already: bool) -> bool:
    """A row saying when the member left (``Ngày ra khỏi HTX``): a member already on the
    register leaves that day (their membership updated; the history stays), a new one is
    recorded as a past member, never counted as a member after that day. A departure before
    the joining is refused. True when the row is settled here."""
    left = f["left"][0]
    joined = f["joined"][0] if f["joined"] else None
    if member_already:
        membership = session.scalars(
            select(Membership).where(
                Membership.person_id == f["person_id"],
                Membership.organisation_id == f["organisation_id"],
                Membership.left_on.is_(None),
            )
        ).one()
        joined, f["membership_id"] = membership.joined_on, membership.id
    if joined is not None and left < joined:
        outcome.reasons.append(LEFT_BEFORE_JOINING)
        return True
    if member_already:
        outcome.action = "update"
        outcome.changes = {"left_on": [None, left.isoformat()]}
    return member_already


#: What the commit writes of each new member row, read off the rows once, in file order.
_WRITTEN = (
    "organisation_id",
    "person_id",
    "full_name",
    "kind",
    "id_number",
    "birth_year",
    "phone",
    "address",
    "member_type",
    "joined",
    "left",
    "capital_vnd",
    "contributed_on",
)


def _persons(connection, column: dict[str, list], order: list[int]) -> tuple[dict, list, list]:
    """The persons to insert, by column: one per ID number, or per row without one, from the
    first of its rows in the file (``order[k]``: the file position of row ``k``). Also the
    row each is taken from, and each row's person: one already in the registry, or one of
    these, given ids in the order of the rows."""
    first: dict = {}  # a person → the row they are taken from
    keys = []
    for k, (person_id, id_number) in enumerate(
        zip(column["person_id"], column["id_number"], strict=True)
    ):
        key = None if person_id is not None else id_number or -1 - k
        keys.append(key)
        if key is not None and (key not in first or order[k] < order[first[key]]):
            first[key] = k
    taken = sorted(first.values())
    ids = next_ids(connection, Person.__table__, len(taken))
    given = dict(zip(taken, ids, strict=True))
    person_of = [
        person_id if key is None else given[first[key]]
        for person_id, key in zip(column["person_id"], keys, strict=True)
    ]
    names = [column["full_name"][k] for k in taken]
    folded = {name: person_key(name) for name in set(names)}  # names repeat: each folded once
    persons = {
        "id": ids,
        "full_name": names,
        "name_key": list(map(folded.__getitem__, names)),
        **{
            name: [column[name][k] for k in taken]
            for name in ("kind", "id_number", "birth_year", "phone", "address")
        },
    }
    return persons, taken, person_of


def commit(session: Session, plan_: Plan, batch: ImportBatch) -> None:
    """Bulk writes by column (:mod:`registry.bulk`): the rules (one membership per person and
    cooperative, the capital cap) were applied row by row in the plan; a hundred thousand ORM
    objects would not fit the time."""
    connection = session.connection()
    new = [o for o in plan_.outcomes if o.action == "new"]
    if new:
        _write_new(connection, plan_, batch, new)
    for outcome in plan_.outcomes:
        if outcome.action == "update":
            _leave(session, outcome, batch)


def _write_new(connection, plan_: Plan, batch: ImportBatch, new: list[Outcome]) -> None:
    """The new rows' persons, memberships, contributions and change rows."""
    # Written cooperative by cooperative, ids given in that order: each index on the
    # cooperative then takes its entries one after the other, not scattered over it as in a
    # list mixing cooperatives (measured: a fifth off the writes). The rows' values are read
    # in file order, then sorted (read out of order, from all over memory, they took longer
    # than the writing saved).
    pick = itemgetter(*_WRITTEN)
    picked = sorted(
        [(*pick(o.values), o.sheet, o.row, k) for k, o in enumerate(new)], key=itemgetter(0)
    )
    *values, sheets, rows, order = map(list, zip(*picked, strict=True))
    column = dict(zip(_WRITTEN, values, strict=True))
    persons, taken, person_of = _persons(connection, column, order)
    membership_ids = next_ids(connection, Membership.__table__, len(new))
    joined = [day[0] if day else None for day in column["joined"]]
    paid_on = column["contributed_on"]  # "Ngày góp vốn", else the joining, else the list's day
    paid = [
        k
        for k, (capital, kind) in enumerate(
            zip(column["capital_vnd"], column["member_type"], strict=True)
        )
        if capital and kind != MemberType.ASSOCIATE
    ]
    contribution_ids = next_ids(connection, Contribution.__table__, len(paid))
    insert_columns(connection, Person.__table__, persons, {"created_at": utcnow()})
    insert_columns(
        connection,
        Membership.__table__,
        {
            "id": membership_ids,
            "organisation_id": column["organisation_id"],
            "person_id": person_of,
            "member_type": column["member_type"],
            "joined_on": joined,
            "left_on": [day[0] if day else None for day in column["left"]],
        },
    )
    insert_columns(
        connection,
        Contribution.__table__,
        {
            "id": contribution_ids,
            "membership_id": [membership_ids[k] for k in paid],
            "amount_vnd": [column["capital_vnd"][k] for k in paid],
            "on": [day[0] if (day := paid_on[k]) else joined[k] or plan_.as_of for k in paid],
            "note": [f"Nhập từ tệp {plan_.file_name}, dòng {rows[k]}" for k in paid],
        },
        {"kind": ContributionKind.CONTRIBUTION},
    )
    # The batch's change rows are the field-level trail (one audit entry for the batch):
    # each record's source row and organisation, for undo and for the record's history.
    sources = [*taken, *range(len(new)), *paid]
    organisations = column["organisation_id"]
    insert_columns(
        connection,
        ImportChange.__table__,
        {
            "table_name": ["person"] * len(taken)
            + ["membership"] * len(new)
            + ["contribution"] * len(paid),
            "record_id": [*persons["id"], *membership_ids, *contribution_ids],
            "organisation_id": [organisations[k] for k in sources],
            "sheet": [sheets[k] for k in sources],
            "row": [rows[k] for k in sources],
            "version_after": [1] * (len(taken) + len(new)) + [None] * len(paid),  # as inserted
        },
        {"batch_id": batch.id, "action": "create"},
    )


def _leave(session: Session, outcome: Outcome, batch: ImportBatch) -> None:
    """A member on the register leaves on the day the row says, by the membership rules of
    :mod:`registry.services.members`; the change row keeps what undo puts back."""
    membership = session.get(Membership, outcome.values["membership_id"])
    membership.left_on = outcome.values["left"][0]
    members_service.check_membership(session, membership)
    session.add(membership)
    session.flush()
    session.add(
        ImportChange(
            batch_id=batch.id,
            table_name="membership",
            record_id=membership.id,
            organisation_id=outcome.organisation_id,
            sheet=outcome.sheet,
            row=outcome.row,
            action="update",
            before={"left_on": None},
            after=snapshot(membership),
        )
    )


KIND = Kind(
    name="members",
    label=Said("Danh sách thành viên", "List of members"),
    every_sheet=True,
    plan=plan,
    commit=commit,
)
