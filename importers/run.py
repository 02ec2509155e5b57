"""An import run: read, find the table, clean, match, then either report (dry run) or commit
everything in one transaction as a batch that can be undone."""

from __future__ import annotations

import difflib
import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from importers.mapping import KINDS, OWN_FIELDS
from importers.messages import Said, in_language
from importers.names import GENERIC_WORDS, match_key
from importers.organisations import OrganisationRow, clean_table
from importers.readers import Sheet, UnreadableFile, column_letter, read_any
from importers.tables import find_tables
from importers.totals import check_totals, disagreement
from importers.values import ANSWERS, UNKNOWN
from registry import rules
from registry.bulk import paused_gc
from registry.enums import (
    AuditAction,
    DatePrecision,
    GoverningLaw,
    ObservationSource,
    OperatingState,
    Sector,
    Status,
    UnitLevel,
    UnitScheme,
)
from registry.models import AdminUnit, ImportBatch, ImportChange, Observation, Organisation
from registry.scope import Scope
from registry.services import audit
from registry.services.batches import plain, snapshot
from registry.services.errors import DomainError
from registry.services.organisations import check_history, create_organisation, record_status
from registry.services.units import find_units, successor, unit_by_code
from registry.text import fold

#: Organisation fields an import sets, in the order a preview lists them.
FIELDS = (
    "name",
    "org_type",
    "tax_code",
    "legacy_certificate_no",
    "legacy_certificate_on",
    "registered_on",
    "founded_on",
    "founded_precision",
    "sector",
    "main_product",
    "charter_capital_vnd",
    "director_name",
    "address",
    "phone",
    "email",
    "not_reorganized",
    "legacy_unit_id",
    "unit_id",
)
#: Name similarity, as a whole and in the words that are not type or sector words, above
#: which an unmatched row needs a person to decide.
NEAR = 0.85


class Refused(Exception):
    """The file cannot be imported; nothing was written. ``vi``/``en`` say why; ``mapping``,
    when the columns are the trouble, is how they were read, for the clerk to correct."""

    def __init__(
        self, vi: str, en: str, mapping: list[dict[str, str]] | None = None, kind: str = ""
    ) -> None:
        super().__init__(vi)
        self.vi, self.en, self.mapping, self.kind = vi, en, mapping, kind


#: Why a row is not imported, in the words the preview shows.
OUT_OF_AREA = Said(
    "Tổ chức nằm ngoài địa bàn bạn phụ trách.", "The organisation is outside your area."
)
UNKNOWN_COOPERATIVE = Said(
    "Hợp tác xã của dòng này chưa có trong cơ sở dữ liệu (nhập danh sách tổ chức trước).",
    "This row's cooperative is not in the registry (import the list of organisations first).",
)
NO_PLACE = Said(
    "Không xác định được huyện/xã của tổ chức.",
    "The organisation's district or commune cannot be told.",
)


def near_name(match: Organisation) -> Said:
    return Said(
        f"Tên gần giống «{match.name}» (#{match.id}): cần người xác nhận.",
        f"A near name, '{match.name}' (#{match.id}): a person must decide.",
    )


