"""Organisation rows: a found table's cells into clean organisation records, each with the
issues a clerk should see and the problems that reject it, naming sheet, row and column."""

from __future__ import annotations

import contextlib
import functools
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from importers import values
from importers.fields import FIELDS
from importers.mapping import year_of_title
from importers.messages import Said
from importers.names import (
    PLACE_WORDS,
    canonical_name,
    org_type,
    sector_from_name,
    type_named,
    with_type,
)
from importers.readers import column_letter
from importers.tables import DataRow, Table
from registry.dates import latest_day
from registry.enums import DatePrecision, Sector, Status
from registry.text import fold
from registry.units.gazetteer import district_of_commune

_GROUP_DISTRICT = re.compile(
    r"^(?:[IVXLC]+\.?\s+)?(?:huyện|thị xã|thành phố|tx\.?|tp\.?|h\.)\s+(.+?)(?:\s*\(.*\))?$",
    re.IGNORECASE,
)
_KIND_WORDS = re.compile(
    r"^(?:xã|phường|thị trấn|tt\.?|x\.|p\.|huyện|h\.|thị xã|tx\.?|"
    r"thành phố|tp\.?)\s+",
    re.IGNORECASE,
)
_CERTIFICATE_IN_NOTES = re.compile(r"(?:số\s*)?đkkd\s*:?\s*([\d.\s]{10,16})", re.IGNORECASE)
#: A tax code written in the notes (``MST 5901122334``, ``Mã số thuế: 5901 122 334``).
_TAX_CODE_IN_NOTES = re.compile(
    r"\b(?:mst|mã số thuế|mã số htx|mã số doanh nghiệp)\s*+[:.]?\s*+(\d[\d .]{8,14}\d)",
    re.IGNORECASE,
)


@dataclass
class Problem:
    sheet: str
    row: int
    column: str  # spreadsheet letter
    field: str
    vi: str
    en: str

    def message(self) -> Said:
        """The problem with where it is: sheet, row and column."""
        return Said(
            f"Trang «{self.sheet}», dòng {self.row}, cột {self.column}: {self.vi}",
            f"Sheet '{self.sheet}', row {self.row}, column {self.column}: {self.en}",
        )


@dataclass
class OrganisationRow:
    sheet: str
    row: int
    fields: dict[str, Any] = field(default_factory=dict)
    issues: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Unknown words of vocabulary columns: (field, value as written).
    unknown: list[tuple[str, Any]] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.problems)


def place_name(text: str | None) -> str | None:
    """``'Xã Ia Nhin'``, ``'TT Phú Túc'``, ``'huyện Krông Pa'`` → the name without its kind,
    and without a note in brackets (``xã Ia Hrung (cũ)``: the old commune, found by its
    name among the old ones)."""
    if not text:
        return None
    text = " ".join(_NOTE.sub(" ", str(text)).split())
    return _KIND_WORDS.sub("", text).strip() or None


_NOTE = re.compile(r"\([^()]*\)")


class Address(NamedTuple):
    commune: str | None
    district: str | None
    #: Whether the address has the form units have since 1/7/2025 — the commune, then the
    #: province, no district (``Thôn 1, Xã Ia Băng, Tỉnh Gia Lai``): its commune is a
    #: current one, not a namesake before the change (``Ia Băng`` was a commune of Đak Đoa
    #: and one of Chư Prông).
    current: bool = False


