"""Read arXiv OAI-PMH `ListRecords` responses (metadataPrefix `arXiv`, also `arXivRaw`).

The envelope (`record`, `header`, `metadata`) is in the OAI namespace and the metadata in the
arXiv one; fields are looked up by local name inside `<metadata>`, so both arXiv formats work.
A deleted record (`<header status="deleted">`) is refused. Year from `<created>` (first version).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.model import Document

from .build import document
from .xmlfile import read_xml, text_of
from .report import Reject
from .source import BadRecord, Source
from .text import arxiv_id, doi, plain, split_authors
from .xmlstream import LINE_LIMIT, local

OAI = "{http://www.openarchives.org/OAI/2.0/}"
RECORD = frozenset({OAI + "record"})


def _fields(metadata: ET.Element) -> dict[str, ET.Element]:
    found: dict[str, ET.Element] = {}
    for elem in metadata.iter():
        found.setdefault(local(elem.tag), elem)
    return found


def _authors(metadata: ET.Element, fields: dict[str, ET.Element]) -> list[str]:
    names = []
    for author in (e for e in metadata.iter() if local(e.tag) == "author"):
        parts = {local(p.tag): plain(p.text) for p in author}
        name = " ".join(p for p in (parts.get("forenames"), parts.get("keyname"), parts.get("suffix")) if p)
        if name:
            names.append(name)
    if not names and "authors" in fields:  # arXivRaw: one free-text string
        names = split_authors(re.sub(r"\s*\([^)]*\)", "", text_of(fields["authors"])))
    return names


def record_document(record: ET.Element, where: str) -> Document:
    """The Document of one OAI `<record>`."""
    header = record.find(OAI + "header")
    identifier = plain(header.findtext(OAI + "identifier")) if header is not None else None
    if header is not None and header.get("status") == "deleted":
        raise BadRecord("deleted record", identifier)
    metadata = record.find(OAI + "metadata")
    if metadata is None:
        raise BadRecord("record without metadata", identifier)
    fields = _fields(metadata)

    def get(name: str) -> str:
        return text_of(fields.get(name))

    bare = arxiv_id(get("id")) or arxiv_id((identifier or "").removeprefix("oai:arXiv.org:"))
    return document(
        id=bare, title=get("title"), abstract=get("abstract"), source=where,
        year=get("created") or get("date") or None, authors=_authors(metadata, fields),
        venue=get("journal-ref") or None, doi=doi(get("doi").split()[0] if get("doi").strip() else None),
        arxiv_id=bare, url=f"https://arxiv.org/abs/{bare}" if bare else None,
    )


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from the records of an OAI-PMH response."""
    return read_xml(src.name, src.lines(LINE_LIMIT), RECORD, record_document)
