"""Read arXiv API responses (Atom XML), raw or inside a JSON wrapper `{"url", "status_code", "body"}`.

Elements are matched by namespace URI, never by prefix. The id is the arXiv id without its version
(`1201.4869`, `cond-mat/0412498`); year from `<published>`; venue from `arxiv:journal_ref`.
An error entry of the API (id `.../api/errors#...`) is refused with its message.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.model import Document

from .build import document
from .xmlfile import read_xml, text_of
from .report import Reject
from .source import BadRecord, Source
from .text import arxiv_id, doi, plain
from .xmlstream import LINE_LIMIT

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
ENTRY = frozenset({ATOM + "entry"})


def entry_document(entry: ET.Element, where: str) -> Document:
    """The Document of one Atom `<entry>`."""
    raw_id = plain(entry.findtext(ATOM + "id")) or ""
    if "/api/errors" in raw_id:
        raise BadRecord(f"arXiv API error: {plain(text_of(entry.find(ATOM + 'summary')))}", raw_id)
    bare = arxiv_id(raw_id)
    url = next((link.get("href") for link in entry.findall(ATOM + "link")
                if link.get("rel") == "alternate"), None) or raw_id
    return document(
        id=bare, title=text_of(entry.find(ATOM + "title")),
        abstract=text_of(entry.find(ATOM + "summary")), source=where,
        year=entry.findtext(ATOM + "published"),
        authors=[n for n in (plain(a.findtext(ATOM + "name")) for a in entry.findall(ATOM + "author")) if n],
        venue=entry.findtext(ARXIV + "journal_ref"), doi=doi(entry.findtext(ARXIV + "doi")),
        arxiv_id=bare, url=url,
    )


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from the entries of an Atom feed (or of the feed in a JSON wrapper's `body`)."""
    if src.head.lstrip()[:1] != b"{":
        return read_xml(src.name, src.lines(LINE_LIMIT), ENTRY, entry_document)
    return _wrapped(src)


def _wrapped(src: Source) -> Iterator[Document | Reject]:
    # One API response: small enough to read whole, unlike the files the other readers take.
    try:
        wrapper = json.loads(b"".join(src.chunks()))
    except UnicodeDecodeError:
        yield Reject(src.name, 1, None, "undecodable bytes (utf-8)")
        return
    except json.JSONDecodeError as err:
        yield Reject(src.name, err.lineno, None, f"invalid JSON: {err.msg}")
        return
    body = wrapper.get("body") if isinstance(wrapper, dict) else None
    if not isinstance(body, str) or not body.strip():
        yield Reject(src.name, 1, None, "JSON wrapper without an Atom `body`")
        return
    data = body.encode("utf-8")
    pieces = (data[i:i + LINE_LIMIT] for i in range(0, len(data), LINE_LIMIT))
    yield from read_xml(src.name, pieces, ENTRY, entry_document, by_record=True)
