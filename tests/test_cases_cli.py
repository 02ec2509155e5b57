"""``registry cases candidates`` on demo data, against the grounds worked out again from the raw
rows by brute force (day by day), without the grounds engine."""

import calendar
import csv
import io
import json
from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import text

from registry.db import make_engine

AS_OF = date(2026, 11, 28)
CUT_OVER = date(2024, 7, 1)
MINIMUM = {  # (type, before the 2023 law?) → official members
    ("group", True): 2,
    ("group", False): 2,
    ("cooperative", True): 7,
    ("cooperative", False): 5,
    ("credit_fund", True): 7,
    ("credit_fund", False): 5,
    ("union", True): 4,
    ("union", False): 3,
}
STOPPED = {"not_operating", "not_found"}


def months_later(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest(day: date, precision: str | None) -> date:
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def rows(connection, sql):
    return connection.execute(text(sql)).mappings().all()


def to_day(value):
    return value if isinstance(value, date) or value is None else date.fromisoformat(value)


def independent(url: str) -> set[tuple[int, str, str]]:
    """(organisation, ground code, met since) for every ground met on AS_OF."""
    engine = make_engine(url)
    with engine.connect() as c:
        orgs = rows(c, "SELECT * FROM organisation")
        events = defaultdict(list)
        for e in rows(c, "SELECT * FROM status_event ORDER BY effective_on, id"):
            events[e["organisation_id"]].append((to_day(e["effective_on"]), e["status"]))
        seen = defaultdict(list)
        for o in rows(c, "SELECT * FROM operating_observation ORDER BY observed_on, id"):
            seen[o["organisation_id"]].append((to_day(o["observed_on"]), o["state"]))
        members = defaultdict(list)
        for m in rows(c, "SELECT * FROM membership WHERE member_type = 'official'"):
            members[m["organisation_id"]].append((to_day(m["joined_on"]), to_day(m["left_on"])))
        figures = defaultdict(list)
        for f in rows(c, "SELECT * FROM annual_figures"):
            figures[f["organisation_id"]].append(f)
    engine.dispose()

    met = set()
    for org in orgs:
        oid = org["id"]
        history = [(d, s) for d, s in events[oid] if d <= AS_OF]
        founded = to_day(org["founded_on"])
        founded = latest(founded, org["founded_precision"]) if founded else None
        status = history[-1][1] if history else None
        if status in ("dissolved", "bankrupt") or (not history and not founded):
            continue
        if status == "revoked":
            since = history[-1][0]
            for d, s in reversed(history):
                if s != "revoked":
                    break
                since = d
            met.add((oid, "L2023_99_revoked", since))
        if status == "suspended":
            notice = history[-1][0]
            if months_later(notice, 12) <= AS_OF:
                met.add((oid, "L2023_suspension", months_later(notice, 12)))

        # Not operating: the state each day is what the latest signal up to it says.
        signals, before = [], None
        for d, s in history:
            if s in ("suspended", "not_at_address"):
                signals.append((d, True))
            elif s == "active" and before in ("suspended", "not_at_address"):
                signals.append((d, False))
            before = s
        signals += [(d, s in STOPPED) for d, s in seen[oid] if d <= AS_OF]
        signals.sort(key=lambda x: x[0])

        def stopped_on(day, signals=signals):
            known = [s for d, s in signals if d <= day]
            return bool(known) and known[-1]

        if stopped_on(AS_OF):
            day = AS_OF
            while stopped_on(day - timedelta(days=1)):
                day -= timedelta(days=1)
            if months_later(day, 12) <= AS_OF:
                met.add((oid, "L2023_not_operating", months_later(day, 12)))

        # Below the minimum: counted afresh for every day back from AS_OF.
        spans = members[oid]
        assert spans, "demo organisations all have members on the register"
        first = min(j or date.min for j, _ in spans)

        def below(day, spans=spans, kind=org["org_type"]):
            count = sum(
                1 for j, left in spans if (j is None or j <= day) and (left is None or left > day)
            )
            return count < MINIMUM[(kind, day < CUT_OVER)]

        if below(AS_OF):
            day = AS_OF
            while day > first and below(day - timedelta(days=1)):
                day -= timedelta(days=1)
            if months_later(day, 12) <= AS_OF:
                met.add((oid, "L2023_below_minimum", months_later(day, 12)))

        meetings = [
            latest(to_day(f["general_meeting_on"]), f["general_meeting_precision"])
            for f in figures[oid]
            if f["general_meeting_on"] and to_day(f["general_meeting_on"]) <= AS_OF
        ]
        has_figures = any(f["year"] <= AS_OF.year for f in figures[oid])
        start = max(meetings) if meetings else (founded if has_figures else None)
        start = start or (to_day(org["registered_on"]) if has_figures and not meetings else start)
        if start and months_later(start, 18) <= AS_OF:
            met.add((oid, "L2023_no_meeting", months_later(start, 18)))

        existed = [d for d in (founded, to_day(org["registered_on"])) if d]
        existed += [history[0][0]] if history else []
        amended = to_day(org["charter_amended_on"])
        if (
            org["org_type"] != "group"
            and existed
            and min(existed) < CUT_OVER
            and not (amended and amended <= AS_OF)
        ):
            met.add((oid, "L2023_115_charter", date(2026, 1, 1)))
        if org["not_reorganized"] or org["governing_law"] == "2003":
            met.add((oid, "L2023_not_reorganised", date(2016, 7, 1)))
    return met


def test_candidates_agree_with_a_brute_force_computation_from_the_raw_rows(run):
    assert run("demo", "--cooperatives", "150", "--members", "4000", "--seed", "11").exit_code == 0
    result = run("cases", "candidates", "--as-of", AS_OF.isoformat(), "--format", "json")
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    found = {
        (c["id"], g["code"], date.fromisoformat(g["met_since"]))
        for c in listed
        for g in c["grounds"]
    }
    assert found == independent(run.url)
    codes = {code for _, code, _ in found}
    assert codes >= {
        "L2023_not_operating",
        "L2023_below_minimum",
        "L2023_no_meeting",
        "L2023_suspension",
        "L2023_115_charter",
    }, codes
    first = listed[0]
    assert set(first) == {
        "id",
        "name",
        "tax_code",
        "org_type",
        "unit_code",
        "legacy_unit_code",
        "grounds",
    }
    assert set(first["grounds"][0]) >= {"code", "citation", "met_since", "evidence"}


def test_candidates_of_a_unit_as_csv_and_the_refusals(run):
    run("demo", "--cooperatives", "60", "--members", "1200", "--seed", "3")
    everything = json.loads(run("cases", "candidates", "--as-of", "28/11/2026").output)
    district = json.loads(
        run("cases", "candidates", "--as-of", "2026-11-28", "--unit", "legacy:627").output
    )
    assert len(district) < len(everything)
    assert {c["id"] for c in district} <= {c["id"] for c in everything}
    table = run("--lang", "en", "cases", "candidates", "--as-of", "2026-11-28", "--format", "csv")
    lines = list(csv.reader(io.StringIO(table.output)))
    assert lines[0][:3] == ["Registry id", "Organisation", "Tax code"]
    assert len(lines) - 1 == sum(len(c["grounds"]) for c in everything)
    assert all("/" in line[9] for line in lines[1:])  # dates as dd/mm/yyyy
    unknown = run("cases", "candidates", "--unit", "legacy:99999")
    assert unknown.exit_code == 1 and "99999" in unknown.output
    future = run("cases", "candidates", "--as-of", "2999-01-01")
    assert future.exit_code == 1
    assert run("cases", "candidates", "--as-of", "tomorrow").exit_code == 2
    assert run("cases", "candidates", "--format", "xlsx").exit_code == 2  # needs --output


def test_a_threshold_changed_in_the_rule_set_changes_the_candidates(run, tmp_path):
    run("demo", "--cooperatives", "80", "--members", "2000", "--seed", "5")

    def meeting_grounds():
        listed = json.loads(run("cases", "candidates", "--as-of", "2026-11-28").output)
        return {c["id"] for c in listed for g in c["grounds"] if g["code"] == "L2023_no_meeting"}

    before = meeting_grounds()
    shown = run("rules", "show")
    assert shown.exit_code == 0 and 'code = "L2023_no_meeting"' in shown.output
    stricter = tmp_path / "rules.toml"
    stricter.write_text(
        shown.output.replace(
            'code = "L2023_no_meeting"\nlaw = "2023"\ntest = "no_general_meeting"\nmonths = 18',
            'code = "L2023_no_meeting"\nlaw = "2023"\ntest = "no_general_meeting"\nmonths = 6',
        ),
        encoding="utf-8",
    )
    loaded = run("rules", "load", str(stricter), "--note", "Thử ngưỡng 6 tháng")
    assert loaded.exit_code == 0 and "bộ quy tắc phiên bản 1 có hiệu lực" in loaded.output
    after = meeting_grounds()
    assert before < after  # every organisation late by 18 months is late by 6, and more are

    broken = tmp_path / "broken.toml"
    broken.write_text(shown.output.replace("months = 12", "months = -1", 1), encoding="utf-8")
    refused = run("--lang", "en", "rules", "load", str(broken), "--note", "x")
    assert refused.exit_code == 1 and "grounds[1].months" in refused.output
    assert meeting_grounds() == after  # the refused version changed nothing
