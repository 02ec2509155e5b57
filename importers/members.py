"""Member rows: a person, their membership of a cooperative and their contribution."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from importers import values, vocabulary
from importers.names import TYPE_PHRASES, canonical_name
from importers.organisations import (
    OrganisationRow,
    Problem,
    cleaned_column,
    problem_of,
    settled,
    written_address,
)
from importers.readers import column_letter
from importers.tables import Table
from registry.enums import MemberType, PersonKind
from registry.text import fold

_GROUP_COOPERATIVE = re.compile(
    r"^(?:[IVXLC]+|[A-E])?[.)]?\s*"
    r"((?:htx|hợp tác xã|qtdnd|quỹ tín dụng|liên hiệp|tổ hợp tác|tht)\b.*)$",
    re.IGNORECASE,
)


def cooperative_from_groups(groups: list[str]) -> str | None:
    """``I. HTX NN Tâm An (25 thành viên)``: the cooperative a block of member rows is under,
    in lists without a cooperative column."""
    for label in groups:
        if m := _GROUP_COOPERATIVE.match(label.strip()):
            return re.sub(r"(?<!\s)\s*\([^()]*\)\s*$", "", m.group(1)).strip()
    return None


_TITLE_TAX_CODE = re.compile(
    r"(?:mã số (?:thuế|htx|hợp tác xã|doanh nghiệp)|mst)\s*(?:htx)?\s*[:.]?\s*(\d[\d .]{8,14}\d)",
    re.IGNORECASE,
)
_TITLE_COOPERATIVE = re.compile(
    r"\b((?:htx|hợp tác xã|qtdnd|quỹ tín dụng nhân dân|liên hiệp hợp tác xã|tổ hợp tác)\b.*)$",
    re.IGNORECASE,
)
_TYPE_ONLY = {fold(phrase) for phrase, _words in TYPE_PHRASES.values()}


def cooperative_from_title(texts: list[str]) -> tuple[str | None, str | None]:
    """``(tax code, name)`` of the cooperative a member list's title names (``DANH SÁCH THÀNH
    VIÊN HTX NN DV ĐOÀN KẾT``, ``Mã số HTX: 5900000002``), for lists that name it nowhere
    else, as workbooks of one sheet per cooperative do. A title naming only the type
    (``… THÀNH VIÊN HỢP TÁC XÃ``) names none."""
    tax_code = name = None
    for text in texts:
        if tax_code is None and (m := _TITLE_TAX_CODE.search(text)):
            with contextlib.suppress(values.CellProblem):
                tax_code = values.tax_code(m.group(1)).value
        text = _TITLE_TAX_CODE.sub("", text)
        if name is None and (m := _TITLE_COOPERATIVE.search(text)):
            found = re.sub(r"(?<!\s)\s*\([^()]*\)\s*$", "", m.group(1)).strip(" -–:,.")
            if fold(canonical_name(found)) not in _TYPE_ONLY:
                name = found
    return tax_code, name


#: The member fields read from a column (by their readers in :data:`importers.fields.FIELDS`),
#: in the order their problems are told.
_CLEANED = (
    "full_name",
    "coop_tax_code",
    "person_kind",
    "birth_date",
    "birth_date_female",
    "id_number",
    "member_type",
    "joined_on",
    "left_on",
    "capital",
    "capital_pledged",
    "contributed_on",
    "phones",
)
#: The columns a member's address is written from.
_PLACES = ("village", "address", "commune")


#: A member row's fields, in the order of :func:`_fields`' columns.
_FIELDS = (
    "full_name",
    "coop_tax_code",
    "coop_name",
    "kind",
    "birth_year",
    "id_number",
    "member_type",
    "joined",
    "capital_vnd",
    "phone",
    "address",
    "left",
    "contributed_on",
)


def _fields(table: Table, rows: list[OrganisationRow]) -> Iterator[tuple]:
    """Each row's fields, in the order of :data:`_FIELDS`, read a column at a time (a large
    list's hot path: a call per cell shows on 100,000 rows); a cell that cannot be read, or
    holds an unknown word, puts a problem or a flag on its row, in the columns' order."""
    present = set(table.columns.values())
    got = {
        name: _settled_column(table, name, cleaned_column(table, name), rows)
        for name in _CLEANED
        if name in present
    }
    count = len(rows)
    nothing = [None] * count
    names = got.get("full_name", ())  # a table without a name column is not read as members
    for position in [i for i, name in enumerate(names) if not name]:
        rows[position].problems.append(
            problem_of(
                rows[position],
                table,
                "full_name",
                values.CellProblem("Thiếu họ tên thành viên.", "The name is missing."),
            )
        )
    raw = _as_written(table, rows)
    member_types = got.get("member_type", nothing)
    if "notes" in raw:
        left = got.get("left_on", nothing)
        for position in _said_gone(raw["notes"]):
            if left[position] is None:
                rows[position].issues.append("left_in_notes")
        member_types = _types_in_notes(raw["notes"], member_types)
    # What was paid, or its parts added up; where no column says, what was pledged, as a
    # list of one column reads.
    parts = [i for i, f in table.columns.items() if f == "capital_part"]
    capitals = got.get("capital") or (_sum_of_parts(table, rows, parts) if parts else None)
    if capitals is None:
        capitals = got.get("capital_pledged", nothing)
    member_types = _contributing_associates(table, rows, member_types, capitals)
    births = got.get("birth_date", nothing)
    if "birth_date_female" in got:
        births = [
            _birth(row, table, *pair)
            for row, pair in zip(
                rows, zip(births, got["birth_date_female"], strict=True), strict=True
            )
        ]
    tax_codes = [t.value if t else None for t in got.get("coop_tax_code", nothing)]
    coop_names = raw.get("coop_name", nothing)
    if "coop_name" not in raw and "coop_tax_code" not in got:
        tax_codes, coop_names = _cooperatives_above(table, rows[0].sheet if rows else "")
    addresses: dict[tuple, str | None] = {}
    places = zip(*(raw.get(f, nothing) for f in _PLACES), strict=True)
    return zip(
        got.get("full_name", nothing),
        tax_codes,
        coop_names,
        [
            kind or (PersonKind.HOUSEHOLD if household else PersonKind.INDIVIDUAL)
            for kind, household in zip(
                got.get("person_kind", nothing), _households(table), strict=True
            )
        ],
        [birth[0].year if birth else None for birth in births],
        got.get("id_number", nothing),
        [kind or MemberType.OFFICIAL for kind in member_types],
        got.get("joined_on", nothing),
        capitals,
        [", ".join(phones or ())[:32] or None for phones in got.get("phones", nothing)],
        [
            addresses[place]
            if place in addresses
            else addresses.setdefault(place, _address(*place))
            for place in places
        ],
        got.get("left_on", nothing),
        got.get("contributed_on", nothing),
        strict=True,
    )