#: What an issue code tells the clerk: the row is imported, but someone should look.
ISSUES = {
    "tax_code_invalid_length": Said(
        "Mã số thuế không đủ 10 chữ số: để trống, cần bổ sung.",
        "The tax code does not have 10 digits: left empty, to be completed.",
    ),
    "tax_code_of_a_branch": Said(
        "Mã số có dạng của đơn vị phụ thuộc (chi nhánh: 10 số - 3 số), không phải mã số của "
        "hợp tác xã: để trống, cần kiểm tra.",
        "The code is a dependent unit's (a branch: 10 digits - 3 digits), not the "
        "cooperative's own tax code: left empty, to be checked.",
    ),
    "tax_code_lost_precision": Said(
        "Mã số thuế bị mất chữ số (dạng số mũ): để trống, cần bổ sung.",
        "The tax code lost digits (scientific notation): left empty, to be completed.",
    ),
    "tax_code_not_digits": Said(
        "Mã số thuế có ký tự lạ: để trống, cần bổ sung.",
        "The tax code holds other characters than digits: left empty, to be completed.",
    ),
    "tax_code_leading_zero_restored": Said(
        "Mã số thuế ghi dạng số đã mất số 0 ở đầu: đã thêm lại (10 chữ số).",
        "The tax code, written as a number, lost its leading 0: put back (10 digits).",
    ),
    "status_ambiguous": Said(
        "Tình trạng chỉ ghi «ngưng hoạt động»: cần xác định tạm ngừng hay giải thể.",
        "The status only says it stopped: to be told whether suspended or dissolved.",
    ),
    "district_unknown": Said(
        "Không nhận ra huyện ghi trong tệp.", "The district the file names is not known."
    ),
    "commune_unknown": Said(
        "Không nhận ra xã ghi trong tệp.", "The commune the file names is not known."
    ),
    "capital_of_non_contributing_member_ignored": Said(
        "Thành viên liên kết không góp vốn: số vốn ghi trong tệp không được nhập.",
        "An associate member who does not contribute: the capital in the file is not imported.",
    ),
    "certificate_date_partial": Said(
        "Ngày cấp giấy chứng nhận chỉ có tháng hoặc năm: không ghi, cần bổ sung ngày.",
        "The certificate's date gives only a month or a year: not recorded, to be completed.",
    ),
    "unit_code_unknown": Said(
        "Mã đơn vị hành chính không có trong danh mục: đơn vị để trống, cần kiểm tra.",
        "A unit code not in the list of units: the unit is left empty, to be checked.",
    ),
    "sector_unknown": Said(
        "Không rõ lĩnh vực (tên và tệp không cho biết): ghi là «Khác», cần bổ sung.",
        "The sector is unknown (neither the name nor the file tells): recorded as 'other', "
        "to be completed.",
    ),
    "new_organisation": Said(
        "Tổ chức chưa có trong cơ sở dữ liệu: sẽ được tạo mới.",
        "The organisation is not in the registry: it will be created.",
    ),
    "decided_by_user": Said("Đã được người dùng xác định.", "Decided by a person."),
    "unknown_value": Said(
        "Có từ chưa hiểu ở cột danh mục (tình trạng, lĩnh vực, loại thành viên…): dòng vẫn được "
        "giữ, trường đó để trống hoặc «Khác», cần xem lại; trả lời một lần cho cả tệp.",
        "A word of a vocabulary column (status, sector, member type…) is unknown: the row is "
        "kept with that field empty or 'other', for review; answer it once for the whole file.",
    ),
    "direction_implied": Said(
        "Bảng không ghi HTX nợ hay phải thu: hướng của khoản nợ suy ra từ nội dung và tiêu đề "
        "bảng, cần kiểm tra.",
        "The table does not say whether a debt is owed by or to the cooperative: the direction "
        "was told from its words and the table's title, to be checked.",
    ),
    "status_steps_missing": Said(
        "Trạng thái trong tệp bỏ qua bước mà quy định yêu cầu (ví dụ: từ tạm ngừng sang đã giải "
        "thể mà không qua đang giải thể): được ghi như tệp, đánh dấu cần xem lại.",
        "The file's status skips a step the rules require (say, suspended to dissolved without "
        "awaiting dissolution): recorded as the file says, marked for review.",
    ),
    "cooperative_by_own_words": Said(
        "Hợp tác xã được nhận theo phần riêng của tên (không kể loại hình, ngành nghề): "
        "cần kiểm tra.",
        "The cooperative was found by the own words of its name (type and sector words "
        "aside): to be checked.",
    ),
}


@dataclass
class Outcome:
    sheet: str
    row: int
    action: str  # new | update | unchanged | review | rejected
    name: str | None = None
    organisation_id: int | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    status: str | None = None
    #: What the status words say of operating in fact: recorded as an observation.
    operating: str | None = None
    issues: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict, repr=False)
    record: dict[str, Any] = field(default_factory=dict, repr=False)  # a child record's values

    def report(self, lang: str = "vi") -> dict[str, Any]:
        """The outcome as the JSON report holds it (the cleaned values left out)."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "action": self.action,
            "name": self.name,
            "organisation_id": self.organisation_id,
            "changes": self.changes,
            "status": self.status,
            "issues": self.issues,
            "reasons": [in_language(r, lang) for r in self.reasons],
            "record": self.record,
        }

    def notes(self, lang: str = "vi") -> list[str]:
        """Reasons and issues in words, for the preview and the outcome workbook."""
        return [
            in_language(text, lang)
            for text in self.reasons + [ISSUES.get(code, code) for code in self.issues]
        ]

    @classmethod
    def of(cls, row: OrganisationRow) -> Outcome:
        """A cleaned row's outcome, rejected until the planner decides otherwise."""
        return cls(
            sheet=row.sheet,
            row=row.row,
            action="rejected",
            name=row.fields.get("name"),
            issues=list(row.issues),
            reasons=[p.message() for p in row.problems],
        )


