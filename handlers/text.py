"""What free text people type may contain.

Control characters have no place in a name, a comment or a search term: NUL cannot even be
stored by PostgreSQL, and a lone UTF-16 surrogate (``"\\ud800"``, which JSON can carry) cannot be
encoded for either database. Refusing them where input enters keeps every later layer simple.
"""

from __future__ import annotations

import re

# Tab, line feed and carriage return are the only control characters a form can legitimately
# send (multi-line comments). ``PATTERN`` is what the OpenAPI document publishes; it leaves out
# surrogates, which valid JSON text cannot carry unpaired (and many regex engines refuse).
PATTERN = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$"
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (Chinese, shown to users), or None."""
    match = _FORBIDDEN.search(value)
    if match is None:
        return None
    if "\ud800" <= match.group() <= "\udfff":
        return "含有无效的字符编码"
    return f"含有不允许的控制字符（U+{ord(match.group()):04X}）"
