"""The password policy people's own passwords must meet (handlers/passwords.py)."""

import pytest

from handlers.passwords import password_problem


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("password1", "至少三类"),  # lower + digit only
        ("abc12345", "至少三类"),
        ("aaaaaaa1", "至少三类"),
        ("ABCDEFGH", "至少三类"),
        ("Ab1!", "8到64位"),
        ("Ab1!" * 17, "8到64位"),  # 68 characters
        ("Abc 123\x00x", "控制字符"),
        ("Aaaaa123", "连续相同"),
        ("Zz19!!!!x", "连续相同"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    problem = password_problem(password)
    assert problem is not None and reason in problem


COMMON = ["Admin@123", "admin@123", "ADMIN@123", "P@ssw0rd", "1qaz@WSX", "Abc@1234", "Qwer1234"]


@pytest.mark.parametrize("password", [*COMMON, "Aa123456", "Henan@123"])
def test_common_passwords_are_refused_in_any_case(password):
    assert "常见" in (password_problem(password) or "")
    # while the demo and test passwords, and other uncommon ones, stay valid
    for fine in ("Demo@2026", "Secret123", "NewPass2026", "gy#2026review", "审核员Zz2019"):
        assert password_problem(fine) is None, fine


def test_a_password_may_not_contain_the_account_name_or_id_number():
    id_number = "41018119900315001X"
    assert "身份证号" in password_problem(f"A{id_number.lower()}!", [id_number, id_number])
    assert "账号" in password_problem("Gy_reviewer1!", ["gy_reviewer1", None])
    # too short to be a meaningful pattern: does not forbid passwords containing it
    assert password_problem("Abz#2026xy", ["zz", "ab"]) is None
