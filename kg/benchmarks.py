"""Readers for the public entity benchmarks (TDMSci, SciERC, SciREX) and mention-level span scoring.

Every reader gives plain text with character spans `(start, end, type)`, `end` exclusive, so that
kg's mentions (character offsets into `Document.text`) can be scored against the gold spans:
exactly (same start, end and type) and by overlap (same type, at least one character shared;
one-to-one, exact pairs first). Used by `scripts/bench_extraction.py`.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from pathlib import Path
from typing import Iterable, Iterator, Optional, Sequence, Union

from kg.evaluate import Score
from kg.model import Extraction

Span = tuple[int, int, str]

#: Penn Treebank escapes undone when text is rebuilt from tokens.
PTB = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
       "``": '"', "''": '"'}
_NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", "%", ")", "]", "}", "'s", "n't", "'re", "'ve", "'ll",
                    "'d", "'m", "''"}
_NO_SPACE_AFTER = {"(", "[", "{", "``"}


def detokenize(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Text rebuilt from PTB-style tokens, and each token's (start, end) character offsets in it."""
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    glue = True  # no space before the first token
    for token in tokens:
        surface = PTB.get(token, token)
        if not glue and token not in _NO_SPACE_BEFORE and surface not in _NO_SPACE_BEFORE:
            parts.append(" ")
            length += 1
        offsets.append((length, length + len(surface)))
        parts.append(surface)
        length += len(surface)
        glue = token in _NO_SPACE_AFTER or surface in _NO_SPACE_AFTER
    return "".join(parts), offsets


def bio_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """(first token, last token + 1, TYPE) of each B-/I- run; a stray I- starts a new span."""
    spans: list[tuple[int, int, str]] = []
    start, label = None, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, kind = tag.partition("-")
        if start is not None and (prefix != "I" or kind != label):
            spans.append((start, i, label))
            start, label = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, label = i, kind
    return spans


def read_conll(path: Union[str, Path]) -> list[tuple[str, list[Span]]]:
    """TDMSci CoNLL (token, offset, BIO tag): each sentence as tokens joined by spaces, with its spans."""
    sentences: list[tuple[str, list[Span]]] = []
    tokens: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if tokens:
            starts, position = [], 0
            for token in tokens:
                starts.append(position)
                position += len(token) + 1
            spans = [(starts[a], starts[b - 1] + len(tokens[b - 1]), kind.capitalize())
                     for a, b, kind in bio_spans(tags)]
            sentences.append((" ".join(tokens), spans))
        tokens.clear()
        tags.clear()

    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if not line.strip():
                flush()
                continue
            tokens.append(fields[0])
            tags.append(fields[-1])
    flush()
    return sentences


def read_brat(text_path: Union[str, Path], ann_path: Union[str, Path]) -> list[tuple[str, list[Span]]]:
    """A brat text with one sentence a line and its `T` spans: each line with its spans, offsets per line."""
    text = Path(text_path).read_text(encoding="utf-8")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    starts = []
    position = 0
    for line in lines:
        starts.append(position)
        position += len(line) + 1
    spans: list[list[Span]] = [[] for _ in lines]
    for row in Path(ann_path).read_text(encoding="utf-8").splitlines():
        if not row.startswith("T"):
            continue
        kind, start, end = row.split("\t")[1].split()[:3]
        start, end = int(start), int(end)
        index = bisect_right(starts, start) - 1
        spans[index].append((start - starts[index], end - starts[index], kind.capitalize()))
    return [(line, sorted(s)) for line, s in zip(lines, spans)]


def scierc_text(record: dict) -> tuple[str, list[Span]]:
    """One SciERC abstract (DyGIE JSON: doc-level inclusive token spans) as text and character spans."""
    tokens = [t for sentence in record["sentences"] for t in sentence]
    text, offsets = detokenize(tokens)
    spans = [(offsets[a][0], offsets[b][1], kind) for sentence in record["ner"] for a, b, kind in sentence]
    return text, spans


def read_jsonl(path: Union[str, Path]) -> Iterator[dict]:
    """The JSON objects of a JSON Lines file."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def scirex_chunks(document: dict, min_words: int = 150, max_words: int = 300) -> list[str]:
    """Abstract-sized texts from a SciREX document: consecutive sentences grouped to min..max words.

    A sentence longer than `max_words` (tables, lists) is dropped; a short tail is dropped.
    """
    words = document["words"]
    chunks: list[str] = []
    current: list[str] = []
    for start, end in document["sentences"]:
        if end - start > max_words:
            continue
        if len(current) + end - start > max_words:
            current = []  # too short to keep, too long with this sentence: start again here
        current.extend(words[start:end])
        if len(current) >= min_words:
            chunks.append(detokenize(current)[0])
            current = []
    return chunks


def mention_spans(extraction: Extraction, types: Optional[Iterable[str]] = None) -> set[Span]:
    """kg's mentions as (start, end, type) character spans into the document's text (distinct)."""
    keep = set(types) if types is not None else None
    return {(m.start, m.end, e.type.value) for e in extraction.entities for m in e.mentions
            if keep is None or e.type.value in keep}


def _overlaps(a: Span, b: Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def match_spans(pred: Iterable[Span], gold: Iterable[Span]) -> tuple[int, int]:
    """(exact matches, overlap matches) between two span sets; overlap is one-to-one, exact pairs first."""
    pred, gold = sorted(set(pred)), sorted(set(gold))
    exact = set(pred) & set(gold)
    used_pred = set(exact)
    used_gold = set(exact)
    for p in pred:
        if p in used_pred:
            continue
        for g in gold:
            if g not in used_gold and _overlaps(p, g):
                used_pred.add(p)
                used_gold.add(g)
                break
    return len(exact), len(used_gold)


def score_spans(pairs: Iterable[tuple[Iterable[Span], Iterable[Span]]], types: Sequence[str]
                ) -> dict[str, dict[str, Score]]:
    """Micro exact/overlap scores per type and over all `types`, from (predicted, gold) span sets per text.

    Spans of other types are left out on both sides.
    """
    scores = {mode: {t: Score() for t in [*types, "all"]} for mode in ("exact", "overlap")}
    for pred, gold in pairs:
        pred = {s for s in pred if s[2] in types}
        gold = {s for s in gold if s[2] in types}
        for kind in types:
            p = {s for s in pred if s[2] == kind}
            g = {s for s in gold if s[2] == kind}
            exact, overlap = match_spans(p, g)
            for mode, tp in (("exact", exact), ("overlap", overlap)):
                scores[mode][kind].add(tp, len(p), len(g))
                scores[mode]["all"].add(tp, len(p), len(g))
    return scores
