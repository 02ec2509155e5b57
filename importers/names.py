"""Organisation names as the registry writes them: abbreviations expanded, sector words in
their usual case, ``HTX NN-DV Đồng Tâm`` → ``Hợp tác xã Nông nghiệp Dịch vụ Đồng Tâm``."""

from __future__ import annotations

import re
import unicodedata

from registry.enums import OrgType, Sector
from registry.text import fold, search_key

#: The words a place is written after, as written (marks kept; for ``re.IGNORECASE``): a
#: unit's kind or a village's. The patterns that cut a place off a name or tell a heading
#: of places build on them.
PLACE_WORDS = r"xã|phường|thị trấn|thôn|làng|buôn|plei|xóm|ấp|khu|huyện|thành phố|thị xã|tp\.|tx\."

ABBREVIATIONS = {
    "HTX": "Hợp tác xã",
    "LHHTX": "Liên hiệp Hợp tác xã",
    "THT": "Tổ hợp tác",
    "QTDND": "Quỹ tín dụng nhân dân",
    "NN": "Nông nghiệp",
    "DV": "Dịch vụ",
    "TM": "Thương mại",
    "SX": "Sản xuất",
    "TTCN": "Tiểu thủ công nghiệp",
    "XD": "Xây dựng",
    "VT": "Vận tải",
    "KD": "Kinh doanh",
    "TH": "Tổng hợp",
    "TDND": "Tín dụng nhân dân",
}
TYPE_ABBREVIATIONS = {k: ABBREVIATIONS[k] for k in ("HTX", "LHHTX", "THT", "QTDND")}
#: Phrases written with only their first letter capital, whatever the source's case.
PHRASES = (
    "Liên hiệp Hợp tác xã",
    "Hợp tác xã",
    "Tổ hợp tác",
    "Quỹ tín dụng nhân dân",
    "Tiểu thủ công nghiệp",
    "Nông nghiệp",
    "Dịch vụ",
    "Thương mại",
    "Sản xuất",
    "Xây dựng",
    "Vận tải",
    "Kinh doanh",
    "Tổng hợp",
    "Môi trường",
    "Công nghiệp",
    "Nông lâm nghiệp",
    "Lâm nghiệp",
    "Thủy sản",
    "Chăn nuôi",
    "Trồng trọt",
    "Cà phê",
    "Hồ tiêu",
    "Cao su",
    "Dược liệu",
)
#: Joining words, lower case inside a name (``Xây dựng và Thương mại``).
JOINING_WORDS = {"va": "và"}
#: Folded words of the type and sector phrases: what names share, not what tells them apart.
GENERIC_WORDS = frozenset(word for phrase in PHRASES for word in fold(phrase).split())
_PHRASE_SET = set(PHRASES)
#: The phrases a name's type is written in at its head.
_TYPE_HEADS = {"Liên hiệp Hợp tác xã", "Hợp tác xã", "Tổ hợp tác", "Quỹ tín dụng nhân dân"}
_PHRASE_KEYS = sorted(((fold(p).split(), p) for p in PHRASES), key=lambda x: -len(x[0]))
_GLUED = re.compile(r"^(?:" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")+$")


#: Signs between two sector words, and what they become there ("" = left out).
_BETWEEN_SECTORS = {"-": "", "–": "", "/": "", "&": "và", "+": "và"}
_QUOTES = re.compile(r"[\"“”«»]")
#: Capitals with dots inside: abbreviations typed with dots.
_DOTTED = re.compile(r"^[A-ZĐ]+(?:\.[A-ZĐ]+)+\.?$")


def _split_glued(token: str) -> list[str]:
    """``NNDV`` → ``NN DV`` when the token is made of known abbreviations only."""
    if token in ABBREVIATIONS or not _GLUED.match(token):
        return [token]
    parts, rest = [], token
    while rest:
        head = next(a for a in sorted(ABBREVIATIONS, key=len, reverse=True) if rest.startswith(a))
        parts.append(head)
        rest = rest[len(head) :]
    return parts


def match_key(name: str) -> str:
    """What two spellings of one name share: folded, abbreviations expanded, type words in
    any order, without the joining ``và`` (``Nông nghiệp và Dịch vụ`` is ``Nông nghiệp Dịch
    vụ``)."""
    return " ".join(sorted(w for w in search_key(name).split() if w not in JOINING_WORDS))


#: Types abbreviated in two words: ``LH HTX`` (liên hiệp), ``Tổ HT`` (tổ hợp tác); each was
#: kept as a word of the name, and a "Loại hình" column's type put before it again.
_TWO_WORD_TYPES = (
    (re.compile(r"\bLH\s*+[.-]?\s*+(?=HTX\b)", re.IGNORECASE), "Liên hiệp "),
    (re.compile(r"\bTổ\s++HT\b", re.IGNORECASE), "Tổ hợp tác"),
)


