"""The web face of the registry: app factory, sign-in, screens, translations."""

from __future__ import annotations

from typing import Any

from flask import Flask, g, request, session
from flask_babel import Babel
from flask_wtf import CSRFProtect
from sqlmodel import Session

from admin import auth, formatting, views
from registry.config import data_dir
from registry.db import make_engine

LANGUAGES = ("vi", "en")
csrf = CSRFProtect()
babel = Babel()


def _secret_key() -> str:
    """A random key kept in the data directory, so sessions survive a restart."""
    import secrets

    path = data_dir() / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def select_locale() -> str:
    lang = session.get("lang")
    return lang if lang in LANGUAGES else "vi"


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application. ``config`` may hold ``ENGINE`` (an SQLAlchemy engine) or
    ``DATABASE_URL``; anything else is Flask configuration."""
    app = Flask(__name__)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_TRANSLATION_DIRECTORIES=str(app.root_path + "/translations"),
        WTF_CSRF_TIME_LIMIT=None,
    )
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key()
    engine = app.config.get("ENGINE") or make_engine(app.config.get("DATABASE_URL"))
    app.extensions["registry_engine"] = engine

    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    auth.init_app(app)
    formatting.init_app(app)
    app.register_blueprint(views.bp)

    @app.before_request
    def _open_session() -> None:
        g.db = Session(engine, expire_on_commit=False)
        # Secure cookies whenever the request reached us over HTTPS.
        app.config["SESSION_COOKIE_SECURE"] = request.is_secure

    @app.teardown_request
    def _close_session(exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            if exc is not None:
                db.rollback()
            db.close()

    return app
