"""An area's annual report, in a real browser: the area officer prepares and submits it,
planning staff return it, the officer submits again, planning staff accept it; the
completeness view shows each state."""

from tests.browser.conftest import shot, sign_in


def _sign_out(page):
    page.click("form[action='/logout'] button")
    page.wait_for_url("**/login**")


def _state(page, base, year):
    page.goto(f"{base}/admin/submissions/?year={year}")
    row = page.locator("#completeness tr", has_text="Huyện Chư Păh")
    return row.locator(".state").inner_text()


def test_submit_return_resubmit_accept(page, live_server):
    base, _ = live_server
    year = 2025
    sign_in(page, base, "chupah")
    assert _state(page, base, year) == "chưa lập"
    page.locator("#completeness tr", has_text="Huyện Chư Păh").locator("button.prepare").click()
    page.wait_for_url("**/admin/submissions/*")
    assert page.locator("#submission-state").inner_text() == "Đang chuẩn bị"
    page.click("#submit-report")
    page.wait_for_load_state()
    assert page.locator("#submission-state").inner_text() == "Đã gửi"
    report_url = page.url
    _sign_out(page)

    sign_in(page, base, "kehoach")
    assert _state(page, base, year) == "Đã gửi"
    assert "muộn" in page.locator("#completeness tr", has_text="Huyện Chư Păh").inner_text()
    page.goto(report_url)
    page.click("#return-report")  # without a reason: refused
    page.wait_for_load_state()
    assert "ghi rõ lý do" in page.content()
    page.fill("#return-comment", "Thiếu số liệu vốn góp của 2 HTX")
    page.click("#return-report")
    page.wait_for_load_state()
    assert page.locator("#submission-state").inner_text() == "Bị trả lại"
    _sign_out(page)

    sign_in(page, base, "chupah")
    assert _state(page, base, year) == "Bị trả lại"
    page.goto(report_url)
    assert "Thiếu số liệu vốn góp" in page.locator("#submission-comment").inner_text()
    page.click("#prepare-again")
    page.wait_for_load_state()
    page.click("#submit-report")
    page.wait_for_load_state()
    assert page.locator("#submission-state").inner_text() == "Đã gửi"
    _sign_out(page)

    sign_in(page, base, "kehoach")
    page.goto(report_url)
    page.click("#accept-report")
    page.wait_for_load_state()
    assert page.locator("#submission-state").inner_text() == "Đã chấp nhận"
    steps = page.locator("#submission-history").inner_text()
    for state in ("Đang chuẩn bị", "Đã gửi", "Bị trả lại", "Đã chấp nhận"):
        assert state in steps
    assert _state(page, base, year) == "Đã chấp nhận"
    summary = page.locator("#completeness-summary").inner_text()
    assert "1/2" not in summary and "1 đã chấp nhận" in summary
    assert "chưa lập" in page.locator("#completeness tr", has_text="Huyện Đức Cơ").inner_text()
    shot(page, "14-bao-cao-cac-dia-ban")
    assert page.outside == []
