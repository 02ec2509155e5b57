"""Debts and land (one sheet per district, a debts table split A/B and a land table): matched
to the cooperatives already imported, every sheet's totals kept, re-import and undo exact."""

from __future__ import annotations

import pytest
import xlsxwriter
from sqlalchemy import func, select

from importers.debts import direction
from importers.run import commit, plan
from importers.values import UnknownWord
from importers.vocabulary import counterparty, debt_state, land_certificate
from registry.enums import Counterparty, DebtDirection, DebtState, LandCertificate, LandOrigin
from registry.models import Asset, Debt, Organisation
from registry.scope import Scope
from registry.services.batches import undo_batch
from registry.services.errors import DomainError
from tests.importers.conftest import coded, workbook

FILE = "debts_assets.xlsx"


EVERYWHERE = Scope.everything()


def test_every_district_sheet_is_imported_as_expected(registry_of_lists, samples, expected):
    session = registry_of_lists
    info = expected["files"][FILE]
    preview = plan(session, samples / FILE)
    assert preview.kind == "debts_assets"
    rejected = [(o.sheet, o.row, o.reasons) for o in preview.outcomes if o.action != "new"]
    assert rejected == []
    by_place = {(o.sheet, o.row): o for o in preview.outcomes}
    wanted_rows = {
        (name, r["row"])
        for name, sheet in info["sheets"].items()
        for r in sheet["debts"] + sheet["land"]
    }
    assert set(by_place) == wanted_rows

    commit(session, preview)
    for name, sheet in info["sheets"].items():
        for r in sheet["debts"]:
            outcome = by_place[(name, r["row"])]
            debt = session.scalar(
                select(Debt).where(
                    Debt.organisation_id == outcome.organisation_id,
                    Debt.content == r["content"],
                    Debt.counterparty_name == r["counterparty_raw"],
                )
            )
            assert debt.organisation.name == r["coop_name"], (name, r["row"])
            got = (
                debt.direction.value,
                debt.counterparty.value,
                debt.bank,
                debt.principal_vnd,
                debt.outstanding_vnd,
                debt.state.value,
                debt.collateral,
                debt.notes,
            )
            want = (
                r["direction"],
                r["counterparty_type"],
                r["bank"],
                r["principal_vnd"],
                r["outstanding_vnd"],
                r["resolution_state"],
                r["collateral"],
                r["notes"],
            )
            assert got == want, (name, r["row"])
        for r in sheet["land"]:
            outcome = by_place[(name, r["row"])]
            parcel = session.scalar(
                select(Asset).where(
                    Asset.organisation_id == outcome.organisation_id,
                    Asset.location == r["location"],
                )
            )
            assert parcel.organisation.name == r["coop_name"], (name, r["row"])
            status = "disputed" if parcel.disputed else parcel.land_certificate.value
            got = (parcel.area_m2, parcel.land_origin.value, status, parcel.book_value_vnd)
            want = (r["area_m2"], r["origin"], r["certificate_status"], r["book_value_vnd"])
            assert got == want, (name, r["row"])
    grand = info["totals"]["grand"]
    outstanding = select(func.sum(Debt.outstanding_vnd)).where(
        Debt.direction == DebtDirection.PAYABLE
    )
    assert session.scalar(outstanding) == grand["payable_outstanding_vnd"]
    assert session.scalar(select(func.sum(Asset.area_m2))) == grand["land_area_m2"]
    assert session.scalar(select(func.count()).select_from(Debt)) == grand["debt_rows"]


def test_again_changes_nothing_an_edit_is_an_update_and_undo_is_exact(registry_of_lists, samples):
    session = registry_of_lists
    batch = commit(session, plan(session, samples / FILE))
    again = plan(session, samples / FILE)
    assert again.counts() == {"unchanged": len(again.outcomes)}

    debt = session.scalars(select(Debt).order_by(Debt.id)).first()
    edit = session.begin_nested()
    debt.outstanding_vnd += 1
    session.flush()
    with pytest.raises(DomainError, match="đã được sửa"):  # an officer's edit rests on it
        undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    edit.rollback()
    undo_batch(session=session, batch=batch, scope=EVERYWHERE)
    assert session.scalar(select(func.count()).select_from(Debt)) == 0
    assert session.scalar(select(func.count()).select_from(Asset)) == 0


def test_a_debt_of_an_unknown_cooperative_is_rejected(session, samples):
    outcomes = plan(session, samples / FILE).outcomes
    assert {o.action for o in outcomes} == {"rejected"}
    assert "chưa có trong cơ sở dữ liệu" in outcomes[0].reasons[0]


