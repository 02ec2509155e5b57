"""Sign-in: Flask-Login sessions, Argon2id passwords, and a lock after repeated failures."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, Flask, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlmodel import select
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from admin.extensions import db, login_manager
from admin.forms import RegistryForm
from registry.enums import AuditAction
from registry.models import User
from registry.models.base import utcnow
from registry.services import audit
from registry.services.users import verify_password

bp = Blueprint("auth", __name__)

#: After this many failed attempts in a row, the account is locked for LOCK_MINUTES.
MAX_FAILURES = 5
LOCK_MINUTES = 15


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
    """Read on every request, so that a deactivated account is shut out at once; only the
    four columns the session needs (no ORM object: this runs before every page)."""
    row = db.session.execute(
        select(User.id, User.username, User.full_name, User.role).where(
            User.id == int(user_id), User.active
        )
    ).first()
    return LoginUser(row) if row is not None else None


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
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
        user = db.session.exec(select(User).where(User.username == username)).first()
        now = utcnow()
        if user is not None and user.locked_until is not None and user.locked_until > now:
            flash(_("Too many failed attempts: this account is locked for a few minutes."), "error")
            status = 429
        elif user is not None and user.active and verify_password(user, form.password.data):
            user.failed_logins = 0
            user.locked_until = None
            db.session.info["user_id"] = user.id
            audit.record(
                db.session,
                action=AuditAction.LOGIN,
                table_name="user_account",
                record_id=str(user.id),
                summary=user.username,
            )
            db.session.commit()
            login_user(LoginUser(user))
            return redirect(_safe_next(request.args.get("next")))
        else:
            if user is not None:
                user.failed_logins += 1
                if user.failed_logins >= MAX_FAILURES:
                    user.locked_until = now + timedelta(minutes=LOCK_MINUTES)
                    user.failed_logins = 0
            audit.record(
                db.session,
                action=AuditAction.LOGIN_FAILED,
                table_name="user_account",
                record_id=str(user.id) if user else None,
                summary=f"{username[:64]} from {request.remote_addr}",
            )
            db.session.commit()
            flash(_("Wrong username or password."), "error")
            status = 401
    return render_template("login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    from flask import abort, session

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
