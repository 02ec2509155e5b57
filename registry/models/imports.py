"""Import batches and the records each one touched, so a batch can be shown and undone."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.models.base import fk_field, utcnow


class ImportBatch(SQLModel, table=True):
    """One file (one sheet) imported in one transaction."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    file_name: str = Field(max_length=255, description="Name of the file as uploaded.")
    sha256: str = Field(max_length=64, index=True, description="SHA-256 of the file's bytes.")
    sheet: str = Field(max_length=120, description="Sheet the rows came from.")
    kind: str = Field(max_length=32, description="Record kind: organisations, members, …")
    as_of: date | None = Field(default=None, description="Date the file's figures refer to.")
    user_id: int | None = fk_field("user_account.id", default=None, description="Who imported.")
    created_at: datetime = Field(default_factory=utcnow, description="When committed (UTC).")
    undone_at: datetime | None = Field(default=None, description="When undone, if it was.")
    counts: dict[str, Any] | None = Field(
        default=None, sa_type=sa.JSON, description="Rows per outcome."
    )


class ImportChange(SQLModel, table=True):
    """A record a batch created or changed, with its source row and its values before."""

    __tablename__ = "import_change"
    __table_args__ = (sa.Index("ix_import_change_record", "table_name", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = fk_field("import_batch.id", index=True, description="The batch.")
    table_name: str = Field(max_length=64, description="Which table.")
    record_id: int = Field(description="Which record.")
    organisation_id: int | None = Field(
        default=None,
        index=True,
        description="The organisation whose file the record belongs to, for its history (empty "
        "before migration 0014, when every imported record had its own audit entry).",
    )
    sheet: str | None = Field(
        default=None,
        max_length=120,
        description="Sheet it came from (empty before migration 0004).",
    )
    row: int = Field(description="1-based sheet row it came from.")
    action: str = Field(max_length=16, description="create or update.")
    before: dict[str, Any] | None = Field(
        default=None, sa_type=sa.JSON, description="Values before the batch (updates)."
    )
    after: dict[str, Any] | None = Field(
        default=None,
        sa_type=sa.JSON,
        description="Values the batch wrote, for records without a version: undo compares them.",
    )
    version_after: int | None = Field(
        default=None, description="The record's version right after the batch."
    )


class ImportProfile(SQLModel, table=True):
    """A column mapping a clerk corrected and named, with the meanings given to unknown words,
    for the next file of the same shape."""

    __tablename__ = "import_profile"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120, unique=True, description="The name the clerk gave it.")
    kind: str = Field(max_length=32, description="Record kind the files hold.")
    columns: dict[str, str] = Field(
        sa_type=sa.JSON, description="Folded header → field; an empty field: not imported."
    )
    answers: list[list[str]] | None = Field(
        default_factory=list,
        sa_type=sa.JSON,
        description="What unknown words mean: [field, folded word, code] (empty for profiles "
        "saved before answers were kept).",
    )
    user_id: int | None = fk_field("user_account.id", default=None, description="Who saved it.")
    created_at: datetime = Field(default_factory=utcnow, description="When saved (UTC).")
