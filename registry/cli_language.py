"""The command line's own words in the language asked for.

What the commands say is written in both languages (``Context.say``); what click says itself —
a usage error (``Error: Invalid value for 'PATH': File 'x' does not exist.``), ``Usage:``, the
help option — comes from click's source in English, through Python's :mod:`gettext`. Click
asks gettext in the application's domain and the language of the process's ``LANGUAGE``,
both the command line's to set, since it is the application; the Vietnamese catalogue
(``locale/vi/LC_MESSAGES/click.po``) is built with the interface's, by
``admin/translations/build/make_catalogues.py``.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LANGUAGES = ("vi", "en")
LOCALE = Path(__file__).with_name("locale")


def speak(lang: str) -> None:
    """Click's own messages in ``lang`` (``vi`` or ``en``) from now on."""
    gettext.bindtextdomain("click", str(LOCALE))
    gettext.textdomain("click")
    os.environ["LANGUAGE"] = lang


def asked(words: list[str]) -> str:
    """The language a command line asks for before click reads it (an error in the options
    before ``--lang`` is told in it too): ``--lang``'s value, else ``REGISTRY_LANG``, else
    Vietnamese."""
    for i, word in enumerate(words):
        value = word.removeprefix("--lang=") if word.startswith("--lang=") else None
        if word == "--lang" and i + 1 < len(words):
            value = words[i + 1]
        if value in LANGUAGES:
            return value
    env = os.environ.get("REGISTRY_LANG")
    return env if env in LANGUAGES else "vi"
