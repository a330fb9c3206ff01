"""A draft's changes against the deployed file, in words: which elements were added,
removed or changed, and which of their properties, compared by element id (never as XML
text, so moving a shape on the canvas is not a change).

Every BPMN/DMN element with an id counts (flow nodes, flows, lanes, DMN decisions, inputs,
outputs, rules and their entries); the drawing (BPMN DI) does not. An element's properties
are its attributes, the text of its id-less children (a flow's condition, a script, a DMN
entry's text, a lane's flow nodes) and its ``spiffworkflow:property`` values by name.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from workflows.library import BPMN_NS, DMN_NAMESPACES, parse

SEMANTIC_NAMESPACES = frozenset({BPMN_NS, *DMN_NAMESPACES})
SPIFF_PROPERTY = "property"


@dataclass(frozen=True)
class PropertyChange:
    name: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class ElementChange:
    element_id: str
    element_name: str
    element_type: str
    change: str  # "added" | "removed" | "changed"
    properties: tuple[PropertyChange, ...]


def diff(file_name: str, before: str | None, after: str) -> list[ElementChange]:
    """``after`` against ``before`` (None: a new file, everything added)."""
    old = _elements(parse(file_name, before)) if before is not None else {}
    new = _elements(parse(file_name, after))
    changes = []
    for element_id in [*new, *(i for i in old if i not in new)]:
        was, now = old.get(element_id), new.get(element_id)
        if was == now:
            continue
        kind = "added" if was is None else "removed" if now is None else "changed"
        was_props, now_props = (was or (None, None, {}))[2], (now or (None, None, {}))[2]
        properties = tuple(
            PropertyChange(name, was_props.get(name), now_props.get(name))
            for name in sorted(set(was_props) | set(now_props))
            if was_props.get(name) != now_props.get(name)
        )
        element_type, name, _ = now or was or ("", "", {})  # the id is in one of the two
        changes.append(ElementChange(element_id, name, element_type, kind, properties))
    return changes


def _elements(root: etree._Element) -> dict[str, tuple[str, str, dict[str, str]]]:
    """{id: (type, name, properties)} of every semantic element with an id."""
    found = {}
    for element in root.iter():
        element_id = element.get("id")
        if not isinstance(element.tag, str) or element_id is None:
            continue
        qname = etree.QName(element)
        if qname.namespace not in SEMANTIC_NAMESPACES or qname.localname == "definitions":
            continue
        name = element.get("name") or element.get("label") or element_id
        found[element_id] = (qname.localname, name, _properties(element))
    return found


def _properties(element: etree._Element) -> dict[str, str]:
    props = {etree.QName(k).localname: v for k, v in element.attrib.items() if k != "id"}
    texts: dict[str, list[str]] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local == "extensionElements":
            props.update(_spiff_properties(child))
        elif child.get("id") is None and len(child) == 0 and (text := (child.text or "").strip()):
            texts.setdefault(local, []).append(text)
    props.update({name: ",".join(values) for name, values in texts.items()})
    return props


def _spiff_properties(extensions: etree._Element) -> dict[str, str]:
    """spiffworkflow:property entries by name; other extensions (scripts) by tag."""
    props = {}
    for node in extensions.iter():
        if not isinstance(node.tag, str) or node is extensions:
            continue
        local = etree.QName(node).localname
        name = node.get("name")
        if local == SPIFF_PROPERTY and name:
            props[name] = node.get("value") or ""
        elif len(node) == 0 and (text := (node.text or "").strip()):
            props[local] = text
    return props
