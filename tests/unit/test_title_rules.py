"""handlers/titles/review.py: who judges a declaration and the orgs that review it on the way."""

from __future__ import annotations

import pytest

from handlers.initial_passwords import last_six
from handlers.titles.review import committee_level, permitted, review_chain

# unit -> supervising unit -> county -> city -> province
TREE = [(5, "unit"), (4, "supervising_unit"), (3, "county"), (2, "city"), (1, "province")]


@pytest.mark.parametrize(
    ("level", "chain"),
    [
        ("junior", [5, 4, 3, 2]),
        ("intermediate", [5, 4, 3, 2]),
        ("deputy_senior", [5, 4, 3, 2, 1]),
        ("senior", [5, 4, 3, 2, 1]),
    ],
)
def test_the_chain_ends_at_the_committees_org(level, chain):
    assert review_chain(TREE, level) == chain


def test_a_unit_without_a_city_above_goes_to_the_province():
    provincial_unit = [(9, "unit"), (1, "province")]
    assert review_chain(provincial_unit, "intermediate") == [9, 1]
    assert committee_level("intermediate") == "city"


def test_an_org_of_the_committees_level_reviews_alone():
    assert review_chain([(2, "city"), (1, "province")], "junior") == [2]


def test_a_chain_needs_an_org():
    with pytest.raises(ValueError):
        review_chain([], "junior")


def test_initial_password_is_the_last_six_with_an_upper_case_x():
    assert last_six("41018119880501123x") == "01123X"
    assert last_six("410181198805011234") == "011234"


def test_permissions_are_granted_never_implied():
    assert permitted(["health"], "health")
    assert not permitted([], "health")
    assert not permitted(["health"], "")