def split_address(text: str) -> Address:
    """``'xã Ia Rsươm, huyện Krông Pa'``, ``'Thôn 1, xã Ia Nhin'``, ``'Chư Gu - Krông Pa'``,
    ``'Thôn 3 xã Ia Tô huyện Ia Grai tỉnh Gia Lai'`` → (commune, district). A part is told by
    its kind word (a village's, ``thôn``, ``làng``, ``tổ``…, and the province and country are
    left out); of the parts without one, the first is the commune and the last the district,
    and a single one is the commune."""
    parts = [p.strip() for p in _ADDRESS_PARTS.split(" ".join((text or "").split()))]
    commune = district = None
    unmarked = []
    province = False
    for part in filter(None, parts):
        if _VILLAGE_OR_PROVINCE.match(part):
            province = province or bool(_PROVINCE.match(part))
            continue
        if commune is None and _COMMUNE_KIND.match(part):
            commune = part
        elif district is None and _DISTRICT_KIND.match(part):
            district = part
        else:
            unmarked.append(part)
    current = province and commune is not None and district is None and not unmarked
    if unmarked and commune is None:
        commune = unmarked.pop(0)
    if unmarked and district is None:
        district = unmarked[-1]
    return Address(place_name(commune), place_name(district), current)


#: Where an address is cut into its parts: commas, dashes between words, and before a unit's
#: kind word written without a comma (``Thôn 3 xã Ia Tô huyện Ia Grai``; not ``thị xã``).
_ADDRESS_PARTS = re.compile(
    r"[,;]|(?<!\s)\s-\s|(?<!thị) (?=(?:xã|phường|thị trấn|huyện|thị xã|thành phố|tỉnh) )",
    re.IGNORECASE,
)
_COMMUNE_KIND = re.compile(r"(?:xã|phường|thị trấn|tt\.?|x\.|p\.)\s", re.IGNORECASE)
_DISTRICT_KIND = re.compile(r"(?:huyện|h\.|thị xã|tx\.?|thành phố|tp\.?)\s", re.IGNORECASE)
_VILLAGE_OR_PROVINCE = re.compile(
    r"(?:thôn|làng|buôn|plei|plơi|bon|tổ|tdp|khu phố|kp|khu|khối|ấp|bản|xóm|đội|số nhà|sn|"
    r"đường|km)(?:\s|\d|$)|tỉnh\s|gia lai$|việt nam$",
    re.IGNORECASE,
)
_PROVINCE = re.compile(r"tỉnh\s|gia lai$", re.IGNORECASE)


def district_from_groups(groups: list[str]) -> str | None:
    for label in groups:
        if m := _GROUP_DISTRICT.match(label.strip()):
            return m.group(1).strip()
    return None


#: A commune heading its rows: ``Xã Ia Nhin``, ``Thị trấn Phú Hòa`` (numbered under its
#: district, ``1 | Xã Ia Nhin``).
_GROUP_COMMUNE = re.compile(r"^(?:xã|phường|thị trấn|tt\.?)\s+(.+?)(?:\s*\(.*\))?$", re.I)


def commune_from_groups(groups: list[str]) -> str | None:
    """The commune the innermost heading names, if it names one."""
    m = _GROUP_COMMUNE.match(groups[-1].strip()) if groups else None
    return m.group(1).strip() if m else None


def sectors_from_groups(groups: list[str]) -> list:
    """Sectors a heading such as ``III. Lĩnh vực công nghiệp - TTCN, xây dựng`` names."""
    found = []
    for label in groups:
        if "linh vuc" in fold(label):
            for part in re.split(r",|\s-\s|\svà\s", re.sub(r"(?i)^.*?lĩnh vực\s+", "", label)):
                try:
                    sector = values.sector(part)
                except values.CellProblem:
                    continue
                if sector and sector not in found:
                    found.append(sector)
    return found


def _sector(column_value, groups: list[str], name: str, trade: str | None):
    """The sector column, else the group heading (the name decides between the sectors a
    heading names), else the sector words of the name, else those of the main trade or
    product (``Trồng trọt``, ``TTCN``, ``DV-TM``) when its words name one."""
    if column_value:
        return column_value
    candidates = sectors_from_groups(groups)
    from_name = sector_from_name(name)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        return from_name if from_name in candidates else candidates[0]
    if from_name is None and trade:
        with contextlib.suppress(values.CellProblem):  # free text: not a sector's words
            return values.sector(trade)
    return from_name


