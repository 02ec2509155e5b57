"""Cleaners: one raw cell in, one typed value out, one small function per kind of value.

Each returns the value (``None`` when the cell holds nothing) or raises :class:`CellProblem`
with a reason a clerk understands. A value that is present but cannot be trusted (a tax code
that lost digits in scientific notation) becomes ``None`` with an *issue* code instead of a
guess: see :func:`tax_code`.
"""

from __future__ import annotations

import contextlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from importers.formula_errors import UNCALCULATED
from registry.dates import latest_day
from registry.enums import (
    Counterparty,
    DatePrecision,
    DebtState,
    DissolutionKind,
    LandCertificate,
    LandOrigin,
    LegacyGrade,
    MemberType,
    OperatingState,
    PersonKind,
    Sector,
    Status,
)
from registry.text import fold

EXCEL_EPOCH = date(1899, 12, 30)
#: Cells that hold no value: signs, and words saying the figure was never given.
_BLANKS = {"", "-", "–", "—", "x", "không", "khong", "n/a"} | {
    said
    for words in ("chưa báo cáo", "không báo cáo", "chưa có số liệu", "không có số liệu")
    for said in (words, fold(words))
}


class CellProblem(ValueError):
    """A cell that cannot be read as the value its column holds."""

    def __init__(self, vi: str, en: str) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en


class UnknownWord(CellProblem):
    """A word of a vocabulary column (status, sector, member type…) the registry does not
    know. It never rejects a row: the field takes ``fallback`` (empty, or the schema's
    catch-all), the row is flagged for review, and the value is asked about once for the
    whole file; an answer (a code of ``choices``) is read through ``accept``."""

    def __init__(
        self,
        value: Any,
        what_vi: str,
        what_en: str,
        choices: type,
        *,
        fallback: Any = None,
        accept: Callable[[Any], Any] | None = None,
    ) -> None:
        super().__init__(f"Không hiểu {what_vi} «{value}».", f"Unknown {what_en} '{value}'.")
        self.value, self.choices, self.fallback = value, choices, fallback
        self.accept = accept or choices


#: Answers to unknown words for the file being read: (field, folded value) → code. Set by the
#: run (the preview's answers, ``--map``, a profile) around the reading.
ANSWERS: ContextVar[dict[tuple[str, str], str] | None] = ContextVar("answers", default=None)


#: The unknown words met while reading a file: (field, value as written) → rows.
UNKNOWN: ContextVar[Counter | None] = ContextVar("unknown", default=None)

#: The vocabulary columns whose unknown words may be answered, and the codes they take.
VOCABULARY: dict[str, type] = {
    "status": Status,
    "sector": Sector,
    "member_type": MemberType,
    "person_kind": PersonKind,
    "resolution": DebtState,
    "counterparty": Counterparty,
    "land_origin": LandOrigin,
    "land_certificate": LandCertificate,
    "grade": LegacyGrade,
}


def parse_answer(text: str) -> tuple[tuple[str, str], str]:
    """``status:HĐ kém hiệu quả=active`` → (("status", "hd kem hieu qua"), "active"); a
    :class:`ValueError` saying what is wrong otherwise."""
    field_name, _, rest = text.partition(":")
    value, _, code = rest.rpartition("=")
    choices = VOCABULARY.get(field_name.strip())
    if choices is None:
        raise ValueError(f"no vocabulary column '{field_name}' ({', '.join(VOCABULARY)})")
    codes = [m.value for m in choices]
    if not value.strip() or code.strip() not in codes:
        raise ValueError(f"'{text}': write COLUMN:VALUE=CODE, CODE one of {', '.join(codes)}")
    return (field_name.strip(), fold(value)), code.strip()


def answered(field: str, value: Any) -> str | None:
    """The code a person gave for ``value`` in ``field``, if any."""
    return (ANSWERS.get() or {}).get((field, fold(str(value))))


@dataclass(frozen=True)
class Flagged:
    """A value with an issue to show the clerk (the value may be None)."""

    value: Any
    issue: str | None = None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


#: What Excel shows in a cell whose formula failed (a VLOOKUP that found nothing: ``#N/A``).
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


#: LibreOffice's own error codes, in the files it saves: ``Err:502``.
_CALC_ERROR = re.compile(r"Err:\d{3}")


def formula_error(value: Any) -> CellProblem | None:
    """The problem of a cell holding a formula's error, or a formula never computed
    (:data:`importers.formula_errors.UNCALCULATED`), instead of a value; else None."""
    if value.__class__ is not str or ("#" not in value and "Err:" not in value):
        return None
    if value == UNCALCULATED:
        return CellProblem(
            "Ô có công thức chưa được tính (tệp được lưu bởi phần mềm không tính công thức): "
            "hãy mở tệp bằng Excel hoặc LibreOffice rồi lưu lại.",
            "The cell holds a formula whose result was never computed (the file was saved by "
            "a program that does not calculate): open it in Excel or LibreOffice and save it "
            "again.",
        )
    if value.strip().upper() in EXCEL_ERRORS or _CALC_ERROR.fullmatch(value.strip()):
        return CellProblem(
            f"Ô có lỗi công thức «{value.strip()}», không có giá trị: hãy sửa công thức "
            "hoặc gõ giá trị trong tệp gốc.",
            f"The cell holds a formula error '{value.strip()}', not a value: fix the "
            "formula or type the value in the original file.",
        )
    return None


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and _text(value).casefold() in _BLANKS)


# --- numbers and money --------------------------------------------------------------------

_UNITS = (  # longest first; folded words (a dot folds to a space: ``tr.đ`` is ``tr d``)
    ("tram trieu dong", 10**8),
    ("tram trieu", 10**8),
    ("tram nghin", 10**5),
    ("tram ngan", 10**5),
    ("ty dong", 10**9),
    ("ty d", 10**9),
    ("ty", 10**9),
    ("ti dong", 10**9),  # tỉ: the other spelling of tỷ
    ("ti", 10**9),
    ("trieu dong", 10**6),
    ("trieu d", 10**6),
    ("trieu", 10**6),
    ("tr d", 10**6),
    ("trd", 10**6),
    ("tr", 10**6),
    ("nghin dong", 10**3),
    ("ngan dong", 10**3),
    ("nghin d", 10**3),
    ("ngan d", 10**3),
    ("nghin", 10**3),
    ("ngan", 10**3),
    ("k", 10**3),
    ("vnd", 1),
    ("dong", 1),
    ("d", 1),
)
_NUMBER = re.compile(r"^-?\d[\d.,]*$")


def _finite(value: Any) -> Any:
    """``value``, unless it is a number no cell can mean (infinity, not-a-number: what a
    spreadsheet's overflow leaves)."""
    if isinstance(value, float) and not math.isfinite(value):
        raise CellProblem("Không phải là số.", "Not a number.")
    return value


