"""One error path for pages: a view calls its use case and lets a refusal rise; ``on_error``
says what the user sees instead.

A use case refuses with a ``ServiceError`` (a rule said no) and a form that did not validate
raises ``FormError``; both carry a Chinese ``message`` and per-field ``fields``. Instead of a
``try``/``except`` in every view, a view names once, above its body, where a refusal goes:

- ``render``: the form again, with the fields next to their inputs (the callable returns the
  page and its status, 422 where the form was refused);
- ``redirect_to``: the page the action was taken from (an endpoint, or a callable of the
  view's arguments giving the address).

Either way the error's message is flashed first (``message`` picks another text, e.g. the
first field's with ``first_field``; ``flashed=False`` leaves it to the form, as the login
page shows it under the password). ``catch``
narrows what is answered here; anything else rises to the app's handler
(``app.platform.errors``: the error page, or JSON under /api). Decorators stack: the inner
one answers its narrower errors first (a conflict back to the list, the rest re-rendered).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue

from app.platform.services.errors import ServiceError
from app.platform.web.common import FormError

P = ParamSpec("P")
R = TypeVar("R")
PageError = FormError | ServiceError
"""What a page answers itself: the two carry ``message`` and ``fields``."""
Caught = tuple[type[FormError] | type[ServiceError], ...]
PAGE_ERRORS: Caught = (FormError, ServiceError)


def on_error(
    *,
    render: Callable[..., ResponseReturnValue] | None = None,
    redirect_to: str | Callable[..., str] | None = None,
    catch: Caught = PAGE_ERRORS,
    message: Callable[[PageError], str] | None = None,
    flashed: bool = True,
) -> Callable[[Callable[P, R]], Callable[P, R | ResponseReturnValue]]:
    """Answer the ``catch`` errors of the decorated view: flash, then ``render(error,
    **view_args)`` or redirect to ``redirect_to`` (an endpoint, or ``f(**view_args)`` -> an
    address). Exactly one of ``render`` and ``redirect_to``."""
    if (render is None) == (redirect_to is None):
        raise TypeError("on_error takes one of render= and redirect_to=")

    def answer(error: PageError, view_args: dict[str, Any]) -> ResponseReturnValue:
        if flashed:
            flash(message(error) if message else error.message, "error")
        if render is not None:
            return render(error, **view_args)
        if isinstance(redirect_to, str):
            return redirect(url_for(redirect_to))
        assert redirect_to is not None
        return redirect(redirect_to(**view_args))

    def decorate(view: Callable[P, R]) -> Callable[P, R | ResponseReturnValue]:
        @functools.wraps(view)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | ResponseReturnValue:
            try:
                return view(*args, **kwargs)
            except catch as error:
                return answer(error, dict(kwargs))

        return wrapper

    return decorate


def first_field(error: PageError) -> str:
    """The first field's message, else the headline: one line for a form of one field."""
    return next(iter(error.fields.values()), error.message)


def status_of(error: PageError) -> int:
    """The status of the form again: 422 for a form that did not validate, else the status
    the service gave its refusal (a page that says 409 or 404 for what happened)."""
    return 422 if isinstance(error, FormError) else error.status
