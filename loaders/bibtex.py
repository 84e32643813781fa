"""Read BibTeX/BibLaTeX files: each entry with an `abstract` field is a Document.

The file is cut into blocks at lines that start a `@type{` (or `@type(`), and each block is parsed
on its own with bibtexparser, so memory stays constant, each record knows its line, and one broken
entry cannot swallow the next. `@string` macros carry over to later blocks; `@comment`,
`@preamble` and `@string` are not records. Id is the citation key; TeX in titles, abstracts and
names becomes Unicode (`tex.tex_to_unicode`). `crossref` is not followed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import bibtexparser
from bibtexparser import Library
from bibtexparser.model import Entry, String

from kg.model import Document

from .build import document
from .report import Reject
from .source import BadRecord, Source
from .tex import tex_to_unicode
from .text import arxiv_id, doi, plain

_BLOCK_START = re.compile(r"^\s*@\s*([A-Za-z]+)\s*[{(]")

# bibtexparser logs every block it cannot parse; we report those as Rejects ourselves.
logging.getLogger("bibtexparser").setLevel(logging.ERROR)


def _blocks(src: Source) -> Iterator[tuple[int, str, str, bool]]:
    """(start line, lower-case type, text, had undecodable bytes) of each `@` block."""
    start, kind, lines, bad = 0, "", [], False
    for number, raw in enumerate(src.lines(), 1):
        text = raw.decode("utf-8", "surrogateescape")
        match = _BLOCK_START.match(text)
        if match:
            if kind:
                yield start, kind, "".join(lines), bad
            start, kind, lines, bad = number, match.group(1).lower(), [], False
        if kind:
            lines.append(text)
            bad = bad or (not text.isascii() and any("\udc80" <= c <= "\udcff" for c in text))
    if kind:
        yield start, kind, "".join(lines), bad


def _split_top(value: str, separator: str) -> list[str]:
    """`value` split on the regex `separator` wherever it is outside braces."""
    parts, depth, current = [], 0, []
    for piece in re.split(f"(\\{{|\\}}|{separator})", value):
        if piece == "{":
            depth += 1
        elif piece == "}":
            depth -= 1
        elif depth == 0 and re.fullmatch(separator, piece):
            parts.append("".join(current))
            current = []
            continue
        current.append(piece)
    parts.append("".join(current))
    return parts


def split_names(value: str) -> list[str]:
    """`Last, First and Other, Name` -> ["First Last", "Name Other"]; braces protect "and" and ","."""
    out = []
    for name in _split_top(value, r"\s+and\s+"):
        parts = [p.strip() for p in _split_top(name, ",")]
        if len(parts) == 2:  # Last, First
            name = f"{parts[1]} {parts[0]}"
        elif len(parts) >= 3:  # Last, Jr, First
            name = f"{parts[2]} {parts[0]} {parts[1]}"
        clean_name = plain(tex_to_unicode(name))
        if clean_name and clean_name.lower() != "others":
            out.append(clean_name)
    return out


def entry_document(entry: Entry, where: str) -> Document:
    """The Document of one BibTeX entry."""
    fields = {k.lower(): f.value for k, f in entry.fields_dict.items() if isinstance(f.value, str)}
    key = entry.key or None
    eprint = fields.get("eprint") if (fields.get("eprinttype") or fields.get("archiveprefix")
                                      or "arxiv").lower() == "arxiv" else None
    return document(
        id=key, title=tex_to_unicode(fields.get("title", "")),
        abstract=tex_to_unicode(fields.get("abstract", "")), source=where,
        year=fields.get("year") or fields.get("date"),
        authors=split_names(fields.get("author", "")),
        venue=tex_to_unicode(fields.get("journal") or fields.get("journaltitle")
                             or fields.get("booktitle") or "") or None,
        doi=doi(fields.get("doi")), arxiv_id=arxiv_id(eprint), url=fields.get("url"),
    )


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from the entries of a BibTeX file; Rejects for entries that cannot be one."""
    name = src.name
    strings: list[String] = []
    for line, kind, text, bad in _blocks(src):
        if kind in ("comment", "preamble"):
            continue
        if bad:
            if kind != "string":
                yield Reject(name, line, _key(text), "undecodable bytes (utf-8)")
            continue
        library = bibtexparser.parse_string(text, library=Library(blocks=list(strings)))
        strings = list(library.strings)
        if kind == "string":
            continue
        for block in library.failed_blocks:
            yield Reject(name, line, getattr(block, "key", None) or _key(text),
                         f"invalid BibTeX: {_why(block)}")
        for entry in library.entries:
            try:
                yield entry_document(entry, f"{name}:{line}")
            except BadRecord as bad_record:
                yield Reject(name, line, bad_record.record or entry.key, bad_record.reason)


def _key(text: str) -> str | None:
    """The citation key at the head of a block's text, if it has one."""
    match = re.match(r"\s*@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,", text)
    return match.group(1) if match else None


def _why(block: object) -> str:
    """bibtexparser's reason for a failed block, in one line."""
    error = getattr(block, "error", None)
    if error is None:
        return type(block).__name__
    message = getattr(error, "abort_reason", None) or str(error) or type(error).__name__
    return " ".join(str(message).split())
