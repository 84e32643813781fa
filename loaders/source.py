"""Open an input file as a binary stream (gzip detected by magic bytes) with its first bytes kept.

Every reader gets a `Source`: the name the caller gave (used in `file:line` messages), the first
`HEAD_SIZE` bytes for format sniffing, and line/chunk iterators that replay those bytes before
reading on, so a file is opened and decompressed once and read in constant memory.
"""

from __future__ import annotations

import gzip
import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kg.errors import LoadError

HEAD_SIZE = 65536
CHUNK_SIZE = 65536
GZIP_MAGIC = b"\x1f\x8b"
UTF8_BOM = b"\xef\xbb\xbf"


class BadRecord(Exception):
    """Raised by a record converter for a record that cannot become a Document."""

    def __init__(self, reason: str, record: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.record = record


class Source:
    """A binary input stream whose first bytes are kept for sniffing and replayed on reading."""

    def __init__(self, name: str, raw: BinaryIO, closer: BinaryIO | None = None) -> None:
        self.name = name
        self._raw = raw
        self._closer = closer
        self._error: Exception | None = None  # a read error met while taking the head
        pieces: list[bytes] = []
        size = 0
        while size < HEAD_SIZE:
            try:
                piece = raw.read(min(8192, HEAD_SIZE - size))
            except (OSError, EOFError) as err:  # e.g. a gzip stream cut short
                self._error = err
                break
            if not piece:
                break
            pieces.append(piece)
            size += len(piece)
        self.head = b"".join(pieces)
        self._at_eof = size < HEAD_SIZE
        if self.head.startswith(UTF8_BOM):
            self.head = self.head[len(UTF8_BOM):]
        self._replayed = False

    @property
    def error(self) -> Exception | None:
        """A read error met while taking the head (the rest of the stream cannot be read)."""
        return self._error

    @property
    def whole(self) -> bool:
        """True when `head` holds the whole stream."""
        return self._at_eof and self._error is None

    @property
    def blank(self) -> bool:
        """True when the whole stream is empty or white space only."""
        return self._at_eof and self._error is None and not self.head.strip()

    def _claim(self) -> None:
        if self._replayed:
            raise RuntimeError("a Source can be read only once")
        self._replayed = True

    def _rest(self) -> BinaryIO:
        """The stream after the head; re-raises a read error met while taking the head."""
        if self._error is not None:
            raise self._error
        return self._raw

    def chunks(self, size: int = CHUNK_SIZE) -> Iterator[bytes]:
        """The stream's bytes in chunks of at most `size` (the head first)."""
        self._claim()
        for start in range(0, len(self.head), size):
            yield self.head[start:start + size]
        rest = self._rest()
        while True:
            chunk = rest.read(size)
            if not chunk:
                return
            yield chunk

    def lines(self, limit: int | None = None) -> Iterator[bytes]:
        """The stream's lines with their line ends; a line longer than `limit` comes in pieces."""
        self._claim()
        head_lines = self.head.split(b"\n")
        tail = head_lines.pop()  # the part after the last newline (b"" when head ends with one)
        for piece in head_lines:
            yield from _pieces(piece + b"\n", limit)
        if self._at_eof and self._error is None:
            if tail:
                yield from _pieces(tail, limit)
            return
        stream = self._rest()
        readline = stream.readline
        if tail:
            yield from _pieces(tail + (readline(limit) if limit else readline()), limit)
        if limit is None:
            yield from stream
            return
        while True:
            line = readline(limit)
            if not line:
                return
            yield line

    def close(self) -> None:
        for stream in (self._raw, self._closer):
            if stream is not None and stream is not sys.stdin.buffer:
                stream.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _pieces(data: bytes, limit: int | None) -> Iterator[bytes]:
    if limit is None or len(data) <= limit:
        yield data
        return
    for start in range(0, len(data), limit):
        yield data[start:start + limit]


def open_source(path: str | Path) -> Source:
    """Open `path` ("-" is standard input) for reading, decompressing gzip whatever its name."""
    name = str(path)
    if name == "-":
        raw: BinaryIO = sys.stdin.buffer
        closer = None
    else:
        try:
            closer = open(name, "rb")  # noqa: SIM115 - closed by Source.close
        except OSError as err:
            raise LoadError(f"cannot open: {err.strerror or err}", source=name) from err
        raw = closer
    if not hasattr(raw, "peek"):
        raw = io.BufferedReader(raw)  # type: ignore[arg-type]
    magic = raw.peek(2)[:2]
    if magic == GZIP_MAGIC:
        raw = gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[assignment]
    try:
        return Source(name, raw, closer if raw is not closer else None)
    except OSError as err:
        if closer is not None:
            closer.close()
        raise LoadError(f"cannot read: {err}", source=name) from err
