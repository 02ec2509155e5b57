"""Vietnamese first, English on request, and our corrections to other packages' catalogues.

Flask-Babel merges a domain's catalogues in directory order and the *last* one wins. Flask-Admin
puts its own (wrong) Vietnamese catalogue after any application catalogue, so an application
cannot correct it (flask-admin issue 1882), and WTForms ships no Vietnamese at all. We therefore
append our directory to both domains, so our ``admin.po`` and ``wtforms.po`` are merged last.
"""

from __future__ import annotations

from pathlib import Path

import flask_admin
import flask_admin.babel as admin_babel
from flask import has_request_context, session
from flask_babel import get_locale
from wtforms.i18n import messages_path

TRANSLATIONS = Path(__file__).with_name("translations")
LANGUAGES = ("vi", "en")


def select_locale() -> str:
    """Vietnamese unless the user chose English with the switch in the header."""
    lang = session.get("lang") if has_request_context() else None
    return lang if lang in LANGUAGES else "vi"


def language() -> str:
    """``vi`` or ``en``: the language of this request's pages and messages."""
    return str(get_locale() or "vi")


def install_catalogue_corrections() -> None:
    """Idempotent: point Flask-Admin's and WTForms' domains at theirs, then ours."""
    flask_admin_dir = str(Path(flask_admin.__file__).with_name("translations"))
    admin_babel.domain._translation_directories = [flask_admin_dir, str(TRANSLATIONS)]
    admin_babel.domain.cache.clear()
    admin_babel.wtforms_domain._translation_directories = [messages_path(), str(TRANSLATIONS)]
    admin_babel.wtforms_domain.cache.clear()
