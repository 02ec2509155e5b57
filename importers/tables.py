"""Finding the tables in a sheet: the header among title blocks, headers over two or three
rows, and which rows hold data. Group headings (a district, a sector) give context to the rows
under them; subtotal and total rows are recognised and set aside; notes and signatures end a
table; a row with nothing but a phone number continues the record above it. A sheet may hold
several tables, each with its own header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from importers.mapping import (
    NAME_FIELD,
    NAMELESS_RECORD_FIELDS,
    field_for,
    is_header_cell,
    map_columns,
)
from importers.names import PLACE_WORDS
from registry.text import fold, nfc

_ROMAN = re.compile(r"^(?=[ivxlc]+$)m{0,3}(c[md]|d?c{0,3})(x[cl]|l?x{0,3})(i[xv]|v?i{0,3})$")
#: Words that open a total row, in lower case as written: ``Cộng`` (a sum) is not ``Công`` (a
#: company, a person's name), which folding the diacritics away would make one.
_TOTAL_WORDS = (
    "cộng",
    "tổng cộng",
    "tổng số",
    "tổng toàn",
    "toàn huyện",
    "toàn tỉnh",
    "cộng huyện",
    "cộng a",
    "cộng b",
)
#: Total words that must stand alone: ``Tổng``, but not ``Tổng hợp …``.
_TOTAL_ALONE = ("tổng",)
#: The same typed without diacritics, where ``cong`` opens names too (``Cong ty``): alone, or
#: in a phrase no name starts with.
_UNACCENTED_TOTALS = tuple(fold(w) for w in _TOTAL_WORDS if w != "cộng")
_UNACCENTED_ALONE = ("cong", "tong")
_PUNCTUATION = re.compile(r"[^\w\s]")
_END_WORDS = (
    "ghi chu",
    "nguoi lap",
    "nguoi lap bieu",
    "thu truong",
    "ky ten",
    "ky ghi ro",
    "noi nhan",
    "xac nhan",
    "giam doc so",
    "tm ubnd",
    "kt giam doc",
    "chu tich",
)
#: A cell that is a number, a date or an ID ("12", "5.000.000", "7/3/2016", "064190012345"),
#: unlike a title that merely mentions a year ("Doanh thu năm 2024").
_DATA_LIKE = re.compile(r"^\W*\d[\d.,/\-\s]*\W*$|\d{6}")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
#: Words of a money unit, folded: ``đ``, ``đồng``, ``VNĐ``, ``tr``, ``triệu``, ``tỷ``, ``nghìn``.
_MONEY_UNIT = re.compile(r"(?:\b|\d)(?:d|dong|vnd)\b|\b(?:tr|trd|trieu|ty|nghin|ngan)\b")
#: A title saying its amounts are a month's, folded: ``(tr.đ/tháng)``, ``đồng/tháng``,
#: ``1 tháng``, ``hằng tháng``, ``bình quân tháng``.
_PER_MONTH = re.compile(
    r"\b(?:d|dong|vnd|tr|trieu|nghin|ngan|1|mot|hang|moi|binh quan|bq|nguoi|ld|lao dong|tv"
    r"|thanh vien) thang\b"
)
_UNIT_NOTE = re.compile(r"(?:đvt|dvt|đơn vị tính|don vi tinh)\s*:?\s*(.+)", re.IGNORECASE)


@dataclass
class DataRow:
    number: int  # 1-based sheet row
    cells: list[Any]
    position: int  # index in its table's rows
    #: Group headings in force ("I. Huyện Chư Păh"), outermost first.
    groups: list[str] = field(default_factory=list)
    #: Values from continuation rows below, by column.
    continued: dict[int, list[Any]] = field(default_factory=dict)


@dataclass
class Table:
    header_rows: list[int]  # 1-based
    headers: list[str]  # joined column titles
    columns: dict[int, str]  # column index → field
    unit_vnd: int
    unit_note: str | None
    rows: list[DataRow] = field(default_factory=list)
    #: (district, commune) the whole file is about (given with --unit), for rows naming none.
    place: tuple[str | None, str | None] = (None, None)
    #: (sheet row, kind, label) of every row that is not data.
    skipped: list[tuple[int, str, str]] = field(default_factory=list)
    #: Columns cleaned so far, by field, cleaner and its arguments (``cleaned_column``).
    cleaned: dict = field(default_factory=dict, repr=False)
    #: Text of the rows above the header, from the previous table's last record: the title.
    title: list[str] = field(default_factory=list)
    #: The table's own total rows: (sheet row, cells, how many records came before it).
    totals: list[tuple[int, list[Any], int]] = field(default_factory=list)
    #: The year its figures are of, when its titles say (``Năm 2023 / Doanh thu``).
    year: int | None = None
    #: A form's (:mod:`importers.forms`) cells, by column: (sheet row, sheet column) of each
    #: value, which a form lays out a row each.
    cell_at: dict[int, tuple[int, int]] = field(default_factory=dict)

    def cell_of(self, index: int, row: int) -> tuple[int, int]:
        """The sheet row and column of row ``row``'s cell in column ``index``."""
        return self.cell_at.get(index, (row, index))

    @property
    def last_row(self) -> int:
        """The sheet row of its last record's last cell."""
        return max((r for r, _c in self.cell_at.values()), default=self.rows[-1].number)

    def unit_of(self, name: str) -> int:
        """Đồng per bare number in a money column: its own title's unit (``Vốn góp (1.000
        đ)``, ``Doanh thu (tr.đ)``, ``Vốn (đồng)``), else the table's note (``ĐVT: triệu
        đồng``); twelve times that under a title saying it is a month's (``Thu nhập BQ
        (tr.đ/tháng)``): the registry keeps the year's figures."""
        header = next((self.headers[i] for i, f in self.columns.items() if f == name), "")
        months = 12 if _PER_MONTH.search(fold(header)) else 1
        for note in _PARENTHESES.findall(header):
            if _MONEY_UNIT.search(fold(note)):
                return unit_multiplier(note) * months
        return self.unit_vnd * months

    def area_unit(self) -> int:
        """m² per bare number in the area column: 10 000 when its header says ``(ha)``."""
        header = next((self.headers[i] for i, f in self.columns.items() if f == "area"), "")
        return 10_000 if re.search(r"\bha\b", fold(header)) else 1


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if isinstance(value, str) else ""


