"""Login throttling: failed attempts counted per account name and per client address.

Driven with explicit test / hit / clear calls on a ``limits`` fixed-window strategy (the
Flask-Limiter extension's ``limiter.limiter``) rather than a route decorator, because the rule
is about *failed* attempts of a name taken from the request body: it refuses before the
password is checked, counts only a wrong password, and forgets the account's failures after a
success. One class holds it for the API and the pages alike.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from limits import RateLimitItem, parse
from limits.strategies import RateLimiter

from app.platform.services.errors import LoginThrottled


@dataclass(frozen=True)
class LoginThrottle:
    """Built once per app (``app.extensions["login_throttle"]``), so a malformed limit
    setting stops the start rather than the first login.
    """

    strategy: RateLimiter
    per_account: RateLimitItem
    per_address: RateLimitItem

    @classmethod
    def from_config(cls, strategy: RateLimiter, config: Mapping[str, Any]) -> LoginThrottle:
        return cls(
            strategy, _limit(config, "LOGIN_ACCOUNT_LIMIT"), _limit(config, "LOGIN_ADDRESS_LIMIT")
        )

    def check(self, username: str, address: str) -> None:
        """Raise LoginThrottled while either counter is spent, with the longer wait."""
        waits = [
            self._seconds_left(item, key)
            for item, key in self._counters(username, address)
            if not self.strategy.test(item, *key)
        ]
        if waits:
            raise LoginThrottled(max(waits))

    def failed(self, username: str, address: str) -> None:
        for item, key in self._counters(username, address):
            self.strategy.hit(item, *key)

    def succeeded(self, username: str) -> None:
        self.strategy.clear(self.per_account, *_account_key(username))

    def _counters(
        self, username: str, address: str
    ) -> Iterator[tuple[RateLimitItem, tuple[str, str]]]:
        yield self.per_account, _account_key(username)
        yield self.per_address, ("login-address", address)

    def _seconds_left(self, item: RateLimitItem, key: tuple[str, str]) -> int:
        reset_at = self.strategy.get_window_stats(item, *key).reset_time
        return max(1, math.ceil(reset_at - time.time()))


def _limit(config: Mapping[str, Any], name: str) -> RateLimitItem:
    try:
        return parse(config[name])
    except ValueError as exc:
        raise ValueError(
            f"{name}={config[name]!r} is not a rate limit such as '5 per 15 minutes'"
        ) from exc


def _account_key(username: str) -> tuple[str, str]:
    """The name as typed, whether or not such an account exists (so the throttle reveals
    nothing), folded so that case and surrounding blanks do not make a fresh counter.
    """
    return "login-account", username.strip().casefold()
