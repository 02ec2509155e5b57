"""Importing on the web: upload, preview, confirm, batches, undo — within the user's area."""

import html
import re
from datetime import date

from sqlmodel import Session, select

from registry.models import ImportBatch, ImportChange, ImportProfile, Organisation
from tests.admin.conftest import csrf_token


def _upload(client, path):
    page = client.get("/admin/imports/")
    with path.open("rb") as f:
        return client.post(
            "/admin/imports/",
            data={"csrf_token": csrf_token(page.text), "file": (f, path.name)},
            content_type="multipart/form-data",
        )


def test_upload_preview_confirm_and_undo(client, login, samples, engine):
    login("planner")
    response = _upload(client, samples / "coops_vni.xls")
    assert response.status_code == 302
    preview = client.get(response.location)
    assert preview.status_code == 200
    assert "Xem trước" in preview.text and "Chưa có gì được ghi." in preview.text
    assert "Danh sách tổ chức · Số liệu tính đến" in preview.text  # the kind, by its name
    assert preview.text.count('class="outcome-new"') == 25
    # The rows that are not records are shown too, each with why (7 in this file).
    assert "Dòng không phải là bản ghi (7)" in preview.text
    assert "<td>Sheet1 · 36</td><td>dòng cộng, tổng cộng</td>" in preview.text
    assert "khớp với các dòng dữ liệu (đã đối chiếu 2 số liệu)" in preview.text
    filtered = client.get(response.location + "?outcome=new")
    assert filtered.status_code == 200
    token = response.location.rsplit("/", 1)[-1]
    xlsx = client.get(f"/admin/imports/preview/{token}/outcomes.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    with Session(engine) as session:
        before = len(session.exec(select(Organisation)).all())
    done = client.post(
        f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)}
    )
    assert done.status_code == 302
    page = client.get("/admin/imports/")
    import html
    import re as _re

    flashes = html.unescape(
        " ".join(_re.findall(r"alert-success[^>]*>(.*?)</div>", page.text, _re.S))
    )
    assert "Đã nhập coops_vni.xls: 25 mới." in " ".join(flashes.split()), flashes
    assert "<th>Loại dữ liệu</th>" in page.text and "<td>Danh sách tổ chức</td>" in page.text
    with Session(engine) as session:
        assert len(session.exec(select(Organisation)).all()) == before + 25
        batch = session.exec(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    undone = client.post(
        f"/admin/imports/undo/{batch.id}", data={"csrf_token": csrf_token(page.text)}
    )
    assert undone.status_code == 302
    assert f"Đã hoàn tác lô #{batch.id}." in client.get("/admin/imports/").text
    with Session(engine) as session:
        assert len(session.exec(select(Organisation)).all()) == before
    log = client.get("/admin/audit/").text  # the undo first, each table's count by its label
    assert "Hoàn tác lô nhập «coops_vni.xls»" in log
    assert "<b>Sự kiện trạng thái</b>: 25 → 0" in log and "<b>Tổ chức</b>: 25 → 0" in log
    assert "<b>Id</b>" not in log  # a deleted record's snapshot names no id
    client.post("/lang/en", data={"csrf_token": csrf_token(page.text)})
    english = client.get("/admin/audit/").text
    assert "Import batch &#39;coops_vni.xls&#39; undone" in english
    assert "<b>Status event</b>: 25 → 0" in english and "Hoàn tác" not in english


def test_an_area_officer_imports_only_into_the_area(client, login, samples):
    login("chupah")
    response = _upload(client, samples / "coops_district_list.xlsx")
    preview = client.get(response.location).text
    accepted = sum(preview.count(f'class="outcome-{o}"') for o in ("new", "update", "review"))
    rejected = preview.count('class="outcome-rejected"')
    assert accepted == 11 and rejected == 29  # only huyện Chư Păh's 11 cooperatives
    assert "Tổ chức nằm ngoài địa bàn bạn phụ trách." in preview


def test_a_broken_upload_is_refused_with_the_file_named(client, login, tmp_path):
    login("planner")
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a workbook")
    response = _upload(client, path)
    page = client.get(response.location, follow_redirects=True).text
    assert "hong.xlsx" in page and "không phải là bảng tính" in page


def test_viewers_cannot_import(client, login):
    login("viewer")
    assert client.get("/admin/imports/").status_code == 403


def test_a_foreign_token_is_not_found(client, login):
    login("planner")
    assert client.get("/admin/imports/preview/..%2F..%2Fetc").status_code == 404


def test_a_workbook_of_district_sheets_previews_and_downloads_every_sheet(
    client, login, samples, tmp_path
):
    from importers.readers import read_any

    login("planner")
    response = _upload(client, samples / "debts_assets.xlsx")
    preview = client.get(response.location)
    assert preview.status_code == 200
    assert "Chư Păh · 10" in preview.text and "An Khê · 10" in preview.text
    # Each debt row names the organisation it was matched to, where it is, with a link to it.
    assert re.search(
        r'→ <a href="/admin/organisation/details/\?id=\d+">Hợp tác xã [^<]+ \([^,<]+, [^<]+\)</a>',
        preview.text,
    )
    token = response.location.rsplit("/", 1)[-1]
    xlsx = client.get(f"/admin/imports/preview/{token}/outcomes.xlsx")
    (tmp_path / "out.xlsx").write_bytes(xlsx.data)
    sheets = read_any(tmp_path / "out.xlsx")
    assert [s.name for s in sheets] == ["Chư Păh", "Ia Grai", "Đak Đoa", "An Khê"]
    assert sheets[0].rows[9][-2] == "bị từ chối"  # row 10: its cooperative is not registered
    # Row 9 is the group heading "A. CÁC KHOẢN HTX NỢ PHẢI TRẢ": said to be no record, and why.
    assert sheets[0].rows[8][-2:] == ["không phải bản ghi", "dòng nhóm (huyện, lĩnh vực…)"]
    assert "chưa có trong cơ sở dữ liệu" in sheets[0].rows[9][-1]
    # In English, the reasons too.
    client.post("/lang/en", data={"csrf_token": csrf_token(preview.text), "next": "/admin/"})
    english = client.get(response.location).text
    assert "This row&#39;s cooperative is not in the registry" in english
    assert "chưa có trong cơ sở dữ liệu" not in english
    client.post("/lang/vi", data={"csrf_token": csrf_token(english), "next": "/admin/"})


def test_the_clerk_corrects_the_mapping_saves_a_profile_and_reuses_it(
    client, login, tmp_path, engine
):
    import xlsxwriter

    path = tmp_path / "hai-cot.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    rows = [
        ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Số thành viên", "Tổng số thành viên"],
        [1, "HTX NN Hai Cột", "5990000003", "Chư Păh", 12, 15],
    ]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    login("planner")
    response = _upload(client, path)
    page = client.get(response.location)
    assert "Ánh xạ cột" in page.text and 'id="column-mapping"' in page.text
    token = response.location.rsplit("/", 1)[-1]
    headers = rows[0]
    fields = ["stt", "name", "tax_code", "district", "", "members"]
    data = {"csrf_token": csrf_token(page.text), "kind": "organisations"}
    data["profile_name"] = "Danh sách hai cột"
    from urllib.parse import quote

    body = "&".join(
        [f"{k}={quote(v)}" for k, v in data.items()]
        + [f"header={quote(h)}&field={f}" for h, f in zip(headers, fields, strict=True)]
    )
    saved = client.post(
        f"/admin/imports/preview/{token}/mapping",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert saved.status_code == 302
    preview = client.get(saved.location)
    assert preview.text.count('class="outcome-new"') == 1
    with Session(engine) as session:
        profile = session.exec(select(ImportProfile)).one()
        assert profile.columns["so thanh vien"] == ""
    again = client.get("/admin/imports/")
    with path.open("rb") as f:
        second = client.post(
            "/admin/imports/",
            data={
                "csrf_token": csrf_token(again.text),
                "file": (f, path.name),
                "profile": str(profile.id),
            },
            content_type="multipart/form-data",
        )
    assert client.get(second.location).text.count('class="outcome-new"') == 1


def test_a_row_for_review_is_settled_on_the_preview(client, login, samples, engine):
    login("planner")
    first = _upload(client, samples / "coops_vni.xls")
    page = client.get(first.location)
    client.post(
        f"/admin/imports/commit/{first.location.rsplit('/', 1)[-1]}",
        data={"csrf_token": csrf_token(page.text)},
    )
    with Session(engine) as session:
        batch = session.exec(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
        org = session.exec(
            select(Organisation)
            .join(ImportChange, ImportChange.record_id == Organisation.id)
            .where(ImportChange.batch_id == batch.id, Organisation.tax_code.is_(None))
        ).first()
        org.name = org.name + " Mới"
        session.add(org)
        session.commit()
        org_id = org.id
    again = _upload(client, samples / "coops_vni.xls")
    preview = client.get(again.location)
    assert preview.text.count('class="outcome-review"') == 1
    # The near name is offered by its name and place, linked to its file; no id to read.
    assert f'value="{org_id}" class="btn btn-outline-success btn-sm mr-1">Cùng tổ chức: ' in (
        preview.text
    )
    assert f'organisation/details/?id={org_id}">{html.escape(org.name)} (' in preview.text
    assert f"#{org_id}" not in preview.text
    row = re.search(r'name="row" value="([^"]+)"', preview.text).group(1)
    token = again.location.rsplit("/", 1)[-1]
    decided = client.post(
        f"/admin/imports/preview/{token}/decide",
        data={"csrf_token": csrf_token(preview.text), "row": row, "organisation_id": org_id},
    )
    settled = client.get(decided.location)
    assert settled.text.count('class="outcome-review"') == 0
    assert settled.text.count('class="outcome-update"') == 1
    assert "Đã được người dùng xác định." in settled.text


def _members_workbook(path, engine, rows: int) -> None:
    import xlsxwriter

    with Session(engine) as session:
        tax_codes = [
            o.tax_code
            for o in session.exec(select(Organisation).where(Organisation.tax_code.is_not(None)))
        ]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Thanh vien")
    sheet.write_row(0, 0, ["STT", "Mã số HTX", "Họ và tên", "Số CCCD", "Loại thành viên"])
    for n in range(rows):
        sheet.write_row(
            n + 1,
            0,
            [n + 1, tax_codes[n % len(tax_codes)], f"Nguyễn Văn {n}", f"0641{n:08d}", "Chính thức"],
        )
    book.close()


def _until_finished(client, url: str) -> list[dict]:
    import time

    seen = []
    for _ in range(600):
        state = client.get(url).get_json()
        seen.append(state)
        if state["finished"]:
            return seen
        time.sleep(0.1)
    raise AssertionError(f"the job did not finish: {seen[-1]}")


def test_a_long_import_shows_its_progress(app, client, login, engine, tmp_path, monkeypatch):
    """With no wait, checking and importing a file go on in a job; the pages say how far."""
    monkeypatch.setitem(app.config, "IMPORT_WAIT_SECONDS", 0)
    login("planner")
    path = tmp_path / "thanh-vien.xlsx"
    _members_workbook(path, engine, 3000)
    response = _upload(client, path)
    token = response.location.rsplit("/", 1)[-1]
    working = client.get(response.location)
    assert working.status_code == 200 and 'id="job-bar"' in working.text
    assert any(s in working.text for s in ("Đang chờ đến lượt…", "Đang đọc tệp…", "Đang kiểm tra"))
    assert f"/admin/imports/progress/{token}?what=check" in working.text
    states = _until_finished(client, f"/admin/imports/progress/{token}?what=check")
    assert states[-1]["total"] == 3000 and states[-1]["done"] == 3000
    preview = client.get(response.location)  # the checked plan is kept: no second check
    assert preview.text.count('class="outcome-new"') == 500  # the first page of six
    assert 'id="preview-pages"' in preview.text
    assert client.get(response.location + "?page=5").text.count('class="outcome-new"') == 500
    confirmed = client.post(
        f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)}
    )
    assert confirmed.status_code == 200 and 'id="job-bar"' in confirmed.text
    states = _until_finished(client, f"/admin/imports/progress/{token}?what=commit")
    assert states[-1]["stage"] == "finished"
    done = client.get(f"/admin/imports/working/{token}")
    assert done.status_code == 302
    page = client.get("/admin/imports/").text
    assert "Đã nhập thanh-vien.xlsx: 3.000 mới." in page, re.findall(
        r'class="alert.*?</div>', page, re.S
    )
    with Session(engine) as session:
        batch = session.exec(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
        assert batch.counts == {"new": 3000} and batch.file_name == "thanh-vien.xlsx"
        assert batch.user_id is not None  # the job's writes name the clerk
    assert client.get(f"/admin/imports/progress/{token}?what=commit").status_code == 404


def test_an_upload_keeps_its_own_name_in_every_message(client, login, tmp_path):
    """Each upload has a folder of its own: the file, a CSV's sheet and the messages show the
    name the clerk gave, never the token it is stored under."""
    login("planner")
    path = tmp_path / "danh-sach--2024.csv"
    path.write_text(
        "STT,Tên hợp tác xã,Mã số thuế,Huyện\n1,HTX NN Một Tên,5990000071,Chư Păh\n",
        encoding="utf-8",
    )
    response = _upload(client, path)
    page = client.get(response.location, follow_redirects=True).text
    token = response.location.rsplit("/", 1)[-1]
    assert "danh-sach--2024.csv · danh-sach--2024" in page  # the file, and its sheet
    assert f"{token}--" not in page and "«danh-sach--2024»" not in page.replace(" ", "")


def test_abandoned_uploads_are_removed_after_a_week(client, login, samples, data_dir):
    import os
    import time

    uploads = data_dir / "uploads"
    uploads.mkdir(exist_ok=True)
    old, recent = uploads / "old-token-0000000", uploads / "recent-token-00000"
    for path in (old, recent):
        path.mkdir(exist_ok=True)  # the data directory is the whole run's: both backends
        (path / "a.xlsx").write_bytes(b"x")
    week_ago = time.time() - 8 * 86_400
    os.utime(old, (week_ago, week_ago))
    login("planner")
    assert _upload(client, samples / "coops_vni.xls").status_code == 302
    assert not old.exists() and recent.exists()


def test_an_import_refused_at_confirmation_writes_nothing_and_says_why(
    client, login, samples, engine, data_dir
):
    login("planner")
    response = _upload(client, samples / "coops_vni.xls")
    token = response.location.rsplit("/", 1)[-1]
    preview = client.get(response.location)
    assert 'id="preview-rows"' in preview.text
    (stored,) = (data_dir / "uploads" / token).iterdir()
    stored.write_bytes(b"not a workbook any more")  # the file changed between preview and confirm
    with Session(engine) as session:
        before = (
            len(session.exec(select(Organisation)).all()),
            len(session.exec(select(ImportBatch)).all()),
        )
    done = client.post(
        f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)}
    )
    assert done.status_code == 302 and done.location.endswith("/admin/imports/")
    page = client.get("/admin/imports/").text
    alert = re.search(r"alert-danger[^>]*>(.*?)</div>", page, re.S).group(1)
    assert "coops_vni.xls" in alert and "không đọc được" in alert, alert
    with Session(engine) as session:
        assert (
            len(session.exec(select(Organisation)).all()),
            len(session.exec(select(ImportBatch)).all()),
        ) == before


