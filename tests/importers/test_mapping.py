"""Column mapping: synonyms, the clerk's corrections, and the names a clerk sees."""

import pytest

from importers.fields import FIELDS, KIND_FIELDS
from importers.mapping import map_columns
from importers.profiles import corrections_from
from importers.results import Refused


def test_every_field_a_clerk_can_choose_has_a_name():
    assert {f for fields in KIND_FIELDS.values() for f in fields} == set(FIELDS)


def test_corrections_win_over_the_synonyms():
    headers = ["Tên HTX", "Số thành viên", "Ghi chú"]
    assert map_columns(headers) == {0: "name", 1: "members", 2: "notes"}
    assert map_columns(headers, corrections={"so thanh vien": "", "ghi chu": "director"}) == {
        0: "name",
        2: "director",
    }


def test_a_correction_must_name_a_field_of_the_kind():
    assert corrections_from({"Số TV": "members", "Cột lạ": ""}, "organisations") == {
        "so tv": "members",
        "cot la": "",
    }
    with pytest.raises(Refused):
        corrections_from({"Số TV": "revenue"}, "organisations")


@pytest.mark.parametrize(
    ("headers", "kind", "fields"),
    [
        # "Of which women" under the members of the year: a part, not the total again (the
        # file was refused as two total columns); organisation lists keep it.
        (
            ["Số thành viên / Tổng", "Số thành viên / Trong đó nữ"],
            "annual_figures",
            {0: "members_total"},
        ),
        (
            ["Số thành viên / Tổng số", "Số thành viên / Trong đó nữ"],
            "organisations",
            {0: "members", 1: "female_members"},
        ),
        # A birth year split by sex, and marks for the sex (the registry keeps none).
        (["Năm sinh / Nam", "Năm sinh / Nữ"], "members", {0: "birth_date", 1: "birth_date_female"}),
        (["Giới tính / Nam", "Giới tính / Nữ"], "members", {0: "gender"}),
        # A land table's "Tình trạng …" titles stay its own beside a debt's bare "Tình trạng".
        (
            ["Tình trạng GCN", "Tình trạng pháp lý", "Tình trạng đất", "Tranh chấp"],
            "debts_assets",
            {0: "land_certificate", 1: "land_certificate", 2: "land_use", 3: "dispute"},
        ),
        (
            ["Chủ nợ", "Dư nợ", "Tình trạng"],
            "debts_assets",
            {0: "counterparty", 1: "outstanding", 2: "resolution"},
        ),
        # Capital split under a title with its unit between (none of the three was read).
        (
            ["Vốn (triệu đồng) / Điều lệ", "Vốn (triệu đồng) / Góp", "Vốn (tr.đ) / Huy động"],
            "annual_figures",
            {0: "charter_capital", 1: "contributed_capital", 2: "mobilised_capital"},
        ),
    ],
)
def test_titles_split_under_one_title(headers, kind, fields):
    assert map_columns(headers, kind) == fields


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("members", "Góp vốn", "capital"),
        ("members", "Số tiền góp", "capital"),
        ("members", "Chủ hộ", "full_name"),
        ("members", "CMND/CCCD", "id_number"),
        ("members", "Sinh năm", "birth_date"),
        ("members", "Nơi thường trú", "address"),
        ("members", "Buôn", "village"),
        ("members", "Năm tham gia", "joined_on"),
        ("organisations", "Mã số DN", "tax_code"),
        ("organisations", "Chủ tịch HĐQT", "director"),
        ("organisations", "Địa chỉ email", "email"),
        ("organisations", "E-mail", "email"),
        ("organisations", "Địa chỉ", "address"),
    ],
)
def test_words_met_in_other_files(kind, header, field):
    assert map_columns([header], kind) == {0: field}
