"""Member rows: a person, their membership of a cooperative and their contribution."""

from __future__ import annotations

import re
from typing import Any

from importers import values
from importers.organisations import OrganisationRow, Problem, cell_reader, column_letter
from importers.tables import DataRow, Table
from registry.enums import MemberType, PersonKind
from registry.text import fold

_MEMBER_TYPES = (  # folded words, most specific first
    ("khong gop von", MemberType.ASSOCIATE),
    ("lien ket co gop von", MemberType.ASSOCIATE_CONTRIBUTING),
    ("lien ket gop von", MemberType.ASSOCIATE_CONTRIBUTING),
    ("lien ket", MemberType.ASSOCIATE),
    ("chinh thuc", MemberType.OFFICIAL),
)
_PERSON_KINDS = (
    ("ho gia dinh", PersonKind.HOUSEHOLD),
    ("ho", PersonKind.HOUSEHOLD),
    ("phap nhan", PersonKind.LEGAL_ENTITY),
    ("to chuc", PersonKind.LEGAL_ENTITY),
    ("doanh nghiep", PersonKind.LEGAL_ENTITY),
    ("ca nhan", PersonKind.INDIVIDUAL),
)


def member_type(value: Any) -> MemberType:
    """``Chính thức``, ``TV chính thức``, ``Liên kết có góp vốn``, ``LK không góp vốn``…"""
    key = fold(str(value)).replace("lk ", "lien ket ").replace("tv ", "")
    if values.is_blank(value):
        return MemberType.OFFICIAL
    for words, result in _MEMBER_TYPES:
        if words in key:
            return result
    raise values.CellProblem(
        f"Không hiểu loại thành viên «{value}».", f"Unknown member type '{value}'."
    )


def person_kind(value: Any) -> PersonKind:
    if values.is_blank(value):
        return PersonKind.INDIVIDUAL
    key = fold(str(value))
    for words, result in _PERSON_KINDS:
        if key == words or key.startswith(words + " "):
            return result
    raise values.CellProblem(f"Không hiểu đối tượng «{value}».", f"Unknown kind '{value}'.")


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
            return re.sub(r"\s*\([^)]*\)\s*$", "", m.group(1)).strip()
    return None


def clean(table: Table, data: DataRow, sheet: str) -> OrganisationRow:
    result = OrganisationRow(sheet=sheet, row=data.number)
    cells, read = cell_reader(table, data, result)
    out = result.fields

    name = read("full_name", values.person_name)
    if not name:
        index = cells["full_name"][0]
        result.problems.append(
            Problem(
                sheet,
                data.number,
                column_letter(index),
                "full_name",
                "Thiếu họ tên thành viên.",
                "The name is missing.",
            )
        )
    out["full_name"] = name
    out["coop_tax_code"] = (
        read("coop_tax_code", values.tax_code).value if "coop_tax_code" in cells else None
    )
    out["coop_name"] = cells.get("coop_name", (None, None))[1] or (
        None if "coop_tax_code" in cells else cooperative_from_groups(data.groups)
    )
    out["kind"] = read("person_kind", person_kind) or PersonKind.INDIVIDUAL
    birth = read("birth_date", values.partial_date)
    out["birth_year"] = birth[0].year if birth else None
    out["id_number"] = read("id_number", values.id_number)
    out["member_type"] = read("member_type", member_type) or MemberType.OFFICIAL
    out["joined"] = read("joined_on", values.partial_date)
    out["capital_vnd"] = read("capital", values.money, table.unit_vnd)
    return result


def clean_table(table: Table, sheet: str) -> list[OrganisationRow]:
    """Member rows; a later row repeating an ID already seen in the same cooperative is
    rejected, naming the first."""
    rows = [clean(table, row, sheet) for row in table.rows]
    seen: dict[tuple[str, str], int] = {}
    id_column = next((c for c, f in table.columns.items() if f == "id_number"), 0)
    for row in rows:
        key = (
            row.fields.get("coop_tax_code") or fold(row.fields.get("coop_name") or ""),
            row.fields.get("id_number"),
        )
        if key[1] is None or row.problems:
            continue
        if key in seen:
            row.problems.append(
                Problem(
                    row.sheet,
                    row.row,
                    column_letter(id_column),
                    "id_number",
                    f"Số định danh {key[1]} đã có ở dòng {seen[key]} cho cùng hợp tác xã.",
                    f"ID number {key[1]} already appears on row {seen[key]} for the same "
                    "cooperative.",
                )
            )
        else:
            seen[key] = row.row
    return rows