def number(value: Any) -> Decimal | None:
    """``1.250.000`` = 1250000, ``1.600,5`` = 1600.5, ``2,5`` = 2.5, ``2.5`` = 2.5 (a dot
    followed by other than groups of three digits is a decimal point), floats as they are."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellProblem("Không phải là số.", "Not a number.")
    if isinstance(value, int | float):
        return Decimal(repr(_finite(value))) if isinstance(value, float) else Decimal(value)
    text = _text(value).replace(" ", "")
    if re.match(r"\+\d", text):  # a profit written with its sign: "+120"
        text = text[1:]
    if re.fullmatch(r"-?\d+([.,]\d+)?[eE][+-]?\d+", text):  # scientific notation as text
        return Decimal(text.replace(",", "."))
    if not _NUMBER.match(text):
        raise CellProblem(f"«{value}» không phải là số.", f"'{value}' is not a number.")
    if "," in text and "." in text:
        if text.rfind(".") > text.rfind(","):  # 1,250,000.50: written the English way
            text = text.replace(",", "")
        else:
            text = text.replace(".", "").replace(",", ".")
    elif "," in text:
        parts = text.split(",")
        text = (
            text.replace(",", "")
            if all(len(p) == 3 for p in parts[1:]) and len(parts) > 2
            else text.replace(",", ".")
        )
    elif text.count(".") > 1 or re.fullmatch(r"-?\d{1,3}\.\d{3}", text):
        text = text.replace(".", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise CellProblem(f"«{value}» không phải là số.", f"'{value}' is not a number.") from exc


def _split_unit(value: Any) -> tuple[Any, int | None]:
    """``'1,2 tỷ'`` → ``('1,2', 10**9)``; a cell without a unit word → ``(value, None)``.
    Words before the amount go (``khoảng 5 triệu``); two amounts (``đăng ký 5tr, đã góp
    3tr``: it read as 5,3 triệu) are no amount."""
    if not isinstance(value, str):
        return value, None
    folded = fold(value)
    for word, factor in _UNITS:
        if folded.endswith(" " + word) or (
            folded.endswith(word) and folded[: -len(word)].rstrip()[-1:].isdigit()
        ):
            if len(_DIGIT_RUNS.findall(value)) > 1:
                return value, None
            digits = re.sub(r"[^\d.,\-]", "", value[: len(value.rstrip()) - 0])
            return digits, factor
    return value, None


_UNIT_WORDS = {word for word, _factor in _UNITS}

#: Runs of a number's digits and separators (``5.000.000``, ``5 000 000``, ``1,5``).
_DIGIT_RUNS = re.compile(r"\d[\d.,\s]*+")
#: An amount in words, unit by unit, read from text folded but for its separators:
#: ``1 tỷ 5 triệu``, ``150 triệu 500 nghìn``.
_PART_IN_WORDS = re.compile(r"(?<![\d.,])(\d[\d.,]*+)\s*+(ty|ti|trieu|tr|nghin|ngan)\b")
_WORD_FACTORS = {"ty": 10**9, "ti": 10**9, "trieu": 10**6, "tr": 10**6}
_WORD_FACTORS |= {"nghin": 10**3, "ngan": 10**3}


def _in_words(value: str) -> int | None:
    """``1 tỷ 5 triệu`` → 1.005.000.000 (it read as 15 triệu, the digits run together); None
    unless the text is two or more amounts, each with its unit, the larger first, and
    nothing else but đồng."""
    text = "".join(
        c
        for c in unicodedata.normalize("NFD", value.lower().replace("đ", "d"))
        if not unicodedata.combining(c)
    )
    parts = _PART_IN_WORDS.findall(text)
    factors = [_WORD_FACTORS[word] for _digits, word in parts]
    rest = _PART_IN_WORDS.sub(" ", text).split()
    if len(parts) < 2 or factors != sorted(set(factors), reverse=True):
        return None
    if rest not in ([], ["dong"], ["d"], ["vnd"]):
        return None
    return int(
        sum(
            number(digits) * factor
            for digits, factor in zip((d for d, _w in parts), factors, strict=True)
        )
    )


#: Spoken shorthand, folded: ``3tr5`` is 3,5 triệu, ``1 ty 2`` is 1,2 tỷ.
_SHORTHAND = re.compile(r"^(\d+)\s*(ty|ti|tr|trieu)\s*(\d{1,3})$")


#: A note in brackets after a value (``1.500.000 (đã góp đủ)``, an ID's ``(cũ: 230456789)``),
#: and a currency written before an amount (``VNĐ 1.500.000``: its unit, moved after it).
_NOTE_AFTER = re.compile(r"(?<!\s)\s*\((?=[^()]*[^\d\s.,()])[^()]*\)\s*$")
_CURRENCY_FIRST = re.compile(r"^\s*(?:vnđ|vnd|đ)\s*(?=\d)(.*)$", re.I | re.S)


def _plain_amount(text: str) -> str:
    """The amount of a cell without the note after it (``1.500.000 (đã góp đủ)``), but for a
    note that is its unit (``3.000 (triệu)``: it read as 3.000 đồng), and without the
    currency before it (``VNĐ 1.500.000``)."""
    if note := _NOTE_AFTER.search(text):
        inside = fold(note.group()).strip()
        text = (text[: note.start()] + (f" {inside}" if inside in _UNIT_WORDS else "")) or text
    if m := _CURRENCY_FIRST.match(text):
        text = f"{m.group(1)} đ"
    return text


def _vnd(value: Any, unit: int) -> int | None:
    """``value`` without the words around it (:func:`_plain_amount`)."""
    if is_blank(value):
        return None
    if isinstance(value, str) and (total := _in_words(value)) is not None:
        return total
    if isinstance(value, str) and (m := _SHORTHAND.match(fold(value))):
        whole, word, tenths = m.groups()
        factor = 10**9 if word in ("ty", "ti") else 10**6
        return int(Decimal(f"{whole}.{tenths}") * factor)
    raw, own = _split_unit(value)
    if (own or unit) == 1 and isinstance(raw, str) and _COMMA_THOUSANDS.fullmatch(raw.strip()):
        raw = raw.replace(",", "")  # no amount of đồng has thousandths: 12,000 is 12.000
    amount = number(raw)
    if amount is None:
        return None
    vnd = int((amount * (own or unit)).to_integral_value())
    if abs(vnd) > MAX_VND:
        raise CellProblem(f"Số tiền quá lớn: «{value}».", f"Amount too large: '{value}'.")
    return vnd


#: A whole number of đồng written with a comma between its thousands, as web systems and
#: spreadsheets set to English write it (``12,000``): read as Vietnamese, a decimal comma, it
#: was 12 đồng. Only where the amount is in đồng; ``1,500`` triệu is 1,5 triệu.
_COMMA_THOUSANDS = re.compile(r"\d{1,3},\d{3}")
#: The largest amount a money column holds (a 64-bit integer of đồng, with room to add).
MAX_VND = 10**18


def money(value: Any, unit: int = 1) -> int | None:
    """Whole đồng. The cell's own unit (``tỷ``, ``triệu``, ``tr``, ``nghìn``, ``đ``) wins over
    the table's unit note ``unit``; half a đồng rounds to the nearest. A negative amount,
    ``-1.500`` or in brackets as accountants write it, is refused."""
    vnd = signed_money(value, unit)
    if vnd is not None and vnd < 0:
        raise CellProblem(f"Số tiền âm: «{value}».", f"Negative amount: '{value}'.")
    return vnd


#: What was paid of a contribution, said beside what was pledged: ``5 triệu (đã góp 3
#: triệu)``, ``đăng ký 5tr, thực góp 3tr``.
_PAID = re.compile(
    r"\b(?:đã|thực|da|thuc)\s++(?:góp|gop)\b\s*+:?\s*+(\d[\d.,]*+"
    r"(?:\s*+(?:tỷ|tỉ|triệu|tr|nghìn|ngàn|đồng|đ|ty|ti|trieu|nghin|ngan|dong|d)\b"
    r"|(?!\s*+[^\W\d_])))",  # a unit, or no word at all: "3 lần" is no amount
    re.IGNORECASE,
)
#: Nothing paid yet: ``5 triệu (chưa góp)``.
_UNPAID = re.compile(r"\bchua gop\b")


def contributed(value: Any, unit: int = 1) -> int | None:
    """Capital paid in, whole đồng: where a cell says what was paid beside what was pledged
    (``5 triệu (đã góp 3 triệu)``, ``Đăng ký 5tr, thực góp 3tr``), what was paid (the pledge
    was read, or the cell refused as two amounts); nothing where it says none was (``5 triệu
    (chưa góp)``); else the amount (:func:`money`)."""
    if isinstance(value, str):
        if paid := _PAID.search(unicodedata.normalize("NFC", value)):
            return money(paid.group(1), unit)
        if _UNPAID.search(fold(value)):
            return None
    return money(value, unit)


#: A loss or a profit said in words before the amount: ``Lỗ 15``, ``lãi 20 triệu``.
_LOSS_OR_PROFIT = re.compile(r"^\s*+(lỗ|lổ|lãi)\s*+:?\s*+(.*)", re.IGNORECASE | re.DOTALL)


def signed_money(value: Any, unit: int = 1) -> int | None:
    """A profit or a loss: ``-564,6``, ``Lỗ 564,6``, ``564,6 (lỗ)`` or, as accountants write
    a loss, ``(564,6)``."""
    if isinstance(value, str) and (said := _LOSS_OR_PROFIT.fullmatch(value) or _said_after(value)):
        word, amount = said.groups() if isinstance(said, re.Match) else said
        try:
            vnd = money(amount, unit)
        except CellProblem:
            vnd = None
        if vnd is None:
            raise CellProblem(f"«{value}» không phải là số.", f"'{value}' is not a number.")
        return vnd if fold(word) == "lai" else -vnd
    if isinstance(value, str):
        value = _plain_amount(value)
    if isinstance(value, str) and (inner := re.fullmatch(r"\s*\((.*)\)\s*", value)):
        vnd = _vnd(_plain_amount(inner.group(1)), unit)
        if vnd is not None and vnd < 0:  # "(-5)": no reading is safe
            raise CellProblem(f"«{value}» không phải là số.", f"'{value}' is not a number.")
        return -vnd if vnd is not None else None
    return _vnd(value, unit)


#: A year that broke even, as a profit column writes it: ``Hòa vốn``, ``Không lãi, không lỗ``.
_BROKE_EVEN = frozenset({"hoa von", "khong lai khong lo", "khong lo khong lai"})


def profit(value: Any, unit: int = 1) -> int | None:
    """A year's profit or loss (:func:`signed_money`); 0 where the cell says the year broke
    even (the row was refused: "not a number")."""
    if isinstance(value, str) and " ".join(fold(value).replace(",", " ").split()) in _BROKE_EVEN:
        return 0
    return signed_money(value, unit)


def _said_after(text: str) -> tuple[str, str] | None:
    """``('lỗ', '564,6')`` of ``564,6 (lỗ)`` or ``564,6 lỗ``: the word after the amount (cut
    off by hand, not by a pattern: a run of spaces before it would make one quadratic)."""
    body = text.rstrip()
    closed = body.endswith(")")
    body = body.removesuffix(")").rstrip()
    for word in ("lỗ", "lổ", "lãi"):
        if body.lower().endswith(word):
            amount = body[: -len(word)].rstrip()
            if closed and not amount.endswith("("):
                return None
            return word, amount.removesuffix("(").rstrip()
    return None


def yearly_money(value: Any, unit: int = 1) -> int | None:
    """An amount per year; a cell that says it is per month (``4,5 tr/tháng``) counts 12."""
    if isinstance(value, str) and (per := re.search(r"/\s*(\w+)\s*$", value)):
        months = 12 if fold(per.group(1)) == "thang" else 1
        vnd = money(value[: per.start()], unit)
        return vnd * months if vnd is not None else None
    return money(value, unit)


#: Words a count may carry, folded: ``33 TV``, ``104 thành viên``, ``12 người``, ``12 hộ``; a
#: union's members are cooperatives (``5 HTX``), a workers' count says ``lao động``.
_COUNT_WORDS = {
    "",
    "tv",
    "thanh vien",
    "nguoi",
    "xa vien",
    "ho",
    "htx",
    "hop tac xa",
    "to chuc",
    "lao dong",
    "ld",
    "ho thanh vien",
    "htx thanh vien",
    "hop tac xa thanh vien",
    "to chuc thanh vien",
}


#: The largest count of members or workers one organisation's row may give (the largest
#: people's credit funds count tens of thousands): beyond it, a slip, and beyond what the
#: database's integer columns hold.
MAX_COUNT = 1_000_000


def count(value: Any) -> int | None:
    """``33``, ``'33 TV'``, ``'104 thành viên'``, ``'1.320 người'``, ``'12 (trong đó 3 nữ)'``,
    ``'33 TV chính thức'``, ``'25 HTX thành viên'``, ``'33,0'`` → int."""
    if is_blank(value):
        return None
    if isinstance(value, str):
        text = re.sub(r"\([^()]*\)\s*$", "", value).strip()  # "12 (trong đó 3 nữ)"
        match = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})+|\d+)(?:[.,]0{1,2})?\s*(.*)", text)
        words = fold(match.group(2)).removesuffix("chinh thuc").strip() if match else None
        if words not in _COUNT_WORDS:
            raise CellProblem(f"«{value}» không phải là số lượng.", f"'{value}' is not a count.")
        value = re.sub(r"[.,]", "", match.group(1))  # 1.320 thành viên: thousands
    amount = number(value)
    if amount != amount.to_integral_value() or amount < 0:
        raise CellProblem(f"«{value}» không phải là số lượng.", f"'{value}' is not a count.")
    if amount > MAX_COUNT:
        raise CellProblem(
            f"Số lượng quá lớn cho một tổ chức: «{value}».",
            f"Too large a count for one organisation: '{value}'.",
        )
    return int(amount)


#: An amount and its unit in an area cell (``ha``, ``hecta``, ``m2``, ``m²``, ``mét vuông``).
_AREA_PART = re.compile(
    r"(\d{1,3}(?:\s\d{3})+(?:[.,]\d+)?|\d[\d.,]*)"  # 1 200 (spaced thousands) or 1.200,5
    r"\s*(ha|hecta|héc\s*ta|hec\s*ta|m\s*[2²]|mét\s*vuông|met\s*vuong)?",
    re.IGNORECASE,
)


_UNIT_IN_BRACKETS = re.compile(r"\(\s*+(ha|m2|m²)\s*+\)\s*+$", re.IGNORECASE)
#: What the land is, written after its area's unit: ``2 ha đất``, ``500 m2 đất ở``.
_AREA_WORDS_AFTER = re.compile(r"(?<=ha|m2|m²)\s++đất\b[^\d]*+$", re.IGNORECASE)


def area_m2(value: Any, bare_unit_m2: int = 1) -> float | None:
    """``'2,5 ha'``, ``'0,5 hecta'``, ``'25.000 m2'``, ``'850 m²'``, ``'3 ha 500 m2'``,
    ``'2,5 ha + 300 m2'``, ``5000`` → m²; a note in brackets after it (``2 ha (thuê)``) and
    what the land is (``500 m2 đất ở``) left out. A number without a unit is in
    ``bare_unit_m2`` (10 000 under a header reading ``Diện tích (ha)``)."""
    if is_blank(value):
        return None
    if not isinstance(value, str):
        amount = number(value)
        return None if amount is None else float(amount * bare_unit_m2)
    text = _UNIT_IN_BRACKETS.sub(r" \1", _text(value))  # "2 (ha)": its unit, not a note
    text = _AREA_WORDS_AFTER.sub("", _NOTE_AFTER.sub("", text)).replace("+", " ")
    parts = list(_AREA_PART.finditer(text))
    if not parts or "".join(p.group(0) for p in parts).replace(" ", "") != text.replace(" ", ""):
        if re.search(r"\b(?:sao|cong|mau)\b", fold(text)):
            raise CellProblem(
                f"«{value}»: sào, công và mẫu không cùng diện tích ở mọi nơi (một sào 360, 500 "
                "hay 1.000 m²); hãy ghi diện tích bằng m² hoặc ha.",
                f"'{value}': a sào, công or mẫu is not the same area everywhere (a sào is 360, "
                "500 or 1,000 m²); write the area in m² or ha.",
            )
        raise CellProblem(f"«{value}» không phải là diện tích.", f"'{value}' is not an area.")
    total = Decimal(0)
    for part in parts:
        unit = fold(part.group(2) or "").replace(" ", "")
        factor = 10_000 if unit in ("ha", "hecta") else 1 if unit else bare_unit_m2
        total += (number(part.group(1)) or 0) * factor
    return float(total)


# --- dates --------------------------------------------------------------------------------

_DAY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")  # as the registry's own export writes it
_MONTH = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")
#: A time after a date, as a date cell saved as text shows it (``15/3/2019 0:00:00``).
_TIME = re.compile(
    r"(?:(?<!\s)\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*(?:AM|PM|SA|CH))?$", re.I
)
#: A year, also as its beginning, middle or end, or a quarter of it (``đầu năm 2018``,
#: ``Quý I/2018``): all the cell tells for sure is the year.
_YEAR = re.compile(
    r"^(?:(?:dau|giua|cuoi)\s+|(?:quy|q)\s*(?:[1-4]|i{1,3}|iv)\s+)?(?:nam\s*)?(\d{4})$"
)
# In words, folded: ``ngày 15 tháng 3 năm 2019``, ``tháng 3/2019``, ``T3/2019``.
_WORDY_DAY = re.compile(r"^(?:ngay\s*)?(\d{1,2})\s+thang\s*(\d{1,2})\s+nam\s*(\d{4})$")
#: Words around a date that say nothing more: ``Ngày 15/3/2019``, ``Từ 2016``, ``15/3/2019
#: (theo ĐKKD)``.
_AROUND_DATE = re.compile(
    r"^(?:(?:kể từ|ke tu|từ|tu)\s++(?=\d|ngày|ngay|tháng|thang|năm|nam)|(?:ngày|ngay)\s++(?=\d))"
    r"|(?<!\s)\s*\([^()]*\)$",
    re.IGNORECASE,
)
#: A year with a thousands separator, as a number cell exported to text writes it (``2.018``).
_GROUPED_YEAR = re.compile(r"^([12])[.,](\d{3})$")
_WORDY_MONTH = re.compile(r"^(?:thang|th|t)\s*(\d{1,2})\s+(?:nam\s*)?(\d{4})$")
#: A date as an English-language Excel writes it into text: ``15-Mar-2018``, ``Mar 15, 2018``,
#: ``March 2018`` (folded: the signs are spaces).
_ENGLISH_DAY = re.compile(r"^(\d{1,2}) ([a-z]{3,9}) (\d{4})$|^([a-z]{3,9}) (\d{1,2}) (\d{4})$")
_ENGLISH_MONTH = re.compile(r"^([a-z]{3,9}) (\d{4})$")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NAMES = {
    name: n
    for n, full in enumerate(_MONTHS, 1)
    for name in (full, full[:3], *(("sept",) if n == 9 else ()))
}
#: Excel serials taken as dates: 3/10/1954 to 2100. A smaller number in a date column is
#: a slip (``2103`` for a year), not a day of 1905.
SERIALS = (20_000, 73_050)
_SERIAL = re.compile(r"^\d{5}$")  # a serial written as text (a CSV saved from a sheet)


#: The dates the files give are of past events (a founding, a joining, a debt, a meeting, a
#: birth), none before this.
EARLIEST = date(1900, 1, 1)


def partial_date(value: Any) -> tuple[date, DatePrecision] | None:
    """A date and how much of it the cell gave: Excel dates and serials (also as text),
    ``dd/mm/yyyy`` (also with dots or dashes, or a time after it), ISO, ``mm/yyyy``, ``yyyy``,
    ``năm yyyy`` (also ``2.019``, a number exported with its separator), and in words: ``ngày
    15 tháng 3 năm 2019``, ``tháng 3/2019``, ``Th3/2019``, ``đầu năm 2019``, ``Quý I/2019``
    (the year). A date in the
    future or before 1900 is refused: it is a typing slip (``2103``), not a fact; so is a
    month-first date (``03/15/2019``), which a day-first reading would get wrong."""
    found = _read_date(value)
    if found is not None and not EARLIEST <= found[0] <= date.today():
        raise CellProblem(
            f"Ngày không hợp lý (ở tương lai hoặc trước năm 1900): «{value}».",
            f"An implausible date (in the future or before 1900): '{value}'.",
        )
    return found


def _read_date(value: Any) -> tuple[date, DatePrecision] | None:
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date(), DatePrecision.DAY
    if isinstance(value, date):
        return value, DatePrecision.DAY
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1900 <= value <= 2100 and value == int(value):
            return date(int(value), 1, 1), DatePrecision.YEAR
        if SERIALS[0] <= value <= SERIALS[1]:
            return EXCEL_EPOCH + timedelta(days=int(value)), DatePrecision.DAY
        raise CellProblem(f"«{value}» không phải là ngày.", f"'{value}' is not a date.")
    plain = _AROUND_DATE.sub("", _text(value))
    text = _TIME.sub("", plain).replace(" ", "")
    try:
        if m := _DAY.match(text):
            if int(m[2]) > 12 >= int(m[1]):
                raise CellProblem(
                    f"Ngày ghi tháng trước ngày (kiểu Mỹ)? «{value}»: hãy ghi ngày/tháng/năm.",
                    f"A month-first (US) date? '{value}': write day/month/year.",
                )
            return date(_full_year(m[3]), int(m[2]), int(m[1])), DatePrecision.DAY
        if m := _ISO.match(text):
            return date(int(m[1]), int(m[2]), int(m[3])), DatePrecision.DAY
        if m := _MONTH.match(text):
            return date(int(m[2]), int(m[1]), 1), DatePrecision.MONTH
        if m := _ISO_MONTH.match(text):
            return date(int(m[1]), int(m[2]), 1), DatePrecision.MONTH
        if m := _GROUPED_YEAR.match(text):
            return date(int(m[1] + m[2]), 1, 1), DatePrecision.YEAR
        words = fold(plain)
        if m := _YEAR.match(words):
            return date(int(m[1]), 1, 1), DatePrecision.YEAR
        if m := _WORDY_DAY.match(words):
            return date(int(m[3]), int(m[2]), int(m[1])), DatePrecision.DAY
        if m := _WORDY_MONTH.match(words):
            return date(int(m[2]), int(m[1]), 1), DatePrecision.MONTH
        if (m := _ENGLISH_DAY.match(words)) and (month := _MONTH_NAMES.get(m[2] or m[4])):
            return date(int(m[3] or m[6]), month, int(m[1] or m[5])), DatePrecision.DAY
        if (m := _ENGLISH_MONTH.match(words)) and (month := _MONTH_NAMES.get(m[1])):
            return date(int(m[2]), month, 1), DatePrecision.MONTH
        if _SERIAL.match(text) and SERIALS[0] <= int(text) <= SERIALS[1]:
            return EXCEL_EPOCH + timedelta(days=int(text)), DatePrecision.DAY
    except CellProblem:
        raise
    except ValueError as exc:
        raise CellProblem(f"Ngày không có thật: «{value}».", f"No such date: '{value}'.") from exc
    raise CellProblem(f"«{value}» không phải là ngày.", f"'{value}' is not a date.")


#: A member's joining "at the founding" (``Sáng lập``, ``Từ khi thành lập``): the day their
#: cooperative was founded, which the registry may know (:func:`joined`).
AT_FOUNDING = "at_founding"
_FOUNDING_WORDS = frozenset(
    {"sang lap", "thanh lap", "tu khi thanh lap", "tu ngay thanh lap", "tu dau", "ban dau"}
)


def joined(value: Any) -> tuple[date, DatePrecision] | str | None:
    """The day a member joined (:func:`partial_date`), or :data:`AT_FOUNDING` where the cell
    says they were there from the founding (``Sáng lập``): it was refused as no date."""
    if (
        isinstance(value, str)
        and not value[:1].isdigit()  # most cells: a date, not words
        and fold(value).removeprefix("tv ") in _FOUNDING_WORDS
    ):
        return AT_FOUNDING
    return partial_date(value)


def _full_year(year: str) -> int:
    """``2019`` as it is; ``19`` in this century unless that is still to come (``98``: 1998)."""
    if len(year) == 4:
        return int(year)
    century = date.today().year // 100 * 100
    return (
        century + int(year)
        if century + int(year) <= date.today().year
        else century - 100 + int(year)
    )


def iso_partial(result: tuple[date, DatePrecision] | None) -> str | None:
    if result is None:
        return None
    day, precision = result
    return {DatePrecision.YEAR: f"{day.year:04d}", DatePrecision.MONTH: day.strftime("%Y-%m")}.get(
        precision, day.isoformat()
    )


# --- identifiers --------------------------------------------------------------------------


#: A label typed before a code: ``MST: 59…``, ``Số ĐKKD 39…``, ``CMND 230…``, ``Số CCCD: 064…``.
_CODE_LABEL = re.compile(
    r"(?i)^(mst|ma so thue|mã số thuế|mã số htx|số đkkd|so dkkd|(?:số\s*)?(?:cmnd|cccd))\s*:?\s*"
)
_SEPARATORS = re.compile(r"[\s.\-']")


def _digits_of(value: Any) -> str:
    if isinstance(_finite(value), float):
        return str(int(value)) if value == int(value) else repr(value)
    if isinstance(value, int):
        return str(value)
    return _SEPARATORS.sub("", _CODE_LABEL.sub("", _text(value)))


def _without_old(value: Any) -> Any:
    """A code without the old one noted after it (``5900123456 (cũ: 3901234567)``,
    ``(MST trước đây …)``): the current one is the code."""
    if (
        isinstance(value, str)
        and (m := _NOTE_AFTER.search(value))
        and _OLD.search(fold(m.group(0)))
    ):
        return value[: m.start()]
    return value


_OLD = re.compile(r"\b(?:cu|truoc day)\b")


def tax_code(value: Any) -> Flagged:
    """A 10-digit tax code (mã số HTX). A number that lost digits in scientific notation, or a
    code of the wrong length, is not guessed: ``None`` with an issue. A number cell of nine
    digits lost its leading 0, which is put back (and said). An old code noted after it goes."""
    value = _without_old(value)
    if is_blank(value):
        return Flagged(None)
    if isinstance(value, str) and re.search(r"\d[.,]\d+\s*[eE]\+?\d", value):
        return Flagged(None, "tax_code_lost_precision")
    if isinstance(value, str) and re.fullmatch(r"\s*\d{10}\s*-\s*\d{3}\s*", value):
        return Flagged(None, "tax_code_of_a_branch")  # a dependent unit's: 10 digits, -, 3
    digits = _digits_of(value)
    if isinstance(value, str) and not re.search(r"\d", value):
        return Flagged(None)  # words saying there is none: "Chưa có", "Đang làm thủ tục"
    if not digits.isdigit():
        return Flagged(None, "tax_code_not_digits")
    if len(digits) == 9 and isinstance(value, int | float) and not isinstance(value, bool):
        # A number cell cannot hold the leading 0 of 01…–09… codes: it is certain it was one.
        return Flagged("0" + digits, "tax_code_leading_zero_restored")
    if len(digits) != 10:
        return Flagged(None, "tax_code_invalid_length")
    return Flagged(digits)


#: Numbers in a cell, each possibly written with dots or spaces inside (``39.07.000.123``).
_NUMBERS_IN_CELL = re.compile(r"\d[\d. ]{7,}\d")


def registration_number(value: Any) -> tuple[str | None, str | None, str | None]:
    """``(tax_code, certificate_number, issue)`` from a cell that may hold either. Old
    certificate (ĐKKD) numbers are written 39.07.NNN.NNN (province 39, type 07) and start with
    3907 once the dots are gone; tax codes of Gia Lai start with 59. An old code noted after
    the current one goes."""
    value = _without_old(value)
    if is_blank(value):
        return None, None, None
    if isinstance(value, str) and len(parts := _NUMBERS_IN_CELL.findall(value)) > 1:
        # Both in one cell: "5900123456 (ĐKKD 39.07.000.123)", "5900123456/3907000123".
        read = [registration_number(part) for part in parts]
        codes = [code for code, _c, _i in read if code]
        certificates = [certificate for _t, certificate, _i in read if certificate]
        if len(codes) <= 1 and len(certificates) <= 1 and codes + certificates:
            return (codes or [None])[0], (certificates or [None])[0], None
    digits = _digits_of(value)
    if digits.startswith("3907") and digits.isdigit():
        return None, digits, None
    flagged = tax_code(value)
    return flagged.value, None, flagged.issue


#: Where an ID number's issuance is told after it: ``, cấp ngày …``, ``ngày cấp …``, ``nơi cấp``.
_ISSUED = re.compile(
    r"(?<![\s,;])[,;]?\s*+\b(?:cấp|cap|ngày cấp|ngay cap|nơi cấp|noi cap|nc)\b", re.IGNORECASE
)


def id_number(value: Any) -> str | None:
    """CCCD (12 digits), CMND (9) or a legal entity's tax code (10), leading zeros kept."""
    if value.__class__ is str and value.isascii() and value.lstrip("'").isdigit():
        digits = value.lstrip("'")  # most cells: digits as text, maybe after an apostrophe
    elif is_blank(value):
        return None
    elif isinstance(value, str) and re.search(r"\d[.,]\d+\s*[eE]\+?\d", value):
        raise CellProblem(
            f"Số định danh đã mất chữ số khi Excel viết nó dạng khoa học: «{value}»; hãy gõ lại "
            "số đúng (định dạng ô là Văn bản).",
            f"The ID number lost digits when Excel wrote it in scientific notation: "
            f"'{value}'; type the right number again (cell format Text).",
        )
    else:  # a note in brackets after it goes: "064097057340 (cũ: 230456789)"; so does where
        # and when it was issued: "230456789, cấp ngày 12/3/2005 tại CA Gia Lai"
        if isinstance(value, str):
            value = _ISSUED.split(_NOTE_AFTER.sub("", value), maxsplit=1)[0]
        digits = _digits_of(value)
        digits = digits.lstrip("'")
    if not digits.isdigit():
        raise CellProblem(
            f"Số định danh không hợp lệ: «{value}».", f"Invalid ID number: '{value}'."
        )
    if isinstance(value, int | float) and len(digits) in (8, 11):
        digits = "0" + digits  # a number cell lost the leading zero of a CMND or CCCD
    if len(digits) not in (9, 10, 12):
        raise CellProblem(
            f"Số định danh phải có 9, 10 hoặc 12 chữ số: «{value}».",
            f"An ID number has 9, 10 or 12 digits: '{value}'.",
        )
    return digits


