"""Value cleaners, on their own and on every data row of the shared samples."""

from datetime import date
from decimal import Decimal

import pytest

from importers import values
from importers.readers import read_spreadsheet
from registry.enums import DatePrecision, DissolutionKind, OperatingState, Sector, Status


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.250.000.000", Decimal(1250000000)),
        ("1.600,5", Decimal("1600.5")),
        ("2,5", Decimal("2.5")),
        ("2.5", Decimal("2.5")),
        (1250.0, Decimal("1250.0")),
        ("5,9938E+09", Decimal("5993800000")),
        ("-", None),
        ("", None),
        ("1,250,000.50", Decimal("1250000.50")),  # written the English way
        ("+120", Decimal(120)),  # a profit with its sign
    ],
)
def test_number(raw, expected):
    assert values.number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "unit", "vnd"),
    [
        ("1.250", 10**6, 1_250_000_000),
        ("1,2 tỷ", 10**6, 1_200_000_000),
        ("800 triệu", 1, 800_000_000),
        ("3.000tr", 10**6, 3_000_000_000),
        ("10.500.000đ", 1, 10_500_000),
        ("5 triệu", 1, 5_000_000),
        (150.5, 10**6, 150_500_000),
        ("-", 10**6, None),
        # Spoken shorthand: 3,5 triệu and 1,2 tỷ, whatever the table's unit.
        ("3tr5", 10**6, 3_500_000),
        ("1 tỷ 2", 1, 1_200_000_000),
        # tỉ, the other spelling; a currency before the amount, a note after it.
        ("1,5 tỉ", 1, 1_500_000_000),
        ("1 tỉ 2", 1, 1_200_000_000),
        ("VNĐ 1.500.000", 10**6, 1_500_000),
        ("1.500.000 (đã góp đủ)", 1, 1_500_000),
        # A unit in brackets is the amount's unit, not a note (it read as 3.000 đồng).
        ("3.000 (triệu)", 1, 3_000_000_000),
        ("1,2 (tỷ đồng)", 1, 1_200_000_000),
        ("250 (tr.đ)", 1, 250_000_000),
        # A comma between thousands, in đồng (it read as 12 đồng); a decimal in millions.
        ("12,000", 1, 12_000),
        ("500,000 đ", 10**6, 500_000),
        ("1,500", 10**6, 1_500_000),
        # A unit with its đồng abbreviated (it read as đồng: a million times too small), and
        # hundreds of millions in words.
        ("300 tr.đ", 1, 300_000_000),
        ("1.500 Trđ", 1, 1_500_000_000),
        ("1,5 tỷ đ", 1, 1_500_000_000),
        ("500 nghìn đ", 1, 500_000),
        ("3 trăm triệu", 1, 300_000_000),
        ("2 trăm nghìn", 1, 200_000),
        # Unit by unit, in words: "1 tỷ 5 triệu" read as 15 triệu (the digits run together).
        ("1 tỷ 5 triệu", 1, 1_005_000_000),
        ("2 tỷ 50 triệu đồng", 10**6, 2_050_000_000),
        ("150 triệu 500 nghìn", 1, 150_500_000),
        ("1,2 tỷ 300 triệu", 1, 1_500_000_000),
        ("Khoảng 5 triệu", 1, 5_000_000),
    ],
)
def test_money(raw, unit, vnd):
    assert values.money(raw, unit) == vnd


@pytest.mark.parametrize("raw", ["Đăng ký 5tr, đã góp 3tr", "5 triệu 1 tỷ", "5 - 7 triệu"])
def test_two_amounts_in_a_cell_are_no_amount(raw):
    """It read as one amount of the digits run together: 5,3 triệu."""
    with pytest.raises(values.CellProblem):
        values.money(raw)


@pytest.mark.parametrize("raw", ["-5.000.000", "(1.500)", "( 2 triệu )"])
def test_negative_money_is_refused_with_a_vietnamese_reason(raw):
    """Also in brackets, as accountants write it (it was "not a number")."""
    with pytest.raises(values.CellProblem) as problem:
        values.money(raw)
    assert "Số tiền âm" in problem.value.vi
    assert values.signed_money(raw) < 0


@pytest.mark.parametrize(
    ("raw", "vnd"),
    [
        ("Lỗ 15", -15_000_000),
        ("lãi 20", 20_000_000),
        ("Lỗ: 1,5 tỷ", -1_500_000_000),
        # After the amount: the loss was read as a profit of as much.
        ("12,5 (lỗ)", -12_500_000),
        ("12,5 LỖ", -12_500_000),
        ("5 triệu (lãi)", 5_000_000),
    ],
)
def test_a_loss_or_a_profit_said_in_words(raw, vnd):
    assert values.signed_money(raw, 1_000_000) == vnd


