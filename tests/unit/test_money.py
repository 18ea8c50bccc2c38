from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidAmount
from core.money import format_amount, parse_amount, require_minor


@pytest.mark.parametrize(("text", "currency", "minor"), [
    ("499", "INR", 49_900), ("499.5", "INR", 49_950), ("499,50", "INR", 49_950),
    (" 10.00 ", "USD", 1_000), ("1000", "JPY", 1_000), ("12.30", "INR", 1_230),
])
def test_parse_amount_is_exact(text, currency, minor):
    assert parse_amount(text, currency) == minor


@pytest.mark.parametrize("text", ["abc", "", "-5", "1e3", "10.001", "1.2.3", "١٢٣", "9" * 13])
def test_parse_amount_refuses_what_is_not_an_amount(text):
    with pytest.raises(InvalidAmount):
        parse_amount(text, "INR")


def test_trailing_zero_decimals_beyond_precision_are_fine():
    assert parse_amount("5.500", "INR") == 550


@pytest.mark.parametrize("value", [1.0, "1", True, None, 2.5])
def test_floats_and_other_types_are_refused(value):
    with pytest.raises(InvalidAmount):
        require_minor(value)


def test_format_amount_per_currency():
    assert format_amount(49_950, "INR") == "₹499.50"
    assert format_amount(123_456_789, "USD") == "$1,234,567.89"
    assert format_amount(-5, "EUR") == "-€0.05"
    assert format_amount(1_500, "JPY") == "¥1,500"
    assert format_amount(250, "XTR") == "⭐250"
    assert format_amount(1_00, "BGN") == "1.00 BGN"


@given(st.integers(min_value=0, max_value=10**12))
def test_format_then_parse_round_trips(minor):
    shown = format_amount(minor, "INR", symbol=False).removesuffix(" INR").replace(",", "")
    assert parse_amount(shown, "INR") == minor
