"""An upload's checked plan, kept for the preview's pages: the same plan whether this process
holds it or another reads its file (a gunicorn worker that did not check it)."""

from __future__ import annotations

import secrets

from importers import uploads
from importers.run import plan
from tests.importers.conftest import workbook


def test_a_kept_plan_reads_back_whole_from_its_file(session, tmp_path):
    path = workbook(
        tmp_path,
        [
            ["STT", "Tên HTX", "Mã số thuế", "Huyện", "Tình trạng"],
            [1, "HTX Nông nghiệp Ia Tiêm", "5990000091", "Chư Sê", "hoạt động yếu"],
            [2, "", "5990000092", "Chư Sê", "Đang hoạt động"],
        ],
    )
    checked = plan(session, path)
    token = secrets.token_urlsafe(16)
    uploads.keep_plan(token, 7, checked)
    assert uploads.checked_plan(token, 7) is checked  # held by the process that checked it
    uploads.forget_plans()
    read = uploads.checked_plan(token, 7)
    assert read is not checked and read == checked
    rejected = next(o for o in read.outcomes if o.action == "rejected")
    assert rejected.reasons and [r.en for r in rejected.reasons] == [
        r.en for r in checked.outcomes[1].reasons
    ]
    assert read.disagreements("en") == checked.disagreements("en")
    uploads.keep_plan(token, 8, checked)  # checked again: the earlier plan goes
    uploads.forget_plans()
    assert uploads.checked_plan(token, 7) is None and uploads.checked_plan(token, 8) == checked
