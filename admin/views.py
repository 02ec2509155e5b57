"""The home page: what the registry holds, by status, type and sector."""

from __future__ import annotations

from flask import Blueprint, abort, g, redirect, render_template, request, session, url_for
from flask_login import login_required
from sqlalchemy import func
from sqlmodel import select

from registry.enums import OrgType, Sector, Status
from registry.models import Membership, Organisation

bp = Blueprint("views", __name__)


@bp.route("/")
@login_required
def home():
    by_status = dict(
        g.db.exec(
            select(Organisation.current_status, func.count())
            .select_from(Organisation)  # the status is a correlated subquery: name the outer table
            .group_by(Organisation.current_status)
        ).all()
    )
    by_type = dict(
        g.db.exec(select(Organisation.org_type, func.count()).group_by(Organisation.org_type)).all()
    )
    by_sector = dict(
        g.db.exec(select(Organisation.sector, func.count()).group_by(Organisation.sector)).all()
    )
    members = g.db.exec(
        select(func.count()).select_from(Membership).where(Membership.left_on.is_(None))
    ).one()
    return render_template(
        "home.html",
        total=sum(by_type.values()),
        members=members,
        by_status=[(s, by_status.get(s, 0)) for s in Status],
        by_type=[(t, by_type.get(t, 0)) for t in OrgType],
        by_sector=[(s, by_sector.get(s, 0)) for s in Sector if by_sector.get(s)],
    )


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code not in ("vi", "en"):
        abort(404)
    session["lang"] = code
    target = request.form.get("next") or ""
    return redirect(
        target if target.startswith("/") and not target.startswith("//") else url_for("views.home")
    )