def _filled(row: list[Any]) -> list[int]:
    return [i for i, v in enumerate(row) if v not in ("", None)]


def unit_multiplier(note: str) -> int:
    """``triệu đồng`` / ``Trđ`` → 10⁶, ``1.000 đồng`` / ``nghìn đồng`` / ``1.000đ`` → 10³,
    ``đồng`` → 1."""
    key = fold(note)
    if "ty" in key.split():
        return 10**9
    if "trieu" in key or re.search(r"\btrd?\b", key):
        return 10**6
    if "nghin" in key or "ngan" in key or re.search(r"(?<!\d)1[.,\s]?000(?!\d)", note):
        return 10**3
    return 1


def unit_noted(row: list[Any]) -> tuple[str, int] | None:
    """The unit a row notes for the amounts below it (``ĐVT: triệu đồng``, the last if it
    notes two): the note, and đồng per bare number."""
    noted = None
    for value in row:
        if isinstance(value, str) and (m := _UNIT_NOTE.search(value)):
            noted = value.strip(" ()"), unit_multiplier(m.group(1))
    return noted


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():  # False for infinity and not-a-number
        return str(int(value))
    return str(value)


def _is_column_numbers(row: list[Any]) -> bool:
    if any(isinstance(v, str) and len(v) > 4 for v in row):  # quick: titles and data are longer
        return False
    cells = [fold(_cell_text(v)) for v in row if v not in ("", None)]
    if len(cells) < 3:
        return False
    simple = [re.sub(r"[()]", "", c).strip() for c in cells]
    return all(re.fullmatch(r"\d{1,2}(\.0)?|[a-e]", c) for c in simple)