def test_a_cooperative_found_only_in_another_district_is_named(registry_of_lists, tmp_path):
    """Under a district where it is not, a cooperative the registry has elsewhere is rejected
    naming where it is (it was "not in the registry")."""
    coop = registry_of_lists.scalars(
        select(Organisation).where(Organisation.name.like("%Tân Quang%"))
    ).one()
    rows = [
        ["CÔNG NỢ CÁC HTX HUYỆN KBANG"],
        ["TT", "Tên HTX", "Chủ nợ", "Nội dung", "Nợ gốc", "Dư nợ"],
        ["A", "Nợ phải trả"],
        [1, "HTX NN DV Tân Quang", "Agribank", "Vay vốn", 100_000_000, 50_000_000],
    ]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, rows)).outcomes
    assert outcome.action == "rejected"
    assert outcome.reasons[0].startswith("Không có hợp tác xã này ở huyện của dòng")
    where = f"Huyện Chư Păh (mã số thuế {coop.tax_code})" if coop.tax_code else "Huyện Chư Păh"
    assert f"cùng tên ở {where}:" in outcome.reasons[0]
    assert "#" not in outcome.reasons[0] and "Chư Păh" in outcome.reasons[0].en


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("Agribank", (Counterparty.BANK, "agribank")),
        ("Ngân hàng NN&PTNT chi nhánh huyện Đak Đoa", (Counterparty.BANK, "agribank")),
        ("NH Chính sách XH", (Counterparty.BANK, "vbsp")),
        ("Ngân sách huyện Ia Grai", (Counterparty.STATE_BUDGET, None)),
        ("Các hộ thành viên", (Counterparty.MEMBER, None)),
        ("DNTN Thành Lộc", (Counterparty.ECONOMIC_ORG, None)),
        ("UBND xã", (Counterparty.OTHER, None)),
        ("Kho bạc Nhà nước huyện", (Counterparty.STATE_BUDGET, None)),
        ("Chi cục Thuế khu vực", (Counterparty.STATE_BUDGET, None)),
        ("Nợ thuế", (Counterparty.STATE_BUDGET, None)),
        ("Tiền thuê đất", (Counterparty.STATE_BUDGET, None)),
        ("BHXH tỉnh", (Counterparty.STATE_BUDGET, None)),
        ("Quỹ hỗ trợ phát triển HTX tỉnh", (Counterparty.STATE_BUDGET, None)),
        ("DNTN Hưng Thịnh (thuê máy cày)", (Counterparty.ECONOMIC_ORG, None)),  # rent, not tax
        ("Cá nhân ngoài HTX", (Counterparty.OTHER, None)),  # a person, not a cooperative
        ("Ông Nguyễn Văn Hùng", (Counterparty.OTHER, None)),
        ("Hộ bà Siu H'Lan", (Counterparty.OTHER, None)),
        ("Cửa hàng VLXD Hoàng Long", (Counterparty.ECONOMIC_ORG, None)),
        ("Đại lý phân bón Minh Phát", (Counterparty.ECONOMIC_ORG, None)),
        ("Cty TNHH Minh Tâm", (Counterparty.ECONOMIC_ORG, None)),
        ("HTX DV Sông Ba", (Counterparty.ECONOMIC_ORG, None)),  # not "bà"
        ("Vietcombank Gia Lai", (Counterparty.BANK, None)),
        ("BIDV chi nhánh Pleiku", (Counterparty.BANK, None)),
        ("QTDND Ia Blang", (Counterparty.BANK, None)),
        ("Trạm Khuyến nông huyện", (Counterparty.OTHER, None)),
        ("Hội Nông dân xã", (Counterparty.OTHER, None)),
        # The policy lenders' abbreviations, glued (NHCSXH was asked about).
        ("NHCSXH", (Counterparty.BANK, "vbsp")),
        ("NHCS huyện Chư Păh", (Counterparty.BANK, "vbsp")),
        ("NHNo&PTNT Chư Sê", (Counterparty.BANK, "agribank")),
    ],
)
def test_counterparties(raw, want):
    assert counterparty(raw) == want


# "thuê" is a rent, "thuế" a tax; names no word tells
@pytest.mark.parametrize(
    "raw", ["Nợ thuê máy cày", "Sông Ba", "Nguyễn Văn Sáu", "Lâm trường Kbang"]
)
def test_a_counterparty_no_word_tells_is_asked_about_and_other_until_answered(raw):
    with pytest.raises(UnknownWord) as unknown:
        counterparty(raw)
    assert unknown.value.fallback == (Counterparty.OTHER, None)
    assert unknown.value.accept("member") == (Counterparty.MEMBER, None)


def test_states_directions_and_certificates():
    assert debt_state("Trả được 1 phần") is DebtState.PARTLY_SETTLED
    assert debt_state("Đã được xóa nợ") is DebtState.WRITTEN_OFF
    assert debt_state("chưa trả được") is DebtState.OUTSTANDING
    assert debt_state("Đang trả dần") is DebtState.PARTLY_SETTLED
    # A write-off asked for is not one granted: the debt is still owed.
    assert debt_state("Đề nghị xóa nợ") is DebtState.OUTSTANDING
    assert debt_state("Đang xử lý") is DebtState.OUTSTANDING
    assert direction(["A CÁC KHOẢN HTX NỢ PHẢI TRẢ"]) is DebtDirection.PAYABLE
    assert direction(["B. Các khoản phải thu"]) is DebtDirection.RECEIVABLE
    assert direction([]) is None
    assert land_certificate("Đang tranh chấp với hộ dân") == (None, True)
    assert land_certificate("Đã cấp sổ") == (LandCertificate.ISSUED, False)
    assert land_certificate("Có GCN") == (LandCertificate.ISSUED, False)
    assert land_certificate("Không") == (LandCertificate.NOT_ISSUED, False)  # not a blank
    assert land_certificate("Đang đo đạc") == (LandCertificate.PENDING, False)
    assert debt_state("Đang khởi kiện") is DebtState.DISPUTED
    assert debt_state("Đã khoanh nợ") is DebtState.OUTSTANDING
    assert debt_state("Đã xử lý") is DebtState.SETTLED
    # A state column's words of a debt overdue and chased (they were asked about).
    assert debt_state("Quá hạn") is DebtState.OUTSTANDING
    assert debt_state("Đang đôn đốc thu hồi") is DebtState.OUTSTANDING
    assert debt_state("Đã thu hồi") is DebtState.SETTLED
    assert debt_state("Đã thu hồi được một phần") is DebtState.PARTLY_SETTLED


def test_a_direction_column_instead_of_group_rows():
    from importers.debts import clean
    from importers.tables import find_tables

    rows = [
        ["STT", "Tên HTX", "Loại công nợ", "Đối tượng nợ", "Số nợ gốc", "Dư nợ"],
        [1, "HTX NN Tâm An", "Phải thu", "Thành viên", 10, 5],
        [2, "HTX NN Tâm An", "Phải trả", "Agribank", 20, 20],
    ]
    (table,) = find_tables(rows, "debts_assets")
    ways = [
        clean(table, data, "Chư Păh", "Chư Păh").fields["records"][0][0]["direction"]
        for data in table.rows
    ]
    assert ways == [DebtDirection.RECEIVABLE, DebtDirection.PAYABLE]


def test_land_areas_under_a_hectare_header_are_scaled():
    from importers.debts import clean
    from importers.tables import find_tables

    rows = [
        ["STT", "Tên HTX", "Vị trí thửa đất", "Nguồn gốc đất", "Diện tích (ha)"],
        [1, "HTX NN Tâm An", "Thôn 1", "Nhà nước giao", 1.5],
    ]
    (table,) = find_tables(rows, "debts_assets")
    record = clean(table, table.rows[0], "Chư Păh", "Chư Păh").fields["records"][0][0]
    assert record["area_m2"] == 15_000


