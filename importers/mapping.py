"""Column mapping: Vietnamese (and English) header words to the fields of a record kind,
matched on folded text, so ``Mã số HTX``, ``MA SO THUE`` and ``MST`` all find ``tax_code``.
The words are declared with each field in :mod:`importers.fields`."""

from __future__ import annotations

import functools
import re

from importers.fields import FIELDS, KIND_FIELDS, SEVERAL_COLUMNS, TOLD_APART, VALUE_FIELDS
from registry.text import fold


def field_for(header: str, kind: str = "organisations") -> str | None:
    """The field a joined header names: an exact phrase match wins, then the longest phrase
    contained in the header (as whole words). Under a merged title the lowest title is the
    most specific (``Địa chỉ trụ sở / Xã, thị trấn`` is the commune, not the address) when
    it reads as a title by itself."""
    *parents, lowest = header.rsplit(" / ", 1)
    if parents and (sex := fold(lowest)) in ("nam", "nu"):
        split = BY_SEX.get(field_for(parents[0], kind))
        if split:
            return split[sex == "nu"]
    if parents and is_header_cell(lowest, kind):
        field, _length = _best_phrase(fold(lowest), kind)
        if field:
            return field
    if parents and (part := fold(lowest)).startswith("trong do"):
        # "Of which official" under "Members": the part's own field, read by itself or with
        # its parent's words; none when it names only the parent ("of which women", where
        # this kind keeps no such field).
        parent, part = field_for(parents[0], kind), part.removeprefix("trong do").strip()
        found = _best_phrase(part, kind)[0] or _best_phrase(f"{fold(parents[0])} {part}", kind)[0]
        return None if found == parent and found not in SEVERAL_COLUMNS else found
    found = _best_phrase(fold(header), kind)[0]
    if found is None and parents:  # "Vốn (triệu đồng) / Điều lệ": the parent's unit between
        found = _best_phrase(fold(_NOTES.sub(" ", f"{parents[-1]} {lowest}")), kind)[0]
    return found


#: A note in brackets in a title: its unit, mostly.
_NOTES = re.compile(r"\([^()]*\)")


#: Titles split in two columns by sex, ``Nam`` | ``Nữ`` (``Năm sinh`` so split: the year is
#: written in the column of the person's sex): the field each of the two is read as (the
#: registry keeps no sex, so a ``Giới tính`` pair of marks is read, for the preview, once).
BY_SEX = {"birth_date": ("birth_date", "birth_date_female"), "gender": ("gender", None)}

#: Phrases that name a column only as its whole title: ``No.`` is the row number, but
#: ``nợ`` folds to the same word (``Số nợ phải trả``); ``Họ`` is a name's first column, but a
#: word of many titles (``Số hộ``).
WHOLE_TITLE_ONLY = {"no", "tt", "ho"}
#: Fields named only by a whole title: ``Tên``, a name's second column (``Họ và tên đệm`` |
#: ``Tên``), is a word of many titles, and the whole name in a list of organisations.
WHOLE_TITLE_FIELDS = {"given_name"}


def _best_phrase(key: str, kind: str) -> tuple[str | None, int]:
    if not key:
        return None, 0
    best, best_length = None, 0
    for field in KIND_FIELDS[kind]:
        for phrase in FIELDS[field].headers:
            if key == phrase:
                return field, len(phrase)
            if (
                f" {phrase} " in f" {key} "
                and len(phrase) > best_length
                and phrase not in WHOLE_TITLE_ONLY
                and field not in WHOLE_TITLE_FIELDS
            ):
                best, best_length = field, len(phrase)
    return best, best_length


def is_header_cell(text: str, kind: str = "organisations") -> bool:
    """Whether a cell reads as a column title (``Tên hợp tác xã``), not as data that happens
    to contain a title word (``Xã Ia Nhin``, ``Thôn 1``): the phrase must be most of it."""
    key = fold(re.sub(r"\([^()]*\)", " ", text))
    if not key or len(key) > 60:
        return False
    for field in KIND_FIELDS[kind]:
        for phrase in FIELDS[field].headers:
            if key == phrase or (f" {phrase} " in f" {key} " and len(phrase) >= 0.6 * len(key)):
                return True
    return False


#: Fields that make a row without a name a record of its own, of the organisation named
#: above it ("as above"), by kind: another debt or parcel of the same cooperative. In the
#: other kinds such a row continues the record above (a second phone number).
NAMELESS_RECORD_FIELDS = {
    "debts_assets": frozenset(
        {
            "counterparty",
            "content",
            "principal",
            "outstanding",
            "location",
            "area",
            "land_origin",
            "land_certificate",
            "purpose",
        }
    ),
}

#: The field that names the record: a row without it is not data, or is rejected.
NAME_FIELD = {
    "organisations": "name",
    "members": "full_name",
    "annual_figures": "name",
    "debts_assets": "name",
}


