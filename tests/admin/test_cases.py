"""The candidates and case screens: every step by its role and area only, refusals that change
nothing, documents served as downloads, exports as spreadsheets."""

import io
import re
from datetime import date, timedelta

import pytest
from python_calamine import CalamineWorkbook
from sqlmodel import Session, select

from registry.enums import CaseStage, ObservationSource, OperatingState, Role, Status
from registry.models import CaseStep, DissolutionCase, Organisation
from registry.scope import Scope
from registry.services.observations import record_observation
from tests.admin.conftest import CHU_PAH, csrf_token, organisations_in


@pytest.fixture(scope="module")
def stopped(engine):
    """An active organisation of Chư Păh and one elsewhere, each found not operating two
    years ago."""
    found = {}
    with Session(engine) as session:
        for inside in (True, False):
            ids = organisations_in(engine, CHU_PAH, inside)
            org = session.exec(
                select(Organisation)
                .where(Organisation.id.in_(ids), Organisation.current_status == Status.ACTIVE)
                .order_by(Organisation.id.desc())
            ).first()
            record_observation(
                session,
                scope=Scope.everything(),
                user=None,
                organisation=org,
                observed_on=date.today() - timedelta(days=700),
                state=OperatingState.NOT_OPERATING,
                source=ObservationSource.COMMUNE_REPORT,
            )
            found[inside] = org.id
        session.commit()
    return found


def _open(as_user, organisation_id, username="alliance"):
    client = as_user(username)
    form = client.get(f"/admin/cases/open/{organisation_id}")
    if form.status_code != 200:
        return form
    return client.post(
        f"/admin/cases/open/{organisation_id}",
        data={
            "csrf_token": csrf_token(form.text),
            "as_of": date.today().strftime("%d/%m/%Y"),
            "note": "Rà soát",
        },
    )


def _case(engine, organisation_id) -> DissolutionCase:
    with Session(engine) as session:
        case = session.exec(
            select(DissolutionCase)
            .where(DissolutionCase.organisation_id == organisation_id)
            .order_by(DissolutionCase.id.desc())
        ).first()
        session.expunge_all()
        return case


def test_candidates_are_filtered_and_exported(as_user, stopped, engine):
    client = as_user("planner")
    page = client.get("/admin/candidates/?ground=L2023_not_operating")
    assert page.status_code == 200
    assert f'data-id="{stopped[True]}"' in page.text
    assert f'data-id="{stopped[False]}"' in page.text
    export = client.get("/admin/candidates/?ground=L2023_not_operating&export=xlsx")
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(export.data)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][1] == "Tên tổ chức"
    assert {int(r[0]) for r in rows[1:]} >= {stopped[True], stopped[False]}
    assert all(re.fullmatch(r"\d\d/\d\d/\d{4}", r[9]) for r in rows[1:])
    # An area officer sees the area's candidates only, and cannot open a case.
    client = as_user("chupah")
    area = client.get("/admin/candidates/?ground=L2023_not_operating")
    assert f'data-id="{stopped[True]}"' in area.text
    assert f'data-id="{stopped[False]}"' not in area.text
    assert "Lập hồ sơ</a>" not in area.text
    assert client.get(f"/admin/cases/open/{stopped[True]}").status_code == 403


def test_each_step_by_its_role_and_area(as_user, stopped, engine):
    inside = stopped[True]
    assert _open(as_user, inside, "chupah").status_code == 403
    opened = _open(as_user, inside)
    assert opened.status_code == 302
    case = _case(engine, inside)
    assert case.stage == CaseStage.AREA_REVIEW

    def post(username, step, **data):
        client = as_user(username)
        page = client.get(f"/admin/cases/{case.id}")
        if page.status_code != 200:
            return page
        data = {"csrf_token": csrf_token(page.text), "version": str(case.version), **data}
        return client.post(f"/admin/cases/{case.id}/{step}", data=data)

    # The review: not by the Alliance, planning staff or a viewer; the area officer must say
    # why when disagreeing.
    for who in ("alliance", "planner", "viewer"):
        refused = post(who, "review", verdict="agree", comment="")
        assert refused.status_code == 403 and "cán bộ địa bàn" in refused.text
    assert "ghi rõ lý do" in post("chupah", "review", verdict="disagree", comment="").text
    assert _case(engine, inside).stage == CaseStage.AREA_REVIEW
    assert post("chupah", "review", verdict="agree", comment="Đúng").status_code == 302
    case = _case(engine, inside)
    assert case.stage == CaseStage.DECISION

    # The decision: only planning staff, with the decision's number and date.
    for who in ("alliance", "chupah"):
        refused = post(who, "decide", outcome="revocation", decision_no="1/QĐ", decision_on="")
        assert refused.status_code == 403 and "cán bộ kế hoạch" in refused.text
    stale = post(
        "planner",
        "decide",
        outcome="revocation",
        decision_no="1/QĐ",
        decision_on="01/12/2026",
        version="1",
    )
    assert "người khác sửa" in stale.text
    decided = post(
        "planner",
        "decide",
        outcome="revocation",
        decision_no="1/QĐ-UBND",
        decision_on=(date.today() - timedelta(days=1)).strftime("%d/%m/%Y"),
    )
    assert decided.status_code == 302
    assert _case(engine, inside).stage == CaseStage.CLOSED
    with Session(engine) as session:
        assert session.get(Organisation, inside).current_status == Status.REVOKED
        steps = session.exec(select(CaseStep).where(CaseStep.case_id == case.id)).all()
        assert [s.action.value for s in steps] == ["opened", "reviewed", "decided"]