@dataclass
class Plan:
    file_name: str
    sha256: str
    sheet: str
    as_of: date
    outcomes: list[Outcome]
    kind: str = "organisations"
    #: How the columns were read: sheet, column letter, joined header, field ("" = not read).
    mapping: list[dict[str, str]] = field(default_factory=list)
    #: Rows read as not records, and why (blank rows left out): sheet, row, kind (what the
    #: table finder saw: column_numbers, repeated_header, group, total, continuation, end,
    #: other), the row's first text; and hidden sheets not read (row None, hidden_sheet).
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    #: The file's total rows against its records (:func:`importers.totals.check_totals`).
    total_checks: list[dict[str, Any]] = field(default_factory=list)
    #: Unknown words of vocabulary columns, each with how many rows hold it: field, value,
    #: rows. Those rows are kept (the field at its fallback) and flagged.
    unknown: list[dict[str, Any]] = field(default_factory=list)

    def disagreements(self, lang: str = "vi") -> list[str]:
        """The totals of the file that its records do not add up to, in words."""
        return [in_language(disagreement(c), lang) for c in self.total_checks if not c["agrees"]]

    def counts(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for outcome in self.outcomes:
            result[outcome.action] = result.get(outcome.action, 0) + 1
        return result


def _units(session: Session, row: OrganisationRow) -> tuple[int | None, int | None, list[str]]:
    """(legacy unit, current unit, issues) from the units' codes when the file gives them (the
    registry's own export), else from the district and commune names."""
    issues = []
    legacy_code, current_code = row.fields.get("legacy_unit_code"), row.fields.get("unit_code")
    if legacy_code or current_code:
        legacy = legacy_code and unit_by_code(session, UnitScheme.LEGACY, legacy_code)
        current = current_code and unit_by_code(session, UnitScheme.CURRENT, current_code)
        if (legacy_code and legacy is None) or (current_code and current is None):
            issues.append("unit_code_unknown")
        if current is None and legacy and legacy.level == UnitLevel.COMMUNE:
            current = successor(session, legacy)
        return (legacy.id if legacy else None), (current.id if current else None), issues
    district_name, commune_name = row.fields.get("district"), row.fields.get("commune")
    districts = (
        find_units(session, district_name, scheme=UnitScheme.LEGACY, level=UnitLevel.DISTRICT)
        if district_name
        else []
    )
    if district_name and len(districts) != 1:
        issues.append("district_unknown")
    district = districts[0] if len(districts) == 1 else None
    commune = None
    if commune_name:
        candidates = [
            u
            for u in find_units(
                session, commune_name, scheme=UnitScheme.LEGACY, level=UnitLevel.COMMUNE
            )
            if district is None or u.parent_id == district.id
        ]
        if len(candidates) == 1:
            commune = candidates[0]
        else:
            issues.append("commune_unknown")
    legacy = commune or district
    current = successor(session, commune) if commune else None
    return (legacy.id if legacy else None), (current.id if current else None), issues


def organisation_values(session: Session, row: OrganisationRow) -> tuple[dict[str, Any], list[str]]:
    f = row.fields
    legacy_unit_id, unit_id, issues = _units(session, row)
    founded = f.get("founded")
    law = GoverningLaw.LAW_2012
    if founded and founded[0] >= date(2024, 7, 1):
        law = GoverningLaw.LAW_2023
    # The certificate's date: of the old ĐKKD when that is all the row has, else of the
    # current registration; kept when the day is known (a plain date has no precision).
    certified = f.get("certificate_date")
    if certified and certified[1] != DatePrecision.DAY:
        issues.append("certificate_date_partial")
        certified = None
    old_only = f.get("certificate_number") and not f.get("tax_code")
    return {
        "name": f["name"],
        "org_type": f["org_type"],
        "tax_code": f.get("tax_code"),
        "legacy_certificate_no": f.get("certificate_number"),
        "legacy_certificate_on": certified[0] if certified and old_only else None,
        "registered_on": certified[0] if certified and not old_only else None,
        "founded_on": founded[0] if founded else None,
        "founded_precision": founded[1] if founded else None,
        "sector": f.get("sector"),
        "main_product": f.get("main_product"),
        "charter_capital_vnd": f.get("charter_capital_vnd"),
        "director_name": f.get("director"),
        "address": f.get("address"),
        "phone": "; ".join(f.get("phones") or []) or None,
        "email": f.get("email"),
        "not_reorganized": f.get("not_reorganized"),
        "legacy_unit_id": legacy_unit_id,
        "unit_id": unit_id,
        "governing_law": law,
    }, issues


def _district_of(session: Session, unit_id: int | None) -> int | None:
    unit = session.get(AdminUnit, unit_id) if unit_id else None
    if unit is None:
        return None
    return unit.parent_id if unit.level == UnitLevel.COMMUNE else unit.id


def not_found(session: Session, values: dict[str, Any], pool) -> Said:
    """Why a row's cooperative was not found: not in the registry at all, or only under the
    same name in another district (the file's or row's district may be wrong, or it is
    another cooperative: the tax code tells)."""
    key = match_key(values["name"])
    district = _district_of(session, values["legacy_unit_id"])
    namesakes = [
        (place, o)
        for place, organisations in pool.items()
        if place != district and place is not None
        for o in organisations
        if match_key(o.name) == key
    ]
    if not namesakes:
        return UNKNOWN_COOPERATIVE
    where = ", ".join(f"{session.get(AdminUnit, p).name} (#{o.id})" for p, o in namesakes[:3])
    return Said(
        f"Không có hợp tác xã này ở huyện của dòng; có tổ chức cùng tên ở {where}: kiểm tra "
        "huyện, hoặc ghi mã số thuế.",
        f"No such cooperative in the row's district; one of the same name is in {where}: "
        "check the district, or give the tax code.",
    )


def match_organisation(
    session: Session, values: dict[str, Any], pool: Pool, registry_id: int | None = None
) -> tuple[Organisation | None, str | None]:
    """An existing organisation by tax code, else by name key within the same district (the
    registry's own id, from its export, telling namesakes apart); a near name is returned
    as 'review', never merged. Without a place, only the tax code. A tax code held outside
    the user's area gives the verdict 'elsewhere'."""
    if values["tax_code"]:
        found = pool.tax_codes.get(values["tax_code"])
        if found is not None:
            return found, None
        if pool.held_elsewhere(values["tax_code"]):
            return None, "elsewhere"
    if values["legacy_unit_id"] is None:
        return None, None
    district = _district_of(session, values["legacy_unit_id"])
    key = match_key(values["name"])
    # Two tax codes that differ are two organisations, whatever their names.
    candidates = [
        o
        for o in pool.get(district, [])
        if not (values["tax_code"] and o.tax_code and o.tax_code != values["tax_code"])
    ]
    exact = [o for o in candidates if match_key(o.name) == key]
    # Namesakes in one district: the commune, the old certificate, else the registry's id.
    for attribute, value in (
        ("legacy_unit_id", values["legacy_unit_id"]),
        ("legacy_certificate_no", values["legacy_certificate_no"]),
        ("id", registry_id),
    ):
        if len(exact) > 1 and value:
            exact = [o for o in exact if getattr(o, attribute) == value] or exact
    if len(exact) == 1:
        return exact[0], None
    near = max(
        (o for o in candidates if _near(match_key(o.name), key)),
        default=None,
        key=lambda o: difflib.SequenceMatcher(None, match_key(o.name), key).ratio(),
    )
    return (near, "review") if near is not None else (None, None)


def _near(a: str, b: str) -> bool:
    """Name keys close enough for a person to decide: the same words apart from type and
    sector words (``HTX Tâm An`` and ``… Nông nghiệp Tâm An``), or close as a whole and in
    those words (``… Nông nghiệp Dịch vụ Chư Răng`` is not near ``… Nông nghiệp Dịch vụ Cao
    su``, ``… Đồng Tâm Mới`` is near ``… Đồng Tâm``)."""
    own_a, own_b = (" ".join(w for w in k.split() if w not in GENERIC_WORDS) for k in (a, b))
    if own_a and own_a == own_b:
        return True
    if difflib.SequenceMatcher(None, a, b).ratio() < NEAR:
        return False
    if not own_a or not own_b:
        return own_a == own_b
    return difflib.SequenceMatcher(None, own_a, own_b).ratio() >= NEAR


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
                            "column": column_letter(i),
                            "header": header,
                            "field": "",
                        },
                    )
                    entry["field"] = entry["field"] or table.columns.get(i, "")
    return list(columns.values())


