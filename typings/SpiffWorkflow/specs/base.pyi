class TaskSpec:
    name: str
    description: str | None
    manual: bool
