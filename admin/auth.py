"""Sign-in with Flask-Login; passwords checked by the registry's Argon2id service."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from sqlmodel import select
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from registry.models import User
from registry.services.users import verify_password

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


class LoginUser:
    """What Flask-Login keeps about the signed-in user: the id and role, not the row."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user: User) -> None:
        self.id = user.id
        self.username = user.username
        self.full_name = user.full_name
        self.role = user.role

    def get_id(self) -> str:
        return str(self.id)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[InputRequired(_l("Enter your username."))])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])


@login_manager.user_loader
def _load(user_id: str) -> LoginUser | None:
    user = g.db.get(User, int(user_id))
    return LoginUser(user) if user is not None and user.active else None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("views.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = g.db.exec(
            select(User).where(User.username == form.username.data.strip().lower())
        ).first()
        if user is not None and user.active and verify_password(user, form.password.data):
            login_user(LoginUser(user))
            return redirect(url_for("views.home"))
        flash(_("Wrong username or password."), "error")
    return render_template("login.html", form=form), 200 if request.method == "GET" else 401


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    return redirect(url_for("auth.login"))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    app.register_blueprint(bp)
