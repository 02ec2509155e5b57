"""Grounds for dissolution: pure functions over one organisation's dated history.

For a date, each ground of the rule set whose law is in force then is *met*, *not met* or
*cannot tell* (the registry lacks the data: never guessed), with the facts it rests on and its
citation. The thresholds, citations and laws come from the :class:`~registry.rules.RuleSet`;
nothing here knows a legal figure. The database side (:mod:`registry.services.candidates`)
builds :class:`History` objects; tests build them by hand.

A threshold of N months is reached on the same day N months after the start
(:func:`registry.rules.add_months`): from 01/03/2025, twelve months are reached on 01/03/2026.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from registry.enums import GoverningLaw, GroundOutcome, OperatingState, OrgType, Status
from registry.rules import Ground, RuleSet, add_months
from registry.text import vn_date

#: Statuses after which an organisation no longer exists for the grounds.
ENDED = frozenset({Status.DISSOLVED, Status.BANKRUPT})
#: Legal statuses that are themselves evidence of not operating.
STOPPED_STATUSES = frozenset({Status.SUSPENDED, Status.NOT_AT_ADDRESS})
STOPPED_STATES = frozenset({OperatingState.NOT_OPERATING, OperatingState.NOT_FOUND})


# Plain slotted dataclasses, not frozen ones: a province's check builds hundreds of thousands
# of them, and a frozen dataclass's __init__ costs about three times as much.
@dataclass(slots=True)
class StatusFact:
    effective_on: date
    status: Status
    decision_no: str | None = None
    decision_on: date | None = None


@dataclass(slots=True)
class History:
    """What the registry holds about one organisation, as the grounds read it.

    ``official_members``: the number of official members as a step function, ``(day, count)``
    meaning ``count`` from ``day`` on, in date order; None when nothing is known (no member on
    the register and no reported count). ``members_source`` says where it comes from
    ("register" or "reported"). ``meetings``: the latest day each recorded general meeting can
    have been held (a meeting known to the month counts from the month's last day)."""

    org_type: OrgType
    governing_law: GoverningLaw
    founded: date | None = None
    registered_on: date | None = None
    charter_amended_on: date | None = None
    not_reorganized: bool = False
    statuses: tuple[StatusFact, ...] = ()
    observations: tuple[tuple[date, OperatingState], ...] = ()
    official_members: tuple[tuple[date, int], ...] | None = None
    members_source: str = "register"
    meetings: tuple[date, ...] = ()
    has_figures: bool = False


@dataclass(slots=True)
class Finding:
    """One ground checked on a date: the outcome, since when it is met, and the facts."""

    ground: Ground
    outcome: GroundOutcome
    since: date | None
    facts: dict[str, Any] = field(default_factory=dict)
    vi: str = ""
    en: str = ""

    @property
    def met(self) -> bool:
        return self.outcome == GroundOutcome.MET

    def evidence(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi


def _finding(ground, outcome, since, facts, vi, en) -> Finding:
    return Finding(ground, outcome, since, facts, vi, en)


def _threshold(ground: Ground, start: date, as_of: date, facts: dict, vi: str, en: str):
    """Met when ``ground.months`` have run from ``start`` by ``as_of``."""
    reached = add_months(start, ground.months)
    facts = facts | {"threshold_on": reached}
    if as_of >= reached:
        return _finding(ground, GroundOutcome.MET, reached, facts, vi, en)
    return _finding(
        ground,
        GroundOutcome.NOT_MET,
        None,
        facts,
        f"{vi}; đủ {ground.months} tháng vào ngày {vn_date(reached)}",
        f"{en}; {ground.months} months are reached on {vn_date(reached)}",
    )


def not_operating(ground: Ground, h: History, as_of: date, rules: RuleSet) -> Finding:
    """Observations of what an officer found, and the legal statuses that say the same
    (suspended, not at its address); a resumption of business after them counts as operating.
    The run of "not operating" still unbroken on ``as_of`` must have lasted the months."""
    signals: list[tuple[date, bool, str]] = []  # (day, stopped?, what)
    previous = None
    for fact in h.statuses:
        if fact.effective_on > as_of:
            break
        if fact.status in STOPPED_STATUSES:
            signals.append((fact.effective_on, True, "status"))
        elif fact.status == Status.ACTIVE and previous in STOPPED_STATUSES:
            signals.append((fact.effective_on, False, "status"))
        previous = fact.status
    signals += [(d, s in STOPPED_STATES, "observation") for d, s in h.observations if d <= as_of]
    signals.sort(key=lambda s: s[0])
    if not signals:
        return _finding(
            ground,
            GroundOutcome.UNKNOWN,
            None,
            {},
            "chưa có ghi nhận nào về tình trạng hoạt động thực tế",
            "no record of whether it operates in fact",
        )
    start = None
    for day, stopped, _ in signals:
        if not stopped:
            start = None
        elif start is None:
            start = day
    last_day = signals[-1][0]
    if start is None:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            {"operating_on": last_day},
            f"ghi nhận còn hoạt động ngày {vn_date(last_day)}",
            f"recorded as operating on {vn_date(last_day)}",
        )
    count = sum(1 for d, stopped, _ in signals if stopped and d >= start)
    facts = {"not_operating_since": start, "records": count, "last_record_on": last_day}
    return _threshold(
        ground,
        start,
        as_of,
        facts,
        f"không hoạt động từ {vn_date(start)} ({count} ghi nhận, gần nhất {vn_date(last_day)})",
        f"not operating since {vn_date(start)} ({count} record{'s' if count != 1 else ''}, "
        f"latest {vn_date(last_day)})",
    )


def below_minimum(ground: Ground, h: History, as_of: date, rules: RuleSet) -> Finding:
    """The official members against the minimum of the law in force at each date (the
    minimum itself changed on 1/7/2024); the run below it still unbroken on ``as_of``."""
    if not h.official_members:
        return _finding(
            ground,
            GroundOutcome.UNKNOWN,
            None,
            {},
            "không có danh sách thành viên và số thành viên báo cáo",
            "neither a member register nor a reported member count",
        )
    points = [(d, n) for d, n in h.official_members if d <= as_of]
    if not points:
        return _finding(
            ground,
            GroundOutcome.UNKNOWN,
            None,
            {},
            f"chưa biết số thành viên trước ngày {vn_date(h.official_members[0][0])}",
            f"no member count known before {vn_date(h.official_members[0][0])}",
        )
    changes = sorted(
        {d for d, _ in points} | {day for _, day, _ in rules.laws if points[0][0] < day <= as_of}
    )
    counts = dict(points)
    start = None
    count = 0
    minimum = None
    for day in changes:
        count = counts.get(day, count)
        minimum = rules.minimum_on(h.org_type, day)
        below = minimum is not None and count < minimum
        if not below:
            start = None
        elif start is None:
            start = day
    source_vi = "theo danh sách thành viên" if h.members_source == "register" else "theo báo cáo"
    source_en = "on the register" if h.members_source == "register" else "as reported"
    facts = {"official_members": count, "minimum": minimum, "source": h.members_source}
    if start is None:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            facts,
            f"{count} thành viên chính thức {source_vi}, tối thiểu {minimum}",
            f"{count} official members {source_en}, minimum {minimum}",
        )
    return _threshold(
        ground,
        start,
        as_of,
        facts | {"below_since": start},
        f"{count} thành viên chính thức {source_vi}, dưới mức tối thiểu {minimum} từ "
        f"{vn_date(start)}",
        f"{count} official members {source_en}, below the minimum of {minimum} since "
        f"{vn_date(start)}",
    )


