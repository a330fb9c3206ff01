# Typed stubs of the parts of SpiffWorkflow 3.2 that workflows/ uses (the library ships no
# types). They describe the BPMN flavour only, as this project drives it: a task's spec is a
# BpmnTaskSpec, a workflow's spec a BpmnProcessSpec. A name used from SpiffWorkflow that is
# missing here is a type error: add it, checked against the library's source.
