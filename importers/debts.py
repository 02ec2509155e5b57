"""Debt and land rows (``Tổng hợp công nợ và đất đai``): a district sheet holds a debts table,
split by group rows into what cooperatives owe (``A. Các khoản HTX nợ phải trả``) and what
they are owed (``B. Các khoản phải thu``), and a table of the land they use."""

from __future__ import annotations

import re
from datetime import date, datetime

from importers import organisations, values, vocabulary
from importers.organisations import OrganisationRow, Problem
from importers.readers import column_letter
from importers.tables import DataRow, Table
from registry.enums import Counterparty, DebtDirection, DebtState
from registry.text import fold, vn_date


def direction(texts: list[str]) -> DebtDirection | None:
    """From a direction column or the group heading above the row: ``phải thu`` is owed to
    the cooperative, ``phải trả`` / ``nợ`` is owed by it."""
    key = fold(" ".join(str(t) for t in texts if t))
    if "phai thu" in key:
        return DebtDirection.RECEIVABLE
    if "phai tra" in key or " no " in f" {key} ":
        return DebtDirection.PAYABLE
    return None


#: Words of a debt's counterparty or content that say it is owed *to* the cooperative, in a
#: table that has no direction column and no A/B group rows (``xã viên còn nợ HTX``).
_OWED_TO = re.compile(
    r"\b(?:no (?:htx|hop tac xa|lai htx)|phai thu|khoan thu|cho vay|tam ung|chua thu"
    r"|(?:xa vien|thanh vien|khach hang|ho dan)(?: con)? no)\b"  # "xã viên nợ tiền phân bón"
)
#: Title words that say a table lists what the cooperatives owe: their payables, loans,
#: debts long overdue (``Các khoản nợ đọng kéo dài của các HTX``).
_OWED_BY_TITLE = re.compile(
    r"\b(?:phai tra|cong no|no vay|du no|vay von|khoan no|khoan vay|no dong|no ton dong"
    r"|no qua han)\b"
)


#: Titles of the counterparty's column that say which way its debts run: the creditor
#: (``Chủ nợ``, ``Đơn vị cho vay``) is owed by the cooperative; the debtor (``Khách nợ``) owes it.
_CREDITOR_TITLE = re.compile(
    r"\b(?:chu no|ben cho vay|don vi cho vay|to chuc cho vay|nguoi cho vay|noi vay)\b"
)
_DEBTOR_TITLE = re.compile(r"\b(?:khach no|nguoi no|khach hang no|doi tuong phai thu)\b")


def implied_direction(table: Table, cells: dict) -> DebtDirection | None:
    """The direction of a debt in a table that does not state it: the counterparty's words
    first (``xã viên còn nợ HTX``, ``khoản phải thu`` are owed to it), then the title of
    their column (``Chủ nợ``, ``Khách nợ``), then the table's title (``Công nợ phải trả``,
    ``Tổng hợp công nợ`` list what it owes)."""
    own = fold(
        " ".join(
            str(cells[f][1]) for f in ("counterparty", "content") if cells.get(f, (0, None))[1]
        )
    )
    if _OWED_TO.search(own):
        return DebtDirection.RECEIVABLE
    column = next((i for i, f in table.columns.items() if f == "counterparty"), None)
    said = fold(table.headers[column]) if column is not None else ""
    if _DEBTOR_TITLE.search(said):
        return DebtDirection.RECEIVABLE
    if _CREDITOR_TITLE.search(said):
        return DebtDirection.PAYABLE
    title = fold(" ".join(table.title))
    if "phai thu" in title:
        return DebtDirection.RECEIVABLE
    if _OWED_BY_TITLE.search(title):
        return DebtDirection.PAYABLE
    return None


#: A row naming a place rather than a cooperative: a line of a summary by district.
_PLACE_ROW = re.compile(r"^(?:huyen|thi xa|thanh pho|tp|tx|h|xa|phuong|thi tran|tong cong|cong)\b")


