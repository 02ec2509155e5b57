"""The read-only JSON API, ``/api/v1/``: organisations with their status history, figures,
debts and land, and the annual report, for systems that read the registry (the national
database, the province's portal). A key (``Authorization: Bearer rg_…``) carries its user's
role and area: it reads what that user may see on the screens, no more. Lists are paged.
The description is served at ``/api/v1/openapi.json`` (:mod:`admin.api_spec`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, g, jsonify, request, url_for
from sqlalchemy import func, select

from admin.api_spec import SPEC
from admin.extensions import db, reports_session
from registry.enums import Status, UnitScheme
from registry.export import partial_date
from registry.models import (
    AdminUnit,
    AnnualFigures,
    Asset,
    Debt,
    Membership,
    Organisation,
    StatusEvent,
)
from registry.models.finance import FIGURE_AMOUNTS, FIGURE_COUNTS
from registry.reports import annual, outputs
from registry.scope import scope_of
from registry.services import rule_sets, tokens
from registry.services.observations import latest_states
from registry.services.units import in_unit, unit_by_code
from registry.text import search_key

api = Blueprint("api", __name__, url_prefix="/api/v1")
MAX_PER_PAGE = 500


class ApiError(Exception):
    def __init__(self, status: int, code: str, vi: str, en: str) -> None:
        super().__init__(en)
        self.status, self.code, self.vi, self.en = status, code, vi, en


@api.errorhandler(ApiError)
def _error(exc: ApiError):
    body = {"error": {"code": exc.code, "message": exc.vi, "message_en": exc.en}}
    response = jsonify(body)
    response.status_code = exc.status
    if exc.status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="registry"'
    return response


@api.errorhandler(404)
def _not_found(_error):
    return _error(ApiError(404, "not_found", "Không có.", "Not found."))


@api.errorhandler(405)
def _not_allowed(_error):
    return _error(ApiError(405, "method_not_allowed", "API chỉ cho đọc.", "The API is read-only."))


@api.before_request
def _authenticate():
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    token = header[7:].strip() if header.startswith("Bearer ") else ""
    user = tokens.user_of(db.session, token) if token else None
    if user is None:
        raise ApiError(
            401,
            "unauthorized",
            "Thiếu khoá truy cập hoặc khoá không còn hiệu lực.",
            "A valid API key is required.",
        )
    db.session.commit()  # the key's last use, noted
    g.api_scope = scope_of(db.session, user)
    return None


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name)
    if text is None:
        return default
    if not text.isdigit() or not low <= int(text) <= high:
        raise ApiError(
            400,
            "bad_parameter",
            f"Tham số «{name}» phải là số từ {low} đến {high}.",
            f"Parameter '{name}' must be a number from {low} to {high}.",
        )
    return int(text)


def _unit_arg() -> AdminUnit | None:
    text = request.args.get("unit")
    if not text:
        return None
    scheme, _, code = text.rpartition(":")
    unit = (
        unit_by_code(reports_session(), UnitScheme(scheme or "legacy"), code)
        if scheme in ("", "legacy", "current")
        else None
    )
    if unit is None:
        raise ApiError(
            400,
            "bad_parameter",
            f"Không có đơn vị hành chính «{text}».",
            f"No administrative unit '{text}'.",
        )
    return unit


def _scoped(query):
    where = g.api_scope.organisation_filter()
    return query if where is None else query.where(where)


def _organisation_or_404(organisation_id: int) -> Organisation:
    organisation = reports_session().get(Organisation, organisation_id)
    if organisation is None or not g.api_scope.allows(organisation):
        raise ApiError(404, "not_found", "Không có tổ chức này.", "No such organisation.")
    return organisation


def _codes() -> dict[int, str]:
    return dict(reports_session().execute(select(AdminUnit.id, AdminUnit.code)).all())


def _organisation(org: Organisation, codes: dict, members: int, found) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "tax_code": org.tax_code,
        "org_type": org.org_type.value,
        "sector": org.sector.value,
        "governing_law": org.governing_law.value,
        "status": org.current_status.value if org.current_status else None,
        "status_since": org.status_since.isoformat() if org.status_since else None,
        "operating": found.state.value if found is not None else None,
        "operating_found_on": found.observed_on.isoformat() if found is not None else None,
        "founded_on": partial_date(org.founded_on, org.founded_precision),
        "unit_code": codes.get(org.unit_id),
        "legacy_unit_code": codes.get(org.legacy_unit_id),
        "address": org.address,
        "director_name": org.director_name,
        "charter_capital_vnd": org.charter_capital_vnd,
        "members_count": members,
        "not_reorganized": org.not_reorganized,
    }


def _members(ids: list[int]) -> dict[int, int]:
    return dict(
        reports_session()
        .execute(
            select(Membership.organisation_id, func.count())
            .where(Membership.organisation_id.in_(ids), Membership.left_on.is_(None))
            .group_by(Membership.organisation_id)
        )
        .all()
    )


@api.get("/organisations")
def organisations():
    page = _int_arg("page", 1, 1, 10**6)
    per_page = _int_arg("per_page", 100, 1, MAX_PER_PAGE)
    query = _scoped(select(Organisation))
    unit = _unit_arg()
    if unit is not None:
        query = query.where(in_unit(unit))
    status = request.args.get("status")
    if status:
        if status not in {s.value for s in Status}:
            raise ApiError(
                400, "bad_parameter", f"Không có tình trạng «{status}».", f"No status '{status}'."
            )
        query = query.where(Organisation.current_status == status)
    text = (request.args.get("q") or "").strip()
    for word in search_key(text).split():
        query = query.where(Organisation.name_key.contains(word, autoescape=True))
    total = reports_session().scalar(select(func.count()).select_from(query.subquery()))
    rows = (
        reports_session()
        .scalars(query.order_by(Organisation.id).offset((page - 1) * per_page).limit(per_page))
        .all()
    )
    ids = [o.id for o in rows]
    codes, members, found = _codes(), _members(ids), latest_states(reports_session(), ids)
    more = page * per_page < total
    args = {k: v for k, v in request.args.items() if k != "page"}
    return jsonify(
        {
            "items": [_organisation(o, codes, members.get(o.id, 0), found.get(o.id)) for o in rows],
            "page": page,
            "per_page": per_page,
            "total": total,
            "next": url_for(".organisations", page=page + 1, _external=True, **args)
            if more
            else None,
        }
    )


@api.get("/organisations/<int:organisation_id>")
def organisation(organisation_id: int):
    org = _organisation_or_404(organisation_id)
    found = latest_states(reports_session(), [org.id]).get(org.id)
    return jsonify(_organisation(org, _codes(), _members([org.id]).get(org.id, 0), found))


@api.get("/organisations/<int:organisation_id>/status-history")
def status_history(organisation_id: int):
    org = _organisation_or_404(organisation_id)
    events = reports_session().scalars(
        select(StatusEvent)
        .where(StatusEvent.organisation_id == org.id)
        .order_by(StatusEvent.effective_on, StatusEvent.id)
    )
    return jsonify(
        {
            "items": [
                {
                    "status": e.status.value,
                    "effective_on": e.effective_on.isoformat(),
                    "decision_no": e.decision_no,
                    "decision_on": e.decision_on.isoformat() if e.decision_on else None,
                    "dissolution_kind": e.dissolution_kind.value if e.dissolution_kind else None,
                    "reason": e.reason,
                }
                for e in events
            ]
        }
    )


@api.get("/organisations/<int:organisation_id>/figures")
def figures(organisation_id: int):
    org = _organisation_or_404(organisation_id)
    rows = reports_session().scalars(
        select(AnnualFigures)
        .where(AnnualFigures.organisation_id == org.id)
        .order_by(AnnualFigures.year)
    )
    fields = ("year", *FIGURE_COUNTS, *FIGURE_AMOUNTS)
    return jsonify(
        {
            "items": [
                {
                    **{f: getattr(r, f) for f in fields},
                    "general_meeting_on": partial_date(
                        r.general_meeting_on, r.general_meeting_precision
                    ),
                }
                for r in rows
            ]
        }
    )


@api.get("/organisations/<int:organisation_id>/debts")
def debts(organisation_id: int):
    org = _organisation_or_404(organisation_id)
    rows = reports_session().scalars(
        select(Debt).where(Debt.organisation_id == org.id).order_by(Debt.id)
    )
    return jsonify(
        {
            "items": [
                {
                    "id": d.id,
                    "direction": d.direction.value,
                    "counterparty": d.counterparty.value,
                    "counterparty_name": d.counterparty_name,
                    "principal_vnd": d.principal_vnd,
                    "outstanding_vnd": d.outstanding_vnd,
                    "as_of": d.as_of.isoformat(),
                    "state": d.state.value,
                    "target_on": d.target_on.isoformat() if d.target_on else None,
                }
                for d in rows
            ]
        }
    )


@api.get("/organisations/<int:organisation_id>/land")
def land(organisation_id: int):
    org = _organisation_or_404(organisation_id)
    rows = reports_session().scalars(
        select(Asset)
        .where(Asset.organisation_id == org.id, Asset.kind == "land")
        .order_by(Asset.id)
    )
    return jsonify(
        {
            "items": [
                {
                    "id": a.id,
                    "description": a.description,
                    "location": a.location,
                    "area_m2": a.area_m2,
                    "land_certificate": a.land_certificate.value if a.land_certificate else None,
                    "land_origin": a.land_origin.value if a.land_origin else None,
                    "disputed": a.disputed,
                    "book_value_vnd": a.book_value_vnd,
                }
                for a in rows
            ]
        }
    )


@api.get("/reports/annual")
def annual_report():
    today = date.today()
    rules = rule_sets.current(reports_session())
    year = _int_arg("year", today.year - 1, 1990, today.year)
    if rules.report_on(year) > today:
        raise ApiError(
            400,
            "bad_parameter",
            f"Báo cáo năm {year} chưa đến ngày lập.",
            f"The {year} report's day has not come yet.",
        )
    report = annual.compute(
        reports_session(),
        year=year,
        unit=_unit_arg(),
        where=g.api_scope.organisation_filter(),
        rules=rules,
    )
    return jsonify(outputs.as_json(report))


@api.get("/openapi.json")
def openapi():
    return jsonify(SPEC)
