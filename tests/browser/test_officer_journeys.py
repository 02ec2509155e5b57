"""What officers do every day, in a real browser."""

import re

from sqlmodel import Session, select

from registry.db import make_engine
from registry.enums import Status
from registry.models import Membership, Organisation
from tests.browser.conftest import shot, sign_in


def test_sign_in_and_dashboard(page, live_server):
    base, _ = live_server
    page.goto(f"{base}/admin/organisation/")
    page.wait_for_url(re.compile(r"/login"))
    shot(page, "01-dang-nhap")
    page.fill("#username", "admin")
    page.fill("#password", "sai-mat-khau-roi")
    page.click("#login-submit")
    assert page.locator(".flash.error").inner_text() == "Sai tên đăng nhập hoặc mật khẩu."
    sign_in(page, base)
    assert page.locator("h4").first.inner_text() == "Tổng quan"
    assert page.locator("#todo-dissolution").is_visible()
    shot(page, "02-tong-quan")
    assert page.outside == []


def test_create_an_organisation_with_members(page, live_server):
    base, url = live_server
    sign_in(page, base)
    page.goto(f"{base}/admin/organisation/new/")
    page.select_option("#org_type", "cooperative", force=True)
    page.fill("#name", "Hợp tác xã Nông nghiệp Dịch vụ Trình Duyệt")
    page.fill("#tax_code", "5999000111")
    page.select_option("#governing_law", "2023", force=True)
    page.select_option("#sector", "agriculture", force=True)
    page.select_option(
        "#legacy_unit_id", label="Thị trấn Phú Hòa, Huyện Chư Păh (trước 7/2025)", force=True
    )
    page.select_option("#unit_id", label="Xã Chư Păh", force=True)
    page.fill("#founded_on", "10/05/2024")
    page.fill("#charter_capital_vnd", "2.000.000.000")
    page.fill("#director_name", "Rơ Mah Thuận")
    shot(page, "03-them-to-chuc")
    page.click("input[type=submit][value='Lưu']")
    page.wait_for_url(re.compile(r"/details/"))
    assert "Đã thêm bản ghi." in page.content()
    # Members are added from the file's members tab, one page each, back to the tab.
    for name, id_number in [("Nguyễn Văn Hùng", "064090001111"), ("Siu H'Nhi", "064190002222")]:
        page.click("a[href='#tab-members']")
        page.click("#add-member")
        page.fill("#new_person_name", name)
        page.fill("#new_person_id_number", id_number)
        page.select_option("#member_type", "official", force=True)
        page.fill("#joined_on", "10/05/2024")
        page.click("input[type=submit][value='Lưu']")
        page.wait_for_url(re.compile(r"/details/.*#tab-members"))
        assert page.locator("#tab-members").is_visible()  # the tab the address names
        assert name in page.locator("#members").inner_text()
    engine = make_engine(url)
    with Session(engine) as session:
        org = session.exec(select(Organisation).where(Organisation.tax_code == "5999000111")).one()
        assert org.charter_capital_vnd == 2_000_000_000
        assert (
            len(session.exec(select(Membership).where(Membership.organisation_id == org.id)).all())
            == 2
        )
    engine.dispose()


