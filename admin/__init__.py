"""The web face of the registry: app factory, sign-in, screens, translations."""

from __future__ import annotations

import os
import secrets
from typing import Any

from flask import Flask, abort, g, redirect, render_template, request, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import Forbidden
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from admin import auth, formatting, jobs, security
from admin.extensions import babel, csrf, db, init_db
from admin.i18n import install_catalogue_corrections, language, select_locale
from registry.config import data_dir, database_url, reports_database_url
from registry.db import WRITING, configure, engine_options
from registry.models.base import MAX_ID


class _SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (behind a proxy, set
    up werkzeug's ProxyFix so that Flask knows), or always with SESSION_COOKIE_SECURE."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


class RecordId(IntegerConverter):
    """``<int:…>`` in a route: a number beyond the tables' 32-bit keys matches no route (404),
    rather than reaching PostgreSQL, which refuses to compare it (a server error)."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(url_map, *args, **kwargs)


def _secret_key() -> str:
    """A random key kept in the data directory, so sessions survive a restart."""
    path = data_dir() / "secret-key"
    if not path.exists():
        path.write_text(secrets.token_hex(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application. ``config`` may hold ``DATABASE_URL`` (default: the registry's
    configured database); anything else is Flask configuration."""
    app = Flask(__name__)
    app.url_map.converters["int"] = RecordId
    app.session_interface = _SessionInterface()

    @app.before_request
    def _writing() -> None:  # before anything reads the database (registry.db.WRITING)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            g.writing = WRITING.set(True)

    @app.teardown_request
    def _written(_error=None) -> None:
        if (token := g.pop("writing", None)) is not None:
            WRITING.reset(token)

    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        BABEL_DEFAULT_LOCALE="vi",
        BABEL_TRANSLATION_DIRECTORIES="translations",
        WTF_CSRF_TIME_LIMIT=None,
        FLASK_ADMIN_SWATCH="default",
        # How long a request waits for an import job before showing its progress instead.
        IMPORT_WAIT_SECONDS=float(os.environ.get("REGISTRY_IMPORT_WAIT_SECONDS", 2.0)),
    )
    app.config.update(config or {})
    if not app.config.get("SECRET_KEY"):
        # Several machines serving one registry share one key (deployment.md), else each
        # instance makes its own.
        app.config["SECRET_KEY"] = os.environ.get("REGISTRY_SECRET_KEY") or _secret_key()
    proxies = int(app.config.get("PROXIES") or os.environ.get("REGISTRY_PROXIES") or 0)
    if proxies:
        # Behind a load balancer or reverse proxy: the client's address (sign-in throttling,
        # the audit log) and scheme (Secure cookies) from the headers it sets, trusting that
        # many hops and no more.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    url = database_url(app.config.get("DATABASE_URL"))
    engines = {"default": {"url": url, **engine_options(url)}}
    if reports := reports_database_url(app.config.get("REPORTS_DATABASE_URL")):
        engines["reports"] = {"url": reports, **engine_options(reports)}
    app.config["SQLALCHEMY_ENGINES"] = engines

    init_db(app)
    jobs.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_catalogue_corrections()
    auth.init_app(app)
    security.init_app(app)
    formatting.init_app(app)
    with app.app_context():  # Flask-Admin's views look at the session when they are added
        configure(db.engine)
        _init_admin(app)
    from admin.api import api

    csrf.exempt(api)  # read-only, and authenticated by a key, never by the session cookie
    app.register_blueprint(api)

    @app.before_request
    def _no_nul() -> None:
        # No text this application keeps holds a NUL, and PostgreSQL refuses one in a query:
        # a request carrying one is malformed, said so before anything reads it.
        texts = [request.path, *request.args.keys(), *request.args.values(), *request.form.values()]
        if any("\x00" in text for text in texts):
            abort(400)

    @app.before_request
    def _who() -> None:
        # The audit trail names the signed-in user for every change in this request.
        if current_user.is_authenticated:
            db.session.info["user_id"] = current_user.id

    @app.route("/")
    def root():
        return redirect(url_for("admin.index"))

    @app.errorhandler(400)
    def _bad_request(error):
        if isinstance(error, CSRFError):
            return _csrf_error(error)
        message = _(
            "The request is malformed: a value in it cannot be read. Go back and try again."
        )
        return render_template("error.html", message=message), 400

    @app.errorhandler(403)
    def _forbidden(error):
        title = _("Not allowed")
        said = error.description if error.description != Forbidden.description else None
        message = said or _("Your role does not open this page.")
        return render_template("error.html", title=title, message=message), 403

    @app.errorhandler(404)
    def _not_found(_error):
        title = _("Not found")
        message = _("There is no such page or record, or it lies outside your area.")
        return render_template("error.html", title=title, message=message), 404

    @app.errorhandler(405)
    def _not_allowed(_error):
        message = _("This page does not take that kind of request. Go back and try again.")
        return render_template("error.html", message=message), 405

    @app.errorhandler(500)
    def _server_error(error):
        db.session.rollback()
        reference = secrets.token_hex(4)
        app.logger.error(
            "unexpected error, reference %s", reference, exc_info=error.original_exception
        )
        title = _("Something went wrong")
        message = _(
            "An unexpected error stopped this request; nothing of it was saved. Tell the "
            "administrator its reference, %(reference)s, which the server log holds.",
            reference=reference,
        )
        return render_template("error.html", title=title, message=message), 500

    @app.after_request
    def _language_of_the_page(response):
        # Flask-Admin's own page frame opens with a bare <html>: say the page's language.
        if response.mimetype == "text/html" and not response.direct_passthrough:
            body = response.get_data()
            if b"<html>" in body[:200]:
                tag = f'<html lang="{language()}">'.encode()
                response.set_data(body.replace(b"<html>", tag, 1))
        return response

    @app.errorhandler(CSRFError)
    def _csrf_error(error):
        message = _(
            "The form has expired or did not come from this site (CSRF check). "
            "Reload the page and try again."
        )
        return render_template("error.html", message=message), 400

    return app