def phones(value: Any) -> list[str]:
    """Every phone number in a cell, as digits with the leading 0 (``+84`` → ``0``)."""
    if is_blank(value):
        return []
    if isinstance(_finite(value), int | float):
        parts = [str(int(value))]
    else:  # a line break in the cell (Alt+Enter) separates numbers too
        parts = re.split(r"[/;,\n]|\s{2,}|\s-\s|\bvà\b", str(value))
    numbers = []
    for part in parts:
        digits = re.sub(r"\D", "", part.replace("+84", "0"))
        if not digits:
            continue
        if digits.startswith("84") and len(digits) == 11:
            digits = "0" + digits[2:]
        if len(digits) == 9:
            digits = "0" + digits
        numbers.extend(_glued_numbers(digits))
    return numbers


def _glued_numbers(digits: str) -> list[str]:
    """Two numbers typed with only single spaces between them (``0905 111 222 0269 3822 333``)
    come out as one run of digits: split where a mobile (10 digits) or a landline (11, from
    02…) number ends and another 0… begins. A run that splits no such way is kept whole."""
    if len(digits) <= 11 or not digits.startswith("0"):
        return [digits]
    for length in (10, 11):
        head, rest = digits[:length], digits[length:]
        if (length == 10 or head.startswith("02")) and rest.startswith("0"):
            tail = _glued_numbers(rest)
            if all(len(t) in (10, 11) for t in tail):
                return [head, *tail]
    return [digits]