def test_change_its_status(page, live_server):
    base, url = live_server
    sign_in(page, base)
    engine = make_engine(url)
    with Session(engine) as session:
        org = session.exec(
            select(Organisation)
            .where(Organisation.current_status == Status.ACTIVE)
            .order_by(Organisation.id)
        ).first()
    page.goto(f"{base}/admin/organisation/details/?id={org.id}")
    shot(page, "04-ho-so-to-chuc")
    page.click("#change-status")
    page.wait_for_load_state("load")  # the form's script is in place before the choice
    page.select_option("#status", "awaiting_dissolution", force=True)
    page.locator("#status").dispatch_event("change")
    assert page.locator("#dissolution_kind").locator("xpath=ancestor::div[1]").is_visible()
    assert "required" in page.locator("#decision_no").locator("xpath=..").get_attribute("class")
    page.select_option("#status", "suspended", force=True)
    page.locator("#status").dispatch_event("change")
    assert not page.locator("#dissolution_kind").locator("xpath=ancestor::div[1]").is_visible()
    page.fill("#effective_on", "01/09/2025")
    page.fill("#reason", "Tạm ngừng do thiếu vốn")
    page.fill("#decision_no", "12/TB-HTX")
    shot(page, "05-doi-tinh-trang")
    page.click("#record-status")
    page.wait_for_url(re.compile(r"/details/"))
    assert page.locator("#org-status").inner_text() == "Tạm ngừng kinh doanh"
    page.click("a[href='#tab-status']")
    assert "Tạm ngừng do thiếu vốn" in page.locator("#status-history").inner_text()
    with Session(engine) as session:
        assert session.get(Organisation, org.id).current_status == Status.SUSPENDED
    engine.dispose()


def test_search_without_diacritics(page, live_server):
    base, url = live_server
    engine = make_engine(url)
    with Session(engine) as session:
        org = session.exec(select(Organisation).order_by(Organisation.id)).first()
    engine.dispose()
    from registry.text import fold

    sign_in(page, base)
    page.goto(f"{base}/admin/organisation/")
    page.fill("input[name=search]", fold(org.name))  # typed without diacritics
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"search="))
    assert org.name in page.locator("table.model-list").inner_text()
    shot(page, "06-tim-khong-dau")


def test_switch_language(page, live_server):
    base, _ = live_server
    sign_in(page, base)
    page.goto(f"{base}/admin/organisation/")
    shot(page, "07-danh-sach-to-chuc")
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert "Organisations" in page.content() and "Add Filter" in page.content()
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert "Thêm bộ lọc" in page.content()


def test_area_officer_cannot_reach_another_area_by_url(page, live_server):
    base, url = live_server
    engine = make_engine(url)
    from registry.enums import UnitScheme
    from registry.services.units import unit_by_code

    with Session(engine) as session:
        district = unit_by_code(session, UnitScheme.LEGACY, "627")
        from registry.models import AdminUnit

        communes = [
            u.id for u in session.exec(select(AdminUnit).where(AdminUnit.parent_id == district.id))
        ]
        elsewhere = session.exec(
            select(Organisation).where(Organisation.legacy_unit_id.not_in(communes))
        ).first()
    engine.dispose()
    sign_in(page, base, "chupah")
    response = page.goto(f"{base}/admin/organisation/details/?id={elsewhere.id}")
    assert response.status == 404
    response = page.goto(f"{base}/admin/organisation/edit/?id={elsewhere.id}")
    assert response.status == 404
    page.goto(f"{base}/admin/organisation/")
    assert elsewhere.name not in page.locator("table.model-list").inner_text()


def test_import_a_legacy_spreadsheet(page, live_server):
    from pathlib import Path

    base, _ = live_server
    sample = Path(__file__).resolve().parents[1] / "samples" / "coops_vni.xls"
    sign_in(page, base)
    polls = []  # the progress page asks how far the job has got, then moves on by itself
    page.on("request", lambda r: polls.append(r.url) if "/imports/progress/" in r.url else None)
    page.goto(f"{base}/admin/imports/")
    page.set_input_files("#file", str(sample))
    page.click("#upload")
    page.wait_for_selector("#preview-rows")
    assert any(url.endswith("?what=check") for url in polls)
    assert page.locator("tr.outcome-new").count() + page.locator("tr.outcome-update").count() > 0
    page.click("summary")  # the column mapping, folded by default
    assert page.locator("#column-mapping select").count() >= 10
    shot(page, "06-nhap-du-lieu")
    page.click("#confirm-import")
    page.wait_for_url(re.compile(r"/admin/imports/#batch-\d+$"))
    assert any(url.endswith("?what=commit") for url in polls)
    assert "Đã nhập coops_vni.xls" in page.locator(".alert-success").first.inner_text()
    assert page.outside == []
