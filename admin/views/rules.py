"""The legal rule set, for administrators: the version in force, its history, and a new
version saved once it is checked (thresholds, citations, deadlines change without code)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_admin import expose
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from wtforms import StringField, TextAreaField, validators

from admin.access import current_access
from admin.extensions import db
from admin.forms import RegistryForm
from admin.i18n import language
from admin.views.plain import RoleView
from registry.enums import Role
from registry.models import User
from registry.services import rule_sets
from registry.services.errors import DomainError


class RuleSetForm(RegistryForm):
    text = TextAreaField(_l("Rule set (TOML)"), validators=[validators.InputRequired()])
    note = StringField(
        _l("What changed, and on which legal text"),
        validators=[validators.InputRequired(), validators.Length(max=500)],
    )


class RuleSetView(RoleView):
    roles = frozenset({Role.ADMIN})

    @expose("/", methods=("GET", "POST"))
    def index(self):
        current = rule_sets.current(db.session)
        form = RuleSetForm()
        if not form.is_submitted():
            form.text.data = current.text
        if form.validate_on_submit():
            try:
                version = rule_sets.save_version(
                    db.session,
                    scope=current_access(),
                    text=form.text.data,
                    note=form.note.data,
                    user=db.session.get(User, current_user.id),
                )
                db.session.commit()
                flash(_("Rule set version %(n)s is in force.", n=version.id), "success")
                return redirect(url_for(".index"))
            except DomainError as exc:
                db.session.rollback()
                field = getattr(form, exc.field or "", None) or form.text
                field.errors = [*field.errors, exc.message(language())]
        users = dict(db.session.execute(select(User.id, User.full_name)).all())
        return self.render(
            "admin/rule_set.html",
            form=form,
            current=current,
            versions=rule_sets.versions(db.session),
            users=users,
            lang=language(),
        )
