"""Pure rules of the professional-title platform (seed 004): the review chain, plans, the
declaration form, the title platform's words (``vocabulary``)."""
