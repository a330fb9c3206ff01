"""Fire N requests at the same moment, as N people pressing the same button at once.

Each request runs in its own thread with its own Flask test client, so each has its own
request context, database session and connection, exactly as under a threaded server. The
threads are released together by a barrier.

Released together is not always overlapping: on a fast machine the first request can finish
its check and its insert before the second starts checking. ``meet_in`` names the service
module whose write is raced; every request then waits for the others at the moment it enters
that module's ``committing`` block, i.e. after its friendly checks and before it writes, the
very window a check-then-insert race needs. The wait is bounded: a request that holds a lock
the others need (so they can never arrive) goes on after ``MEET_SECONDS``.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from flask import Flask
from werkzeug.test import TestResponse

MEET_SECONDS = 6.0
"""Long enough for the slowest request to reach the meeting on a loaded 2-core machine (an
image upload under load took over 3 s), short enough that a lock holder's wait stays cheap."""
JOIN_SECONDS = 120


@dataclass(frozen=True)
class Call:
    """One request: ``token`` is a bearer token; ``json`` or multipart ``data`` the body."""

    method: str
    path: str
    token: str
    json: Any = None
    data: dict[str, Any] | None = None
    files: dict[str, bytes] = field(default_factory=dict)

    def send(self, app: Flask) -> TestResponse:
        headers = {"Authorization": f"Bearer {self.token}"}
        kwargs: dict[str, Any] = {"headers": headers}
        if self.data is not None:
            form = dict(self.data)
            for name, content in self.files.items():
                form[name] = (io.BytesIO(content), f"{name}.png")
            kwargs |= {"data": form, "content_type": "multipart/form-data"}
        else:
            kwargs["json"] = self.json
        return app.test_client().open(self.path, method=self.method, **kwargs)


def same(call: Call, times: int = 4) -> list[Call]:
    """``times`` identical requests (a double click, a retrying client, a script)."""
    return [call] * times


def at_once(
    app: Flask, calls: Sequence[Call], meet_in: ModuleType | None = None
) -> list[TestResponse]:
    """Send ``calls`` concurrently; the responses in the order of ``calls``."""
    responses: list[TestResponse | BaseException | None] = [None] * len(calls)
    start = threading.Barrier(len(calls), timeout=30)

    def run(index: int, call: Call) -> None:
        start.wait()
        try:
            responses[index] = call.send(app)
        except BaseException as error:  # reported below, in the test's thread
            responses[index] = error

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    with _meeting(meet_in, len(calls)):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=JOIN_SECONDS)
    for response in responses:
        if isinstance(response, BaseException):
            raise response
        assert response is not None, "a request did not finish"
    return responses  # type: ignore[return-value]


@contextmanager
def _meeting(module: ModuleType | None, parties: int) -> Iterator[None]:
    """While active, each thread's first ``committing`` in ``module`` waits for the others."""
    if module is None:
        yield
        return
    real = module.committing
    barrier = threading.Barrier(parties, timeout=MEET_SECONDS)
    met = threading.local()

    @contextmanager
    def meeting_then_committing(*args: Any, **kwargs: Any) -> Iterator[None]:
        if not getattr(met, "done", False):
            met.done = True
            # Broken: someone waits on a lock we hold, or never got this far.
            with suppress(threading.BrokenBarrierError):
                barrier.wait()
        with real(*args, **kwargs):
            yield

    module.committing = meeting_then_committing
    try:
        yield
    finally:
        module.committing = real


def outcome(responses: Sequence[TestResponse]) -> list[int]:
    """The status codes, sorted (e.g. [201, 409, 409, 409])."""
    return sorted(r.status_code for r in responses)


def assert_one_wins(responses: Sequence[TestResponse], success: int = 201) -> TestResponse:
    """Exactly one request succeeded; every other got 409 with the JSON error body naming the
    conflict in Chinese. Returns the winner's response."""
    codes = outcome(responses)
    assert codes == [success] + [409] * (len(responses) - 1), [
        (r.status_code, r.get_json()) for r in responses
    ]
    for response in responses:
        if response.status_code == 409:
            body = response.get_json()
            assert body["error"] == "conflict" and body["message"], body
    return next(r for r in responses if r.status_code == success)