@pytest.mark.parametrize("raw", ["Hòa vốn", "hoà vốn", "Không lãi, không lỗ"])
def test_a_year_that_broke_even_made_no_profit(raw):
    """The row was refused: "not a number"."""
    assert values.profit(raw, 1_000_000) == 0
    assert values.profit("(50)", 1_000_000) == -50_000_000
    with pytest.raises(values.CellProblem):
        values.money(raw)  # no other amount is "broke even"


@pytest.mark.parametrize("raw", ["Lỗ", "(lỗ)", "tiền lãi", "Lỗ abc"])
def test_a_loss_without_its_amount_is_no_number(raw):
    with pytest.raises(values.CellProblem) as problem:
        values.signed_money(raw)
    assert f"«{raw}»" in problem.value.vi  # the cell as written, not a piece of it


@pytest.mark.parametrize("raw", ["#N/A", "#REF!", " #div/0! ", "#VALUE!", "Err:502"])
def test_a_formula_error_is_a_problem_of_its_own(raw):
    assert "lỗi công thức" in values.formula_error(raw).vi
    assert values.formula_error("N/A") is None and values.formula_error(0) is None


@pytest.mark.parametrize(
    ("raw", "day", "precision"),
    [
        (41191.0, date(2012, 10, 9), DatePrecision.DAY),
        ("7/3/2016", date(2016, 3, 7), "day"),
        ("04.10.2010", date(2010, 10, 4), "day"),
        ("19-5-2011", date(2011, 5, 19), "day"),
        ("01/2014", date(2014, 1, 1), "month"),
        ("43831", date(2020, 1, 1), "day"),  # a serial saved as text
        ("15/03/19", date(2019, 3, 15), "day"),  # two-digit years
        ("1/1/98", date(1998, 1, 1), "day"),
        ("ngày 15 tháng 3 năm 2019", date(2019, 3, 15), "day"),
        ("Tháng 3/2019", date(2019, 3, 1), "month"),
        ("T3/2019", date(2019, 3, 1), "month"),
        ("năm 2012", date(2012, 1, 1), "year"),
        (2008, date(2008, 1, 1), "year"),
        ("2024-03-15", date(2024, 3, 15), "day"),
        # A date cell saved as text with its time.
        ("15/3/2019 0:00:00", date(2019, 3, 15), "day"),
        ("2019-05-20 00:00:00", date(2019, 5, 20), "day"),
        ("2019-05-20T00:00:00", date(2019, 5, 20), "day"),
        ("20/05/2019 12:00 AM", date(2019, 5, 20), "day"),
        # Words around a date, and a year first with dots or slashes.
        ("Ngày 15/3/2019", date(2019, 3, 15), "day"),
        ("15 tháng 3 năm 2019", date(2019, 3, 15), "day"),
        ("15/3/2019 (theo ĐKKD)", date(2019, 3, 15), "day"),
        ("2019.03.15", date(2019, 3, 15), "day"),
        ("2019/03/15", date(2019, 3, 15), "day"),
        # Of a month or a year in a loose way: the year is what the cell tells for sure.
        ("Th3/2019", date(2019, 3, 1), "month"),
        ("đầu năm 2018", date(2018, 1, 1), "year"),
        ("cuối 2018", date(2018, 1, 1), "year"),
        ("Quý I/2018", date(2018, 1, 1), "year"),
        ("Q3/2018", date(2018, 1, 1), "year"),
        # Dates an English-language Excel wrote into text (they were refused).
        ("15-Mar-2018", date(2018, 3, 15), "day"),
        ("Mar 15, 2018", date(2018, 3, 15), "day"),
        ("Sept 2019", date(2019, 9, 1), "month"),
        # A year exported from a number cell with its thousands separator (it was refused).
        ("2.018", date(2018, 1, 1), "year"),
        ("1,975", date(1975, 1, 1), "year"),
    ],
)
def test_partial_date(raw, day, precision):
    assert values.partial_date(raw) == (day, DatePrecision(precision))


@pytest.mark.parametrize("raw", ["2103", 2050, "1066", "15/3/2099"])
def test_a_date_in_the_future_or_before_1900_is_refused(raw):
    with pytest.raises(values.CellProblem) as problem:
        values.partial_date(raw)
    assert "Ngày không hợp lý" in problem.value.vi