#: A title naming the district it reports on: ``UBND HUYỆN CHƯ PĂH``, ``… CÁC HTX TRÊN ĐỊA
#: BÀN HUYỆN ĐỨC CƠ NĂM 2024``, folded.
_TITLE_DISTRICT = re.compile(r"\b(?:huyen|thi xa|thanh pho)\s+([a-z' ]+?)(?:\s+nam\s+\d{4}.*)?$")


def sheet_district(session: Session, sheet: Sheet) -> str | None:
    """The district a sheet reports on: its name (``Chư Păh``), else a title line naming
    exactly one district."""
    names = [sheet.name] + [
        m.group(1)
        for row in sheet.rows[:6]
        for value in row
        if isinstance(value, str) and (m := _TITLE_DISTRICT.search(fold(value)))
    ]
    for name in names:
        found = find_units(session, name, scheme=UnitScheme.LEGACY, level=UnitLevel.DISTRICT)
        if len(found) == 1:
            return found[0].name
    return None


def _place_of(session: Session, unit: AdminUnit | None) -> tuple[str | None, str | None]:
    """(district, commune) names of the unit given for a whole file."""
    if unit is None:
        return None, None
    if unit.level == UnitLevel.COMMUNE:
        parent = session.get(AdminUnit, unit.parent_id) if unit.parent_id else None
        return (parent.name if parent else None), unit.name
    return unit.name, None