def is_summary(table: Table) -> bool:
    """A table of totals by district or commune (a summary sheet beside the district sheets):
    nearly every row names a place, none a cooperative. Its rows are never records."""
    index = next((i for i, f in table.columns.items() if f == "name"), None)
    if index is None or not table.rows:
        return False
    names = [fold(str(row.cells[index] or "")) for row in table.rows]
    places = sum(1 for n in names if _PLACE_ROW.match(n))
    return places >= 0.8 * len(names)


def table_kind(table: Table) -> str | None:
    """``debts`` or ``land``, from the columns the table names."""
    fields = set(table.columns.values())
    if fields & {"principal", "outstanding", "counterparty", "debt_amount"}:
        return "debts"
    if fields & {"area", "land_origin", "land_certificate", "location"}:
        return "land"
    return None


def _text(cells: dict, name: str) -> str | None:
    """A cell as written; a date cell as Vietnamese write a date (``31/12/2025``)."""
    raw = cells.get(name, (None, None))[1]
    if isinstance(raw, date):
        return vn_date(raw.date() if isinstance(raw, datetime) else raw)
    return None if values.is_blank(raw) else str(raw).strip()


def _outstanding(table: Table, read, result: OrganisationRow) -> int:
    """The amount still owed: its column's (a dash is nothing left to pay); a table without
    one gives the principal less what was paid, flagged — read as 0 ₫, every debt of a list
    of loans would look paid off."""
    if "outstanding" in table.columns.values():
        return read("outstanding") or 0
    result.issues.append("outstanding_from_principal")
    return max((read("principal") or 0) - (read("paid") or 0), 0)


def is_wide(table: Table) -> bool:
    """A table of what each cooperative owes and is owed, a column per kind of creditor or
    debtor (``Nợ phải trả / Nợ ngân hàng`` | ``… / Nợ thuế`` | ``Nợ phải thu / Tổng số``),
    or per direction beside the creditor or debtor (``Đối tượng`` | ``Phải trả`` | ``Phải
    thu``): no column of one debt's amount."""
    fields = set(table.columns.values())
    return "debt_amount" in fields and not fields & {"principal", "outstanding"}


#: A column of a direction's total: ``Tổng số`` under ``Nợ phải trả``, or the direction alone.
_TOTAL = re.compile(
    r"^(?:tong so|tong cong|tong|cong|so tien|(?:tong )?(?:cac khoan )?(?:no )?phai (?:tra|thu))$"
)
#: Words of a column's title saying it is owed to the cooperative (``Xã viên nợ``).
_OWED_TO_TITLE = re.compile(
    r"\b(?:phai thu|(?:thanh vien|xa vien|khach hang|ho dan)(?: con)? no)\b"
)
#: ``Trong đó:`` before a part of a total.
_OF_WHICH = re.compile(r"^\s*trong đó\s*:?\s*", re.IGNORECASE)


def amount_column(header: str) -> tuple[DebtDirection, tuple[Counterparty, str | None] | None, str]:
    """What a column of a wide table holds (:func:`is_wide`): the direction, the creditor or
    debtor (None for the direction's total) and the title a debt of it is named by."""
    lowest = header.rsplit(" / ", 1)[-1]
    way = DebtDirection.RECEIVABLE if _OWED_TO_TITLE.search(fold(header)) else DebtDirection.PAYABLE
    title = " ".join(_OF_WHICH.sub("", re.sub(r"\([^()]*\)", " ", lowest)).split())
    if _TOTAL.match(fold(title)):
        return way, None, " ".join(header.split())
    try:
        party = vocabulary.counterparty(title)
    except values.CellProblem:  # a kind none of the words tells: "other", named by its title
        party = (Counterparty.OTHER, None)
    return way, party, title[:1].upper() + title[1:]


