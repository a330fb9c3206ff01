"""Every product's words together: the one module that imports the product vocabularies
(``handlers.exams.vocabulary``, ``handlers.titles.vocabulary``) and joins them, for what must
know them all: the diagram contract in ``workflows`` (a deployed library holds both products'
diagrams, checked at load and before a deploy) and the views of any subject's trail or task
(the instance view, an audit event's label). A product reads its own vocabulary; the layering
test lets nothing but this module import both.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from handlers import vocabulary as shared
from handlers.exams import vocabulary as exams
from handlers.titles import vocabulary as titles

STATUS_LABELS: Final = exams.STATUS_LABELS  # the exam's hold the shared ones, as the title's do
QUEUE_LABELS: Final = MappingProxyType({**exams.QUEUE_LABELS, **titles.QUEUE_LABELS})
TASK_ACTION_LABELS: Final = MappingProxyType(
    {**exams.TASK_ACTION_LABELS, **titles.TASK_ACTION_LABELS}
)
REASON_REQUIRED_ACTIONS: Final = exams.REASON_REQUIRED_ACTIONS | shared.REASON_REQUIRED_ACTIONS
EVENT_LABELS: Final = MappingProxyType({**exams.EVENT_LABELS, **titles.TITLE_EVENT_LABELS})
AUDIT_LABELS: Final = MappingProxyType({**TASK_ACTION_LABELS, **EVENT_LABELS})

# What a diagram's code may read or set: the facts, the engine's inputs and the process
# outputs of every product.
FACT_LABELS: Final = exams.FACT_LABELS
INPUT_LABELS: Final = MappingProxyType(
    {**exams.ENGINE_INPUT_LABELS, **titles.TITLE_INPUT_LABELS}
)
PROCESS_OUTPUT_LABELS: Final = exams.PROCESS_OUTPUT_LABELS
CONTEXT_LABELS: Final = exams.CONTEXT_LABELS