class Pool:
    """The organisations an import may match: only those the user may change (``scope``),
    by district for names and by tax code. Nothing outside the area is ever matched, offered
    for review or named; a tax code held outside it is only said to be."""

    def __init__(self, session: Session, scope: Scope | None) -> None:
        self.session = session
        query = select(Organisation)
        where = scope.organisation_filter() if scope is not None else None
        if where is not None:
            query = query.where(where)
        self.districts: dict[int | None, list[Organisation]] = {}
        self.tax_codes: dict[str, Organisation] = {}
        for org in session.scalars(query):
            self.districts.setdefault(_district_of(session, org.legacy_unit_id), []).append(org)
            if org.tax_code:
                self.tax_codes[org.tax_code] = org
        self.everywhere = where is None

    def get(self, district: int | None, default=()):
        return self.districts.get(district, default)

    def items(self):
        return self.districts.items()

    def held_elsewhere(self, tax_code: str) -> bool:
        """Whether an organisation outside the area holds ``tax_code``."""
        return (
            not self.everywhere
            and tax_code not in self.tax_codes
            and (
                self.session.scalar(
                    select(Organisation.id).where(Organisation.tax_code == tax_code)
                )
                is not None
            )
        )


TAX_CODE_ELSEWHERE = Said(
    "Mã số thuế này thuộc một tổ chức ngoài địa bàn bạn phụ trách.",
    "This tax code belongs to an organisation outside your area.",
)


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
    chosen, kind, tables = _choose_sheet(sheets, sheet, path.name, kind, corrections)
    if not tables or not any(t.rows for t in tables):
        raise Refused(
            f"Tệp «{path.name}», trang «{chosen.name}»: không tìm thấy bảng danh sách "
            "tổ chức (dòng tiêu đề có Tên, Mã số thuế…) hoặc bảng không có dòng dữ liệu.",
            f"File '{path.name}', sheet '{chosen.name}': no organisation table (a "
            "header row with name, tax code…) or no data rows.",
        )
    parts = [(chosen, tables)]
    # One sheet per district (debts and land, figures), per cooperative (members) or per year
    # (figures): take them all.
    if kind in ("debts_assets", "members", "annual_figures") and sheet is None:
        parts = [
            (s, tables if s is chosen else find_kind(s, kind, corrections)[1])
            for s in sheets
            if not s.hidden
        ]
        parts = [(s, found) for s, found in parts if any(t.rows for t in found)]
    duplicates = [
        f
        for _, found in parts
        for t in found
        for f in set(t.columns.values())
        if list(t.columns.values()).count(f) > 1
    ]
    if duplicates:
        raise Refused(
            f"Tệp «{path.name}», trang «{chosen.name}»: nhiều cột cùng là "
            f"{', '.join(sorted(set(duplicates)))}; hãy chọn cột đúng.",
            f"File '{path.name}', sheet '{chosen.name}': several columns read as "
            f"{', '.join(sorted(set(duplicates)))}; choose the right one.",
            mapping=_mapping(parts),
            kind=kind,
        )
    total = sum(len(t.rows) for _, found in parts for t in found)
    tick = (progress(total) if progress else None) or (lambda: None)
    place = _place_of(session, unit)
    for s, found in parts:  # rows naming no place are the given unit's, else the title's
        for table in found:
            table.place = place if unit else (sheet_district(session, s), None)
    day = as_of or stated_date(chosen) or date.today()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if kind == "members":
        from importers.member_run import plan_members

        outcomes = plan_members(session, parts, scope, tick)
    elif kind == "annual_figures":
        from importers.figures import year_of
        from importers.figures_run import plan_figures

        year = year_of(chosen.rows) or day.year
        outcomes = plan_figures(session, parts, scope, year, tick, decisions or {})
    elif kind == "debts_assets":
        from importers.debts_run import plan_debts

        outcomes = plan_debts(session, parts, scope, day, tick)
    else:
        outcomes = _plan_organisations(
            session, tables, chosen.name, scope, day, tick, decisions or {}
        )
    return Plan(
        file_name=file_name or path.name,
        sha256=digest,
        sheet=", ".join(s.name for s, _ in parts)[:120],
        mapping=_mapping(parts),
        as_of=day,
        kind=kind,
        outcomes=outcomes,
        set_aside=[
            {"sheet": s.name, "row": None, "kind": "hidden_sheet", "text": ""}
            for s in sheets
            if s.hidden and s is not chosen and any(v not in ("", None) for r in s.rows for v in r)
        ]
        + [
            {"sheet": s.name, "row": row, "kind": why, "text": text}
            for s, found in parts
            for table in found
            for row, why, text in table.skipped
            if why != "blank"
        ],
        total_checks=[
            check for s, found in parts for table in found for check in check_totals(s.name, table)
        ],
    )


