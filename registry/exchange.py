"""Exchange with the national collective-economy database (Plan 655 part II.4, appendix task
17): a documented, versioned export of organisations with their status history, member counts
and annual figures, keyed by tax code and the official current unit codes; and the comparison
of a national extract in the same shape with the registry, listing the differences for a
person to settle. Nothing is ever written from an extract.

The shape is described in ``docs/national-exchange.md`` and, for machines, by
``docs/national-exchange.schema.json``.
"""

from __future__ import annotations

import csv
import io
import json
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from registry.config import data_dir
from registry.enums import JobState, MemberType
from registry.export import partial_date, safe_cell
from registry.jobs import Outcome, Progress, task
from registry.models import (
    AdminUnit,
    AnnualFigures,
    Job,
    Membership,
    Organisation,
    StatusEvent,
)

#: ``progress(total)`` gives the tick called once per organisation (as ``importers.run.plan``).
Counter = Callable[[int], Callable[[], None]]

FORMAT = "coop-registry/national-exchange/1"
#: Fields of an organisation compared with an extract, in the order a difference lists them.
COMPARED = (
    "name",
    "org_type",
    "sector",
    "status",
    "unit_code",
    "founded_on",
    "charter_capital_vnd",
    "members_total",
)
FIGURES = (
    "year",
    "members_total",
    "workers",
    "revenue_vnd",
    "profit_vnd",
    "charter_capital_vnd",
    "total_assets_vnd",
)
ORGANISATION_COLUMNS = (
    "tax_code",
    "registry_id",
    "name",
    "org_type",
    "sector",
    "governing_law",
    "status",
    "status_since",
    "founded_on",
    "unit_code",
    "legacy_unit_code",
    "charter_capital_vnd",
    "members_official",
    "members_associate_contributing",
    "members_associate",
    "members_total",
)


