"""Everything the registry holds about one organisation, gathered for its file page (hồ sơ)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import request
from sqlalchemy import case, func, select

from admin.extensions import db
from admin.views.base import folded_match
from registry import rules
from registry.enums import (
    AssetKind,
    AuditAction,
    CaseStage,
    ContributionKind,
    DebtDirection,
    LandCertificate,
)
from registry.models import (
    AuditEntry,
    CaseDocument,
    Contribution,
    DissolutionCase,
    ImportBatch,
    ImportChange,
    Membership,
    Observation,
    Organisation,
    Person,
    StatusEvent,
    SupportEntry,
    User,
)
from registry.services import batches, candidates, rule_sets

#: Members per page of the file's members tab; the latest capital ledger entries shown.
MEMBER_PAGE, LEDGER_LIMIT = 50, 100
#: The latest changes the file shows; the older ones are in the audit log and batch pages.
HISTORY_LIMIT = 50
IDENTITY = (
    "org_type",
    "name",
    "tax_code",
    "legacy_certificate_no",
    "legacy_certificate_on",
    "governing_law",
    "sector",
    "main_product",
    "founded_on",
    "registered_on",
    "legacy_unit",
    "unit",
    "address",
    "director_name",
    "phone",
    "email",
    "charter_capital_vnd",
    "charter_amended_on",
    "not_reorganized",
    "lost_seal",
    "lost_seal_on",
    "lost_certificate",
    "lost_certificate_on",
    "notes",
)


def context(organisation: Organisation) -> dict[str, Any]:
    session = db.session
    oid = organisation.id
    users = dict(session.execute(select(User.id, User.full_name)).all())

    timeline = session.scalars(
        select(StatusEvent)
        .where(StatusEvent.organisation_id == oid)
        .order_by(StatusEvent.effective_on, StatusEvent.id)
    ).all()

    signed = case(
        (Contribution.kind == ContributionKind.WITHDRAWAL, -Contribution.amount_vnd),
        else_=Contribution.amount_vnd,
    )
    balances = (
        select(Contribution.membership_id, func.sum(signed).label("balance"))
        .join(Membership, Membership.id == Contribution.membership_id)
        .where(Membership.organisation_id == oid)
        .group_by(Contribution.membership_id)
        .subquery()
    )
    # Ordered by an expression on the name, not the bare column: given the column, SQLite
    # prefers walking the whole person index (a million rows) to sorting this organisation's
    # few hundred memberships.
    search = request.args.get("members", "").strip()[:100]
    page = min(max(request.args.get("member_page", 0, type=int), 0), 10**6)
    listed = (
        select(Membership, Person, balances.c.balance)
        .join(Person, Person.id == Membership.person_id)
        .outerjoin(balances, balances.c.membership_id == Membership.id)
        .where(Membership.organisation_id == oid)
    )
    if search:
        digits = search.replace(" ", "")
        listed = listed.where(
            Person.id_number.like(f"{digits}%")
            if digits.isdigit()
            else folded_match(Person.name_key, search)
        )
    member_found = session.scalar(select(func.count()).select_from(listed.subquery()))
    members = session.execute(
        listed.order_by(Membership.left_on.is_not(None), Person.name_key.concat(""))
        .offset(page * MEMBER_PAGE)
        .limit(MEMBER_PAGE)
    ).all()
    member_total = session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.organisation_id == oid, Membership.left_on.is_(None))
    )
    ledger = session.execute(
        select(Contribution, Person.full_name)
        .join(Membership, Membership.id == Contribution.membership_id)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.organisation_id == oid)
        .order_by(Contribution.on.desc(), Contribution.id.desc())
        .limit(LEDGER_LIMIT + 1)
    ).all()
    capital = session.scalar(
        select(func.coalesce(func.sum(signed), 0))
        .join(Membership, Membership.id == Contribution.membership_id)
        .where(Membership.organisation_id == oid)
    )

    rule_set = rule_sets.current(session)
    figures = [
        (
            f,
            rules.scale_class(
                organisation.sector,
                f.members_total,
                f.revenue_vnd,
                f.charter_capital_vnd,
                rule_set,
            ),
        )
        for f in organisation.annual_figures
    ]

    debt_totals: dict[DebtDirection, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for debt in organisation.debts:
        debt_totals[debt.direction][debt.counterparty] += debt.outstanding_vnd
        debt_totals[debt.direction]["_all"] += debt.outstanding_vnd

    land = [a for a in organisation.assets if a.kind == AssetKind.LAND]
    history = _history(session, oid)
    observations = session.scalars(
        select(Observation)
        .where(Observation.organisation_id == oid)
        .order_by(Observation.observed_on.desc(), Observation.id.desc())
    ).all()
    cases = session.scalars(
        select(DissolutionCase)
        .where(DissolutionCase.organisation_id == oid)
        .order_by(DissolutionCase.id.desc())
    ).all()
    documents: dict[int, list[CaseDocument]] = {}
    for document in session.scalars(
        select(CaseDocument)
        .where(CaseDocument.case_id.in_([c.id for c in cases]))
        .order_by(CaseDocument.id)
    ):
        documents.setdefault(document.case_id, []).append(document)
    return {
        "organisation": organisation,
        "observation": observations[0] if observations else None,
        "documents": documents,
        "observations": observations,
        "cases": cases,
        "running_case": any(c.stage != CaseStage.CLOSED for c in cases),
        "support": session.scalars(
            select(SupportEntry)
            .where(SupportEntry.organisation_id == oid)
            .order_by(SupportEntry.given_on.desc(), SupportEntry.id.desc())
        ).all(),
        "findings": candidates.findings_for(session, oid, date.today(), rule_set),
        "identity": IDENTITY,
        "timeline": timeline,
        "members": members,
        "member_total": member_total,
        "member_search": search,
        "member_found": member_found,
        "member_page": page,
        "member_pages": -(-member_found // MEMBER_PAGE),
        "ledger": ledger[:LEDGER_LIMIT],
        "ledger_more": len(ledger) > LEDGER_LIMIT,
        "capital": capital,
        "figures": figures,
        "debts": organisation.debts,
        "debt_totals": {k: dict(v) for k, v in debt_totals.items()},
        "assets": organisation.assets,
        "land_area": sum(a.area_m2 or 0 for a in land),
        "uncertified_area": sum(
            a.area_m2 or 0 for a in land if a.land_certificate != LandCertificate.ISSUED
        ),
        "history": history[:HISTORY_LIMIT],
        "history_more": len(history) > HISTORY_LIMIT,
        "users": users,
        "allowed_next": rules.allowed_next(organisation.current_status),
    }


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One change in an organisation's history: an audit entry, or a change row of an import
    batch (which is audited as one entry; its change rows are the field-level trail)."""

    at: datetime
    user_id: int | None
    action: AuditAction
    table_name: str
    record_id: str | None
    changes: dict | None
    batch: ImportBatch | None = None
    row: int | None = None


def _history(session, oid: int) -> list[HistoryEntry]:
    """The organisation's latest changes, newest first: its audit entries and the change rows
    of the import batches that wrote its records."""
    audited = [
        HistoryEntry(e.at, e.user_id, e.action, e.table_name, e.record_id, e.changes)
        for e in session.scalars(
            select(AuditEntry)
            .where(AuditEntry.organisation_id == oid)
            .order_by(AuditEntry.id.desc())
            .limit(HISTORY_LIMIT + 1)
        )
    ]
    imported = [
        HistoryEntry(
            batch.created_at,
            batch.user_id,
            AuditAction.CREATE if change.action == "create" else AuditAction.UPDATE,
            change.table_name,
            str(change.record_id),
            batches.written(change),
            batch,
            change.row,
        )
        for change, batch in session.execute(
            select(ImportChange, ImportBatch)
            .join(ImportBatch, ImportBatch.id == ImportChange.batch_id)
            .where(ImportChange.organisation_id == oid)
            .order_by(ImportChange.id.desc())
            .limit(HISTORY_LIMIT + 1)
        )
    ]
    return sorted(audited + imported, key=lambda e: e.at, reverse=True)[: HISTORY_LIMIT + 1]