@pytest.mark.parametrize("raw", [2103, 19999, 99999])
def test_a_number_neither_a_year_nor_a_serial_of_a_plausible_day_is_not_a_date(raw):
    with pytest.raises(values.CellProblem):
        values.partial_date(raw)


def test_impossible_date():
    with pytest.raises(values.CellProblem):
        values.partial_date("31/02/2024")


def test_a_month_first_date_is_told_as_such():
    with pytest.raises(values.CellProblem) as problem:
        values.partial_date("03/15/2019")
    assert "tháng trước ngày" in problem.value.vi and "month-first" in problem.value.en


@pytest.mark.parametrize(
    ("raw", "code", "issue"),
    [
        (5996132652.0, "5996132652", None),
        ("599 213 4567", "5992134567", None),
        ("MST: 5992242560", "5992242560", None),
        ("5,9938E+09", None, "tax_code_lost_precision"),
        ("599458599", None, "tax_code_invalid_length"),  # text keeps zeros: a digit is missing
        ("5901234562-001", None, "tax_code_of_a_branch"),  # a branch's, not the cooperative's
        # A number cell cannot hold the leading 0 of a Hà Nội code (01…): put back, and said.
        (101234567.0, "0101234567", "tax_code_leading_zero_restored"),
        (101234567, "0101234567", "tax_code_leading_zero_restored"),
        # An old code noted after the current one (it was no code at all).
        ("5900123456 (cũ: 3901234567)", "5900123456", None),
        ("5900123456 (MST trước đây 5901111111)", "5900123456", None),
    ],
)
def test_tax_code(raw, code, issue):
    assert values.tax_code(raw) == values.Flagged(code, issue)
    if code:  # a tax code column reads it so too
        assert values.registration_number(raw) == (code, None, issue)


def test_certificate_numbers_are_told_from_tax_codes():
    assert values.registration_number("39.07.580.970") == (None, "3907580970", None)
    assert values.registration_number("3907 406282") == (None, "3907406282", None)
    assert values.registration_number(5995839338.0) == ("5995839338", None, None)
    # Both in one cell.
    assert values.registration_number("5900123456 (ĐKKD 39.07.000.123)") == (
        "5900123456",
        "3907000123",
        None,
    )
    # Two tax codes: not guessed between.
    assert values.registration_number("5900123456 / 5900123457")[:2] == (None, None)


def test_words_saying_there_is_no_tax_code_yet_are_no_tax_code():
    assert values.tax_code("Chưa có") == values.Flagged(None)
    assert values.tax_code("Đang làm thủ tục") == values.Flagged(None)


@pytest.mark.parametrize(
    ("raw", "numbers"),
    [
        ("0813 804 439", ["0813804439"]),
        (855559608.0, ["0855559608"]),
        ("+84 912 345 678", ["0912345678"]),
        ("0905 123 456 / 0912 345 678", ["0905123456", "0912345678"]),
        ("0905123456\n0269 3822 333", ["0905123456", "02693822333"]),  # a line break in a cell
        ("0905 123 456 0269 3822 333", ["0905123456", "02693822333"]),  # only single spaces
    ],
)
def test_phones(raw, numbers):
    assert values.phones(raw) == numbers


@pytest.mark.parametrize(
    ("raw", "m2"),
    [
        ("1,2 ha", 12000.0),
        ("0,5ha", 5000.0),
        ("3.000 m2", 3000.0),
        ("850 m²", 850.0),
        (5000, 5000.0),
        ("2500", 2500.0),
        ("2.5 ha", 25000.0),
        ("0,5 hecta", 5000.0),
        ("3 ha 500 m2", 30500.0),
        ("1 200 m2", 1200.0),
        ("2.500 m 2", 2500.0),
        # A note after it, what the land is, two parts added, a unit in brackets.
        ("2ha (thuê)", 20000.0),
        ("20.000 m2 (2 ha)", 20000.0),
        ("500 m2 đất ở", 500.0),
        ("2 HA ĐẤT SẢN XUẤT", 20000.0),
        ("2,5 ha + 300 m2", 25300.0),
        ("2 (ha)", 20000.0),
    ],
)
def test_area(raw, m2):
    assert values.area_m2(raw) == m2


@pytest.mark.parametrize("raw", ["3 sào", "1 mẫu", "2 công"])
def test_areas_in_local_units_are_refused_saying_why(raw):
    with pytest.raises(values.CellProblem) as problem:
        values.area_m2(raw)
    assert "không cùng diện tích ở mọi nơi" in problem.value.vi


