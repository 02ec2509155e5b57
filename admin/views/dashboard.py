"""The home page: the user's area at a glance, and what needs doing."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date

from flask import redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_login import current_user
from sqlalchemy import and_, func, literal, select
from sqlmodel import Session

from admin.access import current_access
from admin.extensions import db
from admin.units import place_of
from admin.views.organisation_filters import (
    OPEN_DEBT,
    MissingFiguresFilter,
    OverdueDebtFilter,
    StatusFilter,
)
from admin.views.urls import CachedStaticUrls
from registry.enums import OrgType, Sector, Status
from registry.models import (
    AnnualFigures,
    Debt,
    DissolutionCase,
    Membership,
    Organisation,
    RuleSetVersion,
)
from registry.models.base import utcnow
from registry.services import audit, candidates, cases, rule_sets

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
        return self.render(
            "admin/dashboard.html", **cached_dashboard(date.today()), more=self._more_links()
        )

    def _more_links(self) -> dict[str, str]:
        """Where each to-do card's count leads: the full list, filtered the same way."""
        organisations = next(v for v in self.admin._views if v.endpoint == "organisation")
        active = Status.ACTIVE.value
        return {
            "figures": organisations.filter_url(
                (StatusFilter, active), (MissingFiguresFilter, "1")
            ),
            "dissolution": organisations.filter_url(
                (StatusFilter, Status.AWAITING_DISSOLUTION.value)
            ),
            "debts": organisations.filter_url((OverdueDebtFilter, "1")),
        }


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
    """What puts an organisation on each to-do list that is not a legal ground, as SQL
    conditions, with the date each has been on it since (oldest first on the card). Each looks
    its facts up in a set the database builds once (``IN (SELECT …)``), not row by row."""
    status, oid = Organisation.current_status, Organisation.id
    figures = select(AnnualFigures.organisation_id)
    overdue_debt = and_(Debt.state.in_(OPEN_DEBT), Debt.outstanding_vnd > 0, Debt.target_on < today)
    first_overdue = (
        select(func.min(Debt.target_on))
        .where(Debt.organisation_id == oid, overdue_debt)
        .correlate(Organisation)
        .scalar_subquery()
    )
    return {
        "figures": (
            and_(
                status == Status.ACTIVE, oid.not_in(figures.where(AnnualFigures.year == today.year))
            ),
            None,
        ),
        "dissolution": (status == Status.AWAITING_DISSOLUTION, Organisation.status_since),
        "debts": (oid.in_(select(Debt.organisation_id).where(overdue_debt)), first_overdue),
    }


def _listed(scoped, condition, since) -> list[dict]:
    """The first organisations of a list: those on it longest first, else by name."""
    order = [Organisation.name, Organisation.id] if since is None else [since, Organisation.name]
    rows = db.session.execute(
        scoped(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.unit_id,
                Organisation.legacy_unit_id,
                since if since is not None else literal(None),
            )
            .where(condition)
            .order_by(*order)
            .limit(TODO_LIMIT)
        )
    ).all()
    return [{"id": i, "name": n, "place": place_of(u, lu), "since": d} for i, n, u, lu, d in rows]


#: Seconds the grounds cards are reused before they are recomputed in the background. Grounds
#: move by the day (a threshold reached, a finding recorded); checking a province's 30,000
#: organisations takes a second and a half, too long to redo on every change.
GROUNDS_SECONDS = 600
_grounds_cache: dict[tuple, dict] = {}
_grounds_lock = threading.Lock()


def _ground_lists(engine, where, today: date) -> dict:
    """Per ground in force, how many organisations meet it and the first of them (longest
    met first), found by the same functions as the candidates screen and command."""
    with Session(engine) as session:
        rule_set = rule_sets.current(session)
        found = candidates.candidates(session, today, rule_set, where)
    lists = []
    for ground in rule_set.grounds_on(today):
        meeting = sorted(
            (f.since, c.name, c.id, c.unit_id, c.legacy_unit_id)
            for c in found
            for f in c.met
            if f.ground.code == ground.code
        )
        lists.append((ground, len(meeting), meeting[:TODO_LIMIT]))
    return {"lists": lists, "at": utcnow()}