def cleaned_column(table: Table, name: str, clean=None) -> list[Any]:
    """The ``name`` cells of every data row, cleaned, in row order; a cell that cannot be read
    holds its :class:`values.CellProblem`. Read by the field's own reader, amounts scaled by
    its unit (:data:`importers.fields.FIELDS`), or by ``clean`` where one column is read two
    ways (status words as the legal status and as operating in fact). A column repeats its
    values (statuses, dates, amounts, the cooperative): each distinct one is cleaned once.
    Kept on the table."""
    field = FIELDS[name]
    cleaner = clean or field.clean
    args: tuple = ()
    if field.unit == "money":
        args = (table.unit_of(name),)
    elif field.unit == "area":
        args = (table.area_unit(),)
    key = (name, cleaner, args)
    if key not in table.cleaned:
        index = next(i for i, f in table.columns.items() if f == name)
        raws = [row.cells[index] for row in table.rows]
        typed = len(set(map(type, raws)) & {int, float, bool}) > 1
        if typed:  # 1, 1.0 and True are one key of a dict: keep them apart by their type
            raws = list(zip(map(type, raws), raws, strict=True))
        distinct = set(raws)
        done = {}
        for raw in distinct:
            value = raw[1] if typed else raw
            try:
                done[raw] = values.formula_error(value) or cleaner(value, *args)
            except values.UnknownWord as unknown:
                code = values.answered(name, value)
                done[raw] = unknown.accept(code) if code is not None else unknown
            except values.CellProblem as problem:
                done[raw] = problem
        table.cleaned[key] = list(map(done.__getitem__, raws))
    return table.cleaned[key]


def _year_of_column(table: Table, name: str) -> tuple | None:
    """``(31/12/2024, year)`` when the ``name`` column's title names a year (``Số thành viên
    năm 2024``): the figures it reports are that year's, whatever the list's day."""
    index = next((i for i, f in table.columns.items() if f == name), None)
    year = year_of_title(table.headers[index]) if index is not None else None
    return (date(year, 12, 31), DatePrecision.YEAR) if year else None


def problem_of(result: OrganisationRow, table: Table, name: str, problem) -> Problem:
    index = next(i for i, f in table.columns.items() if f == name)
    row, column = table.cell_of(index, result.row)
    return Problem(result.sheet, row, column_letter(column), name, problem.vi, problem.en)


#: A tax code written into the name cell, in brackets or after a dash.
_TAX_CODE_IN_NAME = re.compile(
    r"(?<![\s,–-])[\s,–-]*+\(?\s*+(?:MST|mã số thuế|mã số HTX)"
    r"\s*+[:.]?\s*+(\d[\d .]{8,14}\d)\s*+\)?\s*+$",
    re.IGNORECASE,
)


def cell_reader(table: Table, data: DataRow, result: OrganisationRow):
    """``(cells, read)``: the row's cells by field, and ``read(field[, clean])`` that cleans
    one (:func:`cleaned_column`), turning a refusal into a problem naming sheet, row and
    column. A cell holding a formula's error is a problem however its field is read, and is
    read as empty."""
    cells = {name: (index, data.cells[index]) for index, name in table.columns.items()}
    failed = set()
    for name, (index, value) in cells.items():
        if problem := values.formula_error(value):
            result.problems.append(problem_of(result, table, name, problem))
            cells[name] = (index, None)
            failed.add(name)

    def read(name: str, clean=None):
        if name not in cells or name in failed:
            return None
        return settled(result, table, name, cleaned_column(table, name, clean)[data.position])

    return cells, read


def settled(result: OrganisationRow, table: Table, name: str, value: Any) -> Any:
    """A cleaned cell as the row takes it: an unknown word leaves the field at its fallback
    and flags the row (the value is asked about once for the file); a cell that cannot be
    read at all is a problem naming sheet, row and column."""
    if isinstance(value, values.UnknownWord):
        result.unknown.append((name, value.value))
        if (met := values.UNKNOWN.get()) is not None:
            met[(name, str(value.value))] += 1
        if "unknown_value" not in result.issues:
            result.issues.append("unknown_value")
        return value.fallback
    if isinstance(value, values.CellProblem):
        result.problems.append(problem_of(result, table, name, value))
        return None
    return value


