"""HTML pages (return pages and the sandbox's payment page). Every sentence comes from
``locales/<lang>/payments.ftl``; values are HTML-escaped here, once."""

from __future__ import annotations

from html import escape
from importlib.resources import files
from string import Template

from core.i18n import Translator

TEMPLATES = files("api") / "templates"  # shipped inside the package (wheel or editable)
MARKS = {"paid": "✅", "pending": "⏳", "failed": "❌", "sandbox": "🧪"}


class Pages:
    def __init__(self, translator: Translator, *, shop: str, bot_username: str,
                 default_language: str) -> None:
        self._t = translator
        self._shop = shop
        self._bot_url = f"https://t.me/{bot_username}" if bot_username else "https://t.me/"
        self.default_language = default_language
        self._page = Template((TEMPLATES / "page.html").read_text(encoding="utf-8"))

    @property
    def languages(self) -> tuple[str, ...]:
        return self._t.languages

    def language(self, *candidates: str | None) -> str:
        """The first candidate we speak (base of an IETF tag), else the default."""
        for candidate in candidates:
            base = (candidate or "").split(",")[0].split(";")[0].split("-")[0].strip().lower()
            if base and base in self._t.languages:
                return base
        return self.default_language

    def _render(self, lang: str, state: str, heading: str, body: str, actions: str) -> str:
        return self._page.substitute(
            lang=escape(lang), state=escape(state), mark=MARKS[state],
            title=escape(self._t.text(lang, "payment-page-title", shop=self._shop)),
            heading=escape(heading), body=escape(body), actions=actions)

    def result(self, lang: str, state: str, amount: str = "") -> str:
        """The return page: ``state`` is paid, pending or failed."""
        link = (f'<a class="button" href="{escape(self._bot_url)}">'
                f'{escape(self._t.text(lang, "payment-back-to-bot"))}</a>')
        return self._render(lang, state, self._t.text(lang, f"payment-{state}-heading"),
                            self._t.text(lang, f"payment-{state}-body", amount=amount), link)

    def sandbox(self, lang: str, topup_id: str, amount: str) -> str:
        """The sandbox gateway's hosted page: Pay and Decline."""
        base = f"/sandbox/pay/{escape(topup_id)}"
        pay = escape(self._t.text(lang, "sandbox-pay", amount=amount))
        decline = escape(self._t.text(lang, "sandbox-decline"))
        actions = (f'<form method="post" action="{base}/pay"><button type="submit">{pay}'
                   f'</button></form><form method="post" action="{base}/decline">'
                   f'<button type="submit" class="secondary">{decline}</button></form>')
        return self._render(lang, "sandbox", self._t.text(lang, "sandbox-page-title"),
                            self._t.text(lang, "sandbox-page-body", topup_id=topup_id,
                                         amount=amount), actions)
