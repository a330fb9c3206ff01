"""How people's names sort: by pinyin, as Chinese users expect a name list to read.

Code-point order puts 张 (U+5F20) before 李 (U+674E) and scatters surnames; the sort key spells
each character in pinyin with its tone number (``zhang1wei3``), computed once when a name is
written and stored beside it, so both databases order by a plain column. The tone digit ends
every syllable and digits sort before letters, so 李 (li3) comes before 林 (lin2) and a name
before any longer name it starts.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

SORT_KEY_LENGTH = 255
# Surnames read otherwise than the character's common reading (曾 is zeng as a surname, not
# ceng): the first character of a name is read this way.
SURNAME_READINGS = {
    "曾": "zeng1",
    "单": "shan4",
    "解": "xie4",
    "仇": "qiu2",
    "朴": "piao2",
    "区": "ou1",
    "查": "zha1",
    "翟": "zhai2",
    "覃": "qin2",
    "盖": "ge3",
    "缪": "miao4",
    "乐": "yue4",
    "尉": "yu4",
    "种": "chong2",
}


def sort_key(name: str) -> str:
    """The pinyin sort key of ``name`` (lower case; other characters kept as they are)."""
    name = name.strip()
    surname = SURNAME_READINGS.get(name[:1])
    rest = name[1:] if surname else name
    syllables = lazy_pinyin(rest, style=Style.TONE3, neutral_tone_with_five=True)
    return ((surname or "") + "".join(syllables)).lower()[:SORT_KEY_LENGTH]
