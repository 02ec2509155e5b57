"""What the database refuses on its own, whatever path writes the row."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, StatementError

from registry.models import Debt


def _insert_org(session, **values):
    row = dict(
        org_type="cooperative",
        name="HTX",
        name_key="htx",
        governing_law="2012",
        sector="agriculture",
        not_reorganized=False,
        lost_seal=False,
        lost_certificate=False,
        created_at="2025-01-01 00:00:00",
        updated_at="2025-01-01 00:00:00",
    )
    row.update(values)
    columns = ", ".join(row)
    params = ", ".join(f":{c}" for c in row)
    session.execute(text(f"INSERT INTO organisation ({columns}) VALUES ({params})"), row)


def test_a_valid_row_goes_in(session):
    _insert_org(session)


@pytest.mark.parametrize(
    "values",
    [
        {"org_type": "company"},
        {"sector": "mining"},
        {"governing_law": "1996"},
        {"charter_capital_vnd": -1},
        {"tax_code": "123"},
        {"founded_on": "2020-01-01"},  # a date without its precision
    ],
)
def test_invalid_values_are_refused_by_the_database(session, values):
    with pytest.raises(IntegrityError):
        _insert_org(session, **values)


def test_an_unknown_enum_value_is_refused_before_it_reaches_the_database(
    session, make_organisation
):
    org = make_organisation()
    session.add(
        Debt(
            organisation_id=org.id,
            direction="sideways",
            counterparty="bank",
            outstanding_vnd=1,
            as_of="2024-01-01",
            state="outstanding",
        )
    )
    with pytest.raises(StatementError):
        session.flush()


def test_a_second_active_membership_of_the_same_person_is_refused(
    session, make_organisation, make_person
):
    from datetime import date

    from registry.enums import MemberType
    from registry.models import Membership

    org, person = make_organisation(), make_person()

    def join(**values):
        session.add(
            Membership(
                organisation_id=org.id,
                person_id=person.id,
                member_type=MemberType.OFFICIAL,
                **values,
            )
        )
        session.flush()

    join(joined_on=date(2010, 1, 1), left_on=date(2015, 1, 1))  # left: may join again
    join(joined_on=date(2016, 1, 1))
    with pytest.raises(IntegrityError), session.begin_nested():
        join(joined_on=date(2020, 1, 1))