def test_a_dispute_told_in_the_notes_marks_the_land_disputed():
    from importers.debts import clean
    from importers.tables import find_tables

    rows = [
        ["STT", "Tên HTX", "Vị trí thửa đất", "Tình trạng GCN QSDĐ", "Ghi chú"],
        [1, "HTX NN Tâm An", "Làng Kép", "Chưa cấp", "Đang tranh chấp với hộ dân"],
        [2, "HTX NN Tâm An", "Thôn 1", "Chưa cấp", ""],
    ]
    (table,) = find_tables(rows, "debts_assets")
    records = [
        clean(table, data, "Chư Păh", "Chư Păh").fields["records"][0][0] for data in table.rows
    ]
    assert [(r["land_certificate"], r["disputed"]) for r in records] == [
        (LandCertificate.NOT_ISSUED, True),
        (LandCertificate.NOT_ISSUED, False),
    ]


def test_a_parcels_map_numbers_type_and_use_are_kept_and_encroachment_is_contested():
    """``Thửa đất số`` and ``Tờ bản đồ số`` place the parcel (they were not read: parcels of
    one cooperative could not be told apart), ``Loại đất`` and ``Hiện trạng`` go to its notes
    (land left idle or let to others is what the clean-up is about), and land encroached
    upon (``bị lấn chiếm``) is contested."""
    from importers.debts import clean
    from importers.tables import find_tables

    header = ["STT", "Tên HTX", "Thửa đất số", "Tờ bản đồ số", "Vị trí", "Diện tích (m²)"]
    rows = [
        [*header, "Loại đất", "Hiện trạng", "Ghi chú"],
        [1, "HTX NN Tâm An", "125", "12", "Thôn 3", "1.250", "CLN", "Bỏ hoang", "Bị lấn chiếm"],
        [2, "HTX NN Tâm An", "", "", "", "300", "", "", ""],
    ]
    (table,) = find_tables(rows, "debts_assets")
    records = [
        clean(table, data, "Chư Păh", "Chư Păh").fields["records"][0][0] for data in table.rows
    ]
    assert [(r["location"], r["notes"], r["disputed"]) for r in records] == [
        (
            "Thửa 125, tờ bản đồ 12, Thôn 3",
            "Loại đất: CLN; Hiện trạng: Bỏ hoang; Bị lấn chiếm",
            True,
        ),
        (None, None, False),
    ]


@pytest.mark.parametrize("merged", [True, False])
def test_a_cooperatives_second_debt_under_a_blank_or_merged_name_is_its_own_record(
    registry_of_lists, tmp_path, merged
):
    """``Tên HTX`` merged over a cooperative's debts, or left blank as "same as above": each
    debt row is a debt of that cooperative, none folded into the row above."""
    import xlsxwriter

    coop = coded(registry_of_lists)
    path = tmp_path / "no.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Chư Păh")
    sheet.write_row(0, 0, ["TT", "Tên HTX", "Mã số thuế", "Chủ nợ", "Nội dung", "Nợ gốc", "Dư nợ"])
    sheet.write_row(1, 0, ["A", "CÁC KHOẢN HTX NỢ PHẢI TRẢ"])
    if merged:
        for column, value in enumerate([1, coop.name, coop.tax_code]):
            sheet.merge_range(2, column, 3, column, value)
    else:
        sheet.write_row(2, 0, [1, coop.name, coop.tax_code])
    sheet.write_row(2, 3, ["Agribank", "Vay mua máy", 500_000_000, 300_000_000])
    sheet.write_row(3, 3, ["Ngân sách huyện", "Thuế", 20_000_000, 20_000_000])
    book.close()
    outcomes = plan(registry_of_lists, path).outcomes
    assert [(o.row, o.action, o.organisation_id) for o in outcomes] == [
        (3, "new", coop.id),
        (4, "new", coop.id),
    ]
    assert [o.record["counterparty_name"] for o in outcomes] == ["Agribank", "Ngân sách huyện"]


def test_a_land_table_then_a_debts_table_each_with_its_own_words(registry_of_lists, tmp_path):
    """The debts header under a land table is the next table, not the land header repeated
    (it was read with organisation-list words, in which both name only a number and a name);
    ``Giấy chứng nhận QSDĐ``, ``Đơn vị/cá nhân``, ``Số tiền nợ gốc`` and ``Còn nợ đến …`` are
    the certificate, the counterparty, the principal and the outstanding amount; an area in
    sào is refused saying why."""
    coop = coded(registry_of_lists)
    rows = [
        ["TỔNG HỢP ĐẤT ĐAI VÀ CÔNG NỢ (Số liệu đến ngày 30/9/2024)"],
        ["I. ĐẤT ĐAI"],
        [
            "TT",
            "Tên HTX",
            "Mã số thuế",
            "Vị trí thửa đất",
            "Diện tích (m2)",
            "Nguồn gốc",
            "Giấy chứng nhận QSDĐ",
        ],
        [1, coop.name, coop.tax_code, "Thôn 3", "12.500", "Nhà nước giao", "Đã cấp"],
        [2, coop.name, coop.tax_code, "Làng Ia Ring", "3 sào", "Thuê đất", "Chưa cấp"],
        ["II. CÔNG NỢ"],
        [
            "TT",
            "Tên HTX",
            "Mã số thuế",
            "Đơn vị/cá nhân",
            "Nội dung",
            "Số tiền nợ gốc",
            "Còn nợ đến 30/9/2024",
        ],
        ["A", "Nợ phải trả"],
        [1, coop.name, coop.tax_code, "Agribank", "Vay vốn", "150.000.000", "50.000.000"],
    ]
    path = workbook(tmp_path, rows)
    preview = plan(registry_of_lists, path)
    land, sao, debt = preview.outcomes
    assert (land.action, land.record["land_certificate"]) == ("new", LandCertificate.ISSUED)
    assert sao.action == "rejected" and "sào, công và mẫu" in sao.reasons[0]
    assert debt.action == "new"
    assert (
        debt.record["counterparty_name"],
        debt.record["principal_vnd"],
        debt.record["outstanding_vnd"],
    ) == ("Agribank", 150_000_000, 50_000_000)


