"""The checked contract between the diagrams and the code: every problem of a process library,
each naming the element it sits on, before a draft may be deployed.

``check(sources)`` takes the whole library (every .bpmn and .dmn file by name, as
``definitions.read_sources`` returns it) and reports all problems, not just the first, so the
modeler can mark each element. Rules (``Problem.rule``, stable codes):

- ``parse``: a file SpiffWorkflow refuses (XML, XSD), or an executable process that does not load;
- ``lane``: a user task outside any lane, or in a lane that is no org level nor the applicant;
- ``property``, ``queue``, ``status``, ``actions``, ``comment_required``, ``context``: a user
  task property that is unknown, missing (``queue``, ``actions``) or outside the vocabulary
  (``handlers/vocabulary.py``, every product's through ``handlers/lexicon.py``);
- ``gateway``: an outgoing flow of an exclusive gateway with neither a condition nor the default;
- ``code``: code the sandbox refuses, or with a constant part that fails whenever it runs
  (``9 ** 9 ** 9``: evaluated here under a step's limits);
- ``reference``: a decision or called process that no file declares;
- ``fact``: a name code reads that nothing provides (see ``workflows.names``).

``definitions.load`` enforces the user-task rules too, at every load; this module is the slower,
complete report, run on validate and deploy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec

from workflows import definitions, expressions, names, usertasks
from workflows.library import attribute
from workflows.scripting import check_deployable

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
SPIFF = "{http://spiffworkflow.org/bpmn/schema/1.0/core}"

KINDS = {
    "userTask": "用户任务",
    "manualTask": "人工任务",
    "scriptTask": "脚本任务",
    "businessRuleTask": "业务规则任务",
    "callActivity": "调用活动",
    "exclusiveGateway": "排他网关",
    "sequenceFlow": "连线",
    "process": "流程",
    "input": "决策表输入",
    "inputEntry": "决策表输入条目",
    "outputEntry": "决策表输出条目",
}


@dataclass(frozen=True)
class Problem:
    """One broken rule, on one element (``element_id`` None for a whole file)."""

    file: str
    element_id: str | None
    element_name: str
    rule: str
    message: str


@dataclass(frozen=True)
class _Element:
    file: str
    id: str
    name: str
    kind: str

    def problem(self, rule: str, message: str) -> Problem:
        label = f"{self.kind}“{self.name}”({self.id})" if self.name else f"{self.kind}({self.id})"
        return Problem(self.file, self.id, self.name or self.id, rule, f"{label}：{message}")


class _Library:
    """The XML of every readable file, with its elements by id."""

    def __init__(self, sources: Mapping[str, str]) -> None:
        self.roots: dict[str, etree._Element] = {}
        self.elements: dict[str, dict[str, _Element]] = {}
        for file, text in sorted(sources.items()):
            try:
                root = etree.fromstring(text.encode())
            except etree.XMLSyntaxError:
                continue  # reported by the parse rule
            self.roots[file] = root
            self.elements[file] = {
                attribute(node, "id"): _element(file, node)
                for node in root.iter()
                if isinstance(node.tag, str) and node.get("id")
            }

    def bpmn(self) -> Iterator[tuple[str, etree._Element]]:
        return ((f, r) for f, r in self.roots.items() if f.endswith(".bpmn"))

    def decision_ids(self) -> set[str]:
        return {
            attribute(node, "id")
            for file, root in self.roots.items()
            if file.endswith(".dmn")
            for node in root.iter()
            if isinstance(node.tag, str) and etree.QName(node).localname == "decision"
        }

    def process_ids(self) -> set[str]:
        return {attribute(p, "id") for _, root in self.bpmn() for p in root.iter(f"{BPMN}process")}

    def find(self, file: str, element_id: str) -> _Element:
        """The element ``element_id`` of ``file``, else of a DMN file (code sites of a
        business rule task are DMN elements), else a bare one.
        """
        for candidate in (file, *(f for f in self.elements if f.endswith(".dmn"))):
            if element_id in self.elements.get(candidate, {}):
                return self.elements[candidate][element_id]
        return _Element(file, element_id, "", "元素")


def _element(file: str, node: etree._Element) -> _Element:
    tag = etree.QName(node).localname
    return _Element(
        file,
        attribute(node, "id"),
        node.get("name") or node.get("label") or "",
        KINDS.get(tag, tag),
    )


def check(sources: Mapping[str, str]) -> list[Problem]:
    """Every problem of the library ``sources`` (empty: it may be deployed)."""
    found = list(_parse_problems(sources))
    library = _Library(sources)
    for file, root in library.bpmn():
        for process in root.iter(f"{BPMN}process"):
            found += _user_task_problems(library, file, process)
            found += _gateway_problems(library, file, process)
        found += _reference_problems(library, file, root)
    if not any(p.rule in ("parse", "reference") for p in found):  # specs need both
        refused = {p.file for p in found if p.rule == "gateway"}  # the parser refuses them too
        found += [
            p
            for p in _spec_problems(library, sources)
            if p.file not in refused or p.rule != "parse"
        ]
    if not found:  # last, what loading itself says: nothing, unless a rule above misses it
        found += _load_problems(library, sources)
    return list(dict.fromkeys(found))  # a DMN table used twice reports once


def _parse_problems(sources: Mapping[str, str]) -> Iterator[Problem]:
    for file, text in sorted(sources.items()):
        try:
            definitions.parser_for({file: text})
        except Exception as exc:  # lxml and SpiffWorkflow raise several unrelated types
            yield Problem(file, None, file, "parse", f"文件“{file}”无法解析：{exc}")


def _user_task_problems(library: _Library, file: str, process: etree._Element) -> Iterator[Problem]:
    lanes = {
        ref.text.strip(): lane.get("name") or ""
        for lane in process.iter(f"{BPMN}lane")
        for ref in lane.iter(f"{BPMN}flowNodeRef")
        if ref.text
    }
    for task in process.iter(f"{BPMN}userTask", f"{BPMN}manualTask"):
        properties = {
            attribute(prop, "name"): prop.get("value") or ""
            for prop in task.iter(f"{SPIFF}property")
        }
        task_id = attribute(task, "id")
        element = library.elements[file][task_id]
        for rule, message in usertasks.problems(lanes.get(task_id), properties):
            yield element.problem(rule, message)


def _gateway_problems(library: _Library, file: str, process: etree._Element) -> Iterator[Problem]:
    flows = list(process.iter(f"{BPMN}sequenceFlow"))
    for gateway in process.iter(f"{BPMN}exclusiveGateway"):
        outgoing = [f for f in flows if f.get("sourceRef") == gateway.get("id")]
        if len(outgoing) < 2:
            continue
        gw = library.elements[file][attribute(gateway, "id")]
        for flow in outgoing:
            condition = flow.find(f"{BPMN}conditionExpression")
            has_condition = condition is not None and (condition.text or "").strip()
            if not has_condition and flow.get("id") != gateway.get("default"):
                message = f"是排他网关“{gw.name or gw.id}”({gw.id})的出口，既没有条件也不是默认出口"
                yield library.elements[file][attribute(flow, "id")].problem("gateway", message)


def _reference_problems(library: _Library, file: str, root: etree._Element) -> Iterator[Problem]:
    decisions, processes = library.decision_ids(), library.process_ids()
    for task in root.iter(f"{BPMN}businessRuleTask"):
        ref = task.find(f".//{SPIFF}calledDecisionId")
        decision = (ref.text or "").strip() if ref is not None else ""
        if decision not in decisions:
            message = (
                f"引用的决策表“{decision}”在任何 DMN 文件中都不存在"
                if decision
                else "没有指定决策表"
            )
            yield library.elements[file][attribute(task, "id")].problem("reference", message)
    for call in root.iter(f"{BPMN}callActivity"):
        called = call.get("calledElement") or ""
        if called not in processes:
            message = (
                f"调用的流程“{called}”在任何 BPMN 文件中都不存在"
                if called
                else "没有指定被调用的流程"
            )
            yield library.elements[file][attribute(call, "id")].problem("reference", message)


def _spec_problems(library: _Library, sources: Mapping[str, str]) -> list[Problem]:
    """What needs the parsed specs: each process parses; its code passes the sandbox; the
    names its code reads exist in its process tree.
    """
    parser = definitions.parser_for(sources)
    specs: dict[str, BpmnProcessSpec] = {}
    found = []
    process_ids = definitions.executable_process_ids(sources)
    for process_id in process_ids:  # each process on its own first, so each names itself
        try:
            specs[process_id] = parser.get_spec(process_id)
        except Exception as exc:  # the parser raises several unrelated types
            found.append(_process_problem(library, process_id, exc))
    for process_id in process_ids if not found else ():
        try:
            specs.update(parser.get_subprocess_specs(process_id))
        except Exception as exc:
            found.append(_process_problem(library, process_id, exc))
    sites = {pid: _sites(library, spec, sources, found) for pid, spec in specs.items()}
    for pid in sorted(sites):
        found += _code_problems(sites[pid])
    for tree in names.process_trees(specs):
        known = names.known_names([specs[pid] for pid in tree])
        for pid in sorted(tree):
            found += _fact_problems(sites[pid], known)
    return found


def _sites(
    library: _Library, spec: BpmnProcessSpec, sources: Mapping[str, str], found: list[Problem]
) -> list[tuple[_Element, expressions.Site]]:
    """The code sites of one process with their elements; a DMN table that cannot be read
    for code is a ``code`` problem itself.
    """
    sites = []
    file = spec.file or ""  # the parser is given every file's name
    try:
        for site in expressions.sites([spec], sources):
            sites.append((library.find(file, site.element_id), site))
    except expressions.IncompleteDecision as exc:
        element = library.find(file, exc.element_id)
        found.append(element.problem("code", f"决策表输入缺少输入表达式：{exc}"))
    return sites


def _code_problems(sites: list[tuple[_Element, expressions.Site]]) -> Iterator[Problem]:
    for element, site in sites:
        try:
            check_deployable(site.source, site.mode)
        except (ValueError, SyntaxError) as exc:  # UnsafeScript is a ValueError
            yield element.problem("code", f"{_site_kind(site)}不能运行：{exc}")


def _fact_problems(
    sites: list[tuple[_Element, expressions.Site]], known: frozenset[str]
) -> Iterator[Problem]:
    for element, site in sites:
        unknown = names.unknown(site, known)
        if unknown:
            listed = "、".join(f"“{name}”" for name in unknown)
            message = f"{_site_kind(site)}读取的{listed}不是约定的事实、输入或流程中赋值的变量"
            yield element.problem("fact", message)


def _site_kind(site: expressions.Site) -> str:
    return names.SITE_KINDS.get(site.kind.split(" of ")[0], "代码")


def _process_problem(library: _Library, process_id: str, exc: Exception) -> Problem:
    file = next(
        (
            f
            for f, root in library.bpmn()
            for p in root.iter(f"{BPMN}process")
            if p.get("id") == process_id
        ),
        "",
    )
    element = library.find(file, process_id)
    return element.problem("parse", f"无法加载：{exc}")


def _load_problems(library: _Library, sources: Mapping[str, str]) -> Iterator[Problem]:
    for process_id in definitions.executable_process_ids(sources):
        try:
            definitions.load(process_id, definitions.sources_for(process_id, sources))
        except definitions.DefinitionError as exc:
            yield _process_problem(library, process_id, exc)
