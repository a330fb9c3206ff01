"""Names sort by pinyin (handlers/names.py) and 当前状态 per level (handlers/exams/review_state.py)."""

from __future__ import annotations

from handlers.exams.review_state import PENDING, REVIEWED, review_state
from handlers.names import sort_key


def test_names_sort_as_a_chinese_list_reads():
    names = ["张伟", "李娜", "林立", "李", "王强", "阿伟", "曾小明", "陈静"]
    assert sorted(names) != sorted(names, key=sort_key)  # code points scatter them
    assert sorted(names, key=sort_key) == ["阿伟", "陈静", "李", "李娜", "林立", "王强", "曾小明", "张伟"]
    assert sort_key("曾") == "zeng1"  # the surname's reading, not ceng
    assert sort_key(" Alice ") == "alice"


def test_review_state_for_a_level():
    assert review_state("under_review", "unit", waiting_here=True, acted_here=True) == PENDING
    assert review_state("approved", "county", waiting_here=False, acted_here=True) == REVIEWED
    assert review_state("returned", "county", waiting_here=False, acted_here=False) == PENDING
    assert review_state("under_review", "city", waiting_here=False, acted_here=False) == ""
    assert review_state("rejected", "county", waiting_here=False, acted_here=False) == ""
    assert review_state("draft", "unit", waiting_here=False, acted_here=False) == ""
