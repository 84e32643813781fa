"""Map a generic record (a JSON object or a CSV row) to a Document by field names.

Our field names are looked up under the source's names: first the name given in `fields`
(e.g. `{"abstract": "summary"}`), then the usual aliases below; keys match case-insensitively.
A citation-shaped `source` value (Embase: `Cancer (2004) 102:4 (253-258). ...`) gives the venue
and year when the record has no field of its own for them; any other `source` is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from kg.model import Document

from .build import document
from .jsonfile import read_json
from .report import Reject
from .source import Source
from .text import arxiv_id, doi, split_authors

_CITATION = re.compile(r"^\s*(?P<venue>[^()]+?)\s*\((?P<year>(?:1[5-9]|20|21)\d\d)\)")

#: Source names tried for each of our fields, in order, when `fields` does not name one.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "paper_id", "paperid", "doc_id", "docid", "document_id", "uid", "pmid", "key"),
    "title": ("title", "display_name", "paper_title", "ti"),
    "abstract": ("abstract", "summary", "abstract_text", "abstracttext", "description", "ab"),
    "year": ("year", "publication_year", "pub_year", "published", "publication_date",
             "publicationdate", "date"),
    "authors": ("authors", "author", "author names", "author_names", "creators"),
    "venue": ("venue", "journal", "journal_title", "booktitle", "container-title", "source title"),
    "doi": ("doi",),
    "arxiv_id": ("arxiv_id", "arxiv", "arxivid", "eprint"),
    "url": ("url", "link", "pdf_url"),
    "source": ("source",),  # only read for a citation (see module doc)
}
FIELDS = tuple(name for name in ALIASES if name != "source")


def check_fields(fields: Mapping[str, str] | None) -> dict[str, str]:
    """`fields` with unknown names of ours refused (ValueError), source names lower-cased."""
    if not fields:
        return {}
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field name(s) {unknown}; known: {list(FIELDS)}")
    return {ours: theirs.lower() for ours, theirs in fields.items()}


class Mapper:
    """Looks up our fields in records of one file; remembers the key each field matched."""

    def __init__(self, fields: Mapping[str, str] | None = None) -> None:
        self.fields = check_fields(fields)
        self._keys: dict[tuple[str, ...], dict[str, str | None]] = {}

    def _resolve(self, keys: tuple[str, ...]) -> dict[str, str | None]:
        lower: dict[str, str] = {}
        for key in keys:
            lower.setdefault(key.lower().strip(), key)
        found: dict[str, str | None] = {}
        for ours, names in ALIASES.items():
            wanted = (self.fields[ours],) if ours in self.fields else names
            found[ours] = next((lower[n] for n in wanted if n in lower), None)
        return found

    def keys_for(self, record: Mapping[str, Any]) -> dict[str, str | None]:
        """Our field -> the record's key, cached per key set (records of a file share one)."""
        keys = tuple(record)
        found = self._keys.get(keys)
        if found is None:
            if len(self._keys) > 256:
                self._keys.clear()
            found = self._keys[keys] = self._resolve(keys)
        return found

    def document(self, record: Mapping[str, Any], source: str) -> Document:
        """The Document of one record; `BadRecord` when it has no abstract."""
        values = {ours: record[key] for ours, key in self.keys_for(record).items()
                  if key is not None and record[key] != ""}
        venue = values.get("venue")
        year = values.get("year")
        citation = values.get("source")
        if isinstance(citation, str) and (venue is None or year is None):
            match = _CITATION.match(citation)
            if match:
                venue = venue if venue is not None else match["venue"]
                year = year if year is not None else match["year"]
        return document(
            id=values.get("id"), title=values.get("title"), abstract=values.get("abstract"),
            source=source, year=year, authors=split_authors(values.get("authors")),
            venue=venue if isinstance(venue, str) else None, doi=doi(values.get("doi")),
            arxiv_id=arxiv_id(values.get("arxiv_id")), url=values.get("url"),
        )


def read(src: Source, fields: Mapping[str, str] | None = None) -> Iterator[Document | Reject]:
    """Documents from JSON Lines, a JSON array or a wrapper object of generic records."""
    return read_json(src, Mapper(fields).document)
