"""A dissolution case walked by the three people it needs, in a real browser: the Alliance
opens it from the candidates, the area's officer reviews it, planning staff decide and record
the dissolution. The same steps by the wrong role or area are not offered, or refused."""

from datetime import date, timedelta

from sqlmodel import Session, select

from registry.db import make_engine
from registry.enums import (
    ObservationSource,
    OperatingState,
    Role,
    Status,
    UnitScheme,
)
from registry.models import AdminUnit, DissolutionCase, Organisation, StatusEvent
from registry.scope import Scope
from registry.services.observations import record_observation
from tests.browser.conftest import shot, sign_in


def _stopped_cooperative_in_chu_pah(url: str) -> Organisation:
    """An active organisation of huyện Chư Păh, found not operating two years ago."""
    engine = make_engine(url)
    with Session(engine) as session:
        district = session.exec(
            select(AdminUnit).where(AdminUnit.scheme == UnitScheme.LEGACY, AdminUnit.code == "627")
        ).one()
        communes = select(AdminUnit.id).where(AdminUnit.parent_id == district.id)
        org = session.exec(
            select(Organisation)
            .where(
                Organisation.legacy_unit_id.in_(communes),
                Organisation.current_status == Status.ACTIVE,
            )
            .order_by(Organisation.id)
        ).first()
        record_observation(
            session,
            scope=Scope(role=Role.AREA_OFFICER, everywhere=True),
            user=None,
            organisation=org,
            observed_on=date.today() - timedelta(days=730),
            state=OperatingState.NOT_FOUND,
            source=ObservationSource.FIELD_VISIT,
            note="Không tìm thấy trụ sở",
        )
        session.commit()
        session.refresh(org)
        session.expunge(org)
    engine.dispose()
    return org


def _sign_out(page):
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login**")


def test_a_case_from_the_candidates_to_dissolution_by_three_officers(page, live_server):
    base, url = live_server
    org = _stopped_cooperative_in_chu_pah(url)

    # The Alliance finds it among the candidates of the district and opens a case.
    sign_in(page, base, "lienminh")
    page.goto(f"{base}/admin/candidates/?ground=L2023_not_operating")
    row = page.locator(f"#candidates tr[data-id='{org.id}']")
    assert "Không hoạt động 12 tháng liên tục" in row.inner_text()
    shot(page, "11-can-cu-giai-the")
    row.locator("a.btn").click()
    page.fill("#note", "Đề nghị giải thể bắt buộc theo Kế hoạch 655")
    page.click("#open-case")
    page.wait_for_url("**/admin/cases/*")
    assert page.locator("#case-stage").inner_text() == "Chờ địa bàn xem xét"
    assert page.locator("#decide-form").count() == 0 and page.locator("#review-form").count() == 0
    case_url = page.url
    _sign_out(page)

    # An officer of another district does not see it at all.
    sign_in(page, base, "ducco")
    assert page.goto(case_url).status == 404
    _sign_out(page)

    # The area's officer finds it waiting on the overview and agrees.
    sign_in(page, base, "chupah")
    assert org.name in page.locator("#cases-mine").inner_text()
    page.goto(case_url)
    page.check("#verdict-0")
    page.fill("#comment", "Đã kiểm tra thực tế: trụ sở bỏ hoang")
    shot(page, "12-y-kien-dia-ban")
    page.click("#submit-review")
    page.wait_for_load_state()
    assert page.locator("#case-stage").inner_text() == "Chờ quyết định"
    assert page.locator("#decide-form").count() == 0
    _sign_out(page)

    # Planning staff decide: compulsory dissolution, with the decision's number and date.
    sign_in(page, base, "kehoach")
    page.goto(case_url)
    page.select_option("#outcome", "compulsory_dissolution")
    page.click("#submit-decision")  # without the decision's number: refused, said under it
    page.wait_for_load_state()
    assert "cần số và ngày của quyết định" in page.locator("#decide-form").inner_text()
    decided = (date.today() - timedelta(days=2)).strftime("%d/%m/%Y")
    page.select_option("#outcome", "compulsory_dissolution")
    page.fill("#decision_no", "88/QĐ-UBND")
    page.fill("#decision_on", decided)
    page.click("#submit-decision")
    page.wait_for_load_state()
    assert page.locator("#case-stage").inner_text() == "Đang thực hiện quyết định"
    assert page.locator("#case-org-status").inner_text().startswith("Đang làm thủ tục giải thể")
    page.fill("#complete-form #decision_no", "12/TB-UBND")
    page.fill("#complete-form #decision_on", date.today().strftime("%d/%m/%Y"))
    page.click("#submit-completion")
    page.wait_for_load_state()
    assert page.locator("#case-stage").inner_text() == "Đã kết thúc"
    steps = page.locator("#case-steps").inner_text()
    for step in ("Lập hồ sơ", "Địa bàn cho ý kiến", "Quyết định", "Hoàn tất giải thể"):
        assert step in steps
    shot(page, "13-ho-so-giai-the")

    # The organisation's history shows each decided step, with its decision.
    page.goto(f"{base}/admin/organisation/details/?id={org.id}")
    assert page.locator("#org-status").inner_text() == "Đã giải thể"
    history = page.locator("#status-history").inner_text()
    assert "88/QĐ-UBND" in history and "12/TB-UBND" in history
    assert page.outside == []

    engine = make_engine(url)
    with Session(engine) as session:
        events = session.exec(
            select(StatusEvent.status).where(StatusEvent.organisation_id == org.id)
        ).all()
        assert events[-2:] == [Status.AWAITING_DISSOLUTION, Status.DISSOLVED]
        case = session.exec(
            select(DissolutionCase).where(DissolutionCase.organisation_id == org.id)
        ).one()
        assert [s.user_id is not None for s in case.steps] == [True] * 4
    engine.dispose()
