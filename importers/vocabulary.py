"""The words of vocabulary columns as the registry's codes: member types and kinds of
person, counterparties, debt and land states, grades and meeting dates. Each reader takes
one cell and gives the code, or raises :class:`values.CellProblem` (``UnknownWord`` where a
person may settle the word once for the file)."""

from __future__ import annotations

import re
from typing import Any

from importers import values
from registry.enums import (
    Counterparty,
    DebtState,
    LandCertificate,
    LandOrigin,
    LegacyGrade,
    MemberType,
    PersonKind,
)
from registry.text import fold, nfc

_MEMBER_TYPES = (  # folded words, most specific first
    ("khong gop von", MemberType.ASSOCIATE),
    ("lien ket co gop von", MemberType.ASSOCIATE_CONTRIBUTING),
    ("lien ket gop von", MemberType.ASSOCIATE_CONTRIBUTING),
    ("lien ket", MemberType.ASSOCIATE),
    ("chinh thuc", MemberType.OFFICIAL),
    ("sang lap", MemberType.OFFICIAL),  # a founding member
)
#: Whole cells, folded: codes and the bare word (a member, before associates existed).
_MEMBER_CODES = {
    "ct": MemberType.OFFICIAL,
    "tvct": MemberType.OFFICIAL,
    "tv": MemberType.OFFICIAL,
    "thanh vien": MemberType.OFFICIAL,
    "xa vien": MemberType.OFFICIAL,  # a member, as the laws before 2012 called one
    "ho thanh vien": MemberType.OFFICIAL,  # a member household, an official member
    "lk": MemberType.ASSOCIATE,
    "tvlk": MemberType.ASSOCIATE,
}
_PERSON_KINDS = (
    ("ho gia dinh", PersonKind.HOUSEHOLD),
    ("ho", PersonKind.HOUSEHOLD),
    ("phap nhan", PersonKind.LEGAL_ENTITY),
    ("to chuc", PersonKind.LEGAL_ENTITY),
    ("doanh nghiep", PersonKind.LEGAL_ENTITY),
    ("ca nhan", PersonKind.INDIVIDUAL),
    ("hgd", PersonKind.HOUSEHOLD),
    ("cn", PersonKind.INDIVIDUAL),
    ("pn", PersonKind.LEGAL_ENTITY),
)


def member_type(value: Any) -> MemberType:
    """``Chính thức``, ``TV chính thức``, ``Liên kết có góp vốn``, ``LK không góp vốn``…"""
    if values.is_blank(value):
        return MemberType.OFFICIAL
    if (code := fold(str(value))) in _MEMBER_CODES:
        return _MEMBER_CODES[code]
    key = code.replace("lk ", "lien ket ").replace("tv ", "")
    for words, result in _MEMBER_TYPES:
        if words in key:
            return result
    raise values.UnknownWord(
        value, "loại thành viên", "member type", MemberType, fallback=MemberType.OFFICIAL
    )


def person_kind(value: Any) -> PersonKind:
    if values.is_blank(value):
        return PersonKind.INDIVIDUAL
    key = fold(str(value))
    for words, result in _PERSON_KINDS:
        if key == words or key.startswith(words + " "):
            return result
    raise values.UnknownWord(value, "đối tượng", "kind", PersonKind, fallback=PersonKind.INDIVIDUAL)


