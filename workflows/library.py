"""The diagram library as files: which kind each file is, what it declares, whether a text is
a diagram of that kind, and which files two library states differ in. Pure XML reading: no
engine, so it serves the library pages and draft checks cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
DMN_NAMESPACES = (
    "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "http://www.omg.org/spec/DMN/20180521/MODEL/",
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
)
KINDS = ("bpmn", "dmn")

# No entities, no network, no DTD: a draft is untrusted text.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)


class LibraryError(ValueError):
    """A text that is not a usable diagram file of its kind; the message says why."""


@dataclass(frozen=True)
class FileInfo:
    """What the library shows for one file: its kind, a title and the ids it declares
    (executable process ids of a BPMN file, decision ids of a DMN table)."""

    file: str
    kind: str
    title: str
    element_ids: tuple[str, ...]


def kind_of(file_name: str) -> str:
    suffix = file_name.rsplit(".", 1)[-1] if "." in file_name else ""
    if suffix not in KINDS:
        raise LibraryError(f"文件“{file_name}”不是 .bpmn 或 .dmn 文件")
    return suffix


def attribute(element: etree._Element, name: str) -> str:
    """An XML attribute's value, "" when the element has none: ids and references are
    required by the XSD, but some readers run on files not validated yet."""
    return element.get(name) or ""


def parse(file_name: str, text: str) -> etree._Element:
    """The root element of ``text``, checked to be the kind its name says."""
    kind = kind_of(file_name)
    try:
        root = etree.fromstring(text.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError as exc:
        raise LibraryError(f"文件“{file_name}”不是有效的 XML：{exc}") from exc
    namespace = etree.QName(root).namespace
    local = etree.QName(root).localname
    expected = (BPMN_NS,) if kind == "bpmn" else DMN_NAMESPACES
    if local != "definitions" or namespace not in expected:
        raise LibraryError(f"文件“{file_name}”不是 {kind.upper()} 定义文件")
    return root


def describe(file_name: str, text: str) -> FileInfo:
    root = parse(file_name, text)
    kind = kind_of(file_name)
    if kind == "bpmn":
        elements = [
            p for p in root.iterfind(f"{{{BPMN_NS}}}process") if p.get("isExecutable") == "true"
        ]
    else:
        elements = [e for e in root if etree.QName(e).localname == "decision"]
    ids = tuple(attribute(e, "id") for e in elements if attribute(e, "id"))
    names = [attribute(e, "name") for e in elements if attribute(e, "name")]
    title = names[0] if names else root.get("name") or file_name
    return FileInfo(file_name, kind, title, ids)


def changed_files(before: Mapping[str, str], after: Mapping[str, str]) -> list[str]:
    """Files added, removed or edited between two library states, by name."""
    return sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name))
