"""Creating, editing and filing organisations through the screens, as a provincial officer."""

import re
from datetime import date

import pytest
from sqlmodel import Session, select

from registry.enums import AuditAction, Status, UnitScheme
from registry.models import AuditEntry, Membership, Organisation, Person, StatusEvent
from registry.services.units import unit_by_code
from tests.admin.conftest import (
    csrf_token,
    filter_arg,
    last_summary,
    listed_organisations,
    organisations_in,
)


@pytest.fixture
def planner(client, login):
    assert login("planner").status_code == 302
    return client


def _units(engine):
    with Session(engine) as session:
        legacy = unit_by_code(session, UnitScheme.LEGACY, "23722")  # TT Phú Hòa, Chư Păh
        current = unit_by_code(session, UnitScheme.CURRENT, "23722")  # Xã Chư Păh
        return legacy.id, current.id


def _create(client, engine, name, **extra):
    legacy, current = _units(engine)
    form = client.get("/admin/organisation/new/")
    data = {
        "csrf_token": csrf_token(form.text),
        "org_type": "cooperative",
        "name": name,
        "governing_law": "2023",
        "sector": "agriculture",
        "legacy_unit_id": str(legacy),
        "unit_id": str(current),
        "charter_capital_vnd": "1.500.000.000",
        "founded_on": "15/03/2024",
        "founded_precision": "day",
        "initial_status": "active",
        "status_on": "15/03/2024",
    } | extra
    return client.post("/admin/organisation/new/", data=data)


def _organisation(engine, name) -> Organisation:
    with Session(engine) as session:
        return session.exec(select(Organisation).where(Organisation.name == name)).one()


def _add_member(client, organisation_id: int, **fields):
    url = f"/admin/membership/new/?organisation_id={organisation_id}"
    form = client.get(url)
    assert 'id="organisation_id"' in form.text
    data = {"csrf_token": csrf_token(form.text), "organisation_id": str(organisation_id)}
    return client.post(url, data=data | fields)


def test_create_then_add_members_from_the_file(planner, engine):
    response = _create(planner, engine, "Hợp tác xã Nông nghiệp Thử Tạo Mới")
    assert response.status_code == 302, re.findall(
        r"(?:alert|invalid|error)[^<]*<[^<]*<[^<]*", response.text
    )
    created = _organisation(engine, "Hợp tác xã Nông nghiệp Thử Tạo Mới")
    file = planner.get(f"/admin/organisation/details/?id={created.id}").text
    assert f'href="/admin/membership/new/?organisation_id={created.id}"' in file
    for fields in (
        {
            "new_person_name": "Nguyễn Thị Lan",
            "new_person_id_number": "064188000111",
            "member_type": "official",
            "joined_on": "15/03/2024",
        },
        {"new_person_name": "Ksor Y Blih", "member_type": "associate", "joined_on": "01/04/2024"},
    ):
        added = _add_member(planner, created.id, **fields)
        assert added.status_code == 302, re.findall(r"(?:alert|invalid)[^<]*<[^<]*", added.text)
        assert added.location.endswith(f"/admin/organisation/details/?id={created.id}#tab-members")
    org = _organisation(engine, "Hợp tác xã Nông nghiệp Thử Tạo Mới")
    assert org.charter_capital_vnd == 1_500_000_000
    assert org.founded_on == date(2024, 3, 15)
    with Session(engine) as session:
        members = session.exec(
            select(Person.full_name, Membership.member_type)
            .join(Membership)
            .where(Membership.organisation_id == org.id)
            .order_by(Person.full_name)
        ).all()
        assert members == [("Ksor Y Blih", "associate"), ("Nguyễn Thị Lan", "official")]
        assert session.exec(
            select(StatusEvent.status).where(StatusEvent.organisation_id == org.id)
        ).all() == [Status.ACTIVE]
        created = session.exec(
            select(AuditEntry).where(
                AuditEntry.organisation_id == org.id, AuditEntry.action == AuditAction.CREATE
            )
        ).all()
        assert {e.table_name for e in created} == {"organisation", "membership", "status_event"}
        assert all(e.user_id is not None for e in created)
        people = session.exec(
            select(AuditEntry.summary).where(
                AuditEntry.table_name == "person", AuditEntry.action == AuditAction.CREATE
            )
        ).all()
        assert {"Nguyễn Thị Lan", "Ksor Y Blih"} <= set(people)