def _plan_organisations(
    session: Session,
    tables,
    sheet: str,
    scope: Scope | None,
    day: date,
    tick,
    decisions: dict[str, int],
) -> list:
    pool = Pool(session, scope)
    outcomes = []
    seen: dict[str, int] = {}
    for table in tables:
        for row in clean_table(table, sheet):
            outcome = _outcome(session, row, pool, seen, day, decisions)
            if outcome.action != "rejected" and not in_scope(scope, outcome):
                outcome.action = "rejected"
                outcome.reasons.append(OUT_OF_AREA)
            outcomes.append(outcome)
            tick()
    return outcomes


def in_scope(scope: Scope | None, outcome: Outcome) -> bool:
    """Whether the row's organisation, where the file puts it, lies in the user's area."""
    return scope is None or scope.allows_units(
        outcome.values["unit_id"], outcome.values["legacy_unit_id"]
    )


_AS_OF = re.compile(
    r"(?:đến|tính đến|den|tinh den)\s+(?:ngày\s+)?(\d{1,2}/\d{1,2}/\d{4})", re.IGNORECASE
)


def stated_date(sheet: Sheet) -> date | None:
    """The date a title states the figures refer to: ``(Tính đến ngày 31/12/2023)``,
    ``CÔNG NỢ ĐẾN 31/12/2023``."""
    for row in sheet.rows[:12]:
        for value in row:
            if isinstance(value, str) and (m := _AS_OF.search(value)):
                day, month, year = (int(x) for x in m.group(1).split("/"))
                return date(year, month, day)
    return None


#: Rows the kind is told from: headers sit near the top, and trying every kind on a
#: 100,000-row sheet would read it once per kind.
KIND_SAMPLE_ROWS = 500


def find_kind(
    sheet: Sheet, kind: str | None = None, corrections: dict | None = None
) -> tuple[str, list]:
    """The record kind a sheet holds (given, or the one whose own columns its first rows name
    most) and its tables."""
    rows, merged = sheet.rows, sheet.merged
    if kind:
        return kind, find_tables(rows, kind, corrections, merged)
    best, best_score = "organisations", -1
    # Organisations first: a plain list naming few columns is most likely one.
    for candidate in sorted(KINDS, key=lambda k: k != "organisations"):
        tables = find_tables(rows[:KIND_SAMPLE_ROWS], candidate, corrections, merged)
        score = sum(len(set(t.columns.values()) & OWN_FIELDS[candidate]) for t in tables if t.rows)
        if score > best_score:
            best, best_score = candidate, score
    return best, find_tables(rows, best, corrections, merged)