def canonical_name(raw: str) -> str:
    """``HTX NN-DV Đồng Tâm``, ``H.T.X NÔNG NGHIỆP - DỊCH VỤ "ĐỒNG TÂM"`` → ``Hợp tác xã Nông
    nghiệp Dịch vụ Đồng Tâm``."""
    text = unicodedata.normalize("NFC", " ".join(_QUOTES.sub(" ", raw).split()))
    shouting = text.upper() == text
    for pattern, words in _TWO_WORD_TYPES:
        text = pattern.sub(words, text)
    tokens = []
    for token in re.split(r"\s+|(?<=[A-Z])-(?=[A-Z])|(?<=[A-Z])([&+/])(?=[A-Z])", text):
        if not token:
            continue
        if _DOTTED.match(token):  # "H.T.X", "HTX.NN"
            parts = token.strip(".").split(".")
            token = "".join(parts) if all(len(p) == 1 for p in parts) else " ".join(parts)
            tokens.extend(t for part in token.split() for t in _split_glued(part))
            continue
        tokens.extend(_split_glued(token))
    words: list[str] = []
    for token in tokens:
        # Type abbreviations in any case (``htx``); the sector ones only in capitals, where
        # they cannot be a word of the name.
        expanded = ABBREVIATIONS.get(token) or TYPE_ABBREVIATIONS.get(token.upper(), token)
        words.extend(expanded.split())
    out: list[str] = []
    i = 0
    folded = [fold(w) for w in words]
    # A name typed all in small letters has every word of its own capitalised; one that
    # capitalises some keeps the others' case (``Cấp nước sinh hoạt``), but for the first.
    whispering = not any(
        w != w.lower() for w, key in zip(words, folded, strict=True) if key not in GENERIC_WORDS
    )
    while i < len(words):
        for key, phrase in _PHRASE_KEYS:
            if folded[i : i + len(key)] == key:
                out.append(phrase)
                i += len(key)
                break
        else:
            word = words[i]
            if out and folded[i] in JOINING_WORDS:
                word = JOINING_WORDS[folded[i]]
            elif shouting or (word.islower() and (whispering or not out or out[-1] in _TYPE_HEADS)):
                word = word[:1].upper() + word[1:].lower()
            out.append(word)
            i += 1
    # Between two sector words a dash or a slash goes ("Nông nghiệp - Dịch vụ") and "&" or "+"
    # is "và"; between other words they stay.
    out = [
        _BETWEEN_SECTORS.get(w, w)
        if 0 < k < len(out) - 1 and {out[k - 1], out[k + 1]} <= _PHRASE_SET
        else w
        for k, w in enumerate(out)
    ]
    return " ".join(w for w in out if w)


#: How each type is written at the head of a name, and the folded words a "Loại hình"
#: column gives it by.
TYPE_PHRASES = {
    OrgType.UNION: ("Liên hiệp Hợp tác xã", ("lhhtx", "lien hiep")),
    OrgType.CREDIT_FUND: ("Quỹ tín dụng nhân dân", ("qtdnd", "quy tin dung")),
    OrgType.GROUP: ("Tổ hợp tác", ("tht", "to hop tac")),
    OrgType.COOPERATIVE: ("Hợp tác xã", ("htx", "hop tac xa")),
}


def type_named(text: str) -> OrgType | None:
    """The type a text starts with (``Tổ hợp tác …``, ``THT``), if any."""
    key = fold(text)
    for kind, (_phrase, words) in TYPE_PHRASES.items():
        if any(key == w or key.startswith(w + " ") for w in words):
            return kind
    return None


def with_type(name: str, kind: str) -> str:
    """A canonical name without a type word, headed by the type a "Loại hình" column gives
    (``Đoàn Kết`` + ``THT`` → ``Tổ hợp tác Đoàn Kết``); other names as they are."""
    given = type_named(kind)
    if type_named(name) is not None or given is None:
        return name
    return f"{TYPE_PHRASES[given][0]} {name}"


def org_type(name: str) -> OrgType:
    return type_named(name) or OrgType.COOPERATIVE


_SECTOR_IN_NAME = (
    ("tin dung", Sector.CREDIT),
    ("van tai", Sector.TRANSPORT),
    ("moi truong", Sector.ENVIRONMENT),
    *(
        (words, Sector.ENVIRONMENT)
        for words in ("ve sinh", "nuoc sach", "cap nuoc", "nuoc sinh hoat", "rac thai", "gom rac")
    ),
    ("xay dung", Sector.CONSTRUCTION),
    ("nong nghiep", Sector.AGRICULTURE),
    # Farming, forestry, fishing and salt-making ("nông, lâm, ngư, diêm nghiệp") are one
    # sector in the province's counts: "HTX Thủy sản Nhơn Châu", "HTX Cà phê Ia Grai".
    *(
        (words, Sector.AGRICULTURE)
        for words in (
            "lam nghiep",
            "thuy san",
            "chan nuoi",
            "trong trot",
            "ca phe",
            "cao su",
            "ho tieu",
            "duoc lieu",
            "diem nghiep",
            "muoi",
            "trong rau",
            "rau sach",
            "rau an toan",
            "trong cay",
            "nuoi ",
        )
    ),
    ("tieu thu cong nghiep", Sector.INDUSTRY_HANDICRAFT),
    ("cong nghiep", Sector.INDUSTRY_HANDICRAFT),
    *(
        (words, Sector.INDUSTRY_HANDICRAFT)
        for words in ("thu cong", "may mac", "det may", "tho cam", "my nghe")
    ),
    ("du lich", Sector.TRADE_SERVICE),
    ("quan ly cho", Sector.TRADE_SERVICE),
    ("thuong mai", Sector.TRADE_SERVICE),
    ("dich vu", Sector.TRADE_SERVICE),
)


def sector_from_name(name: str) -> Sector | None:
    """The sector a canonical name states, the most specific word first."""
    key = fold(name)
    return next((sector for words, sector in _SECTOR_IN_NAME if words in key), None)