def test_direction_implied_by_words_and_title_and_a_summary_sheet_left_out(
    registry_of_lists, tmp_path
):
    """A "Công nợ" table with no A/B rows and no direction column: what a row's own words say
    is owed to the cooperative is receivable, the rest payable by the title; a sheet of
    totals by district beside it is said and never imported."""
    import xlsxwriter

    coop = coded(registry_of_lists)
    path = tmp_path / "cong-no.xlsx"
    book = xlsxwriter.Workbook(str(path))
    detail = book.add_worksheet("Chi tiết")
    detail.write_row(0, 0, ["TỔNG HỢP CÔNG NỢ CỦA CÁC HTX"])
    detail.write_row(1, 0, ["TT", "Tên HTX", "Mã số thuế", "Chủ nợ", "Nội dung", "Nợ gốc", "Dư nợ"])
    detail.write_row(
        2, 0, [1, coop.name, coop.tax_code, "Agribank", "Vay vốn", 500_000_000, 300_000_000]
    )
    detail.write_row(
        3,
        0,
        [
            2,
            coop.name,
            coop.tax_code,
            "Xã viên còn nợ HTX",
            "Tiền phân bón",
            40_000_000,
            40_000_000,
        ],
    )
    detail.write_row(
        4,
        0,
        [3, coop.name, coop.tax_code, "Các hộ", "Khoản phải thu dịch vụ", 10_000_000, 5_000_000],
    )
    summary = book.add_worksheet("Tổng hợp")
    summary.write_row(0, 0, ["TT", "Tên HTX", "Nợ gốc", "Dư nợ"])
    summary.write_row(1, 0, [1, "Huyện Chư Păh", 540_000_000, 345_000_000])
    summary.write_row(2, 0, [2, "Huyện Ia Grai", 120_000_000, 80_000_000])
    summary.write_row(3, 0, [3, "Thị xã An Khê", 10_000_000, 0])
    book.close()
    preview = plan(registry_of_lists, path, kind="debts_assets")
    directions = [(o.row, o.action, o.record.get("direction")) for o in preview.outcomes]
    assert directions == [
        (3, "new", DebtDirection.PAYABLE),
        (4, "new", DebtDirection.RECEIVABLE),
        (5, "new", DebtDirection.RECEIVABLE),
    ]
    assert all("direction_implied" in o.issues for o in preview.outcomes)
    summary_rows = [r for r in preview.set_aside if r["kind"] == "summary"]
    assert [r["sheet"] for r in summary_rows] == ["Tổng hợp"] * 3


def test_a_cooperatives_subtotal_beside_its_creditors_is_checked_not_imported(
    registry_of_lists, tmp_path
):
    """A list never seen before: a sheet of district totals with no debts table beside the
    list (said, not read), each cooperative's creditors under its name with a ``Cộng`` row in
    the creditor column (checked against the rows, not a debt: it was imported as one, of
    the whole subtotal), the amount owed under a bare ``Số tiền``, and taxes, social
    insurance and the province's support fund owed to the State."""
    import xlsxwriter

    coop = coded(registry_of_lists)
    path = tmp_path / "cong-no.xlsx"
    book = xlsxwriter.Workbook(str(path))
    totals = book.add_worksheet("Tong hop")
    totals.write_row(0, 0, ["TỔNG HỢP CÔNG NỢ TỒN ĐỌNG THEO HUYỆN"])
    totals.write_row(2, 0, ["STT", "Huyện", "Số HTX", "Tổng nợ phải trả"])
    totals.write_row(3, 0, [1, "Chư Păh", 1, 400_000_000])
    debts = book.add_worksheet("Cong no")
    debts.write_row(0, 0, ["DANH SÁCH CÔNG NỢ TỒN ĐỌNG CỦA CÁC HTX"])
    debts.write_row(2, 0, ["STT", "Tên HTX", "MST", "Đối tượng", "Số tiền (đồng)"])
    debts.write_row(3, 0, [1, coop.name, coop.tax_code, "Agribank", "200.000.000"])
    debts.write_row(4, 0, ["", "", "", "Nợ thuế", "50.000.000"])
    debts.write_row(5, 0, ["", "", "", "BHXH tỉnh", "20.000.000"])
    debts.write_row(6, 0, ["", "", "", "Quỹ hỗ trợ phát triển HTX", "100.000.000"])
    debts.write_row(7, 0, ["", "", "", "Công ty TNHH An Phát", "30.000.000"])  # not "Cộng"
    debts.write_row(8, 0, ["", "", "", "Cộng", "400.000.000"])
    book.close()
    preview = plan(registry_of_lists, path)
    assert [(o.row, o.action) for o in preview.outcomes] == [(r, "new") for r in (4, 5, 6, 7, 8)]
    assert [(o.record["counterparty"], o.record["outstanding_vnd"]) for o in preview.outcomes] == [
        (Counterparty.BANK, 200_000_000),
        (Counterparty.STATE_BUDGET, 50_000_000),
        (Counterparty.STATE_BUDGET, 20_000_000),
        (Counterparty.STATE_BUDGET, 100_000_000),
        (Counterparty.ECONOMIC_ORG, 30_000_000),
    ]
    assert {"sheet": "Cong no", "row": 9, "kind": "total", "text": "Cộng"} in preview.set_aside
    assert {
        "sheet": "Tong hop",
        "row": None,
        "kind": "other_sheet",
        "text": "TỔNG HỢP CÔNG NỢ TỒN ĐỌNG THEO HUYỆN",
    } in preview.set_aside
    (check,) = preview.total_checks
    assert (check["row"], check["stated"], check["agrees"]) == (9, 400_000_000, True)


def test_a_debts_table_with_no_amount_column_is_not_read_as_debts_paid_off(
    registry_of_lists, tmp_path
):
    """Without a column of the amount owed, each debt was kept as 0 ₫ outstanding, as if paid
    off; its row is refused now, saying which column to choose."""
    coop = coded(registry_of_lists)
    rows = [
        ["DANH SÁCH CÔNG NỢ CỦA CÁC HTX"],
        ["STT", "Tên HTX", "Mã số thuế", "Chủ nợ", "Nội dung"],
        [1, coop.name, coop.tax_code, "Agribank", "Vay mua máy"],
    ]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, rows)).outcomes
    assert outcome.action == "rejected"
    assert "không có cột số tiền nợ" in outcome.reasons[0]


