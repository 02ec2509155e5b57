"""Cells of an .xlsx/.xlsm workbook whose formula gave no value: it failed (``#N/A``,
``#REF!``…), or its result was never computed (a file written by a program that stores
formulas without calculating them).

python-calamine reads both as empty (python-calamine issue #105), so a tax code looked up with
a VLOOKUP that found nothing would be imported as "no tax code", silently. The cells are found
in the sheets' XML instead: a cell typed ``t="e"`` holds its error text in ``<v>``; a cell
with ``<f>`` and no ``<v>`` has no result. The XML is read in pieces and searched for those
marks first; only a sheet that has one is parsed.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from pathlib import Path

#: Patterns over the sheet's XML, which is file content: each repeated part stops at the next
#: tag (``[^<>]``) and may start only where a run of what it repeats starts, so no search runs
#: on past a tag and none starts again inside a run it already read — linear time, whatever a
#: damaged or hostile file holds.
_ATTRIBUTE = re.compile(rb'(?<![\w:])([\w:]+)="([^"<>]*)"')
_ELEMENT = {
    name: re.compile(rb"<(?:\w+:)?" + name + rb"\b([^<>]*)>")
    for name in (b"Relationship", b"sheet")
}
#: A cell's opening tag; what follows it is matched from there (:func:`_errors`).
_CELL = re.compile(rb"<(?:\w+:)?c\b([^<>]*)>")
_FORMULA = re.compile(rb"(?<!\s)\s*<(?:\w+:)?f\b[^<>]*(?:/>|>[^<]*</(?:\w+:)?f>)")
_VALUE = re.compile(rb"(?<!\s)\s*<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CELL_END = re.compile(rb"(?<!\s)\s*</(?:\w+:)?c>")
_REFERENCE = re.compile(r"([A-Z]+)(\d+)")
#: What a cell whose formula has no computed result holds once read.
UNCALCULATED = "#CHƯA TÍNH"
_MARKS = (b't="e"', b"<f>", b"<f ", b":f>", b":f ")
_PIECE = 1 << 20


def error_cells(path: Path) -> dict[str, list[tuple[int, int, str]]]:
    """Sheet name → ``(row, column, error text)`` of each formula without a value, 0-based
    (an uncomputed one's text is :data:`UNCALCULATED`). A file that
    is not a workbook of that kind has none here: whether it can be read is calamine's to say.
    """
    if not zipfile.is_zipfile(path):  # an .xls (BIFF), read by calamine alone
        return {}
    found: dict[str, list[tuple[int, int, str]]] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            members = set(archive.namelist())
            for name, part in _sheet_parts(archive).items():
                if part in members and _has_mark(archive, part):
                    found[name] = list(_errors(archive.read(part)))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, zlib.error):
        return {}
    return found


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the archive member holding its XML."""
    package = _attributes(archive.read("_rels/.rels"), b"Relationship")
    book = next(
        (a["Target"].lstrip("/") for a in package if a["Type"].endswith("/officeDocument")),
        "xl/workbook.xml",
    )
    folder, file = posixpath.split(book)
    targets = {
        a["Id"]: a["Target"]
        for a in _attributes(
            archive.read(posixpath.join(folder, "_rels", file + ".rels")), b"Relationship"
        )
    }
    parts = {}
    for sheet in _attributes(archive.read(book), b"sheet"):
        target = targets.get(next((v for k, v in sheet.items() if k.endswith(":id")), ""))
        if target:
            parts[sheet["name"]] = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
    return parts


def _attributes(xml: bytes, element: bytes) -> list[dict[str, str]]:
    return [
        {
            key.decode(): html.unescape(value.decode("utf-8"))
            for key, value in _ATTRIBUTE.findall(match.group(1))
        }
        for match in _ELEMENT[element].finditer(xml)
    ]


def _has_mark(archive: zipfile.ZipFile, part: str) -> bool:
    """Whether a sheet's XML has an error cell or a formula, read a piece at a time (a large
    sheet's XML is tens of megabytes)."""
    tail = b""
    with archive.open(part) as stream:
        while piece := stream.read(_PIECE):
            seam = tail + piece[:8]
            if any(mark in piece or mark in seam for mark in _MARKS):
                return True
            tail = piece[-8:]
    return False


def _errors(xml: bytes):
    """(row, column, text) of each cell typed as an error (its formula, if kept, then its
    value), and of each cell holding a formula and no value (never computed)."""
    for cell in _CELL.finditer(xml):
        attributes = cell.group(1)
        if attributes.endswith(b"/"):  # <c …/>: empty
            continue
        position = cell.end()
        formula = _FORMULA.match(xml, position)
        if formula is not None:
            position = formula.end()
        if b't="e"' in attributes and (value := _VALUE.match(xml, position)):
            text = html.unescape(value.group(1).decode())
        elif formula is not None and _CELL_END.match(xml, position):
            text = UNCALCULATED
        else:
            continue
        if place := _place(attributes):
            yield *place, text


def _place(attributes: bytes) -> tuple[int, int] | None:
    """(row, column), 0-based, of a cell from its ``r="B5"`` attribute."""
    reference = _REFERENCE.fullmatch(dict(_ATTRIBUTE.findall(attributes)).get(b"r", b"").decode())
    if reference is None:
        return None
    letters, number = reference.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(number) - 1, column - 1
