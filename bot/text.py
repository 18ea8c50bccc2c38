"""Telegram's text limit: measure in UTF-16 code units and split long text into sendable parts.

Telegram measures a message after parsing its markup, in UTF-16 code units, and rejects more
than 4096 ("message is too long"). :func:`split_message` cuts a rendered message into parts
that each fit, choosing in this order: a paragraph break, a line break, any other whitespace
(each only in the second half of the part, so parts do not get tiny), and only then a hard cut.
A cut never falls inside a character, a surrogate pair or an HTML entity; the whitespace at a
cut is dropped (Telegram trims it anyway). Text that fits is returned unchanged.

For ``parse_mode="HTML"`` tags do not count toward the limit. A tag that is open across a cut is
closed at the end of the part and reopened, with its attributes, at the start of the next one,
so every part is valid HTML on its own (a link cut in two becomes two links). HTML that cannot
be parsed (an unbalanced or broken tag) is split as plain text: Telegram then reports the markup
error, and the sender records it. Other parse modes are split as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_MESSAGE_UNITS = 4096

_TAG = re.compile(r"""<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ENTITY = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[a-zA-Z][a-zA-Z0-9]{0,31});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's limits and entity offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _units(char: str) -> int:
    return 2 if ord(char) > 0xFFFF else 1


@dataclass
class _Tag:
    raw: str
    name: str
    opening: bool


@dataclass
class _Doc:
    """Text as atoms (a character or an HTML entity) with the tags that stand before each."""

    atoms: list[str] = field(default_factory=list)  # what to emit
    chars: list[str] = field(default_factory=list)  # the character it shows (for boundaries)
    units: list[int] = field(default_factory=list)
    tags: dict[int, list[_Tag]] = field(default_factory=dict)

    def add(self, raw: str, shown: str, units: int) -> None:
        self.atoms.append(raw)
        self.chars.append(shown)
        self.units.append(units)


def _plain_doc(text: str) -> _Doc:
    doc = _Doc()
    for char in text:
        doc.add(char, char, _units(char))
    return doc


def _entity_atom(match: re.Match[str]) -> tuple[str, int]:
    name = match.group(1)
    if not name.startswith("#"):
        shown = _NAMED.get(name)
        return (shown, 1) if shown is not None else (match.group(), utf16_len(match.group()))
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
        return chr(code), _units(chr(code))
    return match.group(), utf16_len(match.group())


def _html_doc(text: str) -> _Doc:
    """Parse Telegram HTML into atoms and tags; ValueError if the tags do not balance."""
    doc, stack, index = _Doc(), [], 0
    while index < len(text):
        char = text[index]
        if char == "<":
            match = _TAG.match(text, index)
            if match is None:
                raise ValueError(f"broken tag at {index}")
            name, opening = match.group(2).lower(), not match.group(1)
            if opening:
                stack.append(name)
            elif not stack or stack.pop() != name:
                raise ValueError(f"unbalanced </{name}> at {index}")
            doc.tags.setdefault(len(doc.atoms), []).append(_Tag(match.group(), name, opening))
            index = match.end()
        elif char == "&" and (entity := _ENTITY.match(text, index)):
            shown, units = _entity_atom(entity)
            doc.add(entity.group(), shown[0], units)
            index = entity.end()
        else:
            doc.add(char, char, _units(char))
            index += 1
    if stack:
        raise ValueError(f"<{stack[-1]}> is never closed")
    return doc


def _best_cut(chars: list[str], start: int, end: int) -> tuple[int, int]:
    """Where a part that may run to ``end`` should stop: (end of this part, start of next)."""
    total = len(chars)
    floor = start + max(1, (end - start) // 2)
    tests = (
        lambda p: chars[p] == "\n" and p + 1 < total and chars[p + 1] == "\n",
        lambda p: chars[p] == "\n",
        lambda p: chars[p].isspace(),
    )
    for is_break in tests:
        for position in range(min(end, total - 1), floor - 1, -1):
            if not is_break(position):
                continue
            stop, resume = position, position
            while stop > start and chars[stop - 1].isspace():
                stop -= 1
            while resume < total and chars[resume].isspace():
                resume += 1
            if stop > start:
                return stop, resume
    return end, end


def _ranges(doc: _Doc, limit: int) -> list[tuple[int, int]]:
    """Atom ranges of the parts; blank parts are left out."""
    ranges: list[tuple[int, int]] = []
    start, total = 0, len(doc.atoms)
    while start < total:
        end, used = start, 0
        while end < total and used + doc.units[end] <= limit:
            used += doc.units[end]
            end += 1
        if end == start:  # one atom wider than the limit: only with tiny test limits
            end += 1
        if end == total:
            ranges.append((start, total))
            break
        stop, resume = _best_cut(doc.chars, start, end)
        ranges.append((start, stop))
        start = resume
    return [(a, b) for a, b in ranges if not all(c.isspace() for c in doc.chars[a:b])]


def _apply(stack: list[_Tag], tags: list[_Tag]) -> None:
    for tag in tags:
        if tag.opening:
            stack.append(tag)
        else:
            stack.pop()


def _emit(doc: _Doc, ranges: list[tuple[int, int]]) -> list[str]:
    """Rebuild each range, reopening the tags open at its start and closing those open at its
    end; tags that fall in the whitespace dropped at a cut only change what is open."""
    parts: list[str] = []
    stack: list[_Tag] = []
    done = 0
    for start, end in ranges:
        for index in range(done, start):
            _apply(stack, doc.tags.get(index, []))
        leading = doc.tags.get(start, [])
        closing = 0
        while closing < len(leading) and not leading[closing].opening:
            closing += 1
        _apply(stack, leading[:closing])  # closes right after a cut belong to the last part
        out = [tag.raw for tag in stack]
        for index in range(start, end):
            tags = leading[closing:] if index == start else doc.tags.get(index, [])
            out.extend(tag.raw for tag in tags)
            _apply(stack, tags)
            out.append(doc.atoms[index])
        out.extend(f"</{tag.name}>" for tag in reversed(stack))
        parts.append("".join(out))
        done = end
    return parts


def _doc_for(text: str, parse_mode: str | None) -> _Doc:
    if parse_mode and parse_mode.lower() == "html":
        try:
            return _html_doc(text)
        except ValueError:
            return _plain_doc(text)
    return _plain_doc(text)


def split_message(text: str, parse_mode: str | None = None,
                  limit: int = MAX_MESSAGE_UNITS) -> list[str]:
    """The parts to send, in order: ``[text]`` if it fits, ``[]`` if it shows nothing."""
    doc = _doc_for(text, parse_mode)
    if all(char.isspace() for char in doc.chars):
        return []
    if sum(doc.units) <= limit:
        return [text]
    return _emit(doc, _ranges(doc, limit))
