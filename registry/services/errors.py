"""The one error type services raise: a refusal with a message in Vietnamese and English."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the change. ``field`` names the form field it concerns, when one does."""

    def __init__(self, vi: str, en: str, *, field: str | None = None) -> None:
        super().__init__(vi)
        self.vi = vi
        self.en = en
        self.field = field

    def message(self, lang: str = "vi") -> str:
        return self.en if lang == "en" else self.vi
