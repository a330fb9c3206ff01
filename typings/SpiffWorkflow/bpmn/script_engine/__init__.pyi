from typing import Any

from SpiffWorkflow.task import Task

class BasePythonScriptEngineEnvironment:
    globals: dict[str, Any]
    def __init__(self, environment_globals: dict[str, Any] | None = None) -> None: ...
    def evaluate(
        self,
        expression: str,
        context: dict[str, Any],
        external_context: dict[str, Any] | None = None,
    ) -> Any: ...
    def execute(
        self,
        script: str,
        context: dict[str, Any],
        external_context: dict[str, Any] | None = None,
    ) -> bool: ...

class TaskDataEnvironment(BasePythonScriptEngineEnvironment):
    def check_for_overwrite(
        self, context: dict[str, Any], external_context: dict[str, Any]
    ) -> None: ...
    def _remove_globals_and_functions_from_context(
        self, context: dict[str, Any], external_context: dict[str, Any] | None = None
    ) -> None: ...

class PythonScriptEngine:
    environment: BasePythonScriptEngineEnvironment
    def __init__(self, environment: BasePythonScriptEngineEnvironment | None = None) -> None: ...
    def validate(self, expression: str) -> None: ...
    def evaluate(
        self, task: Task, expression: str, external_context: dict[str, Any] | None = None
    ) -> Any: ...
    def execute(
        self, task: Task, script: str, external_context: dict[str, Any] | None = None
    ) -> bool: ...
