"""Vietnamese display conventions: 1.234.567 ₫, dd/mm/yyyy, enum labels."""

from __future__ import annotations

from datetime import date
from enum import Enum

from flask import Flask
from flask_babel import get_locale


def num(value: int | None) -> str:
    return "" if value is None else f"{value:,}".replace(",", ".")


def money(value: int | None) -> str:
    return "" if value is None else f"{num(value)} ₫"


def day(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def label(value: Enum | None) -> str:
    """The Vietnamese label of an enum member, or its value in English."""
    if value is None:
        return "—"
    if str(get_locale()) == "en":
        return value.value.replace("_", " ")
    return getattr(value, "label", str(value))


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(num=num, money=money, day=day, label=label)
    app.jinja_env.globals.update(get_locale=get_locale)
