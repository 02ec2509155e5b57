"""Flask extensions, created once and bound to each app in ``create_app``."""

from flask import g
from flask_babel import Babel
from flask_login import LoginManager
from flask_sqlalchemy_lite import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlmodel import Session

#: One session per request, of SQLModel's class so the audit listener sees it.
db = SQLAlchemy(session_options={"class_": Session, "expire_on_commit": False})
csrf = CSRFProtect()


def init_db(app) -> None:
    """Bind ``db``, without its teardown for async sessions: the registry has no async
    engine, and Flask runs an async teardown through asgiref on a worker thread for every
    request (~1 ms each, measured), so it is dropped (Flask-SQLAlchemy-Lite 0.2.1 always
    registers it; see pallets-eco/flask-sqlalchemy-lite#11 for its other trouble)."""
    db.init_app(app)
    app.teardown_appcontext(close_reports_session)
    app.teardown_appcontext_funcs[:] = [
        f for f in app.teardown_appcontext_funcs if f.__name__ != "_close_async_sessions"
    ]


def reports_session() -> Session:
    """The session report pages and the API read with: one on the reports database (a
    streaming replica, ``REPORTS_DATABASE_URL``) when the deployment names one, else the
    request's own. Nothing is written through it."""
    if "reports" not in db.engines:
        return db.session
    if "reports_session" not in g:
        g.reports_session = Session(bind=db.get_engine("reports"), expire_on_commit=False)
    return g.reports_session


def close_reports_session(_error=None) -> None:
    session = g.pop("reports_session", None)
    if session is not None:
        session.close()


babel = Babel()
login_manager = LoginManager()
