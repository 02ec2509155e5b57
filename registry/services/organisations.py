"""Creating organisations and recording their legal status over time."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, select

from registry import rules
from registry.enums import DissolutionKind, Status
from registry.models import Organisation, StatusEvent, User
from registry.services.errors import DomainError
from registry.text import nfc


def create_organisation(
    *,
    session: Session,
    status: Status = Status.ACTIVE,
    status_on: date,
    recorded_by: User | None = None,
    **fields: Any,
) -> Organisation:
    """A new organisation with its first status event (by default: active from ``status_on``)."""
    fields["name"] = nfc(fields["name"])
    check_tax_code(session, fields.get("tax_code"), None)
    organisation = Organisation(**fields)
    session.add(organisation)
    session.flush()
    record_status(
        session=session,
        organisation=organisation,
        status=status,
        effective_on=status_on,
        recorded_by=recorded_by,
    )
    return organisation


def check_tax_code(session: Session, tax_code: str | None, own_id: int | None) -> None:
    """Ten digits and not used by another organisation (the database checks too; this says
    which organisation holds it)."""
    if tax_code is None:
        return
    if len(tax_code) != 10 or not tax_code.isdigit():
        raise DomainError(
            f"Mã số thuế phải gồm đúng 10 chữ số: '{tax_code}'.",
            f"A tax code has exactly 10 digits: '{tax_code}'.",
            field="tax_code",
        )
    other = session.exec(select(Organisation.id).where(Organisation.tax_code == tax_code)).first()
    if other is not None and other != own_id:
        raise DomainError(
            f"Mã số thuế {tax_code} đã thuộc về một tổ chức khác (#{other}).",
            f"Tax code {tax_code} already belongs to organisation #{other}.",
            field="tax_code",
        )


def status_history(session: Session, organisation: Organisation) -> list[StatusEvent]:
    """Events in force order: by effective date, then by the order they were recorded."""
    return list(
        session.exec(
            select(StatusEvent)
            .where(StatusEvent.organisation_id == organisation.id)
            .order_by(StatusEvent.effective_on, StatusEvent.id)
        )
    )


def record_status(
    *,
    session: Session,
    organisation: Organisation,
    status: Status,
    effective_on: date,
    reason: str | None = None,
    decision_no: str | None = None,
    decision_on: date | None = None,
    dissolution_kind: DissolutionKind | None = None,
    recorded_by: User | None = None,
) -> StatusEvent:
    """Append a status event. The whole history must stay a chain of allowed transitions,
    so an event dated before existing ones is checked against its neighbours too."""
    if effective_on > date.today():
        raise DomainError(
            "Ngày hiệu lực không được ở tương lai.",
            "The effective date cannot be in the future.",
            field="effective_on",
        )
    if decision_on is not None and decision_on > date.today():
        raise DomainError(
            "Ngày quyết định không được ở tương lai.",
            "The decision date cannot be in the future.",
            field="decision_on",
        )
    history = status_history(session, organisation)
    events = [(e.effective_on, i, e.status) for i, e in enumerate(history)]
    events.append((effective_on, len(events), status))
    bad = rules.invalid_transition(events)
    if bad is not None:
        before, after = bad
        raise DomainError(
            f"Không thể chuyển trạng thái từ «{before.label}» sang «{after.label}».",
            f"Status cannot change from '{before.value}' to '{after.value}'.",
            field="status",
        )
    event = StatusEvent(
        organisation_id=organisation.id,
        status=status,
        effective_on=effective_on,
        reason=reason,
        decision_no=decision_no,
        decision_on=decision_on,
        dissolution_kind=dissolution_kind,
        recorded_by_id=recorded_by.id if recorded_by else None,
    )
    session.add(event)
    session.flush()
    session.expire(organisation, ["current_status", "status_since"])  # set by a trigger
    return event


def status_as_of(session: Session, organisation: Organisation, day: date) -> Status | None:
    history = status_history(session, organisation)
    return rules.status_on(((e.effective_on, i, e.status) for i, e in enumerate(history)), day)