def no_general_meeting(ground: Ground, h: History, as_of: date, rules: RuleSet) -> Finding:
    """From the last recorded general meeting; with annual figures but no meeting recorded,
    from the founding (or registration). With no figures at all the registry cannot tell."""
    held = [d for d in h.meetings if d <= as_of]
    if held:
        last = max(held)
        return _threshold(
            ground,
            last,
            as_of,
            {"last_meeting_on": last},
            f"đại hội thành viên gần nhất ghi nhận ngày {vn_date(last)}",
            f"last general meeting recorded on {vn_date(last)}",
        )
    start = h.founded or h.registered_on
    if not h.has_figures or start is None:
        return _finding(
            ground,
            GroundOutcome.UNKNOWN,
            None,
            {},
            "chưa có số liệu năm nào để biết có họp đại hội thành viên hay không",
            "no annual figures to tell whether general meetings were held",
        )
    return _threshold(
        ground,
        start,
        as_of,
        {"no_meeting_since": start},
        f"không ghi nhận đại hội thành viên nào từ khi thành lập ({vn_date(start)})",
        f"no general meeting recorded since it was founded ({vn_date(start)})",
    )


def _status_in_force(h: History, as_of: date) -> tuple[StatusFact | None, date | None]:
    """The status fact in force on ``as_of`` and the day its run began (a repeated status
    continues the run; for a suspension see :func:`suspended_too_long`)."""
    current, since = None, None
    for fact in h.statuses:
        if fact.effective_on > as_of:
            break
        if current is None or fact.status != current.status:
            since = fact.effective_on
        current = fact
    return current, since


def _in_status(ground: Ground, h: History, as_of: date, status: Status):
    """The status fact in force and the start of its run when it is ``status``; else the
    finding that says why the ground does not hold (no history: cannot tell)."""
    current, since = _status_in_force(h, as_of)
    if current is None:
        return _finding(
            ground,
            GroundOutcome.UNKNOWN,
            None,
            {},
            "chưa có lịch sử trạng thái",
            "no status history",
        )
    if current.status != status:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            {"status": current.status.value},
            f"trạng thái pháp lý: {current.status.label}",
            f"legal status: {current.status.label}",
        )
    return current, since


