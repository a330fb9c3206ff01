"""Login throttling per account name and per client address, and equal work for unknown
accounts (issue 7, item 3).
"""

import statistics
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest
import redis
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.models import RateLimitCounter
from app.platform.services import ratelimit
from app.platform.services.ratelimit import DatabaseStorage
from tests.conftest import DEMO_PASSWORD
from tests.integration.helpers import COUNTY, UNIT

WAIT_MESSAGE = "登录失败次数过多，请15分钟后再试"


def login(client, username, password, address="127.0.0.1"):
    return client.post(
        "/api/auth/login",
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def fail(client, username, times, address="127.0.0.1"):
    for _ in range(times):
        assert login(client, username, "Wrong#2026", address).status_code == 401


def assert_throttled(response):
    assert response.status_code == 429
    body = response.get_json()
    assert body["error"] == "too_many_requests" and body["message"] == WAIT_MESSAGE
    assert 840 < body["retry_after"] <= 900
    assert response.headers["Retry-After"] == str(body["retry_after"])


def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(client):
    fail(client, UNIT, 5)
    assert_throttled(login(client, UNIT, DEMO_PASSWORD))
    assert_throttled(login(client, f"  {UNIT} ", DEMO_PASSWORD))  # same name, typed loosely
    assert login(client, COUNTY, DEMO_PASSWORD).status_code == 200  # other account, same address


def test_an_unknown_name_is_throttled_exactly_like_a_known_one(client):
    fail(client, "nobody-here", 5)
    assert_throttled(login(client, "nobody-here", DEMO_PASSWORD))


def test_a_success_forgets_the_accounts_failures(client):
    for _ in range(2):
        fail(client, UNIT, 4)
        assert login(client, UNIT, DEMO_PASSWORD).status_code == 200
    fail(client, UNIT, 5)  # five since the last success: now it counts
    assert_throttled(login(client, UNIT, DEMO_PASSWORD))


def test_the_address_limit_counts_failures_across_names(client):
    for name in ("410122", "410100", "ghost-1", "ghost-2"):
        fail(client, name, 5, address="10.0.0.7")
    assert_throttled(login(client, COUNTY, DEMO_PASSWORD, address="10.0.0.7"))
    assert login(client, COUNTY, DEMO_PASSWORD, address="10.0.0.8").status_code == 200


def test_the_web_form_shows_the_wait_and_shares_the_counters_with_the_api(client):
    fail(client, UNIT, 3)
    for _ in range(2):
        page = client.post("/login", data={"username": UNIT, "password": "Wrong#2026"})
        assert page.status_code == 422
    page = client.post("/login", data={"username": UNIT, "password": DEMO_PASSWORD})
    assert page.status_code == 429 and 840 < int(page.headers["Retry-After"]) <= 900
    assert WAIT_MESSAGE in page.get_data(as_text=True)
    assert_throttled(login(client, UNIT, DEMO_PASSWORD))


def test_counters_live_in_the_database_by_default(app, client):
    fail(client, UNIT, 2)
    with app.app_context():
        keys = db.session.scalars(select(RateLimitCounter.key)).all()
        total = db.session.scalar(select(func.sum(RateLimitCounter.count)))
    assert total == 4  # two counters (account, address), two failures each
    assert any(UNIT in key for key in keys) and any("127.0.0.1" in key for key in keys)


def test_unknown_accounts_take_as_long_as_known_ones_with_a_wrong_password(client):
    """A security property, not a benchmark: the ratio is generous on purpose."""

    def median_ms(username):
        times = []
        for _ in range(3):
            start = time.perf_counter()
            assert login(client, username, "Wrong#2026").status_code == 401
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    known, unknown = median_ms(COUNTY), median_ms("no-such-account")
    assert unknown > known * 0.5, (unknown, known)


def test_the_database_storage_counts_atomically_across_connections(app):
    storage = DatabaseStorage()
    barrier = threading.Barrier(8)

    def hit_25_times():
        with app.app_context():
            barrier.wait()
            return [storage.incr("concurrent", 60) for _ in range(25)]

    with ThreadPoolExecutor(8) as pool:
        counts = [c for result in pool.map(lambda _: hit_25_times(), range(8)) for c in result]
    assert sorted(counts) == list(range(1, 201))  # no hit lost, no count seen twice
    with app.app_context():
        assert storage.get("concurrent") == 200


def test_the_database_storage_starts_a_new_window_when_one_ends(app, monkeypatch):
    clock = SimpleNamespace(time=lambda: 1_000_000.0)
    monkeypatch.setattr(ratelimit, "time", clock)
    storage = DatabaseStorage()
    with app.app_context():
        assert [storage.incr("k", 60) for _ in range(3)] == [1, 2, 3]
        assert storage.get("k") == 3 and storage.get_expiry("k") == 1_000_060.0
        clock.time = lambda: 1_000_061.0
        assert storage.get("k") == 0 and storage.get_expiry("k") == 1_000_061.0
        assert storage.incr("k", 60, amount=2) == 2
        assert storage.get_expiry("k") == 1_000_121.0
        storage.clear("k")
        assert storage.get("k") == 0 and storage.check()


def test_redis_holds_the_counters_when_configured(app, make_app):
    client = redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")
    served = make_app(RATELIMIT_STORAGE_URI="redis://127.0.0.1:6379").test_client()
    name, address = f"redis-{uuid.uuid4().hex}", f"redis-test-{uuid.uuid4().hex}"
    try:
        fail(served, name, 5, address)
        assert_throttled(login(served, name, DEMO_PASSWORD, address))
        with app.app_context():
            assert db.session.scalar(select(func.count()).select_from(RateLimitCounter)) == 0
    finally:
        for marker in (name, address):
            for key in client.scan_iter(f"*{marker}*"):
                client.delete(key)


def test_the_client_address_comes_from_trusted_proxies_only(app, make_app):
    forwarded = {"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"}

    def address_keys():
        with app.app_context():
            keys = db.session.scalars(select(RateLimitCounter.key)).all()
        return {key.split("/")[2] for key in keys if key.startswith("LIMITER/login-address/")}

    for hops in (0, 1):
        served = make_app(PROXY_FIX=hops).test_client()
        response = served.post(
            "/api/auth/login", json={"username": UNIT, "password": "x"}, headers=forwarded
        )
        assert response.status_code == 401
        assert ("Strict-Transport-Security" in response.headers) is bool(hops)
    # without PROXY_FIX a forged X-Forwarded-For cannot dodge the address limit
    assert address_keys() == {"127.0.0.1", "203.0.113.9"}


def test_a_malformed_limit_setting_stops_the_start():
    with pytest.raises(ValueError, match="LOGIN_ACCOUNT_LIMIT='lots'"):
        create_app(
            {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "LOGIN_ACCOUNT_LIMIT": "lots"}
        )
