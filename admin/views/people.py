"""People across all their memberships, the member list, and the capital ledger."""

from __future__ import annotations

from flask import request
from flask_admin import expose
from flask_admin.contrib.sqla.ajax import QueryAjaxModelLoader
from flask_admin.form import Select2Field
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import select
from wtforms import ValidationError, validators

from admin.access import current_access
from admin.extensions import db
from admin.fields import FormOnlyString
from admin.i18n import language
from admin.labels import LABELS
from admin.views.base import RegistryModelView, folded_match, id_arg, is_id
from admin.views.owned import OwnedForms
from registry.models import Contribution, Membership, Organisation, Person
from registry.services.errors import DomainError
from registry.services.members import contribute, find_or_create_person


class PersonView(RegistryModelView):
    """One person, whatever cooperatives they belong to. Large table: no total count."""

    column_list = ("full_name", "kind", "id_number", "birth_year")
    column_labels = LABELS
    column_searchable_list = ("name_key",)
    column_sortable_list = ("full_name", "birth_year")
    column_filters = ("kind",)
    form_columns = ("kind", "full_name", "id_number", "birth_year", "phone", "address")
    simple_list_pager = True
    details_template = "admin/person_file.html"

    def search_placeholder(self) -> str:
        return str(_l("Name or ID number"))

    def scope(self, query):
        if self.access.everywhere:
            return query
        return query.filter(
            Person.id.in_(
                select(Membership.person_id).where(
                    Membership.organisation_id.in_(self.access.organisation_ids())
                )
            )
        )

    def in_scope(self, model) -> bool:
        if self.access.everywhere or model.id is None:
            return True
        return (
            db.session.scalar(
                select(Membership.id)
                .where(
                    Membership.person_id == model.id,
                    Membership.organisation_id.in_(self.access.organisation_ids()),
                )
                .limit(1)
            )
            is not None
        )

    def _apply_search(self, query, count_query, joins, count_joins, search):
        digits = search.strip().replace(" ", "").replace(".", "")
        if digits.isdigit():  # an ID number: exact, through its unique index
            condition = Person.id_number == digits
            return (
                query.filter(condition),
                count_query.filter(condition) if count_query is not None else None,
                joins,
                count_joins,
            )
        return super()._apply_search(query, count_query, joins, count_joins, search)

    @expose("/details/")
    def details_view(self):
        person = self.get_one(request.args.get("id", ""))
        memberships = db.session.execute(
            select(Membership, Organisation)
            .join(Organisation)
            .where(Membership.person_id == person.id)
            .order_by(Membership.joined_on)
        ).all()
        visible = [(m, o) for m, o in memberships if self.access.allows(o)]
        return self.render(
            self.details_template,
            person=person,
            memberships=visible,
            hidden=len(memberships) - len(visible),
        )


class ScopedPersonLoader(QueryAjaxModelLoader):
    """Look-up of persons for the membership form: only people already in the user's area,
    searched by folded name or ID number. Someone from elsewhere is added by ID number."""

    def __init__(self) -> None:
        super().__init__("person", db, Person, fields=["full_name"], page_size=10)

    def get_one(self, pk):
        """The person a submitted form names, only if the user may see them: a posted id of
        someone elsewhere is no person at all."""
        if not is_id(pk):
            return None
        access = current_access()
        if not access.allows_person(db.session, int(pk)):
            return None
        with db.session.no_autoflush:
            return db.session.get(Person, int(pk))

    def get_list(self, term, offset=0, limit=10):
        query = select(Person)
        where = current_access().person_filter(Person.id)
        if where is not None:
            query = query.where(where)
        term = (term or "").strip()
        if term.isdigit():
            query = query.where(Person.id_number.like(f"{term}%"))
        else:
            query = query.where(folded_match(Person.name_key, term))
        return db.session.scalars(query.order_by(Person.name_key).offset(offset).limit(limit)).all()

    def format(self, model):
        if model is None:
            return None
        suffix = f" – {model.id_number}" if model.id_number else ""
        return model.id, f"{model.full_name}{suffix}"