def _wide(
    table: Table, data: DataRow, result: OrganisationRow, cells: dict, read
) -> list[tuple[dict, list]]:
    """The debts of a row of a wide table, each with its own issues: one per column of a
    kind holding an amount, and the part of a direction's total that no column of a kind
    holds — the row's own creditor or debtor where it names one, else one unknown (flagged);
    a total less than its parts flags the row."""
    parts: dict[DebtDirection, list[tuple]] = {way: [] for way in DebtDirection}
    totals: dict[DebtDirection, int] = {}
    unit = table.unit_of("debt_amount")
    for index, field in table.columns.items():
        if field != "debt_amount":
            continue
        way, party, title = amount_column(table.headers[index])
        try:
            amount = values.money(data.cells[index], unit) or 0
        except values.CellProblem as problem:
            column = column_letter(index)
            result.problems.append(
                Problem(result.sheet, result.row, column, field, problem.vi, problem.en)
            )
            continue
        if party is None:
            totals[way] = totals.get(way, 0) + amount
        elif amount:
            parts[way].append((_debt(way, party, title, amount), []))
    named = _text(cells, "counterparty")
    for way, total in totals.items():
        listed = sum(debt["outstanding_vnd"] for debt, _ in parts[way])
        if total > listed and named:  # "Đối tượng nợ" | "Phải trả" | "Phải thu"
            party = read("counterparty") or (Counterparty.OTHER, None)
            rest = _debt(way, party, named, total - listed) | {"content": _text(cells, "content")}
            parts[way].append((rest, []))
        elif total > listed:
            rest = _debt(
                way, (Counterparty.OTHER, None), (_REST if listed else _ALL)[way], total - listed
            )
            parts[way].append((rest, ["remainder_of_total"] if listed else []))
        elif total < listed:
            result.issues.append("parts_exceed_total")
    return [debt for found in parts.values() for debt in found]


#: How the part of a total no column of a kind holds is named, by direction.
_REST = {
    DebtDirection.PAYABLE: "Nợ phải trả khác (phần tổng số chưa kê theo đối tượng)",
    DebtDirection.RECEIVABLE: "Nợ phải thu khác (phần tổng số chưa kê theo đối tượng)",
}
_ALL = {
    DebtDirection.PAYABLE: "Nợ phải trả (tổng số, chưa kê theo đối tượng)",
    DebtDirection.RECEIVABLE: "Nợ phải thu (tổng số, chưa kê theo đối tượng)",
}


def _debt(way: DebtDirection, party: tuple, title: str, amount: int) -> dict:
    counterparty, bank = party
    return {
        "direction": way,
        "counterparty": counterparty,
        "bank": bank,
        "counterparty_name": title,
        "content": None,
        "incurred_on": None,
        "incurred_precision": None,
        "principal_vnd": None,
        "outstanding_vnd": amount,
        "collateral": None,
        "state": DebtState.OUTSTANDING,
        "planned_action": None,
        "notes": None,
    }


def clean(table: Table, data: DataRow, sheet: str, district: str | None) -> OrganisationRow:
    """The cooperative (by name, in the sheet's district), and ``records``: the debts or the
    parcel, ready for the model, each with its own issues (one a row, but in a wide table:
    :func:`is_wide`)."""
    result = organisations.clean(table, data, sheet)
    if result.problems:
        return result
    result.fields["district"] = result.fields.get("district") or district
    cells, read = organisations.cell_reader(table, data, result)
    if table_kind(table) == "land":
        result.fields["records"] = [(_parcel(cells, read), [])]
    elif is_wide(table):
        result.fields["records"] = _wide(table, data, result, cells, read)
    else:
        result.fields["records"] = [(_debt_row(table, data, cells, read, result), [])]
    return result


