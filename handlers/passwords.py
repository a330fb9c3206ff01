"""Password policy for passwords people choose (not for the initial/default one).

In the spirit of 等保 2.0 (GB/T 22239-2019, 身份鉴别): 8-64 characters from at least three of
the four classes, not a well-known password, not built on the account's own name or ID number,
no long runs of one character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MIN_LENGTH = 8
MAX_LENGTH = 64
MIN_CLASSES = 3
# Shorter personal values (e.g. a two-letter reviewer name) would forbid too much.
MIN_PERSONAL_LENGTH = 4
_RUN = re.compile(r"(.)\1{3}")

# Passwords that pass the length and class rules yet head every leaked-password list, the
# Chinese favourites first. Compared case-insensitively, so one spelling covers all cases.
COMMON_PASSWORDS = frozenset(
    """
    Admin@123 Admin@1234 Admin@12345 Admin123 Admin1234 Admin123456 Admin@2024 Admin@2025
    Admin@2026 Admin!@#123 Administrator1 P@ssw0rd P@ssword P@ssw0rd1 P@ssw0rd123 Passw0rd
    Passw0rd! Password1 Password123 Password@1 Password@123 Password1! 1qaz@WSX 1qaz!QAZ
    1qaz2wsx 1qaz2wsx3edc !QAZ2wsx 1QAZ2wsx Qaz123456 Zaq12wsx 2wsx#EDC Abc@1234 Abc@123456
    Abc123456 Abc12345 Abcd1234 Abcd@1234 Abc@123 Abc!@#123 Aa123456 Aa@123456 Aa123456789
    Aa112233 Qwer1234 Qwer@1234 Qwer!234 Qwerty123 Qwerty@123 Qwe123456 Qwe@123456 Qq123456
    Qq@123456 Asdf1234 Asd123456 Zxcv1234 Zxc123456 Root@123 Root123456 Test@123 Test1234
    Welcome1 Welcome@123 Huawei@123 Huawei123 Changeme1 Changeme@123 Letmein1 Woaini1314
    Woaini@1314 Woaini520 Iloveyou1 Hello@123 Hello123 Henan@123 Henan@2026 Ceshi@123 Mima@123
    Sa123456 Sys@123 Aa000000 Aa888888 Aa666666 A1234567 A12345678 A123456789 1234Qwer 123456Aa
    123456Qq 123@Abc 123qwe!@# 123Qwe!@#
    """.lower().split()
)


def password_problem(password: str, personal: Iterable[str | None] = ()) -> str | None:
    """Why the password is not acceptable (Chinese), or None.

    ``personal`` holds what the account is known by (username, ID number) where the caller
    knows it: a password containing one of them is the first thing an attacker tries.
    """
    for problem in (
        _length_problem(password),
        _class_problem(password),
        _content_problem(password, personal),
    ):
        if problem:
            return problem
    return None


def _length_problem(password: str) -> str | None:
    if not MIN_LENGTH <= len(password) <= MAX_LENGTH:
        return f"密码长度应为{MIN_LENGTH}到{MAX_LENGTH}位"
    if not password.isprintable():
        return "密码不能包含控制字符"
    return None


def _class_problem(password: str) -> str | None:
    classes = (
        any("A" <= c <= "Z" for c in password),
        any("a" <= c <= "z" for c in password),
        any("0" <= c <= "9" for c in password),
        any(not c.isascii() or not c.isalnum() for c in password),
    )
    if sum(classes) < MIN_CLASSES:
        return "密码须包含大写字母、小写字母、数字、特殊符号中的至少三类"
    return None


def _content_problem(password: str, personal: Iterable[str | None]) -> str | None:
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS:
        return "密码过于常见，请换一个不易猜到的密码"
    if any(
        value and len(value) >= MIN_PERSONAL_LENGTH and value.lower() in lowered
        for value in personal
    ):
        return "密码不能包含账号或身份证号"
    if _RUN.search(password):
        return "密码不能包含4个及以上连续相同的字符"
    return None
