"""The password policy (NIST SP 800-63B): length, not the user's name, not a password guessed
first; any characters, no rules of character classes."""

import pytest

from registry.services.errors import DomainError
from registry.services.users import check_password, hash_password, verify_hash


@pytest.mark.parametrize(
    ("password", "said"),
    [
        ("ngan", "ít nhất 10"),
        ("x" * 257, "dài quá"),
        ("nguyen.van.a-2024", "tên đăng nhập"),  # the username inside
        ("aaaaaaaaaaaa", "dễ đoán"),
        ("1234567890", "dễ đoán"),
        ("qwertyuiop", "dễ đoán"),
        ("matkhau2024", "dễ đoán"),
        ("Mật khẩu 2024!", "dễ đoán"),
        ("Gialai@12345", "dễ đoán"),
        ("password123", "dễ đoán"),
        ("!!!!1111!!!!", "dễ đoán"),
    ],
)
def test_a_weak_password_is_refused_saying_why(password, said):
    with pytest.raises(DomainError) as refused:
        check_password(password, "nguyen.van.a")
    assert said in refused.value.vi and refused.value.field == "password"
    assert refused.value.en


@pytest.mark.parametrize(
    "password",
    [
        "mat-khau-thu-nghiem",
        "cà phê sữa đá buổi sáng",
        "Ia Grai mùa mưa 7",
        "correct horse battery",
    ],
)
def test_a_good_password_of_any_characters_is_kept_as_a_hash(password):
    check_password(password, "nguyen.van.a")
    hashed = hash_password(password, "nguyen.van.a")
    assert password not in hashed and verify_hash(hashed, password)