def test_id_numbers_keep_leading_zeros():
    assert values.id_number("'064190012345") == "064190012345"
    assert values.id_number(64190012345.0) == "064190012345"
    assert values.id_number("Số CCCD: 0641 9001 2345") == "064190012345"
    assert values.id_number("CMND 230.123.456") == "230123456"
    with pytest.raises(values.CellProblem):
        values.id_number("CCCD")
    # The old number given in brackets after the new one is a note.
    assert values.id_number("064097057340 (cũ: 230456789)") == "064097057340"
    with pytest.raises(values.CellProblem) as lost:
        values.id_number("6,4097E+10")
    assert "dạng khoa học" in lost.value.vi
    # Where and when it was issued, after it, go too (the row was refused).
    assert values.id_number("CMND: 230456789, cấp ngày 12/3/2005 tại CA Gia Lai") == "230456789"
    assert values.id_number("230456789 ngày cấp 12/3/2005") == "230456789"
    assert values.id_number("230456789 - NC: CA Gia Lai") == "230456789"


@pytest.mark.parametrize(
    ("raw", "unit", "vnd"),
    [
        ("5 triệu (đã góp 3 triệu)", 1, 3_000_000),  # the pledge was read
        ("Đăng ký 5tr, đã góp 3tr", 1, 3_000_000),  # refused as two amounts
        ("5.000 (đã góp 3.000)", 1_000, 3_000_000),
        ("Thực góp: 2.500.000 đ", 1, 2_500_000),
        ("5 triệu (chưa góp)", 1, None),  # nothing paid yet
        ("5 triệu (đã góp đủ)", 1, 5_000_000),
        (5_000, 1_000, 5_000_000),
    ],
)
def test_capital_paid_in_where_a_cell_says_what_was_paid_beside_what_was_pledged(raw, unit, vnd):
    assert values.contributed(raw, unit) == vnd


def test_a_count_after_the_words_of_a_payment_is_no_amount():
    with pytest.raises(values.CellProblem):
        values.contributed("đã góp 3 lần, 6 triệu")


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("Từ 2016", (date(2016, 1, 1), DatePrecision.YEAR)),  # it was refused
        ("kể từ tháng 3/2016", (date(2016, 3, 1), DatePrecision.MONTH)),
        ("Sáng lập", values.AT_FOUNDING),
        ("TV sáng lập", values.AT_FOUNDING),
        ("Từ khi thành lập", values.AT_FOUNDING),
    ],
)
def test_the_day_a_member_joined(raw, day):
    assert values.joined(raw) == day


def test_status_mapping_of_the_samples(expected):
    for raw, mapped in expected["status_mapping"].items():
        result = values.status(raw)
        assert result.value == mapped["status"], raw
        assert (result.issue == "status_ambiguous") == bool(mapped.get("ambiguous")), raw


def test_sector_mapping_of_the_samples(expected):
    for raw, mapped in expected["sector_mapping"].items():
        assert values.sector(raw) == mapped, raw


@pytest.mark.parametrize(
    ("raw", "sector"),
    [
        ("Trồng trọt", Sector.AGRICULTURE),
        ("Cà phê", Sector.AGRICULTURE),
        ("Khai thác cát", Sector.INDUSTRY_HANDICRAFT),
        ("Vệ sinh môi trường", Sector.ENVIRONMENT),
        ("Khác", Sector.OTHER),
        # Abbreviations joined, initialled, or of three letters, as other lists write them.
        ("DV-TM", Sector.TRADE_SERVICE),
        ("DV, TM", Sector.TRADE_SERVICE),
        ("NN-DV", Sector.AGRICULTURE),
        ("Dịch vụ nông nghiệp", Sector.AGRICULTURE),  # farming services: farming
        ("N.Nghiệp", Sector.AGRICULTURE),
        ("NLN", Sector.AGRICULTURE),
        ("VSMT", Sector.ENVIRONMENT),
        ("Dịch vụ", Sector.TRADE_SERVICE),
        ("Diêm nghiệp", Sector.AGRICULTURE),  # salt-making: with farming in the counts
        ("Sản xuất muối", Sector.AGRICULTURE),
        ("Trồng rau", Sector.AGRICULTURE),
        ("Nuôi bò sinh sản", Sector.AGRICULTURE),
        # Trades of their own that name a sector (they were asked about).
        ("Thu gom rác thải", Sector.ENVIRONMENT),
        ("Cấp nước sinh hoạt", Sector.ENVIRONMENT),
        ("Du lịch cộng đồng", Sector.TRADE_SERVICE),
        ("Quản lý chợ", Sector.TRADE_SERVICE),
        ("May mặc", Sector.INDUSTRY_HANDICRAFT),
        ("Dệt thổ cẩm", Sector.INDUSTRY_HANDICRAFT),
    ],
)
def test_sector_words_beyond_the_samples(raw, sector):
    assert values.sector(raw) == sector


