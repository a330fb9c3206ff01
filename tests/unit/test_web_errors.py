"""Pages have one error path (``app.platform.web.errors.on_error``): no view catches a
service or form refusal itself. Checked by parsing every module of ``app/*/web/``, like the
layering test; and ``on_error`` itself on a bare Flask app."""

import ast
from pathlib import Path

import pytest
from flask import Flask, get_flashed_messages

from app.platform.services.errors import Conflict, Invalid, NotFound
from app.platform.web.common import FormError
from app.platform.web.errors import first_field, on_error, status_of

ROOT = Path(__file__).resolve().parent.parent.parent
REFUSALS = {"ServiceError", "FormError", "Conflict", "Invalid", "Forbidden", "NotFound"}
NOT_REFUSALS = {
    "app/exams/web/statistics.py:_table": "a bad year filter falls back to the current season",
    "app/exams/web/statistics.py:_season_of": "a year without a season shows the current one",
    "app/exams/web/applicant.py:upload_files": "each chosen file succeeds or fails on its own",
}
"""Catches that are not a refusal shown to the user but a fallback, and why."""


def _caught(handler: ast.ExceptHandler) -> set[str]:
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {
        node.id if isinstance(node, ast.Name) else node.attr
        for node in types
        if isinstance(node, ast.Name | ast.Attribute)
    }


def local_catches() -> dict[str, list[str]]:
    """``path:function`` -> the refusals caught there, for every web module."""
    found: dict[str, list[str]] = {}
    for path in sorted(ROOT.glob("app/*/web/*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for node in ast.walk(function):
                caught = _caught(node) & REFUSALS if isinstance(node, ast.ExceptHandler) else set()
                if caught:
                    where = f"{path.relative_to(ROOT)}:{function.name}"
                    found.setdefault(where, []).extend(sorted(caught))
    return found


def test_no_view_catches_a_refusal_itself():
    """A refusal rises to ``on_error`` above the view (or to the app's error page)."""
    assert sorted(set(local_catches()) - set(NOT_REFUSALS)) == []


def test_the_fallbacks_listed_still_exist():
    assert sorted(set(NOT_REFUSALS) - set(local_catches())) == []


@pytest.fixture
def app() -> Flask:
    app = Flask(__name__)
    app.secret_key = "test"
    app.add_url_rule("/back", "back", lambda: "")
    return app


def test_a_refused_form_is_rendered_again_with_its_fields(app):
    @on_error(render=lambda error, item: (f"{item}:{error.fields}", status_of(error)))
    def view(item: int):
        raise FormError("填写有误：名称", {"name": "必填项"})

    with app.test_request_context("/"):
        assert view(item=3) == ("3:{'name': '必填项'}", 422)
        assert get_flashed_messages(with_categories=True) == [("error", "填写有误：名称")]


def test_a_refusal_redirects_back_and_a_narrow_catch_lets_others_rise(app):
    @on_error(redirect_to="back", catch=(Conflict,), message=first_field)
    def view():
        raise Conflict("已被他人处理", {"task": "任务已完成"})

    @on_error(redirect_to="back", catch=(Conflict,))
    def other():
        raise NotFound("不存在")

    with app.test_request_context("/"):
        response = view()
        assert (response.status_code, response.location) == (302, "/back")
        assert get_flashed_messages() == ["任务已完成"]
        with pytest.raises(NotFound):
            other()


def test_a_service_refusal_keeps_its_status_and_unflashed_errors_stay_on_the_form(app):
    @on_error(render=lambda error: ("", status_of(error)), flashed=False)
    def view():
        raise Invalid("超计划申报", {"level": "超出计划"})

    with app.test_request_context("/"):
        assert view() == ("", 422)
        assert get_flashed_messages() == []


def test_on_error_takes_one_answer():
    with pytest.raises(TypeError):
        on_error()
