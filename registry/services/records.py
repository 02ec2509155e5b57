"""The one write path for a record changed on a form (organisations, persons, memberships,
debts, assets, a year's figures): the user's area, the version the form was based on, and the
record's own rules, in one place. A form fills the record's fields; this decides whether they may be
saved. Status changes, contributions, imports and undo have their own services, which apply
the same area and rules (:mod:`registry.services.organisations`, :mod:`~.members`,
:mod:`~.batches`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import inspect
from sqlmodel import Session, select

from registry.enums import DatePrecision
from registry.models import AnnualFigures, Asset, Debt, Membership, Organisation, Person
from registry.models.finance import NON_NEGATIVE_FIGURES
from registry.scope import Scope, outside_area
from registry.services import members
from registry.services.errors import DomainError
from registry.services.organisations import check_tax_code
from registry.text import nfc

#: What a record is called in a message, per table.
WHAT = {
    "organisation": ("Tổ chức", "The organisation"),
    "person": ("Thành viên", "The member"),
    "membership": ("Tư cách thành viên", "The membership"),
    "debt": ("Khoản nợ", "The debt"),
    "asset": ("Tài sản", "The asset"),
    "dissolution_case": ("Hồ sơ", "The case"),
    "annual_figures": ("Số liệu năm", "The year's figures"),
}


def _named(record: Any) -> tuple[str, str]:
    """How a message names a record: by its own name where it has one, else as its
    organisation's (``Khoản nợ của «HTX …»``), never by an id."""
    vi, en = WHAT.get(record.__tablename__, ("Bản ghi", "The record"))
    if "__str__" in vars(type(record)) and str(record):
        return f"{vi} «{record}»", f"{en} '{record}'"
    organisation = getattr(record, "organisation", None)
    if organisation is not None:
        return f"{vi} của «{organisation.name}»", f"{en} of '{organisation.name}'"
    return vi, en


class StaleVersion(DomainError):
    """The form was based on an older version of the record: someone saved it meanwhile."""

    def __init__(self, record: Any, loaded: int) -> None:
        vi, en = _named(record)
        super().__init__(
            f"{vi} đã được người khác sửa sau khi bạn mở trang (phiên bản "
            f"{loaded} → {record.version}): thay đổi của bạn chưa được lưu, hãy mở lại và sửa.",
            f"{en} was changed by someone else after you opened the page (version "
            f"{loaded} → {record.version}): your changes were not saved; open it again.",
            field="version",
        )
        self.record, self.loaded = record, loaded


def check_version(record: Any, loaded: Any) -> None:
    """An edit must say which version it was based on, and that must be the current one. A
    new record (no id yet) has no version to check."""
    if record.id is None:
        return
    text = str(loaded).strip() if loaded is not None else ""
    if not text.isdigit() or len(text) > 9:
        raise DomainError(
            "Biểu mẫu không cho biết phiên bản của bản ghi: hãy tải lại trang rồi sửa lại.",
            "The form does not say which version of the record it shows: reload the page "
            "and edit again.",
            field="version",
        )
    if int(text) != _committed(record, "version"):
        raise StaleVersion(record, int(text))


def _committed(record: Any, key: str) -> Any:
    """The value a field had when loaded, before the form changed it."""
    history = inspect(record).attrs[key].history
    if history.deleted:
        return history.deleted[0]
    return getattr(record, key)


def save(*, session: Session, record: Any, scope: Scope, loaded_version: Any = None) -> None:
    """Apply the area, the version and the record's rules to ``record`` as a form filled it;
    raise :class:`DomainError` to refuse. Flushes nothing: the caller's flush (and commit)
    writes it, and the audit listener records it."""
    if not scope.can_edit:
        raise DomainError(
            "Vai trò của bạn không cho phép sửa dữ liệu.", "Your role does not allow editing."
        )
    check_version(record, loaded_version)
    with session.no_autoflush:
        RULES.get(type(record), _in_owner_area)(session, record, scope)


def _organisation_rules(session: Session, organisation: Organisation, scope: Scope) -> None:
    """Where it was and where it goes must both be in the area; the name in NFC, the tax
    code normalised and unique, a founding date's precision set with it."""
    if organisation.id is not None and not scope.allows_units(
        _committed(organisation, "unit_id"), _committed(organisation, "legacy_unit_id")
    ):
        raise outside_area()
    if not scope.allows(organisation):
        raise DomainError(
            "Tổ chức phải thuộc địa bàn bạn phụ trách.",
            "The organisation must lie in your area.",
            field="unit_id",
        )
    organisation.name = nfc(organisation.name)
    if organisation.founded_on is None:
        organisation.founded_precision = None
    elif organisation.founded_precision is None:
        organisation.founded_precision = DatePrecision.DAY
    organisation.tax_code = (organisation.tax_code or "").replace(" ", "").replace(".", "") or None
    check_tax_code(session, organisation.tax_code, organisation.id)