def test_invalid_tax_code_is_refused_with_a_vietnamese_message(planner, engine):
    response = _create(planner, engine, "Hợp tác xã Mã Sai", tax_code="12345")
    assert response.status_code == 200
    assert "Mã số thuế phải gồm đúng 10 chữ số" in response.text


def test_money_in_vietnamese_notation_and_wrong_dates(planner, engine):
    response = _create(planner, engine, "Hợp tác xã Ngày Sai", founded_on="31/02/2024")
    assert "Ngày không hợp lệ" in response.text
    response = _create(planner, engine, "Hợp tác xã Tiền Sai", charter_capital_vnd="1,5 tỷ")
    assert "Nhập số tiền nguyên theo đồng" in response.text


def test_status_change_through_its_form(planner, engine):
    _create(planner, engine, "Hợp tác xã Đổi Tình Trạng")
    org = _organisation(engine, "Hợp tác xã Đổi Tình Trạng")
    form = planner.get(f"/admin/organisation/status/{org.id}")
    offered = set(re.findall(r'<option value="([a-z_]+)"', form.text))
    assert "suspended" in offered and "dissolved" not in offered
    response = planner.post(
        f"/admin/organisation/status/{org.id}",
        data={
            "csrf_token": csrf_token(form.text),
            "status": "suspended",
            "effective_on": "01/06/2024",
            "reason": "Thiếu vốn lưu động",
            "decision_no": "15/TB-HTX",
            "decision_on": "20/05/2024",
        },
    )
    assert response.status_code == 302
    file = planner.get(response.location)
    assert "Tạm ngừng kinh doanh" in file.text and "Thiếu vốn lưu động" in file.text
    assert "01/06/2024" in file.text


def test_a_forbidden_transition_posted_directly_is_refused(planner, engine):
    _create(planner, engine, "Hợp tác xã Chuyển Sai")
    org = _organisation(engine, "Hợp tác xã Chuyển Sai")
    form = planner.get(f"/admin/organisation/status/{org.id}")
    response = planner.post(
        f"/admin/organisation/status/{org.id}",
        data={
            "csrf_token": csrf_token(form.text),
            "status": "dissolved",
            "effective_on": "01/06/2024",
        },
    )
    assert response.status_code == 200
    with Session(engine) as session:
        assert session.get(Organisation, org.id).current_status == Status.ACTIVE


def test_file_shows_every_section(planner, engine):
    with Session(engine) as session:
        org_id = session.exec(select(Membership.organisation_id)).first()
    page = planner.get(f"/admin/organisation/details/?id={org_id}")
    for heading in (
        "Thông tin chung",
        "Lịch sử tình trạng",
        "Thành viên",
        "Sổ góp vốn",
        "Số liệu hằng năm",
        "Công nợ",
        "Tài sản, đất đai",
        "Lịch sử thay đổi",
    ):
        assert heading in page.text
    assert re.search(r"\d{1,3}(\.\d{3})+ ₫", page.text)  # money as 1.234.567 ₫
    assert re.search(r"\d{2}/\d{2}/\d{4}", page.text)  # dates as dd/mm/yyyy


def test_search_without_diacritics(planner, engine):
    _create(planner, engine, "HTX Nông nghiệp Ia Grai Thử Tìm", director_name="Lê Văn Đức")
    _create(planner, engine, "Hợp tác xã Dịch vụ Ia Grai Thử Tìm")
    page = planner.get(
        "/admin/organisation/", query_string={"search": "hop tac xa ia grai thu tim"}
    )
    assert "HTX Nông nghiệp Ia Grai Thử Tìm" in page.text
    assert "Hợp tác xã Dịch vụ Ia Grai Thử Tìm" in page.text
    by_director = planner.get("/admin/organisation/", query_string={"search": "le van duc"})
    assert "HTX Nông nghiệp Ia Grai Thử Tìm" in by_director.text
    none = planner.get("/admin/organisation/", query_string={"search": "khong co ten nay"})
    assert "Thử Tìm" not in none.text


