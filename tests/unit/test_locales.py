"""Every language has every key with the same placeholders, and every key the code uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentSerializer, ast, parse

import core.errors as errors
from bot.commands import CUSTOMER_COMMANDS
from bot.customer.keyboards import MENU_ITEMS
from core.i18n import DEFAULT_LOCALES_DIR
from core.models import OrderStatus, SubscriptionStatus

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("en", "hi", "ru", "bg")
_serializer = FluentSerializer()


def _messages(language: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    folder = DEFAULT_LOCALES_DIR / language
    for path in sorted((f for f in folder.iterdir() if f.name.endswith(".ftl")),
                       key=lambda f: f.name):
        resource = parse(path.read_text(encoding="utf-8"))
        junk = [e.content[:60] for e in resource.body if isinstance(e, ast.Junk)]
        assert not junk, f"{path} has unparsable entries: {junk}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                text = _serializer.serialize_entry(entry)
                found[entry.id.name] = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", text))
    return found


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_language_has_the_same_keys_and_placeholders_as_english(language):
    english, other = _messages("en"), _messages(language)
    assert set(other) == set(english), set(other) ^ set(english)
    different = {k: (english[k], other[k]) for k in english if english[k] != other[k]}
    assert different == {}


def _literal_keys() -> set[str]:
    pattern = re.compile(r'\bt\(\s*"([a-z0-9-]+)"|template="([a-z0-9-]+)"')
    keys: set[str] = set()
    for package in ("bot", "core", "api"):
        for path in (ROOT / package).rglob("*.py"):
            for match in pattern.finditer(path.read_text(encoding="utf-8")):
                keys.add(next(g for g in match.groups() if g))
    return keys


def _dynamic_keys() -> set[str]:
    codes = {cls.code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.DomainError)}
    return ({f"error-{c}" for c in codes} | {f"menu-{m}" for m in MENU_ITEMS}
            | {f"cmd-{c}" for c in CUSTOMER_COMMANDS}
            | {f"sub-status-{s.value}" for s in SubscriptionStatus}
            | {f"order-status-{s.value}" for s in OrderStatus}
            | {"btn-auto-on", "btn-auto-off", "reason-topup", "reason-purchase"})


def test_every_key_the_code_uses_exists_in_every_language():
    used = _literal_keys() | _dynamic_keys()
    assert len(used) > 100
    for language in LANGUAGES:
        missing = sorted(used - set(_messages(language)))
        assert missing == [], f"{language} lacks {missing}"


def test_the_check_finds_keys_in_code():
    assert {"wallet-balance", "purchase-completed", "credentials"} <= _literal_keys()


def test_long_values_are_rendered_whole():
    from core.i18n import Translator

    text = "x" * 2_999
    rendered = Translator().text("en", "support-reply", text=text)
    assert text in rendered and "???" not in rendered