def status_revoked(ground: Ground, h: History, as_of: date, rules: RuleSet) -> Finding:
    found = _in_status(ground, h, as_of, Status.REVOKED)
    if isinstance(found, Finding):
        return found
    current, since = found
    decision = f" (quyết định {current.decision_no})" if current.decision_no else ""
    return _finding(
        ground,
        GroundOutcome.MET,
        since,
        {"revoked_on": since, "decision_no": current.decision_no},
        f"bị thu hồi giấy chứng nhận từ {vn_date(since)}{decision}",
        f"certificate revoked since {vn_date(since)}{decision.replace('quyết định', 'decision')}",
    )


def suspended_too_long(ground: Ground, h: History, as_of: date, rules: RuleSet) -> Finding:
    """A notice covers the months from its own date: a later suspension notice renews it."""
    found = _in_status(ground, h, as_of, Status.SUSPENDED)
    if isinstance(found, Finding):
        return found
    notice = found[0].effective_on
    return _threshold(
        ground,
        notice,
        as_of,
        {"suspended_since": notice, "decision_no": found[0].decision_no},
        f"tạm ngừng kinh doanh theo thông báo từ {vn_date(notice)}",
        f"suspended by a notice from {vn_date(notice)}",
    )


def charter_not_amended(ground: Ground, h: History, as_of: date, rules: RuleSet) -> Finding:
    """Organisations that existed when the 2023 law came into force amend their charter by
    the deadline (Art. 115)."""
    in_force = rules.in_force_on(GoverningLaw.LAW_2023)
    first = h.statuses[0].effective_on if h.statuses else None
    existed = [d for d in (h.founded, h.registered_on, first) if d is not None]
    if not existed:
        return _finding(
            ground,
            GroundOutcome.UNKNOWN,
            None,
            {},
            "chưa biết ngày thành lập",
            "founding date unknown",
        )
    if min(existed) >= in_force:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            {"founded_on": min(existed)},
            f"thành lập sau ngày {vn_date(in_force)}",
            f"founded after {vn_date(in_force)}",
        )
    amended = h.charter_amended_on
    if amended is not None and amended <= as_of:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            {"charter_amended_on": amended},
            f"đã sửa đổi điều lệ ngày {vn_date(amended)}",
            f"charter amended on {vn_date(amended)}",
        )
    due = ground.deadline
    facts = {"deadline": due}
    if as_of <= due:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            facts,
            f"chưa sửa đổi điều lệ; hạn đến {vn_date(due)}",
            f"charter not yet amended; due by {vn_date(due)}",
        )
    return _finding(
        ground,
        GroundOutcome.MET,
        due + timedelta(days=1),
        facts,
        f"chưa ghi nhận sửa đổi điều lệ, quá hạn {vn_date(due)}",
        f"no charter amendment recorded by the deadline of {vn_date(due)}",
    )


def not_reorganised(ground: Ground, h: History, as_of: date, rules: RuleSet) -> Finding:
    flagged = h.not_reorganized or h.governing_law == GoverningLaw.LAW_2003
    due = ground.deadline
    if not flagged:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            {"governing_law": h.governing_law.value},
            f"hoạt động theo {h.governing_law.label}",
            f"operates under the {h.governing_law.value} law",
        )
    reason_vi = (
        "đánh dấu chưa chuyển đổi, tổ chức lại"
        if h.not_reorganized
        else "vẫn đăng ký theo Luật HTX 2003"
    )
    reason_en = "marked as not reorganised" if h.not_reorganized else "still under the 2003 law"
    if as_of < due:
        return _finding(
            ground,
            GroundOutcome.NOT_MET,
            None,
            {"deadline": due},
            f"{reason_vi}; hạn đến {vn_date(due)}",
            f"{reason_en}; due by {vn_date(due)}",
        )
    return _finding(
        ground,
        GroundOutcome.MET,
        due,
        {"deadline": due},
        f"{reason_vi}, quá hạn {vn_date(due)}",
        f"{reason_en}, past the deadline of {vn_date(due)}",
    )


TESTS: dict[str, Callable[[Ground, History, date, RuleSet], Finding]] = {
    "not_operating": not_operating,
    "below_minimum": below_minimum,
    "no_general_meeting": no_general_meeting,
    "status_revoked": status_revoked,
    "suspended_too_long": suspended_too_long,
    "charter_not_amended": charter_not_amended,
    "not_reorganised": not_reorganised,
}


def exists_on(h: History, as_of: date) -> bool:
    """Founded by ``as_of`` and not dissolved or bankrupt then."""
    current, _ = _status_in_force(h, as_of)
    if current is not None:
        return current.status not in ENDED
    return h.founded is not None and h.founded <= as_of


def evaluate(
    h: History, as_of: date, rules: RuleSet, grounds: tuple[Ground, ...] | None = None
) -> list[Finding]:
    """Every ground in force on ``as_of`` that applies to the organisation's type, checked;
    nothing for an organisation that did not exist then, or had ceased to. ``grounds``: those
    in force on ``as_of``, when the caller checks many organisations for one date."""
    if not exists_on(h, as_of):
        return []
    return [
        TESTS[ground.test](ground, h, as_of, rules)
        for ground in (rules.grounds_on(as_of) if grounds is None else grounds)
        if ground.org_types is None or h.org_type in ground.org_types
    ]