# --- words to canonical values ------------------------------------------------------------

_YES = {"x", "co", "true", "yes", "1", "dung"}
_NO = {"khong", "false", "no", "0", "sai"}


def yes_no(value: Any) -> bool | None:
    """A flag column: ``x``, ``Có``, ``TRUE``, 1, ``Rồi``, ``Đã …`` → True; ``Không``,
    ``FALSE``, 0, ``Chưa …`` → False."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    key = fold(
        str(int(value) if isinstance(_finite(value), float) and value == int(value) else value)
    )
    if key in _YES:
        return True
    if key in _NO:
        return False
    first = key.split()[0] if key else ""
    if first in ("roi", "da"):  # "Rồi", "Đã chuyển đổi": done
        return True
    if first in ("chua", "khong"):  # "Chưa", "Chưa chuyển đổi": not (yet)
        return False
    raise CellProblem(f"«{value}»: cần ghi Có hoặc Không.", f"'{value}': write yes or no.")


def not_reorganized(value: Any) -> bool | None:
    """A ``Chưa tổ chức lại`` column's cell: a mark or yes (``x``, ``Có``) and words of not
    yet (``Chưa``, ``Chưa chuyển đổi``) say it was not reorganised; words of done (``Rồi``,
    ``Đã tổ chức lại``) and no say it was (a flag's words would have read them the other way
    round)."""
    first = fold(value).split()[:1] if isinstance(value, str) else []
    if first == ["chua"]:
        return True
    if first in (["da"], ["roi"]):
        return False
    return yes_no(value)


_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def email(value: Any) -> str | None:
    """An e-mail address, lower case; a cell of several gives the first; words without an
    address (``Chưa có``, ``Đang cập nhật``) give none."""
    if is_blank(value) or "@" not in str(value):
        return None
    found = _EMAIL.search(str(value))
    if found is None:
        raise CellProblem(
            f"«{value}» không phải là địa chỉ thư điện tử.", f"'{value}' is not an e-mail address."
        )
    return found.group(0).lower()[:120]


def unit_code(value: Any) -> str | None:
    """An administrative unit's code (mã ĐVHC) as written: 3 digits for a district, 5 for a
    commune."""
    if is_blank(value):
        return None
    digits = _digits_of(value)
    if not digits.isdigit():
        raise CellProblem(
            f"Mã đơn vị hành chính không hợp lệ: «{value}».", f"Invalid unit code: '{value}'."
        )
    return digits


#: Not operating at its registered address, in full or shortened ("Không HĐ tại địa chỉ ĐK"):
#: a legal status of its own.
_NOT_AT_ADDRESS = (
    "khong hoat dong tai",
    "khong hd tai",
    # The national business registry's words: "Không còn hoạt động kinh doanh tại địa chỉ
    # đã đăng ký" (it was read as stopped).
    "tai dia chi da dang ky",
    "tai dia chi dang ky",
)
_STATUS_WORDS = (  # folded text fragments, most specific first
    ("chua to chuc lai", "not_reorganized"),
    ("chua chuyen doi", "not_reorganized"),
    ("chua dang ky lai", "not_reorganized"),
    # The national business registry's and the tax office's words: the dissolution begun
    # and not completed, or completed (the tax code closed after it).
    ("chua hoan thanh thu tuc giai the", Status.AWAITING_DISSOLUTION),
    ("hoan thanh thu tuc giai the", Status.DISSOLVED),
    ("da hoan thanh thu tuc cham dut hieu luc", Status.DISSOLVED),
    ("lam thu tuc giai the", Status.AWAITING_DISSOLUTION),
    ("dang giai the", Status.AWAITING_DISSOLUTION),
    ("cho giai the", Status.AWAITING_DISSOLUTION),
    ("sap giai the", Status.AWAITING_DISSOLUTION),
    ("chuan bi giai the", Status.AWAITING_DISSOLUTION),
    ("de nghi giai the", Status.AWAITING_DISSOLUTION),
    ("kien nghi giai the", Status.AWAITING_DISSOLUTION),
    ("xem xet giai the", Status.AWAITING_DISSOLUTION),
    ("du kien giai the", Status.AWAITING_DISSOLUTION),
    # "Thuộc diện (phải) giải thể": a candidate for dissolution, as Plan 655's lists name
    # them, not dissolved.
    ("dien giai the", Status.AWAITING_DISSOLUTION),
    ("dien phai giai the", Status.AWAITING_DISSOLUTION),
    ("phai giai the", Status.AWAITING_DISSOLUTION),
    # "GT" for giải thể, as forms shorten it: "Ngừng HĐ chờ GT".
    ("cho gt", Status.AWAITING_DISSOLUTION),
    ("de nghi gt", Status.AWAITING_DISSOLUTION),
    ("thu tuc gt", Status.AWAITING_DISSOLUTION),
    ("da giai the", Status.DISSOLVED),
    ("giai the", Status.DISSOLVED),
    ("pha san", Status.BANKRUPT),
    ("thu hoi", Status.REVOKED),
    *((words, Status.NOT_AT_ADDRESS) for words in _NOT_AT_ADDRESS),
    ("dinh chi", Status.SUSPENDED),  # by an authority's order: a suspension, not a stop
    ("tam ngung", Status.SUSPENDED),
    ("tam dung", Status.SUSPENDED),
    ("ngung hoat dong", Status.SUSPENDED),
    ("ngung hd", Status.SUSPENDED),
    ("dung hoat dong", Status.SUSPENDED),
    ("dung hd", Status.SUSPENDED),
    ("khong con hoat dong", Status.SUSPENDED),
    ("khong hoat dong", Status.SUSPENDED),
    ("khong hd", Status.SUSPENDED),
    ("nghi hoat dong", Status.SUSPENDED),
    ("cham dut hoat dong", Status.SUSPENDED),
    ("thoi hoat dong", Status.SUSPENDED),
    ("da gt", Status.DISSOLVED),
    ("moi thanh lap", Status.ACTIVE),
    ("dang hoat dong", Status.ACTIVE),
    ("dang hd", Status.ACTIVE),
    ("con hoat dong", Status.ACTIVE),
    ("con hd", Status.ACTIVE),
    ("hoat dong", Status.ACTIVE),
    ("hd binh thuong", Status.ACTIVE),
    ("binh thuong", Status.ACTIVE),
    # In English, as the registry's own exports and the national database write them.
    ("not reorganized", "not_reorganized"),
    ("awaiting dissolution", Status.AWAITING_DISSOLUTION),
    ("dissolved", Status.DISSOLVED),
    ("bankrupt", Status.BANKRUPT),
    ("revoked", Status.REVOKED),
    ("not at address", Status.NOT_AT_ADDRESS),
    ("not at its address", Status.NOT_AT_ADDRESS),
    ("suspended", Status.SUSPENDED),
    ("inactive", Status.SUSPENDED),
    ("not active", Status.SUSPENDED),
    ("active", Status.ACTIVE),
)
#: Stopped in fact, with no formal suspension notice implied: mapped, and flagged.
_AMBIGUOUS_STATUS = (
    "ngung hoat dong",
    "ngung hd",
    "dung hoat dong",
    "dung hd",
    "khong con hoat dong",
    "khong hoat dong",
    "khong hd",
    "nghi hoat dong",
    "cham dut hoat dong",
    "thoi hoat dong",
    "inactive",
    "not active",
)
#: Words that turn "operating" around: with them, text read as active is not trusted.
_NEGATIONS = re.compile(r"\b(?:khong|ngung|dung|nghi|chua|het|dinh chi|cham dut|thoi)\b")
#: Words that, just before a status's words, deny it: "chưa giải thể" is not dissolved.
_DENIED = re.compile(r"\b(?:khong|chua|het)\s*$")


#: Status columns written as codes.
#: The grades a year's classification gives (tốt, khá, trung bình, yếu, kém), written in a
#: status column: operating, the last two weakly (:data:`_WEAK_GRADES`).
_GRADES = ("tot", "kha", "trung binh", "tb", "yeu", "kem")
_WEAK_GRADES = ("yeu", "kem")
_STATUS_CODES = {
    "hd": Flagged(Status.ACTIVE),
    "dhd": Flagged(Status.ACTIVE),
    **{grade: Flagged(Status.ACTIVE) for grade in _GRADES},
    **{f"hd {grade}": Flagged(Status.ACTIVE) for grade in _GRADES},
    "khd": Flagged(Status.SUSPENDED, "status_ambiguous"),
    "gt": Flagged(Status.DISSOLVED),
}


#: What a status cell says the organisation was doing in fact (folded fragments, most specific
#: first): phrases of degree and stops without a notice. Recorded as an observation dated by
#: the list, beside the legal status the same words give ("not at its registered address" is
#: a legal status of its own, which the grounds already read as not operating).
_OPERATING_WORDS = (
    ("khong tim thay", OperatingState.NOT_FOUND),
    ("kem hieu qua", OperatingState.WEAK),
    ("khong hieu qua", OperatingState.WEAK),
    ("khong thuong xuyen", OperatingState.WEAK),
    ("cam chung", OperatingState.WEAK),
    ("hoat dong yeu", OperatingState.WEAK),
    ("hd yeu", OperatingState.WEAK),
    ("hoat dong kem", OperatingState.WEAK),
    ("hd kem", OperatingState.WEAK),
    *((words, OperatingState.NOT_OPERATING) for words in _AMBIGUOUS_STATUS),
)


#: The day a status began, as its words say it (``Tạm ngừng KD từ 01/2024``, ``ngừng hoạt
#: động kể từ năm 2022``, ``đã giải thể từ ngày 15/3/2023``, ``Giải thể năm 2022``): the date
#: after ``từ``, ``vào`` or the day, month or year it names.
_SINCE = re.compile(
    r"\b(?:(?:từ|tu|vào|vao)\s++(?:(?:ngày|ngay|tháng|thang|năm|nam)\s++)?"
    r"|(?:ngày|ngay|tháng|thang|năm|nam)\s++)"
    r"(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}[/.-]\d{4}|\d{4})\b",
    re.IGNORECASE,
)


#: A date inside a text: ``từ tháng 5/2019 đến nay``, ``2018 đến nay``, ``2019-2020``.
_DAY_IN_TEXT = re.compile(
    r"(?<!\d)(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}[/.-]\d{4}|(?:19|20)\d{2})(?!\d)"
)


def day_in_text(value: Any) -> tuple[date, DatePrecision] | None:
    """A date (:func:`partial_date`), or the first one a text holds among its words (``Từ
    tháng 5/2019 đến nay``): a column of when a status began writes it so. Words holding no
    date (``3 năm``: how long, not since when) give none, and the row keeps its status (the
    column was not read before, and its row was kept)."""
    try:
        return partial_date(value)
    except CellProblem:
        if not isinstance(value, str):
            raise
        found = _DAY_IN_TEXT.search(value)
        return partial_date(found.group(1)) if found else None


def lost(value: Any) -> tuple[bool, date | None] | None:
    """Whether the seal or the certificate was lost, and when, as a flag column says it
    (``x``, ``Có``, ``Không``) or with the day (``Mất năm 2019``, ``12/3/2020``)."""
    try:
        flag = yes_no(value)
    except CellProblem:
        day = day_in_text(value)
        return (True, day[0]) if day else None
    return None if flag is None else (flag, None)


def status_since(value: Any) -> date | None:
    """The day a status cell says the status began, or None: the last day of the month or
    year it names (never earlier than it may have been, for the rules counting time since
    it). A date the cell cannot give (in the future, say) is none: the words still say the
    status."""
    if is_blank(value) or not (found := _SINCE.search(str(value))):
        return None
    try:
        day = partial_date(found.group(1))
    except CellProblem:
        return None
    return latest_day(*day) if day else None


#: A decision or notice a status cites, and its number: ``theo QĐ số 123/QĐ-UBND``,
#: ``Quyết định 45/2020/QĐ-UBND``, ``TB số 12/TB-PĐKKD``; in a column of decisions, ``Số
#: 123/QĐ-UBND`` or the number alone.
_DECISION = re.compile(
    r"(?:\b(?:qđ|qd|quyết định|quyet dinh|tb|thông báo|thong bao|nq|nghị quyết|nghi quyet)"
    r"(?![\w/])\s*+(?:số\b)?|\bsố\b|^)\s*+[:.]?\s*+(\d++(?:/[\w.-]++)++|\d++\b)",
    re.IGNORECASE,
)
#: The day after the number: ``ngày 12/5/2020``, ``ngày 12 tháng 5 năm 2020``, ``, 12/5/2020``.
_DECISION_DAY = re.compile(
    r"(?<!\s)\s*+(?:ngày|ngay|,|-|–)\s*+(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}"
    r"|\d{1,2}\s++(?:tháng|thang)\s*+\d{1,2}\s++(?:năm|nam)\s*+\d{4})",
    re.IGNORECASE,
)


def status_decision(value: Any) -> tuple[str | None, date | None] | None:
    """The number and day of the decision or notice a status cell cites (``Đã giải thể theo QĐ
    số 123/QĐ-UBND ngày 12/5/2020``), or None when it cites none. A number alone is read only
    with its slashes (``123/QĐ-UBND``) or after a word saying it is one; a day that cannot be
    (in the future, say) is left out, the number kept. Never refuses: the cell is free text."""
    if is_blank(value):
        return None
    text = unicodedata.normalize("NFC", str(value)).strip()
    if not (found := _DECISION.search(text)):
        return None
    number = found.group(1).rstrip(".-")
    if found.group(0).strip() == found.group(1) and not any(c.isalpha() for c in number):
        return None  # digits alone (a count, a date), with nothing saying they are a number
    day = None
    if after := _DECISION_DAY.match(text, found.end()):
        with contextlib.suppress(CellProblem):
            day = partial_date(after.group(1))
    return number[:64], day[0] if day and day[1] == DatePrecision.DAY else None


_DISSOLUTION_WORDS = (
    (DissolutionKind.VOLUNTARY, " tu nguyen "),
    (DissolutionKind.COMPULSORY, " bat buoc "),
)


def dissolution_kind(text: str) -> DissolutionKind | None:
    """Voluntary or compulsory, as the words about a dissolution say (``giải thể tự
    nguyện``, ``bắt buộc``); None when they say neither, or both."""
    words = f" {fold(text)} "
    said = {kind for kind, phrase in _DISSOLUTION_WORDS if phrase in words}
    return said.pop() if len(said) == 1 else None


def operating_state(value: Any) -> OperatingState | None:
    """What a status cell says of the organisation's operating in fact, when it says more
    than its legal status ("hoạt động yếu", "không hoạt động"); None otherwise."""
    if is_blank(value):
        return None
    folded = fold(str(value)).replace("_", " ")
    if folded == "khd":
        return OperatingState.NOT_OPERATING
    if folded.removeprefix("hd ") in _WEAK_GRADES:
        return OperatingState.WEAK
    if "tam" in folded.split() or any(words in folded for words in _NOT_AT_ADDRESS):
        return None  # a suspension notice, or not at its address: legal statuses only
    return next((state for words, state in _OPERATING_WORDS if words in folded), None)


def status(value: Any) -> Flagged:
    """A status from free text: a :class:`Status`, or ``'not_reorganized'`` (a flag, not a
    status); ``issue='status_ambiguous'`` when the words only say it stopped."""
    if is_blank(value):
        return Flagged(None)
    folded = fold(str(value)).replace("_", " ")
    if folded in _STATUS_CODES:
        return _STATUS_CODES[folded]
    if operating_state(value) == OperatingState.WEAK:  # operating, weakly: legally active
        return Flagged(Status.ACTIVE)
    for words, result in _STATUS_WORDS:
        if (at := folded.find(words)) >= 0:
            if result == Status.ACTIVE and _NEGATIONS.search(folded):
                break  # "chưa hoạt động", "hết hoạt động": not to be read as active
            if _DENIED.search(folded[:at]):
                break  # "chưa giải thể": not dissolved, and what it is the cell does not say
            ambiguous = (
                result == Status.SUSPENDED
                and any(w in folded for w in _AMBIGUOUS_STATUS)
                and "tam" not in folded
            )
            return Flagged(result, "status_ambiguous" if ambiguous else None)
    raise UnknownWord(
        value, "tình trạng", "status", Status, accept=lambda code: Flagged(Status(code))
    )


_SECTOR_WORDS = (
    ("tin dung", Sector.CREDIT),
    ("qtdnd", Sector.CREDIT),
    ("quy tin dung", Sector.CREDIT),
    ("moi truong", Sector.ENVIRONMENT),
    ("van tai", Sector.TRANSPORT),
    ("gtvt", Sector.TRANSPORT),
    ("xay dung", Sector.CONSTRUCTION),
    ("nha o", Sector.HOUSING),
    ("cong nghiep", Sector.INDUSTRY_HANDICRAFT),
    ("ttcn", Sector.INDUSTRY_HANDICRAFT),
    ("thu cong", Sector.INDUSTRY_HANDICRAFT),
    ("may mac", Sector.INDUSTRY_HANDICRAFT),
    ("det may", Sector.INDUSTRY_HANDICRAFT),
    ("tho cam", Sector.INDUSTRY_HANDICRAFT),  # brocade weaving
    ("my nghe", Sector.INDUSTRY_HANDICRAFT),
    ("thuong mai", Sector.TRADE_SERVICE),
    ("nong", Sector.AGRICULTURE),
    ("lam nghiep", Sector.AGRICULTURE),
    ("thuy san", Sector.AGRICULTURE),
    ("chan nuoi", Sector.AGRICULTURE),
    ("trong trot", Sector.AGRICULTURE),
    ("trong rung", Sector.AGRICULTURE),
    ("ca phe", Sector.AGRICULTURE),
    ("cao su", Sector.AGRICULTURE),
    ("ho tieu", Sector.AGRICULTURE),
    ("duoc lieu", Sector.AGRICULTURE),
    ("diem nghiep", Sector.AGRICULTURE),  # salt-making, counted with farming and fishing
    ("muoi", Sector.AGRICULTURE),
    # What a farm grows or raises, as a main product column writes it (Trồng rau, Nuôi bò).
    ("trong rau", Sector.AGRICULTURE),
    ("rau sach", Sector.AGRICULTURE),
    ("rau an toan", Sector.AGRICULTURE),
    ("trong lua", Sector.AGRICULTURE),
    ("trong cay", Sector.AGRICULTURE),
    ("nuoi ", Sector.AGRICULTURE),
    ("khai thac", Sector.INDUSTRY_HANDICRAFT),
    ("ve sinh", Sector.ENVIRONMENT),
    ("nuoc sach", Sector.ENVIRONMENT),
    ("cap nuoc", Sector.ENVIRONMENT),
    ("nuoc sinh hoat", Sector.ENVIRONMENT),
    ("rac thai", Sector.ENVIRONMENT),
    ("gom rac", Sector.ENVIRONMENT),
    ("xu ly rac", Sector.ENVIRONMENT),
    ("du lich", Sector.TRADE_SERVICE),
    ("quan ly cho", Sector.TRADE_SERVICE),
    # After the farm's words: "nông nghiệp dịch vụ", "dịch vụ nông nghiệp" are farming.
    ("dich vu", Sector.TRADE_SERVICE),
    ("khac", Sector.OTHER),
    # In English, as the registry's own exports and the national database write them.
    ("credit", Sector.CREDIT),
    ("environment", Sector.ENVIRONMENT),
    ("transport", Sector.TRANSPORT),
    ("construction", Sector.CONSTRUCTION),
    ("housing", Sector.HOUSING),
    ("industry", Sector.INDUSTRY_HANDICRAFT),
    ("handicraft", Sector.INDUSTRY_HANDICRAFT),
    ("trade", Sector.TRADE_SERVICE),
    ("service", Sector.TRADE_SERVICE),
    ("agricultur", Sector.AGRICULTURE),
    ("forestry", Sector.AGRICULTURE),
    ("fisher", Sector.AGRICULTURE),
    ("other", Sector.OTHER),
)
_SECTOR_CODES = {
    "nn": Sector.AGRICULTURE,
    "vt": Sector.TRANSPORT,
    "xd": Sector.CONSTRUCTION,
    "tm dv": Sector.TRADE_SERVICE,
    "dv": Sector.TRADE_SERVICE,
    "cn ttcn": Sector.INDUSTRY_HANDICRAFT,
}


#: Abbreviations lists glue together (``NLTS``, ``DVVT``, ``TMDV``), folded → their words.
_GLUED = {
    "nn": "nong nghiep",
    "nl": "nong lam",
    "ln": "lam nghiep",
    "ts": "thuy san",
    "dv": "dich vu",
    "tm": "thuong mai",
    "sx": "san xuat",
    "ttcn": "tieu thu cong nghiep",
    "cn": "cong nghiep",
    "xd": "xay dung",
    "vt": "van tai",
    "gtvt": "giao thong van tai",
    "kd": "kinh doanh",
    "th": "tong hop",
    "mt": "moi truong",
    "nln": "nong lam nghiep",
    "vs": "ve sinh",
    "vsmt": "ve sinh moi truong",
}
#: Words shortened to an initial and a dot (``N.Nghiệp``, ``D.Vụ``), once the dot is a space.
_INITIALLED = {
    "n nghiep": "nong nghiep",
    "l nghiep": "lam nghiep",
    "c nghiep": "cong nghiep",
    "d vu": "dich vu",
    "t mai": "thuong mai",
    "x dung": "xay dung",
    "v tai": "van tai",
    "t san": "thuy san",
}
_INITIALLED_WORDS = re.compile(r"\b(?:" + "|".join(_INITIALLED) + r")\b")
#: What separates the parts of a sector cell: ``DV-TM``, ``DV, TM``, ``NN/DV``, ``N.Nghiệp``.
_SECTOR_SEPARATORS = re.compile(r"[-–,/&+;.]+")
#: Words that name an organisation's type: in a sector column they say no sector.
_TYPE_WORDS = re.compile(r"\b(?:htx|hop tac xa|lien hiep|lhhtx|to hop tac|tht)\b")


def unglued(folded: str) -> str:
    """Each word made wholly of known abbreviations spelt out (``nlts`` → ``nong lam thuy
    san``); other words as they are. Words are at most 12 letters: the split is a short
    search over a word's prefixes, in linear time for a cell."""
    out = []
    for word in folded.split():
        parts = _split_glued(word) if 2 <= len(word) <= 12 and word.isalpha() else None
        out.append(" ".join(_GLUED[p] for p in parts) if parts else word)
    return " ".join(out)