@pytest.mark.parametrize(
    ("name", "sector"),
    [
        ("Hợp tác xã Thủy sản Nhơn Châu", Sector.AGRICULTURE),
        ("Hợp tác xã Cà phê Ia Grai", Sector.AGRICULTURE),
        ("Hợp tác xã Muối Đề Gi", Sector.AGRICULTURE),
        ("Hợp tác xã Dịch vụ Chăn nuôi Chư Sê", Sector.AGRICULTURE),
        ("Hợp tác xã Vận tải An Nhơn", Sector.TRANSPORT),
        ("Hợp tác xã Dịch vụ Tổng hợp Quy Nhơn Nam", Sector.TRADE_SERVICE),
        ("Tổ hợp tác Trồng Rau An Toàn Yang Bắc", Sector.AGRICULTURE),
        ("Tổ hợp tác Nuôi Bò Phú An", Sector.AGRICULTURE),
        ("Hợp tác xã Cấp nước sinh hoạt Nghĩa Hưng", Sector.ENVIRONMENT),
        ("Hợp tác xã Dệt thổ cẩm Ia Mơ", Sector.INDUSTRY_HANDICRAFT),
        ("Hợp tác xã Du lịch cộng đồng Ia Ly", Sector.TRADE_SERVICE),
        ("Hợp tác xã Hoa Sen", None),
    ],
)
def test_the_sector_a_name_states(name, sector):
    """A list without a sector column: the name says it, or the row is flagged (a fishing or
    coffee cooperative was flagged, its sector unknown)."""
    from importers.names import sector_from_name

    assert sector_from_name(name) == sector


FILES = ["coops_district_list.xlsx", "coops_vni.xls", "coops_tcvn3.ods"]


@pytest.mark.parametrize("name", FILES)
def test_every_sample_row_cleans_to_the_expected_values(samples, expected, name):
    info = expected["files"][name]
    sheet = read_spreadsheet(samples / name)[0]
    column = {field: ord(letter) - ord("A") for letter, field in info["columns"].items()}
    unit = info["unit_multiplier_vnd"]
    registration = (
        column.get("tax_code")
        if "tax_code" in column
        else column.get("tax_code or certificate_number")
    )
    for record in info["records"]:
        row = sheet.rows[record["row"] - 1]
        where = f"{name} row {record['row']}"
        assert values.count(row[column["members"]]) == record["members"], where
        assert (
            values.money(row[column["charter_capital"]], unit) == record["charter_capital_vnd"]
        ), where
        if "contributed_capital" in column:
            assert (
                values.money(row[column["contributed_capital"]], unit)
                == record["contributed_capital_vnd"]
            ), where
        assert (
            values.iso_partial(values.partial_date(row[column["founding_date"]]))
            == record["founding_date"]
        ), where
        code, certificate, _issue = values.registration_number(row[registration])
        assert code == record["tax_code"], where
        if "certificate_number" in column:
            _c, cert, _i = values.registration_number(row[column["certificate_number"]])
            assert cert == record["certificate_number"] or code == record["tax_code"], where
        elif certificate is not None:
            assert certificate == record["certificate_number"], where
        if "second_phone_on_continuation_row" not in record["quirks"]:
            assert values.phones(row[column["phones"]]) == record["phones"], where
        assert values.status(row[column["status"]]).value == record["status"], where
        assert values.person_name(row[column["director"]]) == record["director"], where
        if "sector" in column:
            assert values.sector(row[column["sector"]]) == record["sector"], where


def test_a_bare_area_under_a_hectare_header():
    assert values.area_m2(1.2, 10_000) == 12_000
    assert values.area_m2("850 m2", 10_000) == 850
    assert values.area_m2("0,5 ha", 10_000) == 5_000