#: Notes saying a member is gone — left, withdrew, moved away, died — folded.
_GONE = re.compile(
    r"\b(?:ra khoi|rut khoi|rut von|xin ra|chuyen di|qua doi|tu tran|da chet|da mat)\b"
)


def _said_gone(notes: list) -> list[int]:
    """The positions of the notes saying the member is gone (``Đã rút khỏi HTX``, ``Chuyển
    đi nơi khác``, ``Đã mất``): with no date of leaving, the row is kept as a member and
    flagged, for a person to date the departure."""
    gone = {v for v in set(notes) if isinstance(v, str) and _GONE.search(fold(v))}
    return [i for i, v in enumerate(notes) if v in gone] if gone else []


def _households(table: Table) -> list[bool]:
    """Whether each row's name is a household's, by its head (``Hộ ông Nguyễn Văn Hùng``,
    ``Nguyễn Văn Hùng (chủ hộ)``): a household, where no column says what kind of member it
    is."""
    index = next((c for c, f in table.columns.items() if f == "full_name"), None)
    names = [data.cells[index] for data in table.rows] if index is not None else []
    said = {
        v
        for v in set(names)
        if isinstance(v, str) and (values.HOUSEHOLD.match(v) or values.HEAD_OF_HOUSEHOLD.search(v))
    }
    return [v in said for v in names] if said else [False] * len(table.rows)