def clean(table: Table, data: DataRow, sheet: str) -> OrganisationRow:
    """A list's row as an organisation's fields: its name, codes and type; its dates, counts
    and money; its status words; its sector; its place. Problems and issues on the row."""
    result = OrganisationRow(sheet=sheet, row=data.number)
    cells, read = cell_reader(table, data, result)
    out = result.fields
    raw_name = cells["name"][1]
    if values.is_blank(raw_name):
        result.problems.append(
            Problem(
                sheet,
                data.number,
                column_letter(cells["name"][0]),
                "name",
                "Thiếu tên tổ chức.",
                "The name is missing.",
            )
        )
        return result
    note = _name_and_codes(str(raw_name), cells, read, result)
    out["certificate_date"] = read("certificate_date") or out.pop("certificate_issued", None)
    out["founded"] = read("founding_date")
    out["members"] = read("members")
    out["members_official"] = read("members_official")
    out["members_associate"] = read("members_associate")
    out["members_as_of"] = read("members_as_of") or _year_of_column(table, "members")
    out["workers"] = read("workers")
    out["lost_seal"] = read("lost_seal")
    out["lost_certificate"] = read("lost_certificate")
    meeting = read("general_meeting")
    out["general_meeting_on"] = meeting[0] if meeting else None
    out["general_meeting_precision"] = meeting[1] if meeting else None
    out["female_members"] = read("female_members")
    out["charter_capital_vnd"] = read("charter_capital")
    out["contributed_capital_vnd"] = read("contributed_capital")
    out["director"] = read("director")
    phones = list(read("phones") or [])
    if "phones" in cells:
        for extra in data.continued.get(cells["phones"][0], []):
            phones += values.phones(extra)
    out["phones"] = phones
    out["email"] = read("email")
    decision = _status(read, result, note, out["notes"], _decided(table))
    out["status_details"] = _status_details(out["status"], decision, cells, note)
    if out["status"] is None and not out["not_reorganized"] and _title_status(tuple(table.title)):
        result.issues.append("status_in_title")
    out["unit_code"] = read("unit_code")
    out["legacy_unit_code"] = read("legacy_unit_code")
    out["registry_id"] = read("registry_id")
    out["main_product"] = cells.get("main_product", (None, None))[1] or None
    sector = read("sector") if "sector" in cells else None
    if any(field == "sector" for field, _value in result.unknown):
        sector = None  # an unknown word: the name's, the heading's or the product's, else other
    kind_cell = cells.get("org_kind", (None, None))[1]
    # A type column's sector words count as the name's: "HTX nông nghiệp" | "Hòa Bình".
    named_with = f"{kind_cell} {out['name']}" if isinstance(kind_cell, str) else out["name"]
    out["sector"] = _sector(sector, data.groups, named_with, out["main_product"]) or (
        Sector.OTHER if "sector" in cells else None
    )
    named = type_named(str(cells["sector"][1])) if cells.get("sector", (0, None))[1] else None
    if named is not None and type_named(out["name"]) is None:
        out["org_type"] = named  # a type word in the sector column: QTDND, Liên hiệp HTX
    _place(table, data, cells, out)
    return result


