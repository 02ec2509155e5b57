"""Cells merged over several rows in an OpenDocument spreadsheet (.ods).

python-calamine reports a sheet's merged cells for xlsx and xls but not for ods, so a district
merged beside its cooperatives would be read in its first row only, and the rows below
rejected as placeless. The merges are read from ``content.xml`` instead: a cell spanning
rows carries ``table:number-rows-spanned``; rows and cells repeated by
``number-rows-repeated`` / ``number-columns-repeated`` are counted, not expanded.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import iterparse

_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_SPANNING = re.compile(rb'number-rows-spanned="(?!1")\d+"')

Range = tuple[tuple[int, int], tuple[int, int]]


def merged_ranges(path: Path) -> dict[str, list[Range]]:
    """Sheet name → ``((top, left), (bottom, right))`` of each cell merged over several rows,
    0-based, as python-calamine gives them for the other formats."""
    try:
        with zipfile.ZipFile(path) as archive:
            content = archive.read("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return {}  # whether the file can be read at all is calamine's to say
    if not _SPANNING.search(content):
        return {}
    found: dict[str, list[Range]] = {}
    sheet, row, column = None, 0, 0
    for event, element in iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if event == "start":
            if tag == f"{_TABLE}table":
                sheet, row = element.get(f"{_TABLE}name", ""), 0
            elif tag == f"{_TABLE}table-row":
                column = 0
            continue
        if tag in (f"{_TABLE}table-cell", f"{_TABLE}covered-table-cell"):
            rows = int(element.get(f"{_TABLE}number-rows-spanned", "1"))
            columns = int(element.get(f"{_TABLE}number-columns-spanned", "1"))
            if rows > 1 and sheet is not None:
                found.setdefault(sheet, []).append(
                    ((row, column), (row + rows - 1, column + columns - 1))
                )
            column += int(element.get(f"{_TABLE}number-columns-repeated", "1"))
        elif tag == f"{_TABLE}table-row":
            row += int(element.get(f"{_TABLE}number-rows-repeated", "1"))
            element.clear()
    return found
