"""Read OpenAlex works: snapshot JSON Lines or an API list response `{"meta", "results": [...]}`.

The abstract is rebuilt from `abstract_inverted_index`, in either shape — the old
`{"IndexLength": N, "InvertedIndex": {word: [positions]}}` or the flat `{word: [positions]}` —
by putting each word at its positions and reading them in order (missing positions skipped).
Neither the 2021 keys (`host_venue`) nor the current ones (`primary_location`) are required.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.model import Document

from .build import document
from .jsonfile import read_json
from .report import Reject
from .source import BadRecord, Source
from .text import doi

_PREFIX = "https://openalex.org/"


def rebuild_abstract(index: Any) -> str:
    """The text of an inverted index, words in position order, gaps skipped."""
    if not isinstance(index, dict):
        return ""
    words = index.get("InvertedIndex") if isinstance(index.get("InvertedIndex"), dict) else index
    placed: list[tuple[int, str]] = []
    for word, positions in words.items():
        if isinstance(positions, list):
            placed.extend((p, word) for p in positions if isinstance(p, int))
    placed.sort()
    return " ".join(word for _, word in placed)


def _venue(work: dict[str, Any]) -> str | None:
    for key in ("host_venue", "primary_location"):
        place = work.get(key)
        if isinstance(place, dict):
            source = place.get("source") if isinstance(place.get("source"), dict) else place
            if source.get("display_name"):
                return source["display_name"]
    return None


def work_document(work: dict[str, Any], where: str) -> Document:
    """The Document of one OpenAlex work."""
    raw_id = work.get("id")
    own = raw_id.removeprefix(_PREFIX) if isinstance(raw_id, str) else None
    abstract = rebuild_abstract(work.get("abstract_inverted_index"))
    if not abstract:
        raise BadRecord("missing abstract", own or work.get("title"))
    authors = [a["author"]["display_name"] for a in work.get("authorships") or ()
               if isinstance(a, dict) and isinstance(a.get("author"), dict)
               and a["author"].get("display_name")]
    ids = work.get("ids") if isinstance(work.get("ids"), dict) else {}
    return document(
        id=own, title=work.get("title") or work.get("display_name"), abstract=abstract,
        source=where, year=work.get("publication_year") or work.get("publication_date"),
        authors=authors, venue=_venue(work), doi=doi(work.get("doi") or ids.get("doi")),
        url=raw_id,
    )


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from OpenAlex works."""
    return read_json(src, work_document)
