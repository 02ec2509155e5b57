"""Vietnamese text typed in the pre-Unicode TCVN3 (ABC) and VNI encodings, repaired per cell.

Old district files were typed with .VnTime (TCVN3) or VNI-Times fonts; read as Unicode the
bytes show as Latin-1 gibberish (``Hîp t¸c x·``, ``Hôïp taùc xaõ``). A workbook may mix them
with real Unicode cell by cell, so each cell is judged on its own: a decoding is kept only when
it turns characters that never occur in Vietnamese into a text that holds none.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources

#: TCVN3: one byte per letter (shown as the Latin-1 character of that byte).
_TCVN3_BYTES = {
    "Ă": 0xA1,
    "Â": 0xA2,
    "Ê": 0xA3,
    "Ô": 0xA4,
    "Ơ": 0xA5,
    "Ư": 0xA6,
    "Đ": 0xA7,
    "ă": 0xA8,
    "â": 0xA9,
    "ê": 0xAA,
    "ô": 0xAB,
    "ơ": 0xAC,
    "ư": 0xAD,
    "đ": 0xAE,
    "à": 0xB5,
    "ả": 0xB6,
    "ã": 0xB7,
    "á": 0xB8,
    "ạ": 0xB9,
    "ằ": 0xBB,
    "ẳ": 0xBC,
    "ẵ": 0xBD,
    "ắ": 0xBE,
    "ặ": 0xC6,
    "ầ": 0xC7,
    "ẩ": 0xC8,
    "ẫ": 0xC9,
    "ấ": 0xCA,
    "ậ": 0xCB,
    "è": 0xCC,
    "ẻ": 0xCE,
    "ẽ": 0xCF,
    "é": 0xD0,
    "ẹ": 0xD1,
    "ề": 0xD2,
    "ể": 0xD3,
    "ễ": 0xD4,
    "ế": 0xD5,
    "ệ": 0xD6,
    "ì": 0xD7,
    "ỉ": 0xD8,
    "ĩ": 0xDC,
    "í": 0xDD,
    "ị": 0xDE,
    "ò": 0xDF,
    "ỏ": 0xE1,
    "õ": 0xE2,
    "ó": 0xE3,
    "ọ": 0xE4,
    "ồ": 0xE5,
    "ổ": 0xE6,
    "ỗ": 0xE7,
    "ố": 0xE8,
    "ộ": 0xE9,
    "ờ": 0xEA,
    "ở": 0xEB,
    "ỡ": 0xEC,
    "ớ": 0xED,
    "ợ": 0xEE,
    "ù": 0xEF,
    "ủ": 0xF1,
    "ũ": 0xF2,
    "ú": 0xF3,
    "ụ": 0xF4,
    "ừ": 0xF5,
    "ử": 0xF6,
    "ữ": 0xF7,
    "ứ": 0xF8,
    "ự": 0xF9,
    "ỳ": 0xFA,
    "ỷ": 0xFB,
    "ỹ": 0xFC,
    "ý": 0xFD,
    "ỵ": 0xFE,
}
TCVN3 = {chr(byte): letter for letter, byte in _TCVN3_BYTES.items()}

#: VNI-Windows: a base letter followed by a mark byte, some letters one byte. The mark bytes
#: (as their Latin-1 characters) for grave, acute, hook, tilde and dot below, per kind of base:
_PLAIN_MARKS = ("ø", "ù", "û", "õ", "ï")  # a e o u y, and ơ (ô) and ư (ö)
_CIRCUMFLEX_MARKS = ("à", "á", "å", "ã", "ä")  # â ê ô, written a e o + these
_BREVE_MARKS = ("è", "é", "ú", "ü", "ë")  # ă, written a + these
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # grave acute hook tilde dot
#: Letters VNI writes as one byte.
_VNI_SINGLE = {
    "ñ": "đ",
    "ô": "ơ",
    "ö": "ư",
    "ì": "ì",
    "í": "í",
    "æ": "ỉ",
    "ó": "ĩ",
    "ò": "ị",
    "î": "ỵ",
}


def _vni_table() -> dict[str, str]:
    def toned(letter: str, tone: str) -> str:
        return unicodedata.normalize("NFC", letter + tone)

    lower: dict[str, str] = dict(_VNI_SINGLE)
    for base in "aeouy":
        for tone, mark in zip(_TONES, _PLAIN_MARKS, strict=True):
            if not (base == "y" and mark == "ï"):  # ỵ is the single byte î
                lower[base + mark] = toned(base, tone)
    for stem, letter in (("ô", "ơ"), ("ö", "ư")):
        for tone, mark in zip(_TONES, _PLAIN_MARKS, strict=True):
            lower[stem + mark] = toned(letter, tone)
    for base, letter in (("a", "â"), ("e", "ê"), ("o", "ô")):
        lower[base + "â"] = letter
        for tone, mark in zip(_TONES, _CIRCUMFLEX_MARKS, strict=True):
            lower[base + mark] = toned(letter, tone)
    lower["aê"] = "ă"
    for tone, mark in zip(_TONES, _BREVE_MARKS, strict=True):
        lower["a" + mark] = toned("ă", tone)
    return lower | {key.upper(): value.upper() for key, value in lower.items()}


VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))

_VIETNAMESE = set(
    "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệfghiìỉĩíịjklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvwxyỳỷỹýỵz"
)
_VIETNAMESE |= {c.upper() for c in _VIETNAMESE}
#: Characters that are not Vietnamese letters but honestly appear in spreadsheets.
_NEUTRAL = set("0123456789 .,;:-–—_/\\()[]{}'\"!?%&+*=<>#@°²³\t\n\r\u00a0")


_TONE_MARKS = set(_TONES)
#: â, ê, ô never follow a, e or o in Vietnamese; VNI writes them exactly so ("aâ" = â).
_IMPOSSIBLE = re.compile(r"[aeo][âêô]", re.IGNORECASE)
#: After a or e, a second vowel never carries a mark (ai, ao, au, ay, eo): checked in NFD.
_MARKED_AFTER_AE = re.compile(r"[ae][aeiouy][\u0300-\u036f]", re.IGNORECASE)
#: Nor does a vowel follow itself with a mark (VNI "uù" = ú): also checked in NFD.
_MARKED_REPEAT = re.compile(r"([aeiouy])\1[\u0300-\u036f]", re.IGNORECASE)


def foreign(text: str) -> int:
    """How many characters are neither Vietnamese letters nor ordinary punctuation."""
    return sum(1 for c in text if c not in _VIETNAMESE and c not in _NEUTRAL)


def implausible(text: str) -> int:
    """Signs that a text is not Vietnamese as written: foreign characters, words with two
    tone marks, and letter sequences the orthography does not have."""
    decomposed = unicodedata.normalize("NFD", text)
    two_tones = sum(1 for w in decomposed.split() if sum(c in _TONE_MARKS for c in w) > 1)
    return (
        foreign(text)
        + two_tones
        + len(_IMPOSSIBLE.findall(text))
        + len(_MARKED_AFTER_AE.findall(decomposed))
        + len(_MARKED_REPEAT.findall(decomposed))
    )


def decode_tcvn3(text: str) -> str:
    decoded = "".join(TCVN3.get(c, c) for c in text)
    letters = [c for c in text if c.isascii() and c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        # .VnTimeH caps: accented capitals are stored with the lowercase codes.
        decoded = decoded.upper()
    return decoded


def decode_vni(text: str) -> str:
    return _VNI_PATTERN.sub(lambda m: VNI[m.group(0)], text)


_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff]")


def clean_spaces(text: str) -> str:
    """NFC; NBSP, zero-width and other odd spaces to plain ones; runs collapsed; trimmed."""
    if text.isascii():
        return " ".join(text.split())
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(_ZERO_WIDTH.sub("", text).replace("\u00a0", " ").split())


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    """Words of the administrative units' official names, in Unicode, folded to lower case:
    names of the minority languages (``Ia Boòng``) that look unlike Vietnamese and would
    otherwise be taken for legacy text (the registry's own export read back)."""
    data = resources.files("registry.units") / "data" / "units.csv"
    rows = csv.DictReader(data.read_text(encoding="utf-8").splitlines())
    return frozenset(w.lower() for row in rows for w in row["name"].split())


def _known(text: str) -> bool:
    """Whether every word of ``text`` that does not read as Vietnamese is a known name's."""
    words = unicodedata.normalize("NFC", text).split()
    return all(implausible(w) == 0 or w.lower() in known_words() for w in words)


def repair(text: str, prefer: str | None = None) -> tuple[str, str | None, bool]:
    """``(unicode text, 'tcvn3' | 'vni' | None, ambiguous)``.

    A cell is decoded when a decoding makes it more plausible Vietnamese than it was. When
    both legacy decodings are equally plausible, ``prefer`` (the encoding the rest of the
    sheet uses) decides; without it the cell is left as it is and flagged ambiguous. Soft
    hyphens are kept until decoding: in TCVN3 byte 0xAD is the letter ư."""
    if text.isascii():  # most cells: numbers, codes, plain names
        return " ".join(text.split()), None, False
    plain = clean_spaces(text.replace("\u00ad", ""))
    if not _latin1(text):  # legacy text read as Latin-1 never holds a character beyond it
        return plain, None, False
    before = implausible(text.replace("\u00ad", "\x00"))
    if before == 0 or _known(plain):
        return plain, None, False
    scored = {
        name: (implausible(decoded), decoded)
        for name, decoded in (("vni", decode_vni(text)), ("tcvn3", decode_tcvn3(text)))
    }
    vni_score, tcvn3_score = scored["vni"][0], scored["tcvn3"][0]
    best = min(vni_score, tcvn3_score)
    if best >= before:
        return plain, None, False
    if vni_score != tcvn3_score:
        name = "vni" if vni_score < tcvn3_score else "tcvn3"
        return clean_spaces(scored[name][1]), name, False
    if prefer in scored:
        return clean_spaces(scored[prefer][1]), prefer, False
    return plain, None, True


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def may_be_legacy(text: str) -> bool:
    """Whether a text could be TCVN3 or VNI read as Latin-1: beyond ASCII, within Latin-1."""
    return not text.isascii() and _latin1(text)


_DECODERS = {"vni": decode_vni, "tcvn3": decode_tcvn3}


def repair_all(occurrences: Mapping[str, int]) -> tuple[dict[str, str], dict[str, int], int]:
    """Repair the text cells of one sheet, given each distinct text with how many cells hold
    it: cells that tell their encoding apart set the preference for those that do not.
    Returns the repaired form of each text, the count of cells per encoding, and how many
    cells stayed ambiguous (no cell of the sheet told the encoding apart). A text's count is
    asked for only where it reads as legacy-encoded or ambiguous (see ``_CellCounts`` of
    :mod:`importers.readers`)."""
    first = {text: repair(text) for text in occurrences}
    counts: dict[str, int] = {}
    for original, (_text, name, _ambiguous) in first.items():
        if name:
            counts[name] = counts.get(name, 0) + occurrences[original]
    prefer = max(counts, key=counts.get) if counts else None
    result, ambiguous = {}, 0
    for original, (text, name, unsure) in first.items():
        if unsure:
            cells = occurrences[original]
            text, name, unsure = repair(original, prefer)
            if name:
                counts[name] = counts.get(name, 0) + cells
            ambiguous += unsure * cells
        elif name is None and prefer and not original.isascii() and _latin1(original):
            # Plausible as it stands ("Kôn"), yet in a sheet typed in a legacy encoding a
            # Latin-1-only cell is that encoding too ("Kơn" in VNI).
            decoded = _DECODERS[prefer](original)
            if decoded != original and implausible(decoded) <= implausible(original):
                text = clean_spaces(decoded)
                counts[prefer] += occurrences[original]
        result[original] = text
    return result, counts, ambiguous
