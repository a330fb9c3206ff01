"""The checked contract between diagrams and code: each rule, on a minimally edited copy of a
real diagram, reports the element by id with a message that names it; the shipped library has
no problem; loading refuses what the contract refuses for user tasks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from handlers.vocabulary import LANE_LABELS
from workflows import definitions
from workflows.contract import Problem, check

BPMN = Path(__file__).resolve().parent.parent.parent / "bpmn"
SOURCES = definitions.read_sources(BPMN)
FLOW_CONDITION = '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'


def edited(file: str, old: str, new: str) -> dict[str, str]:
    """The library with ``old`` replaced by ``new`` (once) in ``file``."""
    assert old in SOURCES[file], (file, old)
    return {**SOURCES, file: SOURCES[file].replace(old, new, 1)}


def only(problems: list[Problem], rule: str) -> Problem:
    assert [p.rule for p in problems] == [rule], problems
    return problems[0]


def test_the_shipped_library_has_no_problem():
    assert check(SOURCES) == []


def test_problems_have_the_interface_the_deploy_service_and_modeler_read():
    problem = only(
        check(edited("onsite_review.bpmn", '"pass,reject,return"', '"pas,reject,return"')),
        "actions",
    )
    assert problem.__dataclass_params__.frozen
    assert list(problem.__dataclass_fields__) == [
        "file",
        "element_id",
        "element_name",
        "rule",
        "message",
    ]


def test_parse_names_the_file_it_cannot_read():
    sources = edited("auto_years.dmn", "<decision id", "<decisio id")
    problems = check(sources)
    parse = [p for p in problems if p.rule == "parse"]
    assert [(p.file, p.element_id) for p in parse] == [("auto_years.dmn", None)]
    assert parse[0].message.startswith("文件“auto_years.dmn”无法解析")


def test_parse_names_a_process_that_does_not_load():
    # valid against the XSD, but the engine needs a start event
    text = SOURCES["onsite_review.bpmn"]
    start = text[text.index("<bpmn:startEvent") : text.index("</bpmn:startEvent>") + 18]
    problem = only(check(edited("onsite_review.bpmn", start, "")), "parse")
    assert (problem.file, problem.element_id) == ("onsite_review.bpmn", "onsite_review")
    assert problem.message.startswith("流程“现场审核”(onsite_review)：无法加载")


def test_lane_a_user_task_outside_every_lane():
    sources = edited("manual_review.bpmn", "<bpmn:flowNodeRef>review_unit</bpmn:flowNodeRef>", "")
    problem = only(check(sources), "lane")
    assert (problem.file, problem.element_id, problem.element_name) == (
        "manual_review.bpmn",
        "review_unit",
        "单位审核",
    )
    assert problem.message.startswith("用户任务“单位审核”(review_unit)：不在任何泳道中")


def test_lane_a_user_task_in_a_lane_that_is_no_level():
    sources = edited("onsite_review.bpmn", 'name="县区"', 'name="街道"')
    problem = only(check(sources), "lane")
    assert problem.element_id == "review_onsite"
    assert "泳道“街道”不是可分派任务的泳道" in problem.message


def test_lane_a_key_still_names_a_lane():
    assert check(edited("onsite_review.bpmn", 'name="县区"', 'name="county"')) == []


@pytest.mark.parametrize(
    ("old", "new", "rule", "says"),
    [
        ('name="queue" value="onsite"', 'name="queue" value="onsight"', "queue", "队列“onsight”"),
        ('name="queue" value="onsite"', 'name="queue" value=""', "queue", "缺少必填属性“queue”"),
        (
            'name="status" value="onsite"',
            'name="status" value="onsit"',
            "status",
            "审核状态“onsit”",
        ),
        ('"pass,reject,return"', '"pass,rejekt,return"', "actions", "操作“rejekt”"),
        ('name="actions" value="pass,reject,return"', 'name="actions" value=""', "actions", "缺少"),
        (
            'name="comment_required" value="return"',
            'name="comment_required" value="onsite"',
            "comment_required",
            "须填意见的操作“onsite”不在本任务的操作",
        ),
        (
            'name="comment_required" value="return"',
            'name="comment_required" value="return" />'
            '<spiffworkflow:property name="context" value="auto_yeras"',
            "context",
            "“auto_yeras”",
        ),
        (
            'name="comment_required"',
            'name="comment_requird"',
            "property",
            "属性“comment_requird”不是约定的任务属性",
        ),
    ],
)
def test_task_properties_outside_the_vocabulary(old, new, rule, says):
    problem = only(check(edited("onsite_review.bpmn", old, new)), rule)
    assert (problem.file, problem.element_id) == ("onsite_review.bpmn", "review_onsite")
    assert problem.message.startswith("用户任务“现场审核”(review_onsite)：")
    assert says in problem.message


def test_actions_message_lists_the_agreed_actions():
    problem = only(
        check(
            edited(
                "manual_review.bpmn", '"pass,reject,return,onsite"', '"pas,reject,return,onsite"'
            )
        ),
        "actions",
    )
    assert problem.message.startswith(
        "用户任务“单位审核”(review_unit)：操作“pas”不在约定的操作中（可用：pass, reject, return"
    )


def test_gateway_a_flow_with_neither_condition_nor_default():
    sources = edited(
        "onsite_review.bpmn", f"{FLOW_CONDITION}action == 'reject'</bpmn:conditionExpression>", ""
    )
    problem = only(check(sources), "gateway")
    assert problem.element_id == "f_gw_onsite_reject"
    assert "排他网关" in problem.message and "(gw_onsite)" in problem.message
    assert "(f_gw_onsite_reject)" in problem.message


def test_gateway_the_default_flow_needs_no_condition():
    sources = edited(
        "onsite_review.bpmn", f"{FLOW_CONDITION}action == 'reject'</bpmn:conditionExpression>", ""
    )
    sources["onsite_review.bpmn"] = sources["onsite_review.bpmn"].replace(
        '<bpmn:exclusiveGateway id="gw_onsite"',
        '<bpmn:exclusiveGateway default="f_gw_onsite_reject" id="gw_onsite"',
    )
    assert check(sources) == []


def test_code_reports_every_refused_element_not_just_the_first():
    sources = edited(
        "onsite_review.bpmn",
        "<bpmn:script>outcome = 'rejected'</bpmn:script>",
        "<bpmn:script>while True: pass</bpmn:script>",
    )
    sources = {
        **sources,
        "onsite_review.bpmn": sources["onsite_review.bpmn"].replace(
            ">action == 'return'<", ">().__class__<"
        ),
    }
    problems = check(sources)
    assert {(p.rule, p.element_id) for p in problems} == {
        ("code", "set_rejected"),
        ("code", "f_gw_onsite_return"),
    }
    script = next(p for p in problems if p.element_id == "set_rejected")
    assert script.message.startswith("脚本任务“审核不通过”(set_rejected)：脚本不能运行")
    assert "while" in script.message


def test_reference_a_decision_no_dmn_declares():
    sources = edited(
        "manual_review.bpmn",
        ">auto_years</spiffworkflow:calledDecisionId>",
        ">auto_yeras</spiffworkflow:calledDecisionId>",
    )
    problem = only(check(sources), "reference")
    assert (problem.file, problem.element_id) == ("manual_review.bpmn", "rule_years")
    assert "决策表“auto_yeras”" in problem.message


def test_reference_a_called_process_no_bpmn_declares():
    sources = edited("registration.bpmn", 'calledElement="manual_review"', 'calledElement="manual"')
    problem = only(check(sources), "reference")
    assert (problem.file, problem.element_id) == ("registration.bpmn", "call_manual")
    assert problem.message.startswith("调用活动“二至五级审核”(call_manual)：调用的流程“manual”")


def test_fact_a_condition_reading_an_unknown_name():
    sources = edited(
        "registration.bpmn",
        ">exceptional</bpmn:conditionExpression>",
        ">exceptionnal</bpmn:conditionExpression>",
    )
    problem = only(check(sources), "fact")
    assert (problem.file, problem.element_id) == ("registration.bpmn", "f_exceptional")
    assert "“exceptionnal”" in problem.message


def test_fact_a_dmn_input_reading_an_unknown_name():
    sources = edited(
        "auto_years.dmn", "<text>years_since_grade</text>", "<text>years_in_grade</text>"
    )
    problem = only(check(sources), "fact")
    assert (problem.file, problem.element_id) == ("auto_years.dmn", "in_auto_years")
    assert "决策表输入表达式读取的“years_in_grade”" in problem.message


def test_fact_names_a_called_process_assigns_are_known_to_its_caller():
    # registration reads ``outcome``, which only the review paths it calls assign
    sources = edited(
        "onsite_review.bpmn",
        "<bpmn:script>outcome = 'rejected'</bpmn:script>",
        "<bpmn:script>outcome = 'rejected'\nnote = outcome</bpmn:script>",
    )
    assert check(sources) == []


def test_load_refuses_a_misspelt_action_naming_the_element():
    sources = edited("onsite_review.bpmn", '"pass,reject,return"', '"pass,rejct,return"')
    with pytest.raises(definitions.DefinitionError, match=r"现场审核.*\(review_onsite\).*rejct"):
        definitions.load("onsite_review", definitions.sources_for("onsite_review", sources))


def test_load_refuses_a_user_task_outside_every_lane():
    sources = edited("onsite_review.bpmn", "<bpmn:flowNodeRef>review_onsite</bpmn:flowNodeRef>", "")
    with pytest.raises(definitions.DefinitionError, match=r"\(review_onsite\).*不在任何泳道中"):
        definitions.load("onsite_review", definitions.sources_for("onsite_review", sources))


def test_lanes_read_as_the_seed_reads_and_outcomes_end_in_the_deciding_lane():
    ns = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}
    for file, text in SOURCES.items():
        if not file.endswith(".bpmn"):
            continue
        root = etree.fromstring(text.encode())
        lane_of = {}
        for lane in root.iterfind(".//bpmn:lane", ns):
            key = lane.get("id").removeprefix("lane_")
            assert lane.get("name") == LANE_LABELS[key], (file, lane.get("id"))
            lane_of |= {ref.text: key for ref in lane.iterfind("bpmn:flowNodeRef", ns)}
        for flow in root.iterfind(".//bpmn:sequenceFlow", ns):
            source, target = flow.get("sourceRef"), flow.get("targetRef")
            if target.startswith(("set_returned", "set_rejected", "end_")):
                assert lane_of[source] == lane_of[target], (file, flow.get("id"))


def test_problems_of_different_rules_are_reported_together():
    sources = edited("onsite_review.bpmn", '"pass,reject,return"', '"pas,reject,return"')
    sources["onsite_review.bpmn"] = sources["onsite_review.bpmn"].replace(
        ">action == 'return'<", ">().__class__<"
    )
    assert {(p.rule, p.element_id) for p in check(sources)} == {
        ("actions", "review_onsite"),
        ("code", "f_gw_onsite_return"),
    }
