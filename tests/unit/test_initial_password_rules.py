"""The initial-password rule per kind of account, without Flask or a database."""

from __future__ import annotations

import pytest

from handlers.initial_passwords import (
    DECLARANT,
    ORG_ADMIN,
    STAFF,
    SUPPLEMENTARY,
    InitialPasswords,
    kind_of,
)

SEED = InitialPasswords()


def test_the_defaults_are_the_seeds_and_are_told_as_the_seed_says():
    assert SEED.password(ORG_ADMIN) == "000000" and SEED.told(ORG_ADMIN) == "000000（六个0）"
    assert SEED.password(STAFF) == SEED.password(SUPPLEMENTARY) == "Henan@123"
    assert SEED.password(DECLARANT, "41018119850301001x") == "01001X"
    assert SEED.told(DECLARANT) == "证件号后6位（末尾X大写）"


def test_a_configured_password_replaces_the_rule_and_is_told_as_it_is():
    rule = InitialPasswords.from_config(
        {"DEFAULT_PASSWORD": "Shenhe#02", "ORG_INITIAL_PASSWORD": "Danwei#01",
         "DECLARANT_INITIAL_PASSWORD": "Shenbao#04"}
    )
    assert rule.password(SUPPLEMENTARY) == "Shenhe#02"  # 补报 follows the staff's unless set
    assert rule.password(DECLARANT, "410181198503010011") == "Shenbao#04"
    assert rule.told(ORG_ADMIN) == "Danwei#01"


def test_a_reset_goes_back_to_the_accounts_own_kind():
    assert [kind_of(role) for role in ("admin", "reviewer", "policy", "declarant")] == [
        ORG_ADMIN, STAFF, STAFF, DECLARANT,
    ]
    assert kind_of("applicant", supplementary=True) == SUPPLEMENTARY
    with pytest.raises(ValueError):
        kind_of("applicant")  # chose their own password
    with pytest.raises(ValueError):
        SEED.password(DECLARANT)  # needs the ID number