def _split_glued(word: str) -> list[str] | None:
    if not word:
        return []
    for size in (4, 3, 2):
        head = word[:size]
        if head in _GLUED and (rest := _split_glued(word[size:])) is not None:
            return [head, *rest]
    return None


def sector(value: Any) -> Sector | None:
    """The sector a cell names: words, codes, abbreviations glued (``NLTS``, ``DVVT``),
    joined (``DV-TM``, ``NN, DV``) or initialled (``N.Nghiệp``); a cell naming only a type
    (``Liên hiệp HTX``) names no sector."""
    if is_blank(value):
        return None
    folded = " ".join(_SECTOR_SEPARATORS.sub(" ", fold(str(value)).replace("_", " ")).split())
    folded = _INITIALLED_WORDS.sub(lambda m: _INITIALLED[m.group(0)], folded)
    if folded in _SECTOR_CODES:
        return _SECTOR_CODES[folded]
    for text in dict.fromkeys((folded, unglued(folded))):
        for words, result in _SECTOR_WORDS:
            if words in text:
                return result
    if _TYPE_WORDS.search(folded):
        return None
    raise UnknownWord(value, "lĩnh vực", "sector", Sector, fallback=Sector.OTHER)


_HONORIFICS = re.compile(r"^(ông|bà|anh|chị|ô\.|b\.)\s*[:.]?\s+", re.IGNORECASE)
#: A household named by its head: ``Hộ ông Nguyễn Văn Hùng``, ``Hộ gia đình bà …``, ``HGĐ
#: …``, ``Hộ: …`` (``Hồ`` is a surname: the mark tells them apart, and unmarked only with
#: ``ong``/``ba`` after it); a business household (``Hộ kinh doanh …``) is named as it is.
HOUSEHOLD = re.compile(
    r"^(?:hộ(?:\s++gia\s++đình)?(?:\s++(?:ông|bà))?|hgđ|ho(?:\s++gia\s++dinh)?\s++(?:ong|ba))"
    r"(?:\s*+[:.]\s*+|\s++)(?=\S)(?!kinh\s)",
    re.IGNORECASE,
)