def _debt_row(table: Table, data: DataRow, cells: dict, read, result: OrganisationRow) -> dict:
    """The debt a row of a table of debts states, its direction said or implied."""
    sheet = result.sheet
    way = direction([cells["direction"][1]] if "direction" in cells else data.groups)
    if way is None and "direction" not in cells:
        way = implied_direction(table, cells)
        if way is not None:
            result.issues.append("direction_implied")
    if way is None:
        result.problems.append(
            Problem(
                sheet,
                data.number,
                column_letter(cells["name"][0]),
                "direction",
                "Không biết khoản này HTX nợ hay phải thu (thiếu dòng nhóm A/B phía trên).",
                "Whether this is owed by or to the cooperative is unknown (no A/B group "
                "row above it).",
            )
        )
    if not {"outstanding", "principal"} & set(table.columns.values()):
        result.problems.append(  # it would be a debt of 0 ₫, as if paid off
            Problem(
                sheet,
                data.number,
                column_letter(cells["name"][0]),
                "outstanding",
                "Bảng không có cột số tiền nợ (Dư nợ, Số tiền…): hãy chọn cột đó trong "
                "phần đọc cột.",
                "The table has no column of the amount owed (outstanding, amount…): "
                "choose it among the columns read.",
            )
        )
    party, bank = read("counterparty") or (Counterparty.OTHER, None)
    incurred = read("incurred")
    return {
        "direction": way,
        "counterparty": party,
        "bank": bank,
        "counterparty_name": _text(cells, "counterparty"),
        "content": _text(cells, "content"),
        "incurred_on": incurred[0] if incurred else None,
        "incurred_precision": incurred[1] if incurred else None,
        "principal_vnd": read("principal"),
        "outstanding_vnd": _outstanding(table, read, result),
        "collateral": _text(cells, "collateral"),
        "state": read("resolution") or DebtState.OUTSTANDING,
        "planned_action": (_text(cells, "planned_action") or "")[:500] or None,
        "notes": _written(cells, _DEBT_NOTES, "notes", ": ", "; ", 500),
    }


def _parcel(cells: dict, read) -> dict:
    """The parcel a row of a land table states, contested or not."""
    certificate, disputed = read("land_certificate") or (None, False)
    notes = _written(cells, _LAND_NOTES, "notes", ": ", "; ", 500)
    said, notes = _dispute(cells.get("dispute", (None, None))[1], notes)
    # A dispute is as often told in the notes or the certificate column as in its own;
    # land encroached upon (lấn chiếm) is contested too.
    disputed = disputed or said or bool(_CONTESTED.search(fold(notes or "")))
    return {
        "description": _text(cells, "purpose") or "Đất",
        "location": _written(cells, _MAP_NUMBERS, "location", " ", ", ", 255),
        "land_origin": read("land_origin"),
        "area_m2": read("area"),
        "land_certificate": certificate,
        "disputed": disputed,
        "book_value_vnd": read("book_value"),
        "notes": notes,
    }


def _dispute(said, notes: str | None) -> tuple[bool, str | None]:
    """Whether a dispute column's cell says the parcel is contested — a mark (``x``), yes or
    no, or the dispute in words (``Với hộ ông A``), which go before the notes — and the
    notes."""
    if said is None or not str(said).strip():
        return False, notes
    try:
        return bool(values.yes_no(said)), notes
    except values.CellProblem:  # words: a dispute told, unless they deny one
        words = " ".join(str(said).split())
        if fold(words).startswith(("khong", "chua")):
            return False, notes
        return True, "; ".join(filter(None, [f"Tranh chấp: {words}", notes]))[:500]


#: Notes saying a parcel is contested: under dispute, or encroached upon.
_CONTESTED = re.compile(r"\b(?:tranh chap|lan chiem)\b")


#: A parcel's numbers on the cadastral map, written before its location; its type, current use
#: and the day its certificate was issued, before its notes.
_MAP_NUMBERS = (("Thửa", "parcel_number"), ("tờ bản đồ", "map_sheet"))
_LAND_NOTES = (
    ("Loại đất", "land_type"),
    ("Hiện trạng", "land_use"),
    ("Ngày cấp GCN", "certificate_issued_on"),
)
#: A debt's purpose and cause, and when it falls due, before its notes.
_DEBT_NOTES = (("Mục đích vay", "loan_purpose"), ("Nguyên nhân", "cause"), ("Thời hạn trả", "due"))


def _written(cells: dict, labelled: tuple, then: str, joint: str, sep: str, limit: int):
    """The cells of the ``labelled`` fields, each after its label, then the ``then`` field's,
    cut to the column's ``limit``: a parcel's location (``Thửa 125, tờ bản đồ 12, Thôn 3``)
    or its notes (``Loại đất: CLN; Hiện trạng: Bỏ hoang; …``)."""
    parts = [f"{label}{joint}{text}" for label, name in labelled if (text := _text(cells, name))]
    if text := _text(cells, then):
        parts.append(text)
    return sep.join(parts)[:limit] or None
