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
    reason: str | None = None,
    decision_no: str | None = None,
    decision_on: date | None = None,
    dissolution_kind: DissolutionKind | None = None,
    recorded_by: User | None = None,
    as_stated: bool = False,
    **fields: Any,
) -> tuple[Organisation, StatusEvent]:
    """A new organisation with its first status event (by default: active from
    ``status_on``; its decision and kind of dissolution, if any), as an import creates one
    (``as_stated``: the status as the file says it, see :func:`record_status`); the form does
    the same through
    :func:`registry.services.records.save` and :func:`record_status`."""
    fields["name"] = nfc(fields["name"])
    check_tax_code(session, fields.get("tax_code"), None)
    organisation = Organisation(**fields)
    session.add(organisation)
    session.flush()
    event = record_status(
        session=session,
        organisation=organisation,
        status=status,
        effective_on=status_on,
        reason=reason,
        decision_no=decision_no,
        decision_on=decision_on,
        dissolution_kind=dissolution_kind,
        recorded_by=recorded_by,
        as_stated=as_stated,
    )
    return organisation, event


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
    as_stated: bool = False,
) -> StatusEvent:
    """Append a status event. The whole history must stay a chain of allowed transitions,
    so an event dated before existing ones is checked against its neighbours too.
    ``as_stated``: the status a document (an imported list) gives, recorded as it says even
    when the rules would want steps before it; the event then carries a review note naming
    them."""
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
    review_note = check_history(
        status_history(session, organisation), status, effective_on, as_stated=as_stated
    )
    if status in rules.DECIDED_STATUSES and not (decision_no and decision_on):
        if not as_stated:
            raise DomainError(
                f"«{status.label}» chỉ được ghi theo một quyết định: hãy nhập số và ngày "
                "quyết định.",
                f"'{status.value}' is recorded only on a decision: enter the decision's number "
                "and date.",
                field="decision_no",
            )
        missing = "tài liệu không ghi số, ngày quyết định: cần xem lại."
        review_note = (
            f"{review_note} {missing}"
            if review_note
            else f"Tài liệu ghi «{status.label}» nhưng {missing}"
        )
    event = StatusEvent(
        organisation_id=organisation.id,
        status=status,
        effective_on=effective_on,
        reason=reason,
        decision_no=decision_no,
        decision_on=decision_on,
        dissolution_kind=dissolution_kind,
        review_note=review_note,
        recorded_by_id=recorded_by.id if recorded_by else None,
    )
    session.add(event)
    session.flush()
    session.expire(organisation, ["current_status", "status_since"])  # set by a trigger
    return event


def check_history(
    history: list[StatusEvent], status: Status, effective_on: date, *, as_stated: bool = False
) -> str | None:
    """Whether ``status`` from ``effective_on`` may join ``history``: raise when it may not;
    return the review note an event recorded as a document stated it needs (the steps the
    rules would want before it), else None."""
    events = [(e.effective_on, i, e.status) for i, e in enumerate(history)]
    stated = {i for i, e in enumerate(history) if e.review_note}
    new = (effective_on, len(events), status)
    bad = rules.invalid_transition([*events, new], stated | ({new[1]} if as_stated else set()))
    if bad is not None:
        before, after = bad
        raise DomainError(
            f"Không thể chuyển trạng thái từ «{before.label}» sang «{after.label}».",
            f"Status cannot change from '{before.value}' to '{after.value}'.",
            field="status",
        )
    before = rules.status_on(events, effective_on)
    if not as_stated or rules.can_transition(before, status):
        return None
    steps = rules.missing_steps(before, status)
    between = " → ".join(f"«{s.label}»" for s in steps) if steps else "—"
    return (
        f"Tài liệu ghi «{status.label}» khi đang «{before.label}»; theo quy định cần qua "
        f"{between}: cần xem lại."
    )
