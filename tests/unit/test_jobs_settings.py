"""The scheduler's settings: durations as people write them, and one clear line when wrong."""

from __future__ import annotations

from datetime import timedelta

import pytest

from core.config import SettingsError, load_settings
from core.durations import format_duration, parse_duration


def test_defaults():
    s = load_settings(_env_file=None)
    assert s.reminder_offsets == (timedelta(days=3), timedelta(days=1), timedelta(0))
    assert (s.autorenew_ahead, s.reconcile_after) == (timedelta(hours=24), timedelta(minutes=15))


def test_offsets_are_sorted_and_deduplicated(monkeypatch):
    monkeypatch.setenv("REMINDER_OFFSETS", " 1d, 7d ,12h,1d,0")
    monkeypatch.setenv("AUTORENEW_AHEAD", "36h")
    s = load_settings(_env_file=None)
    assert [format_duration(o) for o in s.reminder_offsets] == ["7d", "1d", "12h", "0"]
    assert s.autorenew_ahead == timedelta(hours=36)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("REMINDER_OFFSETS", "3d,tomorrow", "setting REMINDER_OFFSETS: must be a duration such as"),
    ("REMINDER_OFFSETS", ",", "setting REMINDER_OFFSETS: must list at least one duration"),
    ("REMINDER_OFFSETS", "90d", "setting REMINDER_OFFSETS: each offset must be between 0 and"),
    ("AUTORENEW_AHEAD", "-1h", "setting AUTORENEW_AHEAD: must be a duration"),
    ("RECONCILE_AFTER", "15 minutes", "setting RECONCILE_AFTER: must be a duration"),
    ("WATCHDOG_INTERVAL", "0", "setting WATCHDOG_INTERVAL: must be at least 1s"),
])
def test_a_bad_value_is_one_line_naming_the_setting(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)


def test_parse_and_format_durations():
    assert parse_duration("90") == timedelta(seconds=90)
    assert parse_duration("15M") == timedelta(minutes=15)
    assert format_duration(timedelta(hours=36)) == "36h"
    assert format_duration(timedelta(seconds=90)) == "90s"
