"""A menu walker: drives a bot over the Bot API stand-in the way a curious customer would — every
command of its ``setMyCommands`` menu, then every inline button breadth-first, typing a plausible
value whenever a dialog waits for input — and reports what a customer would notice: presses left
unanswered, errors in the log, replies in another language than the customer's.

It knows nothing of a particular bot: it takes the stand-in state, the bot and user ids, the
dispatcher (to read the dialog state from its FSM storage) and a coroutine that waits until an
update has been handled. New screens are walked without a test written for them.
"""

from __future__ import annotations

import contextlib
import logging
import re
import unicodedata
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Dispatcher
from aiogram.fsm.storage.base import StorageKey
from fluent.syntax import FluentParser, ast

ROOT = Path(__file__).resolve().parents[2]

# An id inside callback data (``sub_000012``, ``int_k3j…``) or an amount (4+ digits) is
# normalised away, so "the same button on another record or amount" is pressed once; small
# numbers (pages, "0 = type it") and words (``auto_on``) are kept.
_ID_TOKEN = re.compile(r"^(?:[a-z]{2,5}_(?=[0-9a-z]*\d)[0-9a-z]+|[0-9a-z]*\d[0-9a-z]{7,}|\d{4,})$")


def callback_pattern(data: str) -> str:
    return ":".join("#" if _ID_TOKEN.match(part) else part for part in data.split(":"))


# --- which language a text is in ------------------------------------------------------------

def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    for script in ("CYRILLIC", "DEVANAGARI", "LATIN"):
        if name.startswith(script):
            return script
    return ""


SCRIPTS = {"en": "LATIN", "ru": "CYRILLIC", "bg": "CYRILLIC", "hi": "DEVANAGARI"}


def _text_elements(pattern: ast.Pattern | None) -> Iterable[str]:
    if pattern is None:
        return
    for element in pattern.elements:
        if isinstance(element, ast.TextElement):
            yield element.value
        elif isinstance(element, ast.Placeable) and isinstance(element.expression,
                                                               ast.SelectExpression):
            for variant in element.expression.variants:
                yield from _text_elements(variant.value)


class LanguageDetector:
    """Tells which locale a reply was rendered from: each language's literal fragments (the text
    between placeholders in its ``.ftl`` files, at least ``min_letters`` letters, found in no
    other language) are looked for in the reply; its script must also be the language's."""

    def __init__(self, locales_dir: Path = ROOT / "locales", min_letters: int = 4) -> None:
        raw: dict[str, set[str]] = {}
        for folder in sorted(p for p in locales_dir.iterdir() if p.is_dir()):
            found: set[str] = set()
            for path in sorted(folder.glob("*.ftl")):
                resource = FluentParser().parse(path.read_text(encoding="utf-8"))
                for entry in resource.body:
                    if isinstance(entry, ast.Message):
                        for text in _text_elements(entry.value):
                            for line in text.splitlines():
                                piece = " ".join(line.split())
                                if _letters(piece) >= min_letters:
                                    found.add(piece)
            raw[folder.name] = found
        everywhere: dict[str, int] = {}
        for pieces in raw.values():
            for piece in pieces:
                everywhere[piece] = everywhere.get(piece, 0) + 1
        self.fragments = raw
        self.unique = {lang: {p for p in pieces if everywhere[p] == 1}
                       for lang, pieces in raw.items()}

    @staticmethod
    def _found(text: str, table: dict[str, set[str]]) -> set[str]:
        flat = " ".join(text.split())
        return {lang for lang, pieces in table.items() if any(p in flat for p in pieces)}

    def problem(self, text: str, expected: str) -> str:
        """"" when ``text`` reads as ``expected``; otherwise what is wrong with it. A fragment
        found in one language only decides; one shared by several (ru and bg share some) counts
        for each of them."""
        if _letters(text) == 0:
            return ""
        script = SCRIPTS.get(expected)
        if script and script != "LATIN" and not any(_script(ch) == script for ch in text):
            return f"no {script.lower()} letters"
        if script == "LATIN":
            foreign = {_script(ch) for ch in text} - {"LATIN", ""}
            if foreign:
                return f"{', '.join(sorted(foreign)).lower()} letters"
        unique = self._found(text, self.unique)
        if expected in unique:
            return ""
        if unique:
            return f"reads as {', '.join(sorted(unique))}"
        if expected in self._found(text, self.fragments):
            return ""
        return "matches no locale text"


# --- the walk -------------------------------------------------------------------------------

@dataclass
class Press:
    data: str
    pattern: str
    answered: bool
    answer: str = ""


@dataclass
class WalkReport:
    language: str
    commands: list[str] = field(default_factory=list)
    presses: list[Press] = field(default_factory=list)
    typed: list[tuple[str, str]] = field(default_factory=list)  # (dialog state, text)
    links: list[tuple[str, str]] = field(default_factory=list)  # URL buttons: (label, url)
    invoices: int = 0
    unanswered: list[str] = field(default_factory=list)
    wrong_language: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unknown_dialogs: list[str] = field(default_factory=list)
    left_unpressed: list[str] = field(default_factory=list)  # over the cap

    @property
    def patterns(self) -> set[str]:
        return {p.pattern for p in self.presses}

    def problems(self) -> list[str]:
        return ([f"unanswered press {d}" for d in self.unanswered]
                + [f"wrong language: {w}" for w in self.wrong_language]
                + [f"log: {e}" for e in self.errors]
                + [f"no input known for dialog {d}" for d in self.unknown_dialogs])


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _problem_record(record: logging.LogRecord) -> bool:
    if record.levelno >= logging.ERROR:
        return True
    return record.getMessage().startswith(("missing locale key", "locale "))


