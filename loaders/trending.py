"""Read the text of a "trending papers" page: a title line, then an abstract line, repeated.

Page chrome is dropped: the lines "Get trending papers in your email inbox once a day!",
"Get trending papers in your email inbox!" and "Subscribe", and a "Subscribe" glued to the front
of the first title ("SubscribeA Multigrid Method ...").

Telling a title from an abstract: a line is *prose* (an abstract) when it is at least
`PROSE_CHARS` characters long, or has two or more sentence ends (". X", "? X", "! X" or a final
stop), or ends with a full stop and has at least `PROSE_WORDS` words. Titles are short and at most
one sentence ("Can In-context Learning Really Generalize to Out-of-distribution Tasks?"), while
abstracts run to several sentences. Records then follow the alternation:

- a non-prose line starts a record (its title);
- the next line completes it when it is prose; when it is another non-prose line, the first
  title is refused ("title line with no abstract") and the new line starts the next record;
- a prose line with no title before it is refused ("abstract line with no title");
- a title at the end of the file is refused ("title line with no abstract").

Ids are `doc-<hash>` of the cleaned title and abstract (the page has no ids of its own).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import Document

from .build import document
from .report import Reject
from .source import BadRecord, Source

PROSE_CHARS = 250
PROSE_WORDS = 15
CHROME = frozenset({
    "get trending papers in your email inbox once a day!",
    "get trending papers in your email inbox!",
    "subscribe",
})
_GLUED_SUBSCRIBE = re.compile(r"^Subscribe(?=[A-Z0-9\"'(\[])")
_SENTENCE_END = re.compile(r"[.!?](?:\s+(?=[A-Z0-9(\"'])|\s*$)")


def is_prose(line: str) -> bool:
    """Whether a line reads as an abstract rather than a title (see module doc)."""
    if len(line) >= PROSE_CHARS:
        return True
    if len(_SENTENCE_END.findall(line)) >= 2:
        return True
    return line.endswith(".") and len(line.split()) >= PROSE_WORDS


def read(src: Source, fields: object = None) -> Iterator[Document | Reject]:
    """Documents from a trending-papers page; Rejects for lines that do not pair up."""
    name = src.name
    title: str | None = None
    title_line = 0
    first = True
    for number, raw in enumerate(src.lines(), 1):
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            yield Reject(name, number, title, "undecodable bytes (utf-8)")
            title = None
            continue
        if not line or line.lower() in CHROME:
            continue
        if first:
            line = _GLUED_SUBSCRIBE.sub("", line)
            first = False
        if title is None:
            if is_prose(line):
                yield Reject(name, number, line[:80], "abstract line with no title")
            else:
                title, title_line = line, number
            continue
        if not is_prose(line):
            yield Reject(name, title_line, title, "title line with no abstract")
            title, title_line = line, number
            continue
        try:
            yield document(id=None, title=title, abstract=line, source=f"{name}:{title_line}")
        except BadRecord as bad:  # pragma: no cover - a prose line is never empty
            yield Reject(name, title_line, title, bad.reason)
        title = None
    if title is not None:
        yield Reject(name, title_line, title, "title line with no abstract")