def test_the_preview_warns_when_the_files_totals_disagree_with_its_rows(client, login, tmp_path):
    import xlsxwriter

    login("planner")
    path = tmp_path / "tong-sai.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["STT", "Tên hợp tác xã", "Huyện", "Số thành viên"])
    sheet.write_row(1, 0, [1, "HTX NN Hòa Phú Mới", "Chư Păh", 10])
    sheet.write_row(2, 0, ["", "Tổng cộng", "", 25])
    book.close()
    response = _upload(client, path)
    preview = client.get(response.location).text
    assert "Dòng tổng của tệp không khớp với các dòng dữ liệu" in preview
    assert "dòng tổng của tệp ghi 25, các dòng dữ liệu cộng lại 10" in preview
    # The outcome workbook says it beside the total row too.
    from importers.readers import read_any

    xlsx = client.get(f"{response.location}/outcomes.xlsx")
    (tmp_path / "out.xlsx").write_bytes(xlsx.data)
    (sheet,) = read_any(tmp_path / "out.xlsx")
    assert "các dòng dữ liệu cộng lại 10" in sheet.rows[2][-1]


def test_a_row_of_two_years_and_a_hidden_sheet_in_the_preview(client, login, engine, tmp_path):
    """The outcome workbook gives each year's outcome beside a row holding two years; the
    preview tells the sheets it left out: a hidden one, and one holding no table of figures
    (by its title)."""
    import io

    import xlsxwriter
    from python_calamine import CalamineWorkbook

    from registry.models import AnnualFigures

    with Session(engine) as session:
        coop = session.exec(
            select(Organisation).where(
                Organisation.tax_code.is_not(None),
                Organisation.id.not_in(
                    select(AnnualFigures.organisation_id).where(
                        AnnualFigures.year.in_((2022, 2023))
                    )
                ),
            )
        ).first()
    path = tmp_path / "ket-qua.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("KQ")
    for column, title in enumerate(["STT", "Tên HTX", "Mã số thuế"]):
        sheet.merge_range(0, column, 1, column, title)
    sheet.merge_range(0, 3, 0, 4, "Năm 2022")
    sheet.merge_range(0, 5, 0, 6, "Năm 2023")
    sheet.write_row(1, 3, ["Doanh thu", "Lợi nhuận", "Doanh thu", "Lợi nhuận"])
    sheet.write_row(2, 0, [1, coop.name, coop.tax_code, 1000, 50, 1200, 60])
    old = book.add_worksheet("Cũ")
    old.write(0, 0, "bản cũ")
    old.hide()
    notes = book.add_worksheet("Thuyết minh")
    notes.write(0, 0, "THUYẾT MINH SỐ LIỆU")
    book.close()
    login("planner")
    response = _upload(client, path)
    preview = client.get(response.location)
    assert preview.text.count('class="outcome-new"') == 2
    assert "<td>Cũ</td><td>trang bị ẩn, không đọc</td>" in preview.text
    assert (
        "<td>Thuyết minh</td><td>trang khác, không có bảng loại này, không đọc</td>"
        "<td>THUYẾT MINH SỐ LIỆU</td>"
    ) in preview.text
    token = response.location.rsplit("/", 1)[-1]
    xlsx = client.get(f"/admin/imports/preview/{token}/outcomes.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.data)).get_sheet_by_index(0).to_python()
    assert rows[2][7] == "2022: mới / 2023: mới"


def test_previews_and_batches_are_seen_only_by_their_author_and_their_area(
    client, login, samples, engine
):
    login("planner")
    response = _upload(client, samples / "coops_tcvn3.ods")
    token = response.location.rsplit("/", 1)[-1]
    preview = client.get(response.location)
    assert preview.status_code == 200
    client.post(f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)})
    with Session(engine) as session:
        batch = session.exec(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
        touched = session.exec(
            select(Organisation).where(
                Organisation.id.in_(
                    select(ImportChange.record_id).where(
                        ImportChange.batch_id == batch.id,
                        ImportChange.table_name == "organisation",
                    )
                )
            )
        ).all()
    assert touched and batch.file_name == "coops_tcvn3.ods"
    client.post("/logout", data={"csrf_token": csrf_token(client.get("/admin/imports/").text)})
    login("chupah")  # none of the file's cooperatives is in huyện Chư Păh
    for url in (
        response.location,
        f"/admin/imports/preview/{token}/outcomes.xlsx",
        f"/admin/imports/progress/{token}",
    ):
        assert client.get(url).status_code == 404, url
    page = client.get("/admin/imports/").text
    assert f'id="batch-{batch.id}"' not in page and "coops_tcvn3.ods" not in page
    undo = client.post(f"/admin/imports/undo/{batch.id}", data={"csrf_token": csrf_token(page)})
    assert undo.status_code == 404
    client.post("/logout", data={"csrf_token": csrf_token(page)})
    login("planner")
    assert f'id="batch-{batch.id}"' in client.get("/admin/imports/").text


def test_an_unknown_word_is_asked_once_and_the_answer_applies_to_every_row(client, login, tmp_path):
    from tests.importers.conftest import workbook
    from tests.importers.test_unknown_words import HEADER, ROWS

    login("planner")
    response = _upload(client, workbook(tmp_path, [HEADER, *ROWS], "ds-moi.xlsx"))
    preview = client.get(response.location)
    assert 'id="unknown-words"' in preview.text
    assert "«SXKD»" in preview.text and "2 dòng" in preview.text
    assert preview.text.count('class="outcome-new"') == 6  # no row lost to the words
    token = response.location.rsplit("/", 1)[-1]
    answered = client.post(
        f"/admin/imports/preview/{token}/answer",
        data={
            "csrf_token": csrf_token(preview.text),
            "field": "sector",
            "value": "SXKD",
            "code": "industry_handicraft",
        },
    )
    assert answered.status_code == 302
    again = client.get(answered.location)
    assert "«SXKD»" not in again.text and "«đang củng cố»" in again.text
    refused = client.post(
        f"/admin/imports/preview/{token}/answer",
        data={
            "csrf_token": csrf_token(preview.text),
            "field": "sector",
            "value": "SXKD",
            "code": "nothing",
        },
    )
    assert refused.status_code == 400


def test_the_clerk_reads_the_file_as_another_kind_of_records(client, login, tmp_path):
    import xlsxwriter

    path = tmp_path / "so-lieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Doanh thu"])
    sheet.write_row(1, 0, [1, "HTX NN Hai Loại", "5990000004", "Chư Păh", 120])
    book.close()
    login("planner")
    response = _upload(client, path)
    page = client.get(response.location)
    # Read as a year's figures (its revenue column); the clerk says it is a list of organisations.
    assert '<option value="annual_figures" selected>Số liệu hằng năm</option>' in page.text
    token = response.location.rsplit("/", 1)[-1]
    from urllib.parse import quote

    data = {"csrf_token": csrf_token(page.text), "kind": "organisations"}
    data["shown_kind"] = "annual_figures"
    fields = ["stt", "name", "tax_code", "district", "revenue"]
    headers = ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Doanh thu"]
    body = "&".join(
        [f"{k}={quote(v)}" for k, v in data.items()]
        + [f"header={quote(h)}&field={f}" for h, f in zip(headers, fields, strict=True)]
    )
    again = client.post(
        f"/admin/imports/preview/{token}/mapping",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert again.status_code == 302
    preview = client.get(again.location).text
    assert "Danh sách tổ chức · Số liệu tính đến" in preview
    assert '<option value="organisations" selected>Danh sách tổ chức</option>' in preview
    assert preview.count('class="outcome-new"') == 1


def test_a_batch_is_one_audit_entry_and_its_records_carry_it_in_their_history(
    client, login, samples, engine
):
    login("admin")
    response = _upload(client, samples / "coops_tcvn3.ods")
    preview = client.get(response.location)
    token = response.location.rsplit("/", 1)[-1]
    client.post(f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)})
    with Session(engine) as session:
        batch = session.exec(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
        change = session.exec(
            select(ImportChange).where(
                ImportChange.batch_id == batch.id, ImportChange.table_name == "organisation"
            )
        ).first()
        organisation = session.get(Organisation, change.organisation_id)
    log = client.get("/admin/audit/").text
    assert f'href="/admin/imports/batch/{batch.id}">Lô nhập số {batch.id}</a>' in log
    page = client.get(f"/admin/imports/batch/{batch.id}").text
    assert f"Lô nhập số {batch.id}: coops_tcvn3.ods" in page
    assert "Danh sách tổ chức" in page
    assert f'organisation/details/?id={organisation.id}">{organisation.name}' in page
    assert page.count("<td>Tổ chức</td>") == 20 and "<td>Sự kiện trạng thái</td>" in page
    history = client.get(f"/admin/organisation/details/?id={organisation.id}").text
    section = history[history.index('id="audit-history"') :]
    assert f"Lô nhập số {batch.id}</a> · coops_tcvn3.ods, dòng {change.row}" in section
    assert "<td>Tổ chức" in section and "organisation #" not in section


def _one_cooperative_list(tmp_path, tax_code: str):
    import xlsxwriter

    path = tmp_path / "mot-htx.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["STT", "Tên hợp tác xã", "Mã số thuế", "Huyện", "Xã"])
    sheet.write_row(1, 0, [1, "HTX Nông nghiệp Giữ Nguyên", tax_code, "Chư Păh", "Ia Nhin"])
    book.close()
    return path


def _commit_job(engine, token):
    from registry.models import Job

    with Session(engine) as session:
        return session.exec(
            select(Job).where(Job.subject == token, Job.task == "import.commit")
        ).one()


def test_confirming_an_unchanged_registry_writes_the_plan_the_clerk_saw(
    client, login, engine, tmp_path
):
    login("planner")
    response = _upload(client, _one_cooperative_list(tmp_path, "5990007701"))
    token = response.location.rsplit("/", 1)[-1]
    preview = client.get(response.location)
    client.post(f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)})
    job = _commit_job(engine, token)
    assert job.result["counts"] == {"new": 1} and job.result["checked_again"] is False


