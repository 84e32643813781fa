"""Read CSV and TSV files with a header row: one record per row, columns matched by name.

Column names match case-insensitively through `generic.ALIASES` (Embase's `Title`, `Abstract`,
`Author Names`, `Source`); the year comes from a `year` column or else from `Source`
(`Cancer (2004) 102:4 ...`). A record's line is the line its row starts on.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping

from kg.model import Document

from .generic import Mapper
from .report import Reject
from .source import BadRecord, Source

csv.field_size_limit(1 << 24)


def _decoded(src: Source) -> Iterator[str]:
    # Undecodable bytes survive as lone surrogates so the row that holds them can be refused.
    for raw in src.lines():
        yield raw.decode("utf-8", "surrogateescape")


def _undecodable(row: list[str]) -> bool:
    return any(not cell.isascii() and any("\udc80" <= ch <= "\udcff" for ch in cell) for cell in row)


def read(src: Source, fields: Mapping[str, str] | None = None, *,
         delimiter: str = ",") -> Iterator[Document | Reject]:
    """Documents from the rows of a delimited file; a Reject for each row that cannot be one."""
    name = src.name
    mapper = Mapper(fields)
    reader = csv.reader(_decoded(src), delimiter=delimiter)
    header: list[str] | None = None
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            yield Reject(name, start, None, f"invalid CSV: {err}")
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not row or all(not cell.strip() for cell in row):
            continue
        if _undecodable(row):
            yield Reject(name, line, None, "undecodable bytes (utf-8)")
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            continue
        if len(row) > len(header):
            yield Reject(name, line, None, f"{len(row)} fields in a row under {len(header)} columns")
            continue
        record = dict(zip(header, row))
        try:
            yield mapper.document(record, f"{name}:{line}")
        except BadRecord as bad:
            yield Reject(name, line, bad.record, bad.reason)


def read_tsv(src: Source, fields: Mapping[str, str] | None = None) -> Iterator[Document | Reject]:
    """Documents from a tab-separated file with a header row."""
    return read(src, fields, delimiter="\t")
