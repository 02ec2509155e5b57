"""Debt and land rows (``Tổng hợp công nợ và đất đai``): a district sheet holds a debts table,
split by group rows into what cooperatives owe (``A. Các khoản HTX nợ phải trả``) and what
they are owed (``B. Các khoản phải thu``), and a table of the land they use."""

from __future__ import annotations

import re
from typing import Any

from importers import organisations, values
from importers.organisations import OrganisationRow, Problem
from importers.readers import column_letter
from importers.tables import DataRow, Table
from registry.enums import Counterparty, DebtDirection, DebtState, LandCertificate, LandOrigin
from registry.text import fold

#: Folded words → value, the first found wins; so the specific comes before the general.
_BANKS = (("agribank", "agribank"), ("nn ptnt", "agribank"), ("csxh", "vbsp"))
_BANKS += (("chinh sach xh", "vbsp"), ("chinh sach xa hoi", "vbsp"), ("vbsp", "vbsp"))
_COUNTERPARTIES = (
    ("ngan sach", Counterparty.STATE_BUDGET),
    ("nsnn", Counterparty.STATE_BUDGET),
    ("kho bac", Counterparty.STATE_BUDGET),
    ("cuc thue", Counterparty.STATE_BUDGET),
    ("ngan hang", Counterparty.BANK),
    ("nh ", Counterparty.BANK),
    ("quy tin dung", Counterparty.BANK),
    ("thanh vien", Counterparty.MEMBER),
    ("xa vien", Counterparty.MEMBER),
    ("cong ty", Counterparty.ECONOMIC_ORG),
    ("doanh nghiep", Counterparty.ECONOMIC_ORG),
    ("dntn", Counterparty.ECONOMIC_ORG),
    ("hop tac xa", Counterparty.ECONOMIC_ORG),
)
_STATES = (
    ("tranh chap", DebtState.DISPUTED),
    ("khoi kien", DebtState.DISPUTED),
    # Asked for, not granted: still owed.
    ("de nghi", DebtState.OUTSTANDING),
    ("kien nghi", DebtState.OUTSTANDING),
    ("cho xoa", DebtState.OUTSTANDING),
    ("xoa no", DebtState.WRITTEN_OFF),
    ("tra dan", DebtState.PARTLY_SETTLED),
    ("dang tra", DebtState.PARTLY_SETTLED),
    ("mot phan", DebtState.PARTLY_SETTLED),
    ("1 phan", DebtState.PARTLY_SETTLED),
    ("chua", DebtState.OUTSTANDING),
    ("tat toan", DebtState.SETTLED),
    ("tra het", DebtState.SETTLED),
    ("xong", DebtState.SETTLED),
    ("dang xu ly", DebtState.OUTSTANDING),
    ("kho doi", DebtState.OUTSTANDING),
    ("con no", DebtState.OUTSTANDING),
    ("khong co kha nang", DebtState.OUTSTANDING),
    ("khoanh no", DebtState.OUTSTANDING),
    ("gian no", DebtState.OUTSTANDING),
    ("da xu ly", DebtState.SETTLED),
)
_ORIGINS = (
    ("thue", LandOrigin.LEASED),
    ("gop", LandOrigin.CONTRIBUTED),
    ("giao", LandOrigin.ALLOCATED),
)
_CERTIFICATES = (
    ("chua", LandCertificate.NOT_ISSUED),
    ("khong", LandCertificate.NOT_ISSUED),
    ("dang lam", LandCertificate.PENDING),
    ("dang lam thu tuc", LandCertificate.PENDING),
    ("cho cap", LandCertificate.PENDING),
    ("dang cho", LandCertificate.PENDING),
    ("do dac", LandCertificate.PENDING),
    ("da co", LandCertificate.ISSUED),
    ("da cap", LandCertificate.ISSUED),
    ("co", LandCertificate.ISSUED),
)


def _words(value: Any) -> str:
    """Folded, spaced at both ends (so `` nh `` matches a whole word), ``&`` as a space."""
    return re.sub(r"\s+", " ", f" {fold(str(value))} ".replace("&", " "))


def _first(table: tuple, value: Any, what_vi: str, what_en: str):
    key = _words(value)
    for words, result in table:
        if f" {words}" in key:
            return result
    raise values.CellProblem(f"Không hiểu {what_vi} «{value}».", f"Unknown {what_en} '{value}'.")


def counterparty(value: Any) -> tuple[Counterparty, str | None]:
    """``Agribank``, ``NH Chính sách XH``, ``Ngân sách huyện``, ``Các hộ thành viên``,
    ``Công ty CP …``: the category, and which bank when one of the two policy lenders."""
    if values.is_blank(value):
        return Counterparty.OTHER, None
    key = _words(value)
    bank = next((b for words, b in _BANKS if f" {words}" in key), None)
    if bank:
        return Counterparty.BANK, bank
    found = next((c for words, c in _COUNTERPARTIES if f" {words}" in key), None)
    return found or Counterparty.OTHER, None