def _header_score(row: list[Any], kind: str) -> int:
    """How many cells read as column titles. Rows holding numbers (data: counts, IDs, dates)
    are not headers, which spares the title matching on every data row."""
    if any(
        isinstance(v, int | float) or (isinstance(v, str) and _DATA_LIKE.search(v)) for v in row
    ):
        return 0
    return sum(1 for v in row if isinstance(v, str) and is_header_cell(v, kind))


def _join_headers(rows: list[list[Any]], width: int) -> list[str]:
    """Titles over two or three rows, a merged parent carried over the columns below it."""
    rows = [
        [str(int(v)) if _is_year(v) and not isinstance(v, str) else v for v in row] for row in rows
    ]
    joined = []
    for c in range(width):
        parts = []
        for depth, row in enumerate(rows):
            value = _text(row[c]) if c < len(row) else ""
            if not value and depth + 1 < len(rows):
                below = _text(rows[depth + 1][c]) if c < len(rows[depth + 1]) else ""
                if below:  # a merged parent: take the nearest title to the left in this row
                    value = next((_text(row[k]) for k in range(c - 1, -1, -1) if _text(row[k])), "")
            if value and value not in parts:
                parts.append(value)
        joined.append(" / ".join(parts))
    return joined


def _first_text(cells: list[Any]) -> str:
    return next((_text(v) for v in cells if _text(v)), "")


def find_tables(
    rows: list[list[Any]],
    kind: str = "organisations",
    corrections: dict[str, str] | None = None,
    merged: frozenset[tuple[int, int]] = frozenset(),
) -> list[Table]:
    """The tables of a sheet's rows. ``merged``: the cells holding the value of a cell merged
    over them (:attr:`importers.readers.Sheet.merged`)."""
    tables: list[Table] = []
    unit_note, unit_vnd = None, 1
    width = max((len(r) for r in rows), default=0)
    i = title_start = 0
    while i < len(rows):
        row = rows[i]
        if noted := unit_noted(row):
            unit_note, unit_vnd = noted
        if _header_score(row, kind) < 3:
            i += 1
            continue
        # A title merged down into this row (``STT`` over two rows) begins the header above
        # it: the row above holds the titles over these (``Kết quả SXKD (triệu đồng)``).
        top = i
        while top > title_start and i - top < 2 and any((top, c) in merged for c in range(width)):
            top -= 1
        header = list(range(top, i + 1))
        while (
            header[-1] + 1 < len(rows)
            and len(header) < 3
            and not _is_column_numbers(rows[header[-1] + 1])
            and _looks_like_subheader(rows[header[-1] + 1])
        ):
            header.append(header[-1] + 1)
        headers = _join_headers([rows[r] for r in header], width)
        table = Table(
            header_rows=[r + 1 for r in header],
            headers=headers,
            columns=map_columns(headers, kind, corrections),
            unit_vnd=unit_vnd,
            unit_note=unit_note,
            title=[_text(v) for row in rows[title_start:top] for v in row if _text(v)],
        )
        if kind == "members" and "full_name" not in table.columns.values():
            for c, f in table.columns.items():  # "Tên" alone is the whole name
                table.columns[c] = "full_name" if f == "given_name" else f
        i = _read_body(rows, header[-1] + 1, table, kind, merged)
        _marks_to_words(table)
        _join_date_parts(table)
        if kind == "members":
            _join_split_names(table)
        # The next table's title starts after this one's last record (totals, notes and
        # titles between the two are read as this table's ends).
        title_start = table.rows[-1].number if table.rows else header[-1] + 1
        tables.extend(by_year(table, corrections) if kind == "annual_figures" else [table])
    return tables


#: Fields a form may give by a mark under each of its values: ``Tình trạng hoạt động`` over
#: ``Đang HĐ`` | ``Ngừng HĐ`` | ``Giải thể``, an ``x`` in one of them.
MARKED_FIELDS = ("status", "sector", "member_type", "person_kind")
_MARK = re.compile(r"(?:x|v|✓|✔|☑|1|có)", re.IGNORECASE)


