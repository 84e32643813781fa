"""Abbreviation detection (the Schwartz–Hearst algorithm) on plain text with character offsets.

Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions in
biomedical text": a short form in parentheses after its long form ("out-of-distribution (OOD)"),
or the reverse ("OOD (out-of-distribution)"); the long form is the shortest span of the preceding
words in which the short form's characters occur in order, the first at the start of a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PAREN = re.compile(r"\(([^()]{1,80})\)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Abbreviation:
    """A short form and its long form, each as [start, end) offsets into the text."""

    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int


def is_short_form(candidate: str) -> bool:
    """Whether a string can be a short form: 2-10 characters, one word, a letter, starts alphanumeric."""
    if not 2 <= len(candidate) <= 10 or " " in candidate:
        return False
    if not candidate[0].isalnum() or not any(c.isalpha() for c in candidate):
        return False
    return any(c.isupper() for c in candidate) or candidate.isalpha() and len(candidate) <= 5


_REPEATED = re.compile(r"([A-Za-z])([23])(?=[A-Za-z]|$)")


def spelled_out(short: str) -> str:
    """"A2PR" -> "AAPR", "A3C" -> "AAAC": a digit after a letter repeats it (Adaptive Advantage ...)."""
    return _REPEATED.sub(lambda m: m.group(1) * int(m.group(2)), short)


def _read_against(short: str, long: str) -> str:
    """`short` spelled out where a digit repeats a letter and the long form has no digit to match."""
    return spelled_out(short) if _REPEATED.search(short) and not any(c.isdigit() for c in long) else short


def best_long_form(short: str, long: str) -> int | None:
    """Index in `long` where the long form of `short` starts, or None if it has none.

    Characters of the short form are matched right to left; the first one must begin a word.
    A digit repeating the letter before it ("A2PR") is read as that letter repeated when the
    digit itself is not in the long form.
    """
    short = _read_against(short, long)
    s_index = len(short) - 1
    l_index = len(long) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (
            long[l_index].lower() != char
            or (s_index == 0 and l_index > 0 and long[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = long.rfind(" ", 0, l_index + 1) + 1
    return start


def initials_long_form(short: str, long: str) -> int | None:
    """Index in `long` where words whose initials spell `short` begin, or None.

    Tried before `best_long_form`, which on "Proximal Policy Optimization (PPO)" would
    otherwise settle for "Policy Optimization".
    """
    short = _read_against(short, long)
    letters = [c.lower() for c in short if c.isalpha()]
    if short.endswith("s") and len(letters) > 2 and short[:-1].isupper():
        letters = letters[:-1]
    for word in (r"[^\s\-/]+", r"\S+"):  # "Advantage-guided" as two words, else as one
        parts = list(re.finditer(word, long))
        if len(parts) < len(letters):
            continue
        tail = parts[len(parts) - len(letters):]
        if [p.group()[0].lower() for p in tail] == letters:
            return tail[0].start()
    return None


def _words_before(text: str, end: int, limit: int) -> int:
    """Start offset of the last `limit` words before `end`, stopping at sentence punctuation."""
    words = list(_WORD.finditer(text, max(0, end - 400), end))
    start = end
    for match in reversed(words[-limit:]):
        token = match.group()
        if token.endswith((".", ";", ":", "!", "?")) and match.end() < end - 1:
            break
        start = match.start()
    return start


#: A second short form of the same name after the first in the parentheses: "(RSRS or RS2)".
_SECOND_SHORT = re.compile(r"\s+or\s+(\S+)\s*$")
#: A short form given after its long form and a comma: "Leave-One-Out K-Nearest-Neighbor, or LOOK for short".
_FOR_SHORT = re.compile(r",\s+or\s+(\S+)\s+for\s+short\b")


def _long_form_before(text: str, short: str, before_end: int) -> int | None:
    """Start of the long form of `short` that ends at `before_end`, or None."""
    limit = min(len(short) + 5, len(short) * 2)
    window_start = max(_words_before(text, before_end, limit), text.rfind("\n", 0, before_end) + 1)
    window = text[window_start:before_end]
    rel = initials_long_form(short, window)
    if rel is None:
        rel = best_long_form(short, window)
    if rel is None:
        return None
    long = window[rel:]
    if len(long) <= len(short) or long.lower().startswith(short.lower()):
        return None
    return window_start + rel


def _other_short_forms(text: str) -> list[Abbreviation]:
    """Short forms defined without parentheses of their own, each with its long form: the second of
    "(RSRS or RS2)" and "X, or LOOK for short". In kg's annotated texts both such short forms (2 of 2)
    are aliases of the long form's entity."""
    found: list[Abbreviation] = []
    for first in find_abbreviations(text, others=False):
        close = text.find(")", first.short_end)
        second = _SECOND_SHORT.match(text, first.short_end, close) if close > 0 else None
        if second and is_short_form(second.group(1)):
            found.append(Abbreviation(second.group(1), second.start(1), second.end(1),
                                      first.long, first.long_start, first.long_end))
    for match in _FOR_SHORT.finditer(text):
        short = match.group(1)
        long_start = _long_form_before(text, short, match.start()) if is_short_form(short) else None
        if long_start is not None:
            found.append(Abbreviation(short, match.start(1), match.end(1),
                                      text[long_start:match.start()], long_start, match.start()))
    return found


def find_abbreviations(text: str, others: bool = True) -> list[Abbreviation]:
    """Every (short form, long form) pair defined in `text`, in text order (with `others`, also the
    short forms of `_other_short_forms`)."""
    found: list[Abbreviation] = []
    for match in _PAREN.finditer(text):
        inner = match.group(1).strip()
        inner_start = match.start(1) + (len(match.group(1)) - len(match.group(1).lstrip()))
        # Only the first part counts here: "(OOD, for short)", "(RSRS or RS2)".
        first = re.split(r"[;,]\s|\s+or\s+", inner)[0].strip()
        before_end = match.start()
        while before_end > 0 and text[before_end - 1] == " ":
            before_end -= 1
        if is_short_form(first):
            long_start = _long_form_before(text, first, before_end)
            if long_start is None:
                continue
            found.append(Abbreviation(first, inner_start, inner_start + len(first),
                                      text[long_start:before_end], long_start, before_end))
        else:
            # Reverse order: "OOD (out-of-distribution)".
            prev = list(_WORD.finditer(text, max(0, before_end - 12), before_end))
            if not prev:
                continue
            short_match = prev[-1]
            short = short_match.group().strip(",;:")
            if not is_short_form(short) or len(first.split()) > len(short) + 5:
                continue
            rel = best_long_form(short, first)
            if rel != 0:
                continue
            found.append(Abbreviation(short, short_match.start(), short_match.start() + len(short),
                                      first, inner_start, inner_start + len(first)))
    if others:
        found = sorted(found + _other_short_forms(text), key=lambda a: a.short_start)
    return found
