"""Stream the records of a JSON document in constant memory: array items, or a wrapper's list.

`iter_values` reads a byte stream and yields, one at a time, each item of a top-level array,
each item of a list under one of `wrapper_keys` in a top-level object (`{"meta": ..,
"results": [...]}`), or any other top-level value whole. Several top-level values in a row
(concatenated JSON) are read one after the other. Only one item is held in memory at a time.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_COMPACT_AT = 1 << 16
_NEAR_END = 64  # a decode error this close to the buffer's end may just be a value cut in two


class JSONStreamError(ValueError):
    """Malformed JSON at a 1-based line and column."""

    def __init__(self, msg: str, line: int, column: int) -> None:
        super().__init__(f"{msg} (line {line}, column {column})")
        self.msg = msg
        self.line = line
        self.column = column


class _Buffer:
    """Decoded text read so far, a read position, and the lines already dropped from the front."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        self._chunks = iter(chunks)
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.text = ""
        self.pos = 0
        self.eof = False
        self._dropped_lines = 0

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the stream."""
        if self.eof:
            return False
        if self.pos > _COMPACT_AT:
            self._dropped_lines += self.text.count("\n", 0, self.pos)
            self.text = self.text[self.pos:]
            self.pos = 0
        chunk = next(self._chunks, None)
        if chunk is None:
            self.eof = True
            self.text += self._decoder.decode(b"", final=True)
            return False
        self.text += self._decoder.decode(chunk)
        return True

    def peek(self) -> str:
        """The next character that is not white space ("" at the end), consumed up to it."""
        while True:
            self.pos = _WS.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.fill():
                return ""

    def where(self, pos: int | None = None) -> tuple[int, int]:
        """(line, column), both 1-based, of a position in the buffer."""
        pos = self.pos if pos is None else pos
        line = self._dropped_lines + self.text.count("\n", 0, pos) + 1
        start = self.text.rfind("\n", 0, pos) + 1
        return line, pos - start + 1

    def error(self, msg: str, pos: int | None = None) -> JSONStreamError:
        return JSONStreamError(msg, *self.where(pos))

    def value(self) -> Any:
        """Decode the value at the current position, reading on while it is incomplete."""
        self.peek()
        while True:
            try:
                obj, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as err:
                cut = err.msg.startswith("Unterminated string") or len(self.text) - err.pos < _NEAR_END
                if cut and self.fill():
                    continue
                raise self.error(err.msg, err.pos) from None
            if (isinstance(obj, (int, float)) and not isinstance(obj, bool)
                    and end + 2 >= len(self.text) and self.fill()):
                continue  # a number near the end ("1", "1.", "1e-") may go on in the next chunk
            self.pos = end
            return obj

    def expect(self, char: str, msg: str) -> None:
        if self.peek() != char:
            raise self.error(msg)
        self.pos += 1


def iter_values(chunks: Iterable[bytes], wrapper_keys: frozenset[str]) -> Iterator[Any]:
    """Each record of the JSON text in `chunks` (see module doc); JSONStreamError when malformed.

    UnicodeDecodeError propagates when the bytes are not UTF-8.
    """
    buf = _Buffer(chunks)
    while True:
        char = buf.peek()
        if not char:
            return
        if char == "[":
            buf.pos += 1
            yield from _array(buf)
        elif char == "{":
            yield from _object(buf, wrapper_keys)
        else:
            yield buf.value()


def _array(buf: _Buffer) -> Iterator[Any]:
    if buf.peek() == "]":
        buf.pos += 1
        return
    while True:
        yield buf.value()
        char = buf.peek()
        buf.pos += 1
        if char == "]":
            return
        if char != ",":
            buf.pos -= 1
            raise buf.error("Expecting ',' delimiter")


def _object(buf: _Buffer, wrapper_keys: frozenset[str]) -> Iterator[Any]:
    """A top-level object: stream the lists under wrapper keys, else yield the object itself."""
    buf.pos += 1
    kept: dict[str, Any] = {}
    wrapped = False
    if buf.peek() == "}":
        buf.pos += 1
        yield kept
        return
    while True:
        if buf.peek() != '"':
            raise buf.error("Expecting property name enclosed in double quotes")
        key = buf.value()
        buf.expect(":", "Expecting ':' delimiter")
        if buf.peek() == "[" and key.lower() in wrapper_keys:
            buf.pos += 1
            wrapped = True
            yield from _array(buf)
        else:
            value = buf.value()
            if not wrapped:
                kept[key] = value
        char = buf.peek()
        buf.pos += 1
        if char == "}":
            break
        if char != ",":
            buf.pos -= 1
            raise buf.error("Expecting ',' delimiter")
    if not wrapped:
        yield kept