class MenuWalker:
    def __init__(self, *, state: Any, bot_id: int, user_id: int, dispatcher: Dispatcher,
                 handled: Callable[[int], Awaitable[None]],
                 language_of: Callable[[], Awaitable[str]], inputs: Mapping[str, str],
                 detector: LanguageDetector | None = None, press_last: tuple[str, ...] = (),
                 max_presses: int = 150, answer_timeout: float = 3.0) -> None:
        """``inputs``: what to type for each dialog state (``"Dialog:coupon"`` → ``"HALF"``);
        ``press_last``: callback-data prefixes pressed after everything else (e.g. switching the
        language, which changes what the rest of the walk should read)."""
        self.state, self.bot_id, self.user_id = state, bot_id, user_id
        self.dp, self.handled, self.language_of = dispatcher, handled, language_of
        self.inputs, self.press_last = inputs, press_last
        self.detector = detector or LanguageDetector()
        self.max_presses, self.answer_timeout = max_presses, answer_timeout
        self._queue: deque[tuple[int, str]] = deque()
        self._later: deque[tuple[int, str]] = deque()
        self._seen: set[str] = set()
        self.report = WalkReport(language="")

    async def walk(self) -> WalkReport:
        self.report = WalkReport(language=await self.language_of())
        handler = _Records()
        root = logging.getLogger()
        root.addHandler(handler)
        try:
            commands = [c["command"] for c in self.state.commands_for(self.bot_id, self.user_id)]
            for command in commands:
                self.report.commands.append(command)
                await self._act(lambda c=command: self.state.send_command(
                    self.bot_id, self.user_id, c), f"/{command}")
            for queue in (self._queue, self._later):
                while queue:
                    message_id, data = queue.popleft()
                    if len(self.report.presses) >= self.max_presses:
                        self.report.left_unpressed.append(data)
                        continue
                    await self._press(message_id, data)
        finally:
            root.removeHandler(handler)
        self.report.errors += [f"{r.levelname} {r.name}: {r.getMessage()[:300]}"
                               for r in handler.records if _problem_record(r)]
        return self.report

    # --- one action and what it changed ---------------------------------------------------

    def _snapshot(self) -> dict[int, tuple[int, bool, str | None, str | None]]:
        return {m["message_id"]: (len(m["edits"]), m["deleted"], m["text"], m["caption"])
                for m in self.state.transcript(self.bot_id, self.user_id)
                if m["sender"] == "bot"}

    def _changed(self, before: dict[int, tuple]) -> list[dict[str, Any]]:
        after = self.state.transcript(self.bot_id, self.user_id)
        return [m for m in after if m["sender"] == "bot" and not m["deleted"]
                and before.get(m["message_id"]) != (len(m["edits"]), m["deleted"], m["text"],
                                                    m["caption"])]

    async def _act(self, do: Callable[[], Any], where: str, *, typing: bool = False) -> Any:
        before = self._snapshot()
        action = do()
        await self.handled(action.update_id)
        record = None
        if action.query_id:
            record = self.state.callbacks[action.query_id]
            if not record.answered:
                with contextlib.suppress(TimeoutError):  # reported as unanswered below
                    await self.state.wait_for_answer(action.query_id,
                                                              self.answer_timeout)
        expected = await self.language_of()
        for message in self._changed(before):
            self._read(message, where, expected)
        if record is not None and record.answered and (record.answer or {}).get("text"):
            self._check_language(str(record.answer["text"]), f"{where} (toast)", expected)
        if not typing:
            await self._answer_dialog(where)
        return record

    def _read(self, message: dict[str, Any], where: str, expected: str) -> None:
        for text in (message["text"], message["caption"]):
            if text:
                self._check_language(text, where, expected)
        if message["invoice"]:
            self.report.invoices += 1
        markup = message["reply_markup"] or {}
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if "url" in button:
                    self.report.links.append((button["text"], button["url"]))
                data = button.get("callback_data")
                if not data:
                    continue
                pattern = callback_pattern(data)
                if pattern in self._seen:
                    continue
                self._seen.add(pattern)
                queue = self._later if data.startswith(self.press_last or ("\0",)) else self._queue
                queue.append((message["message_id"], data))

    def _check_language(self, text: str, where: str, expected: str) -> None:
        problem = self.detector.problem(text, expected)
        if problem:
            self.report.wrong_language.append(f"{where} [{expected}, {problem}]: {text[:120]!r}")

    async def _answer_dialog(self, where: str) -> None:
        key = StorageKey(bot_id=self.bot_id, chat_id=self.user_id, user_id=self.user_id)
        dialog = await self.dp.storage.get_state(key)
        if not dialog:
            return
        text = self.inputs.get(dialog)
        if text is None:
            self.report.unknown_dialogs.append(f"{dialog} (after {where})")
            await self.dp.storage.set_state(key, None)
            return
        self.report.typed.append((dialog, text))
        await self._act(lambda: self.state.send_text(self.bot_id, self.user_id, text),
                        f"typed {text!r} in {dialog}", typing=True)

    async def _press(self, message_id: int, data: str) -> None:
        def press() -> Any:
            try:
                return self.state.press_button(self.bot_id, self.user_id, message_id, data=data,
                                               raw=True)
            except Exception:  # the message is gone: press it on the latest screen instead
                return self.state.press_button(self.bot_id, self.user_id, None, data=data,
                                               raw=True)

        record = await self._act(press, f"press {data}")
        answered = bool(record is not None and record.answered)
        answer = str((record.answer or {}).get("text") or "") if answered else ""
        self.report.presses.append(Press(data, callback_pattern(data), answered, answer))
        if not answered:
            self.report.unanswered.append(data)