def _grounds(where, today: date) -> tuple[list[dict], object]:
    """The grounds cards, computed at first sight and then refreshed in the background when
    older than GROUNDS_SECONDS (the stale ones shown meanwhile, with their time)."""
    access = current_access()
    version = db.session.scalar(select(func.max(RuleSetVersion.id)))
    key = (
        str(db.engine.url),
        today,
        version,
        access.everywhere,
        access.current_ids,
        access.legacy_ids,
    )
    with _grounds_lock:
        entry = _grounds_cache.get(key)
        stale = entry is not None and time.monotonic() - entry["time"] > GROUNDS_SECONDS
        if stale and not entry.get("refreshing"):
            entry["refreshing"] = True
            _background.submit(_refresh_grounds, key, db.engine, where, today)
    if entry is None:
        entry = {"data": _ground_lists(db.engine, where, today), "time": time.monotonic()}
        with _grounds_lock:
            _grounds_cache[key] = entry
    data = entry["data"]
    cards = [
        {
            "key": ground.code,
            "ground": ground,
            "count": count,
            "rows": [
                {"id": oid, "name": name, "place": place_of(unit, legacy), "since": since}
                for since, name, oid, unit, legacy in rows
            ],
        }
        for ground, count, rows in data["lists"]
    ]
    return cards, data["at"]


#: The count of active members, the overview's slowest figure (every active membership: four
#: million index entries at national scale, a quarter of a second on PostgreSQL), by database
#: and area: counted at first sight; after a change (or CACHE_SECONDS) shown as last counted
#: while it is counted again in the background, as the grounds cards are.
_members_cache: dict[tuple, dict] = {}
_members_lock = threading.Lock()


def _active_members(query) -> int:
    access = current_access()
    key = (str(db.engine.url), access.everywhere, access.current_ids, access.legacy_ids)
    generation, now = audit.generation(), time.monotonic()
    with _members_lock:
        entry = _members_cache.get(key)
        stale = entry is not None and (
            entry["generation"] != generation or now - entry["time"] > CACHE_SECONDS
        )
        if stale and not entry["refreshing"]:
            entry["refreshing"] = True
            _background.submit(_recount_members, key, db.engine, query, generation)
    if entry is None:
        entry = _recount_members(key, db.engine, query, generation)
    return entry["count"]


def _recount_members(key, engine, query, generation: int) -> dict:
    entry = {
        "count": _count(engine, query),
        "generation": generation,
        "time": time.monotonic(),
        "refreshing": False,
    }
    with _members_lock:
        _members_cache[key] = entry
    return entry


def _refresh_grounds(key, engine, where, today) -> None:
    data = _ground_lists(engine, where, today)
    with _grounds_lock:
        _grounds_cache[key] = {"data": data, "time": time.monotonic()}


def _cases(today: date) -> dict:
    """The running cases whose next step is the user's, and every overdue step in the area."""
    access = current_access()
    seen = cases.cases_filter(access)
    query = (
        select(DissolutionCase.id, DissolutionCase.stage, DissolutionCase.due_on, Organisation.name)
        .join(Organisation, Organisation.id == DissolutionCase.organisation_id)
        .order_by(DissolutionCase.due_on, DissolutionCase.id)
    )
    if seen is not None:
        query = query.where(seen)
    result = {}
    for key, condition in (
        ("mine", cases.waiting_on(access, current_user.id)),
        ("overdue", cases.overdue(today)),
    ):
        total = db.session.scalar(
            select(func.count()).select_from(query.where(condition).subquery())
        )
        rows = db.session.execute(query.where(condition).limit(TODO_LIMIT)).all()
        result[key] = {
            "count": total,
            "rows": [
                {"id": i, "stage": stage, "due_on": due, "name": name, "late": due and due < today}
                for i, stage, due, name in rows
            ],
        }
    return result


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
    active_members = _active_members(scoped(members))

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
                scoped(select(*(func.count().filter(c) for c, _since in conditions.values())))
            ).one(),
            strict=True,
        )
    )
    todo = [
        {"key": key, "count": counts[key], "rows": _listed(scoped, condition, since)}
        for key, (condition, since) in conditions.items()
    ]

    grounds, grounds_at = _grounds(where, today)
    return {
        "total": sum(by_type.values()),
        "members": active_members,
        "year": today.year,
        "by_status": [(s, by_status.get(s, 0)) for s in Status],
        "by_type": [(t, by_type.get(t, 0)) for t in OrgType],
        "by_sector": [(s, by_sector.get(s, 0)) for s in Sector if by_sector.get(s)],
        "todo": todo,
        "grounds": grounds,
        "grounds_at": grounds_at,
        "cases": _cases(today),
        "today": today,
    }
