"""The home page: the user's area at a glance, and what needs doing."""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import date, timedelta

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user
from sqlalchemy import and_, func, or_, select
from sqlmodel import Session

from admin.access import current_access
from admin.extensions import db
from admin.views.organisation_filters import OPEN_DEBT
from admin.views.urls import CachedStaticUrls
from registry import rules
from registry.enums import OrgType, Sector, Status
from registry.models import AnnualFigures, Debt, Membership, Organisation
from registry.models.base import utcnow
from registry.services import audit

TODO_LIMIT = 10


#: Seconds a computed dashboard may be reused when this process has seen no change. Changes
#: made by other processes (another server worker, an import from the command line) show
#: within this time.
CACHE_SECONDS = 120
_cache: dict[tuple, tuple[int, float, dict]] = {}


class DashboardView(CachedStaticUrls, AdminIndexView):
    @expose("/")
    def index(self):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        return self.render("admin/dashboard.html", **cached_dashboard(date.today()))


def cached_dashboard(today: date) -> dict:
    """The dashboard counts every organisation of the area (a few tens of ms at province
    scale); it is recomputed when a change was committed, or after CACHE_SECONDS."""
    access = current_access()
    key = (str(db.engine.url), today, access.everywhere, access.current_ids, access.legacy_ids)
    now = time.monotonic()
    hit = _cache.get(key)
    if hit is not None and hit[0] == audit.generation() and now - hit[1] < CACHE_SECONDS:
        return hit[2]
    data = dashboard(today) | {"computed_at": utcnow()}
    _cache[key] = (audit.generation(), now, data)
    return data


def todo_conditions(today: date) -> dict:
    """What puts an organisation on each to-do list, as SQL conditions. Each looks its facts up
    in a set the database builds once (``IN (SELECT …)``), not row by row."""
    meeting_due = today - timedelta(days=int(rules.GENERAL_MEETING_MONTHS * 30.44))
    suspension_due = today - timedelta(days=int(rules.SUSPENSION_MONTHS * 30.44))
    status, oid = Organisation.current_status, Organisation.id
    figures = select(AnnualFigures.organisation_id)
    return {
        "figures": and_(
            status == Status.ACTIVE, oid.not_in(figures.where(AnnualFigures.year == today.year))
        ),
        # The last general meeting (else the founding) is older than allowed: no meeting since
        # the due day, and either some meeting before it or a founding before it.
        "meeting": and_(
            status == Status.ACTIVE,
            oid.not_in(figures.where(AnnualFigures.general_meeting_on >= meeting_due)),
            or_(
                oid.in_(figures.where(AnnualFigures.general_meeting_on.is_not(None))),
                Organisation.founded_on < meeting_due,
            ),
        ),
        "suspended": and_(status == Status.SUSPENDED, Organisation.status_since < suspension_due),
        "dissolution": status == Status.AWAITING_DISSOLUTION,
        "debts": oid.in_(
            select(Debt.organisation_id).where(
                Debt.state.in_(OPEN_DEBT), Debt.outstanding_vnd > 0, Debt.target_on < today
            )
        ),
    }


def _first_by_name(scoped, conditions: dict, counts: dict[str, int]) -> dict[str, list]:
    """The first organisations of each to-do list by name: one walk down the name index, each
    row telling which lists it is on, stopped as soon as every list is full (the counts say
    how full each can get). A query per list would sort each list's organisations instead."""
    wanted = {key: min(TODO_LIMIT, counts[key]) for key in conditions}
    lists: dict[str, list] = {key: [] for key in conditions}
    if not any(wanted.values()):
        return lists
    walk = scoped(
        select(Organisation.id, Organisation.name, *conditions.values()).order_by(
            Organisation.name, Organisation.id
        )
    ).execution_options(stream_results=True, yield_per=100)
    with closing(db.session.execute(walk)) as rows:
        for oid, name, *flags in rows:
            for key, flag in zip(conditions, flags, strict=True):
                if flag and len(lists[key]) < wanted[key]:
                    lists[key].append({"id": oid, "name": name})
            if all(len(lists[key]) == wanted[key] for key in conditions):
                break
    return lists


_background = ThreadPoolExecutor(max_workers=2, thread_name_prefix="overview")


def _count(engine, query) -> int:
    with Session(engine) as session:
        return session.scalar(query)


def dashboard(today: date) -> dict:
    """Counts and to-do lists for the user's area, counted by the database: the status in
    force is a column of the organisation (kept by triggers), so nothing needs the history."""
    where = current_access().organisation_filter()

    def scoped(query):
        return query if where is None else query.where(where)

    members = select(func.count()).select_from(Membership).where(Membership.left_on.is_(None))
    if where is not None:
        members = members.join(Organisation, Organisation.id == Membership.organisation_id)
    # The largest single count (every active membership: a million at province scale) runs on
    # a connection of its own while this one counts the organisations.
    active_members = _background.submit(_count, db.engine, scoped(members))

    by_status: Counter = Counter()
    by_type: Counter = Counter()
    by_sector: Counter = Counter()
    grouped = select(
        Organisation.current_status, Organisation.org_type, Organisation.sector, func.count()
    ).group_by(Organisation.current_status, Organisation.org_type, Organisation.sector)
    for status, org_type, sector, count in db.session.execute(scoped(grouped)):
        by_status[status] += count
        by_type[org_type] += count
        by_sector[sector] += count

    conditions = todo_conditions(today)
    counts = dict(
        zip(
            conditions,
            db.session.execute(
                scoped(select(*(func.count().filter(c) for c in conditions.values())))
            ).one(),
            strict=True,
        )
    )
    lists = _first_by_name(scoped, conditions, counts)
    todo = [{"key": key, "count": counts[key], "rows": lists[key]} for key in conditions]

    return {
        "total": sum(by_type.values()),
        "members": active_members.result(),
        "year": today.year,
        "by_status": [(s, by_status.get(s, 0)) for s in Status],
        "by_type": [(t, by_type.get(t, 0)) for t in OrgType],
        "by_sector": [(s, by_sector.get(s, 0)) for s in Sector if by_sector.get(s)],
        "todo": todo,
    }