def test_confirming_after_the_registry_changed_checks_the_file_again(
    client, login, engine, tmp_path
):
    """Between the preview and the confirmation someone registers the same cooperative: the
    file is checked again, and the row updates it instead of making a second one."""
    from registry.enums import GoverningLaw, OrgType, Sector, UnitScheme
    from registry.services.organisations import create_organisation
    from registry.services.units import unit_by_code

    login("planner")
    response = _upload(client, _one_cooperative_list(tmp_path, "5990007702"))
    token = response.location.rsplit("/", 1)[-1]
    preview = client.get(response.location)
    assert preview.text.count('class="outcome-new"') == 1
    with Session(engine) as session:
        create_organisation(
            session=session,
            org_type=OrgType.COOPERATIVE,
            name="HTX Nông nghiệp Giữ Nguyên",
            tax_code="5990007702",
            governing_law=GoverningLaw.LAW_2012,
            sector=Sector.AGRICULTURE,
            legacy_unit_id=unit_by_code(session, UnitScheme.LEGACY, "23722").id,
            status_on=date(2015, 1, 1),
        )
        session.commit()
    client.post(f"/admin/imports/commit/{token}", data={"csrf_token": csrf_token(preview.text)})
    job = _commit_job(engine, token)
    assert job.result["checked_again"] is True and "new" not in job.result["counts"]
    with Session(engine) as session:
        same = session.exec(select(Organisation).where(Organisation.tax_code == "5990007702"))
        assert len(same.all()) == 1


