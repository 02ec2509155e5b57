"""Work that outlasts a request (an import's check or commit), kept in the registry's own
database so that no process's end loses it: see :mod:`registry.jobs`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from registry.enums import JobState
from registry.models.base import IDS_NEVER_REUSED, enum_field, fk_field, utcnow

#: The states of a job not yet ended.
ACTIVE = (JobState.QUEUED, JobState.RUNNING)


class Job(SQLModel, table=True):
    """One job: what to do (``task`` with ``arguments``), for whom, where it stands and how it
    ended. ``attempt`` rises each time a worker takes it: a worker writes its outcome only while
    the attempt is still its own, so a job taken again after its worker died ends once."""

    __tablename__ = "job"
    __table_args__ = (sa.Index("ix_job_subject", "subject", "task"), IDS_NEVER_REUSED)

    id: int | None = Field(default=None, primary_key=True)
    task: str = Field(max_length=40, description="What to do, e.g. import.check.")
    subject: str = Field(max_length=64, description="What it is about, e.g. an upload's token.")
    key: str = Field(max_length=64, description="SHA-256 of the arguments: same work, same job.")
    arguments: dict[str, Any] = Field(sa_type=sa.JSON, description="The task's arguments.")
    user_id: int | None = fk_field(
        "user_account.id", default=None, ondelete="CASCADE", description="On whose behalf."
    )
    state: JobState = enum_field(
        JobState, name="job_state", default=JobState.QUEUED, index=True, description="State."
    )
    attempt: int = Field(default=0, description="How many times a worker has taken it.")
    worker: str = Field(default="", max_length=120, description="host:pid of the last worker.")
    created_at: datetime = Field(default_factory=utcnow, description="When asked for (UTC).")
    queued_at: datetime = Field(default_factory=utcnow, description="When last queued (UTC).")
    started_at: datetime | None = Field(default=None, description="When last taken (UTC).")
    finished_at: datetime | None = Field(default=None, description="When it ended (UTC).")
    result: dict[str, Any] | None = Field(
        default=None, sa_type=sa.JSON, description="Its outcome, or why it was refused or failed."
    )

    @property
    def finished(self) -> bool:
        return self.state not in ACTIVE
