"""Messages for the clerk in Vietnamese, with their English beside them.

A :class:`Said` is the Vietnamese text wherever a string is expected (the JSON report, tests,
the preview by default) and carries its English for the screens and commands set to English.
"""

from __future__ import annotations


class Said(str):
    """Vietnamese text that knows its English: ``Said("Thiếu tên.", "The name is missing.")``."""

    en: str

    def __new__(cls, vi: str, en: str) -> Said:
        said = super().__new__(cls, vi)
        said.en = en
        return said

    def __reduce__(self) -> tuple:
        """Pickled with its English (a checked plan is kept for the preview's pages)."""
        return (Said, (str(self), self.en))


def in_language(text: str, lang: str) -> str:
    """``text`` in ``lang`` (``vi`` or ``en``); a plain string has only its own words."""
    return getattr(text, "en", text) if lang == "en" else str(text)
