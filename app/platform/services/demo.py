"""What every product's demo data shares (``flask seed-demo``): the one password of every demo
account, hashed once (hashing is deliberately slow)."""

from __future__ import annotations

from functools import lru_cache

from app.platform.services.auth import hash_password

DEMO_PASSWORD = "Demo@2026"


@lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """One salted hash shared by the demo accounts: hashing is deliberately slow (scrypt)."""
    return hash_password(DEMO_PASSWORD)
