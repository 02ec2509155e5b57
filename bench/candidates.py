"""Grounds for dissolution for the whole province: the registry's candidates against the same
grounds computed with pandas from the raw tables, in the same run.

    registry --db sqlite:///bench.db db upgrade
    registry --db sqlite:///bench.db demo --cooperatives 30000 --members 1000000
    python bench/candidates.py --db sqlite:///bench.db --as-of 2026-11-28

Steps, each timed three times (the best kept), on the same database:
1. the measured path: ``registry.services.candidates.candidates`` for the whole province (what
   ``registry cases candidates`` and the candidates screen run);
2. the baseline: every table the grounds read, loaded whole with ``pandas.read_sql``, and the
   grounds computed with vectorised pandas operations.
The two must agree on every (organisation, ground, met since); the script fails if not.
"""

from __future__ import annotations

import argparse
from datetime import date

import pandas as pd
from sqlalchemy import create_engine
from sqlmodel import Session
from timing import best_of

from registry.services import candidates, rule_sets

STOPPED = ("suspended", "not_at_address")
GONE = ("dissolved", "bankrupt")


def registry_candidates(engine, as_of: date) -> set[tuple[int, str, date]]:
    with Session(engine) as session:
        rules = rule_sets.current(session)
        found = candidates.candidates(session, as_of, rules)
    return {(c.id, f.ground.code, f.since) for c in found for f in c.met}


def _later(days: pd.Series, months: int) -> pd.Series:
    return days.map(lambda d: (pd.Timestamp(d) + pd.DateOffset(months=months)).date())


def _latest_day(days: pd.Series, precision: pd.Series) -> pd.Series:
    stamps = pd.to_datetime(days)
    year_end = stamps + pd.offsets.YearEnd(0)
    month_end = stamps + pd.offsets.MonthEnd(0)
    latest = stamps.where(precision.isna() | (precision == "day"), month_end)
    return latest.where(precision != "year", year_end).dt.date


