"""Drive an XML reader: turn each wanted element of a stream into a Document or a Reject."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator

from kg.model import Document

from .report import Reject
from .source import BadRecord
from .xmlstream import XMLError, iter_elements

Convert = Callable[[ET.Element, str], Document]


def read_xml(name: str, lines: Iterable[bytes], tags: frozenset[str], convert: Convert, *,
             by_record: bool = False) -> Iterator[Document | Reject]:
    """Documents from the `tags` elements of an XML stream, each converted by `convert`.

    Records are named `name:line` (or `name:record N` with `by_record`, when lines are not the
    file's own, as for XML taken out of a JSON wrapper). Malformed XML ends the file with one
    Reject ("invalid XML: ...", or "undecodable bytes (utf-8)") at the line where the parser stopped.
    """
    number = 0
    try:
        for number, (line, elem) in enumerate(iter_elements(lines, tags), 1):  # noqa: B007
            where, at = (f"{name}:record {number}", number) if by_record else (f"{name}:{line}", line)
            try:
                yield convert(elem, where)
            except BadRecord as bad:
                yield Reject(name, at, bad.record, bad.reason, by_record=by_record)
    except XMLError as err:
        at = number + 1 if by_record else err.line
        reason = "undecodable bytes (utf-8)" if err.undecodable else f"invalid XML: {err.message}"
        yield Reject(name, at, None, reason, by_record=by_record)


def text_of(elem: ET.Element | None) -> str:
    """All text inside an element (inline markup such as <i> kept as its text), or ""."""
    return "".join(elem.itertext()) if elem is not None else ""
