"""Organisation names as the registry writes them."""

import pytest

from importers.names import canonical_name, match_key, with_type


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("HTX NNDV Đồng Tâm", "Hợp tác xã Nông nghiệp Dịch vụ Đồng Tâm"),
        ("htx nông nghiệp ia grai", "Hợp tác xã Nông nghiệp Ia Grai"),
        ("qtdnd Ia Kha", "Quỹ tín dụng nhân dân Ia Kha"),
        ("HTX XÂY DỰNG VÀ THƯƠNG MẠI TƠ TUNG", "Hợp tác xã Xây dựng và Thương mại Tơ Tung"),
        ("Hợp tác xã cà phê Đak Smar", "Hợp tác xã Cà phê Đak Smar"),
        # A sector abbreviation is expanded only in capitals: here "Tm" is part of a name.
        ("HTX Tm Kbang", "Hợp tác xã Tm Kbang"),
        ("Quỹ TDND Ia Pa", "Quỹ tín dụng nhân dân Ia Pa"),
        ('H.T.X NÔNG NGHIỆP - DỊCH VỤ "THẮNG LỢI"', "Hợp tác xã Nông nghiệp Dịch vụ Thắng Lợi"),
        ("HTX.NN “Đoàn Kết”", "Hợp tác xã Nông nghiệp Đoàn Kết"),
        ("HTX NN Ia Ka - Ia Grai", "Hợp tác xã Nông nghiệp Ia Ka - Ia Grai"),  # places keep it
        # "&" and "+" between sector words are "và", glued or not; "/" goes like a dash.
        ("HTX NN&DV Thống Nhất", "Hợp tác xã Nông nghiệp và Dịch vụ Thống Nhất"),
        ("HTX NN & DV Thống Nhất", "Hợp tác xã Nông nghiệp và Dịch vụ Thống Nhất"),
        ("HTX NN+DV Thống Nhất", "Hợp tác xã Nông nghiệp và Dịch vụ Thống Nhất"),
        ("HTX NN/DV Thống Nhất", "Hợp tác xã Nông nghiệp Dịch vụ Thống Nhất"),
        ("HTX Thu & Đông", "Hợp tác xã Thu & Đông"),  # not between sector words: kept
        # Types abbreviated in two words (they stayed words of the name).
        ("LH HTX Dịch vụ Chư Sê", "Liên hiệp Hợp tác xã Dịch vụ Chư Sê"),
        ("LH.HTX DV Chư Sê", "Liên hiệp Hợp tác xã Dịch vụ Chư Sê"),
        ("TỔ HT NUÔI BÒ DUN", "Tổ hợp tác Nuôi Bò Dun"),
        ("Tổ 3 HTX Đồng Tâm", "Tổ 3 Hợp tác xã Đồng Tâm"),  # a residential group's number
        # Words of the name's own kept in the case written, where it capitalises some (every
        # small word was capitalised: Cấp Nước Sinh Hoạt), but for the first after the type.
        ("HTX Cấp nước sinh hoạt Nghĩa Hưng", "Hợp tác xã Cấp nước sinh hoạt Nghĩa Hưng"),
        ("HTX Chăn nuôi bò Ia Khươl", "Hợp tác xã Chăn nuôi bò Ia Khươl"),
        ("HTX thu gom rác Ia Ka", "Hợp tác xã Thu gom rác Ia Ka"),
        ("htx vệ sinh môi trường tú an", "Hợp tác xã Vệ Sinh Môi trường Tú An"),
    ],
)
def test_canonical_names(raw, name):
    assert canonical_name(raw) == name


def test_the_joining_va_does_not_tell_names_apart():
    keys = {
        match_key(canonical_name(raw))
        for raw in (
            "HTX NN DV Thống Nhất",
            "Hợp tác xã Nông nghiệp và Dịch vụ Thống Nhất",
            "HTX Dịch vụ & Nông nghiệp Thống Nhất",
        )
    }
    assert len(keys) == 1
    assert match_key("HTX NN Thống Nhất") not in keys


@pytest.mark.parametrize(
    ("name", "kind", "full"),
    [
        ("Đoàn Kết", "THT", "Tổ hợp tác Đoàn Kết"),
        ("Nông nghiệp Ia Tul", "HTX", "Hợp tác xã Nông nghiệp Ia Tul"),
        ("Ia Pa", "Quỹ tín dụng", "Quỹ tín dụng nhân dân Ia Pa"),
        ("Hợp tác xã Đoàn Kết", "THT", "Hợp tác xã Đoàn Kết"),  # the name's own type stands
        ("Đoàn Kết", "khác", "Đoàn Kết"),
        # A name typed in two abbreviated words is not typed again (it was "Tổ hợp tác Tổ HT
        # Nuôi bò Dun", "Liên hiệp Hợp tác xã LH Hợp tác xã …").
        ("Tổ HT nuôi bò Dun", "Tổ hợp tác", "Tổ hợp tác Nuôi bò Dun"),
        ("LH HTX Dịch vụ Chư Sê", "Liên hiệp HTX", "Liên hiệp Hợp tác xã Dịch vụ Chư Sê"),
    ],
)
def test_a_type_column_heads_a_name_that_has_none(name, kind, full):
    assert with_type(canonical_name(name), kind) == full