def test_filters_by_unit_status_and_debt(planner, engine):
    with Session(engine) as session:
        chu_pah = unit_by_code(session, UnitScheme.LEGACY, "627").id
        suspended = set(
            session.exec(
                select(Organisation.id).where(Organisation.current_status == Status.SUSPENDED)
            )
        )
    page = planner.get("/admin/organisation/").text
    by_unit = planner.get(
        f"/admin/organisation/?page_size=100&flt0_{filter_arg(page, 'Đơn vị hành chính')}={chu_pah}"
    )
    assert listed_organisations(by_unit.text) == set(organisations_in(engine, "627", True))
    by_status = planner.get(
        f"/admin/organisation/?page_size=100&flt0_{filter_arg(page, 'Tình trạng')}=suspended"
    )
    assert listed_organisations(by_status.text) == suspended
    by_type = planner.get(
        f"/admin/organisation/?page_size=100&flt0_{filter_arg(page, 'Loại hình')}=group"
    )
    with Session(engine) as session:
        groups = set(session.exec(select(Organisation.id).where(Organisation.org_type == "group")))
    assert groups and listed_organisations(by_type.text) == groups
    for group in ("Còn nợ chưa xử lý", "Có đất chưa cấp GCN", "Quy mô"):
        value = "micro" if group == "Quy mô" else "1"
        response = planner.get(f"/admin/organisation/?flt0_{filter_arg(page, group)}={value}")
        assert response.status_code == 200, group


def test_export_is_formula_safe(planner, engine):
    _create(planner, engine, '=HYPERLINK("http://x")')
    response = planner.get("/admin/organisation/export/csv/", query_string={"search": "hyperlink"})
    assert "'=HYPERLINK" in response.text
    xlsx = planner.get("/admin/organisation/export/xlsx/")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    with Session(engine) as session:
        assert (
            session.exec(select(AuditEntry).where(AuditEntry.action == AuditAction.EXPORT)).first()
            is not None
        )


def test_viewer_reads_but_cannot_change(client, login, engine):
    login("viewer")
    assert client.get("/admin/organisation/").status_code == 200
    assert client.get("/admin/organisation/new/").status_code in (302, 403)
    with Session(engine) as session:
        org_id = session.exec(select(Organisation.id)).first()
    assert client.get(f"/admin/organisation/status/{org_id}").status_code == 403


def test_only_administrators_delete_organisations(planner, client, login, engine):
    _create(planner, engine, "Hợp tác xã Sẽ Xoá")
    org = _organisation(engine, "Hợp tác xã Sẽ Xoá")
    page = planner.get("/admin/organisation/")
    assert "/admin/organisation/delete/" not in page.text
    planner.post(
        "/admin/organisation/delete/",
        data={"csrf_token": csrf_token(page.text), "id": str(org.id), "url": "/admin/"},
    )
    with Session(engine) as session:
        assert session.get(Organisation, org.id) is not None
    planner.post("/logout", data={"csrf_token": csrf_token(page.text)})
    login("admin")
    page = client.get("/admin/organisation/")
    response = client.post(
        "/admin/organisation/action/",
        data={
            "csrf_token": csrf_token(page.text),
            "action": "delete",
            "rowid": [str(org.id)],
            "url": "/admin/organisation/",
        },
    )
    assert response.status_code == 302
    with Session(engine) as session:
        assert session.get(Organisation, org.id) is None
        deleted = session.exec(
            select(AuditEntry).where(
                AuditEntry.table_name == "organisation",
                AuditEntry.record_id == str(org.id),
                AuditEntry.action == AuditAction.DELETE,
            )
        ).one()
        assert deleted.changes["name"] == ["Hợp tác xã Sẽ Xoá", None]


