"""Forms of the records an organisation owns (members, debts, land and other assets, a
year's figures), each a page of its own reached from the organisation's file: the
organisation is chosen among the area's (the one the officer came from first, and checked
again on save by the write path), and a save returns to that organisation's file, on the
tab the record belongs to."""

from __future__ import annotations

from flask import url_for
from flask_admin.form import Select2Field
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from admin.extensions import db
from admin.views.base import id_arg, is_id
from registry.models import Organisation

#: The organisations a form offers at most (an area officer's are far fewer).
CHOICES_LIMIT = 5000


class OwnedForms:
    """Mixed into a model view whose model has ``organisation_id``."""

    #: The file's tab the record is shown on (``#tab-…``).
    file_tab = ""
    form_overrides = {"organisation_id": Select2Field}
    form_args = {
        "organisation_id": {
            "coerce": lambda v: int(v) if is_id(v) else None,
            "choices": [],
            "label": _l("Organisation"),
        }
    }

    def prepare_form(self, form, obj=None):
        """The area's organisations; the one the officer came from first. Subclasses fill
        further choices that depend on the organisation (:meth:`organisation_chosen`)."""
        wanted = id_arg("organisation_id") or (obj and obj.organisation_id)
        query = select(Organisation.id, Organisation.name).order_by(Organisation.name)
        where = self.access.organisation_filter()
        if where is not None:
            query = query.where(where)
        if wanted:
            query = query.where(Organisation.id == wanted)
        rows = db.session.execute(query.limit(CHOICES_LIMIT))
        form.organisation_id.choices = [(i, n) for i, n in rows]
        if wanted and form.organisation_id.data is None:
            form.organisation_id.data = wanted
        self.organisation_chosen(form, form.organisation_id.data, obj)
        return form

    def organisation_chosen(self, form, organisation_id: int | None, obj=None) -> None:
        """Choices of the form that depend on the organisation (a debt's securing asset)."""

    def create_form(self, obj=None):
        return self.prepare_form(super().create_form(obj))

    def edit_form(self, obj=None):
        return self.prepare_form(super().edit_form(obj), obj)

    def get_save_return_url(self, model, is_created: bool = False) -> str:
        return url_for("organisation.details_view", id=model.organisation_id) + (
            f"#tab-{self.file_tab}" if self.file_tab else ""
        )