def _digits(number: str | None) -> str | None:
    """A number as the registry keeps it: without the spaces and dots it is written with
    (``39.07.101.064`` is ``3907101064``)."""
    return (number or "").replace(" ", "").replace(".", "") or None


def _owner(session: Session, record: Any) -> Organisation | None:
    organisation = getattr(record, "organisation", None)
    if organisation is None and getattr(record, "organisation_id", None) is not None:
        organisation = session.get(Organisation, record.organisation_id)
    return organisation


def _in_owner_area(session: Session, record: Any, scope: Scope) -> None:
    """A record that hangs off an organisation is changed only within the area, and never
    moved to another organisation."""
    if record.id is not None and inspect(record).attrs.organisation_id.history.deleted:
        raise outside_area()
    organisation = _owner(session, record)
    if organisation is None or not scope.allows(organisation):
        raise outside_area()


def _membership_rules(session: Session, membership: Membership, scope: Scope) -> None:
    _in_owner_area(session, membership, scope)
    if membership.id is not None and inspect(membership).attrs.person_id.history.deleted:
        raise DomainError(
            "Không đổi người của một tư cách thành viên: hãy cho người này ra và thêm người kia.",
            "A membership's person cannot change: record the leaving, then add the new member.",
            field="person",
        )
    # A form links the objects; their ids are known once they exist (a new person or a new
    # organisation has no membership yet to clash with).
    if membership.person is not None:
        membership.person_id = membership.person.id
    if membership.organisation is not None:
        membership.organisation_id = membership.organisation.id
    members.check_membership(session, membership)
    notice = members.minimum_notice(session, membership)
    if notice is not None:
        session.info.setdefault("notices", []).append(notice)


def _debt_rules(session: Session, debt: Debt, scope: Scope) -> None:
    _in_owner_area(session, debt, scope)
    if debt.secured_by_asset_id is not None:
        asset = session.get(Asset, debt.secured_by_asset_id)
        if asset is None or asset.organisation_id != debt.organisation_id:
            raise DomainError(
                "Tài sản bảo đảm phải là tài sản của chính tổ chức này.",
                "The securing asset must be one of this organisation's own.",
                field="secured_by_asset_id",
            )


def _figures_rules(session: Session, figures: AnnualFigures, scope: Scope) -> None:
    """A year's figures as the importer checks them: a year that has begun, counts and
    amounts never negative (a loss is a negative profit), members by type within the total,
    the general meeting neither in the future nor before the year; one set per year."""
    _in_owner_area(session, figures, scope)
    this_year = date.today().year
    if figures.year is None or not 1990 <= figures.year <= this_year:
        raise DomainError(
            f"Năm báo cáo phải từ 1990 đến {this_year}.",
            f"The reporting year runs from 1990 to {this_year}.",
            field="year",
        )
    for name in (*NON_NEGATIVE_FIGURES, "avg_member_income_vnd"):
        if (getattr(figures, name) or 0) < 0:
            raise DomainError(
                "Giá trị này không được âm.", "This value cannot be negative.", field=name
            )
    parts = (figures.members_official, figures.members_associate)
    if figures.members_total is not None and sum(p or 0 for p in parts) > figures.members_total:
        raise DomainError(
            f"Thành viên chính thức và liên kết ({sum(p or 0 for p in parts)}) nhiều hơn tổng số "
            f"thành viên ({figures.members_total}).",
            f"Official and associate members ({sum(p or 0 for p in parts)}) exceed the total "
            f"({figures.members_total}).",
            field="members_total",
        )
    meeting = figures.general_meeting_on
    if meeting is not None and (meeting > date.today() or meeting.year < figures.year):
        raise DomainError(
            f"Ngày đại hội thành viên phải từ năm {figures.year} trở đi, không ở tương lai.",
            f"The general meeting falls in {figures.year} or later, never in the future.",
            field="general_meeting_on",
        )
    if meeting is None:
        figures.general_meeting_precision = None
    elif figures.general_meeting_precision is None:
        figures.general_meeting_precision = DatePrecision.DAY
    other = session.scalar(
        select(AnnualFigures.id).where(
            AnnualFigures.organisation_id == figures.organisation_id,
            AnnualFigures.year == figures.year,
            AnnualFigures.id != (figures.id or 0),
        )
    )
    if other is not None:
        raise DomainError(
            f"Tổ chức đã có số liệu năm {figures.year}: hãy sửa bản đó.",
            f"The organisation already has figures for {figures.year}: edit those.",
            field="year",
        )


def _person_rules(session: Session, person: Person, scope: Scope) -> None:
    """A person is changed only by those whose area holds one of their memberships."""
    if person.id is not None and not scope.allows_person(session, person.id):
        raise outside_area()
    person.full_name = nfc(person.full_name)
    person.id_number = (person.id_number or "").replace(" ", "") or None


RULES: dict[type, Callable[[Session, Any, Scope], None]] = {
    Organisation: _organisation_rules,
    Membership: _membership_rules,
    Debt: _debt_rules,
    Person: _person_rules,
    AnnualFigures: _figures_rules,
}