def test_a_case_outside_the_area_is_not_found(as_user, stopped, engine):
    outside = stopped[False]
    assert _open(as_user, outside, "planner").status_code == 302
    case = _case(engine, outside)
    client = as_user("chupah")
    assert client.get(f"/admin/cases/{case.id}").status_code == 404
    home = client.get("/admin/cases/?show=all")
    assert f"/admin/cases/{case.id}" not in home.text
    page = client.get("/admin/")
    token = csrf_token(page.text)
    posted = client.post(
        f"/admin/cases/{case.id}/review",
        data={"csrf_token": token, "version": "1", "verdict": "agree"},
    )
    assert posted.status_code == 404
    assert _case(engine, outside).stage == CaseStage.AREA_REVIEW


def test_documents_are_checked_and_served_as_downloads(as_user, stopped, engine):
    outside = stopped[False]
    case = _case(engine, outside) or None
    if case is None or case.stage == CaseStage.CLOSED:
        _open(as_user, outside, "planner")
        case = _case(engine, outside)
    client = as_user("alliance")
    page = client.get(f"/admin/cases/{case.id}")
    refused = client.post(
        f"/admin/cases/{case.id}/evidence",
        data={
            "csrf_token": csrf_token(page.text),
            "comment": "",
            "document": (io.BytesIO(b"<html><script>alert(1)</script>"), "bien-ban.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert "không phải PDF" in refused.text
    added = client.post(
        f"/admin/cases/{case.id}/evidence",
        data={
            "csrf_token": csrf_token(page.text),
            "comment": "Biên bản kiểm tra",
            "document": (io.BytesIO(b"%PDF-1.4 bien ban"), "Biên bản.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert added.status_code == 302
    page = client.get(f"/admin/cases/{case.id}")
    link = re.search(r'href="(/admin/cases/\d+/document/\d+)"', page.text).group(1)
    with client.get(link) as download:
        assert download.data == b"%PDF-1.4 bien ban"
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["X-Content-Type-Options"] == "nosniff"
        assert download.headers["Content-Disposition"].startswith("attachment")
    # The organisation's file lists its cases by number and their documents by name.
    file = client.get(f"/admin/organisation/details/?id={outside}")
    assert f'href="{link}">Biên bản.pdf</a>' in file.text
    assert f"Hồ sơ số {case.id}</a>" in file.text and f">#{case.id}<" not in file.text
    client = as_user("chupah")
    assert client.get(link).status_code == 404


def test_the_overview_shows_the_steps_waiting_and_links_every_count(as_user, stopped):
    client = as_user("planner")
    page = client.get("/admin/")
    assert 'id="cases-mine"' in page.text and 'id="cases-overdue"' in page.text
    for link in re.findall(r'class="more" href="([^"]+)"', page.text):
        assert client.get(link.replace("&amp;", "&")).status_code == 200
    assert "/admin/candidates/?ground=" in page.text


def test_roles_that_take_no_part_see_no_forms(as_user, stopped, engine):
    client = as_user("viewer")
    assert client.get("/admin/candidates/").status_code == 403
    listing = client.get("/admin/cases/")
    assert listing.status_code == 200
    for case_id in re.findall(r'href="/admin/cases/(\d+)"', listing.text):
        page = client.get(f"/admin/cases/{case_id}")
        assert '<form method="post" action="/admin/cases/' not in page.text
    assert Role.VIEWER  # the role exists; nothing above is offered to it