def test_a_member_row_holding_an_unknown_word_is_kept_and_flagged_in_the_preview(
    client, login, engine, tmp_path
):
    from sqlmodel import Session, select

    from registry.models import Organisation

    with Session(engine) as session:
        tax_code = session.exec(
            select(Organisation.tax_code).where(Organisation.tax_code.is_not(None))
        ).first()
    path = tmp_path / "tv.csv"
    path.write_text(
        "STT,Mã số HTX,Họ và tên,Số CCCD,Loại thành viên\n"
        f"1,{tax_code},Rơ Mah Hlim,064091000101,Chính thức\n"
        f"2,{tax_code},Siu Thị Nga,064091000102,TV danh dự\n",
        encoding="utf-8",
    )
    login("planner")
    response = _upload(client, path)
    preview = client.get(response.location)
    assert "«TV danh dự»" in preview.text
    rows = re.findall(r'<tr class="outcome-new">(.*?)</tr>', preview.text, re.S)
    assert len(rows) == 2  # both kept
    assert "«TV danh dự»</td><td>1 dòng</td>" in preview.text
    flagged = [row for row in rows if "Có từ chưa hiểu ở cột danh mục" in row]
    assert len(flagged) == 1 and "Siu Thị Nga" in flagged[0]


def test_a_land_word_nobody_taught_is_asked_with_labels_in_either_language(
    client, login, tmp_path, engine
):
    """A certificate state the importer cannot read keeps its parcel and is asked about by
    the column's label, offering the states by theirs (it rejected the parcel); answered,
    every row holding it takes the answer."""
    from sqlmodel import Session, select

    from registry.models import Organisation
    from tests.admin.labels_check import raw_values
    from tests.importers.conftest import workbook

    with Session(engine) as session:
        coop = session.exec(
            select(Organisation).where(Organisation.tax_code.is_not(None)).order_by(Organisation.id)
        ).first()
        name, code = coop.name, coop.tax_code
    rows = [
        ["THỐNG KÊ ĐẤT ĐAI CỦA CÁC HỢP TÁC XÃ"],
        ["TT", "Tên HTX", "Mã số thuế", "Vị trí thửa đất", "Diện tích (m2)", "Tình trạng pháp lý"],
        [1, name, code, "Thôn 1", 1200, "Hợp đồng thuê đất"],
        [2, name, code, "Thôn 2", 800, "Hợp đồng thuê đất"],
    ]
    login("planner")
    response = _upload(client, workbook(tmp_path, rows, "dat-dai.xlsx"))
    preview = client.get(response.location)
    assert 'id="unknown-words"' in preview.text and "«Hợp đồng thuê đất»" in preview.text
    assert "Tình trạng GCN QSDĐ" in preview.text and "Đã cấp GCN quyền sử dụng đất" in preview.text
    assert preview.text.count('class="outcome-new"') == 2
    assert raw_values(preview.text, "vi", {name, "Hợp đồng thuê đất", "planner"}) == []
    client.post("/lang/en", data={"csrf_token": csrf_token(preview.text)})
    english = client.get(response.location)
    assert "Land-use certificate" in english.text
    # The file's own words (its header, as the mapping shows it) are the file's.
    own = {name, "Hợp đồng thuê đất", "planner", "Tình trạng pháp lý", "Diện tích (m2)"}
    assert raw_values(english.text, "en", own) == []
    token = response.location.rsplit("/", 1)[-1]
    answered = client.post(
        f"/admin/imports/preview/{token}/answer",
        data={
            "csrf_token": csrf_token(english.text),
            "field": "land_certificate",
            "value": "Hợp đồng thuê đất",
            "code": "not_issued",
        },
    )
    assert answered.status_code == 302
    assert "«Hợp đồng thuê đất»" not in client.get(answered.location).text


