import pytest

from handlers.idcard import birth_date, check_digit, gender, id_number_problem, mask


@pytest.mark.parametrize(
    "id_number", ["11010519491231002X", "410181199003150014", "41018119850512003x"]
)
def test_valid_numbers(id_number):
    assert id_number_problem(id_number) is None


@pytest.mark.parametrize(
    ("id_number", "reason"),
    [
        ("410181199003150015", "校验位"),  # wrong check digit
        ("41018119900315001", "18位"),  # too short
        ("4101811990031500AA", "18位"),  # letters
        ("410181199002300012", "出生日期"),  # 30 February
    ],
)
def test_invalid_numbers_say_why(id_number, reason):
    assert reason in id_number_problem(id_number)


def test_check_digit_x_and_derived_facts():
    assert check_digit("11010519491231002") == "X"
    assert birth_date("410181199003150014").isoformat() == "1990-03-15"
    assert gender("410181199003150014") == "male"
    assert gender("410181198807200027") == "female"


def test_mask_keeps_three_and_four():
    assert mask("411502198611209323") == "411*****9323"
