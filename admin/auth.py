"""Sign-in: sessions kept in the database, Argon2id passwords, attempts counted per account
name and address (:mod:`registry.services.sign_in`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from admin.extensions import db, login_manager
from admin.forms import RegistryForm
from registry.enums import AuditAction
from registry.services import audit, sign_in

bp = Blueprint("auth", __name__)


class LoginUser:
    """What Flask-Login keeps about the signed-in user: id, name and role, not the row."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user) -> None:  # a User, or a row of the same columns
        self.id = user.id
        self.username = user.username
        self.full_name = user.full_name
        self.role = user.role

    def get_id(self) -> str:
        return str(self.id)


class LoginForm(RegistryForm):
    username = StringField(_l("Username"), validators=[InputRequired(_l("Enter your username."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])


@login_manager.user_loader
def _load(user_id: str) -> LoginUser | None:
    """Read on every request, in one query: the cookie's session must still be live (not
    signed out, its password not changed since) and its account active."""
    row = sign_in.session_user(db.session, session.get("sid"))
    return LoginUser(row) if row is not None and str(row.id) == user_id else None


def _safe_next(target: str | None) -> str:
    """A path of this site to go on to, never another site: ``//host`` and ``/\\host`` are
    refused, and so is any control character (``/%09/host`` arrives as ``/<tab>/host``, which
    browsers read as ``//host``)."""
    if target and target.isprintable():
        path = target.replace("\\", "/")
        parts = urlsplit(path)
        if path.startswith("/") and not path.startswith("//") and not parts.netloc:
            return target
    return url_for("admin.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        username = form.username.data.strip().lower()
        keys = [sign_in.account_key(username), sign_in.address_key(request.remote_addr)]
        # A transaction of its own that begins by writing: SQLite then waits for other
        # writers instead of refusing a transaction that read before them.
        db.session.commit()
        allowed = sign_in.take_attempt(db.session, keys)
        db.session.commit()  # counted before the password is checked, seen by every request
        user = sign_in.check_password(db.session, username, form.password.data) if allowed else None
        signed_in = LoginUser(user) if user is not None else None
        db.session.commit()  # what follows writes: again a transaction that begins by writing
        if signed_in is not None:
            token = sign_in.succeeded(
                db.session, signed_in.id, signed_in.username, request.remote_addr
            )
            db.session.info["user_id"] = signed_in.id
            audit.record(
                db.session,
                action=AuditAction.LOGIN,
                table_name="user_account",
                record_id=str(signed_in.id),
                summary=signed_in.username,
            )
            db.session.commit()
            target = _safe_next(request.args.get("next"))
            language = session.get("lang")
            session.clear()  # a new session: nothing, the CSRF secret included, carries over
            if language:
                session["lang"] = language
            session["sid"] = token
            login_user(signed_in)
            return redirect(target)
        audit.record(
            db.session,
            action=AuditAction.LOGIN_FAILED,
            table_name="user_account",
            summary=(
                f"{username[:64]} từ {request.remote_addr}"
                + ("" if allowed else ", thử quá nhiều lần"),
                f"{username[:64]} from {request.remote_addr}"
                + ("" if allowed else ", too many attempts"),
            ),
        )
        db.session.commit()
        if allowed:
            flash(_("Wrong username or password."), "error")
            status = 401
        else:
            flash(_("Too many failed attempts: sign-in is refused for a few minutes."), "error")
            status = 429
    return render_template("login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    sign_in.end_session(db.session, session.get("sid"))
    db.session.commit()
    logout_user()
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    from flask import abort

    if code not in ("vi", "en"):
        abort(404)
    session["lang"] = code
    return redirect(_safe_next(request.form.get("next")))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    app.register_blueprint(bp)