def _marks_to_words(table: Table) -> None:
    """A field given by marks, a column per value (each titled by its value, every cell a
    mark or blank): each row's value is the title of the column its mark is in, written into
    the first of those columns; the others are no longer read. Two marks give both titles,
    for the field's reader to make of them what it can."""
    for name in MARKED_FIELDS:
        columns = [c for c, f in table.columns.items() if f == name]
        titles = {c: table.headers[c].rsplit(" / ", 1)[-1] for c in columns}
        if (
            len(columns) < 2
            or len(set(titles.values())) < len(columns)
            or not all(
                row.cells[c] in ("", None) or _MARK.fullmatch(_cell_text(row.cells[c]).strip())
                for row in table.rows
                for c in columns
            )
        ):
            continue
        first, *others = columns
        for row in table.rows:
            marked = [titles[c] for c in columns if row.cells[c] not in ("", None)]
            row.cells[first] = ", ".join(marked)
        for c in others:
            del table.columns[c]


#: The parts of a date written a column each, by their titles, in the order they are joined.
_DATE_PARTS = ("ngay", "thang", "nam")


def _join_date_parts(table: Table) -> None:
    """A date in a column per part under its title (``Ngày tháng năm sinh`` over ``Ngày`` |
    ``Tháng`` | ``Năm``): one date, ``12/5/1980``, in the first (the file was refused: three
    columns of the birth date)."""
    for name in set(table.columns.values()):
        claims = [c for c, f in table.columns.items() if f == name]
        titles = [table.headers[c].rsplit(" / ", 1) for c in claims]
        if not 2 <= len(claims) <= 3 or any(len(t) < 2 for t in titles):
            continue
        parts = {fold(low): c for (_parent, low), c in zip(titles, claims, strict=True)}
        if len({p for p, _ in titles}) > 1 or not {"thang", "nam"} <= set(parts) <= set(
            _DATE_PARTS
        ):
            continue
        order = [parts[p] for p in _DATE_PARTS if p in parts]
        for row in table.rows:
            said = [_cell_text(row.cells[c]).strip() for c in order]
            row.cells[order[0]] = "/".join(said) if all(said) else ""
        for c in order[1:]:
            del table.columns[c]


def _join_split_names(table: Table) -> None:
    """A name in two columns — ``Họ và tên đệm`` | ``Tên``, or ``Họ và tên`` merged over both,
    the second untitled — read as one, ``Nguyễn Văn`` and ``An`` in the first (the given name
    was dropped: every ``Nguyễn Văn`` one person)."""
    first = next((c for c, f in table.columns.items() if f == "full_name"), None)
    given = next((c for c, f in table.columns.items() if f == "given_name"), None)
    if first is None:
        return
    beside = first + 1
    if given is None and beside < len(table.headers) and not table.headers[beside]:
        given = beside if _given_names([row.cells[beside] for row in table.rows]) else None
    if given is None:
        return
    for row in table.rows:
        row.cells[first] = " ".join(
            t for t in (_text(row.cells[first]), _text(row.cells[given])) if t
        )
    table.columns.pop(given, None)  # an untitled column was not read


def _given_names(cells: list[Any]) -> bool:
    """Whether an untitled column beside the name holds given names: single words, each a
    capital first, of several kinds (not a sex or a mark)."""
    words = {_text(v) for v in cells} - {""}
    return (
        len(words) > 1
        and all(w.isalpha() or ("'" in w and w.replace("'", "").isalpha()) for w in words)
        and all(w[0].isupper() and fold(w) not in ("nam", "nu", "x") for w in words)
    )


def _is_year(value: Any) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return 1900 <= value <= 2100 and value == int(value)  # the range first: infinity
    return isinstance(value, str) and bool(_YEAR_TITLE.match(fold(value)))


_YEAR_TITLE = re.compile(r"^(?:nam\s+)?((?:19|20)\d{2})$")


