# flask-smorest's one custom marshmallow field (see __init__.pyi)
from typing import Any

import marshmallow as ma

class Upload(ma.fields.Field[Any]):
    format: str
    def __init__(self, format: str = "binary", **kwargs: Any) -> None: ...
