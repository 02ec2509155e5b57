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