def _name_and_codes(raw_name: str, cells, read, result: OrganisationRow) -> str | None:
    """The name (a tax code or a status note written into it taken out), the type it names,
    the tax code and the old certificate's number, from their columns or the notes. Returns
    the status note taken out of the name (``HTX NN Tâm An (đã giải thể)``), if any."""
    out = result.fields
    if m := _TAX_CODE_IN_NAME.search(raw_name):  # "HTX NN Ia Dơk (MST: 5901234561)"
        raw_name = (raw_name[: m.start()] + raw_name[m.end() :]).strip(" -–,")
        if "tax_code" not in cells and "registration_number" not in cells:
            code = values.tax_code(m.group(1))
            out["tax_code"] = code.value
            if code.issue:
                result.issues.append(code.issue)
    note = None
    if (m := NOTE_IN_NAME.search(raw_name)) and _is_status_note(m.group(1)):
        raw_name, note = raw_name[: m.start()].strip(" -–,"), m.group(1)
    # "HTX NN Ia Blang, xã Ia Blang, huyện Chư Sê" in a list naming the place nowhere else
    placed = {"address", "commune", "district", "village"} & cells.keys()
    if not placed and (m := _PLACE_AFTER_NAME.search(raw_name)):
        raw_name, out["address_in_name"] = raw_name[: m.start()], raw_name[m.start() :]
        out["address_in_name"] = " ".join(out["address_in_name"].strip(" ,-–()").split())
    out["name"] = canonical_name(raw_name)
    if "org_kind" in cells and not values.is_blank(cells["org_kind"][1]):
        out["name"] = with_type(out["name"], str(cells["org_kind"][1]))
    out["org_type"] = org_type(out["name"])
    for name in ("tax_code", "registration_number"):
        if name in cells:
            code, certificate, issue = read(name) or (None,) * 3
            out.setdefault("tax_code", code)
            if code and not out.get("tax_code"):
                out["tax_code"] = code
            if certificate:
                out["certificate_number"] = certificate
            if issue:
                result.issues.append(issue)
    if "certificate_number" in cells and not values.is_blank(cells["certificate_number"][1]):
        number, issued, code = _certificate(cells["certificate_number"][1])
        out["certificate_number"], out["certificate_issued"] = number, issued
        if code and not out.get("tax_code"):
            out["tax_code"] = code
    notes = cells.get("notes", (None, None))[1]
    if isinstance(notes, str) and (m := _CERTIFICATE_IN_NOTES.search(notes)):
        out.setdefault("certificate_number", re.sub(r"\D", "", m.group(1)))
    if (
        not out.get("tax_code")
        and isinstance(notes, str)
        and (m := _TAX_CODE_IN_NOTES.search(notes))
    ):
        with contextlib.suppress(values.CellProblem):  # free text: a wrong number is no code
            code = values.tax_code(m.group(1))
            out["tax_code"] = code.value
            if code.issue:
                result.issues.append(code.issue)
    out.setdefault("certificate_number", None)
    out["notes"] = notes or None
    return note


#: Where a certificate cell tells its issuance after the number: ``, cấp ngày 12/5/2010``.
_CERTIFICATE_ISSUED = re.compile(
    r"(?<![\s,;(])[\s,;(]*+\b(?:cấp ngày|ngày cấp|cấp|ngày)\b\s*+:?\s*+", re.IGNORECASE
)
#: Words of a certificate cell saying its number is the tax code: ``5900888999 (MST)``.
_SAYS_TAX_CODE = re.compile(r"\b(?:mst|ma so thue|ma so htx)\b")
#: The number a certificate cell gives, after ``Số:``: ``39.07.000123``, ``3907 406282``,
#: ``05/CT-UBND``.
_CERTIFICATE_NUMBER = re.compile(r"\d(?:[\w./-]|\s(?=\d))*+")


def _certificate(cell: Any) -> tuple[str | None, tuple | None, str | None]:
    """``(number, the day it was issued, tax code)`` of a certificate column's cell, which
    keeps what it holds, even a tax-code-like number: ``Số: 39.07.000123, cấp ngày
    12/5/2010`` (the date was glued to the number), a contract's number as written (``số
    05/CT-UBND ngày 3/4/2019``); a number said to be the tax code (``5900888999 (MST)``) is
    one."""
    if not isinstance(cell, str):
        return re.sub(r"\D", "", str(values.tax_code(cell).value or cell)) or None, None, None
    text = " ".join(cell.split())
    if _SAYS_TAX_CODE.search(fold(text)):
        code = values.tax_code(re.sub(r"\D", "", text))
        if code.value:
            return None, None, code.value
    issued = None
    if m := _CERTIFICATE_ISSUED.search(text):
        text, said = text[: m.start()], text[m.end() :]
        with contextlib.suppress(values.CellProblem):
            issued = values.partial_date(said.strip(" .)"))
    found = _CERTIFICATE_NUMBER.search(text)
    if found is None:
        return None, issued, None
    number = found.group(0).rstrip(".-/")
    return (re.sub(r"\D", "", number) if re.fullmatch(r"[\d. ]+", number) else number), issued, None