class ExtractError(ValueError):
    """An extract that cannot be read: the message says where."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(en)
        self.vi, self.en = vi, en


def records(session: Session, progress: Counter | None = None) -> list[dict[str, Any]]:
    """Every organisation in the exchange's shape, by registry id; ``progress`` is told how
    many there are and ticked for each."""
    codes = dict(session.execute(select(AdminUnit.id, AdminUnit.code)).all())
    members: dict[int, dict[str, int]] = defaultdict(dict)
    for oid, member_type, n in session.execute(
        select(Membership.organisation_id, Membership.member_type, func.count())
        .where(Membership.left_on.is_(None))
        .group_by(Membership.organisation_id, Membership.member_type)
    ):
        members[oid][member_type.value] = n
    history: dict[int, list[dict]] = defaultdict(list)
    for e in session.scalars(
        select(StatusEvent).order_by(StatusEvent.effective_on, StatusEvent.id)
    ):
        history[e.organisation_id].append(
            {
                "status": e.status.value,
                "effective_on": e.effective_on.isoformat(),
                "decision_no": e.decision_no,
                "decision_on": e.decision_on.isoformat() if e.decision_on else None,
            }
        )
    figures: dict[int, list[dict]] = defaultdict(list)
    for f in session.scalars(select(AnnualFigures).order_by(AnnualFigures.year)):
        figures[f.organisation_id].append({name: getattr(f, name) for name in FIGURES})
    out = []
    tick = (
        progress(session.scalar(select(func.count()).select_from(Organisation)))
        if progress
        else None
    )
    for org in session.scalars(select(Organisation).order_by(Organisation.id)):
        if tick is not None:
            tick()
        counts = members.get(org.id, {})
        out.append(
            {
                "tax_code": org.tax_code,
                "registry_id": org.id,
                "name": org.name,
                "org_type": org.org_type.value,
                "sector": org.sector.value,
                "governing_law": org.governing_law.value,
                "status": org.current_status.value if org.current_status else None,
                "status_since": org.status_since.isoformat() if org.status_since else None,
                "founded_on": partial_date(org.founded_on, org.founded_precision),
                "unit_code": codes.get(org.unit_id),
                "legacy_unit_code": codes.get(org.legacy_unit_id),
                "charter_capital_vnd": org.charter_capital_vnd,
                "members": {
                    "official": counts.get(MemberType.OFFICIAL.value, 0),
                    "associate_contributing": counts.get(
                        MemberType.ASSOCIATE_CONTRIBUTING.value, 0
                    ),
                    "associate": counts.get(MemberType.ASSOCIATE.value, 0),
                    "total": sum(counts.values()),
                },
                "status_history": history.get(org.id, []),
                "annual_figures": figures.get(org.id, []),
            }
        )
    return out


def document(session: Session, progress: Counter | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "organisations": records(session, progress),
    }


def write_json(session: Session, progress: Counter | None = None) -> str:
    return json.dumps(document(session, progress), ensure_ascii=False, indent=1) + "\n"


def write_csv_zip(session: Session, progress: Counter | None = None) -> bytes:
    """Three CSV files in one zip: organisations (with member counts), status history and
    annual figures, the latter two keyed by tax code and registry id."""
    rows = records(session, progress)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("format.txt", FORMAT + "\n")
        archive.writestr(
            "organisations.csv",
            _csv(
                ORGANISATION_COLUMNS,
                (
                    {
                        **{k: r[k] for k in ORGANISATION_COLUMNS if k in r},
                        **{f"members_{k}": v for k, v in r["members"].items()},
                    }
                    for r in rows
                ),
            ),
        )
        archive.writestr(
            "status_history.csv",
            _csv(
                ("tax_code", "registry_id", "status", "effective_on", "decision_no", "decision_on"),
                (
                    {"tax_code": r["tax_code"], "registry_id": r["registry_id"], **e}
                    for r in rows
                    for e in r["status_history"]
                ),
            ),
        )
        archive.writestr(
            "annual_figures.csv",
            _csv(
                ("tax_code", "registry_id", *FIGURES),
                (
                    {"tax_code": r["tax_code"], "registry_id": r["registry_id"], **f}
                    for r in rows
                    for f in r["annual_figures"]
                ),
            ),
        )
    return out.getvalue()


#: The task writing an export for a download.
EXPORT = "exchange.export"
#: The exchange's two formats, by the extension of their file.
EXTENSIONS = {"json": "json", "csv": "zip"}
#: Exports written for a download are kept this long.
KEEP_EXPORTS_SECONDS = 86_400


def export_path(job_id: int, fmt: str) -> Path:
    return data_dir() / "exports" / f"{job_id}.{EXTENSIONS[fmt]}"


@task(EXPORT)
def export_job(session: Session, job: Job, progress: Progress) -> Outcome:
    """The exchange file for a download, written by a job worker into the data directory: at
    35,000 organisations it takes several seconds, more than a request should hold."""
    fmt = job.arguments["format"]
    counted = partial(progress.counter, stage="exporting")
    if fmt == "json":
        body = write_json(session, counted).encode()
    else:
        body = write_csv_zip(session, counted)
    path = export_path(job.id, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_EXPORTS_SECONDS
    for old in path.parent.iterdir():
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    part = path.with_suffix(".part")
    part.write_bytes(body)
    part.replace(path)
    return JobState.DONE, {"format": fmt, "bytes": len(body)}


def _csv(columns, rows) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return out.getvalue()


def read_extract(data: bytes) -> list[dict[str, Any]]:
    """The organisations of a national extract, JSON or the CSV zip, checked for its format."""
    if data[:2] == b"PK":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            names = set(archive.namelist())
            marker = (
                archive.read("format.txt").decode("utf-8").strip()
                if "format.txt" in names
                else None
            )
            table = archive.read("organisations.csv").decode("utf-8-sig")
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError) as exc:
            raise ExtractError(
                f"Tệp nén không đọc được hoặc thiếu organisations.csv ({exc}).",
                f"The zip cannot be read or lacks organisations.csv ({exc}).",
            ) from None
        _check_format(marker)
        organisations = []
        for number, row in enumerate(csv.DictReader(io.StringIO(table)), start=2):
            try:
                organisations.append(
                    {
                        **row,
                        "charter_capital_vnd": _integer(row.get("charter_capital_vnd")),
                        "members": {"total": _integer(row.get("members_total"))},
                    }
                )
            except ValueError:
                raise ExtractError(
                    f"organisations.csv, dòng {number}: số không đọc được.",
                    f"organisations.csv, line {number}: a number cannot be read.",
                ) from None
        return organisations
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExtractError(
            f"Tệp không phải JSON hay tệp nén CSV của định dạng trao đổi ({exc}).",
            f"The file is neither the exchange's JSON nor its CSV zip ({exc}).",
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("organisations"), list):
        raise ExtractError(
            "Tệp JSON không có danh sách «organisations».",
            "The JSON has no 'organisations' list.",
        )
    _check_format(doc.get("format"))
    return doc["organisations"]


def _integer(text: str | None) -> int | None:
    return None if text in (None, "") else int(text)


def _check_format(found: str | None) -> None:
    if found != FORMAT:
        raise ExtractError(
            f"Định dạng «{found}» không phải «{FORMAT}».",
            f"The format '{found}' is not '{FORMAT}'.",
        )


def compare(session: Session, extract: list[dict[str, Any]]) -> dict[str, Any]:
    """What differs between an extract and the registry, by tax code: organisations missing
    here, missing there, and fields that differ. Organisations without a tax code on either
    side cannot be matched and are counted apart."""
    ours = {r["tax_code"]: r for r in records(session) if r["tax_code"]}
    theirs: dict[str, dict] = {}
    unkeyed = 0
    for row in extract:
        code = (row.get("tax_code") or "").strip() if isinstance(row, dict) else ""
        if code:
            theirs[code] = row
        else:
            unkeyed += 1
    differing = []
    for code in sorted(ours.keys() & theirs.keys()):
        mine, other = ours[code], theirs[code]
        fields = {}
        for name in COMPARED:
            here = mine["members"]["total"] if name == "members_total" else mine.get(name)
            there = (
                (other.get("members") or {}).get("total")
                if name == "members_total"
                else other.get(name)
            )
            if there not in (None, "") and str(here) != str(there):
                fields[name] = {"registry": here, "national": there}
        if fields:
            differing.append(
                {
                    "tax_code": code,
                    "registry_id": mine["registry_id"],
                    "name": mine["name"],
                    "fields": fields,
                }
            )
    return {
        "format": FORMAT,
        "missing_here": [
            {"tax_code": code, "name": theirs[code].get("name")}
            for code in sorted(theirs.keys() - ours.keys())
        ],
        "missing_there": [
            {"tax_code": code, "registry_id": ours[code]["registry_id"], "name": ours[code]["name"]}
            for code in sorted(ours.keys() - theirs.keys())
        ],
        "differing": differing,
        "without_tax_code_in_extract": unkeyed,
    }
