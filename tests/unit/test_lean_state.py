"""``serializer.split`` / ``merge`` on serialized state: which sub-processes leave the live
state, and that merging gives back exactly what was split."""

from __future__ import annotations

from typing import Any

from workflows.serializer import COMPLETED, merge, split, tree_order

READY, CANCELLED = 16, 256


def _state() -> dict[str, Any]:
    """A main process with two call activities: ``done`` completed (its sub-process holds
    ``inner``, completed, and ``dropped``, cancelled) and ``open`` still running."""
    return {
        "tasks": {"done": {"state": COMPLETED}, "open": {"state": READY}},
        "subprocesses": {
            "done": {"tasks": {"inner": {"state": COMPLETED}, "dropped": {"state": CANCELLED}}},
            "inner": {"tasks": {"x": {"state": COMPLETED}}},
            "dropped": {"tasks": {"y": {"state": CANCELLED}}},
            "open": {"tasks": {"z": {"state": READY}}},
        },
    }


def test_a_finished_call_activity_leaves_with_everything_nested_in_it():
    state = _state()
    live, finished = split(state)
    assert set(live["subprocesses"]) == {"open"}
    assert set(finished) == {"done", "inner", "dropped"}
    assert merge(live, finished) == state
    assert len(state["subprocesses"]) == 4  # the caller's state is left as it was


def test_nothing_finished_leaves_the_state_as_it_is():
    state = {"tasks": {"t": {"state": READY}}, "subprocesses": {}}
    assert split(state) == (state, {})
    assert merge(state, None) is state and merge(state, {}) is state


def test_tasks_are_restored_parents_first_whatever_order_they_were_stored_in():
    """A JSON object's keys come back in any order (JSONB sorts them); each task's data is
    rebuilt from its parent's, so ``tree_order`` puts every parent before its children."""
    tasks = {
        "c": {"parent": "b", "children": []},
        "b": {"parent": "a", "children": ["c", "d"]},
        "d": {"parent": "b", "children": []},
        "a": {"parent": None, "children": ["b"]},
    }
    assert list(tree_order(tasks)) == ["a", "b", "c", "d"]
    in_order = {key: tasks[key] for key in ("a", "b", "c", "d")}
    assert tree_order(in_order) is in_order