def _status(
    read, result: OrganisationRow, note: str | None = None, notes=None, decided=None
) -> tuple | None:
    """The legal status the status words say (None: not said, no change), what they say of
    operating in fact, and whether the organisation never reorganised under the 2012 law —
    said by the status words or a column of its own; with no status words, by the ``note``
    the name carried, else by the ``notes`` column when all it says is a status (``Ngừng
    hoạt động từ 2022``): then, unless it says the organisation operates, the row is flagged
    for a person to confirm what free text said. The decision the status was recorded on is
    read from its own column, else from the words; with no status words, a decision in a
    column titled for one kind (``Số, ngày QĐ giải thể``: ``decided``) gives that status,
    flagged for a person to confirm. Returns that decision (number, day), if any."""
    out = result.fields
    flagged = read("status")
    said = None
    if not (flagged and flagged.value):
        said = _status_said(note) if note is not None else None
        if said is None and isinstance(notes, str):
            said = _status_said(notes)
            if said is not None and said[0].value != Status.ACTIVE:
                result.issues.append("status_from_notes")
    decision = read("status_decision")
    if said is not None:
        flagged, operating, since, cited = said
    else:
        operating = read("status", values.operating_state)
        since = read("status", values.status_since) if flagged else None
        cited = read("status", values.status_decision) if flagged else None
    decision = decision or cited
    if not (flagged and flagged.value) and decision is not None and decided is not None:
        flagged = values.Flagged(decided, "status_from_decision")
    if flagged and flagged.value and since is None and (dated := read("status_date")):
        since = latest_day(*dated)  # its own column: "Ngày giải thể"
    status = flagged.value if flagged else None
    if status in (None, "not_reorganized", Status.ACTIVE):
        decision = None  # a decision is the record of a change from operating
    elif since is None and decision is not None:
        since = decision[1]  # the status took effect by the decision
    out["not_reorganized"] = True if status == "not_reorganized" else read("not_reorganized")
    if out["not_reorganized"] is None and (done := read("reorganized")) is not None:
        out["not_reorganized"] = not done
    out["status"] = None if status == "not_reorganized" else status
    out["operating"] = operating
    out["status_since"] = since if status else None
    if flagged and flagged.issue:
        result.issues.append(flagged.issue)
    return decision


#: Statuses of a dissolution, voluntary or compulsory.
_DISSOLUTIONS = frozenset({Status.AWAITING_DISSOLUTION, Status.DISSOLVED})


def _status_details(status, decision: tuple | None, cells: dict, note: str | None) -> dict:
    """What a row says of its status beyond its name, as the status event keeps it: the
    decision it was recorded on (``decision_no``, ``decision_on``), a dissolution voluntary or
    compulsory (``dissolution_kind``: ``Giải thể tự nguyện``, or so in the reason or notes),
    and why (``reason``: the ``Lý do`` column). None said of an active organisation."""
    if status in (None, Status.ACTIVE):
        return {}
    details: dict[str, Any] = {}
    if decision is not None:
        details["decision_no"], details["decision_on"] = decision
    said = [cells[f][1] for f in ("status", "status_reason", "notes") if f in cells]
    words = " ".join(str(text) for text in [*said, note] if isinstance(text, str))
    if status in _DISSOLUTIONS and (kind := values.dissolution_kind(words)):
        details["dissolution_kind"] = kind
    reason = cells.get("status_reason", (None, None))[1]
    if not values.is_blank(reason):
        details["reason"] = " ".join(str(reason).split())[:300]
    return details


