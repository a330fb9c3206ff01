"""Pure rules of the exam registration (seed 000): the form, grade-1 materials, tickets, the
auto-review facts, the exam's words (``vocabulary``)."""
