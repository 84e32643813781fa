"""Tell an input's format from its first bytes (gzip undone) and, for plain text, its extension.

Rules, in order (`head` = the first 64 KiB, leading white space and BOM dropped):

1. `<` — XML, by the root element's local name: `feed` -> arxiv-atom, `OAI-PMH` -> arxiv-oai,
   `PubmedArticleSet` / `PubmedArticle` -> pubmed.
2. `{` or `[` — JSON; by the keys seen in the head: `"status_code"` with an Atom `body` ->
   arxiv-atom (wrapped); `"abstract_inverted_index"` or an `https://openalex.org/W` id ->
   openalex; `"paperId"` -> s2; `"authors_parsed"` or `"update_date"` + `"categories"` ->
   arxiv-snapshot; otherwise jsonl when the first line is a complete record, else json.
3. `@type{` after `%` comment lines, or a `.bib` extension -> bibtex.
4. Other text: `.csv` -> csv, `.tsv`/`.tab` -> tsv, `.txt` -> trending; with no telling
   extension, a header line with an `abstract` column and tabs -> tsv, commas -> csv; else trending.

Anything else (binary data, an unknown XML root) is a LoadError.
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.errors import LoadError

from .jsonfile import lines_mode
from .source import Source, open_source

FORMATS: list[str] = ["trending", "jsonl", "json", "csv", "tsv", "arxiv-atom", "arxiv-oai",
                      "arxiv-snapshot", "openalex", "s2", "pubmed", "bibtex"]

_XML_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")
_XML_ROOTS = {b"feed": "arxiv-atom", b"OAI-PMH": "arxiv-oai", b"PubmedArticleSet": "pubmed",
              b"PubmedArticle": "pubmed"}
_BIB_START = re.compile(rb"\A(?:\s*%[^\n]*\n)*\s*@\s*[A-Za-z]+\s*[{(]")
_TEXT_EXT = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "trending", ".bib": "bibtex",
             ".bibtex": "bibtex"}


def _extension(name: str) -> str:
    path = Path(name.lower())
    if path.suffix == ".gz":
        path = path.with_suffix("")
    return path.suffix


def _xml(head: bytes, name: str) -> str:
    body = re.sub(rb"<!--.*?-->", b"", head, flags=re.S)
    match = _XML_ROOT.search(body)
    root = match.group(1) if match else b"?"
    try:
        return _XML_ROOTS[root]
    except KeyError:
        raise LoadError(f"unknown XML format (root element <{root.decode(errors='replace')}>)",
                        source=name) from None


def _json(src: Source) -> str:
    head = src.head
    if b'"status_code"' in head and b'"body"' in head and (b"<feed" in head or b"arxiv.org" in head):
        return "arxiv-atom"
    if re.search(rb'"abstract_inverted_index"\s*:|"https://openalex\.org/W\d', head):
        return "openalex"
    if re.search(rb'"paperId"\s*:', head):
        return "s2"
    if re.search(rb'"authors_parsed"\s*:', head) or (
            re.search(rb'"update_date"\s*:', head) and re.search(rb'"categories"\s*:', head)):
        return "arxiv-snapshot"
    return "jsonl" if lines_mode(src) else "json"


def _delimited(head: bytes) -> str | None:
    first = head.split(b"\n", 1)[0].lower()
    if b"abstract" not in first:
        return None
    return "tsv" if first.count(b"\t") > first.count(b",") else "csv"


def sniff(src: Source) -> str:
    """The format of an opened source (see module doc); LoadError when there is no telling."""
    head = src.head.lstrip()
    if not head:
        raise LoadError("cannot tell the format of an empty file", source=src.name)
    first = head[:1]
    if first == b"<":
        return _xml(head, src.name)
    if first in (b"{", b"["):
        return _json(src)
    ext = _extension(src.name)
    if _BIB_START.match(head) or _TEXT_EXT.get(ext) == "bibtex":
        return "bibtex"
    if b"\x00" in head[:4096]:
        raise LoadError("unknown format: binary data", source=src.name)
    return _TEXT_EXT.get(ext) or _delimited(head) or "trending"


def detect_format(path: str | Path) -> str:
    """The format of the file at `path`, from its content and extension; "-" (stdin) is jsonl."""
    if str(path) == "-":
        return "jsonl"
    with open_source(path) as src:
        return sniff(src)
