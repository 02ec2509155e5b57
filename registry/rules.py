"""The legal rules the registry applies, as pure functions over plain values.

Every legal figure (minimum members, capital caps, scale classes, the laws' dates, the grounds
for dissolution and their thresholds, case deadlines) is data in a :class:`RuleSet`, parsed
from a versioned TOML document (:mod:`registry.services.rule_sets` keeps the versions), never a
constant in code.
"""

from __future__ import annotations

import tomllib
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from registry.enums import GoverningLaw, OrgType, ScaleClass, Sector, Status
from registry.services.errors import DomainError

#: Legal status transitions: from → allowed next statuses. Dissolved and bankrupt are final.
_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.ACTIVE: frozenset(
        {
            Status.SUSPENDED,
            Status.NOT_AT_ADDRESS,
            Status.REVOKED,
            Status.AWAITING_DISSOLUTION,
            Status.BANKRUPT,
        }
    ),
    Status.SUSPENDED: frozenset(
        {
            Status.ACTIVE,
            Status.NOT_AT_ADDRESS,
            Status.REVOKED,
            Status.AWAITING_DISSOLUTION,
            Status.BANKRUPT,
        }
    ),
    Status.NOT_AT_ADDRESS: frozenset(
        {Status.ACTIVE, Status.REVOKED, Status.AWAITING_DISSOLUTION, Status.BANKRUPT}
    ),
    Status.REVOKED: frozenset({Status.ACTIVE, Status.AWAITING_DISSOLUTION, Status.BANKRUPT}),
    Status.AWAITING_DISSOLUTION: frozenset({Status.ACTIVE, Status.DISSOLVED, Status.BANKRUPT}),
    Status.DISSOLVED: frozenset(),
    Status.BANKRUPT: frozenset(),
}

GROUND_TESTS = frozenset(
    {
        "not_operating",
        "below_minimum",
        "no_general_meeting",
        "status_revoked",
        "suspended_too_long",
        "charter_not_amended",
        "not_reorganised",
    }
)
#: Tests that need a number of months, and those that need a deadline.
_NEEDS_MONTHS = {"not_operating", "below_minimum", "no_general_meeting", "suspended_too_long"}
_NEEDS_DEADLINE = {"charter_not_amended", "not_reorganised"}
CASE_STEPS = ("area_review", "decision", "completion")


class RuleSetError(DomainError):
    """A rule-set document that cannot be applied; the message names the key at fault."""


@dataclass(frozen=True)
class Ground:
    """One legal ground for dissolution or revocation, as the rule set states it."""

    code: str
    law: GoverningLaw
    test: str
    citation: str
    title_vi: str
    title_en: str
    confirmed: bool
    months: int | None = None
    deadline: date | None = None
    org_types: frozenset[OrgType] | None = None

    def title(self, lang: str = "vi") -> str:
        return self.title_en if lang == "en" else self.title_vi


@dataclass(frozen=True)
class RuleSet:
    """The legal figures, deadlines and grounds, parsed from a rule-set document (the built-in
    one is ``registry/legal_rules.toml``; later versions are kept in the database)."""

    laws: tuple[tuple[GoverningLaw, date, str], ...]
    min_members: dict[tuple[OrgType, GoverningLaw], int]
    capital_cap: dict[GoverningLaw, tuple[Fraction, Fraction]]
    capital_cap_confirmed: dict[GoverningLaw, bool]
    scale_thresholds: dict[Sector, tuple[tuple[ScaleClass, int, int, int], ...]]
    grounds: tuple[Ground, ...]
    case_days: dict[str, int]
    baseline_on: date
    report_on_day: tuple[int, int] = (12, 14)
    report_due_day: tuple[int, int] = (12, 15)
    text: str = field(default="", repr=False, compare=False)
    version: int = 0
    _in_force: dict[GoverningLaw, date] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_in_force", {law: day for law, day, _ in self.laws})

    def thresholds(self, sector: Sector) -> tuple[tuple[ScaleClass, int, int, int], ...]:
        return self.scale_thresholds.get(sector, self.scale_thresholds[Sector.AGRICULTURE])

    def law_on(self, day: date) -> GoverningLaw | None:
        """The Cooperative Law in force on ``day`` (None before the first one)."""
        current = None
        for law, in_force, _ in self.laws:
            if in_force <= day:
                current = law
        return current

    def in_force_on(self, law: GoverningLaw) -> date:
        return self._in_force[law]

    def citation(self, law: GoverningLaw) -> str:
        return next(text for code, _, text in self.laws if code == law)

    def minimum_on(self, org_type: OrgType, day: date) -> int | None:
        """Minimum official members of ``org_type`` under the law in force on ``day``."""
        law = self.law_on(day)
        return None if law is None else self.min_members[(org_type, law)]

    def report_on(self, year: int) -> date:
        """The day a year's report takes its figures on."""
        return date(year, *self.report_on_day)

    def report_due(self, year: int) -> date:
        """The day a year's report is due at the province."""
        return date(year, *self.report_due_day)

    def ground(self, code: str) -> Ground | None:
        return next((g for g in self.grounds if g.code == code), None)

    def grounds_on(self, day: date) -> tuple[Ground, ...]:
        """The grounds whose law is in force on ``day``."""
        law = self.law_on(day)
        return tuple(g for g in self.grounds if g.law == law)


