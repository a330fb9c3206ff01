"""URL converters for path parameters: an id or an org code that cannot name a row is a 404
at routing, never a number the database cannot hold."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import BaseConverter, IntegerConverter, Map

from app.platform.schemas.fields import MAX_ID


class IdConverter(IntegerConverter):
    """``<id:task_id>``: 1 to 2**31-1 in ASCII digits."""

    regex = r"[0-9]{1,10}"

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


class OrgCodeConverter(BaseConverter):
    """``<org_code:code>``: the 6 to 15 digits of an org code."""

    regex = r"[0-9]{6,15}"


class FileNameConverter(BaseConverter):
    """``<file_name:file>``: a library file, letters, digits, ``_``, ``-`` and a .bpmn or
    .dmn suffix (nothing that could climb out of an export folder)."""

    regex = r"[A-Za-z0-9_-]{1,100}\.(?:bpmn|dmn)"


class ProcessIdConverter(BaseConverter):
    """``<process_id:process_id>``: an executable process id as diagrams spell it."""

    regex = r"[A-Za-z_][A-Za-z0-9_]{0,63}"


CONVERTERS: dict[str, type[BaseConverter]] = {
    "id": IdConverter,
    "process_id": ProcessIdConverter,
    "org_code": OrgCodeConverter,
    "file_name": FileNameConverter,
}


def openapi_schema(converter: Any) -> dict[str, Any]:
    """How flask-smorest documents a path parameter that uses one of these converters."""
    if isinstance(converter, IdConverter):
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if isinstance(converter, FileNameConverter | ProcessIdConverter):
        return {"type": "string", "pattern": f"^{type(converter).regex}$"}
    return {"type": "string", "pattern": r"^[0-9]{6,15}$"}
