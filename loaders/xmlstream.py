"""Stream chosen elements out of an XML file with their start line, in constant memory.

The file is fed line by line to an `xml.etree` pull parser (expat: entities decoded once,
external DTDs never fetched); each wanted element is handed over when it ends, then cleared
and cut from its parent so the tree never grows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

#: Longest piece of a line fed at once (one-line files are fed in pieces).
LINE_LIMIT = 1 << 16


@dataclass
class XMLError(Exception):
    """Malformed XML: expat's message and the 1-based line it stopped at."""

    message: str
    line: int | None
    undecodable: bool = False  # the bytes where it stopped are not UTF-8


def local(tag: str) -> str:
    """An element name without its `{namespace}`."""
    return tag.rpartition("}")[2]


def iter_elements(lines: Iterable[bytes], tags: frozenset[str]) -> Iterator[tuple[int, ET.Element]]:
    """(start line, element) for each element whose tag (`{ns}name`) is in `tags`.

    The element is valid only until the next one is requested. XMLError on malformed XML.
    """
    parser = ET.XMLPullParser(events=("start", "end"))
    stack: list[ET.Element] = []
    target: ET.Element | None = None
    target_line = 0
    line = 1
    chunk = b""
    try:
        for chunk in lines:
            parser.feed(chunk)
            for event, elem in parser.read_events():
                if event == "start":
                    stack.append(elem)
                    if target is None and elem.tag in tags:
                        target, target_line = elem, line
                    continue
                stack.pop()
                if elem is target:
                    yield target_line, elem
                    target = None
                    elem.clear()
                    if stack:
                        stack[-1].remove(elem)
            line += chunk.count(b"\n")
        parser.close()
    except ET.ParseError as err:
        position = getattr(err, "position", None)
        raise XMLError(str(err), position[0] if position else line,
                       "invalid token" in str(err) and not _is_utf8(chunk)) from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
