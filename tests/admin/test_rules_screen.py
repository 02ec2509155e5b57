"""The rule-set screen: administrators only; a broken document is refused naming the key and
changes nothing; a saved one applies at once, audited."""

from sqlmodel import Session, select

from registry.enums import AuditAction
from registry.models import AuditEntry, RuleSetVersion
from tests.admin.conftest import csrf_token


def test_only_an_administrator_changes_the_rules(as_user, engine):
    assert as_user("planner").get("/admin/rules/").status_code == 403
    client = as_user("admin")
    page = client.get("/admin/rules/")
    assert "Không hoạt động 12 tháng liên tục" in page.text
    text = page.text.split('id="text"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    import html

    text = html.unescape(text).lstrip("\n")
    broken = client.post(
        "/admin/rules/",
        data={
            "csrf_token": csrf_token(page.text),
            "note": "thử",
            "text": text.replace("area_review = 15", "area_review = -15"),
        },
    )
    assert "case_days.area_review" in broken.text and "không được âm" in broken.text
    with Session(engine) as session:
        assert session.exec(select(RuleSetVersion)).first() is None
    saved = client.post(
        "/admin/rules/",
        data={
            "csrf_token": csrf_token(page.text),
            "note": "Hạn xem xét 10 ngày theo Công văn 12/LMHTX",
            "text": text.replace("area_review = 15", "area_review = 10"),
        },
    )
    assert saved.status_code == 302
    assert "10 ngày" in client.get("/admin/rules/").text
    with Session(engine) as session:
        version = session.exec(select(RuleSetVersion)).one()
        assert "area_review = 10" in version.text
        assert session.exec(
            select(AuditEntry).where(
                AuditEntry.table_name == "rule_set_version",
                AuditEntry.action == AuditAction.CREATE,
            )
        ).first()


def test_the_audit_log_filters_its_tables_by_name(as_user, engine):
    import html
    import json
    import re

    from tests.admin.conftest import filter_arg

    admin = as_user("admin")
    page = admin.get("/admin/audit/")
    data = re.search(r'<div id="filter-groups-data"[^>]*>(.*?)</div>', page.text, re.S).group(1)
    offered = dict(json.loads(html.unescape(data))["Bảng"][0]["options"])
    assert offered["dissolution_case"] == "Hồ sơ đề nghị giải thể"  # offered by its name
    arg = filter_arg(page.text, "Bảng")
    shown = admin.get(f"/admin/audit/?flt0_{arg}=user_account")
    cells = re.findall(r'<td class="col-table_name">\s*([^<]*?)\s*</td>', shown.text)
    assert cells and set(cells) == {"Người dùng"}  # the accounts the fixtures made, by name
    assert admin.get(f"/admin/audit/?flt0_{arg}=case_document").text.count("col-table_name") == 1


def test_the_audit_log_finds_an_organisations_changes_by_its_name(as_user, engine):
    import re
    from datetime import date

    from sqlmodel import Session, select

    from registry.enums import Status
    from registry.models import Organisation
    from registry.services.organisations import record_status
    from registry.text import fold
    from tests.admin.conftest import filter_arg

    with Session(engine) as session:
        org = session.exec(
            select(Organisation)
            .where(Organisation.current_status == Status.ACTIVE)
            .order_by(Organisation.id.desc())
        ).first()
        record_status(
            session=session,
            organisation=org,
            status=Status.SUSPENDED,
            effective_on=date(2026, 2, 1),
        )
        session.commit()
        org_id, name = org.id, org.name
    admin = as_user("admin")
    arg = filter_arg(admin.get("/admin/audit/").text, "Tổ chức")
    shown = admin.get(f"/admin/audit/?flt0_{arg}={fold(name)}").text
    assert "Sự kiện trạng thái" in shown
    linked = set(re.findall(r"organisation/details/\?id=(\d+)", shown))
    assert linked == {str(org_id)}