def test_a_future_status_date_is_said_under_the_date(planner, engine):
    _create(planner, engine, "Hợp tác xã Ngày Tương Lai")
    org = _organisation(engine, "Hợp tác xã Ngày Tương Lai")
    form = planner.get(f"/admin/organisation/status/{org.id}")
    refused = planner.post(
        f"/admin/organisation/status/{org.id}",
        data={
            "csrf_token": csrf_token(form.text),
            "status": "suspended",
            "effective_on": "01/01/2099",
        },
    )
    assert refused.status_code == 200
    after_date = refused.text.split('name="effective_on"', 1)[1].split('name="reason"', 1)[0]
    assert "Ngày hiệu lực không được ở tương lai." in after_date


def test_an_export_is_named_by_the_provinces_clock(app):
    from datetime import datetime

    from admin.formatting import LOCAL_TIME

    view = next(v for v in app.extensions["admin"][0]._views if v.endpoint == "organisation")
    with app.test_request_context():
        name = view.get_export_name("xlsx")
    assert name.endswith(".xlsx")
    assert datetime.now(LOCAL_TIME).strftime("%Y-%m-%d") in name


def test_the_edit_page_holds_its_own_fields_and_the_file_adds_the_rest(client, login, engine):
    login("planner")
    with Session(engine) as session:
        org_id = session.exec(select(Organisation.id).order_by(Organisation.id)).first()
    page = client.get(f"/admin/organisation/edit/?id={org_id}").text
    assert "memberships-" not in page and "debts-" not in page and "assets-" not in page
    file = client.get(f"/admin/organisation/details/?id={org_id}").text
    for button, url in (
        ("Thêm thành viên", f"/admin/membership/new/?organisation_id={org_id}"),
        ("Thêm công nợ", f"/admin/debts/new/?organisation_id={org_id}"),
        ("Thêm tài sản", f"/admin/land/new/?organisation_id={org_id}"),
    ):
        assert f'href="{url}">{button}</a>' in file, button
        assert client.get(url).status_code == 200


def test_the_export_gives_the_full_identity(planner, engine):
    import csv
    import io

    with Session(engine) as session:
        org = session.exec(
            select(Organisation)
            .join(Membership, Membership.organisation_id == Organisation.id)
            .where(Membership.left_on.is_(None), Organisation.legacy_unit_id.is_not(None))
            .order_by(Organisation.id)
        ).first()
        members = len([m for m in org.memberships if m.left_on is None])
        name = org.name
    response = planner.get("/admin/organisation/export/csv/", query_string={"search": name})
    assert re.search(
        r"_\d{4}-\d\d-\d\d_\d\d-\d\d-\d\d\.csv", response.headers["Content-Disposition"]
    )
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    row = next(r for r in rows if r["Tên"] == name)
    for title in (
        "Mã số thuế",
        "Số GCN ĐKKD cũ",
        "Ngày thành lập",
        "Xã / huyện (trước 7/2025)",
        "Xã, phường (hiện nay)",
        "Vốn điều lệ",
        "Tình trạng",
        "Tình trạng từ ngày",
        "Thành viên trong sổ",
        "Chưa tổ chức lại theo Luật",
    ):
        assert title in row, (title, list(row))
    assert row["Thành viên trong sổ"] == str(members)
    assert row["Chưa tổ chức lại theo Luật"] in ("có", "không")
    assert "," in row["Xã / huyện (trước 7/2025)"]  # the commune with its district


def test_the_file_names_the_commune_with_its_district(planner, engine):
    from registry.enums import UnitLevel
    from registry.models import AdminUnit

    with Session(engine) as session:
        org, commune = session.exec(
            select(Organisation, AdminUnit)
            .join(AdminUnit, AdminUnit.id == Organisation.legacy_unit_id)
            .where(AdminUnit.level == UnitLevel.COMMUNE)
            .order_by(Organisation.id)
        ).first()
        district = session.get(AdminUnit, commune.parent_id).name
        commune = commune.name
    page = planner.get(f"/admin/organisation/details/?id={org.id}").text
    assert f"{commune}, {district}" in page


