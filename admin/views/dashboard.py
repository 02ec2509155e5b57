"""The home page: the user's area at a glance, and what needs doing."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user
from sqlalchemy import exists, func, select

from admin.access import current_access
from admin.extensions import db
from admin.views.organisation_filters import OPEN_DEBT
from registry import rules
from registry.enums import OrgType, Sector, Status
from registry.models import AnnualFigures, Debt, Membership, Organisation
from registry.models.base import utcnow
from registry.services import audit
from registry.services.organisations import latest_status_events

TODO_LIMIT = 10
TODOS = ("figures", "meeting", "suspended", "dissolution", "debts")


#: Seconds a computed dashboard may be reused when this process has seen no change. Changes
#: made by other processes (another server worker, an import from the command line) show
#: within this time.
CACHE_SECONDS = 120
_cache: dict[tuple, tuple[int, float, dict]] = {}


class DashboardView(AdminIndexView):
    @expose("/")
    def index(self):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        return self.render("admin/dashboard.html", **cached_dashboard(date.today()))


def cached_dashboard(today: date) -> dict:
    """The dashboard reads every organisation of the area (a second at province scale on
    SQLite); it is recomputed when a change was committed, or after CACHE_SECONDS."""
    access = current_access()
    key = (str(db.engine.url), today, access.everywhere, access.current_ids, access.legacy_ids)
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] == audit.generation() and now - hit[1] < CACHE_SECONDS:
        return hit[2]
    data = dashboard(today) | {"computed_at": utcnow()}
    _cache[key] = (audit.generation(), now, data)
    return data


def dashboard(today: date) -> dict:
    """Counts and to-do lists from one pass over the organisations in the user's area.

    Per organisation: its status in force (one window-function pass over the history), the
    last general meeting, whether this year's figures exist and whether a debt is overdue."""
    latest = latest_status_events()
    meetings = (
        select(
            AnnualFigures.organisation_id,
            func.max(AnnualFigures.general_meeting_on).label("last_meeting"),
        )
        .group_by(AnnualFigures.organisation_id)
        .subquery()
    )
    this_year = (
        select(AnnualFigures.organisation_id).where(AnnualFigures.year == today.year).subquery()
    )
    overdue = exists().where(
        Debt.organisation_id == Organisation.id,
        Debt.state.in_(OPEN_DEBT),
        Debt.outstanding_vnd > 0,
        Debt.target_on < today,
    )
    query = (
        select(
            Organisation.id,
            Organisation.name,
            Organisation.org_type,
            Organisation.sector,
            Organisation.founded_on,
            latest.c.status,
            latest.c.effective_on,
            meetings.c.last_meeting,
            this_year.c.organisation_id.is_not(None),
            overdue,
        )
        .outerjoin(latest, latest.c.organisation_id == Organisation.id)
        .outerjoin(meetings, meetings.c.organisation_id == Organisation.id)
        .outerjoin(this_year, this_year.c.organisation_id == Organisation.id)
    )
    where = current_access().organisation_filter()
    if where is not None:
        query = query.where(where)

    meeting_due = today - timedelta(days=int(rules.GENERAL_MEETING_MONTHS * 30.44))
    suspension_due = today - timedelta(days=int(rules.SUSPENSION_MONTHS * 30.44))
    by_status: Counter = Counter()
    by_type: Counter = Counter()
    by_sector: Counter = Counter()
    todo: dict[str, list[tuple[str, int]]] = {key: [] for key in TODOS}
    for (
        oid,
        name,
        org_type,
        sector,
        founded,
        status,
        since,
        last_meeting,
        has_figures,
        has_overdue_debt,
    ) in db.session.execute(query):
        by_status[status] += 1
        by_type[org_type] += 1
        by_sector[sector] += 1
        if status == Status.ACTIVE:
            if not has_figures:
                todo["figures"].append((name, oid))
            held = last_meeting or founded
            if held is not None and held < meeting_due:
                todo["meeting"].append((name, oid))
        elif status == Status.SUSPENDED and since is not None and since < suspension_due:
            todo["suspended"].append((name, oid))
        elif status == Status.AWAITING_DISSOLUTION:
            todo["dissolution"].append((name, oid))
        if has_overdue_debt:
            todo["debts"].append((name, oid))

    members = select(func.count()).select_from(Membership).where(Membership.left_on.is_(None))
    if where is not None:
        members = members.join(Organisation, Organisation.id == Membership.organisation_id).where(
            where
        )
    return {
        "total": sum(by_type.values()),
        "members": db.session.scalar(members),
        "year": today.year,
        "by_status": [(s, by_status.get(s, 0)) for s in Status],
        "by_type": [(t, by_type.get(t, 0)) for t in OrgType],
        "by_sector": [(s, by_sector.get(s, 0)) for s in Sector if by_sector.get(s)],
        "todo": [
            {
                "key": key,
                "title": key,
                "count": len(rows),
                "rows": [{"id": oid, "name": name} for name, oid in sorted(rows)[:TODO_LIMIT]],
            }
            for key, rows in todo.items()
        ],
    }
