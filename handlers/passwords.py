"""Password policy for passwords people choose (not for the initial/default one)."""

from __future__ import annotations

MIN_LENGTH = 8


def password_problem(password: str) -> str | None:
    """Why the password is not acceptable (Chinese), or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少{MIN_LENGTH}位"
    if len(password) > 128:
        return "密码不能超过128位"
    has_letter = any(c.isalpha() for c in password)
    has_digit = any(c.isdigit() for c in password)
    if not (has_letter and has_digit):
        return "密码须同时包含字母和数字"
    return None
