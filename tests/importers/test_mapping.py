"""Column mapping: synonyms, the clerk's corrections, and the names a clerk sees."""

import pytest

from importers.mapping import FIELD_LABELS, KINDS, map_columns
from importers.profiles import corrections_from
from importers.run import Refused


def test_every_field_a_clerk_can_choose_has_a_name():
    assert {f for fields in KINDS.values() for f in fields} == set(FIELD_LABELS)


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
