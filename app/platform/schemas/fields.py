"""Input field types shared by every schema (API bodies, query strings and page forms).

Each field refuses what could not be stored or would mean nothing (control characters, lone
surrogates, ids beyond the database's integer range) and carries its limits as validators, so
the OpenAPI document states exactly what the service accepts: a client generated from it sends
nothing the service refuses for reasons the document does not show.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import ValidationError, fields, validate
from marshmallow.types import ErrorMessages

from handlers.text import PATTERN as TEXT_PATTERN
from handlers.text import text_problem

REQUIRED: ErrorMessages = {"required": "必填项", "null": "必填项"}
MAX_ID = 2**31 - 1
"""Ids are PostgreSQL ``integer`` columns: anything larger cannot name a row."""

# Patterns use [0-9], not \d: Python's \d also matches other scripts' digits.
MONTH = re.compile(r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$")
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE = re.compile(r"^1[0-9]{10}$")
ORG_CODE = re.compile(r"^[0-9]{6,15}$")
ID_NUMBER = re.compile(
    r"^[1-9][0-9]{5}(18|19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx]$"
)
ACTION = re.compile(r"^[a-z_]{2,32}$")
FILE_NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}\.(bpmn|dmn)$")


def _not_null_unless_said(kwargs: dict[str, Any]) -> None:
    """marshmallow makes a field nullable whenever its default is None; ours accept null
    only where a field says ``allow_none=True`` (so the document does not promise it, and a
    form or query string, which cannot send null, is never told it may)."""
    kwargs.setdefault("allow_none", False)


class Text(fields.String):
    """A string as people type it: any character but control characters (tab and newlines
    aside) and unpaired surrogates."""

    def __init__(self, **kwargs: Any) -> None:
        _not_null_unless_said(kwargs)
        validators = kwargs.get("validate") or []
        if not isinstance(validators, list | tuple):
            validators = [validators]
        if not any(isinstance(v, validate.Regexp) for v in validators):
            kwargs.setdefault("metadata", {}).setdefault("pattern", TEXT_PATTERN)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = text_problem(text)
        if problem:
            raise ValidationError(problem)
        return text


class IdNumberField(Text):
    """The shape of a resident ID number (18 characters: region, birth date, sequence, check
    character), stored with an upper-case X. Whether the birth date exists and the check
    character is right is the use case's business (``handlers.idcard``), checked once it knows
    the caller may act at all."""

    def __init__(self, **kwargs: Any) -> None:
        pattern = validate.Regexp(
            ID_NUMBER, error="身份证号应为18位，前17位为数字，最后一位为数字或X"
        )
        super().__init__(validate=pattern, error_messages=REQUIRED, **kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return super()._deserialize(value, attr, data, **kwargs).upper()


class Integer(fields.Integer):
    """marshmallow's Integer, but ``true`` is not the number 1."""

    def __init__(self, **kwargs: Any) -> None:
        _not_null_unless_said(kwargs)
        super().__init__(**kwargs)

    def _validated(self, value: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class Flag(fields.Boolean):
    """A JSON ``true``/``false`` and nothing else (not 1, "yes" or "on"): pages convert their
    checkboxes and 是/否 choices before loading."""

    def __init__(self, **kwargs: Any) -> None:
        _not_null_unless_said(kwargs)
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return value


def flag(**kwargs: Any) -> Flag:
    return Flag(error_messages={**REQUIRED, "invalid": "应为true或false"}, **kwargs)


def text(max_len: int, min_len: int = 1, **kwargs: Any) -> Text:
    """Free text of ``min_len`` to ``max_len`` characters."""
    return Text(
        validate=validate.Length(min_len, max_len, error="长度应为{min}到{max}个字符"),
        error_messages=REQUIRED,
        **kwargs,
    )


def matching(pattern: str | re.Pattern[str], error: str, **kwargs: Any) -> Text:
    """Text of a fixed shape (codes, phone numbers, months)."""
    return Text(validate=validate.Regexp(pattern, error=error), error_messages=REQUIRED, **kwargs)


def choice(options: Any, error: str, **kwargs: Any) -> Text:
    """One of a fixed list of codes."""
    return Text(
        validate=validate.OneOf(tuple(options), error=error), error_messages=REQUIRED, **kwargs
    )


def month(**kwargs: Any) -> Text:
    return matching(MONTH, "格式应为YYYY-MM", **kwargs)


def phone(**kwargs: Any) -> Text:
    return matching(PHONE, "手机号应为11位数字", **kwargs)


def email(**kwargs: Any) -> Text:
    checks = [validate.Regexp(EMAIL, error="不是有效的电子邮箱"), validate.Length(max=128)]
    return Text(validate=checks, error_messages=REQUIRED, **kwargs)


def org_code(**kwargs: Any) -> Text:
    return matching(ORG_CODE, "单位编码应为6到15位数字", **kwargs)


def integer(low: int, high: int, error: str = "应在{min}到{max}之间", **kwargs: Any) -> Integer:
    """An integer within [low, high]. JSON bodies pass ``strict=True`` (a number, not a
    numeric string); query strings cannot."""
    return Integer(
        validate=validate.Range(low, high, error=error),
        error_messages={**REQUIRED, "invalid": "应为整数"},
        **kwargs,
    )


def record_id(**kwargs: Any) -> Integer:
    """The id of a row: a positive integer within the database's range."""
    return integer(1, MAX_ID, error="编号无效", strict=True, **kwargs)


def season_filter(description: str = "年度编号（/api/seasons）；不填为当前年度") -> Integer:
    """A list's ``season`` (年度/批次, an id of /api/seasons): the current season if left out."""
    return integer(
        1, MAX_ID, error="编号无效", load_default=None, metadata={"description": description}
    )


def grade(**kwargs: Any) -> Integer:
    return integer(1, 5, error="等级应为1到5", strict=True, **kwargs)


def year(strict: bool = True, **kwargs: Any) -> Integer:
    return integer(1950, 2100, error="年份无效", strict=strict, **kwargs)
