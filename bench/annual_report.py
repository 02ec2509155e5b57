"""The province's annual report as of a date: the registry's report against loading the raw
rows into pandas and computing the same figures there, in the same run.

    python bench/annual_report.py --db sqlite:///bench.db --year 2025
    python bench/annual_report.py --db postgresql://…/db --year 2025

Steps, each timed three times (the best kept), on the same database:
1. the measured path: ``registry.reports.annual.compute`` for the whole province (what
   ``registry report annual``, the report page and a submission run);
2. the baseline: each table the report reads, loaded whole with ``pandas.read_sql``, then the
   same indicators computed with pandas (status on the date, founded and dissolved in the
   period, members on the register, the year's figures, debts on the date, land).
The two must agree on every indicator of the province total, to the đồng; the script fails if
not. (Undated fields are read as they stand: the bench database has no edits after the date.)
"""

from __future__ import annotations

import argparse
from datetime import timedelta

import pandas as pd
from sqlalchemy import create_engine
from sqlmodel import Session
from timing import best_of

from registry import rules as legal
from registry.config import database_url
from registry.enums import Sector
from registry.reports import annual
from registry.services import rule_sets

REDUCING = ("paid", "written_off", "converted")


def registry_report(engine, year: int) -> dict[str, int]:
    with Session(engine) as session:
        return annual.compute(session, year=year, rules=rule_sets.current(session)).total


def pandas_report(engine, year: int) -> dict[str, int]:
    with Session(engine) as session:
        rules = rule_sets.current(session)
    as_of = rules.report_on(year)
    day, start = (
        pd.Timestamp(as_of),
        pd.Timestamp(as_of.replace(year=as_of.year - 1)) + timedelta(1),
    )
    read = lambda sql: pd.read_sql(sql, engine)  # noqa: E731
    orgs = read("SELECT * FROM organisation").set_index("id")
    orgs["founded_on"] = pd.to_datetime(orgs.founded_on)
    events = read("SELECT organisation_id, effective_on, status FROM status_event ORDER BY id")
    events["effective_on"] = pd.to_datetime(events.effective_on)
    events = events[events.effective_on <= day].sort_values(
        ["organisation_id", "effective_on"], kind="stable"
    )
    status = events.groupby("organisation_id").status.last()
    ended = events[events.status.isin(["dissolved", "bankrupt"]) & (events.effective_on < start)]
    has_events = orgs.index.isin(events.organisation_id.unique())
    orgs = orgs[(has_events | (orgs.founded_on <= day)) & ~orgs.index.isin(ended.organisation_id)]
    orgs["status"] = status.reindex(orgs.index)
    total: dict[str, int] = {"orgs_total": len(orgs)}
    for column, prefix in (("status", "status"), ("org_type", "type"), ("sector", "sector")):
        for value, n in orgs[column].value_counts().items():
            total[f"{prefix}_{value}"] = int(n)
    total["founded"] = int(((orgs.founded_on >= start) & (orgs.founded_on <= day)).sum())
    dissolved = events[(events.status == "dissolved") & (events.effective_on >= start)]
    total["dissolved"] = int(orgs.index.isin(dissolved.organisation_id).sum())

    members = read("SELECT organisation_id, member_type, joined_on, left_on FROM membership")
    joined, left = pd.to_datetime(members.joined_on), pd.to_datetime(members.left_on)
    members = members[
        (joined.isna() | (joined <= day))
        & (left.isna() | (left > day))
        & members.organisation_id.isin(orgs.index)
    ]
    for value, n in members.member_type.value_counts().items():
        total[f"members_{value}"] = int(n)
    total["members_register"] = len(members)

    figures = read(f"SELECT * FROM annual_figures WHERE year = {year}").set_index("organisation_id")
    figures = figures[figures.index.isin(orgs.index)]
    charter = figures.charter_capital_vnd.reindex(orgs.index)
    charter = charter.where(charter.notna(), orgs.charter_capital_vnd)
    total["members_reported"] = int(figures.members_total.sum())
    total["members_reported_official"] = int(figures.members_official.sum())
    total["members_reported_associate"] = int(figures.members_associate.sum())
    total["workers"] = int(figures.workers.sum())
    workers = figures.workers.dropna()
    for band, lo, hi in annual.LABOUR_BANDS:
        total[f"labour_{band}"] = int(((workers >= lo) & (workers <= (hi or 10**9))).sum())
    total["charter_capital"] = int(charter.sum())
    for key, column in (
        ("contributed_capital", "contributed_capital_vnd"),
        ("total_assets", "total_assets_vnd"),
        ("revenue", "revenue_vnd"),
        ("profit", "profit_vnd"),
    ):
        total[key] = int(figures[column].sum())
    total["avg_member_income"] = round(figures.avg_member_income_vnd.dropna().mean())
    members_total = figures.members_total.reindex(orgs.index)
    revenue = figures.revenue_vnd.reindex(orgs.index)
    scales = [
        legal.scale_class(
            Sector(s),
            None if pd.isna(m) else int(m),
            None if pd.isna(r) else int(r),
            None if pd.isna(c) else int(c),
            rules,
        ).value
        for s, m, r, c in zip(orgs.sector, members_total, revenue, charter, strict=True)
    ]
    for value, n in pd.Series(scales).value_counts().items():
        total[f"scale_{value}"] = int(n)

    debts = read("SELECT * FROM debt")
    debts = debts[debts.organisation_id.isin(orgs.index)]
    incurred = pd.to_datetime(debts.incurred_on)
    debts = debts[incurred.isna() | (incurred <= day)]
    settled = read(
        "SELECT debt_id, on, kind, amount_vnd FROM debt_settlement".replace("on,", '"on",')
    )
    settled = settled[settled.kind.isin(REDUCING) & (pd.to_datetime(settled["on"]) > day)]
    later = settled.groupby("debt_id").amount_vnd.sum()
    debts = debts.assign(amount=debts.outstanding_vnd + later.reindex(debts.id).fillna(0).values)
    payable = debts[debts.direction == "payable"].groupby("counterparty").amount.sum()
    for value, amount in payable.items():
        total[f"debt_payable_{value}"] = int(amount)
    total["debt_receivable"] = int(debts[debts.direction == "receivable"].amount.sum())

    land = read("SELECT * FROM asset WHERE kind = 'land'")
    land = land[land.organisation_id.isin(orgs.index)]
    total["land_parcels"] = len(land)
    total["land_area"] = round(land.area_m2.sum())
    total["land_uncertified"] = int((land.land_certificate != "issued").sum())
    total["land_disputed"] = int(land.disputed.astype(bool).sum())
    return {key: total.get(key, 0) for key in annual.KEYS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    engine = create_engine(database_url(args.db))
    measured, ours = best_of(registry_report, engine, args.year)
    baseline, theirs = best_of(pandas_report, engine, args.year)
    print(
        f"{engine.dialect.name}: report {args.year}, {ours['orgs_total']} organisations, "
        f"{ours['members_register']} members on the register"
    )
    print(f"registry (SQL facts, pandas shaping): {measured:.2f} s")
    print(f"pandas from the raw rows:             {baseline:.2f} s")
    print(f"ratio registry / pandas: {measured / baseline:.2f}")
    differ = {k: (ours[k], theirs[k]) for k in annual.KEYS if ours[k] != theirs[k]}
    if differ:
        raise SystemExit(f"DISAGREE: {differ}")
    print(f"the two agree on all {len(annual.KEYS)} indicators, to the đồng")


if __name__ == "__main__":
    main()
