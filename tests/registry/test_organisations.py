"""Organisations and their legal status over time."""

from datetime import date, timedelta

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from registry import rules
from registry.enums import Status
from registry.models import Organisation
from registry.services.errors import DomainError
from registry.services.organisations import record_status, status_history


def test_a_new_organisation_opens_its_history_as_active(make_organisation):
    org = make_organisation()
    assert org.current_status == Status.ACTIVE


def test_history_orders_by_effective_date_and_current_status_follows_the_latest(
    session, make_organisation
):
    org = make_organisation(status_on=date(2015, 1, 1))
    record_status(
        session=session,
        organisation=org,
        status=Status.AWAITING_DISSOLUTION,
        effective_on=date(2023, 5, 1),
        decision_no="12/QĐ-UBND",
        decision_on=date(2023, 4, 28),
    )
    # Recorded later, but took effect earlier: it slots in between.
    record_status(
        session=session,
        organisation=org,
        status=Status.SUSPENDED,
        effective_on=date(2022, 1, 10),
        reason="Thông báo tạm ngừng",
    )
    assert [e.status for e in status_history(session, org)] == [
        Status.ACTIVE,
        Status.SUSPENDED,
        Status.AWAITING_DISSOLUTION,
    ]
    assert org.current_status == Status.AWAITING_DISSOLUTION
    reloaded = session.exec(select(Organisation).where(Organisation.id == org.id)).one()
    assert reloaded.current_status == Status.AWAITING_DISSOLUTION
    events = [(e.effective_on, i, e.status) for i, e in enumerate(status_history(session, org))]
    assert rules.status_on(events, date(2022, 12, 31)) == Status.SUSPENDED


def test_the_status_in_force_follows_every_change_to_the_history(session, make_organisation):
    """Kept by triggers: edits and removals of events, however made, move it too."""
    from registry.models import StatusEvent

    org = make_organisation(status_on=date(2015, 1, 1))
    event = record_status(
        session=session, organisation=org, status=Status.SUSPENDED, effective_on=date(2020, 2, 1)
    )
    assert (org.current_status, org.status_since) == (Status.SUSPENDED, date(2020, 2, 1))
    event.effective_on = date(2020, 3, 1)
    session.flush()
    session.expire(org)
    assert (org.current_status, org.status_since) == (Status.SUSPENDED, date(2020, 3, 1))
    session.delete(event)
    session.flush()
    session.expire(org)
    assert (org.current_status, org.status_since) == (Status.ACTIVE, date(2015, 1, 1))
    session.connection().execute(
        StatusEvent.__table__.delete().where(StatusEvent.organisation_id == org.id)
    )
    session.expire(org)
    assert (org.current_status, org.status_since) == (None, None)


def test_same_day_events_keep_their_recording_order(session, make_organisation):
    org = make_organisation(status_on=date(2015, 1, 1))
    record_status(
        session=session, organisation=org, status=Status.SUSPENDED, effective_on=date(2024, 3, 1)
    )
    record_status(
        session=session, organisation=org, status=Status.ACTIVE, effective_on=date(2024, 3, 1)
    )
    assert org.current_status == Status.ACTIVE


def test_a_forbidden_transition_is_refused_with_a_message(session, make_organisation):
    org = make_organisation()
    with pytest.raises(DomainError) as refused:
        record_status(
            session=session,
            organisation=org,
            status=Status.DISSOLVED,
            effective_on=date(2024, 1, 1),
        )
    assert "Đang hoạt động" in refused.value.vi and "Đã giải thể" in refused.value.vi
    assert "'active' to 'dissolved'" in refused.value.en
    assert org.current_status == Status.ACTIVE


def test_a_backdated_event_that_breaks_the_chain_is_refused(session, make_organisation):
    org = make_organisation(status_on=date(2015, 1, 1))
    record_status(
        session=session,
        organisation=org,
        status=Status.AWAITING_DISSOLUTION,
        effective_on=date(2022, 1, 1),
        decision_no="3/QĐ-UBND",
        decision_on=date(2022, 1, 1),
    )
    record_status(
        session=session,
        organisation=org,
        status=Status.DISSOLVED,
        effective_on=date(2023, 1, 1),
        decision_no="9/TB-UBND",
        decision_on=date(2023, 1, 1),
    )
    with pytest.raises(DomainError):
        record_status(
            session=session,
            organisation=org,
            status=Status.SUSPENDED,
            effective_on=date(2023, 6, 1),
        )


def test_a_future_effective_date_is_refused(session, make_organisation):
    org = make_organisation()
    with pytest.raises(DomainError) as refused:
        record_status(
            session=session,
            organisation=org,
            status=Status.SUSPENDED,
            effective_on=date.today() + timedelta(days=1),
        )
    assert refused.value.field == "effective_on"


def test_tax_code_is_unique_in_the_service(make_organisation):
    make_organisation(tax_code="5900123456")
    with pytest.raises(DomainError) as refused:
        make_organisation(tax_code="5900123456")
    assert "5900123456" in refused.value.vi


def test_tax_code_must_have_ten_digits(make_organisation):
    with pytest.raises(DomainError):
        make_organisation(tax_code="59001234")


def test_the_database_itself_refuses_a_duplicate_tax_code(session, make_organisation):
    first = make_organisation(tax_code="5900123457")
    second = make_organisation()
    second.tax_code = first.tax_code
    session.add(second)
    with pytest.raises(IntegrityError):
        session.flush()


def test_several_organisations_may_lack_a_tax_code(make_organisation):
    assert make_organisation().tax_code is None
    assert make_organisation().tax_code is None


def test_search_key_is_kept_in_step_with_the_name(session, make_organisation):
    org = make_organisation(name="HTX NN Ia Grai", director_name="Lê Văn Đức")
    assert org.name_key == "hop tac xa nong nghiep ia grai le van duc"
    org.name = "Hợp tác xã Dịch vụ Ia Grai"
    session.add(org)
    session.flush()
    assert org.name_key.startswith("hop tac xa dich vu ia grai")


@pytest.mark.parametrize("status", [Status.REVOKED, Status.AWAITING_DISSOLUTION])
def test_a_decided_status_needs_its_decision_number_and_date(session, make_organisation, status):
    org = make_organisation()
    for number, day in ((None, None), ("15/QĐ-UBND", None), (None, date(2024, 1, 1))):
        with pytest.raises(DomainError) as refused:
            record_status(
                session=session,
                organisation=org,
                status=status,
                effective_on=date(2024, 1, 2),
                decision_no=number,
                decision_on=day,
            )
        assert refused.value.field == "decision_no"
        assert "quyết định" in refused.value.vi
    assert org.current_status == Status.ACTIVE
    record_status(
        session=session,
        organisation=org,
        status=status,
        effective_on=date(2024, 1, 2),
        decision_no="15/QĐ-UBND",
        decision_on=date(2024, 1, 1),
    )
    assert org.current_status == status


def test_a_document_stating_a_dissolution_without_its_decision_is_kept_for_review(
    session, make_organisation
):
    org = make_organisation()
    record_status(
        session=session,
        organisation=org,
        status=Status.AWAITING_DISSOLUTION,
        effective_on=date(2024, 1, 2),
        as_stated=True,
    )
    event = status_history(session, org)[-1]
    assert event.status == Status.AWAITING_DISSOLUTION
    assert "không ghi số, ngày quyết định: cần xem lại" in event.review_note
