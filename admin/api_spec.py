"""The OpenAPI 3.1 description of the read-only API (:mod:`admin.api`), served with it and
checked against its responses by the tests."""

from __future__ import annotations

from registry.enums import (
    Counterparty,
    DebtDirection,
    DebtState,
    DissolutionKind,
    GoverningLaw,
    LandCertificate,
    LandOrigin,
    OperatingState,
    OrgType,
    Sector,
    Status,
)
from registry.models.finance import FIGURE_AMOUNTS, FIGURE_COUNTS
from registry.reports.annual import KEYS


def _enum(cls, nullable: bool = False) -> dict:
    values = [m.value for m in cls]
    return {"enum": [*values, None] if nullable else values}


def _nullable(kind: str, **extra) -> dict:
    return {"type": [kind, "null"], **extra}


DATE = {"type": "string", "format": "date"}
PARTIAL_DATE = _nullable(
    "string",
    pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
    description="ISO date, or YYYY-MM / YYYY when only that is known",
)
MONEY = _nullable("integer", description="Whole đồng")


def _items(schema: str) -> dict:
    return {
        "type": "object",
        "required": ["items"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}}
        },
    }


SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "message_en"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "message_en": {"type": "string"},
                },
            }
        },
    },
    "Organisation": {
        "type": "object",
        "additionalProperties": False,
        "required": [
            "id",
            "name",
            "org_type",
            "sector",
            "governing_law",
            "status",
            "members_count",
        ],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "tax_code": _nullable("string", pattern=r"^\d{10}$"),
            "org_type": _enum(OrgType),
            "sector": _enum(Sector),
            "governing_law": _enum(GoverningLaw),
            "status": _enum(Status, nullable=True),
            "status_since": {"oneOf": [DATE, {"type": "null"}]},
            "operating": _enum(OperatingState, nullable=True),
            "operating_found_on": {"oneOf": [DATE, {"type": "null"}]},
            "founded_on": PARTIAL_DATE,
            "unit_code": _nullable("string", description="Commune from 1/7/2025"),
            "legacy_unit_code": _nullable("string", description="Unit before 1/7/2025"),
            "address": _nullable("string"),
            "director_name": _nullable("string"),
            "charter_capital_vnd": MONEY,
            "members_count": {"type": "integer", "minimum": 0},
            "not_reorganized": {"type": "boolean"},
        },
    },
    "OrganisationPage": {
        "type": "object",
        "additionalProperties": False,
        "required": ["items", "page", "per_page", "total", "next"],
        "properties": {
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Organisation"}},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 500},
            "total": {"type": "integer", "minimum": 0},
            "next": _nullable("string", format="uri"),
        },
    },
    "StatusEvent": {
        "type": "object",
        "additionalProperties": False,
        "required": ["status", "effective_on"],
        "properties": {
            "status": _enum(Status),
            "effective_on": DATE,
            "decision_no": _nullable("string"),
            "decision_on": {"oneOf": [DATE, {"type": "null"}]},
            "dissolution_kind": _enum(DissolutionKind, nullable=True),
            "reason": _nullable("string"),
        },
    },
    "Figures": {
        "type": "object",
        "additionalProperties": False,
        "required": ["year"],
        "properties": {
            "year": {"type": "integer"},
            **{name: _nullable("integer") for name in FIGURE_COUNTS},
            **{name: MONEY for name in FIGURE_AMOUNTS},
            "general_meeting_on": PARTIAL_DATE,
        },
    },
    "Debt": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "direction", "counterparty", "outstanding_vnd", "as_of", "state"],
        "properties": {
            "id": {"type": "integer"},
            "direction": _enum(DebtDirection),
            "counterparty": _enum(Counterparty),
            "counterparty_name": _nullable("string"),
            "principal_vnd": MONEY,
            "outstanding_vnd": {"type": "integer", "minimum": 0},
            "as_of": DATE,
            "state": _enum(DebtState),
            "target_on": {"oneOf": [DATE, {"type": "null"}]},
        },
    },
    "Land": {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "description", "disputed"],
        "properties": {
            "id": {"type": "integer"},
            "description": {"type": "string"},
            "location": _nullable("string"),
            "area_m2": _nullable("number", minimum=0),
            "land_certificate": _enum(LandCertificate, nullable=True),
            "land_origin": _enum(LandOrigin, nullable=True),
            "disputed": {"type": "boolean"},
            "book_value_vnd": MONEY,
        },
    },
    "Indicators": {
        "type": "object",
        "required": KEYS,
        "properties": {key: {"type": "integer"} for key in KEYS},
    },
    "AnnualReport": {
        "type": "object",
        "required": ["format", "year", "as_of", "scheme", "units", "total", "indicators"],
        "properties": {
            "format": {"const": "coop-registry/annual-report/1"},
            "year": {"type": "integer"},
            "as_of": DATE,
            "period_start": DATE,
            "scheme": {"enum": ["legacy", "current"]},
            "unit": _nullable("string"),
            "rule_set_version": {"type": "integer"},
            "indicators": {"type": "array"},
            "units": {
                "type": "array",
                "items": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Indicators"},
                        {
                            "type": "object",
                            "required": ["code", "name"],
                            "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                        },
                    ]
                },
            },
            "total": {"$ref": "#/components/schemas/Indicators"},
        },
    },
}
for name in ("StatusEvent", "Figures", "Debt", "Land"):
    SCHEMAS[f"{name}List"] = _items(name)