def test_the_preview_says_each_rows_status_with_its_decision(client, login, tmp_path):
    """A row's status, the day it took effect and the decision it was recorded on, in words:
    the preview named only the organisation (a list of dissolutions showed nothing of them)."""
    import xlsxwriter

    login("planner")
    path = tmp_path / "giai-the.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("DS")
    sheet.write_row(0, 0, ["STT", "Tên hợp tác xã", "Huyện", "Tình trạng"])
    decided = "Giải thể tự nguyện theo QĐ số 12/QĐ-UBND ngày 15/3/2023"
    sheet.write_row(1, 0, [1, "HTX NN Hòa Phú Mới", "Chư Păh", decided])
    sheet.write_row(2, 0, [2, "HTX NN Ia Ka Mới", "Chư Păh", "Tạm ngừng theo TB số 7/TB-PĐKKD"])
    book.close()
    preview = client.get(_upload(client, path).location).text
    assert (
        "Đã giải thể (Tự nguyện), từ 15/03/2023, quyết định số 12/QĐ-UBND ngày 15/03/2023"
        in preview
    )
    assert "Tạm ngừng kinh doanh, quyết định số 7/TB-PĐKKD" in preview
    assert "2023-03-15" not in preview


def test_each_debt_and_parcel_of_the_preview_says_which_it_is(client, login, engine, tmp_path):
    """A row of debts by kind holds a debt per column: the preview named the cooperative on
    each line and nothing else, so the lines of one row could not be told apart. Each debt
    says its way, creditor and amount; each parcel its use, place and area."""
    from tests.importers.conftest import workbook

    with Session(engine) as session:
        coop = session.exec(
            select(Organisation).where(Organisation.tax_code.is_not(None)).limit(1)
        ).one()
    rows = [
        ["STT", "Tên HTX", "Mã số thuế", "Nợ ngân hàng", "Nợ thuế", "Thành viên nợ"],
        [1, coop.name, coop.tax_code, "150.000.000", "20.000.000", "5.000.000"],
    ]
    login("planner")
    response = _upload(client, workbook(tmp_path, rows, "no.xlsx"))
    lines = re.findall(r'row-record">([^<]*)<', client.get(response.location).text)
    assert lines == [
        "HTX nợ · Nợ ngân hàng · 150.000.000 ₫",
        "HTX nợ · Nợ thuế · 20.000.000 ₫",
        "Phải thu · Thành viên nợ · 5.000.000 ₫",
    ]
    land = [
        ["STT", "Tên HTX", "Mã số thuế", "Mục đích sử dụng", "Vị trí", "Diện tích (ha)"],
        [1, coop.name, coop.tax_code, "Đất trụ sở", "Thôn 2", "1,25"],
    ]
    response = _upload(client, workbook(tmp_path, land, "dat.xlsx"))
    lines = re.findall(r'row-record">([^<]*)<', client.get(response.location).text)
    assert lines == ["Đất trụ sở · Thôn 2 · 12.500 m²"]


