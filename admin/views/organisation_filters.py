"""List filters on what an organisation's related records say."""

from __future__ import annotations

from datetime import date

from flask_admin.contrib.sqla.filters import BaseSQLAFilter
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, exists, func, select

from admin.extensions import db
from admin.formatting import label
from registry import rules
from registry.enums import (
    AssetKind,
    DebtState,
    LandCertificate,
    ScaleClass,
    Sector,
    Status,
)
from registry.models import AnnualFigures, Asset, Debt, Organisation
from registry.services import rule_sets

OPEN_DEBT = (DebtState.OUTSTANDING, DebtState.PARTLY_SETTLED, DebtState.DISPUTED)


class _YesNoFilter(BaseSQLAFilter):
    condition = None

    def __init__(self, name) -> None:
        super().__init__(
            Organisation.id, name, options=lambda: [("1", str(_l("Yes"))), ("0", str(_l("No")))]
        )

    def apply(self, query, value, alias=None):
        condition = self.build()
        return query.filter(condition if value == "1" else ~condition)

    def operation(self):
        return ""


class OutstandingDebtFilter(_YesNoFilter):
    @staticmethod
    def build():
        return exists().where(
            Debt.organisation_id == Organisation.id,
            Debt.outstanding_vnd > 0,
            Debt.state.in_(OPEN_DEBT),
        )


class OverdueDebtFilter(_YesNoFilter):
    """A debt still open past its target date (the overview's to-do card)."""

    @staticmethod
    def build():
        return exists().where(
            Debt.organisation_id == Organisation.id,
            Debt.outstanding_vnd > 0,
            Debt.state.in_(OPEN_DEBT),
            Debt.target_on < date.today(),
        )


class MissingFiguresFilter(_YesNoFilter):
    """No annual figures for the current year yet (the overview's to-do card)."""

    @staticmethod
    def build():
        return ~exists().where(
            AnnualFigures.organisation_id == Organisation.id,
            AnnualFigures.year == date.today().year,
        )


class UncertifiedLandFilter(_YesNoFilter):
    @staticmethod
    def build():
        return exists().where(
            Asset.organisation_id == Organisation.id,
            Asset.kind == AssetKind.LAND,
            Asset.land_certificate != LandCertificate.ISSUED,
        )


class StatusFilter(BaseSQLAFilter):
    """The current status, derived from the dated history."""

    def __init__(self, name) -> None:
        super().__init__(
            Organisation.current_status, name, options=lambda: [(s.value, label(s)) for s in Status]
        )

    def validate(self, value) -> bool:
        return value in {s.value for s in Status}

    def apply(self, query, value, alias=None):
        return query.filter(Organisation.current_status == Status(value))

    def operation(self):
        return _l("is")


def scale_class_expression(rule_set: rules.RuleSet):
    """SQL for the scale class of an organisation's latest annual figures (Decree 113/2024)."""
    latest = (
        select(func.max(AnnualFigures.year))
        .where(AnnualFigures.organisation_id == Organisation.id)
        .correlate(Organisation)
        .scalar_subquery()
    )
    figures = (
        select(AnnualFigures)
        .where(AnnualFigures.organisation_id == Organisation.id, AnnualFigures.year == latest)
        .correlate(Organisation)
        .subquery()
    )
    members = func.coalesce(figures.c.members_total, 0)
    revenue = func.coalesce(figures.c.revenue_vnd, 0)
    capital = func.coalesce(figures.c.charter_capital_vnd, 0)
    whens = []
    for sector in Sector:
        for cls, min_members, min_revenue, min_capital in rule_set.thresholds(sector):
            whens.append(
                (
                    and_(
                        Organisation.sector == sector,
                        members >= min_members,
                        (revenue >= min_revenue) | (capital >= min_capital),
                    ),
                    cls.value,
                )
            )
    return (
        select(case(*whens, else_=ScaleClass.MICRO.value))
        .select_from(figures)
        .correlate(Organisation)
        .scalar_subquery()
    )


class ScaleClassFilter(BaseSQLAFilter):
    def __init__(self, name) -> None:
        super().__init__(
            Organisation.id, name, options=lambda: [(c.value, label(c)) for c in ScaleClass]
        )

    def apply(self, query, value, alias=None):
        return query.filter(scale_class_expression(rule_sets.current(db.session)) == value)

    def operation(self):
        return _l("is")
