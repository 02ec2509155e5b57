"""An import is audited as one entry per batch; the batch's change rows are the field-level
trail: every record it writes has one, naming the organisation whose file it belongs to."""

from __future__ import annotations

from sqlalchemy import func, select, text

from importers.run import commit, plan
from registry.enums import AuditAction
from registry.models import AuditEntry, ImportChange
from registry.services.audit import NOTED_BY_BATCH


def _counts(session) -> dict[str, int]:
    return {t: session.scalar(text(f"SELECT count(*) FROM {t}")) for t in NOTED_BY_BATCH}


def test_every_record_an_import_writes_is_a_change_of_its_batch(session, samples):
    files = [
        "coops_district_list.xlsx",
        "coops_vni.xls",
        "members.csv",
        "annual_figures_2024.xlsx",
        "debts_assets.xlsx",
    ]
    for name in files:
        before, audited = _counts(session), session.scalar(select(func.count(AuditEntry.id)))
        batch = commit(session, plan(session, samples / name))
        after = _counts(session)
        created = dict(
            session.execute(
                select(ImportChange.table_name, func.count())
                .where(ImportChange.batch_id == batch.id, ImportChange.action == "create")
                .group_by(ImportChange.table_name)
            ).all()
        )
        grown = {t: after[t] - before[t] for t in after if after[t] != before[t]}
        assert grown == created, name
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.id > audited).order_by(AuditEntry.id)
        ).all()
        assert [(e.action, e.record_id) for e in entries] == [
            (AuditAction.IMPORT, str(batch.id))
        ], name
        unplaced = select(func.count()).where(
            ImportChange.batch_id == batch.id, ImportChange.organisation_id.is_(None)
        )
        assert session.scalar(unplaced) == 0, name


def test_a_batchs_audit_entry_says_its_outcomes_in_words(session, samples):
    """Read in the audit log by a person: the outcomes in words, never a dict of codes."""
    from sqlmodel import select

    from importers.run import commit, plan
    from registry.models import AuditEntry

    result = plan(session, samples / "annual_figures_2024.xlsx")
    commit(session, result)
    entry = session.exec(
        select(AuditEntry)
        .where(AuditEntry.table_name == "import_batch")
        .order_by(AuditEntry.id.desc())
    ).first()
    assert "{" not in entry.summary and "'" not in entry.summary
    for action in result.counts():
        assert action not in entry.summary.split(": ", 1)[1].replace("mới", "")
    assert str(result.counted()) in entry.summary


def test_outcomes_are_counted_in_the_numbers_each_language_writes():
    from datetime import date

    from importers.results import Outcome, Plan

    outcomes = [Outcome("DS", n, "new") for n in range(12_000)] + [Outcome("DS", 1, "rejected")]
    counted = Plan("ds.xlsx", "0", "DS", date(2026, 1, 1), outcomes).counted()
    assert (str(counted), counted.en) == ("12.000 mới, 1 bị từ chối", "12,000 new, 1 rejected")
