"""Keys for the read-only API, for administrators: issue one to a user (shown once), see when
each was last used, revoke it."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, StringField, validators

from admin.access import current_access
from admin.extensions import db
from admin.forms import RegistryForm
from admin.i18n import language
from admin.views.plain import RoleView
from registry.enums import Role
from registry.models import ApiToken, User
from registry.services import tokens
from registry.services.errors import DomainError


class KeyForm(RegistryForm):
    user = SelectField(_l("User"), coerce=int, validators=[validators.InputRequired()])
    name = StringField(
        _l("What the key is for"),
        validators=[validators.InputRequired(), validators.Length(max=120)],
    )


class ApiKeysView(RoleView):
    roles = frozenset({Role.ADMIN})

    def _form(self, formdata=None):
        form = KeyForm(formdata=formdata) if formdata is not None else KeyForm()
        form.user.choices = [
            (u.id, f"{u.full_name} ({u.username})")
            for u in db.session.scalars(
                select(User).where(User.active.is_(True)).order_by(User.username)
            )
        ]
        return form

    @expose("/", methods=("GET", "POST"))
    def index(self):
        form = self._form()
        issued = None
        if form.validate_on_submit():
            try:
                issued, _row = tokens.issue(
                    db.session,
                    scope=current_access(),
                    issued_by=db.session.get(User, current_user.id),
                    user=db.session.get(User, form.user.data),
                    name=form.name.data,
                )
                db.session.commit()
            except DomainError as exc:
                db.session.rollback()
                form.name.errors = [*form.name.errors, exc.message(language())]
        keys = db.session.execute(
            select(ApiToken, User.username)
            .join(User, User.id == ApiToken.user_id)
            .order_by(ApiToken.id.desc())
        ).all()
        return self.render("admin/api_keys.html", form=form, issued=issued, keys=keys)

    @expose("/<int:key_id>/revoke", methods=("POST",))
    def revoke_view(self, key_id: int):
        row = db.session.get(ApiToken, key_id)
        form = RegistryForm()
        if row is None:
            abort(404)
        if not form.validate_on_submit():
            abort(400)
        tokens.revoke(db.session, scope=current_access(), token=row)
        db.session.commit()
        flash(_("The key was revoked; it reads nothing from now on."), "success")
        return redirect(url_for(".index"))