#: Folded words → value, the first found wins; so the specific comes before the general.
_BANKS = (("agribank", "agribank"), ("nn ptnt", "agribank"), ("csxh", "vbsp"))
_BANKS += (("chinh sach xh", "vbsp"), ("chinh sach xa hoi", "vbsp"), ("vbsp", "vbsp"))
# Their abbreviations, glued: NHCSXH, NHCS huyện, NHNo&PTNT.
_BANKS += (("nhcs", "vbsp"), ("nhno", "agribank"))
_COUNTERPARTIES = (
    ("ngan sach", Counterparty.STATE_BUDGET),
    ("nsnn", Counterparty.STATE_BUDGET),
    ("kho bac", Counterparty.STATE_BUDGET),
    ("cuc thue", Counterparty.STATE_BUDGET),
    # Social insurance and the province's support fund: owed to the State (taxes and land
    # rent too: :data:`_TAXES`).
    ("bhxh", Counterparty.STATE_BUDGET),
    ("bao hiem xa hoi", Counterparty.STATE_BUDGET),
    ("quy ho tro phat trien", Counterparty.STATE_BUDGET),
    ("ngan hang", Counterparty.BANK),
    ("nh ", Counterparty.BANK),
    ("quy tin dung", Counterparty.BANK),
    ("qtd", Counterparty.BANK),
    ("thanh vien", Counterparty.MEMBER),
    ("xa vien", Counterparty.MEMBER),
    # People and households, known to be none of the classes (``Cá nhân ngoài HTX``).
    ("ca nhan", Counterparty.OTHER),
    ("ho dan", Counterparty.OTHER),
    ("nguoi dan", Counterparty.OTHER),
    ("nguoi lao dong", Counterparty.OTHER),
    ("cong ty", Counterparty.ECONOMIC_ORG),
    ("cty", Counterparty.ECONOMIC_ORG),
    ("ctcp", Counterparty.ECONOMIC_ORG),
    ("tnhh", Counterparty.ECONOMIC_ORG),
    ("doanh nghiep", Counterparty.ECONOMIC_ORG),
    ("dntn", Counterparty.ECONOMIC_ORG),
    ("hop tac xa", Counterparty.ECONOMIC_ORG),
    ("htx ", Counterparty.ECONOMIC_ORG),
    ("xi nghiep", Counterparty.ECONOMIC_ORG),
    ("cua hang", Counterparty.ECONOMIC_ORG),
    ("dien luc", Counterparty.ECONOMIC_ORG),  # the power company (Điện lực Tuy Phước)
    ("dai ly", Counterparty.ECONOMIC_ORG),
    ("ho kinh doanh", Counterparty.ECONOMIC_ORG),
    ("hkd ", Counterparty.ECONOMIC_ORG),
    # The State's offices and the mass organisations, known to be none of the classes (a
    # debt to a commune's People's Committee is not the budget's).
    ("ubnd", Counterparty.OTHER),
    ("uy ban", Counterparty.OTHER),
    ("phong ", Counterparty.OTHER),
    ("tram ", Counterparty.OTHER),
    ("trung tam", Counterparty.OTHER),
    ("ban quan ly", Counterparty.OTHER),
    ("hoi ", Counterparty.OTHER),
)
#: A person named by their title, a household by its head's: ``Ông Nguyễn Văn An``,
#: ``Hộ bà Siu H'Lan`` (matched on the folded, spaced words).
_PERSON = re.compile(r" (?:ho )?(?:ong|ba|anh|chi) ")
#: A bank by its own name: ``Vietcombank``, ``BIDV``, ``LPBank``.
_BANK_NAME = re.compile(r"bank | bidv ")
_STATES = (
    ("tranh chap", DebtState.DISPUTED),
    ("khoi kien", DebtState.DISPUTED),
    # Asked for, not granted: still owed.
    ("de nghi", DebtState.OUTSTANDING),
    ("kien nghi", DebtState.OUTSTANDING),
    ("cho xoa", DebtState.OUTSTANDING),
    ("xoa no", DebtState.WRITTEN_OFF),
    ("tra dan", DebtState.PARTLY_SETTLED),
    ("dang tra", DebtState.PARTLY_SETTLED),
    ("mot phan", DebtState.PARTLY_SETTLED),
    ("1 phan", DebtState.PARTLY_SETTLED),
    ("chua", DebtState.OUTSTANDING),
    ("tat toan", DebtState.SETTLED),
    ("tra het", DebtState.SETTLED),
    ("xong", DebtState.SETTLED),
    ("dang xu ly", DebtState.OUTSTANDING),
    ("kho doi", DebtState.OUTSTANDING),
    ("con no", DebtState.OUTSTANDING),
    ("khong co kha nang", DebtState.OUTSTANDING),
    ("khoanh no", DebtState.OUTSTANDING),
    ("qua han", DebtState.OUTSTANDING),
    ("don doc", DebtState.OUTSTANDING),
    ("dang thu hoi", DebtState.OUTSTANDING),
    ("da thu hoi", DebtState.SETTLED),
    ("gian no", DebtState.OUTSTANDING),
    ("da xu ly", DebtState.SETTLED),
)
_ORIGINS = (
    ("thue", LandOrigin.LEASED),
    ("gop", LandOrigin.CONTRIBUTED),
    ("giao", LandOrigin.ALLOCATED),
    # Bought, reclaimed, given or lent: none of the three, and known to be none.
    ("chuyen nhuong", LandOrigin.OTHER),
    ("mua", LandOrigin.OTHER),
    ("khai hoang", LandOrigin.OTHER),
    ("tang cho", LandOrigin.OTHER),
    ("duoc tang", LandOrigin.OTHER),
    ("cho muon", LandOrigin.OTHER),
    ("cong nhan", LandOrigin.OTHER),  # a use right recognised, as a household's would be
)
#: A land-use certificate's serial (``BĐ 123456``, ``CH 01234``, ``AB 123456``).
_SERIAL = re.compile(r"\b[A-ZĐ]{1,3}\s*+\d{5,}\b")
_CERTIFICATES = (
    ("chua", LandCertificate.NOT_ISSUED),
    ("khong", LandCertificate.NOT_ISSUED),
    ("dang lam", LandCertificate.PENDING),
    ("dang lam thu tuc", LandCertificate.PENDING),
    ("cho cap", LandCertificate.PENDING),
    ("dang cho", LandCertificate.PENDING),
    ("do dac", LandCertificate.PENDING),
    ("do ve", LandCertificate.PENDING),
    ("dang do", LandCertificate.PENDING),
    ("lap ho so", LandCertificate.PENDING),
    ("dang lap", LandCertificate.PENDING),
    ("dang xin", LandCertificate.PENDING),
    ("de nghi cap", LandCertificate.PENDING),
    ("da co", LandCertificate.ISSUED),
    ("da cap", LandCertificate.ISSUED),
    ("da duoc cap", LandCertificate.ISSUED),
    # The red and pink books: the certificate itself (``Sổ đỏ``, ``GCN số BĐ 123456``).
    ("so do", LandCertificate.ISSUED),
    ("so hong", LandCertificate.ISSUED),
    ("bia do", LandCertificate.ISSUED),
    ("gcn so", LandCertificate.ISSUED),
    ("co ", LandCertificate.ISSUED),
)