def by_year(table: Table, corrections: dict[str, str] | None = None) -> list[Table]:
    """A figures table whose titles carry years, one year's columns beside another's (``Năm
    2022 / Doanh thu``, ``Năm 2023 / Doanh thu``, or ``Doanh thu / 2023``): one table per
    year, with that year's columns and those of none (name, tax code), over the same rows.
    Read as one table, its columns would be the same field twice."""
    years: dict[int, tuple[int, str]] = {}  # column → (year, its title without the year)
    for i, header in enumerate(table.headers):
        parts = header.split(" / ")
        found = [int(m[1]) for part in parts if (m := _YEAR_TITLE.match(fold(part)))]
        if len(found) == 1:
            rest = " / ".join(p for p in parts if not _YEAR_TITLE.match(fold(p)))
            years[i] = (found[0], rest)
    if not years:
        return [table]
    corrections = corrections or {}
    shared = {i: f for i, f in table.columns.items() if i not in years}
    split = []
    for year in sorted({y for y, _rest in years.values()}):
        own = {}
        for i, (y, rest) in years.items():
            key = fold(table.headers[i])
            field_ = corrections[key] if key in corrections else field_for(rest, "annual_figures")
            if y == year and field_:
                own[i] = field_
        split.append(
            replace(
                table,
                columns=shared | own,
                year=year,
                cleaned={},
                skipped=table.skipped if not split else [],  # told once
            )
        )
    return split


def _looks_like_subheader(row: list[Any]) -> bool:
    """Titles under merged titles: text without digits (data rows have numbers, IDs, dates),
    or years (``Doanh thu`` over ``2022`` | ``2023``); not the heading of the first block of
    rows."""
    filled = _filled(row)
    return (
        bool(filled)
        and all(
            (isinstance(row[c], str) and not re.search(r"\d", row[c])) or _is_year(row[c])
            for c in filled
        )
        and not any(
            _ROMAN.match(fold(str(row[c]))) or re.fullmatch(r"[a-e]\.?", fold(str(row[c])))
            for c in filled[:1]
        )
        and not _is_place_heading(row, filled, None)  # "Huyện Chư Sê" over its rows
    )


def _read_body(
    rows: list[list[Any]], start: int, table: Table, kind: str, merged: frozenset
) -> int:
    """Classify rows until the table ends; returns the index where scanning resumes. A row
    whose number and name it holds only by a merge from the row above continues that row's
    record (or, in debts and land, is another record of its cooperative). One loop in one
    function on purpose: it runs once per row of a 100,000-row sheet, where a call per row
    and per test is measurable (``bench/import_members.py``)."""
    field_of = table.columns
    name_col = next((c for c, f in field_of.items() if f == NAME_FIELD[kind]), None)
    stt_col = next((c for c, f in field_of.items() if f == "stt"), None)
    groups: list[str] = []  # replaced, never changed in place: rows share it
    outer: list[str] = []  # the last heading but a numbered place's, which goes under it
    i = start
    while i < len(rows):
        row = rows[i]
        number = i + 1
        if merged and ((i, name_col) in merged or (i, stt_col) in merged):
            row = [
                "" if (i, c) in merged and c in (name_col, stt_col) else v
                for c, v in enumerate(row)
            ]
        if (
            name_col is not None
            and stt_col is not None
            and _numbered_record(row, name_col, stt_col)
        ):
            table.rows.append(DataRow(number, list(row), len(table.rows), groups))
            i += 1
            continue
        filled = _filled(row)
        text = _first_text(row)
        first = fold(text)
        if not filled:
            table.skipped.append((number, "blank", ""))
        elif _is_column_numbers(row):
            table.skipped.append((number, "column_numbers", ""))
        elif _header_score(row, kind) >= 3 and _same_header(row, table, kind):
            table.skipped.append((number, "repeated_header", ""))
        elif _header_score(row, kind) >= 3:
            return i  # the header of another table
        elif any(first.startswith(w) for w in _END_WORDS) or _signature_like(row, table):
            table.skipped.append((number, "end", _first_text(row)))
            return _skip_to_next_header(rows, i + 1, table, kind)
        elif _is_total(row, name_col, stt_col, text):
            table.skipped.append((number, "total", _first_text(row)))
            table.totals.append((number, row, len(table.rows)))
        elif _numbered_place(row, name_col):  # under the heading above it: a commune's
            groups = [*outer, _text(row[name_col])]
            table.skipped.append((number, "group", groups[-1]))
        elif _is_group(row, name_col, stt_col) or _is_place_heading(row, filled, stt_col):
            # A label merged across the row is read in every cell it covers: once.
            label = " ".join(
                dict.fromkeys(_text(row[c]) for c in filled if isinstance(row[c], str))
            )
            groups = outer = [label]
            table.skipped.append((number, "group", label))
        elif table.rows and _is_continuation(row, name_col, stt_col):
            previous = table.rows[-1]
            own = NAMELESS_RECORD_FIELDS.get(kind, ())
            if any(table.columns.get(c) in own for c in filled):
                # Another record of the organisation above, its name left blank.
                table.rows.append(
                    DataRow(number, _as_above(row, previous, table), len(table.rows), groups)
                )
            else:
                for c in filled:
                    previous.continued.setdefault(c, []).append(row[c])
                table.skipped.append((number, "continuation", ""))
        elif name_col is not None and (
            row[name_col] not in ("", None)
            or (stt_col is not None and row[stt_col] not in ("", None) and len(filled) > 2)
        ):
            # A numbered row without a name is still data: it is rejected with the reason.
            table.rows.append(DataRow(number, list(row), len(table.rows), groups))
        else:
            table.skipped.append((number, "other", _first_text(row)))
        i += 1
    return i