@pytest.mark.parametrize(
    ("raw", "status", "issue"),
    [
        ("HĐ", Status.ACTIVE, None),
        ("KHĐ", Status.SUSPENDED, "status_ambiguous"),
        ("GT", Status.DISSOLVED, None),
        # Not at its address is a status of its own, not a stop to be told apart.
        ("Không hoạt động tại địa chỉ đăng ký", Status.NOT_AT_ADDRESS, None),
        ("Bình thường", Status.ACTIVE, None),
        # Stopped, in other words: they were read as active ("… hoạt động").
        ("Dừng hoạt động", Status.SUSPENDED, "status_ambiguous"),
        ("Không còn hoạt động", Status.SUSPENDED, "status_ambiguous"),
        ("Nghỉ hoạt động từ 2019", Status.SUSPENDED, "status_ambiguous"),
        ("Tạm dừng", Status.SUSPENDED, None),
        ("Còn HĐ", Status.ACTIVE, None),
        ("Đã GT", Status.DISSOLVED, None),
        # Suspended by an authority's order: it was read as active ("… hoạt động").
        ("Đình chỉ hoạt động", Status.SUSPENDED, None),
        ("Không HĐ tại địa chỉ ĐK", Status.NOT_AT_ADDRESS, None),
        ("Mới thành lập", Status.ACTIVE, None),
        ("Sắp giải thể", Status.AWAITING_DISSOLUTION, None),  # it was read as dissolved
        ("Đề nghị giải thể", Status.AWAITING_DISSOLUTION, None),
        # Plan 655's candidates: they were read as dissolved, out of every count of the living.
        ("Thuộc diện giải thể", Status.AWAITING_DISSOLUTION, None),
        ("Thuộc diện phải giải thể", Status.AWAITING_DISSOLUTION, None),
        ("Kiến nghị giải thể", Status.AWAITING_DISSOLUTION, None),
        ("Ngừng HĐ chờ GT", Status.AWAITING_DISSOLUTION, None),  # it was "suspended"
        # The national business registry's words (it was "suspended").
        (
            "Không còn hoạt động kinh doanh tại địa chỉ đã đăng ký",
            Status.NOT_AT_ADDRESS,
            None,
        ),
        ("Tạm ngừng kinh doanh có thời hạn", Status.SUSPENDED, None),
        ("Đã giải thể, phá sản, chấm dứt tồn tại", Status.DISSOLVED, None),
        # Its and the tax office's words of a dissolution begun or done (the first was read
        # as dissolved, the second as stopped).
        (
            "Ngừng hoạt động nhưng chưa hoàn thành thủ tục giải thể",
            Status.AWAITING_DISSOLUTION,
            None,
        ),
        (
            "NNT ngừng hoạt động và đã hoàn thành thủ tục chấm dứt hiệu lực MST",
            Status.DISSOLVED,
            None,
        ),
        ("Chấm dứt hoạt động", Status.SUSPENDED, "status_ambiguous"),
        ("Thôi hoạt động", Status.SUSPENDED, "status_ambiguous"),
        # The year's grade written in the status column: operating (they were unknown words).
        ("Tốt", Status.ACTIVE, None),
        ("Khá", Status.ACTIVE, None),
        ("HĐ TB", Status.ACTIVE, None),
        ("Trung bình", Status.ACTIVE, None),
        ("HĐ yếu", Status.ACTIVE, None),
        ("Kém", Status.ACTIVE, None),
    ],
)
def test_status_codes_and_words(raw, status, issue):
    assert values.status(raw) == values.Flagged(status, issue)


@pytest.mark.parametrize(
    ("raw", "since"),
    [
        ("Tạm ngừng KD từ 01/2024", date(2024, 1, 31)),  # the month's last day
        ("Ngừng hoạt động kể từ năm 2022", date(2022, 12, 31)),
        ("Đã giải thể từ ngày 15/3/2023", date(2023, 3, 15)),
        ("Không HĐ từ tháng 6/2021", date(2021, 6, 30)),
        ("Tạm ngừng từ 2030", None),  # to come: not a day it began
        # The day named without "từ" (the dissolution had no day).
        ("Giải thể năm 2022", date(2022, 12, 31)),
        ("Đã giải thể vào tháng 5/2021", date(2021, 5, 31)),
        ("Giải thể theo QĐ số 12/QĐ-UBND ngày 3/4/2019", date(2019, 4, 3)),
        ("Đang hoạt động", None),
    ],
)
def test_the_day_a_status_began_as_its_words_say(raw, since):
    assert values.status_since(raw) == since