def test_a_list_naming_no_debt_or_parcel_is_not_read_as_one_and_never_loses_its_rows(
    registry_of_lists, tmp_path
):
    """A list of cooperatives to dissolve with ``Tình hình xử lý`` (how each case stands),
    a word of debts' columns: it was read as debts, and its rows vanished — no outcome, no
    word. It is a list of organisations; read as debts when asked, its rows are said."""
    coop = coded(registry_of_lists)
    rows = [
        ["DANH SÁCH HỢP TÁC XÃ THUỘC DIỆN GIẢI THỂ"],
        ["STT", "Tên HTX", "Mã số thuế", "Căn cứ giải thể", "Tình hình xử lý"],
        [1, coop.name, coop.tax_code, "Ngừng hoạt động 12 tháng liên tục", "Đã thông báo"],
    ]
    preview = plan(registry_of_lists, workbook(tmp_path, rows))
    assert preview.kind == "organisations"
    assert [(o.organisation_id, o.issues) for o in preview.outcomes] == [
        (coop.id, ["status_in_title"])
    ]
    preview = plan(registry_of_lists, workbook(tmp_path, rows), kind="debts_assets")
    assert preview.outcomes == []
    assert [(a["row"], a["kind"]) for a in preview.set_aside] == [(3, "no_debt_or_parcel")]


def test_the_bank_lent_by_and_the_land_encroached_upon(registry_of_lists, tmp_path):
    """A column ``Ngân hàng`` naming who lent is the creditor (it was not read: the debt's
    direction unknown); ``Bị lấn chiếm`` marked is a parcel contested (it was not read)."""
    coop = coded(registry_of_lists)
    debts = [
        ["DANH SÁCH VAY VỐN CỦA CÁC HTX"],
        ["STT", "Tên HTX", "Mã số thuế", "Ngân hàng", "Dư nợ (đồng)"],
        [1, coop.name, coop.tax_code, "Agribank Chư Sê", 200_000_000],
    ]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, debts, "vay.xlsx")).outcomes
    assert outcome.action in ("new", "update"), outcome.reasons
    assert (outcome.record["counterparty"], outcome.record["direction"]) == (
        Counterparty.BANK,
        DebtDirection.PAYABLE,
    )
    land = [
        ["STT", "Tên HTX", "Mã số thuế", "Vị trí thửa đất", "Diện tích (m2)", "Bị lấn chiếm"],
        [1, coop.name, coop.tax_code, "Thôn 2", 1_200, "x"],
    ]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, land, "dat.xlsx")).outcomes
    assert outcome.record["disputed"] is True, outcome.reasons


def test_a_land_list_of_another_office_keeps_every_parcel_and_asks_its_unknown_words(
    registry_of_lists, tmp_path
):
    """The certificate under ``Tình trạng pháp lý``, the place under ``Địa chỉ khu đất``;
    the red book and the procedures under way in their own words; an origin or a certificate
    no word tells keeps its parcel, flagged, and is asked about once; answered, it is read."""
    coop = coded(registry_of_lists)
    header = ["TT", "Tên HTX", "Mã số thuế", "Địa chỉ khu đất", "Diện tích (m2)", "Nguồn gốc"]
    rows = [["THỐNG KÊ ĐẤT ĐAI CỦA CÁC HỢP TÁC XÃ NĂM 2024"], [*header, "Tình trạng pháp lý"]]
    parcels = [
        ("Nhận chuyển nhượng", "Sổ đỏ"),
        ("UBND xã cho mượn", "Đã được cấp GCN"),
        ("Thuê của dân", "Đang lập hồ sơ"),
        ("Tự khai hoang", "GCN số BĐ 123456"),
        ("Nhà nước giao", "Đang đo vẽ"),
        ("Đất công ích xã", "Hợp đồng thuê đất"),
        ("Đất công ích xã", "Đã có bìa đỏ"),
    ]
    for n, (origin, certificate) in enumerate(parcels, 1):
        rows.append([n, coop.name, coop.tax_code, f"Thôn {n}", 1000 + n, origin, certificate])
    path = workbook(tmp_path, rows)
    preview = plan(registry_of_lists, path)
    assert [o.action for o in preview.outcomes] == ["new"] * 7
    got = [
        (o.record["location"], o.record["land_origin"], o.record["land_certificate"])
        for o in preview.outcomes
    ]
    assert got == [
        ("Thôn 1", LandOrigin.OTHER, LandCertificate.ISSUED),
        ("Thôn 2", LandOrigin.OTHER, LandCertificate.ISSUED),
        ("Thôn 3", LandOrigin.LEASED, LandCertificate.PENDING),
        ("Thôn 4", LandOrigin.OTHER, LandCertificate.ISSUED),
        ("Thôn 5", LandOrigin.ALLOCATED, LandCertificate.PENDING),
        ("Thôn 6", LandOrigin.OTHER, None),
        ("Thôn 7", LandOrigin.OTHER, LandCertificate.ISSUED),
    ]
    assert [o.issues for o in preview.outcomes[:5]] == [[]] * 5
    assert "unknown_value" in preview.outcomes[5].issues
    assert preview.unknown == [
        {"field": "land_certificate", "value": "Hợp đồng thuê đất", "rows": 1},
        {"field": "land_origin", "value": "Đất công ích xã", "rows": 2},
    ]
    answers = {("land_origin", "dat cong ich xa"): "leased"}
    answers[("land_certificate", "hop dong thue dat")] = "not_issued"
    again = plan(registry_of_lists, path, answers=answers)
    assert [o.record["land_origin"] for o in again.outcomes[5:]] == [LandOrigin.LEASED] * 2
    assert again.outcomes[5].record["land_certificate"] is LandCertificate.NOT_ISSUED
    assert again.unknown == [] and "unknown_value" not in again.outcomes[5].issues


