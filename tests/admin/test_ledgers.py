"""The clean-up screens: debts and land of an area with totals equal to the records', a
debt's repayments, a year's figures typed on screen, findings and support by their roles."""

import re
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from admin.formatting import money, num
from registry.enums import AssetKind, AuditAction, DebtState, SettlementKind
from registry.models import AnnualFigures, Asset, AuditEntry, Debt, Observation, SupportEntry
from tests.admin.conftest import CHU_PAH, csrf_token, filter_arg, organisations_in


def _totals(html: str) -> list[str]:
    block = re.search(r'<div class="d-flex flex-wrap mb-2" id="totals">(.*?)</div>\n', html, re.S)
    return re.findall(r"<strong>([^<]*)</strong>", block.group(1))


def test_debt_totals_are_the_areas_and_follow_the_filters(as_user, engine):
    inside = organisations_in(engine, CHU_PAH, True)
    with Session(engine) as session:
        everything = session.exec(select(func.count(), func.sum(Debt.outstanding_vnd))).one()
        area = session.exec(
            select(func.count(), func.sum(Debt.outstanding_vnd)).where(
                Debt.organisation_id.in_(inside)
            )
        ).one()
        past = session.exec(
            select(func.count()).where(
                Debt.state.in_(
                    (DebtState.OUTSTANDING, DebtState.PARTLY_SETTLED, DebtState.DISPUTED)
                ),
                Debt.outstanding_vnd > 0,
                Debt.target_on < date.today(),
            )
        ).one()
    planner = as_user("planner")
    page = planner.get("/admin/debts/")
    totals = _totals(page.text)
    assert totals[0] == num(everything[0]) and totals[2] == money(everything[1] or 0)
    arg = filter_arg(page.text, "Quá hạn xử lý")
    filtered = planner.get(f"/admin/debts/?flt0_{arg}=1")
    assert _totals(filtered.text)[0] == num(past)
    officer = as_user("chupah")
    own = _totals(officer.get("/admin/debts/").text)
    assert own[0] == num(area[0]) and own[2] == money(area[1] or 0)
    export = planner.get("/admin/debts/export/csv/")
    assert export.status_code == 200 and "Tổ chức" in export.data.decode("utf-8-sig")


def test_land_totals(as_user, engine):
    with Session(engine) as session:
        count, area = session.exec(
            select(func.count(), func.sum(Asset.area_m2)).where(Asset.kind == AssetKind.LAND)
        ).one()
    totals = _totals(as_user("planner").get("/admin/land/").text)
    assert totals[0] == num(count) and totals[1] == f"{num(round(area))} m²"


def test_a_repayment_recorded_on_screen(as_user, engine):
    inside = organisations_in(engine, CHU_PAH, True)
    with Session(engine) as session:
        debt = session.exec(
            select(Debt).where(Debt.organisation_id.in_(inside), Debt.outstanding_vnd > 1000)
        ).first()
    officer = as_user("chupah")
    page = officer.get(f"/admin/debts/settle/{debt.id}")
    posted = officer.post(
        f"/admin/debts/settle/{debt.id}",
        data={
            "csrf_token": csrf_token(page.text),
            "on": "01/10/2026",
            "kind": SettlementKind.PAID.value,
            "amount_vnd": "1.000",
            "reference": "PC 9",
        },
    )
    assert posted.status_code == 302
    history = officer.get(f"/admin/debts/settle/{debt.id}").text
    assert "PC 9" in history and money(debt.outstanding_vnd - 1000) in history
    too_much = officer.post(
        f"/admin/debts/settle/{debt.id}",
        data={
            "csrf_token": csrf_token(page.text),
            "on": "01/10/2026",
            "kind": SettlementKind.PAID.value,
            "amount_vnd": money(debt.outstanding_vnd),
        },
    )
    assert "lớn hơn số nợ còn lại" in too_much.text
    outside = organisations_in(engine, CHU_PAH, False)
    with Session(engine) as session:
        theirs = session.exec(select(Debt.id).where(Debt.organisation_id.in_(outside))).first()
    assert officer.get(f"/admin/debts/settle/{theirs}").status_code == 404


