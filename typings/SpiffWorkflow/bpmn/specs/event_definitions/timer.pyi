class TimerEventDefinition:
    name: str
    expression: str
