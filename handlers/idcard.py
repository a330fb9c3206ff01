"""Chinese resident ID numbers (GB 11643-1999): validation, derived facts and masking."""

from __future__ import annotations

import re
from datetime import date
from operator import mul

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


def check_digit(first17: str) -> str:
    """The 18th character for the given first 17 digits (ISO 7064 MOD 11-2). Written with
    map: a province's qualified import checks a hundred thousand of them."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError("check_digit needs the first 17 digits")
    return _CHECK_CHARS[sum(map(mul, map(int, first17), _WEIGHTS)) % 11]


def normalize(id_number: str) -> str:
    """Strip blanks and upper-case a trailing x, the way people type it."""
    return id_number.strip().upper()


def id_number_problem(id_number: str) -> str | None:
    """Why the ID number is invalid (Chinese, shown to users), or None when it is valid."""
    value = normalize(id_number)
    if not _SHAPE.match(value):
        return "身份证号应为18位，前17位为数字，最后一位为数字或X"
    if birth_date(value) is None:
        return "身份证号中的出生日期无效"
    if check_digit(value[:17]) != value[17]:
        return "身份证号校验位错误"
    return None


def birth_date(id_number: str) -> date | None:
    """Birth date encoded in positions 7-14, or None if it is not a real date."""
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def gender(id_number: str) -> str:
    """'male' or 'female' from the sequence digit (odd = male)."""
    return "male" if int(id_number[16]) % 2 else "female"


def mask(id_number: str) -> str:
    """List display form: first three and last four characters, as in the manual (411*****9323)."""
    if len(id_number) < 8:
        return "*" * len(id_number)
    return f"{id_number[:3]}*****{id_number[-4:]}"