def test_a_workbook_of_forms_previews_a_record_per_sheet_naming_each_cell(
    client, login, engine, tmp_path
):
    """Forms, a sheet per cooperative: the preview reads a record from each, its mapping
    naming the cell of each value (``B3``), and the outcome workbook downloads."""
    import xlsxwriter

    login("planner")
    path = tmp_path / "phieu.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for k, name in enumerate(("HTX Phiếu Một", "HTX Phiếu Hai")):
        sheet = book.add_worksheet(f"Phiếu {k + 1}")
        sheet.write(0, 0, "PHIẾU THÔNG TIN HỢP TÁC XÃ")
        sheet.write_column(2, 0, ["Tên hợp tác xã", "Mã số thuế", "Huyện", "Số thành viên"])
        sheet.write_column(2, 1, [name, f"599008800{k}", "Chư Păh", 9 + k])
    book.close()
    response = _upload(client, path)
    preview = client.get(response.location).text
    assert all(f"Hợp tác xã Phiếu {n}" in html.unescape(preview) for n in ("Một", "Hai"))
    cells = re.findall(r"<td>Phiếu 1</td><td>([A-Z]+\d+)</td>", html.unescape(preview))
    assert cells == ["B3", "B4", "B5", "B6"]
    assert client.get(f"{response.location}/outcomes.xlsx").status_code == 200
