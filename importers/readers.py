"""Readers: a file in, sheets of raw cells out. One small function per format behind the same
result, ``list[Sheet]``; nothing here interprets the cells beyond repairing legacy text."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import chain, filterfalse
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from python_calamine import CalamineError, ZipError

from importers import calamine_process
from importers.formula_errors import error_cells
from importers.legacy_text import repair_all
from importers.ods_merges import merged_ranges
from importers.web_tables import TooLarge, read_page

#: What a damaged or hostile file makes the readers raise (zipfile: a bad archive, member
#: names that are not UTF-8, an unsupported zip version or compression, an encrypted member;
#: zlib: a corrupt stream; XML: a broken sheet). Any of them means: this file cannot be read.
DAMAGED = (
    CalamineError,
    ZipError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    NotImplementedError,
    EOFError,
    OSError,
    ValueError,  # UnicodeDecodeError included
    ParseError,
)
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}


@dataclass(frozen=True)
class Limits:
    """What a file may hold before it is refused unread (configurable per deployment)."""

    max_bytes: int = 50 * 2**20  # the file as uploaded
    max_inflated_bytes: int = 500 * 2**20  # a zip workbook once expanded
    max_rows: int = 500_000  # per sheet
    max_cell_chars: int = 10_000
    #: What the reader's own process may take (a workbook's cells, as calamine holds them).
    max_memory_bytes: int = 4 * 2**30
    max_seconds: float = 300


DEFAULT_LIMITS = Limits()


@dataclass
class Sheet:
    """One sheet's cells as read (rows of values: str, float, int, bool, date, datetime or
    ``""``), text already repaired to Unicode."""

    name: str
    rows: list[list[Any]]
    #: How many text cells each legacy encoding explained, and how many stayed ambiguous.
    encodings: dict[str, int] = field(default_factory=dict)
    ambiguous_cells: int = 0
    #: Characters in the longest text cell.
    longest_text: int = 0
    #: (row index, column) of the cells that hold the value of a cell merged over them.
    merged: frozenset[tuple[int, int]] = frozenset()
    #: Hidden in the workbook: not seen by whoever checked it, so read only when asked for.
    hidden: bool = False


class UnreadableFile(Exception):
    """The file is not what its name says, or is damaged. ``vi``/``en`` say so."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi, self.en = vi, en


def _check_archive(path: Path, limits: Limits) -> None:
    """Refuse a zip workbook that would inflate beyond the limit, before reading it: the
    sizes its directory declares are checked, nothing is decompressed."""
    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except DAMAGED as exc:
        raise UnreadableFile(
            f"Tệp «{path.name}» không phải là bảng tính {path.suffix} hợp lệ (tệp nén hỏng "
            "hoặc bị cắt cụt).",
            f"File '{path.name}' is not a valid {path.suffix} workbook (a damaged or truncated "
            "archive).",
        ) from exc
    if inflated > limits.max_inflated_bytes:
        raise UnreadableFile(
            f"Tệp «{path.name}» giải nén ra {inflated // 2**20} MB, vượt giới hạn "
            f"{limits.max_inflated_bytes // 2**20} MB.",
            f"File '{path.name}' inflates to {inflated // 2**20} MB, beyond the "
            f"{limits.max_inflated_bytes // 2**20} MB limit.",
        )