def test_an_export_is_logged_as_a_sentence(planner, engine):
    from tests.admin.conftest import filter_arg

    page = planner.get("/admin/organisation/").text
    arg = filter_arg(page, "Loại hình")
    planner.get(f"/admin/organisation/export/csv/?flt0_{arg}=cooperative&search=nong")
    summary = last_summary(engine, AuditAction.EXPORT)
    assert re.fullmatch(
        r"Xuất [\d.]+ dòng của danh sách “Tổ chức KTTT” thành tệp CSV; "
        r"Loại hình bằng Hợp tác xã; tìm “nong”\.",
        summary,
    ), summary


def test_an_export_from_the_english_screen_is_logged_in_both_languages(planner, engine):
    """The audit log reads in its reader's language, whatever the screen that wrote it."""
    planner.post("/lang/en", data={"csrf_token": csrf_token(planner.get("/admin/").text)})
    planner.get("/admin/organisation/export/csv/?search=nong")
    summary = last_summary(engine, AuditAction.EXPORT)
    assert re.fullmatch(
        r"Xuất [\d.]+ dòng của danh sách “Tổ chức KTTT” thành tệp CSV; tìm “nong”\.",
        summary,
    ), summary
    log = planner.get("/admin/audit/").text
    assert re.search(r"Exported [\d,]+ rows of the list “[^”]+” as CSV; search “nong”\.", log)
    assert "Xuất " not in log


def test_a_debt_is_added_from_the_file_and_secured_only_by_its_own_assets(planner, engine):
    from registry.models import Asset, Debt

    with Session(engine) as session:
        owner = session.exec(select(Organisation).join(Asset).order_by(Organisation.id)).first()
        own = {a.id for a in owner.assets}
        others = set(session.exec(select(Asset.id).where(Asset.organisation_id != owner.id)))
        org_id = owner.id
    url = f"/admin/debts/new/?organisation_id={org_id}"
    form = planner.get(url).text
    offered = {
        int(v)
        for v in re.findall(
            r'<option value="(\d+)"',
            form.split('id="secured_by_asset_id"')[1].split("</select>")[0],
        )
    }
    assert offered == own and not offered & others
    data = {
        "csrf_token": csrf_token(form),
        "organisation_id": str(org_id),
        "direction": "payable",
        "counterparty": "bank",
        "counterparty_name": "Ngân hàng Thử",
        "principal_vnd": "50.000.000",
        "outstanding_vnd": "20.000.000",
        "as_of": "30/11/2026",
        "state": "outstanding",
        "secured_by_asset_id": str(min(own)),
    }
    saved = planner.post(url, data=data)
    assert saved.status_code == 302, " ".join(re.sub(r"<[^>]+>", " ", saved.text).split())[-1500:]
    assert saved.location.endswith(f"details/?id={org_id}#tab-debts")
    with Session(engine) as session:
        debt = session.exec(select(Debt).where(Debt.counterparty_name == "Ngân hàng Thử")).one()
        assert (debt.organisation_id, debt.outstanding_vnd) == (org_id, 20_000_000)


def test_the_members_tab_searches_by_name(planner, engine):
    with Session(engine) as session:
        membership = session.exec(select(Membership).order_by(Membership.id)).first()
        org_id, name = membership.organisation_id, membership.person.full_name
        others = session.exec(
            select(Person.full_name)
            .join(Membership)
            .where(Membership.organisation_id == org_id, Person.full_name != name)
        ).all()
    from registry.text import fold

    page = planner.get(f"/admin/organisation/details/?id={org_id}&members={fold(name)}").text
    table = page.split('id="members"')[1].split("</table>")[0]
    assert name in table
    assert not [o for o in others if o in table and fold(name) not in fold(o)]
