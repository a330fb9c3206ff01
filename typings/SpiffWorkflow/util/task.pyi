class TaskState:
    MAYBE: int
    LIKELY: int
    FUTURE: int
    WAITING: int
    READY: int
    STARTED: int
    COMPLETED: int
    ERROR: int
    CANCELLED: int
    FINISHED_MASK: int
    DEFINITE_MASK: int
    PREDICTED_MASK: int
    NOT_FINISHED_MASK: int
    ANY_MASK: int
    @classmethod
    def get_name(cls, state: int) -> str: ...
