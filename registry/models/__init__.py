"""All tables. Importing this module registers every table on ``SQLModel.metadata``."""

from registry.models import derived as _derived  # noqa: F401  (registers the listeners)
from registry.models import relations as _relations  # noqa: F401  (after every table)
from registry.models.accounts import (
    ApiToken,
    AuditEntry,
    SignInThrottle,
    User,
    UserScope,
    UserSession,
)
from registry.models.cases import (
    BaselineFigure,
    CaseDocument,
    CaseStep,
    DebtSettlement,
    DissolutionCase,
    Observation,
    ReportSubmission,
    RuleSetVersion,
    SupportEntry,
)
from registry.models.finance import AnnualFigures, Asset, Debt
from registry.models.imports import ImportBatch, ImportChange, ImportProfile
from registry.models.jobs import Job
from registry.models.organisations import Organisation, StatusEvent
from registry.models.people import Contribution, Membership, Person
from registry.models.units import AdminUnit, UnitMapping

__all__ = [
    "AdminUnit",
    "AnnualFigures",
    "ApiToken",
    "Asset",
    "AuditEntry",
    "BaselineFigure",
    "CaseDocument",
    "CaseStep",
    "Contribution",
    "Debt",
    "DebtSettlement",
    "DissolutionCase",
    "ImportBatch",
    "ImportChange",
    "ImportProfile",
    "Job",
    "Membership",
    "Observation",
    "Organisation",
    "Person",
    "ReportSubmission",
    "RuleSetVersion",
    "SignInThrottle",
    "StatusEvent",
    "SupportEntry",
    "UnitMapping",
    "User",
    "UserScope",
    "UserSession",
]
