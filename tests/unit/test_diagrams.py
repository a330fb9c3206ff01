"""Every diagram in bpmn/ run in memory through workflows.step, with a JSON round trip of the
state around every step (what the database does)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workflows import definitions, step
from workflows.step import StepResult, TaskNotReady

BPMN = Path(__file__).resolve().parent.parent.parent / "bpmn"
SOURCES = definitions.read_sources(BPMN)
GOOD_FACTS = {
    "has_unit_reviewer": True,
    "has_supervising_unit": True,
    "declared_grade": 3,
    "exceptional": False,
    "declared_by_county": False,
    "qualified_match": True,
    "by_certificate": True,
    "grade_step": 1,
    "years_since_grade": 5,
    "senior_rule_ok": True,
    "senior_failed_years": [],
    "senior_problems": [],
}


def load(process_id: str, sources: dict[str, str] = SOURCES) -> definitions.Definition:
    return definitions.load(process_id, definitions.sources_for(process_id, sources))


class Run:
    """Drive one instance: ``run.do("pass")`` completes the single ready task."""

    def __init__(self, process_id: str = "registration", sources=SOURCES, **facts) -> None:
        self.definition = load(process_id, sources)
        self.result: StepResult = step.start(self.definition, {**GOOD_FACTS, **facts})
        self.seen: list[str] = []

    @property
    def task(self) -> step.ReadyTask:
        (task,) = self.result.ready
        return task

    def do(self, action: str, **data) -> Run:
        self.seen.append(self.task.spec_id)
        state = json.loads(json.dumps(self.result.state))
        self.result = step.complete(
            self.definition, state, self.task.id, {"action": action, "comment": "意见", **data}
        )
        return self

    def all(self, *actions: str) -> Run:
        for action in actions:
            self.do(action)
        return self


def test_every_diagram_loads_and_declares_executable_processes():
    ids = definitions.executable_process_ids(SOURCES)
    assert set(ids) == {
        "registration",
        "manual_review",
        "senior_review",
        "onsite_review",
        "exceptional_review",
        "deferred_materials",
        "recheck",
        "title_review",
        "title_plan",
        "org_onboarding",
        "title_transfer",
        "expert_review",
    }
    for process_id in ids:
        assert load(process_id).process_id == process_id


def test_grades_2_to_5_all_conditions_met_reach_the_auto_review_queue():
    run = Run().all("pass", "pass")
    assert (run.task.spec_id, run.task.properties["queue"]) == ("review_auto", "auto")
    assert run.task.context == {
        "auto_not_grade1": True,
        "auto_qualified_match": True,
        "auto_by_certificate": True,
        "auto_one_level_up": True,
        "auto_years": True,
    }
    run.do("pass")
    assert run.seen == ["review_unit", "review_supervising", "review_auto"]
    assert run.result.completed and run.result.data["status"] == "approved"


@pytest.mark.parametrize(
    ("fact", "value", "failed"),
    [
        ("years_since_grade", 4, "auto_years"),
        ("qualified_match", False, "auto_qualified_match"),
        ("by_certificate", False, "auto_by_certificate"),
        ("grade_step", 2, "auto_one_level_up"),
        ("grade_step", 0, "auto_one_level_up"),
    ],
)
def test_a_failed_condition_sends_the_county_to_manual_review(fact, value, failed):
    run = Run(**{fact: value}).all("pass", "pass")
    assert (run.task.spec_id, run.task.properties["queue"]) == ("review_county", "manual")
    assert [k for k, ok in run.task.context.items() if not ok] == [failed]


def test_changing_the_dmn_table_changes_the_outcome_without_code():
    edited = dict(SOURCES)
    edited["auto_years.dmn"] = (
        SOURCES["auto_years.dmn"].replace("&gt;= 5", "&gt;= 4").replace("&lt; 5", "&lt; 4")
    )
    assert edited["auto_years.dmn"] != SOURCES["auto_years.dmn"]
    assert Run(years_since_grade=4).all("pass", "pass").task.spec_id == "review_county"
    assert (
        Run(sources=edited, years_since_grade=4).all("pass", "pass").task.spec_id == "review_auto"
    )


def test_supervising_level_is_skipped_when_absent():
    run = Run(has_supervising_unit=False).all("pass", "pass")
    assert run.seen == ["review_unit", "review_auto"]
    assert run.result.data["status"] == "approved"


@pytest.mark.parametrize(
    ("facts", "first_task"),
    [
        ({}, "review_supervising"),
        ({"declared_grade": 1}, "review_supervising"),
        ({"exceptional": True}, "review_supervising"),
        ({"has_supervising_unit": False}, "review_auto"),
        ({"declared_grade": 1, "has_supervising_unit": False}, "review_county"),
        ({"exceptional": True, "has_supervising_unit": False}, "review_county"),
    ],
)
def test_a_unit_nobody_can_review_at_is_skipped_on_every_path(facts, first_task):
    """Seed 000: the supervising unit reviews "无单位管理员且已提交的报考人员"; with neither
    level staffed the review starts at the county."""
    run = Run(has_unit_reviewer=False, **facts)
    assert run.task.spec_id == first_task


@pytest.mark.parametrize("facts", [{}, {"declared_grade": 1}, {"exceptional": True}])
def test_skipping_a_waiting_task_goes_where_a_pass_goes(facts):
    """The service completes a task with ``skip`` when its level lost its last reviewer."""
    assert Run(**facts).do("skip").task.spec_id == "review_supervising"
    assert Run(**facts).do("pass").do("skip").task.spec_id in ("review_auto", "review_county")


@pytest.mark.parametrize("level", range(3))
def test_reject_at_any_level_ends(level):
    run = Run().all(*["pass"] * level, "reject")
    assert run.result.completed and run.result.data["status"] == "rejected"


@pytest.mark.parametrize(
    ("facts", "first_queue"),
    [({}, "manual"), ({"declared_grade": 1}, "senior"), ({"exceptional": True}, "manual")],
)
@pytest.mark.parametrize("level", range(3))
def test_return_and_resubmit_in_every_path(facts, first_queue, level):
    run = Run(**facts).all(*["pass"] * level, "return")
    assert (run.task.spec_id, run.task.lane, run.task.properties["status"]) == (
        "revise",
        "applicant",
        "returned",
    )
    run.do("resubmit", **{**GOOD_FACTS, **facts})
    assert (run.task.spec_id, run.task.properties["queue"]) == ("review_unit", first_queue)


def test_a_resubmission_is_routed_again_on_the_new_facts():
    run = Run().all("return").do("resubmit", **{**GOOD_FACTS, "declared_grade": 1})
    assert run.task.properties["queue"] == "senior"


def test_senior_path_shows_the_rule_result_at_every_level():
    run = Run(declared_grade=1, senior_rule_ok=False, senior_failed_years=[2023])
    names = []
    for _ in range(3):
        assert run.task.properties["queue"] == "senior"
        assert run.task.context["senior_failed_years"] == [2023]
        names.append(run.task.name)
        run.do("pass")
    assert names == ["单位高级技师审核", "主管单位高级技师审核", "县区高级技师审核"]
    assert run.result.data["status"] == "approved"


@pytest.mark.parametrize(("facts", "before"), [({}, 2), ({"declared_grade": 1}, 2)])
@pytest.mark.parametrize(("outcome", "status"), [("pass", "approved"), ("reject", "rejected")])
def test_onsite_from_the_county(facts, before, outcome, status):
    run = Run(**{**facts, "years_since_grade": 1}).all(*["pass"] * before, "onsite")
    assert (run.task.spec_id, run.task.properties["status"]) == ("review_onsite", "onsite")
    run.do(outcome)
    assert run.result.data["status"] == status
    assert bool(run.result.data.get("onsite")) is (outcome == "pass")


def test_exceptional_goes_county_then_city():
    run = Run(exceptional=True).all("pass", "pass")
    assert (run.task.name, run.task.lane, run.task.properties["queue"]) == (
        "破格人员审核",
        "county",
        "exceptional",
    )
    run.do("pass")
    assert (run.task.name, run.task.lane) == ("市级破格审批", "city")
    run.do("pass")
    assert run.result.data["status"] == "approved"
    assert run.result.data["exceptional_approved"] is True


def test_exceptional_declared_by_the_county_starts_at_the_county():
    run = Run(exceptional=True, declared_by_county=True)
    assert run.task.name == "破格人员审核"


@pytest.mark.parametrize("level", ["unit", "supervising_unit", "county"])
def test_deferred_materials_are_supplied_by_the_marking_level(level):
    run = Run("deferred_materials", deferred_remark="工资表后补", marked_by=level)
    assert (run.task.name, run.task.lane, run.task.properties["queue"]) == (
        "补充材料并确认",
        level,
        "deferred",
    )
    run.do("confirm")
    assert (run.task.name, run.task.lane) == ("容缺后补复核", "county")
    assert run.task.properties["comment_required"] == "opinion,cancel_confirm"
    run.do("opinion", comment="工资表不清晰")
    assert (run.task.name, run.task.lane) == ("补充材料并确认", level)
    assert run.task.context["deferred_opinion"] == "工资表不清晰"
    run.all("confirm", "cancel_confirm")
    assert (run.task.name, run.task.lane) == ("补充材料并确认", level)
    run.all("confirm", "no_objection")
    assert run.result.completed and run.result.data["deferred_result"] == "closed"
    assert "status" not in run.result.data  # a side process leaves the review status alone


def test_an_instance_is_ended_where_it_stands():
    run = Run("deferred_materials", deferred_remark="工资表后补", marked_by="unit").do("confirm")
    ended = step.cancel(run.definition, json.loads(json.dumps(run.result.state)))
    assert ended.completed and ended.ready == []
    assert step.ready_tasks(run.definition, json.loads(json.dumps(ended.state))) == []
    with pytest.raises(TaskNotReady):
        step.complete(run.definition, ended.state, run.task.id, {"action": "no_objection"})


@pytest.mark.parametrize(
    ("by", "lane", "queue"),
    [("city", "city", "city_recheck"), ("province", "province", "province_mark")],
)
@pytest.mark.parametrize(
    ("response", "status"),
    [("confirm", None), ("reopen_return", "returned"), ("reopen_reject", "rejected")],
)
def test_recheck_opinion_is_resolved_by_the_county(by, lane, queue, response, status):
    run = Run("recheck", by=by)
    assert (run.task.lane, run.task.properties["queue"]) == (lane, queue)
    run.do("opinion", comment="学历证明存疑")
    assert (run.task.name, run.task.lane) == ("复核意见处理", "county")
    assert run.task.context == {"by": by, "recheck_opinion": "学历证明存疑"}
    run.do(response)
    assert run.result.completed and run.result.data.get("status") == status


def test_recheck_without_opinion_just_ends():
    run = Run("recheck", by="city").do("no_opinion")
    assert run.result.completed and "status" not in run.result.data


def test_state_is_spec_free_and_completing_twice_is_refused():
    run = Run()
    assert "spec" not in run.result.state and "subprocess_specs" not in run.result.state
    task_id, state = run.task.id, run.result.state
    after = step.complete(
        run.definition, json.loads(json.dumps(state)), task_id, {"action": "pass"}
    )
    with pytest.raises(TaskNotReady):
        step.complete(run.definition, after.state, task_id, {"action": "pass"})


def test_version_is_a_content_hash_of_the_files_a_process_needs():
    own = definitions.sources_for("registration", SOURCES)
    assert set(own) == {
        "registration.bpmn",
        "manual_review.bpmn",
        "senior_review.bpmn",
        "onsite_review.bpmn",
        "exceptional_review.bpmn",
    } | {name for name in SOURCES if name.endswith(".dmn")}  # manual_review reads them all
    assert "recheck.bpmn" not in own
    assert set(definitions.sources_for("recheck", SOURCES)) == {"recheck.bpmn"}  # no table
