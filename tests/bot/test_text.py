"""Splitting long text for Telegram: every part fits, nothing is lost, HTML stays valid."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.text import MAX_MESSAGE_UNITS, split_message, utf16_len
from standin.limits import parse_html


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _reassembles(text: str, parts: list[str]) -> bool:
    """``text`` is the parts in order with only whitespace between and around them."""
    pattern = r"\s*" + r"\s*".join(re.escape(p) for p in parts) + r"\s*"
    return re.fullmatch(pattern, text) is not None


def test_text_that_fits_is_returned_unchanged():
    text = "  Hello <b>there</b> &amp; welcome \n"
    assert split_message(text, "HTML") == [text]
    assert split_message("x" * MAX_MESSAGE_UNITS) == ["x" * MAX_MESSAGE_UNITS]


def test_blank_text_has_no_parts():
    assert split_message(" \n\t ") == []
    assert split_message("<b> </b>\n", "HTML") == []


def test_the_limit_is_counted_in_utf16_units():
    emoji = "😀" * 3000  # 6000 UTF-16 units in 3000 characters
    parts = split_message(emoji)
    assert len(parts) == 2
    assert all(utf16_len(p) <= MAX_MESSAGE_UNITS for p in parts)
    assert "".join(parts) == emoji  # no whitespace anywhere: a hard cut, between characters


def test_a_paragraph_break_wins_over_a_line_break_and_a_space():
    text = "a" * 60 + "\n\n" + "b" * 20 + "\n" + "c" * 10 + " " + "d" * 30
    assert split_message(text, limit=100) == ["a" * 60, "b" * 20 + "\n" + "c" * 10 + " " + "d" * 30]
    text = "a" * 60 + "\n" + "b" * 20 + " " + "c" * 30
    assert split_message(text, limit=100) == ["a" * 60, "b" * 20 + " " + "c" * 30]


def test_an_early_break_is_not_used_when_it_would_leave_a_tiny_part():
    text = "ab\n\n" + "word " * 30
    parts = split_message(text, limit=50)
    assert utf16_len(parts[0]) > 25
    assert _reassembles(text, parts)


def test_an_entity_is_never_cut():
    text = "&amp;" * 30
    parts = split_message(text, "HTML", limit=7)
    assert parts == ["&amp;" * 7] * 4 + ["&amp;" * 2]


def test_a_tag_open_across_a_cut_is_closed_and_reopened_with_its_attributes():
    text = '<a href="https://example.com/x">' + "word " * 40 + "</a> and <i>more</i>"
    parts = split_message(text, "HTML", limit=60)
    assert len(parts) >= 3
    for part in parts[:-1]:
        assert part.startswith('<a href="https://example.com/x">') and part.endswith("</a>")
        plain, entities = parse_html(part)
        assert utf16_len(plain) <= 60
        assert entities[0]["type"] == "text_link" and entities[0]["url"] == "https://example.com/x"
    assert parts[-1].endswith("and <i>more</i>")


def test_nested_tags_are_reopened_in_order():
    text = "<b>bold <i>" + "x " * 50 + "</i> tail</b>"
    parts = split_message(text, "HTML", limit=40)
    assert parts[1].startswith("<b><i>")
    assert parts[0].endswith("</i></b>")
    for part in parts:
        parse_html(part)  # raises if a part is not valid Telegram HTML


def test_broken_html_is_split_as_plain_text():
    text = "<b>unclosed " + "y " * 60
    parts = split_message(text, "HTML", limit=50)
    assert parts[0].startswith("<b>unclosed") and "</b>" not in "".join(parts)
    assert _reassembles(text, parts)


@settings(max_examples=75, deadline=None)
@given(
    st.lists(st.one_of(st.text(alphabet="abcxyzéж😀", min_size=1, max_size=30),
                       st.sampled_from([" ", "\n", "\n\n", "  ", "\t"])), max_size=80),
    st.integers(min_value=4, max_value=60),
)
def test_plain_parts_fit_and_reassemble_the_text(pieces: list[str], limit: int):
    text = "".join(pieces)
    parts = split_message(text, None, limit=limit)
    assert all(utf16_len(p) <= limit for p in parts)
    assert all(p.strip() for p in parts)
    assert _reassembles(text, parts)


_WORDS = st.text(alphabet="abc d\n<&é😀", min_size=1, max_size=20).map(
    lambda s: s.replace("&", "&amp;").replace("<", "&lt;"))
_TAGS = st.sampled_from(["b", "i", "u", "s", "code", "tg-spoiler"])


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    out = []
    for _ in range(draw(st.integers(1, 6))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(_TAGS)
            out.append(f"<{tag}>{draw(_html(depth + 1))}</{tag}>")
        else:
            out.append(draw(_WORDS))
    return "".join(out)


@settings(max_examples=75, deadline=None)
@given(_html(), st.integers(min_value=8, max_value=80))
def test_html_parts_are_valid_fit_and_keep_every_visible_character(html: str, limit: int):
    parts = split_message(html, "HTML", limit=limit)
    plains = [parse_html(p)[0] for p in parts]  # each part is valid HTML on its own
    assert all(utf16_len(p) <= limit for p in plains)
    assert _squash("".join(plains)) == _squash(parse_html(html)[0])