def map_columns(
    headers: list[str], kind: str = "organisations", corrections: dict[str, str] | None = None
) -> dict[int, str]:
    """Column index → field. Where several titles read as one field and one of them is the
    field's own name (:func:`_names_plainly`), that one is read and the others not; else they
    are a duplicate the clerk resolves. ``corrections`` (folded header → field, or "" for a column
    not to import) are the clerk's, from the preview or a saved profile, and win over the
    synonyms."""
    corrections = corrections or {}
    mapped, chosen = {}, set()
    for i, header in enumerate(headers):
        key = fold(header)
        if key in corrections:
            chosen.add(i)
        field = corrections[key] if key in corrections else field_for(header, kind)
        if field:
            mapped[i] = field
    _amount_beside_outstanding(headers, mapped, chosen)
    _total_over_parts(headers, mapped, chosen)
    if kind != "annual_figures":  # a figures table is split by year (tables.by_year)
        _latest_year(headers, mapped, chosen)
    for field in set(mapped.values()) & VALUE_FIELDS - SEVERAL_COLUMNS:
        claims = [i for i, f in mapped.items() if f == field and i not in chosen]
        plain = [i for i in claims if _names_plainly(headers[i], field)]
        if len(claims) > 1 and len(plain) == 1:  # the others are synonyms of something else
            for i in claims:
                if i != plain[0]:
                    del mapped[i]
    return mapped


#: The lowest title of a total over its parts: ``Vốn góp`` over ``Tổng số`` | ``Bằng tiền``.
_TOTAL_TITLES = frozenset({"tong so", "tong", "cong", "tong cong", "tong gia tri"})
#: The lowest titles of a contribution's parts: in cash, in kind.
_CONTRIBUTION_PARTS = re.compile(
    r"\b(?:tien mat|bang tien|tien|tai san|hien vat|quy doi|bang tai san|dat dai)\b"
)


def _total_over_parts(headers: list[str], mapped: dict[int, str], chosen: set) -> None:
    """Columns read as one field (the file was refused: several columns of it): the one
    titled as its total (``Tổng diện tích``, or ``Tổng số`` under their common title) is the
    field, the others its parts, not read; without one, a contribution's parts — in cash, in
    kind — are read each, and added up."""
    for field in set(mapped.values()) & VALUE_FIELDS - SEVERAL_COLUMNS:
        claims = [i for i, f in mapped.items() if f == field and i not in chosen]
        if len(claims) < 2:
            continue
        whole = [i for i in claims if fold(headers[i]).startswith("tong ")]
        if len(whole) == 1:  # "Tổng diện tích" | "Diện tích được giao" | "Diện tích thuê"
            for i in claims:
                if i != whole[0]:
                    del mapped[i]
            continue
        titles = [headers[i].rsplit(" / ", 1) for i in claims]
        if any(len(t) < 2 for t in titles) or len({p for p, _ in titles}) > 1:
            continue
        lowest = [fold(_NOTES.sub(" ", low)) for _parent, low in titles]
        totals = [i for i, low in zip(claims, lowest, strict=True) if low in _TOTAL_TITLES]
        if len(totals) == 1:
            for i in claims:
                if i != totals[0]:
                    del mapped[i]
        elif field == "capital" and all(_CONTRIBUTION_PARTS.search(low) for low in lowest):
            for i in claims:
                mapped[i] = "capital_part"


#: Titles of a debt's bare amount (``Số tiền (đồng)``), folded, brackets left out: the amount
#: owed, unless a column beside it says what is still owed.
BARE_AMOUNTS = frozenset({"so tien", "so tien no", "so no"})


def _amount_beside_outstanding(headers: list[str], mapped: dict[int, str], chosen: set) -> None:
    """``Số tiền`` | ``Đã trả`` | ``Còn nợ``: the bare amount is the debt's principal, the
    other what is still owed (the file was refused: two columns of the amount owed)."""
    claims = [i for i, f in mapped.items() if f == "outstanding" and i not in chosen]
    bare = [i for i in claims if fold(re.sub(r"\([^()]*\)", " ", headers[i])) in BARE_AMOUNTS]
    if len(claims) > 1 and len(bare) == 1 and "principal" not in mapped.values():
        mapped[bare[0]] = "principal"


@functools.cache  # asked per row by organisations.clean
def year_of_title(header: str) -> int | None:
    """The year a column's title names (``Số thành viên năm 2024``, ``Vốn góp 2024``)."""
    years = {int(y) for y in _YEAR_WORD.findall(fold(header))}
    return years.pop() if len(years) == 1 else None


_YEAR_WORD = re.compile(r"\b((?:19|20)\d\d)\b")


def _latest_year(headers: list[str], mapped: dict[int, str], chosen: set) -> None:
    """``Số thành viên năm 2023`` | ``Số thành viên năm 2024``: the latest year's column is
    read, the others not (the file was refused: two columns of members). The year it names
    dates what it reports (:func:`importers.organisations.clean`)."""
    by_field: dict[str, list[int]] = {}
    for i, field in mapped.items():
        if i not in chosen:
            by_field.setdefault(field, []).append(i)
    for claims in by_field.values():
        years = [year_of_title(headers[i]) for i in claims]
        if len(claims) > 1 and None not in years and len(set(years)) == len(years):
            latest = claims[years.index(max(years))]
            for i in claims:
                if i != latest:
                    del mapped[i]


def _names_plainly(header: str, field: str) -> bool:
    """Whether a title is the field's own name (its first phrase: ``Tổng tài sản``), not one
    of its synonyms (``Vốn hoạt động``, which beside it is another figure)."""
    phrases = FIELDS[field].headers  # none for a field read only beside another (by sex)
    return bool(phrases) and fold(header.rsplit(" / ", 1)[-1]) == phrases[0]


#: Fields only one kind has, which tell the kinds apart.
OWN_FIELDS = {
    kind: set(fields)
    - TOLD_APART.get(kind, set())
    - {
        f
        for other, fs in KIND_FIELDS.items()
        if other != kind
        for f in fs
        if f not in TOLD_APART.get(other, ())
    }
    for kind, fields in KIND_FIELDS.items()
}