def test_a_list_of_loans_without_an_outstanding_column_is_not_read_as_paid_off(
    registry_of_lists, tmp_path
):
    """``Dư nợ gốc`` is what is still owed (it read as a second principal: the file was
    refused), ``Dư nợ lãi`` and ``Lãi suất`` are interest (it read as the amount owed); a
    table of principal and payments only gives the principal less what was paid, flagged
    (every debt was 0 ₫, as if paid off)."""
    coop = coded(registry_of_lists)
    header = ["STT", "Tên HTX", "Mã số thuế", "Chủ nợ", "Nội dung", "Số tiền vay"]
    first = [
        ["CÔNG NỢ PHẢI TRẢ CỦA CÁC HTX"],
        [*header, "Dư nợ gốc", "Dư nợ lãi", "Lãi suất (%/năm)"],
        [
            1,
            coop.name,
            coop.tax_code,
            "Agribank",
            "Vay vốn",
            "200.000.000",
            "150.000.000",
            "12.000.000",
            "9,5",
        ],
    ]
    (debt,) = plan(registry_of_lists, workbook(tmp_path, first, "a.xlsx")).outcomes
    assert (debt.action, debt.record["principal_vnd"], debt.record["outstanding_vnd"]) == (
        "new",
        200_000_000,
        150_000_000,
    )
    second = [
        ["CÔNG NỢ PHẢI TRẢ CỦA CÁC HTX"],
        [*header, "Số đã trả"],
        [1, coop.name, coop.tax_code, "Agribank", "Vay vốn", "200.000.000", "50.000.000"],
        [2, coop.name, coop.tax_code, "DNTN Thành Lộc", "Mua phân bón", "80.000.000", ""],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, second, "b.xlsx")).outcomes
    assert [o.record["outstanding_vnd"] for o in outcomes] == [150_000_000, 80_000_000]
    assert all("outstanding_from_principal" in o.issues for o in outcomes)


def test_a_list_of_debts_long_overdue_with_proposals_is_read_as_it_means(
    registry_of_lists, tmp_path
):
    """``Số tiền`` beside ``Còn nợ`` is the principal (the file was refused: two columns of
    the amount owed); a title of debts long overdue (``nợ đọng``) says they are owed by the
    cooperatives and ``xã viên nợ …`` that one is owed to it (every row was refused); a
    proposal (``Đề xuất hướng xử lý``: ``Xóa nợ``) is the planned action, the debt still
    outstanding (it was recorded written off); its cause (``Nguyên nhân``) goes to its notes
    (it was not read)."""
    coop = coded(registry_of_lists)
    header = ["STT", "Tên HTX", "Nội dung khoản nợ", "Đối tượng nợ", "Năm phát sinh"]
    header += ["Số tiền (đồng)", "Đã trả", "Còn nợ", "Đề xuất hướng xử lý", "Nguyên nhân"]
    owed, owing = ["100.000.000", "Xóa nợ", "HTX không còn hoạt động"], ["45.600.000", "Thu hồi"]
    rows = [
        ["UBND HUYỆN CHƯ PĂH"],
        ["DANH MỤC CÁC KHOẢN NỢ ĐỌNG KÉO DÀI CỦA CÁC HỢP TÁC XÃ"],
        header,
        [1, coop.name, "Nợ thuế", "Chi cục thuế", 2008, "125.000.000", "25.000.000", *owed],
        ["", "", "Xã viên nợ phân bón", "Các hộ xã viên", 2012, "45.600.000", "", *owing],
    ]
    result = plan(registry_of_lists, workbook(tmp_path, rows))
    assert [
        (o.action, *(o.record[f] for f in ("direction", "principal_vnd", "outstanding_vnd")))
        for o in result.outcomes
    ] == [
        ("new", DebtDirection.PAYABLE, 125_000_000, 100_000_000),
        ("new", DebtDirection.RECEIVABLE, 45_600_000, 45_600_000),
    ]
    commit(registry_of_lists, result)
    debts = registry_of_lists.scalars(
        select(Debt).where(Debt.organisation_id == coop.id).order_by(Debt.id)
    ).all()
    assert [(d.state, d.planned_action, d.notes) for d in debts[-2:]] == [
        (DebtState.OUTSTANDING, "Xóa nợ", "Nguyên nhân: HTX không còn hoạt động"),
        (DebtState.OUTSTANDING, "Thu hồi", None),
    ]


def test_a_debts_state_column_and_its_due_day_are_read(registry_of_lists, tmp_path):
    """``Tình trạng`` beside a debt is its state (the column was not read: a debt said
    ``Đã trả xong`` was recorded outstanding); ``Thời hạn trả`` goes to its notes, a date cell
    written as Vietnamese write dates (it was not read)."""
    from datetime import datetime

    coop = coded(registry_of_lists)
    header = ["STT", "Tên HTX", "Mã số thuế", "Chủ nợ", "Nợ gốc (đồng)", "Thời hạn trả"]
    header.append("Tình trạng")
    rows = [
        ["TỔNG HỢP CÔNG NỢ CỦA CÁC HTX"],
        header,
        [1, coop.name, coop.tax_code, "Agribank", "150.000.000", None, "Quá hạn"],
        [2, coop.name, coop.tax_code, "NHCSXH", "50.000.000", "", "Đã trả xong"],
    ]
    path = tmp_path / "cong-no.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Công nợ")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    sheet.write_datetime(2, 5, datetime(2025, 12, 31), book.add_format({"num_format": "d/m/yyyy"}))
    book.close()
    overdue, paid = plan(registry_of_lists, path).outcomes
    assert (overdue.record["state"], overdue.record["notes"]) == (
        DebtState.OUTSTANDING,
        "Thời hạn trả: 31/12/2025",
    )
    assert (paid.record["state"], paid.record["bank"]) == (DebtState.SETTLED, "vbsp")


