# The part of flask-smorest 0.47 this project uses: the library ships no types. Its decorators
# return the view they were given (wrapped, same call signature), so they are typed as
# ``Callable[[_F], _F]``: the views keep their own annotations under the decorators.
from collections.abc import Callable, Iterable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

import flask
from flask import Flask
from flask_smorest.pagination import Page as Page
from marshmallow import Schema
from webargs.flaskparser import FlaskParser
from webargs.flaskparser import abort as abort
from werkzeug.routing import BaseConverter

_F = TypeVar("_F", bound=Callable[..., Any])

_StatusCode = int | str | HTTPStatus
_SchemaArg = type[Schema] | Schema

class Blueprint(flask.Blueprint):
    ARGUMENTS_PARSER: FlaskParser
    HTTP_METHODS: list[str]
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING: dict[str, str]
    DOCSTRING_INFO_DELIMITER: str
    PAGINATION_ARGUMENTS_PARSER: FlaskParser
    PAGINATION_HEADER_NAME: str | None
    DEFAULT_PAGINATION_PARAMETERS: dict[str, int]
    description: str
    def __init__(self, *args: Any, **kwargs: Any) -> None: ...
    def add_url_rule(
        self,
        rule: str,
        endpoint: str | None = None,
        view_func: Any = None,
        provide_automatic_options: bool | None = None,
        *,
        parameters: list[Any] | None = None,
        tags: list[str] | None = None,
        **options: Any,
    ) -> None: ...
    def route(
        self,
        rule: str,
        *,
        parameters: list[Any] | None = None,
        tags: list[str] | None = None,
        **options: Any,
    ) -> Callable[[_F], _F]: ...
    # A view under ``response`` returns what its schema dumps (a model, a list, None), not a
    # Flask response: the method shortcuts take any view, as ``route`` does.
    def get(self, rule: str, **options: Any) -> Callable[[_F], _F]: ...
    def post(self, rule: str, **options: Any) -> Callable[[_F], _F]: ...
    def put(self, rule: str, **options: Any) -> Callable[[_F], _F]: ...
    def patch(self, rule: str, **options: Any) -> Callable[[_F], _F]: ...
    def delete(self, rule: str, **options: Any) -> Callable[[_F], _F]: ...
    @staticmethod
    def doc(**kwargs: Any) -> Callable[[_F], _F]: ...
    def arguments(
        self,
        schema: _SchemaArg,
        *,
        location: str = "json",
        content_type: str | None = None,
        required: bool = True,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> Callable[[_F], _F]: ...
    def response(
        self,
        status_code: _StatusCode,
        schema: _SchemaArg | str | dict[str, Any] | None = None,
        *,
        content_type: str | None = None,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
    ) -> Callable[[_F], _F]: ...
    def alt_response(
        self,
        status_code: _StatusCode,
        response: str | None = None,
        *,
        schema: _SchemaArg | str | dict[str, Any] | None = None,
        content_type: str | None = None,
        description: str | None = None,
        example: Any = None,
        examples: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        success: bool = False,
    ) -> Callable[[_F], _F]: ...
    def paginate(
        self,
        pager: type[Page] | None = None,
        *,
        page: int | None = None,
        page_size: int | None = None,
        max_page_size: int | None = None,
    ) -> Callable[[_F], _F]: ...
    def etag(self, obj: _F) -> _F: ...
    def check_etag(self, etag_data: Any, etag_schema: _SchemaArg | None = None) -> None: ...
    def set_etag(self, etag_data: Any, etag_schema: _SchemaArg | None = None) -> None: ...

class Api:
    ERROR_SCHEMA: type[Schema]
    DEFAULT_ERROR_RESPONSE_NAME: str
    DEFAULT_REQUEST_BODY_CONTENT_TYPE: str
    DEFAULT_RESPONSE_CONTENT_TYPE: str
    config_prefix: str
    spec: Any
    def __init__(
        self,
        app: Flask | None = None,
        *,
        spec_kwargs: dict[str, Any] | None = None,
        config_prefix: str = "",
    ) -> None: ...
    def init_app(self, app: Flask, *, spec_kwargs: dict[str, Any] | None = None) -> None: ...
    def register_blueprint(
        self, blp: Blueprint, *, parameters: Iterable[Any] | None = None, **options: Any
    ) -> None: ...
    def register_converter(
        self, converter: type[BaseConverter], func: Callable[..., Any]
    ) -> None: ...
    def register_field(self, field: Any, *args: Any) -> None: ...
    def handle_http_exception(self, error: Exception) -> Any: ...
    def _register_error_handlers(self) -> None: ...

current_api: Api
