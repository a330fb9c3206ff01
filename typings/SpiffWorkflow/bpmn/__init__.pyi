from SpiffWorkflow.bpmn.workflow import BpmnWorkflow as BpmnWorkflow
