"""Member rows: a person, their membership of a cooperative and their contribution."""

from __future__ import annotations

import contextlib
import re
from typing import Any

from importers import values
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
from importers.tables import DataRow, Table
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
    "capital",
    "phones",
)
#: The columns a member's address is written from.
_PLACES = ("village", "address", "commune")


def _clean(
    table: Table,
    data: DataRow,
    sheet: str,
    columns: dict[str, list],
    titled: tuple[str | None, str | None],
    raw_at: dict[str, int],
    failing: set[str],
    addresses: dict[tuple, str | None],
) -> OrganisationRow:
    """One member row. ``raw_at``: the fields read as written (cooperative name, places) by
    column; ``failing``: those of them whose column holds a formula error somewhere;
    ``addresses``: the address of each combination of places, made once. Kept whole, as
    the hot loop of a 100,000-row member list, where each extra call per row shows."""
    result = OrganisationRow(sheet=sheet, row=data.number)
    got = {}
    for name, column in columns.items():
        value = settled(result, table, name, column[data.position])
        if name == "full_name" and not value:
            result.problems.append(
                problem_of(
                    result,
                    table,
                    name,
                    values.CellProblem("Thiếu họ tên thành viên.", "The name is missing."),
                )
            )
        got[name] = value
    raw = {f: data.cells[i] for f, i in raw_at.items()}
    for name in failing:
        if problem := values.formula_error(raw[name]):
            result.problems.append(problem_of(result, table, name, problem))
            raw[name] = None
    coop_name = raw.get("coop_name")
    birth, in_women_column = got.get("birth_date"), got.get("birth_date_female")
    if birth and in_women_column and birth != in_women_column:
        result.problems.append(
            problem_of(
                result,
                table,
                "birth_date_female",
                values.CellProblem(
                    "Năm sinh ghi ở cả cột Nam và cột Nữ, khác nhau.",
                    "A birth year in both the men's and the women's column, differing.",
                ),
            )
        )
    birth = birth or in_women_column
    tax_code = got.get("coop_tax_code")
    tax_code = tax_code.value if tax_code else None
    if "coop_name" not in raw_at and "coop_tax_code" not in columns:
        coop_name = cooperative_from_groups(data.groups)
        if coop_name is None:  # nor a heading above the rows: the title, if it names one
            tax_code, coop_name = titled
    result.fields = {
        "full_name": got.get("full_name"),
        "coop_tax_code": tax_code,
        "coop_name": coop_name,
        "kind": got.get("person_kind") or PersonKind.INDIVIDUAL,
        "birth_year": birth[0].year if birth else None,
        "id_number": got.get("id_number"),
        "member_type": got.get("member_type") or MemberType.OFFICIAL,
        "joined": got.get("joined_on"),
        "capital_vnd": got.get("capital"),
        "phone": ", ".join(got.get("phones") or ())[:32] or None,
        "address": addresses[place]
        if (place := tuple(map(raw.get, _PLACES))) in addresses
        else addresses.setdefault(place, _address(*place)),
    }
    return result


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
    one file."""
    present = set(table.columns.values())
    columns = {name: cleaned_column(table, name) for name in _CLEANED if name in present}
    titled = cooperative_from_title(table.title)
    raw_at = {f: i for i, f in table.columns.items() if f in (*_PLACES, "coop_name")}
    failing = {
        f
        for f, i in raw_at.items()
        if any(map(values.formula_error, {row.cells[i] for row in table.rows}))
    }
    addresses: dict[tuple, str | None] = {}
    rows = [
        _clean(table, row, sheet, columns, titled, raw_at, failing, addresses) for row in table.rows
    ]
    seen = {} if seen is None else seen
    id_column = next((c for c, f in table.columns.items() if f == "id_number"), 0)
    for row in rows:
        key = (
            row.fields.get("coop_tax_code") or fold(row.fields.get("coop_name") or ""),
            row.fields.get("id_number"),
        )
        if key[1] is None or row.problems:
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
