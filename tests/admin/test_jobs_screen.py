"""The administrators' list of background jobs: each check, import and export with whose it
was, how it stands or ended, in words; a job given up after its workers stopped stands out."""

from sqlmodel import Session, select

from registry.enums import JobState
from registry.models import Job, User
from registry.models.base import utcnow
from tests.admin.conftest import csrf_token


def test_the_jobs_screen_says_what_each_job_did(as_user, samples, engine):
    planner = as_user("planner")
    page = planner.get("/admin/imports/")
    with (samples / "coops_vni.xls").open("rb") as f:
        uploaded = planner.post(
            "/admin/imports/",
            data={"csrf_token": csrf_token(page.text), "file": (f, "coops_vni.xls")},
            content_type="multipart/form-data",
        )
    preview = planner.get(uploaded.location)
    token = uploaded.location.rsplit("/", 1)[-1]
    planner.post(f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)})
    with Session(engine) as session:
        asker = session.exec(select(User).where(User.username == "planner")).one()
        session.add(
            Job(
                task="import.commit",
                subject="given-up-upload-token",
                key="k",
                arguments={"file_name": "hong.xlsx"},
                user_id=asker.id,
                state=JobState.FAILED,
                attempt=3,
                worker="may-chu-2:4242",
                finished_at=utcnow(),
                result={"stopped": 3},
            )
        )
        session.commit()

    assert planner.get("/admin/jobs/").status_code == 403
    admin = as_user("admin")
    listed = admin.get("/admin/jobs/").text
    assert "Kiểm tra tệp nhập: coops_vni.xls" in listed and "Nhập tệp: coops_vni.xls" in listed
    assert "Đã xong" in listed and "25 mới" in listed and "Lô nhập số" in listed
    assert "Cán bộ planner" in listed
    assert "may-chu-2, tiến trình 4242" in listed
    assert "Tiến trình xử lý đã dừng giữa chừng 3 lần." in listed
    failed = admin.get("/admin/jobs/?state=failed").text
    assert "hong.xlsx" in failed and "coops_vni.xls" not in failed
    admin.post("/lang/en", data={"csrf_token": csrf_token(listed), "next": "/admin/jobs/"})
    english = admin.get("/admin/jobs/").text
    assert "Checking a file to import: coops_vni.xls" in english and "25 new" in english
    assert "Its worker stopped 3 times." in english and "Failed" in english