def _numbered_record(row: list[Any], name_col: int, stt_col: int) -> bool:
    """Most rows of a table, told cheaply: a whole number in the STT column, a name, and a text
    longer than a column number. Such a row is data: never a header (it holds a number), a
    total (those are not numbered), a group (Roman numerals and letters are not numbers, and a
    place numbered alone on its row heads the rows below), a continuation (it has a name) or a
    column-number row."""
    stt, name = row[stt_col], row[name_col]
    return (
        (
            stt.__class__ is int
            or (stt.__class__ is float and stt.is_integer())
            or (stt.__class__ is str and stt.isdigit())
        )
        and name not in ("", None)
        # The name is most often the long text: the other cells are looked at only without it.
        and (
            (name.__class__ is str and len(name) > 4)
            or any(v.__class__ is str and len(v) > 4 for v in row)
        )
        and not _numbered_place(row, name_col)
    )


def _numbered_place(row: list[Any], name_col: int | None) -> bool:
    """``1 | Xã Ia Nhin`` and nothing else: a place numbered under a district (``I. Huyện Chư
    Păh``), heading its rows (it was imported as an organisation called ``Xã Ia Nhin``)."""
    if name_col is None or (name := row[name_col]).__class__ is not str:
        return False
    if not _HEADING_WORDS.match(name):  # most rows: a regular expression's look at the name
        return False
    return len(_filled(row)) == 2 and _is_place_heading([name], [0], None)


def _same_header(row: list[Any], table: Table, kind: str) -> bool:
    """Whether a header row repeats the table's (a page's header printed again), read with
    the table's kind: in another kind's words the header of the next table (debts after
    land) would name only what every table has (number, name) and pass for a repeat."""
    mapped = map_columns([_text(v) for v in row], kind)
    return mapped.items() <= table.columns.items() or set(mapped.values()) <= set(
        table.columns.values()
    )


def _signature_like(row: list[Any], table: Table) -> bool:
    """Date lines and signing titles below a table: ``Pleiku, ngày … tháng … năm …``."""
    if len(_filled(row)) > 3:  # such lines are sparse; data rows are not
        return False
    text = fold(" ".join(_text(v) for v in row))
    return bool(table.rows) and _in_order(text, _SIGNATURE_WORDS)


_SIGNATURE_WORDS = tuple(re.compile(rf"\b{word}\b") for word in ("ngay", "thang", "nam"))


