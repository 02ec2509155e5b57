"""What officers find organisations doing, recorded apart from the legal status, and the
Alliance's support log."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from registry.bulk import one_of
from registry.enums import ObservationSource, OperatingState, SupportKind
from registry.models import Observation, Organisation, SupportEntry, User
from registry.scope import Scope, outside_area
from registry.services.errors import DomainError


def _not_future(day: date, field: str) -> None:
    if day > date.today():
        raise DomainError(
            "Ngày không được ở tương lai.", "The date cannot be in the future.", field=field
        )


def record_observation(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    organisation: Organisation,
    observed_on: date,
    state: OperatingState,
    source: ObservationSource,
    note: str | None = None,
) -> Observation:
    """A dated finding (operating, weakly, not operating, not at its address) with its
    source. The legal status stays as it is: only a decision changes that."""
    if not scope.can_record_status:
        raise DomainError(
            "Vai trò của bạn không ghi nhận tình trạng hoạt động.",
            "Your role does not record operating states.",
        )
    if not scope.allows(organisation):
        raise outside_area()
    _not_future(observed_on, "observed_on")
    observation = Observation(
        organisation_id=organisation.id,
        observed_on=observed_on,
        state=state,
        source=source,
        note=(note or "").strip() or None,
        recorded_by_id=user.id if user is not None else None,
    )
    session.add(observation)
    session.flush()
    return observation


def record_support(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    organisation: Organisation,
    given_on: date,
    kind: SupportKind,
    note: str | None = None,
) -> SupportEntry:
    """Help the Cooperative Alliance gave (training, legal advice, a dissolution dossier, a
    loan from its fund…)."""
    if not scope.can_record_support:
        raise DomainError(
            "Chỉ Liên minh HTX ghi nhận hỗ trợ.", "Only the Cooperative Alliance records support."
        )
    if not scope.allows(organisation):
        raise outside_area()
    _not_future(given_on, "given_on")
    entry = SupportEntry(
        organisation_id=organisation.id,
        given_on=given_on,
        kind=kind,
        note=(note or "").strip() or None,
        recorded_by_id=user.id if user is not None else None,
    )
    session.add(entry)
    session.flush()
    return entry


def latest_states(session: Session, organisation_ids: list[int]) -> dict[int, Observation]:
    """The latest finding of each organisation (for a list page or an export), however many
    are asked for (:func:`registry.bulk.one_of`)."""
    latest: dict[int, Observation] = {}
    for found in session.scalars(
        select(Observation)
        .where(one_of(session.connection(), Observation.organisation_id, organisation_ids))
        .order_by(Observation.organisation_id, Observation.observed_on, Observation.id)
    ):
        latest[found.organisation_id] = found
    return latest
