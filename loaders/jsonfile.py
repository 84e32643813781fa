"""Read the records of a JSON Lines file or of one JSON document, and convert each to a Document.

The mode comes from the first bytes: a first line that is a complete JSON object (and not a
wrapper such as `{"data": [...]}`), or a broken first line followed by lines that mostly are
objects, means JSON Lines, read line by line so that one bad line costs one record; anything else (an array, a pretty-printed or one-line wrapper object) is
streamed with `jsonstream`. Lines mode names records `path:line`, stream mode `path:record N`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from kg.model import Document

from .jsonstream import JSONStreamError, iter_values
from .report import Reject
from .source import BadRecord, Source

#: Keys under which a top-level object may hold the list of records.
WRAPPER_KEYS = frozenset({"data", "results", "papers", "records"})

Item = tuple[str, int, Any]  # (source "path:line" or "path:record N", line or record number, object)


def _by_record(where: str) -> bool:
    return where.rpartition(":")[2].startswith("record ")


def is_wrapper(obj: Any, keys: frozenset[str] = WRAPPER_KEYS) -> bool:
    """True for an object that holds records in a list under a wrapper key and is not one itself."""
    return (isinstance(obj, dict) and "abstract" not in obj
            and any(isinstance(obj.get(k), list) for k in keys))


def lines_mode(src: Source, keys: frozenset[str] = WRAPPER_KEYS) -> bool:
    """Whether `src` reads as JSON Lines (see module doc).

    A first line that is a whole record means JSON Lines, a wrapper means one document. When the
    first line is not valid JSON on its own, the file is JSON Lines if at least half of the other
    complete lines in the head are JSON objects (a JSONL file with a broken first line), and one
    document otherwise (pretty-printed JSON, whose lines are fragments).
    """
    head = src.head.lstrip()
    if not head.startswith(b"{"):
        return not head.startswith(b"[")
    lines = head.split(b"\n")
    if not src.whole:
        lines.pop()  # the last line may be cut short
    lines = [line for line in lines if line.strip()]
    if not lines:
        return False  # one line longer than the head: one big document
    try:
        return not is_wrapper(json.loads(lines[0]), keys)
    except ValueError:
        pass
    objects = 0
    for line in lines[1:]:
        try:
            objects += isinstance(json.loads(line), dict)
        except ValueError:
            pass
    return objects > 0 and objects * 2 >= len(lines) - 1


def json_lines(src: Source) -> Iterator[Item | Reject]:
    """Each non-blank line's JSON value, or a Reject for a line that is not valid UTF-8 JSON."""
    name = src.name
    loads = json.loads
    line = 0
    for line, raw in enumerate(src.lines(), 1):  # noqa: B007 - line is used after the loop
        try:
            obj = loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            yield Reject(name, line, None, "undecodable bytes (utf-8)")
            continue
        except json.JSONDecodeError as err:
            if raw.isspace() or not raw:
                continue
            yield Reject(name, line, None, f"invalid JSON: {err.msg}")
            continue
        yield f"{name}:{line}", line, obj


def json_stream(src: Source, keys: frozenset[str] = WRAPPER_KEYS) -> Iterator[Item | Reject]:
    """Each record of one JSON document (array or wrapper), streamed; a Reject ends a bad file."""
    name = src.name
    number = 0
    try:
        for number, obj in enumerate(iter_values(src.chunks(), keys), 1):  # noqa: B007
            yield f"{name}:record {number}", number, obj
    except JSONStreamError as err:
        yield Reject(name, number + 1, None, f"invalid JSON: {err}", by_record=True)
    except UnicodeDecodeError:
        yield Reject(name, number + 1, None, "undecodable bytes (utf-8)", by_record=True)


def json_records(src: Source, keys: frozenset[str] = WRAPPER_KEYS) -> Iterator[Item | Reject]:
    """The records of `src` in lines mode or stream mode, whichever its first bytes call for."""
    return json_lines(src) if lines_mode(src, keys) else json_stream(src, keys)


def read_json(src: Source, convert: Callable[[dict[str, Any], str], Document],
              keys: frozenset[str] = WRAPPER_KEYS) -> Iterator[Document | Reject]:
    """Documents (or Rejects) from the JSON records of `src`, each converted by `convert`."""
    name = src.name
    for item in json_records(src, keys):
        if isinstance(item, Reject):
            yield item
            continue
        where, line, obj = item
        if not isinstance(obj, dict):
            yield Reject(name, line, None, f"not a JSON object: {type(obj).__name__}",
                         by_record=_by_record(where))
            continue
        try:
            yield convert(obj, where)
        except BadRecord as bad:
            yield Reject(name, line, bad.record, bad.reason, by_record=_by_record(where))
