"""An import run, in two steps a clerk sees apart: :func:`plan` reads a file and says what
each row would do (reading only); :func:`commit` writes the rows to create or update as one
batch, in the caller's transaction. What a kind of record does with its rows is its own
module's (:mod:`importers.kinds`); here are the steps every kind shares: read the file,
choose the sheet and its kind, place the rows, date the file, and record the batch."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from importers.fields import FIELDS, SEVERAL_COLUMNS, VALUE_FIELDS
from importers.kinds import KINDS
from importers.matching import place_of, sheet_district
from importers.readers import Sheet, UnreadableFile, column_letter, read_any
from importers.results import Plan, Reading, Refused
from importers.sheets import choose_sheet, find_kind, stated_date
from importers.totals import check_totals
from importers.values import ANSWERS, UNKNOWN
from registry.bulk import paused_gc
from registry.enums import AuditAction
from registry.models import AdminUnit, ImportBatch
from registry.scope import Scope
from registry.services import audit


@paused_gc()
def plan(session: Session, path: Path, *, answers: dict | None = None, **options) -> Plan:
    """What importing the file would do, row by row (see :func:`_plan_file` for the options).
    ``answers``: what unknown words of vocabulary columns mean, ``{(field, folded value):
    code}``; the unknown words met without one are listed on the plan with their rows."""
    met: Counter = Counter()
    answer_token = ANSWERS.set(answers or {})
    unknown_token = UNKNOWN.set(met)
    try:
        result = _plan_file(session, path, **options)
    finally:
        ANSWERS.reset(answer_token)
        UNKNOWN.reset(unknown_token)
    result.unknown = [
        {"field": name, "value": value, "rows": n} for (name, value), n in sorted(met.items())
    ]
    return result


def _plan_file(
    session: Session,
    path: Path,
    *,
    sheet: str | None = None,
    as_of: date | None = None,
    scope: Scope | None = None,
    file_name: str | None = None,
    kind: str | None = None,
    corrections: dict[str, str] | None = None,
    unit: AdminUnit | None = None,
    progress: Callable[[int], Callable[[], None]] | None = None,
    decisions: dict[str, int] | None = None,
) -> Plan:
    """What importing the file would do, row by row. Reads, never writes. ``scope`` is the
    user's area: only organisations in it are matched, and rows that would put one
    elsewhere are rejected. ``corrections`` override the column
    mapping (folded header → field); ``unit`` is the place of rows that name none;
    ``progress(total)`` is called once with the number of rows, and returns the function
    called after each row (a terminal's progress bar); ``decisions`` settle rows left for
    review: ``"sheet!row"`` → the organisation's id, or 0 for a new one."""
    if session.scalar(select(AdminUnit.id).limit(1)) is None:
        raise Refused(
            "Cơ sở dữ liệu chưa có danh mục đơn vị hành chính, nên không xác định được huyện, "
            "xã của dòng nào: chạy «registry db upgrade» (hoặc «registry units load») trước.",
            "The database holds no administrative units, so no row's district or commune can "
            "be told: run 'registry db upgrade' (or 'registry units load') first.",
        )
    try:
        sheets = read_any(path)
    except UnreadableFile as exc:
        raise Refused(exc.vi, exc.en) from exc
    chosen, kind, parts = _parts(sheets, sheet, path.name, kind, corrections)
    total = sum(len(t.rows) for _, found in parts for t in found)
    tick = (progress(total) if progress else None) or (lambda: None)
    place = place_of(session, unit)
    for s, found in parts:  # rows naming no place are the given unit's, else the title's
        for table in found:
            table.place = place if unit else (sheet_district(session, s), None)
    tables = next(found for s, found in parts if s is chosen)
    day = as_of or stated_date(chosen, tables) or date.today()
    reading = Reading(parts, chosen, scope, day, tick, decisions or {})
    return Plan(
        file_name=file_name or path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        sheet=", ".join(s.name for s, _ in parts)[:120],
        mapping=_mapping(parts),
        as_of=day,
        kind=kind,
        outcomes=KINDS[kind].plan(session, reading),
        set_aside=_set_aside(sheets, parts, every_sheet=_every_sheet(kind, tables) and not sheet),
        total_checks=[
            check for s, found in parts for table in found for check in check_totals(s.name, table)
        ],
    )


def _parts(
    sheets: list[Sheet], sheet: str | None, file_name: str, kind: str | None, corrections
) -> tuple[Sheet, str, list[tuple[Sheet, list]]]:
    """The sheet chosen, the record kind, and the sheets to read with their tables: the one
    chosen, or — for the kinds kept one sheet per district, cooperative or year, when no
    sheet is named — every visible sheet holding a table of that kind. Refused when there is
    no table, or when several columns read as one field."""
    chosen, kind, tables = choose_sheet(sheets, sheet, file_name, kind, corrections)
    if not tables or not any(t.rows for t in tables):
        raise Refused(
            f"Tệp «{file_name}», trang «{chosen.name}»: không tìm thấy bảng danh sách "
            "tổ chức (dòng tiêu đề có Tên, Mã số thuế…) hoặc bảng không có dòng dữ liệu.",
            f"File '{file_name}', sheet '{chosen.name}': no organisation table (a "
            "header row with name, tax code…) or no data rows.",
        )
    parts = [(chosen, tables)]
    if _every_sheet(kind, tables) and sheet is None:
        parts = [
            (s, tables if s is chosen else find_kind(s, kind, corrections)[1])
            for s in sheets
            if not s.hidden
        ]
        parts = [
            (s, found)
            for s, found in parts
            if any(t.rows for t in found) and _is_form(found) == _is_form(tables)
        ]
    duplicates = {
        f
        for _, found in parts
        for t in found
        for f in set(t.columns.values())
        if f in VALUE_FIELDS - SEVERAL_COLUMNS and list(t.columns.values()).count(f) > 1
    }
    if duplicates:
        labels = [FIELDS[f].label for f in sorted(duplicates)]
        vi = ", ".join(f"«{label}»" for label in labels)
        en = ", ".join(f"'{label.en}'" for label in labels)
        raise Refused(
            f"Tệp «{file_name}», trang «{chosen.name}»: nhiều cột cùng là {vi}; hãy chọn cột đúng.",
            f"File '{file_name}', sheet '{chosen.name}': several columns read as {en}; "
            "choose the right one.",
            mapping=_mapping(parts),
            kind=kind,
        )
    return chosen, kind, parts


def _every_sheet(kind: str, tables: list) -> bool:
    """Whether every sheet of the kind is read: for the kinds kept one sheet per district,
    cooperative or year, and for forms (a sheet per cooperative)."""
    return KINDS[kind].every_sheet or _is_form(tables)


def _is_form(tables: list) -> bool:
    return any(t.cell_at for t in tables)


def _set_aside(sheets: list[Sheet], parts, *, every_sheet: bool) -> list[dict]:
    """Sheets holding data that are not read — hidden ones; where every sheet of the kind is
    read, the others, holding no table of it (a summary of totals by district: the first text
    says which); else every sheet but the one chosen — and the rows read as not records
    (blank rows left out)."""
    read = {s.name for s, _ in parts}
    unread = "other_sheet" if every_sheet else "unchosen_sheet"
    return [
        {
            "sheet": s.name,
            "row": None,
            "kind": "hidden_sheet" if s.hidden else unread,
            "text": "" if s.hidden else _first_text(s),
        }
        for s in sheets
        if s.name not in read and any(v not in ("", None) for r in s.rows for v in r)
    ] + [
        {"sheet": s.name, "row": row, "kind": why, "text": text}
        for s, found in parts
        for table in found
        for row, why, text in table.skipped
        if why != "blank"
    ]


def _first_text(sheet: Sheet) -> str:
    """A sheet's first text (its title, as a rule), to tell it by."""
    texts = (v for r in sheet.rows for v in r if isinstance(v, str) and v.strip())
    return " ".join(next(texts, "").split())[:120]


def _mapping(parts: list[tuple[Sheet, list]]) -> list[dict[str, str]]:
    """How each column is read, once per column: tables split by year share their header,
    each reading some of its columns."""
    columns: dict[tuple, dict[str, str]] = {}
    for s, found in parts:
        for table in found:
            for i, header in enumerate(table.headers):
                if header:
                    entry = columns.setdefault(
                        (s.name, table.header_rows[0], i),
                        {
                            "sheet": s.name,
                            "column": _cell_name(table, i),
                            "header": header,
                            "field": "",
                        },
                    )
                    entry["field"] = entry["field"] or table.columns.get(i, "")
    return list(columns.values())


def _cell_name(table, index: int) -> str:
    """A column's letter; for a form, the cell of the value its label names (``C5``)."""
    if not table.cell_at:
        return column_letter(index)
    row, column = table.cell_at[index]
    return f"{column_letter(column)}{row}"


@paused_gc()
def commit(session: Session, plan_: Plan) -> ImportBatch | None:
    """Write every new and updated row in the caller's transaction, as one batch. Rows for
    review or rejected are left out (the plan says so); the caller commits. Nothing to write
    (the same file again) makes no batch: only the attempt is in the audit log."""
    counted = plan_.counted()
    if not any(o.action in ("new", "update") for o in plan_.outcomes):
        audit.record(
            session,
            action=AuditAction.IMPORT,
            table_name="import_batch",
            summary=(
                f"{plan_.file_name} / {plan_.sheet}: {counted}, không có gì mới",
                f"{plan_.file_name} / {plan_.sheet}: {counted.en}, nothing new",
            ),
            changes={"sha256": [None, plan_.sha256]},
        )
        return None
    batch = ImportBatch(
        file_name=plan_.file_name,
        sha256=plan_.sha256,
        sheet=plan_.sheet,
        kind=plan_.kind,
        as_of=plan_.as_of,
        user_id=session.info.get("user_id"),
        counts=plan_.counts(),
    )
    session.add(batch)
    session.flush()
    session.info["import_batch"] = batch.id  # its records are noted as the batch's changes
    try:
        KINDS[plan_.kind].commit(session, plan_, batch)
        session.flush()
        audit.mark_changed(session)
    finally:
        del session.info["import_batch"]
    audit.record(
        session,
        action=AuditAction.IMPORT,
        table_name="import_batch",
        record_id=str(batch.id),
        summary=(
            f"{plan_.file_name} / {plan_.sheet}: {counted}",
            f"{plan_.file_name} / {plan_.sheet}: {counted.en}",
        ),
        changes={"sha256": [None, plan_.sha256]},
    )
    session.flush()
    return batch