def _get(summary: str, schema: str, parameters=(), single: bool = False) -> dict:
    responses = {
        "200": {
            "description": "OK",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        },
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "400": {"$ref": "#/components/responses/BadRequest"},
    }
    if single:
        responses["404"] = {"$ref": "#/components/responses/NotFound"}
    return {"get": {"summary": summary, "parameters": list(parameters), "responses": responses}}


ORGANISATION_ID = {
    "name": "organisation_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer"},
}
UNIT = {
    "name": "unit",
    "in": "query",
    "schema": {"type": "string"},
    "description": "An administrative unit: 627, legacy:627 or current:23563",
}
ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}

SPEC = {
    "openapi": "3.1.0",
    "info": {
        "title": "Cooperative registry of Gia Lai — read-only API",
        "version": "1.0.0",
        "description": "Organisations, their status history, figures, debts and land, and the "
        "annual report. A key (Authorization: Bearer rg_…) reads what its user may see.",
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "schemas": SCHEMAS,
        "responses": {
            "Unauthorized": {"description": "No valid key", "content": ERROR},
            "BadRequest": {"description": "A parameter cannot be read", "content": ERROR},
            "NotFound": {"description": "None, or outside the key's area", "content": ERROR},
        },
    },
    "paths": {
        "/organisations": _get(
            "Organisations in the key's area, by id, a page at a time",
            "OrganisationPage",
            [
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                {
                    "name": "per_page",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 500},
                },
                UNIT,
                {"name": "status", "in": "query", "schema": _enum(Status)},
                {
                    "name": "q",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "Words of the name, tax code or director, diacritics optional",
                },
            ],
        ),
        "/organisations/{organisation_id}": _get(
            "One organisation", "Organisation", [ORGANISATION_ID], single=True
        ),
        "/organisations/{organisation_id}/status-history": _get(
            "Its legal status over time", "StatusEventList", [ORGANISATION_ID], single=True
        ),
        "/organisations/{organisation_id}/figures": _get(
            "Its annual figures", "FiguresList", [ORGANISATION_ID], single=True
        ),
        "/organisations/{organisation_id}/debts": _get(
            "Its debts, both directions", "DebtList", [ORGANISATION_ID], single=True
        ),
        "/organisations/{organisation_id}/land": _get(
            "Its land", "LandList", [ORGANISATION_ID], single=True
        ),
        "/reports/annual": _get(
            "The annual report of the key's area (or a unit of it)",
            "AnnualReport",
            [{"name": "year", "in": "query", "schema": {"type": "integer"}}, UNIT],
        ),
    },
}