def debt_state(value: Any) -> DebtState:
    if values.is_blank(value):
        return DebtState.OUTSTANDING
    try:
        return _first(_STATES, value, "tình hình xử lý", "resolution")
    except values.CellProblem:
        raise values.UnknownWord(
            value, "tình hình xử lý", "resolution", DebtState, fallback=DebtState.OUTSTANDING
        ) from None


def land_origin(value: Any) -> LandOrigin | None:
    if values.is_blank(value):
        return None
    try:
        return _first(_ORIGINS, value, "nguồn gốc đất", "land origin")
    except values.CellProblem:
        return LandOrigin.OTHER


def land_certificate(value: Any) -> tuple[LandCertificate | None, bool]:
    """(certificate status, disputed): ``Đang tranh chấp với hộ dân`` is a dispute, with
    the certificate's status unknown."""
    if fold(str(value)) in ("khong", "khong co"):  # "no certificate", not an empty cell
        return LandCertificate.NOT_ISSUED, False
    if values.is_blank(value):
        return None, False
    if "tranh chap" in fold(str(value)):
        return None, True
    return _first(_CERTIFICATES, value, "tình trạng GCN", "certificate status"), False


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
    r"\b(?:no (?:htx|hop tac xa|lai htx)|phai thu|khoan thu|cho vay|tam ung|chua thu)\b"
)
#: Title words that say a table lists what the cooperatives owe.
_OWED_BY_TITLE = re.compile(r"\b(?:phai tra|cong no|no vay|du no|vay von)\b")


def implied_direction(table: Table, cells: dict) -> DebtDirection | None:
    """The direction of a debt in a table that does not state it: the counterparty's words
    first (``xã viên còn nợ HTX``, ``khoản phải thu`` are owed to it), then the table's
    title (``Công nợ phải trả``, ``Tổng hợp công nợ`` list what it owes)."""
    own = fold(
        " ".join(
            str(cells[f][1]) for f in ("counterparty", "content") if cells.get(f, (0, None))[1]
        )
    )
    if _OWED_TO.search(own):
        return DebtDirection.RECEIVABLE
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
    if fields & {"principal", "outstanding", "counterparty"}:
        return "debts"
    if fields & {"area", "land_origin", "land_certificate", "location"}:
        return "land"
    return None


def _text(cells: dict, name: str) -> str | None:
    raw = cells.get(name, (None, None))[1]
    return None if values.is_blank(raw) else str(raw).strip()


def clean(table: Table, data: DataRow, sheet: str, district: str | None) -> OrganisationRow:
    """The cooperative (by name, in the sheet's district), and ``record``: the debt or the
    parcel, ready for the model."""
    result = organisations.clean(table, data, sheet)
    if result.problems:
        return result
    result.fields["district"] = result.fields.get("district") or district
    cells, read = organisations.cell_reader(table, data, result)
    kind = table_kind(table)
    if kind == "debts":
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
        party, bank = read("counterparty", counterparty) or (Counterparty.OTHER, None)
        incurred = read("incurred", values.partial_date)
        result.fields["record"] = {
            "direction": way,
            "counterparty": party,
            "bank": bank,
            "counterparty_name": _text(cells, "counterparty"),
            "content": _text(cells, "content"),
            "incurred_on": incurred[0] if incurred else None,
            "incurred_precision": incurred[1] if incurred else None,
            "principal_vnd": read("principal", values.money, table.unit_of("principal")),
            # A dash in the outstanding column is nothing left to pay.
            "outstanding_vnd": read("outstanding", values.money, table.unit_of("outstanding")) or 0,
            "collateral": _text(cells, "collateral"),
            "state": read("resolution", debt_state) or DebtState.OUTSTANDING,
            "notes": _text(cells, "notes"),
        }
    else:
        certificate, disputed = read("land_certificate", land_certificate) or (None, False)
        # A dispute is as often told in the notes as in the certificate column.
        disputed = disputed or "tranh chap" in fold(_text(cells, "notes") or "")
        purpose = _text(cells, "purpose")
        result.fields["record"] = {
            "description": purpose or "Đất",
            "location": _text(cells, "location"),
            "land_origin": read("land_origin", land_origin),
            "area_m2": read("area", values.area_m2, table.area_unit()),
            "land_certificate": certificate,
            "disputed": disputed,
            "book_value_vnd": read("book_value", values.money, table.unit_of("book_value")),
            "notes": _text(cells, "notes"),
        }
    return result