def _types_in_notes(notes: list, types: list) -> list:
    """The member types notes give where no column gives one: ``Thành viên liên kết``,
    ``TVLK`` (associates were counted as official members, on whose number a ground for
    dissolution rests). Notes of other things (``Chủ tịch HĐQT``) give none."""
    said = {}
    for note in set(notes):
        if isinstance(note, str) and ("lien ket" in (key := fold(note)) or key in ("lk", "tvlk")):
            with contextlib.suppress(values.CellProblem):
                said[note] = vocabulary.member_type(note)
    if not said:
        return types
    return [kind or said.get(note) for kind, note in zip(types, notes, strict=True)]


def _contributing_associates(
    table: Table, rows: list[OrganisationRow], types: list, capitals: list
) -> list:
    """An associate written bare (``Liên kết``, ``TVLK``) beside an amount contributed: an
    associate who contributed, flagged (the amount was dropped, as a non-contributing
    associate's). One said not to contribute (``LK không góp vốn``) stays so."""
    bare = [
        k
        for k, (kind, capital) in enumerate(zip(types, capitals, strict=True))
        if kind == MemberType.ASSOCIATE and capital
    ]
    said = [i for i, f in table.columns.items() if f in ("member_type", "notes")]
    found = list(types) if bare else types
    for k in bare:
        if "khong gop" not in fold(" ".join(str(table.rows[k].cells[i]) for i in said)):
            found[k] = MemberType.ASSOCIATE_CONTRIBUTING
            rows[k].issues.append("associate_contributing_from_capital")
    return found


def _as_written(table: Table, rows: list[OrganisationRow]) -> dict[str, list]:
    """The columns read as written (the cooperative's name, the places), a formula's error
    in one of them being a problem of its row and read as empty."""
    raw = {
        f: [data.cells[i] for data in table.rows]
        for i, f in table.columns.items()
        if f in (*_PLACES, "coop_name", "notes")
    }
    for name, column in raw.items():
        if any(map(values.formula_error, set(column))):
            for position, value in enumerate(column):
                if problem := values.formula_error(value):
                    rows[position].problems.append(problem_of(rows[position], table, name, problem))
                    column[position] = None
    return raw


def _sum_of_parts(table: Table, rows: list[OrganisationRow], columns: list[int]) -> list:
    """A contribution written as its parts, a column each (``Bằng tiền`` | ``Bằng tài sản``):
    their sum, None where every part is blank; a part that cannot be read is its row's
    problem, naming its own column."""
    unit = table.unit_of("capital_part")
    sums: list = [None] * len(rows)
    for index in columns:
        for k, data in enumerate(table.rows):
            try:
                amount = values.contributed(data.cells[index], unit)
            except values.CellProblem as problem:
                row, column = table.cell_of(index, rows[k].row)
                rows[k].problems.append(
                    Problem(
                        rows[k].sheet, row, column_letter(column), "capital", problem.vi, problem.en
                    )
                )
                continue
            if amount is not None:
                sums[k] = (sums[k] or 0) + amount
    return sums


def _settled_column(table: Table, name: str, column: list, rows: list[OrganisationRow]) -> list:
    """A cleaned column as its rows take it (:func:`settled`): only the cells holding a
    problem or an unknown word, few or none, are looked at one by one."""
    if not any(issubclass(kind, values.CellProblem) for kind in set(map(type, column))):
        return column
    column = list(column)
    for position, value in enumerate(column):
        if isinstance(value, values.CellProblem):
            column[position] = settled(rows[position], table, name, value)
    return column