def _decided(table: Table) -> Status | None:
    """The status a column of decisions names in its title (``Số, ngày QĐ giải thể``), if
    any."""
    index = next((i for i, f in table.columns.items() if f == "status_decision"), None)
    return None if index is None else _status_titled(table.headers[index])


@functools.cache
def _status_titled(header: str) -> Status | None:
    said = _status_said(header)
    status = said[0].value if said else None
    return status if isinstance(status, Status) and status != Status.ACTIVE else None


#: The place written after a name, in a column of both (``Tên, địa chỉ HTX``): after a
#: comma, a dash or a bracket, a unit's or a village's kind word.
_PLACE_AFTER_NAME = re.compile(
    rf"(?:,|\s[-–]\s|\()\s*+(?:{PLACE_WORDS}|tt\.|tổ dân phố)\s", re.IGNORECASE
)
#: A note in brackets at the end of a name: ``HTX NN Tâm An (đã giải thể)``, ``… (TT Chư Sê)``.
NOTE_IN_NAME = re.compile(r"(?<=\S)\s*+\(([^()]{1,80}+)\)\s*+$")


def _is_status_note(text: str) -> bool:
    """Whether a name's note says its status (``đã giải thể``, ``mới thành lập``) or its
    reorganisation under a law (``Chuyển đổi theo Luật 2012``): no part of the name."""
    return _status_said(text) is not None or any(
        words in fold(text) for words in ("chuyen doi", "to chuc lai")
    )


@functools.cache
def _title_status(title: tuple[str, ...]) -> bool:
    """Whether a list's title says its organisations stopped, are to be dissolved or were
    (``DANH SÁCH HTX ĐỀ NGHỊ GIẢI THỂ``): a row saying no status of its own is then flagged
    for a person to tell (a list may hold some of each: the title is not taken for every
    row's status)."""
    for text in title:
        said = _status_said(text)
        if said is not None and said[0].value not in (Status.ACTIVE, None):
            return True
    return False


def _status_said(text: str) -> tuple | None:
    """(status, operating in fact, since, the decision cited) as ``text`` says them; None if
    it says no status."""
    try:
        return (
            values.status(text),
            values.operating_state(text),
            values.status_since(text),
            values.status_decision(text),
        )
    except values.CellProblem:  # an unknown word too: not a status note
        return None


def _place(table: Table, data: DataRow, cells, out: dict) -> None:
    """The commune and district: their columns, else the address, the group rows above, the
    place given for the whole table; and the address as written."""
    commune = place_name(cells.get("commune", (None, None))[1])
    district = place_name(cells.get("district", (None, None))[1])
    # The commune since 1/7/2025: its own column, or an address of the form since then.
    out["current_commune"] = place_name(cells.get("current_commune", (None, None))[1])
    in_name = out.pop("address_in_name", None)
    address = (cells["address"][1] if "address" in cells else None) or in_name
    if address:
        written = split_address(str(address))
        if written.current and not commune:
            out["current_commune"] = out["current_commune"] or written.commune
        commune = commune or written.commune
        district = district or written.district
    district = district or district_from_groups(data.groups)
    commune = commune or commune_from_groups(data.groups)
    if not (commune or district):
        district, commune = table.place
    out["commune"] = commune
    out["district"] = district or (district_of_commune(commune) if commune else None)
    village, commune_cell, district_cell = (
        cells.get(f, (None, None))[1] for f in ("village", "commune", "district")
    )
    out["address"] = written_address(village, address, commune_cell, district_cell)


def written_address(village, address, commune, district) -> str | None:
    """The address as the file writes it, when it has an address or village column:
    ``Làng Kon Pne, Xã Kon Pne``. Columns naming only the units add nothing to the units."""
    if values.is_blank(village) and values.is_blank(address):
        return None
    parts = [village] + ([address] if not values.is_blank(address) else [commune, district])
    text = ", ".join(" ".join(str(p).split()) for p in parts if not values.is_blank(p))
    return text[:255] or None


def clean_table(table: Table, sheet: str) -> list[OrganisationRow]:
    return [clean(table, row, sheet) for row in table.rows]