def test_figures_typed_on_screen_are_checked_and_audited(as_user, engine):
    inside = organisations_in(engine, CHU_PAH, True)
    with Session(engine) as session:
        taken = set(
            session.exec(select(AnnualFigures.organisation_id).where(AnnualFigures.year == 2026))
        )
    org_id = next(i for i in inside if i not in taken)
    officer = as_user("chupah")
    form = officer.get(f"/admin/figures/new/?organisation_id={org_id}")
    data = {
        "csrf_token": csrf_token(form.text),
        "organisation_id": str(org_id),
        "year": "2026",
        "members_total": "12",
        "members_official": "10",
        "members_associate": "4",
        "revenue_vnd": "1.250.000.000",
        "profit_vnd": "-20.000.000",
        "general_meeting_on": "15/03/2026",
    }
    refused = officer.post(f"/admin/figures/new/?organisation_id={org_id}", data=data)
    assert "nhiều hơn tổng số" in refused.text
    data["members_associate"] = "2"
    saved = officer.post(f"/admin/figures/new/?organisation_id={org_id}", data=data)
    assert saved.status_code == 302 and f"id={org_id}" in saved.location
    with Session(engine) as session:
        figures = session.exec(
            select(AnnualFigures).where(
                AnnualFigures.organisation_id == org_id, AnnualFigures.year == 2026
            )
        ).one()
        assert (figures.revenue_vnd, figures.profit_vnd) == (1_250_000_000, -20_000_000)
        assert session.exec(
            select(AuditEntry).where(
                AuditEntry.table_name == "annual_figures",
                AuditEntry.record_id == str(figures.id),
                AuditEntry.action == AuditAction.CREATE,
            )
        ).first()
    outside = organisations_in(engine, CHU_PAH, False)[0]
    data["organisation_id"] = str(outside)
    data["year"] = "2025"
    elsewhere = officer.post("/admin/figures/new/", data=data)
    with Session(engine) as session:
        assert not session.exec(
            select(AnnualFigures).where(
                AnnualFigures.organisation_id == outside,
                AnnualFigures.year == 2025,
                AnnualFigures.members_total == 12,
            )
        ).first()
    assert elsewhere.status_code == 200


def test_findings_and_support_forms_by_role(as_user, engine):
    org_id = organisations_in(engine, CHU_PAH, True)[0]
    officer = as_user("chupah")
    page = officer.get(f"/admin/organisation/observation/{org_id}")
    posted = officer.post(
        f"/admin/organisation/observation/{org_id}",
        data={
            "csrf_token": csrf_token(page.text),
            "observed_on": "20/11/2026",
            "state": "weak",
            "source": "field_visit",
            "note": "Chỉ còn 3 xã viên làm",
        },
    )
    assert posted.status_code == 302
    file = officer.get(f"/admin/organisation/details/?id={org_id}").text
    assert "Thực tế: Hoạt động yếu, cầm chừng (20/11/2026)" in file
    assert as_user("viewer").get(f"/admin/organisation/observation/{org_id}").status_code == 403
    assert officer.get(f"/admin/organisation/support/{org_id}").status_code == 403
    alliance = as_user("alliance")
    page = alliance.get(f"/admin/organisation/support/{org_id}")
    alliance.post(
        f"/admin/organisation/support/{org_id}",
        data={
            "csrf_token": csrf_token(page.text),
            "given_on": "21/11/2026",
            "kind": "training",
            "note": "Tập huấn kế toán",
        },
    )
    with Session(engine) as session:
        assert session.exec(
            select(Observation).where(Observation.organisation_id == org_id)
        ).first()
        assert session.exec(
            select(SupportEntry).where(SupportEntry.note == "Tập huấn kế toán")
        ).first()


def test_progress_page_with_charts_export_and_baseline_entries(as_user, engine):
    planner = as_user("planner")
    page = planner.get("/admin/progress/")
    assert page.status_code == 200
    charts = re.findall(r"<svg.*?</svg>", page.text, re.S)
    assert len(charts) == 3 and not any("<script" in chart for chart in charts)
    assert not re.search(r"(src|href)=\"https?://", page.text)  # nothing from elsewhere
    assert "cần nhập" in page.text  # land questions: nobody entered the baseline yet
    export = planner.get("/admin/progress/?export=csv").data.decode("utf-8-sig")
    assert export.splitlines()[0].startswith("Chỉ tiêu,Số liệu gốc 23/03/2023,Hiện nay")
    form = planner.get("/admin/progress/")
    with Session(engine) as session:
        from registry.models import AdminUnit

        district = session.exec(select(AdminUnit.id).where(AdminUnit.code == CHU_PAH)).one()
    saved = planner.post(
        "/admin/progress/baseline",
        data={
            "csrf_token": csrf_token(form.text),
            "unit": str(district),
            "indicator": "land_questions",
            "value": "14",
            "note": "Báo cáo 45/BC-UBND",
        },
    )
    assert saved.status_code == 302
    shown = planner.get(f"/admin/progress/?district={district}").text
    assert re.search(r"Thửa đất có vướng mắc.*?<td class=\"num\">14 <span", shown, re.S)
    alliance = as_user("alliance")
    refused = alliance.post(
        "/admin/progress/baseline",
        data={"csrf_token": csrf_token(alliance.get("/admin/progress/").text), "value": "1"},
    )
    assert refused.status_code == 403
