"""workflows.inspect over the real diagrams in memory: what the instance view reads from a
serialized state, including the called sub-process and a return that loops back."""

from __future__ import annotations

from tests.unit.test_diagrams import SOURCES, Run
from workflows import definitions, inspect


def _trace(run: Run) -> inspect.InstanceTrace:
    sources = definitions.sources_for(run.definition.process_id, SOURCES)
    return inspect.trace(run.definition, run.result.state, sources)


def test_path_taken_and_waiting_task_in_main_and_called_process():
    run = Run(qualified_match=False).all("pass", "pass")  # unit, supervising unit -> county
    trace = _trace(run)
    main, manual = trace.processes
    assert (main.process_id, manual.process_id) == ("registration", "manual_review")
    assert main.elements["call_manual"].state == "waiting"
    assert main.elements["gw_path"].state == "completed"
    assert {"f_start", "f_route", "f_manual"} <= main.flows
    states = {k: e.state for k, e in manual.elements.items()}
    assert states["review_unit"] == states["review_supervising"] == "completed"
    assert states["review_county"] == "waiting"
    assert "set_approved" not in states  # predicted, never reached
    assert manual.elements["review_unit"].lane == "unit"
    assert "f_start" in manual.flows
    ready_id = run.task.id
    assert trace.task_process[ready_id] == "manual_review"


def test_data_steps_show_the_data_after_each_step_and_what_changed():
    run = Run().do("pass")
    steps = _trace(run).steps
    assert [s.element_id for s in steps][:3] == ["start", "start", "review_unit"]
    first, review = steps[0], steps[2]
    assert first.process_id == "registration" and "declared_grade" in first.changed
    assert review.data["action"] == "pass" and set(review.changed) == {"action", "comment"}
    assert [s.at for s in steps] == sorted(s.at for s in steps)


def test_a_return_loops_back_and_the_element_counts_twice():
    run = Run().all("return", "resubmit")
    main = _trace(run).processes[0]
    assert main.elements["revise"].state == "completed"
    assert main.elements["call_manual"].count == 2
    assert main.elements["call_manual"].state == "waiting"


def test_clip_cuts_long_values():
    assert inspect.clip("x" * 500).endswith("…") and len(inspect.clip("x" * 500)) == 201
    clipped = inspect.clip(list(range(50)))
    assert len(clipped) == 21 and clipped[-1] == "…（共 50 项）"
    assert inspect.clip({"a": {"b": {"c": {"d": {"e": 1}}}}}) == {"a": {"b": {"c": {"d": "{1 项}"}}}}