def _check_sheet(path: Path, sheet: Sheet, limits: Limits) -> None:
    if len(sheet.rows) > limits.max_rows:
        raise UnreadableFile(
            f"Tệp «{path.name}», trang «{sheet.name}» có {len(sheet.rows)} dòng, vượt giới hạn "
            f"{limits.max_rows}.",
            f"File '{path.name}', sheet '{sheet.name}' has {len(sheet.rows)} rows, beyond the "
            f"limit of {limits.max_rows}.",
        )
    if sheet.longest_text <= limits.max_cell_chars:
        return
    for r, row in enumerate(sheet.rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                column = column_letter(c)
                raise UnreadableFile(
                    f"Tệp «{path.name}», trang «{sheet.name}», dòng {r}, cột {column}: ô dài "
                    f"{len(value)} ký tự, vượt giới hạn {limits.max_cell_chars}.",
                    f"File '{path.name}', sheet '{sheet.name}', row {r}, column {column}: "
                    f"a cell of {len(value)} characters, beyond the {limits.max_cell_chars} "
                    "limit.",
                )


def column_letter(index: int) -> str:
    """A sheet's column letter from its 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_ahead(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Begin parsing the workbook that :func:`read_spreadsheet` will read later (see
    :func:`calamine_process.begin`) if it passes what is checked before parsing; else do
    nothing: the read refuses it, saying why."""
    try:
        _check_before_parsing(path, limits)
        if _is_web_page(path):  # read as a page, not by calamine
            return
    except (UnreadableFile, *DAMAGED):
        return
    calamine_process.begin(path, max_memory=limits.max_memory_bytes)


def read_spreadsheet(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """Every sheet of an xlsx/xlsm/xls/ods workbook, with cached formula results (formulas are
    never evaluated). Files beyond the limits are refused before or while reading."""
    _check_before_parsing(path, limits)
    try:
        # What calamine does not tell is read from the file's XML on another thread while
        # calamine reads the sheets in a process of its own: an xlsx's failed formulas, an
        # ods's cells merged over rows.
        ods = path.suffix.lower() == ".ods"
        with ThreadPoolExecutor(1) as pool:
            untold = pool.submit(merged_ranges if ods else error_cells, path)
            parsed = calamine_process.parse(
                path, max_memory=limits.max_memory_bytes, max_seconds=limits.max_seconds
            )
            merges, errors = (untold.result(), {}) if ods else ({}, untold.result())
    except calamine_process.Failed as exc:
        raise UnreadableFile(
            f"Tệp «{path.name}» không đọc được như một bảng tính {path.suffix} (tệp hỏng, "
            f"không đúng định dạng hoặc quá lớn để đọc): {exc.reason}.",
            f"File '{path.name}' cannot be read as a {path.suffix} workbook (damaged, not "
            f"that format, or too large to read): {exc.reason}.",
        ) from exc
    except (*DAMAGED, RuntimeError) as exc:  # RuntimeError: zipfile's encrypted member
        raise UnreadableFile(
            f"Tệp «{path.name}» không đọc được như một bảng tính {path.suffix} (tệp hỏng hoặc "
            f"không đúng định dạng): {exc}.",
            f"File '{path.name}' cannot be read as a {path.suffix} workbook (damaged or not "
            f"that format): {exc}.",
        ) from exc
    sheets = []
    for part in parsed:
        rows, merged = _merged_down(part.rows, merges.get(part.name) or part.merged)
        rows = _with_errors(rows, errors.get(part.name, ()), part.values)
        sheet = _repaired(part.name, rows, merged, part.values)
        sheet.hidden = not part.visible
        sheets.append(sheet)
    for sheet in sheets:
        _check_sheet(path, sheet, limits)
    if not any(any(v not in ("", None) for row in s.rows for v in row) for s in sheets):
        raise UnreadableFile(
            f"Tệp «{path.name}» không có dữ liệu.", f"File '{path.name}' holds no data."
        )
    return sheets


def _check_before_parsing(path: Path, limits: Limits) -> None:
    """Refuse, unparsed, a file too large, a web page, a zip that inflates too far, a name
    that is no workbook's."""
    if path.stat().st_size > limits.max_bytes:
        raise UnreadableFile(
            f"Tệp «{path.name}» lớn hơn giới hạn {limits.max_bytes // 2**20} MB.",
            f"File '{path.name}' is larger than the {limits.max_bytes // 2**20} MB limit.",
        )
    if _is_xml_spreadsheet(path):
        raise UnreadableFile(
            f"Tệp «{path.name}» là một bảng tính XML 2003 (Excel 2003 XML), như một số phần "
            "mềm xuất ra: hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx.",
            f"File '{path.name}' is an XML Spreadsheet 2003, as some programs export: open it "
            "in Excel and save it again as .xlsx.",
        )
    if path.suffix.lower() in ZIP_SUFFIXES:
        _check_archive(path, limits)
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise UnreadableFile(
            f"Tệp «{path.name}»: chỉ nhận bảng tính .xlsx, .xlsm, .xls, .ods ở bước này.",
            f"File '{path.name}': only .xlsx, .xlsm, .xls and .ods workbooks are read here.",
        )


def _head(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()


def _is_web_page(path: Path) -> bool:
    """An HTML table saved under a workbook's name (web systems' "Excel" exports)."""
    head = _head(path)
    return head.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and (
        b"<html" in head or b"<table" in head
    )


def _is_xml_spreadsheet(path: Path) -> bool:
    """Excel 2003's XML under a workbook's name, which calamine does not read."""
    head = _head(path)
    return head.startswith(b"<?xml") and b"office:spreadsheet" in head


#: Cells a web page may lay out per row the sheet may have, its cells spanning several
#: counted once each (a row of 40 columns: 20 million for 500,000 rows, 160 MB of them).
CELLS_PER_ROW = 40
#: The character set a web page declares (``<meta charset="utf-8">``, ``content="text/html;
#: charset=windows-1258"``), in its first bytes.
_CHARSET = re.compile(rb"charset\s*+=\s*+[\"']?([a-z0-9_-]{1,40})", re.IGNORECASE)


def read_html(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """A web page exported as "Excel" (:mod:`importers.web_tables`), as one sheet named
    after the file, as Excel names it."""
    if path.stat().st_size > limits.max_bytes:
        raise UnreadableFile(
            f"Tệp «{path.name}» lớn hơn giới hạn {limits.max_bytes // 2**20} MB.",
            f"File '{path.name}' is larger than the {limits.max_bytes // 2**20} MB limit.",
        )
    data = path.read_bytes()
    text = None
    if declared := _CHARSET.search(data[:4096]):
        with contextlib.suppress(LookupError, UnicodeDecodeError):
            text = data.decode(declared.group(1).decode("ascii"))
    try:
        text = text if text is not None else decode_text(data)[0]
        rows, ranges = read_page(text, max_cells=limits.max_rows * CELLS_PER_ROW)
    except (DamagedText, TooLarge) as exc:
        raise UnreadableFile(
            f"Tệp «{path.name}» là một trang web (HTML) không đọc được thành bảng (tệp hỏng "
            "hoặc quá lớn): hãy mở tệp bằng Excel rồi lưu lại dạng .xlsx.",
            f"File '{path.name}' is a web page (HTML) that cannot be read as a table "
            "(damaged or too large): open it in Excel and save it again as .xlsx.",
        ) from exc
    rows, merged = _merged_down(rows, ranges)
    sheet = _repaired(path.stem[:31], rows, merged)
    _check_sheet(path, sheet, limits)
    if not any(any(v for v in row) for row in rows):
        raise UnreadableFile(
            f"Tệp «{path.name}» không có dữ liệu.", f"File '{path.name}' holds no data."
        )
    return [sheet]


def _merged_down(
    rows: list[list[Any]], ranges
) -> tuple[list[list[Any]], frozenset[tuple[int, int]]]:
    """The sheet's rows, a cell merged over several rows giving its value to each of them (a
    district merged beside its cooperatives, a cooperative beside its debts), and the cells
    so filled: a record merged over its own continuation rows must stay one record. (Merges
    across columns only, such as titles over their sub-titles, are left to the table
    finder.) ``ranges``: calamine's merges, or those read from an ods's XML."""
    filled = set()
    for (top, column), (bottom, _right) in ranges or ():
        if bottom > top and top < len(rows) and column < len(rows[top]):
            value = rows[top][column]
            for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
                if column < len(rows[r]) and rows[r][column] in ("", None):
                    rows[r][column] = value
                    filled.add((r, column))
    return rows, frozenset(filled)


def _with_errors(rows: list[list[Any]], errors, values: set) -> list[list[Any]]:
    """The rows with each failed formula's error text (``#N/A``) where calamine left the cell
    empty, so that the cleaners can say what the cell holds; added to the sheet's ``values``."""
    for row, column, text in errors:
        while len(rows) <= row:
            rows.append([])
        if len(rows[row]) <= column:
            rows[row].extend([""] * (column + 1 - len(rows[row])))
        if rows[row][column] in ("", None):
            rows[row][column] = text
            values.add(text)
    return rows


def _repaired(
    name: str,
    rows: list[list[Any]],
    merged: frozenset[tuple[int, int]] = frozenset(),
    values: set | None = None,
) -> Sheet:
    """The sheet with its text repaired in place. Cells repeat their values (a status, a
    commune, a cooperative), so each distinct text is repaired once, and texts that cannot
    change (ASCII with single spaces, most of a large sheet: codes, numbers as text) are
    not handed to the repair at all. ``values``: the sheet's distinct values, when the reader
    gathered them already. Short rows (CSV) are padded with empty cells to the sheet's
    width."""
    width = max(map(len, rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    texts = [
        v for v in (set().union(*rows) if values is None else values) if v.__class__ is str and v
    ]
    occurrences = _CellCounts(filterfalse(_settled, texts), rows)
    repaired, counts, ambiguous = repair_all(occurrences)
    changed = {text: fixed for text, fixed in repaired.items() if fixed != text}
    if changed:
        for row in rows:
            if not changed.keys().isdisjoint(row):
                row[:] = [changed.get(v, v) if v.__class__ is str else v for v in row]
    return Sheet(
        name=name,
        rows=rows,
        encodings=counts,
        ambiguous_cells=ambiguous,
        longest_text=max(map(len, texts), default=0),
        merged=merged,
    )


class _CellCounts(Mapping):
    """How many cells of ``rows`` hold each of ``texts``, counted when first asked: the repair
    asks only where a text reads as legacy-encoded (the count of cells tells the encodings
    apart), which most sheets never hold, and counting a large sheet's cells takes longer than
    repairing its distinct texts."""

    def __init__(self, texts: Iterable[str], rows: list[list[Any]]) -> None:
        self._texts = dict.fromkeys(texts)
        self._rows = rows
        self._counts: Counter | None = None

    def __getitem__(self, text: str) -> int:
        if text not in self._texts:
            raise KeyError(text)
        if self._counts is None:
            self._counts = Counter(chain.from_iterable(self._rows))
        return self._counts[text]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)


def _settled(text: str) -> bool:
    """A text the repair would leave as it is: ASCII, single spaces, none at its ends."""
    return text.isascii() and " ".join(text.split()) == text


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: UTF-8 (with or without BOM), UTF-16 by its BOM, else the
    single-byte code page that reads as the most plausible Vietnamese (Windows-1258, or
    Windows-1252 holding TCVN3/VNI text that :func:`repair` turns into Unicode later)."""
    from importers.legacy_text import decode_tcvn3, decode_vni, implausible

    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DamagedText(data, exc) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            raise DamagedText(data, exc) from exc
    candidates = []
    for encoding in ("cp1258", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = unicodedata.normalize("NFC", text[:20_000])  # cp1258 writes combining tones
        readings = [sample]
        if encoding != "cp1258":  # Latin-1 look-alikes of TCVN3 or VNI text, repaired later
            readings += [decode_vni(sample), decode_tcvn3(sample)]
        candidates.append((min(implausible(r) for r in readings), encoding, text))
    _score, encoding, text = min(candidates, key=lambda c: c[0])
    return text, encoding


class DamagedText(Exception):
    """UTF text with bytes that are not: a damaged file, not another encoding."""

    def __init__(self, data: bytes, error: UnicodeDecodeError) -> None:
        super().__init__(str(error))
        self.line = data.count(b"\n", 0, error.start) + 1
        self.encoding = error.encoding


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 text with a few damaged bytes, told from a legacy code page: many well-formed
    multi-byte letters, few bytes that are not."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    letters = sum(1 for char in text if ord(char) > 0x7F) - bad
    return letters >= 20 and bad * 20 <= letters


def read_csv(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """A CSV file as one sheet; encoding and delimiter (``,`` ``;`` tab ``|``) detected."""
    if path.stat().st_size > limits.max_bytes:
        raise UnreadableFile(
            f"Tệp «{path.name}» lớn hơn giới hạn {limits.max_bytes // 2**20} MB.",
            f"File '{path.name}' is larger than the {limits.max_bytes // 2**20} MB limit.",
        )
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableFile(
            f"Tệp «{path.name}» không phải là tệp văn bản CSV.",
            f"File '{path.name}' is not a CSV text file.",
        )
    try:
        text, _encoding = decode_text(data)
    except DamagedText as exc:
        raise UnreadableFile(
            f"Tệp «{path.name}», dòng {exc.line}: có byte không hợp lệ trong văn bản "
            f"{exc.encoding.upper()} (tệp hỏng). Hãy mở và lưu lại tệp, hoặc sửa dòng đó.",
            f"File '{path.name}', line {exc.line}: bytes that are not valid "
            f"{exc.encoding.upper()} text (a damaged file). Open and save it again, or mend "
            "that line.",
        ) from exc
    try:
        rows = [
            list(row)
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        ]
    except csv.Error as exc:  # a field beyond the module's limit, a NUL inside a field
        raise UnreadableFile(
            f"Tệp «{path.name}» không đọc được như CSV: {exc}. Một ô quá dài hoặc có ký tự "
            "không hợp lệ.",
            f"File '{path.name}' cannot be read as CSV: {exc}. A cell is too long or holds "
            "characters that are not allowed.",
        ) from exc
    sheet = _repaired(path.name, rows)  # a CSV's one sheet is the file itself
    _check_sheet(path, sheet, limits)
    if not any(any(v for v in row) for row in rows):
        raise UnreadableFile(
            f"Tệp «{path.name}» không có dữ liệu.", f"File '{path.name}' holds no data."
        )
    return [sheet]


def _delimiter(text: str) -> str:
    """The delimiter that splits the most of the first lines into the same number (two or
    more) of fields: title lines above the header have fewer, and a comma inside a decimal
    (``1,2 tỷ``) splits only the rows that hold one. (``csv.Sniffer`` took such commas for
    the delimiter of a tab-separated file.)"""
    sample = "\n".join(text.splitlines()[:50])
    best, best_score = ",", (0, 0)
    for candidate in ",;\t|":
        widths = Counter(
            len(row) for row in csv.reader(io.StringIO(sample), delimiter=candidate) if any(row)
        )
        width, lines = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        score = (lines, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = candidate, score
    return best


def read_any(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Sheet]:
    """The reader for the file's kind: workbooks through calamine, text through csv, a web
    page named as a workbook as Excel would open it."""
    if path.suffix.lower() in (".csv", ".txt"):
        return read_csv(path, limits)
    if _is_web_page(path):
        return read_html(path, limits)
    return read_spreadsheet(path, limits)