def _choose_sheet(
    sheets: list[Sheet], name: str | None, file_name: str, kind: str | None, corrections
) -> tuple[Sheet, str, list]:
    """The sheet to import (named, or the first holding a table), its kind and its tables."""
    if name is not None:
        for sheet in sheets:
            if sheet.name == name:
                return (sheet, *find_kind(sheet, kind, corrections))
        raise Refused(
            f"Tệp «{file_name}» không có trang «{name}».",
            f"File '{file_name}' has no sheet '{name}'.",
        )
    for sheet in (s for s in sheets if not s.hidden):
        if sheet.ambiguous_cells:
            raise Refused(
                f"Tệp «{file_name}», trang «{sheet.name}»: có {sheet.ambiguous_cells} ô chữ "
                "không xác định được bảng mã (TCVN3 hay VNI). Hãy chuyển sang Unicode trước.",
                f"File '{file_name}', sheet '{sheet.name}': {sheet.ambiguous_cells} text cells "
                "whose legacy encoding (TCVN3 or VNI) cannot be told. Convert to Unicode first.",
            )
        found_kind, tables = find_kind(sheet, kind, corrections)
        if any(t.rows for t in tables):
            return sheet, found_kind, tables
    first = sheets[0] if sheets else Sheet(name="", rows=[])
    return first, kind or "organisations", []


def identify(
    session: Session,
    row: OrganisationRow,
    pool,
    seen: dict[str, int],
    decisions: dict[str, int] | None = None,
) -> tuple[Outcome, Organisation | None]:
    """The row's outcome as far as its organisation goes: rejected (a bad cell, a repeat,
    no place), review (a near name no one has decided on), or new; with the organisation it
    matched, if any. A person's decision on a near name (``decisions``) settles it."""
    outcome = Outcome.of(row)
    if row.problems:
        return outcome, None
    values, unit_issues = organisation_values(session, row)
    outcome.issues += unit_issues
    outcome.values = values
    key = values["tax_code"] or "|".join(
        str(part)
        for part in (
            match_key(values["name"]),
            values["legacy_unit_id"],
            row.fields.get("registry_id"),
        )
    )
    if key in seen:
        outcome.reasons.append(
            Said(
                f"Trùng với dòng {seen[key]} của cùng tệp.",
                f"The same as row {seen[key]} of the file.",
            )
        )
        return outcome, None
    seen[key] = row.row
    match, verdict = match_organisation(session, values, pool, row.fields.get("registry_id"))
    if verdict == "elsewhere":
        outcome.reasons.append(TAX_CODE_ELSEWHERE)
        return outcome, None
    decided = (decisions or {}).get(f"{row.sheet}!{row.row}")
    # A decision settles only the review it was offered: the same organisation, or a new one.
    if verdict == "review" and decided in (0, match.id):
        match, verdict = (match if decided else None), None
        outcome.issues.append("decided_by_user")
    if match is None and values["legacy_unit_id"] is None:
        outcome.reasons.append(NO_PLACE)
        return outcome, None
    if verdict == "review":
        outcome.action, outcome.organisation_id = "review", match.id
        outcome.reasons.append(near_name(match))
        return outcome, None
    outcome.action = "new"
    if match is not None:
        outcome.organisation_id = match.id
        return outcome, match
    # A new organisation: what the file does not say takes the registry's defaults.
    values["not_reorganized"] = bool(values["not_reorganized"])
    if values["sector"] is None:
        values["sector"] = Sector.OTHER
        outcome.issues.append("sector_unknown")
    return outcome, match


def _outcome(
    session: Session,
    row: OrganisationRow,
    pool,
    seen: dict[str, int],
    as_of: date,
    decisions: dict[str, int],
) -> Outcome:
    outcome, match = identify(session, row, pool, seen, decisions)
    status = row.fields.get("status")
    outcome.status = status.value if status else None
    operating = row.fields.get("operating")
    outcome.operating = operating.value if operating else None
    if match is None:
        return outcome
    values = outcome.values
    outcome.changes = {
        f: [plain(getattr(match, f)), plain(values[f])]
        for f in FIELDS
        if values[f] is not None and getattr(match, f) != values[f]
    }
    if "name" in outcome.changes and match_key(match.name) == match_key(values["name"]):
        del outcome.changes["name"]  # the same name spelt otherwise: the registry's stays
    status_change = (
        status is not None
        and rules.status_on([(e.effective_on, e.id, e.status) for e in match.status_events], as_of)
        != status
    )
    if status_change:
        try:
            note = check_history(
                list(match.status_events), status, min(as_of, date.today()), as_stated=True
            )
        except DomainError as exc:  # the file's status contradicts a later recorded one
            outcome.action = "rejected"
            outcome.reasons.append(Said(exc.vi, exc.en))
            return outcome
        outcome.changes["status"] = [None, status.value]
        if note:
            outcome.issues.append("status_steps_missing")
    if operating is not None and not _observed(
        session, match.id, min(as_of, date.today()), operating
    ):
        outcome.changes["operating"] = [None, operating.value]
    outcome.action = "update" if outcome.changes else "unchanged"
    return outcome