def _birth(row: OrganisationRow, table: Table, men: Any, women: Any) -> Any:
    """The birth date from the men's or the women's column; both written, and differing, is a
    problem."""
    if men and women and men != women:
        row.problems.append(
            problem_of(
                row,
                table,
                "birth_date_female",
                values.CellProblem(
                    "Năm sinh ghi ở cả cột Nam và cột Nữ, khác nhau.",
                    "A birth year in both the men's and the women's column, differing.",
                ),
            )
        )
    return men or women


def _cooperatives_above(table: Table, sheet: str) -> tuple[list, list]:
    """Each row's cooperative (tax code, name) in a list naming it in no column: the heading
    of its block of rows, else the title, else the sheet's name (a workbook of a sheet per
    cooperative: ``HTX Đồng Tâm``)."""
    titled = cooperative_from_title(table.title)
    if titled == (None, None):
        titled = (None, cooperative_from_groups([sheet]) or _named_by_sheet(sheet))
    under: dict[tuple, tuple] = {}
    for data in table.rows:
        groups = tuple(data.groups)
        if groups not in under:
            name = cooperative_from_groups(data.groups)
            under[groups] = titled if name is None else (None, name)
    found = [under[tuple(data.groups)] for data in table.rows]
    return [tax_code for tax_code, _ in found], [name for _, name in found]


#: Words of a sheet's name that say what the sheet is, not whose: ``Sheet1``, ``DS TV``,
#: ``Danh sách``, ``Tổng hợp``, ``Biểu 01``.
_SHEET_WORDS = re.compile(
    r"\b(?:sheet|trang|ds|danh sach|thanh vien|tv|data|bieu|mau|phu luc|tong hop|list)\b|\d"
)


def _named_by_sheet(sheet: str) -> str | None:
    """A sheet named by its cooperative's own words alone (``Hưng Long``, ``DongTam``): the
    name to look the cooperative up by (found only where one organisation alone has those
    words, flagged); a sheet's usual names (``Sheet1``, ``Danh sách``) name none."""
    return None if _SHEET_WORDS.search(fold(sheet)) or not fold(sheet) else sheet.strip()


def _address(village: Any, address: Any, commune: Any) -> str | None:
    """Where the member lives, as the file writes it: the address or village columns, or the
    commune alone (``Xã Ia Nhin``) when the file gives nothing closer."""
    if values.is_blank(village) and values.is_blank(address):
        return None if values.is_blank(commune) else " ".join(str(commune).split())[:255]
    return written_address(village, address, commune, None)


def clean_table(
    table: Table, sheet: str, seen: dict[tuple, tuple[str, int]] | None = None
) -> list[OrganisationRow]:
    """Member rows; a later row repeating an ID already seen in the same cooperative is
    rejected, naming the first. ``seen`` carries the IDs seen over the tables and sheets of
    one file. Read column by column (see :func:`_fields`)."""
    rows = [OrganisationRow(sheet=sheet, row=data.number) for data in table.rows]
    seen = {} if seen is None else seen
    id_column = next((c for c, f in table.columns.items() if f == "id_number"), 0)
    for row, fields in zip(rows, _fields(table, rows), strict=True):  # problems all told
        row.fields = dict(zip(_FIELDS, fields, strict=True))
        _name, tax_code, coop_name, _kind, _born, id_number, *_rest = fields
        if id_number is None or row.problems:
            continue
        key = (tax_code or fold(coop_name or ""), id_number)
        if not key[0]:  # no cooperative named: the row is refused for that, not compared
            continue
        if key in seen:
            first_sheet, first_row = seen[key]
            where_vi, where_en = f"dòng {first_row}", f"row {first_row}"
            if first_sheet != row.sheet:
                where_vi += f" trang «{first_sheet}»"
                where_en += f" of sheet '{first_sheet}'"
            row.problems.append(
                Problem(
                    row.sheet,
                    row.row,
                    column_letter(id_column),
                    "id_number",
                    f"Số định danh {key[1]} đã có ở {where_vi} cho cùng hợp tác xã.",
                    f"ID number {key[1]} already appears on {where_en} for the same cooperative.",
                )
            )
        else:
            seen[key] = (row.sheet, row.row)
    return rows