@pytest.mark.parametrize(
    ("raw", "decision"),
    [
        ("Đã giải thể theo QĐ số 123/QĐ-UBND ngày 12/5/2020", ("123/QĐ-UBND", date(2020, 5, 12))),
        ("Giải thể (Quyết định 45/2020/QĐ-UBND)", ("45/2020/QĐ-UBND", None)),
        (
            "Tạm ngừng theo TB số 12/TB-PĐKKD ngày 01 tháng 3 năm 2024",
            ("12/TB-PĐKKD", date(2024, 3, 1)),
        ),
        ("Thu hồi GCN theo QĐ 88/QĐ-SKHĐT.", ("88/QĐ-SKHĐT", None)),
        # In a column of decisions: the number and its day, or the number alone.
        ("Số 12/QĐ-UBND, 15/3/2023", ("12/QĐ-UBND", date(2023, 3, 15))),
        ("45/QĐ-UBND - 20/6/2023", ("45/QĐ-UBND", date(2023, 6, 20))),
        ("123/QĐ-UBND", ("123/QĐ-UBND", None)),
        ("QĐ số 7 ngày 31/12/2099", ("7", None)),  # a day to come is no day: the number kept
        # No decision: digits alone (a date, a count) are no number.
        ("12/5/2020", None),
        ("Giải thể năm 2020", None),
        ("Còn 5 thành viên", None),
        ("Đang hoạt động", None),
    ],
)
def test_the_decision_a_status_cites(raw, decision):
    assert values.status_decision(raw) == decision


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("Giải thể tự nguyện", DissolutionKind.VOLUNTARY),
        ("Đang làm thủ tục giải thể bắt buộc", DissolutionKind.COMPULSORY),
        ("HTX tự nguyện giải thể", DissolutionKind.VOLUNTARY),
        ("Đã giải thể", None),
        ("Tự nguyện, sau bị bắt buộc", None),  # both: a person tells
    ],
)
def test_a_dissolution_voluntary_or_compulsory(raw, kind):
    assert values.dissolution_kind(raw) == kind


@pytest.mark.parametrize(
    "raw", ["Chưa hoạt động", "Hết hoạt động", "Chưa giải thể", "Không hoạt động, chưa giải thể"]
)
def test_a_status_turned_around_is_never_read_as_what_it_denies(raw):
    with pytest.raises(values.CellProblem):
        values.status(raw)


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("33 TV", 33),
        ("1.320 thành viên", 1320),  # a credit fund's members: a thousands dot
        ("12 (trong đó 3 nữ)", 12),
        ("12 hộ", 12),
        ("5 HTX", 5),  # a union's members are cooperatives
        ("14 lao động", 14),
        ("33 thành viên chính thức", 33),
        ("33 hộ thành viên", 33),
        ("5 HTX thành viên", 5),
        ("33,0", 33),  # a number with its decimals typed as text
        (33.0, 33),
        ("-", None),
    ],
)
def test_counts(raw, count):
    assert values.count(raw) == count


@pytest.mark.parametrize("raw", ["999999999999999", 3_000_000_000, "2.000.000 thành viên"])
def test_a_count_beyond_any_organisation_is_refused_not_a_crash(raw):
    """Found by the fuzz test on PostgreSQL: the count went to an integer column too small
    for it, and the commit crashed."""
    with pytest.raises(values.CellProblem):
        values.count(raw)


@pytest.mark.parametrize("raw", ["12.5", "12+3", "khoảng 20"])
def test_what_is_not_a_count(raw):
    with pytest.raises(values.CellProblem):
        values.count(raw)


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Ông: Lê Văn Tám", "Lê Văn Tám"),
        ("KSOR H'BLƠH", "Ksor H'Blơh"),
        ("rơ châm h'luy", "Rơ Châm H'Luy"),  # all lower case
        ("Nguyễn Văn An (chủ hộ)", "Nguyễn Văn An"),
        ("Công ty TNHH Hoàng Anh", "Công ty TNHH Hoàng Anh"),  # mixed case: as typed
        # A role or a phone number beside the name is no part of it (the director was
        # "Nguyễn Văn A - GĐ").
        ("Nguyễn Văn A - GĐ", "Nguyễn Văn A"),
        ("GĐ: Phạm Văn Dũng", "Phạm Văn Dũng"),
        ("Ông Lê Văn Cường – Chủ tịch HĐQT kiêm GĐ", "Lê Văn Cường"),
        ("Đinh Văn Phúc, CT HĐQT", "Đinh Văn Phúc"),
        ("Ksor H'Nhung - Kế toán - 0905 123 456", "Ksor H'Nhung"),
        ("Hộ: Ksor Nhin", "Ksor Nhin"),
        ("Lê Thị Hồng-Nhung", "Lê Thị Hồng-Nhung"),
        ("Nguyễn Văn An, Trần Thị Bình", "Nguyễn Văn An, Trần Thị Bình"),  # two: as written
    ],
)
def test_person_names(raw, name):
    assert values.person_name(raw) == name


