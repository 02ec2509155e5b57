"""Write our Vietnamese ``admin.po`` (Flask-Admin) and ``wtforms.po`` (WTForms) from the
messages those packages ship, and ``click.po`` (the command line's own messages) from those
click's source holds and the help our commands give, with our translations, then compile every
catalogue.

    python admin/translations/build/make_catalogues.py

Fails when a message of the installed Flask-Admin, WTForms or click has no translation here,
so an upgrade that adds strings is noticed instead of showing English in the interface.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import flask_admin
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po
from wtforms.i18n import messages_path

HERE = Path(__file__).resolve().parent
VI = HERE.parent / "vi" / "LC_MESSAGES"
sys.path.insert(0, str(HERE))
from vi_strings import ADMIN, CLI_HELP, CLICK, MESSAGES, WTFORMS  # noqa: E402

#: Where the command line's catalogue lives: beside the command line, which knows no web.
CLI_LOCALE = HERE.parent.parent.parent / "registry" / "locale"


def _msgid_key(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def build(
    source: Path | Catalog, table: dict[str, str | tuple[str, ...]], domain: str, out: Path = VI
) -> None:
    shipped = source if isinstance(source, Catalog) else read_po(source.open("rb"))
    catalog = Catalog(locale="vi", project=f"coop-registry ({domain} corrections)", fuzzy=False)
    missing = []
    for message in shipped:
        if not message.id:
            continue
        text = table.get(_msgid_key(message.id))
        if text is None:
            missing.append(_msgid_key(message.id))
            continue
        catalog.add(message.id, text if isinstance(message.id, str) else (text,))
    if missing:
        raise SystemExit(f"{domain}: no Vietnamese for {missing}")
    unused = set(table) - {_msgid_key(m.id) for m in shipped if m.id}
    if domain == "messages" and unused:
        raise SystemExit(f"{domain}: translations no longer used: {sorted(unused)}")
    if domain == "wtforms":  # Flask-Admin's fields ask WTForms' domain for their own messages
        for msgid in sorted(unused):
            catalog.add(msgid, table[msgid])
    out.mkdir(parents=True, exist_ok=True)
    with (out / f"{domain}.po").open("wb") as f:
        write_po(f, catalog, width=100, omit_header=False)


def click_messages() -> Catalog:
    """The messages click's source marks for translation (click ships no catalogue), and the
    command line's own help, read off its commands."""
    from registry.cli import cli
    from registry.cli_language import help_texts

    catalog = Catalog()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    for _file, _line, message, _comments, _context in extract_from_dir(
        Path(click.__file__).parent, keywords=keywords
    ):
        catalog.add(message)
    helps = set(help_texts(cli))
    if unused := set(CLI_HELP) - helps:
        raise SystemExit(f"click: help translations no longer used: {sorted(unused)}")
    for text in sorted(helps):
        catalog.add(text)
    return catalog


def main() -> None:
    root = HERE.parent.parent.parent
    pot = HERE.parent / "messages.pot"
    subprocess.run(
        [
            "pybabel",
            "extract",
            "-F",
            str(root / "admin" / "babel.cfg"),
            "-k",
            "_l",
            "--no-location",
            "--omit-header",
            "-o",
            str(pot),
            str(root),
        ],
        check=True,
        cwd=root,
        capture_output=True,
    )
    build(pot, MESSAGES, "messages")
    pot.unlink()
    build(
        Path(flask_admin.__file__).with_name("translations") / "vi" / "LC_MESSAGES" / "admin.po",
        ADMIN,
        "admin",
    )
    build(Path(messages_path()) / "wtforms.pot", WTFORMS, "wtforms")
    build(click_messages(), CLICK | CLI_HELP, "click", CLI_LOCALE / "vi" / "LC_MESSAGES")
    for domain in ("messages", "admin", "wtforms"):
        subprocess.run(["pybabel", "compile", "-D", domain, "-d", str(HERE.parent)], check=True)
    subprocess.run(["pybabel", "compile", "-D", "click", "-d", str(CLI_LOCALE)], check=True)


if __name__ == "__main__":
    main()