def _init_admin(app: Flask) -> None:
    from admin.views.accounts import AuditView, UserView
    from admin.views.api_keys import ApiKeysView
    from admin.views.cases import CandidatesView, CasesView
    from admin.views.dashboard import DashboardView
    from admin.views.exchange import ExchangeView
    from admin.views.imports import ImportView
    from admin.views.jobs import JobsView
    from admin.views.ledgers import AnnualFiguresView, DebtListView, LandListView
    from admin.views.organisations import OrganisationView
    from admin.views.people import ContributionView, MembershipView, PersonView
    from admin.views.progress import ProgressView
    from admin.views.reports import ReportsView
    from admin.views.rules import RuleSetView
    from admin.views.submissions import SubmissionsView
    from registry.models import (
        AnnualFigures,
        Asset,
        AuditEntry,
        Contribution,
        Debt,
        Membership,
        Organisation,
        Person,
        User,
    )

    admin = Admin(
        app,
        name=str(_l("Cooperative registry")),
        index_view=DashboardView(name=_l("Overview"), url="/admin"),
        theme=Bootstrap4Theme(base_template="admin/registry_base.html", fluid=True),
    )
    admin.add_view(
        OrganisationView(Organisation, name=_l("Organisations"), endpoint="organisation")
    )
    admin.add_view(PersonView(Person, name=_l("People"), endpoint="person"))
    admin.add_view(MembershipView(Membership, name=_l("Memberships"), endpoint="membership"))
    admin.add_view(
        ContributionView(Contribution, name=_l("Capital ledger"), endpoint="contribution")
    )
    dissolution = _l("Dissolution")
    admin.add_view(
        CandidatesView(
            name=_l("Grounds for dissolution"), endpoint="candidates", category=dissolution
        )
    )
    admin.add_view(CasesView(name=_l("Cases"), endpoint="cases", category=dissolution))
    clean_up = _l("Clean-up")
    admin.add_view(DebtListView(Debt, name=_l("Debts"), endpoint="debts", category=clean_up))
    admin.add_view(LandListView(Asset, name=_l("Land"), endpoint="land", category=clean_up))
    admin.add_view(
        AnnualFiguresView(
            AnnualFigures, name=_l("Annual figures"), endpoint="figures", category=clean_up
        )
    )
    admin.add_view(
        ProgressView(name=_l("Progress of Plan 655"), endpoint="progress", category=clean_up)
    )
    reporting = _l("Reports")
    admin.add_view(ReportsView(name=_l("Annual report"), endpoint="reports", category=reporting))
    admin.add_view(
        SubmissionsView(name=_l("Areas' reports"), endpoint="submissions", category=reporting)
    )
    admin.add_view(
        ExchangeView(name=_l("National database"), endpoint="exchange", category=reporting)
    )
    admin.add_view(ImportView(name=_l("Import"), endpoint="imports"))
    admin.add_view(UserView(User, name=_l("Users"), endpoint="user", category=_l("System")))
    admin.add_view(
        AuditView(AuditEntry, name=_l("Audit log"), endpoint="audit", category=_l("System"))
    )
    admin.add_view(RuleSetView(name=_l("Legal rule set"), endpoint="rules", category=_l("System")))
    admin.add_view(ApiKeysView(name=_l("API keys"), endpoint="api_keys", category=_l("System")))
    admin.add_view(JobsView(name=_l("Background jobs"), endpoint="jobs", category=_l("System")))