def test_the_registrys_own_words_and_codes_read_back():
    """A registry export (Vietnamese labels or the stored codes) and the national database's
    English words import to the same statuses and sectors."""
    for status in Status:
        assert values.status(status.label).value == status
        assert values.status(status.value).value == status
    for sector in Sector:
        assert values.sector(sector.label) == sector
        assert values.sector(sector.value) == sector
    assert values.status("Active") == values.Flagged(Status.ACTIVE)
    assert values.status("Inactive") == values.Flagged(Status.SUSPENDED, "status_ambiguous")
    assert values.sector("Trade and services") == Sector.TRADE_SERVICE


def test_email_addresses():
    assert values.email("HTXdongtam@gmail.com; khac@yahoo.com") == "htxdongtam@gmail.com"
    assert values.email("-") is None and values.email("Chưa có") is None
    with pytest.raises(values.CellProblem):
        values.email("htx@")


@pytest.mark.parametrize(
    ("text", "status", "found"),
    [
        ("Hoạt động yếu", Status.ACTIVE, OperatingState.WEAK),
        ("HĐ kém hiệu quả", Status.ACTIVE, OperatingState.WEAK),
        ("hoạt động không thường xuyên", Status.ACTIVE, OperatingState.WEAK),
        ("Hoạt động cầm chừng", Status.ACTIVE, OperatingState.WEAK),
        ("không hoạt động", Status.SUSPENDED, OperatingState.NOT_OPERATING),
        ("Ngưng hoạt động", Status.SUSPENDED, OperatingState.NOT_OPERATING),
        ("KHĐ", Status.SUSPENDED, OperatingState.NOT_OPERATING),
        ("Tạm ngừng kinh doanh", Status.SUSPENDED, None),
        ("Không hoạt động tại địa chỉ đăng ký", Status.NOT_AT_ADDRESS, None),
        ("Không HĐ tại địa chỉ ĐK", Status.NOT_AT_ADDRESS, None),
        ("Đình chỉ hoạt động", Status.SUSPENDED, None),
        ("Chấm dứt hoạt động", Status.SUSPENDED, OperatingState.NOT_OPERATING),
        ("Đang hoạt động", Status.ACTIVE, None),
        # The year's grades: operating, the lowest two weakly.
        ("Yếu", Status.ACTIVE, OperatingState.WEAK),
        ("HĐ kém", Status.ACTIVE, OperatingState.WEAK),
        ("Khá", Status.ACTIVE, None),
    ],
)
def test_status_phrases_of_degree_say_what_was_found_beside_the_legal_status(text, status, found):
    assert values.status(text).value == status
    assert values.operating_state(text) == found


@pytest.mark.parametrize(
    ("raw", "flag"),
    [
        ("x", True),
        ("Có", True),
        ("Rồi", True),
        ("Đã chuyển đổi", True),
        ("Chưa", False),
        ("Chưa đăng ký lại", False),
        ("Không", False),
        ("", None),
    ],
)
def test_a_flag_in_words_of_done_and_not_yet(raw, flag):
    """``Rồi``, ``Đã …``, ``Chưa …`` in a flag column (they were refused: yes or no)."""
    assert values.yes_no(raw) == flag


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("Từ tháng 5/2019 đến nay", (date(2019, 5, 1), DatePrecision.MONTH)),
        ("2018 đến nay", (date(2018, 1, 1), DatePrecision.YEAR)),
        ("12/3/2020", (date(2020, 3, 12), DatePrecision.DAY)),
    ],
)
def test_the_day_a_status_began_written_among_words(raw, day):
    assert values.day_in_text(raw) == day
    assert values.day_in_text("3 năm") is None  # how long, not since when: the row is kept
    with pytest.raises(values.CellProblem):
        values.day_in_text("31/02/2020")


@pytest.mark.parametrize(
    ("raw", "flag"),
    [
        ("x", True),
        ("Chưa", True),
        ("Chưa chuyển đổi", True),
        ("Đã tổ chức lại", False),
        ("Rồi", False),
        ("Không", False),
    ],
)
def test_a_not_reorganised_column_reads_words_by_their_meaning(raw, flag):
    """Under ``Chưa tổ chức lại``, ``Đã tổ chức lại`` says it was (as a flag's words, it
    read as yes: not reorganised)."""
    assert values.not_reorganized(raw) == flag
