"""Vietnamese display conventions: 1.234.567 ₫, dd/mm/yyyy, enum labels, change lists."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import Enum
from zoneinfo import ZoneInfo

from flask import Flask
from flask_babel import get_locale

from admin.i18n import language
from registry.enums import DatePrecision

#: Officers read times in Vietnam's time zone; the registry stores UTC.
LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


def num(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def money(value: int | None) -> str:
    return "" if value is None else f"{num(value)} ₫"


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def isoday(value: str | None) -> str:
    """A date kept as ISO text (in a JSON column) as officers read dates."""
    return "" if not value else day(date.fromisoformat(value))


def submission_state(value: str | None) -> str:
    """A submission's state as the audit log keeps it (its value), as a label."""
    from registry.enums import SubmissionState

    return label(SubmissionState(value)) if value else ""


def partial_day(value: date | None, precision: DatePrecision | None) -> str:
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    if precision == DatePrecision.MONTH:
        return value.strftime("%m/%Y")
    return day(value)


def moment(value: datetime | None) -> str:
    """A moment in the province's time. The registry keeps moments in UTC; SQLite gives them
    back without their offset, which is then UTC too (shown as it was, they were 7 hours
    early)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(LOCAL_TIME).strftime("%d/%m/%Y %H:%M")


def label(value: Enum | None) -> str:
    """An enum member's label in the page's language."""
    if value is None:
        return "—"
    if not isinstance(value, Enum):
        return str(value)
    if language() == "en":
        return getattr(value, "en", None) or value.value.replace("_", " ")
    return getattr(value, "label", str(value))


def init_app(app: Flask) -> None:
    from admin.change_values import changes
    from admin.labels import LABELS, TABLE_LABELS
    from admin.units import unit_label

    app.jinja_env.filters.update(
        num=num,
        money=money,
        day=day,
        isoday=isoday,
        submission_state=submission_state,
        label=label,
        datetime=moment,
        changes=changes,
    )
    app.jinja_env.globals.update(
        unit_label=unit_label,
        get_locale=get_locale,
        labels=LABELS,
        table_labels=TABLE_LABELS,
        partial_day=partial_day,
    )

    @app.context_processor
    def _access():
        from flask_login import current_user

        from admin.access import current_access

        return {"access": current_access() if current_user.is_authenticated else None}
