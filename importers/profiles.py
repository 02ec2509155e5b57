"""Named column mappings: the clerk corrects how a file's columns were read once, saves it,
and the next file of the same shape is read the same way (``--profile NAME`` or the web)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from importers.fields import KIND_FIELDS
from importers.results import Refused
from registry.models import ImportProfile
from registry.text import fold


def corrections_from(chosen: dict[str, str], kind: str) -> dict[str, str]:
    """Header → field as chosen on the preview, folded, each field checked against the kind
    (an empty field means the column is not imported)."""
    fields = set(KIND_FIELDS[kind])
    result = {}
    for header, field in chosen.items():
        if field and field not in fields:
            raise Refused(
                f"Cột «{header}»: «{field}» không phải là trường của loại dữ liệu này.",
                f"Column '{header}': '{field}' is not a field of this kind of record.",
            )
        result[fold(header)] = field
    return result


def save_profile(
    session: Session,
    name: str,
    kind: str,
    corrections: dict[str, str],
    user_id: int | None,
    answers: list[list[str]] | None = None,
) -> ImportProfile:
    """Create the named profile, or replace its mapping and answers. The caller commits."""
    profile = session.scalar(select(ImportProfile).where(ImportProfile.name == name))
    answers = [list(a) for a in answers or []]
    if profile is None:
        profile = ImportProfile(
            name=name, kind=kind, columns=corrections, user_id=user_id, answers=answers
        )
    else:
        profile.kind, profile.columns, profile.user_id = kind, dict(corrections), user_id
        profile.answers = answers
    session.add(profile)
    session.flush()
    return profile
