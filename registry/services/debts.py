"""The clean-up ledger of debts: repayments and settlements as history.

A debt's ``outstanding_vnd`` is the amount outstanding now. Each settlement lowers it (a
rescheduling changes the plan, not the amount), so the amount outstanding on a past day is
the current one plus what was settled after that day.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from registry.enums import DebtState, SettlementKind
from registry.models import Debt, DebtSettlement, User
from registry.scope import Scope, outside_area
from registry.services.errors import DomainError
from registry.text import thousands

#: Settlements that lower the amount outstanding.
REDUCING = (SettlementKind.PAID, SettlementKind.WRITTEN_OFF, SettlementKind.CONVERTED)


def settle(
    session: Session,
    *,
    scope: Scope,
    user: User | None,
    debt: Debt,
    on: date,
    kind: SettlementKind,
    amount_vnd: int,
    reference: str | None = None,
    note: str | None = None,
    new_target_on: date | None = None,
) -> DebtSettlement:
    """Record a settlement and bring the debt's amount and state up to date: settled (or
    written off) at zero, partly settled before. A rescheduling may set a new target date."""
    if not scope.can_edit:
        raise DomainError(
            "Vai trò của bạn không cho phép sửa dữ liệu.", "Your role does not allow editing."
        )
    if not scope.allows(debt.organisation):
        raise outside_area()
    if on > date.today():
        raise DomainError(
            "Ngày xử lý không được ở tương lai.", "The date cannot be in the future.", field="on"
        )
    if amount_vnd < 0 or (kind in REDUCING and amount_vnd == 0):
        raise DomainError(
            "Số tiền xử lý phải lớn hơn 0.", "The amount must be positive.", field="amount_vnd"
        )
    if kind in REDUCING and amount_vnd > debt.outstanding_vnd:
        raise DomainError(
            f"Số tiền {thousands(amount_vnd)} ₫ lớn hơn số nợ còn lại "
            f"{thousands(debt.outstanding_vnd)} ₫.",
            f"{thousands(amount_vnd)} ₫ is more than the {thousands(debt.outstanding_vnd)} ₫ "
            "outstanding.",
            field="amount_vnd",
        )
    entry = DebtSettlement(
        debt_id=debt.id,
        on=on,
        kind=kind,
        amount_vnd=amount_vnd if kind in REDUCING else 0,
        reference=(reference or "").strip() or None,
        note=(note or "").strip() or None,
        recorded_by_id=user.id if user is not None else None,
    )
    session.add(entry)
    if kind in REDUCING:
        debt.outstanding_vnd -= amount_vnd
        if debt.outstanding_vnd == 0:
            debt.state = (
                DebtState.WRITTEN_OFF if kind == SettlementKind.WRITTEN_OFF else DebtState.SETTLED
            )
        else:
            debt.state = DebtState.PARTLY_SETTLED
        debt.as_of = max(debt.as_of, on)
    if kind == SettlementKind.RESCHEDULED and new_target_on is not None:
        debt.target_on = new_target_on
    session.flush()
    return entry


def outstanding_on(session: Session, debt: Debt, day: date) -> int:
    """The amount outstanding on ``day``: the current amount plus what was settled after."""
    later = session.scalar(
        select(func.coalesce(func.sum(DebtSettlement.amount_vnd), 0)).where(
            DebtSettlement.debt_id == debt.id,
            DebtSettlement.on > day,
            DebtSettlement.kind.in_(REDUCING),
        )
    )
    return debt.outstanding_vnd + int(later)
