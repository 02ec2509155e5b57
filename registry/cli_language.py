"""The command line's own words in the language asked for.

What the commands say is written in both languages (``Context.say``); what click says itself —
a usage error (``Error: Invalid value for 'PATH': File 'x' does not exist.``), ``Usage:``, the
help option — comes from click's source in English, through Python's :mod:`gettext`, and so
does the commands' own help (:class:`InLanguage`), written in English in the code. Click
asks gettext in the application's domain and the language of the process's ``LANGUAGE``,
both the command line's to set, since it is the application; the Vietnamese catalogue
(``locale/vi/LC_MESSAGES/click.po``) is built with the interface's, by
``admin/translations/build/make_catalogues.py``.
"""

from __future__ import annotations

import gettext
import inspect
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

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


def translated(text: str | None) -> str | None:
    """A help text of the command line in the language spoken (:func:`speak`), by the same
    catalogue as click's messages, keyed by the text as click shows it."""
    return gettext.gettext(inspect.cleandoc(text)) if text else text


class InLanguage:
    """Mixed into the command line's commands and groups: their help, their options' and, in
    a group's list, their commands' summaries are shown in the language spoken. Translated
    when shown, not when defined: the language is known only once the command line is read."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _in_language(self):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _in_language(self):
            super().format_options(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _in_language(self):
            return super().get_short_help_str(limit)


@contextmanager
def _in_language(command: click.Command) -> Iterator[None]:
    held = [(command, "help"), (command, "short_help")]
    held += [(param, "help") for param in command.params if getattr(param, "help", None)]
    texts = [getattr(owner, name) for owner, name in held]
    for (owner, name), text in zip(held, texts, strict=True):
        setattr(owner, name, translated(text))
    try:
        yield
    finally:
        for (owner, name), text in zip(held, texts, strict=True):
            setattr(owner, name, text)


def help_texts(command: click.Command) -> Iterator[str]:
    """Every help text of ``command`` and its subcommands, as click shows it: what the
    catalogue must translate."""
    for text in (command.help, command.short_help):
        if text:
            yield inspect.cleandoc(text)
    for param in command.params:
        if getattr(param, "help", None):
            yield inspect.cleandoc(param.help)
    for sub in getattr(command, "commands", {}).values():
        yield from help_texts(sub)
