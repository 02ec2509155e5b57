"""Forms: a sheet about one organisation, a field per row (``1. Tên hợp tác xã:`` | ``HTX Nông
nghiệp Đồng Tâm``), as the information sheets (phiếu thông tin) districts collect, often one
sheet per cooperative. Read as a table of one record whose column titles are the form's labels;
each value keeps the cell it is in, so that a message names that cell."""

from __future__ import annotations

import re
from typing import Any

from importers.mapping import field_for, map_columns
from importers.tables import DataRow, Table, unit_noted
from registry.text import fold

#: The kinds of record a form may hold: an organisation, and its year's figures.
FORM_KINDS = ("organisations", "annual_figures")
#: Fields that say which organisation a form is about; a form names one of them.
_NAMING = {"name", "tax_code"}
#: Fields a form must give at least, naming one included.
_LEAST_FIELDS = 3
#: A label's number before it: ``1.``, ``II.``, ``a)``, ``3/``.
_NUMBERED = re.compile(r"^\s*+(?:\d{1,2}|[IVX]{1,4}|[a-zđ])\s*+[.)/]\s*+", re.IGNORECASE)
#: A row's number in a cell of its own: ``1``, ``1.``, ``II``, ``a)``.
_ROW_NUMBER = re.compile(r"(?:\d{1,2}(?:\.0)?|[IVX]{1,4}|[a-zđ])\s*+[.)/]?", re.IGNORECASE)
#: A value left to be filled in: dots, underscores, dashes.
_BLANK = re.compile(r"^[\s.…_\-–:]*+$")
#: A label counting organisations (``Tổng số HTX``): a summary's, not one organisation's.
_COUNTS_ORGANISATIONS = re.compile(r"\bso (?:htx|hop tac xa|tht|to hop tac|qtdnd)\b")
#: A name of a public body (``UBND huyện Chư Sê``, ``Phòng Kinh tế``): the office reporting.
_BODY = re.compile(
    r"(?:ubnd|uy ban|hdnd|lien minh|chi cuc|van phong"
    r"|(?:phong|so) (?:kinh te|nong nghiep|tai chinh|ke hoach|cong thuong))\b"
)
#: Rows a form takes at most: a sheet longer than that is a list.
FORM_ROWS = 200
#: The longest text a label is (longer is a sentence, not a label).
_LABEL_LENGTH = 90


def find_form(
    rows: list[list[Any]], kind: str, corrections: dict | None, merged: frozenset = frozenset()
) -> Table | None:
    """The form a sheet's ``rows`` hold, read as a table of one record, or None when they
    hold none (fewer than three fields, or none naming the organisation). ``merged``: the
    cells holding the value of a cell merged over them (a label merged over three columns is
    no value of its own)."""
    if kind not in FORM_KINDS:
        return None
    entries = [
        entry for number, row in enumerate(rows, 1) if (entry := _entry(number, row, kind, merged))
    ]
    labels = [label for _row, _column, label, _value in entries]
    columns = map_columns(labels, kind, corrections)
    if len(set(columns.values())) < _LEAST_FIELDS or not _NAMING & set(columns.values()):
        return None
    names = [entries[k][3] for k, f in columns.items() if f == "name"]
    if any(_COUNTS_ORGANISATIONS.search(fold(label)) for label in labels) or any(
        isinstance(name, str) and _BODY.match(fold(name)) for name in names
    ):
        return None  # a report of a district's totals, by its office: no organisation's form
    first = entries[0][0]
    unit_note, unit_vnd = None, 1
    for row in rows[: first - 1]:
        if noted := unit_noted(row):
            unit_note, unit_vnd = noted
    table = Table(
        header_rows=[first],
        headers=labels,
        columns=columns,
        unit_vnd=unit_vnd,
        unit_note=unit_note,
        title=[_text(v) for row in rows[: first - 1] for v in row if _text(v)],
        cell_at={k: (row, column) for k, (row, column, _label, _value) in enumerate(entries)},
    )
    table.rows.append(
        DataRow(number=first, cells=[value for *_where, value in entries], position=0)
    )
    return table


def _entry(
    number: int, row: list[Any], kind: str, merged: frozenset
) -> tuple[int, int, str, Any] | None:
    """``(row, column of the value, label, value)`` of a form's row: its first text (after a
    number in a cell of its own) when it reads as a label of the kind's fields, and the value
    after a colon in the same cell, else in the next cell holding one (dots left to be filled
    in are no value)."""
    filled = [(c, v) for c, v in enumerate(row) if _text(v) and (number - 1, c) not in merged]
    if filled and _ROW_NUMBER.fullmatch(_text(filled[0][1])):
        filled = filled[1:]  # the row's number, in a cell of its own
    if not filled or not isinstance(filled[0][1], str):
        return None
    column, text = filled[0]
    label, colon, after = _NUMBERED.sub("", text, count=1).partition(":")
    label = label.strip()
    if not label or len(label) > _LABEL_LENGTH or field_for(label, kind) in (None, "stt"):
        return None  # "STT" heads a table of the form's rows, no field of its own
    if colon and not _BLANK.match(after):
        return number, column, label, after.strip()
    if len(filled) < 2:  # a title, or a label left unfilled: no value to read
        return None
    value_column, value = filled[1]
    return number, value_column, label, None if _BLANK.match(_text(value)) else value


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in ("", None) else ""