class MembershipView(OwnedForms, RegistryModelView):
    """All memberships: who belongs to which organisation. A million rows: keyset-friendly
    order by id, no total count, one join per page for the names. A member is added, or
    their leaving recorded, on a page of its own reached from the organisation's file."""

    file_tab = "members"
    form_columns = (
        "organisation_id",
        "person",
        "new_person_name",
        "new_person_id_number",
        "member_type",
        "joined_on",
        "left_on",
    )
    form_ajax_refs = {"person": ScopedPersonLoader()}
    # Either an existing person is chosen, or a new one is named below (checked on save).
    form_args = OwnedForms.form_args | {"person": {"validators": [validators.Optional()]}}
    form_extra_fields = {
        "new_person_name": FormOnlyString(_l("or a new member: full name")),
        "new_person_id_number": FormOnlyString(_l("ID number (CCCD/CMND)")),
    }

    column_list = ("person", "organisation", "member_type", "joined_on", "left_on")
    column_labels = LABELS
    column_filters = ("member_type", "joined_on", "left_on")
    column_sortable_list = ("joined_on",)
    column_default_sort = ("id", True)
    simple_list_pager = True
    can_export = True
    # The person and organisation columns link to their files: no per-row action buttons.
    can_view_details = False
    column_display_actions = False
    list_template = "admin/lean_list.html"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Plain f-strings around an escaped name: ``Markup.format`` parses its template in
        # Python for every cell, a visible part of a page of 25 rows.
        self.column_formatters = dict(self.column_formatters) | {
            "person": lambda v, c, m, n: Markup(
                f'<a href="../person/details/?id={m.person_id}">{escape(m.person_name)}</a>'
            ),
            "organisation": lambda v, c, m, n: Markup(
                f'<a href="../organisation/details/?id={m.organisation_id}">'
                f"{escape(m.organisation_name)}</a>"
            ),
        }
        self.column_formatters_export = dict(self.column_formatters_export) | {
            "person": lambda v, c, m, n: m.person_name,
            "organisation": lambda v, c, m, n: m.organisation_name,
        }

    def get_list(self, *args, execute: bool = True, **kwargs):
        """The page as rows of the shown values, not as memberships with their person and
        organisation: building 75 ORM objects was a fifth of the request. The names are
        joined after paging, so skipping to page 500 walks only the membership keys."""
        count, query = super().get_list(*args, execute=False, **kwargs)
        query = (
            query.join(Person, Person.id == Membership.person_id)
            .join(Organisation, Organisation.id == Membership.organisation_id)
            .with_entities(
                *(Membership.__table__.c),
                Person.full_name.label("person_name"),
                Organisation.name.label("organisation_name"),
            )
        )
        return count, (query.all() if execute else query)

    def save(self, form, model, is_created) -> None:
        """The member is a person chosen from the area's own (the look-up is scoped, at
        submit too), or one found or created by ID number: knowing a person's ID number is
        how someone from elsewhere joins. Then the registry's one write path."""
        name = (form.new_person_name.data or "").strip()
        id_number = (form.new_person_id_number.data or "").replace(" ", "").strip() or None
        if name or id_number:
            person = (
                db.session.scalar(select(Person).where(Person.id_number == id_number))
                if id_number
                else None
            )
            if person is None and not name:
                raise ValidationError(_("Enter the new member's full name."))
            model.person = person or find_or_create_person(
                session=db.session, full_name=name, id_number=id_number
            )
        elif (
            is_created
            and model.person is not None
            and not current_access().allows_person(db.session, model.person.id)
        ):
            raise DomainError(
                "Người này không thuộc địa bàn bạn phụ trách: hãy thêm bằng số CCCD/CMND.",
                "This person is outside your area: add them by their ID number.",
                field="person",
            )
        if model.person is None:
            raise ValidationError(_("Choose a member, or enter a new member's name."))
        super().save(form, model, is_created)


class ContributionView(RegistryModelView):
    """The capital ledger; every entry goes through the capital-cap rule."""

    column_list = ("membership", "kind", "amount_vnd", "on", "note")
    column_labels = LABELS | {"membership": _l("Member")}
    column_default_sort = ("id", True)
    simple_list_pager = True
    form_columns = ("membership_id", "kind", "amount_vnd", "on", "note")
    form_overrides = {"membership_id": Select2Field}
    form_args = {"membership_id": {"coerce": int, "choices": [], "label": _l("Member")}}
    can_edit = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.column_formatters = dict(self.column_formatters) | {
            "membership": lambda v, c, m, n: _membership_text(m.membership_id),
        }

    def scope(self, query):
        if self.access.everywhere:
            return query
        return query.filter(
            Contribution.membership_id.in_(
                select(Membership.id).where(
                    Membership.organisation_id.in_(self.access.organisation_ids())
                )
            )
        )

    def in_scope(self, model) -> bool:
        membership = db.session.get(Membership, model.membership_id)
        return membership is not None and (
            self.access.everywhere or self.access.allows(membership.organisation)
        )

    def create_form(self, obj=None):
        form = super().create_form(obj)
        organisation_id = id_arg("organisation_id")
        query = (
            select(Membership, Person.full_name, Organisation.name)
            .join(Person)
            .join(Organisation)
            .where(Membership.left_on.is_(None))
        )
        if organisation_id:
            query = query.where(Membership.organisation_id == organisation_id)
        where = self.access.organisation_filter()
        if where is not None:
            query = query.where(where)
        form.membership_id.choices = [
            (m.id, f"{person} – {org}") for m, person, org in db.session.execute(query.limit(2000))
        ]
        return form

    def create_model(self, form):
        """Through the service, which applies the capital cap, instead of a bare insert."""
        from wtforms import ValidationError

        from registry.services.errors import DomainError

        membership = db.session.get(Membership, form.membership_id.data)
        try:
            if membership is None or not self.in_scope(Contribution(membership_id=membership.id)):
                raise ValidationError(str(_l("This record is outside your area.")))
            entry = contribute(
                session=db.session,
                membership=membership,
                amount_vnd=form.amount_vnd.data or 0,
                on=form.on.data,
                kind=form.kind.data,
                note=form.note.data or None,
            )
            db.session.commit()
            return entry
        except (DomainError, ValidationError) as exc:
            db.session.rollback()
            from flask import flash

            message = exc.message(language()) if isinstance(exc, DomainError) else str(exc)
            flash(message, "error")
            return False


def _membership_text(membership_id: int) -> str:
    membership = db.session.get(Membership, membership_id)
    if membership is None:
        return ""
    return f"{membership.person.full_name} – {membership.organisation.name}"
