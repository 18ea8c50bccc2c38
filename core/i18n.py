"""Translations from ``locales/<language>/*.ftl`` (Fluent). Used by the bots and the web pages.

A missing key in a language falls back to English; a key missing everywhere renders as the key
itself and is logged once, so a gap shows up in tests and logs instead of crashing a handler.
"""

from __future__ import annotations

import logging
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from fluent.runtime import FluentBundle, FluentResource

log = logging.getLogger(__name__)
# The ``locales`` package ships inside the install (wheel, pipx, editable alike).
DEFAULT_LOCALES_DIR: Traversable = files("locales")
FALLBACK = "en"


FLUENT_MAX_ARG = 2000  # fluent.runtime renders longer string arguments as "{???}"


def _park_long_values(params: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Long strings go in after formatting, behind a marker no text contains."""
    safe, parked = dict(params), {}
    for index, (name, value) in enumerate(params.items()):
        if isinstance(value, str) and len(value) > FLUENT_MAX_ARG:
            marker = f"\x00{index}\x00"
            safe[name], parked[marker] = marker, value
    return safe, parked


def _languages(root: Traversable) -> list[tuple[str, list[Traversable]]]:
    """(language, its .ftl files) for each folder holding translations, by name."""
    found = []
    for folder in sorted(root.iterdir(), key=lambda item: item.name):
        if folder.is_dir():
            ftl = sorted((f for f in folder.iterdir() if f.name.endswith(".ftl")),
                         key=lambda item: item.name)
            if ftl:
                found.append((folder.name, ftl))
    return found


class Translator:
    def __init__(self, locales_dir: Traversable = DEFAULT_LOCALES_DIR,
                 fallback: str = FALLBACK) -> None:
        self.fallback = fallback
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        self._missing: set[tuple[str, str]] = set()
        for language, ftl_files in _languages(locales_dir):
            bundle = FluentBundle([language], use_isolating=False)
            keys: set[str] = set()
            for path in ftl_files:
                resource = FluentResource(path.read_text(encoding="utf-8"))
                bundle.add_resource(resource)
                keys.update(e.id.name for e in resource.body if hasattr(e, "id")
                            and type(e).__name__ == "Message")
            self._bundles[language] = bundle
            self._keys[language] = keys

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._bundles)

    def keys(self, language: str) -> set[str]:
        return set(self._keys.get(language, set()))

    def has(self, key: str, language: str | None = None) -> bool:
        return key in self._keys.get(language or self.fallback, set())

    def text(self, language: str, key: str, /, **params: Any) -> str:
        for lang in (language, self.fallback):
            bundle = self._bundles.get(lang)
            if bundle is not None and bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    continue
                safe, long_values = _park_long_values(params)
                rendered, errors = bundle.format_pattern(message.value, safe)
                for marker, value in long_values.items():
                    rendered = rendered.replace(marker, value)
                if errors and (lang, key) not in self._missing:
                    self._missing.add((lang, key))
                    log.warning("locale %s key %s: %s", lang, key, errors[0])
                return rendered
        if (language, key) not in self._missing:
            self._missing.add((language, key))
            log.warning("missing locale key %s (%s)", key, language)
        return key