def _observed(session: Session, organisation_id: int, day: date, state) -> bool:
    """Whether the registry already holds this finding (the same list imported again)."""
    return (
        session.scalar(
            select(Observation.id).where(
                Observation.organisation_id == organisation_id,
                Observation.observed_on == day,
                Observation.state == state,
            )
        )
        is not None
    )


@paused_gc()
def commit(session: Session, plan_: Plan) -> ImportBatch | None:
    """Write every new and updated row in the caller's transaction, as one batch. Rows for
    review or rejected are left out (the plan says so); the caller commits. Nothing to write
    (the same file again) makes no batch: only the attempt is in the audit log."""
    kind = plan_.kind
    if not any(o.action in ("new", "update") for o in plan_.outcomes):
        audit.record(
            session,
            action=AuditAction.IMPORT,
            table_name="import_batch",
            summary=f"{plan_.file_name} / {plan_.sheet}: {plan_.counts()}, nothing new",
            changes={"sha256": [None, plan_.sha256]},
        )
        return None
    batch = ImportBatch(
        file_name=plan_.file_name,
        sha256=plan_.sha256,
        sheet=plan_.sheet,
        kind=kind,
        as_of=plan_.as_of,
        user_id=session.info.get("user_id"),
        counts=plan_.counts(),
    )
    session.add(batch)
    session.flush()
    if kind == "members":
        from importers.member_run import commit_members

        commit_members(session, plan_, batch)
    if kind == "annual_figures":
        from importers.figures_run import commit_figures

        commit_figures(session, plan_, batch)
    if kind == "debts_assets":
        from importers.debts_run import commit_debts

        commit_debts(session, plan_, batch)
    for outcome in plan_.outcomes if kind == "organisations" else ():
        if outcome.action in ("new", "update"):
            write_organisation(session, plan_, batch, outcome)
    audit.record(
        session,
        action=AuditAction.IMPORT,
        table_name="import_batch",
        record_id=str(batch.id),
        summary=f"{plan_.file_name} / {plan_.sheet}: {plan_.counts()}",
        changes={"sha256": [None, plan_.sha256]},
    )
    session.flush()
    return batch


def write_organisation(
    session: Session, plan_: Plan, batch: ImportBatch, outcome: Outcome
) -> Organisation:
    """Create or update the outcome's organisation, with its status, and note the change."""
    status = Status(outcome.status or Status.ACTIVE.value)
    on = min(plan_.as_of, date.today())
    reason = f"Nhập từ tệp {plan_.file_name}, dòng {outcome.row}"
    before, event = None, None
    if outcome.organisation_id is None:
        org, event = create_organisation(
            session=session,
            status=status,
            status_on=on,
            reason=reason,
            as_stated=True,
            **outcome.values,
        )
    else:
        org = session.get(Organisation, outcome.organisation_id)
        before = {
            f: plain(getattr(org, f)) for f in outcome.changes if f not in ("status", "operating")
        }
        for f in before:
            setattr(org, f, outcome.values[f])
        session.add(org)
        session.flush()
        if "status" in outcome.changes:
            event = record_status(
                session=session,
                organisation=org,
                status=status,
                effective_on=on,
                reason=reason,
                as_stated=True,
            )
    noted = [] if event is None else [("status_event", event.id, "create", None, None)]
    if outcome.operating is not None and (before is None or "operating" in outcome.changes):
        found = Observation(
            organisation_id=org.id,
            observed_on=on,
            state=OperatingState(outcome.operating),
            source=ObservationSource.IMPORTED_LIST,
            note=reason,
        )
        session.add(found)
        session.flush()
        noted.append(("operating_observation", found.id, "create", None, None))
    session.flush()
    session.refresh(org)
    noted.insert(
        0,
        ("organisation", org.id, "create" if before is None else "update", before, snapshot(org)),
    )
    for table, record_id, action, before_, after in noted:
        session.add(
            ImportChange(
                batch_id=batch.id,
                table_name=table,
                record_id=record_id,
                sheet=outcome.sheet,
                row=outcome.row,
                action=action,
                before=before_,
                after=after,
            )
        )
    return org
