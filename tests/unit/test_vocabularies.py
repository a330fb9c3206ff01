"""The words of the products agree: each product's table holds the shared words with the shared
labels, and the lexicon joins them without a word that reads two ways."""

from handlers import lexicon
from handlers import vocabulary as shared
from handlers.exams import vocabulary as exams
from handlers.titles import vocabulary as titles


def holds(table, words) -> bool:
    return all(table.get(key) == label for key, label in words.items())


def test_each_product_holds_the_shared_words_as_they_read():
    assert holds(exams.STATUS_LABELS, shared.STATUS_LABELS)
    assert holds(exams.TASK_ACTION_LABELS, shared.TASK_ACTION_LABELS)
    assert holds(exams.EVENT_LABELS, shared.EVENT_LABELS)
    assert holds(exams.ENGINE_INPUT_LABELS, shared.ENGINE_INPUT_LABELS)
    assert exams.REASON_REQUIRED_ACTIONS >= shared.REASON_REQUIRED_ACTIONS
    assert holds(titles.TASK_ACTION_LABELS, shared.TASK_ACTION_LABELS)
    assert holds(titles.AUDIT_LABELS, shared.EVENT_LABELS)


def test_the_lexicon_joins_the_products_and_no_word_reads_two_ways():
    pairs = (
        (exams.QUEUE_LABELS, titles.QUEUE_LABELS, lexicon.QUEUE_LABELS),
        (exams.TASK_ACTION_LABELS, titles.TASK_ACTION_LABELS, lexicon.TASK_ACTION_LABELS),
        (exams.EVENT_LABELS, titles.TITLE_EVENT_LABELS, lexicon.EVENT_LABELS),
    )
    for exam, title, union in pairs:
        assert all(exam[key] == title[key] for key in exam.keys() & title.keys())
        assert dict(union) == {**exam, **title}
    assert holds(lexicon.AUDIT_LABELS, exams.AUDIT_LABELS)
    assert holds(lexicon.AUDIT_LABELS, titles.AUDIT_LABELS)