def pandas_candidates(engine, as_of: date) -> set[tuple[int, str, date]]:
    """The 2023 law's grounds (the law in force after 1/7/2024), written for pandas."""
    with Session(engine) as session:
        rules = rule_sets.current(session)
    grounds = {g.test: g for g in rules.grounds_on(as_of)}
    cut_over = rules.in_force_on(rules.law_on(as_of))
    read = lambda sql: pd.read_sql(sql, engine)  # noqa: E731
    orgs = read(
        "SELECT id, org_type, governing_law, founded_on, founded_precision, registered_on, "
        "charter_amended_on, not_reorganized FROM organisation"
    ).set_index("id")
    events = read("SELECT organisation_id, effective_on, status FROM status_event ORDER BY id")
    for frame, column in ((events, "effective_on"),):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    events = events[events.effective_on <= as_of].sort_values(
        ["organisation_id", "effective_on"], kind="stable"
    )
    orgs["founded"] = _latest_day(orgs.founded_on, orgs.founded_precision)
    for column in ("registered_on", "charter_amended_on"):
        orgs[column] = pd.to_datetime(orgs[column]).dt.date
    last = events.groupby("organisation_id").tail(1).set_index("organisation_id")
    orgs["status"] = last.status
    orgs["status_on"] = last.effective_on
    alive = orgs[
        ~orgs.status.isin(GONE)
        & (orgs.status.notna() | (orgs.founded.notna() & (orgs.founded <= as_of)))
    ]
    met: list[tuple[int, str, date]] = []

    def add(frame: pd.DataFrame, test: str, since: pd.Series) -> None:
        code = grounds[test].code
        met.extend((int(i), code, d) for i, d in zip(frame.index, since, strict=True))

    # Revoked: since the first day of the run of revoked events ending on as_of.
    revoked = alive[alive.status == "revoked"]
    runs = events.assign(change=events.status.ne(events.groupby("organisation_id").status.shift()))
    run_start = runs[runs.change].groupby("organisation_id").effective_on.last()
    add(revoked, "status_revoked", run_start.reindex(revoked.index))

    # Suspended past the months a notice covers, from the latest notice.
    test = grounds["suspended_too_long"]
    suspended = alive[alive.status == "suspended"]
    due = _later(suspended.status_on, test.months)
    add(suspended[due <= as_of], "suspended_too_long", due[due <= as_of])

    # Not operating: the run of stop signals since the last operating one.
    seen = read("SELECT organisation_id, observed_on, state FROM operating_observation")
    seen["observed_on"] = pd.to_datetime(seen.observed_on).dt.date
    seen = seen[seen.observed_on <= as_of]
    previous = events.groupby("organisation_id").status.shift()
    signals = pd.concat(
        [
            pd.DataFrame(
                {
                    "organisation_id": events.organisation_id,
                    "day": events.effective_on,
                    "stopped": events.status.isin(STOPPED),
                    "signal": events.status.isin(STOPPED)
                    | ((events.status == "active") & previous.isin(STOPPED)),
                    "order": 0,
                }
            ),
            pd.DataFrame(
                {
                    "organisation_id": seen.organisation_id,
                    "day": seen.observed_on,
                    "stopped": seen.state.isin(("not_operating", "not_found")),
                    "signal": True,
                    "order": 1,
                }
            ),
        ]
    )
    signals = signals[signals.signal].sort_values(
        ["organisation_id", "day", "order"], kind="stable"
    )
    operating = signals[~signals.stopped].groupby("organisation_id").day.max()
    signals = signals.join(operating.rename("resumed"), on="organisation_id")
    after = signals[signals.stopped & (signals.resumed.isna() | (signals.day > signals.resumed))]
    start = after.groupby("organisation_id").day.min()
    start = start[start.index.isin(alive.index)]
    test = grounds["not_operating"]
    due = _later(start, test.months)
    add(pd.DataFrame(index=due[due <= as_of].index), "not_operating", due[due <= as_of])

    # Below the minimum: counted on as_of; for those below, the run's start from the deltas.
    members = read(
        "SELECT organisation_id, joined_on, left_on FROM membership WHERE member_type = 'official'"
    )
    members["joined_on"] = pd.to_datetime(members.joined_on).dt.date
    members["left_on"] = pd.to_datetime(members.left_on).dt.date
    counted = (
        members[
            (members.joined_on.isna() | (members.joined_on <= as_of))
            & (members.left_on.isna() | (members.left_on > as_of))
        ]
        .groupby("organisation_id")
        .size()
    )
    minimum_now = alive.org_type.map(lambda t: rules.min_members[(t, rules.law_on(as_of))])
    on_register = alive.index.isin(members.organisation_id.unique())
    below_now = alive[on_register & (counted.reindex(alive.index).fillna(0) < minimum_now)]
    deltas = pd.concat(
        [
            pd.DataFrame(
                {
                    "organisation_id": members.organisation_id,
                    "day": members.joined_on.fillna(date.min),
                    "n": 1,
                }
            ),
            pd.DataFrame(
                {"organisation_id": members.organisation_id, "day": members.left_on, "n": -1}
            ).dropna(),
        ]
    )
    deltas = deltas[deltas.organisation_id.isin(below_now.index)]
    steps = deltas.groupby(["organisation_id", "day"]).n.sum().groupby(level=0).cumsum()
    steps = steps.reset_index().rename(columns={"n": "count"})
    first = steps.groupby("organisation_id").day.min()
    law_days = [d for _, d, _ in rules.laws]
    extra = [
        (oid, d)
        for oid in below_now.index
        for d in law_days
        if first.get(oid, date.max) < d <= as_of
    ]
    if extra:
        steps = pd.concat([steps, pd.DataFrame(extra, columns=["organisation_id", "day"])])
        steps = steps.sort_values(["organisation_id", "day"], kind="stable")
        steps["count"] = steps.groupby("organisation_id")["count"].ffill()
        steps = steps.groupby(["organisation_id", "day"]).tail(1)
    steps = steps[steps.day <= as_of]
    types = below_now.org_type.reindex(steps.organisation_id).to_numpy()
    steps["minimum"] = [
        (rules.minimum_on(t, d) if rules.law_on(d) else None)
        for t, d in zip(types, steps.day, strict=True)
    ]
    steps["below"] = steps.minimum.notna() & (steps["count"] < steps.minimum.fillna(0))
    last_ok = steps[~steps.below].groupby("organisation_id").day.max()
    steps = steps.join(last_ok.rename("ok"), on="organisation_id")
    start = (
        steps[steps.below & (steps.ok.isna() | (steps.day > steps.ok))]
        .groupby("organisation_id")
        .day.min()
    )
    test = grounds["below_minimum"]
    due = _later(start, test.months)
    add(pd.DataFrame(index=due[due <= as_of].index), "below_minimum", due[due <= as_of])

    # No general meeting: from the last one recorded, else the founding when figures exist.
    figures = read(
        "SELECT organisation_id, year, general_meeting_on, general_meeting_precision "
        "FROM annual_figures"
    )
    figures = figures[figures.year <= as_of.year]
    held = figures.dropna(subset=["general_meeting_on"]).copy()
    held["day"] = _latest_day(held.general_meeting_on, held.general_meeting_precision)
    held = held[held.day <= as_of].groupby("organisation_id").day.max()
    has_figures = alive.index.isin(figures.organisation_id.unique())
    start = held.reindex(alive.index)
    fallback = alive.founded.where(alive.founded.notna(), alive.registered_on)
    start = start.where(start.notna(), fallback.where(has_figures))
    start = start.dropna()
    test = grounds["no_general_meeting"]
    due = _later(start, test.months)
    add(pd.DataFrame(index=due[due <= as_of].index), "no_general_meeting", due[due <= as_of])

    # The charter not amended by the deadline, for organisations older than the law.
    test = grounds["charter_not_amended"]
    first_status = events.groupby("organisation_id").effective_on.min()
    existed = pd.concat(
        [alive.founded, alive.registered_on, first_status.reindex(alive.index)], axis=1
    ).min(axis=1)
    charter = alive[
        alive.org_type.isin([t.value for t in test.org_types])
        & existed.notna()
        & (existed < cut_over)
        & ~(alive.charter_amended_on.notna() & (alive.charter_amended_on <= as_of))
    ]
    if as_of > test.deadline:
        since = pd.Series(test.deadline + pd.Timedelta(days=1), index=charter.index)
        add(
            charter,
            "charter_not_amended",
            since.map(lambda t: t.date() if hasattr(t, "date") else t),
        )

    # Not reorganised under the 2012 law: flagged, or still under the 2003 law.
    test = grounds["not_reorganised"]
    late = alive[alive.not_reorganized.astype(bool) | (alive.governing_law == "2003")]
    if as_of >= test.deadline:
        add(late, "not_reorganised", pd.Series(test.deadline, index=late.index))
    return set(met)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="sqlite:///file.db with demo data")
    parser.add_argument("--as-of", default="2026-11-28")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    engine = create_engine(args.db)
    measured, ours = best_of(registry_candidates, engine, as_of)
    baseline, theirs = best_of(pandas_candidates, engine, as_of)
    organisations = len({oid for oid, _, _ in ours})
    print(f"candidates: {organisations} organisations, {len(ours)} grounds met on {as_of}")
    print(f"registry (grounds engine over histories): {measured:.2f} s")
    print(f"pandas (raw tables, vectorised):          {baseline:.2f} s")
    print(f"ratio registry / pandas: {measured / baseline:.2f}")
    if ours != theirs:
        only_ours, only_theirs = sorted(ours - theirs)[:10], sorted(theirs - ours)[:10]
        raise SystemExit(f"DISAGREE: registry only {only_ours}; pandas only {only_theirs}")
    print("the two agree on every (organisation, ground, met since)")


if __name__ == "__main__":
    main()
