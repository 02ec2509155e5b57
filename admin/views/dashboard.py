"""The home page: the user's area at a glance, and what needs doing."""

from __future__ import annotations

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
from registry.models import AnnualFigures, Debt, Membership, Organisation, StatusEvent

TODO_LIMIT = 10


class DashboardView(AdminIndexView):
    def is_visible(self) -> bool:
        return True

    @expose("/")
    def index(self):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path))
        return self.render("admin/dashboard.html", **dashboard(date.today()))


def _scoped(query):
    where = current_access().organisation_filter()
    return query if where is None else query.where(where)


def _count_by(column):
    rows = db.session.execute(
        _scoped(select(column, func.count()).select_from(Organisation).group_by(column))
    ).all()
    return dict(rows)


def dashboard(today: date) -> dict:
    by_status = _count_by(Organisation.current_status)
    by_type = _count_by(Organisation.org_type)
    by_sector = _count_by(Organisation.sector)
    live = Organisation.current_status.in_([Status.ACTIVE, Status.SUSPENDED, Status.NOT_AT_ADDRESS])
    members = db.session.scalar(
        _scoped(
            select(func.count())
            .select_from(Membership)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .where(Membership.left_on.is_(None))
        )
    )

    year = today.year
    no_figures = _scoped(
        select(Organisation).where(
            live,
            Organisation.current_status == Status.ACTIVE,
            ~exists().where(
                AnnualFigures.organisation_id == Organisation.id, AnnualFigures.year == year
            ),
        )
    )

    meeting_due = today - timedelta(days=int(rules.GENERAL_MEETING_MONTHS * 30.44))
    last_meeting = (
        select(func.max(AnnualFigures.general_meeting_on))
        .where(AnnualFigures.organisation_id == Organisation.id)
        .correlate(Organisation)
        .scalar_subquery()
    )
    meeting_overdue = _scoped(
        select(Organisation).where(
            Organisation.current_status == Status.ACTIVE,
            func.coalesce(last_meeting, Organisation.founded_on) < meeting_due,
        )
    )

    latest_event_on = (
        select(StatusEvent.effective_on)
        .where(StatusEvent.organisation_id == Organisation.id)
        .order_by(StatusEvent.effective_on.desc(), StatusEvent.id.desc())
        .limit(1)
        .correlate(Organisation)
        .scalar_subquery()
    )
    suspension_due = today - timedelta(days=int(rules.SUSPENSION_MONTHS * 30.44))
    long_suspended = _scoped(
        select(Organisation).where(
            Organisation.current_status == Status.SUSPENDED, latest_event_on < suspension_due
        )
    )

    dissolution = _scoped(
        select(Organisation).where(Organisation.current_status == Status.AWAITING_DISSOLUTION)
    )

    overdue_debts = _scoped(
        select(Organisation).where(
            exists().where(
                Debt.organisation_id == Organisation.id,
                Debt.state.in_(OPEN_DEBT),
                Debt.outstanding_vnd > 0,
                Debt.target_on < today,
            )
        )
    )

    todo = []
    for key, title, query in (
        ("no_figures", "figures", no_figures),
        ("meeting", "meeting", meeting_overdue),
        ("suspended", "suspended", long_suspended),
        ("dissolution", "dissolution", dissolution),
        ("debts", "debts", overdue_debts),
    ):
        count = db.session.scalar(select(func.count()).select_from(query.subquery()))
        rows = db.session.scalars(query.order_by(Organisation.name).limit(TODO_LIMIT)).all()
        todo.append({"key": key, "title": title, "count": count, "rows": rows})
    return {
        "total": sum(by_type.values()),
        "members": members,
        "year": year,
        "by_status": [(s, by_status.get(s, 0)) for s in Status],
        "by_type": [(t, by_type.get(t, 0)) for t in OrgType],
        "by_sector": [(s, by_sector.get(s, 0)) for s in Sector if by_sector.get(s)],
        "todo": todo,
    }
