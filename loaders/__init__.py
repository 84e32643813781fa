"""Read paper records from files into `kg.model.Document`s: one reader per input format.

    from loaders import LoadReport, load
    report = LoadReport()
    for doc in load(["papers.jsonl", "pubmed.xml.gz"], report=report):
        ...
    report.to_dict()   # {"read": .., "loaded": .., "rejected": .., "files": {..}, "rejects": [..]}

Every reader streams (constant memory), undoes gzip whatever the file is called, and yields
Documents with title and abstract normalised (NFKC, white space collapsed). A record that cannot
become a Document is a `Reject` (file, line or record number, id or title, reason), logged as a
warning on the "kg.loaders" logger and added to the report; with `strict=True` the first one
raises `LoadError`. For every file, records read == documents loaded + rejects.

File-level problems that are not records — a file that cannot be opened, a format that cannot be
told — raise `LoadError` whatever `strict` says; an empty file is one Reject ("empty file").
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from kg.errors import LoadError
from kg.model import Document

from . import (arxiv_atom, arxiv_oai, arxiv_snapshot, bibtex, generic, openalex, pubmed, s2,
               tabular, trending)
from .detect import FORMATS, detect_format, sniff
from .report import FileCounts, LoadReport, Reject
from .source import Source, open_source

__all__ = ["FORMATS", "FileCounts", "LoadReport", "Reject", "detect_format", "load"]

logger = logging.getLogger("kg.loaders")

Reader = Callable[[Source, "Mapping[str, str] | None"], Iterator["Document | Reject"]]

READERS: dict[str, Reader] = {
    "trending": trending.read,
    "jsonl": generic.read,
    "json": generic.read,
    "csv": tabular.read,
    "tsv": tabular.read_tsv,
    "arxiv-atom": arxiv_atom.read,
    "arxiv-oai": arxiv_oai.read,
    "arxiv-snapshot": arxiv_snapshot.read,
    "openalex": openalex.read,
    "s2": s2.read,
    "pubmed": pubmed.read,
    "bibtex": bibtex.read,
}
assert list(READERS) == FORMATS


def load(paths: str | Path | Iterable[str | Path], *, format: str | None = None,
         strict: bool = False, fields: Mapping[str, str] | None = None,
         report: LoadReport | None = None, dedupe: bool = True) -> Iterator[Document]:
    """Stream the Documents of each path in order ("-" is standard input, read as JSON Lines).

    `format` (one of FORMATS) applies to every path; None detects it per file. `fields` maps our
    field names to the source's (`{"id": "paper_id", "abstract": "summary"}`) for JSON, JSON
    Lines, CSV and TSV. With `dedupe`, a second document with an id already loaded in this run
    is a Reject ("duplicate id X (first at file:line)").
    """
    if format is not None and format not in READERS:
        raise LoadError(f"unknown format {format!r}; known: {', '.join(FORMATS)}")
    try:
        generic.check_fields(fields)
    except ValueError as err:
        raise LoadError(str(err)) from None
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _Run(report if report is not None else LoadReport(), strict, dedupe).all(
        list(paths), format, fields)


class _Run:
    """One call of `load`: the report to fill, the ids seen, and what to do with a reject."""

    def __init__(self, report: LoadReport, strict: bool, dedupe: bool) -> None:
        self.report = report
        self.strict = strict
        self.dedupe = dedupe
        self.seen: dict[str, str] = {}

    def all(self, paths: list[str | Path], format: str | None,
            fields: Mapping[str, str] | None) -> Iterator[Document]:
        for path in paths:
            yield from self.one(str(path), format, fields)

    def reject(self, counts: FileCounts, item: Reject) -> None:
        counts.rejected += 1
        self.report.rejects.append(item)
        record = f" (record {item.record})" if item.record else ""
        logger.warning("%s: %s%s", item.where, item.reason, record)
        if self.strict:
            if item.by_record:
                raise LoadError(item.reason, source=item.where, record=item.record)
            raise LoadError(item.reason, source=item.source, line=item.line, record=item.record)

    def one(self, name: str, format: str | None, fields: Mapping[str, str] | None) -> Iterator[Document]:
        with open_source(name) as src:
            counts = self.report.file(name)
            if src.blank:
                counts.format = format or counts.format
                counts.read += 1
                self.reject(counts, Reject(name, None, None, "empty file"))
                return
            if src.error is not None and not src.head.strip():
                counts.format = format or counts.format
                counts.read += 1
                self.reject(counts, Reject(name, None, None, f"unreadable data: {src.error}"))
                return
            fmt = format or ("jsonl" if name == "-" else sniff(src))
            counts.format = fmt
            read_before = counts.read
            try:
                for item in READERS[fmt](src, fields):
                    counts.read += 1
                    if isinstance(item, Reject):
                        self.reject(counts, item)
                    elif self.dedupe and item.id in self.seen:
                        line, by_record = _position(item.source)
                        self.reject(counts, Reject(
                            name, line, item.id,
                            f"duplicate id {item.id} (first at {self.seen[item.id]})", by_record))
                    else:
                        if self.dedupe:
                            self.seen[item.id] = item.source or name
                        counts.loaded += 1
                        yield item
            except (OSError, EOFError, zlib.error) as err:  # e.g. a truncated or corrupt gzip
                counts.read += 1
                self.reject(counts, Reject(name, None, None, f"unreadable data: {err}"))
                return
            if counts.read == read_before:
                counts.read += 1
                self.reject(counts, Reject(name, None, None, "no records found"))


def _position(source: str | None) -> tuple[int | None, bool]:
    """(line or record number, whether a record number) from a `path:line` / `path:record N`."""
    tail = (source or "").rpartition(":")[2]
    number = tail.removeprefix("record ")
    return (int(number) if number.isdigit() else None), number != tail
