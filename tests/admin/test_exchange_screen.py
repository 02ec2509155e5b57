"""The national exchange screen: planning staff export, and compare an extract without
writing anything."""

import io
import json
import time
import zipfile

import jsonschema

from registry.enums import AuditAction
from tests.admin.conftest import csrf_token, last_summary
from tests.test_exchange import SCHEMA


def test_the_exchange_screen_exports_and_compares(as_user, engine):
    assert as_user("chupah").get("/admin/exchange/").status_code == 403
    planner = as_user("planner")
    asked = planner.get("/admin/exchange/?format=json")  # written by a job
    assert asked.status_code == 302 and "/admin/exchange/export/" in asked.location
    exported = planner.get(asked.location)  # the job is done within the wait: the file
    assert exported.headers["Content-Disposition"].startswith("attachment; filename=trao-doi")
    document = json.loads(exported.data)
    jsonschema.validate(document, SCHEMA)
    logged = last_summary(engine, AuditAction.EXPORT)
    assert logged == "Xuất tệp trao đổi với cơ sở dữ liệu quốc gia (JSON)."
    document["organisations"] = document["organisations"][1:]
    page = planner.get("/admin/exchange/")
    compared = planner.post(
        "/admin/exchange/",
        data={
            "csrf_token": csrf_token(page.text),
            "extract": (io.BytesIO(json.dumps(document).encode()), "quoc-gia.json"),
        },
        content_type="multipart/form-data",
    )
    assert "0 chưa có trong cơ sở dữ liệu tỉnh" in compared.text
    broken = planner.post(
        "/admin/exchange/",
        data={"csrf_token": csrf_token(page.text), "extract": (io.BytesIO(b"{"), "x.json")},
        content_type="multipart/form-data",
    )
    assert 'id="extract-error"' in broken.text


def test_a_long_export_shows_its_progress_and_is_its_askers_alone(app, as_user, monkeypatch):
    """With no wait, the export page shows the job's progress and moves on to the file; the
    export and its progress are the planner's own (another planner is told: not found)."""
    monkeypatch.setitem(app.config, "IMPORT_WAIT_SECONDS", 0)
    planner = as_user("planner")
    job_url = planner.get("/admin/exchange/?format=csv").location
    waiting = planner.get(job_url)
    if waiting.status_code == 200 and b"job-bar" in waiting.data:
        stages = ("Đang chờ đến lượt…", "Đang đọc cơ sở dữ liệu…", "Đang ghi tệp xuất…")
        assert any(f'id="job-stage" class="mb-2">{s}<' in waiting.text for s in stages)
        assert 'src="/static/job_progress.js"' in waiting.text
    states = []
    for _ in range(600):
        states.append(planner.get(job_url + "/progress").get_json())
        if states[-1]["finished"]:
            break
        time.sleep(0.05)
    assert states[-1]["stage"] == "finished" and states[-1]["done"] == states[-1]["total"] > 0
    assert as_user("admin").get(job_url).status_code == 404
    assert as_user("admin").get(job_url + "/progress").status_code == 404
    monkeypatch.setitem(app.config, "IMPORT_WAIT_SECONDS", 60)
    done = planner.get(job_url)
    assert done.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(done.data)) as archive:
        assert "organisations.csv" in archive.namelist()
