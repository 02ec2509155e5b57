"""What a person reads on a page, and the raw values that must never be among it: an enum's
code, an ISO date, an amount without its separators, a field's ``_id`` name, or a word of the
other language. Used by ``test_labels.py`` to walk every page of demo data in both languages."""

from __future__ import annotations

import html
import re
from enum import Enum

from sqlmodel import Session, SQLModel, select

from registry import enums
from registry.models import Organisation, Person, User

#: Markup that is not read: scripts, styles, data held for scripts, hidden inputs, values.
_UNREAD = re.compile(
    r"<script\b.*?</script>|<style\b.*?</style>|<div[^>]*display:\s*none[^>]*>.*?</div>"
    r"|<div id=\"[\w-]*-data\"[^>]*>.*?</div>"
    r"|<template\b.*?</template>|<textarea\b.*?</textarea>|<!--.*?-->",
    re.S | re.I,
)
_TAG = re.compile(r"<[^>]*>")


def visible_text(page: str) -> str:
    """The page's text as a browser shows it (tags and attribute values left out)."""
    body = page[page.find("<body") :]
    return _TAG.sub(" ", html.unescape(_TAG.sub(" ", _UNREAD.sub(" ", body))))


def _codes() -> set[str]:
    """Every enum value written as code: ``awaiting_dissolution``, ``payable``…"""
    found = set()
    for value in vars(enums).values():
        if (
            isinstance(value, type)
            and issubclass(value, Enum)
            and value.__module__ == enums.__name__
        ):
            found |= {m.value for m in value if isinstance(m.value, str)}
    return found


CODES = _codes()
#: Codes that are also plain words of a page in either language (a name, an abbreviation).
_ORDINARY = {"other", "day", "month", "year", "other_type", "admin"}
ISO_DATE = re.compile(r"\b(?:19|20)\d\d-[01]\d-[0-3]\d(?:\b|T)")
#: 7 to 9 digits in a row are an amount written without separators (a tax code has 10, an ID
#: number 9 or 12 and is shown as written: those are matched by their own pattern first).
BARE_AMOUNT = re.compile(r"(?<![\w.,/-])\d{4,}(?=\s*[₫đ]\b)|(?<![\w.,/#-])\d{7,8}(?![\w.,/-])")
FIELD_ID = re.compile(r"\b[a-z]+(?:_[a-z]+)*_id\b")
#: Words of the interface that must not appear on a page in the other language.
ENGLISH = re.compile(
    r"\b(?:Save|Cancel|Delete|Edit|Create|Search|Filters?|Export|Home|Previous|Next|Not Found"
    r"|Forbidden|Submit|Details|Add|None|True|False|List|Record|Back|Yes|No|Undo|Import"
    r"|Organisation|Members?|Status|Debts?|Assets?|Figures|Report|Case)\b"
)
VIETNAMESE = re.compile(
    r"\b(?:Lưu|Huỷ bỏ|Xoá|Sửa|Tạo mới|Tìm kiếm|Bộ lọc|Xuất|Trang chủ|Trang trước|Trang sau"
    r"|Chi tiết|Thêm|Quay lại|Có|Không|Hoàn tác|Nhập dữ liệu|Tổ chức|Thành viên|Tình trạng"
    r"|Công nợ|Tài sản|Báo cáo|Hồ sơ)\b"
)


def raw_values(page: str, language: str, names: set[str] = frozenset()) -> list[str]:
    """What on the page is not a label, each with a little of the text around it. ``names``:
    the data's own texts (organisation and person names), which may hold any word."""
    return raw_values_in_text(visible_text(page), language, names)


def raw_values_in_text(text: str, language: str, names: set[str] = frozenset()) -> list[str]:
    """:func:`raw_values` of text as read (a browser's ``innerText``)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    found = []

    def seen(kind: str, match: re.Match) -> None:
        start = max(match.start() - 40, 0)
        context = " ".join(text[start : match.end() + 40].split())
        found.append(f"{kind} «{match.group(0)}» in «{context}»")

    for match in ISO_DATE.finditer(text):
        seen("ISO date", match)
    for match in BARE_AMOUNT.finditer(text):
        seen("amount", match)
    for match in FIELD_ID.finditer(text):
        seen("field", match)
    for match in re.finditer(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]{3,}\b", text):
        code = match.group(0)
        if code in CODES and code not in _ORDINARY and (language == "vi" or "_" in code):
            seen("code", match)
    for match in (ENGLISH if language == "vi" else VIETNAMESE).finditer(text):
        seen("other language", match)
    return found


#: Columns holding what people wrote (comments, reasons, notes, descriptions), shown as
#: written, in any language.
WRITTEN = {
    "note",
    "notes",
    "comment",
    "review_comment",
    "reason",
    "description",
    "content",
    "collateral",
    "location",
    "counterparty_name",
    "file_name",
    "main_product",
    "address",
}


def data_names(engine) -> set[str]:
    """The data's own words: names of organisations, people, users, and every text a person
    wrote (:data:`WRITTEN`), read when the walk starts."""
    with Session(engine) as session:
        texts = set(session.exec(select(Organisation.name)).all())
        texts |= set(session.exec(select(Person.full_name)).all())
        texts |= set(session.exec(select(User.full_name)).all())
        texts |= set(session.exec(select(User.username)).all())
        for table in SQLModel.metadata.sorted_tables:
            for column in table.columns:
                if column.name in WRITTEN:
                    texts |= {t for t in session.exec(select(column).distinct()).all() if t}
    return {t for t in texts if isinstance(t, str) and t}