def _in_order(text: str, words: tuple[re.Pattern, ...]) -> bool:
    """Whether ``words`` occur in ``text`` in that order: one pass, where a pattern
    ``a.*b.*c`` would backtrack over every pair of places."""
    position = 0
    for word in words:
        found = word.search(text, position)
        if found is None:
            return False
        position = found.end()
    return True


def _skip_to_next_header(rows, i, table, kind) -> int:
    while i < len(rows):
        if _header_score(rows[i], kind) >= 3:
            return i
        if _filled(rows[i]):
            table.skipped.append((i + 1, "end", _first_text(rows[i])))
        i += 1
    return i


def _is_total(row, name_col, stt_col, first: str) -> bool:
    """``Cộng huyện …``, ``TỔNG CỘNG``, ``Tổng số (20 HTX)``: never a numbered row (a person
    may well be called Công). In the number or name column, or, in a row that leaves both
    blank (under a cooperative's debts), in its first text (``first``): ``Cộng`` beside the
    creditors, where ``Công ty …`` is a creditor."""
    if stt_col is not None and re.fullmatch(r"\d+(\.0)?", _cell_text(row[stt_col]).strip()):
        return False
    texts = [row[c] for c in (stt_col, name_col) if c is not None and isinstance(row[c], str)]
    if all(c is None or row[c] in ("", None) for c in (stt_col, name_col)):
        texts.append(first)
    return any(map(_says_total, texts))


def _says_total(text: str) -> bool:
    words = nfc(_PUNCTUATION.sub(" ", text.lower()))
    alone, phrases = (
        (_UNACCENTED_ALONE, _UNACCENTED_TOTALS) if words.isascii() else (_TOTAL_ALONE, _TOTAL_WORDS)
    )
    return words in alone or any(words == w or words.startswith(w + " ") for w in phrases)


def _is_group(row, name_col, stt_col) -> bool:
    """``I | Huyện Chư Păh (11 HTX)``: a Roman numeral or a letter in the STT column."""
    stt = fold(str(row[stt_col])) if stt_col is not None else ""
    return bool(stt and (_ROMAN.match(stt) or re.fullmatch(r"[a-e]", stt)))


#: The words a heading over a block of rows opens with: a place (``Thôn 1``, ``Buôn Ma
#: Lăng``, ``Xã Ia Nhin``, ``Huyện Chư Sê``) or a team (``Tổ 2``, ``Nhóm Ia Dêr``), as
#: written; without their marks, only those no name begins with (``Tô`` is a surname).
_HEADING_WORDS = re.compile(
    rf"(?:{PLACE_WORDS}|tp|tx|tổ|nhóm|đội|thon|buon|xom|huyen|phuong)\s++\S", re.IGNORECASE
)


def _is_place_heading(row: list[Any], filled: list[int], stt_col: int | None) -> bool:
    """``| Thôn 1 |`` alone on its row, no number: the heading of the rows under it (a
    member list by village, a list of cooperatives by district), never a record of its own
    (the village was imported as a member named ``Thôn 1``)."""
    if stt_col is not None and row[stt_col] not in ("", None):
        return False
    texts = {_text(row[c]) for c in filled}
    if len(texts) != 1:  # alone, or merged across the row
        return False
    (text,) = texts
    return (
        len(text.split()) <= 6
        and bool(_HEADING_WORDS.match(text))
        and not fold(text).startswith("to hop")  # a cooperative group (Tổ hợp tác) is a record
    )


def _as_above(row: list[Any], previous: DataRow, table: Table) -> list[Any]:
    """The row with the cooperative of the record above where it names none."""
    cells = list(row)
    for c, f in table.columns.items():
        if f in ("name", "tax_code") and cells[c] in ("", None):
            cells[c] = previous.cells[c]
    return cells


def _is_continuation(row, name_col, stt_col) -> bool:
    empty = ("", None)
    return (name_col is None or row[name_col] in empty) and (
        stt_col is None or row[stt_col] in empty
    )