def test_a_loans_purpose_and_security_and_a_parcels_certificate_number_and_day(
    registry_of_lists, tmp_path
):
    """A list of loans (``Các khoản vay``) lists what the cooperatives owe (every row was
    refused: the direction unknown); ``Mục đích vay`` goes to the loan's notes (it was read as
    a parcel's use, and lost); ``Hình thức bảo đảm`` is its collateral (not read); a
    certificate column holding the certificate's number (``BĐ 123456``) says it was issued (it
    was asked about), and ``Ngày cấp GCN`` beside it goes to the parcel's notes."""
    coop = coded(registry_of_lists)
    loans = [
        ["DANH SÁCH CÁC KHOẢN VAY CỦA HTX"],
        ["STT", "Tên HTX", "Mã số thuế", "Đơn vị cho vay", "Dư nợ", "Mục đích vay"],
        [1, coop.name, coop.tax_code, "Agribank", "150.000.000", "Mua máy sấy"],
    ]
    loans[1].append("Hình thức bảo đảm")
    loans[2].append("Thế chấp QSDĐ")
    (loan,) = plan(registry_of_lists, workbook(tmp_path, loans, "vay.xlsx")).outcomes
    assert (loan.action, loan.record["notes"], loan.record["collateral"]) == (
        "new",
        "Mục đích vay: Mua máy sấy",
        "Thế chấp QSDĐ",
    )
    land = [
        ["DANH SÁCH ĐẤT ĐAI CỦA HTX"],
        ["STT", "Tên HTX", "Mã số thuế", "Vị trí", "Diện tích (m2)", "Số GCN QSDĐ"],
        [1, coop.name, coop.tax_code, "Thôn 2", 2500, "BĐ 123456"],
    ]
    land[1].append("Ngày cấp GCN")
    land[2].append("12/03/2010")
    (parcel,) = plan(registry_of_lists, workbook(tmp_path, land, "dat.xlsx")).outcomes

    assert (parcel.action, parcel.record["land_certificate"], parcel.record["notes"]) == (
        "new",
        LandCertificate.ISSUED,
        "Ngày cấp GCN: 12/03/2010",
    )


def test_a_dispute_column_marks_the_parcel_and_its_words_go_to_the_notes(
    registry_of_lists, tmp_path
):
    """``Đang tranh chấp`` beside a parcel: a mark, yes or no, or the dispute in words (the
    column was not read: a land question the province is to settle was lost)."""
    coop = coded(registry_of_lists)
    rows = [
        ["DANH SÁCH ĐẤT ĐAI CỦA HTX"],
        ["STT", "Tên HTX", "Mã số thuế", "Vị trí", "Diện tích (m2)", "Đang tranh chấp"],
        [1, coop.name, coop.tax_code, "Thôn 2", 2500, "x"],
        [2, coop.name, coop.tax_code, "Thôn 3", 800, "Với hộ ông Rơ Mah Hlim"],
        [3, coop.name, coop.tax_code, "Thôn 4", 1200, "Không"],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, rows, "dat.xlsx")).outcomes
    assert [(o.record["disputed"], o.record["notes"]) for o in outcomes] == [
        (True, None),
        (True, "Tranh chấp: Với hộ ông Rơ Mah Hlim"),
        (False, None),
    ]


def test_a_land_inventorys_form_of_use_is_the_parcels_origin(registry_of_lists, tmp_path):
    """``Hình thức sử dụng đất`` as a land inventory writes it — allocated with or without a
    levy, leased yearly or once, a right recognised — is where the parcel comes from (the
    column was not read: whether the State allocated or leased the land was lost)."""
    from registry.enums import LandOrigin

    coop = coded(registry_of_lists)
    rows = [
        ["BIỂU TỔNG HỢP HIỆN TRẠNG SỬ DỤNG ĐẤT CỦA CÁC HỢP TÁC XÃ"],
        ["STT", "Tên HTX", "Mã số thuế", "Vị trí khu đất", "Diện tích (ha)", "Hình thức sử dụng"],
        [1, coop.name, coop.tax_code, "Thôn 1", "1,25", "Nhà nước giao đất không thu tiền"],
        [2, coop.name, coop.tax_code, "Thôn 2", "0,5", "Thuê đất trả tiền hàng năm"],
        [3, coop.name, coop.tax_code, "Thôn 3", "2", "Công nhận QSDĐ"],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, rows, "dat.xlsx")).outcomes
    assert [(o.action, o.record["land_origin"], o.record["area_m2"]) for o in outcomes] == [
        ("new", LandOrigin.ALLOCATED, 12_500),
        ("new", LandOrigin.LEASED, 5_000),
        ("new", LandOrigin.OTHER, 20_000),
    ]


def _wide_workbook(directory, rows, merged=()):
    """A debts summary of two header rows, the directions merged over their columns."""
    path = directory / "cong-no.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Cong no")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    for row, first, last, text in merged:
        sheet.merge_range(row, first, row, last, text)
    book.close()
    return path


def test_a_summary_of_debts_by_kind_gives_a_debt_per_column(registry_of_lists, tmp_path):
    """``Nợ phải thu / Tổng số, Trong đó: xã viên nợ`` | ``Nợ phải trả / Tổng số, Nợ ngân hàng,
    Nợ thuế, Nợ khác``: what provinces report of each cooperative's debts, a column per kind
    of creditor or debtor (the file was refused: no table found). Each amount is a debt of
    its kind, as of the title's day, in the unit the title says; the part of a total no
    column names is a debt of unknown creditor, flagged; a row owing nothing is set aside;
    the same list again changes nothing."""
    coops = registry_of_lists.scalars(
        select(Organisation).where(Organisation.tax_code.is_not(None)).order_by(Organisation.id)
    ).all()[:3]
    parts = ["Tổng số", "Trong đó: xã viên nợ", "Tổng số", "Nợ ngân hàng", "Nợ thuế", "Nợ khác"]
    rows = [
        ["TỔNG HỢP CÔNG NỢ CỦA CÁC HỢP TÁC XÃ ĐẾN 31/12/2025"],
        ["Đơn vị tính: triệu đồng"],
        ["STT", "Tên HTX", "Mã số thuế", "Nợ phải thu", "", "Nợ phải trả", "", "", ""],
        ["", "", "", *parts],
        [1, coops[0].name, coops[0].tax_code, 520, 480, 300, 200, 50, 50],
        [2, coops[1].name, coops[1].tax_code, 0, 0, 0, 0, 0, 0],
        [3, coops[2].name, coops[2].tax_code, 0, 0, "1.200", 1000, "", 200],
    ]
    merged = [(2, 3, 4, "Nợ phải thu"), (2, 5, 8, "Nợ phải trả")]
    path = _wide_workbook(tmp_path, rows, merged)
    result = plan(registry_of_lists, path)
    debts = [
        (
            o.organisation_id,
            o.record["direction"],
            o.record["counterparty"],
            o.record["counterparty_name"],
            o.record["outstanding_vnd"],
            o.issues,
        )
        for o in result.outcomes
    ]
    first, third = coops[0].id, coops[2].id
    assert debts == [
        (first, DebtDirection.PAYABLE, Counterparty.BANK, "Nợ ngân hàng", 200_000_000, []),
        (first, DebtDirection.PAYABLE, Counterparty.STATE_BUDGET, "Nợ thuế", 50_000_000, []),
        (first, DebtDirection.PAYABLE, Counterparty.OTHER, "Nợ khác", 50_000_000, []),
        (first, DebtDirection.RECEIVABLE, Counterparty.MEMBER, "Xã viên nợ", 480_000_000, []),
        (
            first,
            DebtDirection.RECEIVABLE,
            Counterparty.OTHER,
            "Nợ phải thu khác (phần tổng số chưa kê theo đối tượng)",
            40_000_000,
            ["remainder_of_total"],
        ),
        (third, DebtDirection.PAYABLE, Counterparty.BANK, "Nợ ngân hàng", 1_000_000_000, []),
        (third, DebtDirection.PAYABLE, Counterparty.OTHER, "Nợ khác", 200_000_000, []),
    ]
    assert {o.action for o in result.outcomes} == {"new"}
    assert {o.record["as_of"].isoformat() for o in result.outcomes} == {"2025-12-31"}
    assert [(r["row"], r["kind"]) for r in result.set_aside] == [(6, "nothing_owed")]
    commit(registry_of_lists, result)
    again = plan(registry_of_lists, path)
    assert {o.action for o in again.outcomes} == {"unchanged"}


