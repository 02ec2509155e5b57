"""Folding Vietnamese text into search keys.

SQLite's ``lower()`` and ``LIKE`` fold ASCII only, so ``nong`` never finds ``Nông``. Every
searchable name is therefore stored a second time as a folded key (no diacritics, ``đ`` → ``d``,
lower case, punctuation as single spaces) and searched with a folded query.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


@lru_cache(maxsize=65536)
def fold(text: str | None) -> str:
    """``'  HTX Nông-nghiệp  ĐỒNG Tâm'`` → ``'htx nong nghiep dong tam'``."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text.casefold()).strip()


def nfc(text: str | None) -> str | None:
    """Normalise to NFC and collapse runs of whitespace (including NBSP) to one space."""
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFC", text).split())


#: Abbreviations used in names, folded. Expanded in search keys so that ``HTX NN Ia Grai`` and
#: ``Hợp tác xã Nông nghiệp Ia Grai`` have the same key.
ABBREVIATIONS = {
    "htx": "hop tac xa",
    "lhhtx": "lien hiep hop tac xa",
    "tht": "to hop tac",
    "qtdnd": "quy tin dung nhan dan",
    "nn": "nong nghiep",
    "dv": "dich vu",
    "tm": "thuong mai",
    "sx": "san xuat",
    "ttcn": "tieu thu cong nghiep",
    "xd": "xay dung",
    "vt": "van tai",
    "kd": "kinh doanh",
    "th": "tong hop",
}


def search_key(*parts: str | None) -> str:
    """Folded text with abbreviations expanded, used both for stored keys and for queries."""
    words = fold(" ".join(p for p in parts if p)).split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words)


def thousands(number: int) -> str:
    """``1.234.567``: a whole number with its thousands marked by dots, as Vietnamese does."""
    return f"{number:,}".replace(",", ".")


def vn_date(day: date | None) -> str:
    """``05/03/2026``: a date as Vietnamese write it, in messages the core builds."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else "—"  # strftime: 3× slower
