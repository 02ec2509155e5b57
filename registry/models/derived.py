"""Columns derived from others (search keys, last-change time), kept in step whatever ORM path
writes the row. Bulk Core inserts (demo data) call the same key functions themselves."""

from __future__ import annotations

from sqlalchemy import event

from registry.models.base import utcnow
from registry.models.organisations import Organisation
from registry.models.people import Person
from registry.text import search_key


def organisation_key(name: str, director_name: str | None, tax_code: str | None) -> str:
    return search_key(name, director_name, tax_code)[:255]


def person_key(full_name: str) -> str:
    return search_key(full_name)[:200]


@event.listens_for(Organisation, "before_insert")
@event.listens_for(Organisation, "before_update")
def _organisation_key(_mapper, _connection, target: Organisation) -> None:
    target.name_key = organisation_key(target.name, target.director_name, target.tax_code)


@event.listens_for(Organisation, "before_update")
def _organisation_touched(_mapper, _connection, target: Organisation) -> None:
    target.updated_at = utcnow()


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _person_key(_mapper, _connection, target: Person) -> None:
    target.name_key = person_key(target.full_name)
