"""The legal rules the registry applies, as pure functions over plain values.

Figures marked [to confirm] in the domain brief are data in a :class:`RuleSet`, not constants in
code: a province can load its own values with :func:`load_rules` from a TOML file named by
``REGISTRY_RULES_FILE``.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction

from registry.enums import GoverningLaw, OrgType, ScaleClass, Sector, Status

#: (type, law) → minimum official members.
#: Law 17/2023 Art. 4: THT ≥ 2, HTX ≥ 5, LHHTX ≥ 3 [verified].
#: Law 23/2012 Art. 3: HTX ≥ 7, LHHTX ≥ 4 [verified]. Credit funds are cooperatives.
_MIN_MEMBERS = {
    (OrgType.GROUP, GoverningLaw.LAW_2003): 2,
    (OrgType.GROUP, GoverningLaw.LAW_2012): 2,
    (OrgType.GROUP, GoverningLaw.LAW_2023): 2,
    (OrgType.COOPERATIVE, GoverningLaw.LAW_2003): 7,
    (OrgType.COOPERATIVE, GoverningLaw.LAW_2012): 7,
    (OrgType.COOPERATIVE, GoverningLaw.LAW_2023): 5,
    (OrgType.CREDIT_FUND, GoverningLaw.LAW_2003): 7,
    (OrgType.CREDIT_FUND, GoverningLaw.LAW_2012): 7,
    (OrgType.CREDIT_FUND, GoverningLaw.LAW_2023): 5,
    (OrgType.UNION, GoverningLaw.LAW_2003): 4,
    (OrgType.UNION, GoverningLaw.LAW_2012): 4,
    (OrgType.UNION, GoverningLaw.LAW_2023): 3,
}

#: Share of charter capital one member may hold, by law: (ordinary member, member cooperative
#: of a union). Law 23/2012 Art. 17(3): 20 % / 30 % [verified]; 2003 and 2023 [to confirm].
_CAPITAL_CAP = {
    GoverningLaw.LAW_2003: (Fraction(30, 100), Fraction(30, 100)),
    GoverningLaw.LAW_2012: (Fraction(20, 100), Fraction(30, 100)),
    GoverningLaw.LAW_2023: (Fraction(20, 100), Fraction(30, 100)),
}

#: Decree 113/2024 Art. 5, agriculture [verified]: (class, min members, min revenue, min capital);
#: a class needs the members AND (the revenue OR the capital). Other sectors [to confirm].
_SCALE_AGRICULTURE = (
    (ScaleClass.LARGE, 300, 50_000_000_000, 10_000_000_000),
    (ScaleClass.MEDIUM, 200, 10_000_000_000, 5_000_000_000),
    (ScaleClass.SMALL, 50, 2_000_000_000, 1_000_000_000),
)

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

#: Suspension may last at most 12 months per notice (Decree 92/2024) [verified].
SUSPENSION_MONTHS = 12
#: Compulsory-dissolution / revocation ground: no general meeting for 18 months [verified].
GENERAL_MEETING_MONTHS = 18


@dataclass(frozen=True)
class RuleSet:
    """The configurable figures. Defaults follow the domain brief."""

    min_members: dict[tuple[OrgType, GoverningLaw], int] = field(
        default_factory=lambda: dict(_MIN_MEMBERS)
    )
    capital_cap: dict[GoverningLaw, tuple[Fraction, Fraction]] = field(
        default_factory=lambda: dict(_CAPITAL_CAP)
    )
    scale_thresholds: dict[Sector, tuple[tuple[ScaleClass, int, int, int], ...]] = field(
        default_factory=dict
    )

    def thresholds(self, sector: Sector) -> tuple[tuple[ScaleClass, int, int, int], ...]:
        return self.scale_thresholds.get(sector, _SCALE_AGRICULTURE)


DEFAULT_RULES = RuleSet()


def load_rules(path: str | None = None) -> RuleSet:
    """Defaults, overridden by a TOML file such as::

    [capital_cap."2023"]
    member_percent = 20
    union_member_percent = 30
    """
    path = path or os.environ.get("REGISTRY_RULES_FILE")
    if not path:
        return DEFAULT_RULES
    with open(path, "rb") as f:
        data = tomllib.load(f)
    caps = dict(DEFAULT_RULES.capital_cap)
    for law, value in data.get("capital_cap", {}).items():
        caps[GoverningLaw(law)] = (
            Fraction(value["member_percent"], 100),
            Fraction(value["union_member_percent"], 100),
        )
    minimum = dict(DEFAULT_RULES.min_members)
    for key, value in data.get("min_members", {}).items():
        org_type, law = key.split(":")
        minimum[(OrgType(org_type), GoverningLaw(law))] = int(value)
    return replace(DEFAULT_RULES, capital_cap=caps, min_members=minimum)


def minimum_members(org_type: OrgType, law: GoverningLaw, rules: RuleSet = DEFAULT_RULES) -> int:
    return rules.min_members[(org_type, law)]


def capital_cap_vnd(
    charter_capital_vnd: int,
    law: GoverningLaw,
    *,
    union_member: bool = False,
    rules: RuleSet = DEFAULT_RULES,
) -> int:
    """The most one member may hold, in whole đồng (rounded down)."""
    share = rules.capital_cap[law][1 if union_member else 0]
    return int(charter_capital_vnd * share)


def scale_class(
    sector: Sector,
    members: int | None,
    revenue_vnd: int | None,
    capital_vnd: int | None,
    rules: RuleSet = DEFAULT_RULES,
) -> ScaleClass:
    """Scale class under Decree 113/2024 Art. 5 from the year's figures."""
    members, revenue, capital = members or 0, revenue_vnd or 0, capital_vnd or 0
    for cls, min_members, min_revenue, min_capital in rules.thresholds(sector):
        if members >= min_members and (revenue >= min_revenue or capital >= min_capital):
            return cls
    return ScaleClass.MICRO


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
