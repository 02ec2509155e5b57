"""Organisation names as the registry writes them."""

import pytest

from importers.names import canonical_name, with_type


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
    ],
)
def test_canonical_names(raw, name):
    assert canonical_name(raw) == name


@pytest.mark.parametrize(
    ("name", "kind", "full"),
    [
        ("Đoàn Kết", "THT", "Tổ hợp tác Đoàn Kết"),
        ("Nông nghiệp Ia Tul", "HTX", "Hợp tác xã Nông nghiệp Ia Tul"),
        ("Ia Pa", "Quỹ tín dụng", "Quỹ tín dụng nhân dân Ia Pa"),
        ("Hợp tác xã Đoàn Kết", "THT", "Hợp tác xã Đoàn Kết"),  # the name's own type stands
        ("Đoàn Kết", "khác", "Đoàn Kết"),
    ],
)
def test_a_type_column_heads_a_name_that_has_none(name, kind, full):
    assert with_type(name, kind) == full