def test_a_summary_of_debts_by_kind_without_totals_and_with_parts_over_them(
    registry_of_lists, tmp_path
):
    """Columns of kinds alone (``Nợ vay ngân hàng`` | ``Nợ ngân sách`` | ``Nợ quỹ hỗ trợ`` |
    ``Thành viên nợ``): a debt each, a kind no word tells "other", named by its title; a
    total less than its parts flags the row."""
    coop = coded(registry_of_lists)
    rows = [
        ["STT", "Tên HTX", "Mã số thuế", "Nợ vay ngân hàng", "Nợ ngân sách", "Nợ quỹ hỗ trợ"],
        [1, coop.name, coop.tax_code, "150.000.000", "80.000.000", "30.000.000"],
    ]
    rows[0].append("Thành viên nợ")
    rows[1].append("25.000.000")
    outcomes = plan(registry_of_lists, workbook(tmp_path, rows, "a.xlsx")).outcomes
    assert [
        (o.record["direction"], o.record["counterparty"], o.record["outstanding_vnd"])
        for o in outcomes
    ] == [
        (DebtDirection.PAYABLE, Counterparty.BANK, 150_000_000),
        (DebtDirection.PAYABLE, Counterparty.STATE_BUDGET, 80_000_000),
        (DebtDirection.PAYABLE, Counterparty.OTHER, 30_000_000),
        (DebtDirection.RECEIVABLE, Counterparty.MEMBER, 25_000_000),
    ]
    assert outcomes[2].record["counterparty_name"] == "Nợ quỹ hỗ trợ"
    rows.append([2, "HTX Nông nghiệp Không Có Thật", "", "1.000.000", "2.000.000", "", ""])
    *_, unknown = plan(registry_of_lists, workbook(tmp_path, rows, "c.xlsx")).outcomes
    assert (unknown.row, unknown.action) == (3, "rejected")  # once, not once a debt
    rows = [
        ["STT", "Tên HTX", "Mã số thuế", "Tổng nợ phải trả", "Nợ ngân hàng", "Nợ khác"],
        [1, coop.name, coop.tax_code, "100.000.000", "150.000.000", "0"],
    ]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, rows, "b.xlsx")).outcomes
    assert outcome.record["outstanding_vnd"] == 150_000_000
    assert outcome.issues == ["parts_exceed_total"]


@pytest.mark.parametrize(
    ("title", "way"), [("Chủ nợ", DebtDirection.PAYABLE), ("Khách nợ", DebtDirection.RECEIVABLE)]
)
def test_the_title_of_the_counterpartys_column_says_which_way_the_debt_runs(
    registry_of_lists, tmp_path, title, way
):
    """A list of debts with no title, no group rows, no direction column: ``Chủ nợ`` (the
    creditor) is owed by the cooperative, ``Khách nợ`` (the debtor) owes it (every row was
    refused, its direction unknown). The power company is a business."""
    coop = coded(registry_of_lists)
    rows = [
        ["STT", "Tên HTX", "Mã số thuế", title, "Số tiền nợ (đồng)", "Năm phát sinh"],
        [1, coop.name, coop.tax_code, "Điện lực Chư Păh", "12.500.000", 2015],
    ]
    (outcome,) = plan(registry_of_lists, workbook(tmp_path, rows, "no.xlsx")).outcomes
    assert (outcome.action, outcome.record["direction"]) == ("new", way)
    assert outcome.record["counterparty"] == Counterparty.ECONOMIC_ORG
    assert outcome.issues == ["direction_implied"]


def test_a_list_of_debts_with_a_column_per_direction(registry_of_lists, tmp_path):
    """``Đối tượng nợ`` | ``Nội dung`` | ``Phải trả`` | ``Phải thu``: each row's creditor or
    debtor, its amount in the column of its direction (every row was refused: no column of
    the amount owed)."""
    coop = coded(registry_of_lists)
    rows = [
        ["STT", "Tên HTX", "Mã số thuế", "Đối tượng nợ", "Nội dung", "Phải trả", "Phải thu"],
        [1, coop.name, coop.tax_code, "Agribank Chư Păh", "Vay vốn SX", "200.000.000", ""],
        [2, coop.name, coop.tax_code, "Các hộ thành viên", "Tiền phân bón", "", "35.000.000"],
    ]
    outcomes = plan(registry_of_lists, workbook(tmp_path, rows, "no.xlsx")).outcomes
    assert [
        (
            o.action,
            o.record["direction"],
            o.record["counterparty"],
            o.record["counterparty_name"],
            o.record["content"],
            o.record["outstanding_vnd"],
        )
        for o in outcomes
    ] == [
        (
            "new",
            DebtDirection.PAYABLE,
            Counterparty.BANK,
            "Agribank Chư Păh",
            "Vay vốn SX",
            200_000_000,
        ),
        (
            "new",
            DebtDirection.RECEIVABLE,
            Counterparty.MEMBER,
            "Các hộ thành viên",
            "Tiền phân bón",
            35_000_000,
        ),
    ]
