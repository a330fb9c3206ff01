"""Pure rules of 申报计划: the approval chain, the quota message, subtree sums."""

from __future__ import annotations

import pytest

from handlers.titles.plans import approval_chain, quota_problem, subtree_sums


def test_a_plan_is_approved_by_every_org_up_to_the_root():
    assert approval_chain([5, 4, 2, 1]) == [5, 4, 2, 1]
    with pytest.raises(ValueError):
        approval_chain([])


def test_quota_problem_names_the_level_and_the_numbers():
    assert quota_problem(2, 1, "中级") is None
    assert (
        quota_problem(2, 2, "中级")
        == "超计划申报：本单位本年度该系列中级申报计划2人，已提交2人，名额已满"
    )
    assert quota_problem(0, 0, "初级").startswith("超计划申报：")
    assert quota_problem(None, 0, "初级") == "超计划申报：本单位本年度该系列无已通过的申报计划"


def test_subtree_sums_roll_each_org_into_its_ancestors_below_the_node():
    own = {
        "/1/2/3/": {"junior": 1, "senior": 2},
        "/1/2/4/": {"junior": 5, "senior": 0},
        "/1/2/": {"junior": 1, "senior": 1},
        "/1/9/": {"junior": 7, "senior": 7},
    }
    sums = subtree_sums(own, "/1/2/")
    assert sums == {
        "/1/2/": {"junior": 7, "senior": 3},
        "/1/2/3/": {"junior": 1, "senior": 2},
        "/1/2/4/": {"junior": 5, "senior": 0},
    }  # /1/9/ is outside the node
