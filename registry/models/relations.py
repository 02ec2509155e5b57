"""Relationships between the tables, declared once all classes exist (they span modules).

SQLModel cannot resolve ``list["X"]`` relationship annotations under postponed evaluation, so
relationships are added to the mappers here and registered with SQLModel, which then lets
instances assign them like declared ones. Children an organisation owns are deleted with it (the
foreign keys cascade too); status events are read-only here, since only the status service may
add them.
"""

from sqlalchemy.orm import relationship
from sqlmodel.main import RelationshipInfo

from registry.models.cases import CaseDocument, CaseStep, DebtSettlement, DissolutionCase
from registry.models.finance import AnnualFigures, Asset, Debt
from registry.models.organisations import Organisation, StatusEvent
from registry.models.people import Contribution, Membership, Person
from registry.models.units import AdminUnit

_OWNED = {"cascade": "all, delete-orphan", "passive_deletes": True}


def _relate(cls: type, name: str, **kwargs) -> None:
    setattr(cls, name, relationship(**kwargs))
    cls.__sqlmodel_relationships__[name] = RelationshipInfo()


_relate(AdminUnit, "parent", argument=AdminUnit, remote_side=AdminUnit.id)

_relate(Organisation, "unit", argument=AdminUnit, foreign_keys=Organisation.unit_id)
_relate(Organisation, "legacy_unit", argument=AdminUnit, foreign_keys=Organisation.legacy_unit_id)
_relate(
    Organisation,
    "memberships",
    argument=Membership,
    order_by=Membership.id,
    back_populates="organisation",
    **_OWNED,
)
_relate(
    Organisation, "debts", argument=Debt, order_by=Debt.id, back_populates="organisation", **_OWNED
)
_relate(
    Organisation,
    "assets",
    argument=Asset,
    order_by=Asset.id,
    back_populates="organisation",
    **_OWNED,
)
_relate(
    Organisation, "annual_figures", argument=AnnualFigures, order_by=AnnualFigures.year, **_OWNED
)
_relate(
    Organisation,
    "status_events",
    argument=StatusEvent,
    order_by=(StatusEvent.effective_on, StatusEvent.id),
    viewonly=True,
)

_relate(Membership, "organisation", argument=Organisation, back_populates="memberships")
_relate(Membership, "person", argument=Person, back_populates="memberships")
_relate(Membership, "contributions", argument=Contribution, order_by=Contribution.on, **_OWNED)
_relate(Person, "memberships", argument=Membership, order_by=Membership.id, back_populates="person")
_relate(Debt, "organisation", argument=Organisation, back_populates="debts")
_relate(Debt, "secured_by", argument=Asset)
_relate(Asset, "organisation", argument=Organisation, back_populates="assets")
_relate(Debt, "settlements", argument=DebtSettlement, order_by=DebtSettlement.on, **_OWNED)
_relate(DissolutionCase, "organisation", argument=Organisation)
_relate(DissolutionCase, "steps", argument=CaseStep, order_by=CaseStep.id, **_OWNED)
_relate(DissolutionCase, "documents", argument=CaseDocument, order_by=CaseDocument.id, **_OWNED)
_relate(AnnualFigures, "organisation", argument=Organisation, viewonly=True)
