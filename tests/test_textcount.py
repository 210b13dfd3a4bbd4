"""Counting 字 (seed 000 附件2 备注2–4): the plain-text shortcut never changes a count."""
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.textcount import _WS, count_zi, strip_markdown


def _full(text):
    return len(_WS.sub("", strip_markdown(text))) if text else 0


def test_examples():
    assert count_zi(None) == 0 and count_zi("") == 0
    assert count_zi("问题 在于\n 实训基地。") == 9
    assert count_zi("**问题**在于[实训](http://x)基地") == 8
    assert count_zi("1. 第一\n2) 第二") == 4
    assert count_zi("A&amp;B") == 3
    assert count_zi("# 标题\n> 引文\n---\n") == 4


_ALPHABET = "问题原因 \n\t1234567890.)`~![]()<>#*+|_&-:;ab汉字，。"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_shortcut_equals_full_strip(text):
    assert count_zi(text) == _full(text)