def _words(value: Any) -> str:
    """Folded, spaced at both ends (so `` nh `` matches a whole word), ``&`` as a space."""
    return re.sub(r"\s+", " ", f" {fold(str(value))} ".replace("&", " "))


def _first(table: tuple, value: Any, what_vi: str, what_en: str):
    key = _words(value)
    for words, result in table:
        if f" {words}" in key:
            return result
    raise values.CellProblem(f"Không hiểu {what_vi} «{value}».", f"Unknown {what_en} '{value}'.")


#: Taxes and the rent of State land, owed to the State, told by their words as written:
#: ``thuế`` (a tax) is not ``thuê`` (a rent: ``nợ thuê máy`` is owed to whoever let the
#: machine), which folding the diacritics away would make one.
_TAXES = re.compile(r"\bthuế\b|\bthuê đất\b")


def counterparty(value: Any) -> tuple[Counterparty, str | None]:
    """``Agribank``, ``NH Chính sách XH``, ``Ngân sách huyện``, ``Các hộ thành viên``,
    ``Công ty CP …``, ``Nợ thuế``: the category, and which bank when one of the two policy
    lenders. A name none of these words tells (``Đại lý`` is a business, ``Ông …`` a
    person) is asked about: "other" until a person says."""
    if values.is_blank(value):
        return Counterparty.OTHER, None
    if _TAXES.search(nfc(str(value)).lower()):
        return Counterparty.STATE_BUDGET, None
    key = _words(value)
    bank = next((b for words, b in _BANKS if f" {words}" in key), None)
    if bank:
        return Counterparty.BANK, bank
    found = next((c for words, c in _COUNTERPARTIES if f" {words}" in key), None)
    if found is None and _BANK_NAME.search(key):
        found = Counterparty.BANK
    if found is None and _PERSON.match(key):
        found = Counterparty.OTHER
    if found is None:
        raise values.UnknownWord(
            value,
            "đối tượng nợ",
            "counterparty",
            Counterparty,
            fallback=(Counterparty.OTHER, None),
            accept=lambda code: (Counterparty(code), None),
        )
    return found, None


