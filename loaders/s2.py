"""Read Semantic Scholar Graph API paper records: JSON Lines, a list, or `{"papers"|"data": [...]}`.

Id is the `paperId`. Venue is `venue`, else `journal.name`, else `publicationVenue.name`
(`venue` is often ""). DOI and arXiv id come from `externalIds`. Abstracts are NFKC-normalised
like every other (S2 abstracts carry PDF ligatures such as "ﬁ").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.model import Document

from .build import document
from .jsonfile import read_json
from .report import Reject
from .source import Source
from .text import arxiv_id, doi, split_authors


def _name(value: Any) -> str | None:
    return value.get("name") if isinstance(value, dict) else None


def paper_document(paper: dict[str, Any], where: str) -> Document:
    """The Document of one S2 paper record."""
    external = paper.get("externalIds") if isinstance(paper.get("externalIds"), dict) else {}
    return document(
        id=paper.get("paperId"), title=paper.get("title"), abstract=paper.get("abstract"),
        source=where, year=paper.get("year") or paper.get("publicationDate"),
        authors=split_authors(paper.get("authors")),
        venue=paper.get("venue") or _name(paper.get("journal")) or _name(paper.get("publicationVenue")),
        doi=doi(external.get("DOI")), arxiv_id=arxiv_id(external.get("ArXiv")), url=paper.get("url"),
    )


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from Semantic Scholar paper records."""
    return read_json(src, paper_document)