#: Roles written beside a name, folded (``Nguyễn Văn A - GĐ``, ``Chủ tịch HĐQT: Lê Văn C``).
_ROLES = (
    "gd",
    "giam doc",
    "pgd",
    "pho giam doc",
    "chu tich",
    "ct hdqt",
    "chu nhiem",
    "pho chu nhiem",
    "ke toan",
    "truong ban",
    "thanh vien hdqt",
    "kiem soat",
)
_ROLE_SEPARATOR = re.compile(r"\s[-–]\s|[,;:\n]")


def _without_role(text: str) -> str:
    """A name without the role or the phone number written beside it: ``Nguyễn Văn A - GĐ``,
    ``GĐ: Nguyễn Văn A``, ``Đinh Văn F, CT HĐQT``, ``Siu Hiếu - 0905123456``."""
    parts = [p.strip() for p in _ROLE_SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2:
        return text
    kept = [p for p in parts if not _is_role(p)]
    return " ".join(kept) if len(kept) == 1 else text


def _is_role(part: str) -> bool:
    key = fold(part)
    return key.replace(" ", "").isdigit() or any(
        key == role or key.startswith(role + " ") for role in _ROLES
    )


#: A name said to be a household's head, after it: ``Rơ Châm H'Lan (chủ hộ)``, ``… - Chủ hộ``.
HEAD_OF_HOUSEHOLD = re.compile(r"(?<!\s)\s*+[(\-–,]\s*+chủ\s++hộ\s*+\)?\s*+$", re.IGNORECASE)


def person_name(value: Any) -> str | None:
    """``'Ông Mai Đức Nhân'``, ``'Hộ ông Mai Đức Nhân'`` → ``'Mai Đức Nhân'``; a name in ALL
    CAPS or all lower case gets a capital for each word (``rơ châm h'luy`` → ``Rơ Châm
    H'Luy``); a note in brackets after the name (``(chủ hộ)``) is not part of it."""
    if is_blank(value):
        return None
    import unicodedata

    text = _without_role(unicodedata.normalize("NFC", _text(value)))
    text = _HONORIFICS.sub("", HOUSEHOLD.sub("", HEAD_OF_HOUSEHOLD.sub("", text)))
    text = re.sub(r"(?<!\s)\s*\([^()]*\)\s*$", "", text)
    if not (text.isupper() or text.islower()):
        return text  # written in mixed case: as typed ("Công ty TNHH …" stays so)
    return " ".join(_capitalised(word.lower()) for word in text.split())


def _capitalised(word: str) -> str:
    """The first letter a capital, and the one after ``H'``/``Y'`` (Jarai and Bahnar names)."""
    word = word[:1].upper() + word[1:]
    if len(word) > 2 and word[1] == "'":
        word = word[:2] + word[2:3].upper() + word[3:]
    return word
