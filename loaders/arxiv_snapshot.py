"""Read the arXiv metadata snapshot (Kaggle `arxiv-metadata-oai-snapshot.json`, JSON Lines).

Id is the arXiv `id` (no version in this format). Authors come from `authors_parsed`
(`[last, first, suffix]`, accents already decoded) and else from the free-text `authors`.
Year is that of the first version (`versions[0].created`), else of `update_date`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kg.model import Document

from .build import document
from .jsonfile import read_json
from .report import Reject
from .source import Source
from .text import arxiv_id, doi, plain, split_authors


def _authors(record: dict[str, Any]) -> list[str]:
    parsed = record.get("authors_parsed")
    if isinstance(parsed, list):
        names = []
        for parts in parsed:
            if isinstance(parts, list) and parts:
                last, first, suffix = (list(parts) + ["", ""])[:3]
                name = plain(" ".join(p for p in (first, last, suffix) if p))
                if name:
                    names.append(name)
        if names:
            return names
    return split_authors(record.get("authors"))


def _year(record: dict[str, Any]) -> Any:
    versions = record.get("versions")
    if isinstance(versions, list) and versions and isinstance(versions[0], dict):
        if versions[0].get("created"):
            return versions[0]["created"]
    return record.get("update_date")


def snapshot_document(record: dict[str, Any], where: str) -> Document:
    """The Document of one snapshot record."""
    bare = arxiv_id(record.get("id"))
    return document(
        id=bare, title=record.get("title"), abstract=record.get("abstract"), source=where,
        year=_year(record), authors=_authors(record), venue=record.get("journal-ref"),
        doi=doi(record.get("doi")), arxiv_id=bare,
        url=f"https://arxiv.org/abs/{bare}" if bare else None,
    )


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from arXiv snapshot records."""
    return read_json(src, snapshot_document)