def debt_state(value: Any) -> DebtState:
    if values.is_blank(value):
        return DebtState.OUTSTANDING
    try:
        return _first(_STATES, value, "tình hình xử lý", "resolution")
    except values.CellProblem:
        raise values.UnknownWord(
            value, "tình hình xử lý", "resolution", DebtState, fallback=DebtState.OUTSTANDING
        ) from None


def land_origin(value: Any) -> LandOrigin | None:
    if values.is_blank(value):
        return None
    try:
        return _first(_ORIGINS, value, "nguồn gốc đất", "land origin")
    except values.CellProblem:
        raise values.UnknownWord(
            value, "nguồn gốc đất", "land origin", LandOrigin, fallback=LandOrigin.OTHER
        ) from None


def land_certificate(value: Any) -> tuple[LandCertificate | None, bool]:
    """(certificate status, disputed): ``Đang tranh chấp với hộ dân`` is a dispute, with
    the certificate's status unknown."""
    if fold(str(value)) in ("khong", "khong co"):  # "no certificate", not an empty cell
        return LandCertificate.NOT_ISSUED, False
    if values.is_blank(value):
        return None, False
    if "tranh chap" in fold(str(value)):
        return None, True
    try:
        return _first(_CERTIFICATES, value, "tình trạng GCN", "certificate status"), False
    except values.CellProblem:
        if _SERIAL.search(str(value)):  # "CH 01234", "BĐ 123456": its number, so it was issued
            return LandCertificate.ISSUED, False
        raise values.UnknownWord(
            value,
            "tình trạng GCN",
            "certificate status",
            LandCertificate,
            fallback=(None, False),
            accept=lambda code: (LandCertificate(code), False),
        ) from None


_GRADES = {
    "tot": LegacyGrade.GOOD,
    "kha": LegacyGrade.FAIR,
    "trung binh": LegacyGrade.AVERAGE,
    "tb": LegacyGrade.AVERAGE,
    "yeu": LegacyGrade.WEAK,
    "kem": LegacyGrade.WEAK,
    "yeu kem": LegacyGrade.WEAK,
}
#: Words saying the cooperative was not graded that year.
_NOT_GRADED = ("chua xep loai", "khong xep loai", "chua danh gia", "khong danh gia")


def meeting_date(value: Any):
    """The general meeting's date; words without a digit (``Chưa tổ chức``, ``Mới thành
    lập``) say there was none."""
    if isinstance(value, str) and not re.search(r"\d", value):
        return None
    return values.partial_date(value)


def grade(value: Any) -> LegacyGrade | None:
    """``Khá``, ``Loại Khá``, ``Xếp loại: Tốt``, ``TB``, ``Yếu kém``; ``Chưa xếp loại`` is no
    grade that year. Another word (``Xuất sắc``) is asked about."""
    if values.is_blank(value):
        return None
    key = " ".join(fold(str(value)).replace(".", " ").split())
    if key.startswith(_NOT_GRADED):
        return None
    key = key.removeprefix("xep ").removeprefix("loai ").removeprefix("hoat dong ")
    if key in _GRADES:
        return _GRADES[key]
    raise values.UnknownWord(value, "xếp loại", "grade", LegacyGrade)