def _bad(key: str, vi: str, en: str) -> RuleSetError:
    return RuleSetError(f"Bộ quy tắc, mục «{key}»: {vi}", f"Rule set, key '{key}': {en}")


def _enum(cls, value: Any, key: str):
    try:
        return cls(str(value))
    except ValueError:
        known = ", ".join(m.value for m in cls)
        raise _bad(
            key, f"giá trị «{value}» không hợp lệ ({known}).", f"'{value}' is not one of {known}."
        ) from None


def _get(table: dict, name: str, kind: type | tuple[type, ...], key: str) -> Any:
    if name not in table:
        raise _bad(f"{key}.{name}", "thiếu giá trị.", "missing.")
    value = table[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise _bad(f"{key}.{name}", "sai kiểu giá trị.", "wrong kind of value.")
    if isinstance(value, int) and not isinstance(value, bool) and value < 0:
        raise _bad(f"{key}.{name}", "không được âm.", "must not be negative.")
    return value


def _month_day(text: str, key: str) -> tuple[int, int]:
    """``"12-14"`` → (12, 14), a day that every year has."""
    month, _, day = text.partition("-")
    try:
        date(2001, int(month), int(day))  # not a leap year: 29 February is refused
    except ValueError:
        raise _bad(
            key, "phải là tháng-ngày, ví dụ 12-14.", "must be month-day, e.g. 12-14."
        ) from None
    return int(month), int(day)


def parse(text: str, version: int = 0) -> RuleSet:
    """A rule set from its TOML document; :class:`RuleSetError` names what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleSetError(
            f"Bộ quy tắc không đọc được (TOML): {exc}.", f"The rule set is not valid TOML: {exc}."
        ) from None
    if data.get("format") != 1:
        raise _bad("format", "phải là 1.", "must be 1.")
    laws = []
    for i, law in enumerate(data.get("laws", [])):
        key = f"laws[{i + 1}]"
        laws.append(
            (
                _enum(GoverningLaw, _get(law, "code", str, key), f"{key}.code"),
                _get(law, "in_force", date, key),
                _get(law, "citation", str, key),
            )
        )
    if {law for law, _, _ in laws} != set(GoverningLaw):
        raise _bad(
            "laws",
            "phải nêu đủ các luật 2003, 2012, 2023.",
            "must name each of the 2003, 2012 and 2023 laws.",
        )
    laws.sort(key=lambda law: law[1])
    minimum = {}
    for law in GoverningLaw:
        table = data.get("min_members", {}).get(law.value, {})
        for org_type in OrgType:
            minimum[(org_type, law)] = _get(table, org_type.value, int, f"min_members.{law}")
    caps, confirmed = {}, {}
    for law in GoverningLaw:
        key = f"capital_cap.{law}"
        table = data.get("capital_cap", {}).get(law.value, {})
        member = _get(table, "member_percent", int, key)
        union = _get(table, "union_member_percent", int, key)
        if not 0 < member <= 100 or not 0 < union <= 100:
            raise _bad(key, "tỷ lệ phải từ 1 đến 100.", "percentages run from 1 to 100.")
        caps[law] = (Fraction(member, 100), Fraction(union, 100))
        confirmed[law] = bool(table.get("confirmed", False))
    scale = {}
    for sector_name, rows in data.get("scale", {}).items():
        sector = _enum(Sector, sector_name, f"scale.{sector_name}")
        key = f"scale.{sector_name}"
        scale[sector] = tuple(
            (
                _enum(ScaleClass, _get(row, "class", str, key), f"{key}.class"),
                _get(row, "members", int, key),
                _get(row, "revenue_vnd", int, key),
                _get(row, "capital_vnd", int, key),
            )
            for row in rows
        )
    if Sector.AGRICULTURE not in scale:
        raise _bad("scale.agriculture", "thiếu bảng quy mô.", "missing.")
    grounds = []
    for i, row in enumerate(data.get("grounds", [])):
        key = f"grounds[{i + 1}]"
        test = _get(row, "test", str, key)
        if test not in GROUND_TESTS:
            raise _bad(f"{key}.test", f"không có phép kiểm «{test}».", f"no test '{test}'.")
        types = row.get("org_types")
        grounds.append(
            Ground(
                code=_get(row, "code", str, key),
                law=_enum(GoverningLaw, _get(row, "law", str, key), f"{key}.law"),
                test=test,
                citation=_get(row, "citation", str, key),
                title_vi=_get(row, "title_vi", str, key),
                title_en=_get(row, "title_en", str, key),
                confirmed=_get(row, "confirmed", bool, key),
                months=_get(row, "months", int, key) if test in _NEEDS_MONTHS else None,
                deadline=_get(row, "deadline", date, key) if test in _NEEDS_DEADLINE else None,
                org_types=None
                if types is None
                else frozenset(_enum(OrgType, t, f"{key}.org_types") for t in types),
            )
        )
    codes = [g.code for g in grounds]
    if len(set(codes)) != len(codes):
        raise _bad("grounds", "mã căn cứ bị trùng.", "a ground code is used twice.")
    days = {step: _get(data.get("case_days", {}), step, int, "case_days") for step in CASE_STEPS}
    baseline = _get(data.get("plan", {}), "baseline_on", date, "plan")
    reporting = data.get("reporting", {})
    report_on = _month_day(_get(reporting, "as_of", str, "reporting"), "reporting.as_of")
    report_due = _month_day(_get(reporting, "due", str, "reporting"), "reporting.due")
    return RuleSet(
        laws=tuple(laws),
        min_members=minimum,
        capital_cap=caps,
        capital_cap_confirmed=confirmed,
        scale_thresholds=scale,
        grounds=tuple(grounds),
        case_days=days,
        baseline_on=baseline,
        report_on_day=report_on,
        report_due_day=report_due,
        text=text,
        version=version,
    )


BUILT_IN_TEXT = (Path(__file__).parent / "legal_rules.toml").read_text(encoding="utf-8")
#: The built-in rule set (version 0): what applies until an administrator saves another.
DEFAULT_RULES = parse(BUILT_IN_TEXT)


def minimum_members(org_type: OrgType, law: GoverningLaw, rules: RuleSet) -> int:
    return rules.min_members[(org_type, law)]


def capital_cap_vnd(
    charter_capital_vnd: int,
    law: GoverningLaw,
    *,
    union_member: bool = False,
    rules: RuleSet,
) -> int:
    """The most one member may hold, in whole đồng (rounded down)."""
    share = rules.capital_cap[law][1 if union_member else 0]
    return int(charter_capital_vnd * share)


def scale_class(
    sector: Sector,
    members: int | None,
    revenue_vnd: int | None,
    capital_vnd: int | None,
    rules: RuleSet,
) -> ScaleClass:
    """Scale class under Decree 113/2024 Art. 5 from the year's figures."""
    members, revenue, capital = members or 0, revenue_vnd or 0, capital_vnd or 0
    for cls, min_members, min_revenue, min_capital in rules.thresholds(sector):
        if members >= min_members and (revenue >= min_revenue or capital >= min_capital):
            return cls
    return ScaleClass.MICRO


#: Statuses that only a decision brings about: recorded with its number and date.
DECIDED_STATUSES = frozenset({Status.REVOKED, Status.AWAITING_DISSOLUTION, Status.DISSOLVED})


def can_transition(current: Status | None, new: Status) -> bool:
    """Any status may open a history; after that only the listed transitions are allowed."""
    return current is None or new in _TRANSITIONS[current]


def allowed_next(current: Status | None) -> frozenset[Status]:
    return frozenset(Status) if current is None else _TRANSITIONS[current]


def order_history(events: Iterable[tuple[date, int, Status]]) -> list[tuple[date, int, Status]]:
    """Events as (effective date, sequence, status), in force order: by date, then recording."""
    return sorted(events, key=lambda e: (e[0], e[1]))


def invalid_transition(
    events: Sequence[tuple[date, int, Status]], stated: Container[int] = ()
) -> tuple[Status, Status] | None:
    """The first forbidden (from, to) pair in a history, or None when the history is valid.
    ``stated``: sequence numbers of events recorded as a document stated them (a list says
    what was, it does not ask permission): the step into them is not checked."""
    previous: Status | None = None
    for _, sequence, status in order_history(events):
        if sequence not in stated and not can_transition(previous, status):
            return previous, status
        previous = status
    return None


def missing_steps(current: Status | None, new: Status) -> list[Status]:
    """The fewest statuses between ``current`` and ``new`` that the transitions require
    (``[]`` when the step is allowed directly or no path exists)."""
    if can_transition(current, new):
        return []
    paths: list[list[Status]] = [[current]]
    seen = {current}
    while paths:
        path = paths.pop(0)
        for step in sorted(allowed_next(path[-1]), key=lambda s: s.value):
            if step == new:
                return path[1:]
            if step not in seen:
                seen.add(step)
                paths.append([*path, step])
    return []


def status_on(events: Iterable[tuple[date, int, Status]], day: date) -> Status | None:
    """The status in force on ``day``: reports "as of" a date are reproducible from history."""
    current = None
    for effective, _, status in order_history(events):
        if effective > day:
            break
        current = status
    return current


def months_between(start: date, end: date) -> int:
    """Whole calendar months from start to end (negative when end is earlier)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if end.day < start.day else months


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it has no such day
    (31/08 + 6 months = 28/02 or 29/02)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    following = date(year + month // 12, month % 12 + 1, 1)
    return min(
        day.replace(day=1, year=year, month=month) + timedelta(days=day.day - 1),
        following - timedelta(days=1),
    )
