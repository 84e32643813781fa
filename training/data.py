"""Turn annotated records into spaCy training examples for the entity recogniser.

Every source ends up as `Sample(id, text, spans)`: a text and its labelled character spans
(start, end, label), label one of Method/Dataset/Metric/Task. `to_doc` then tokenises the text
with the tokenizer of the shipped pipeline and sets the spans as `doc.ents`.

Sources (read by relative path from the repository root; nothing is copied into the repo):
- guideline-style records (`../shared/annotation/train-scirex.jsonl`, and the annotators'
  `training/annotations/corpus-b*.jsonl` joined with `../shared/corpus/abstracts.jsonl`):
  text = title + "\\n" + abstract, and every case-sensitive whole-word occurrence of each
  entity's name and aliases is labelled, the longest match winning where matches overlap;
- the annotators' `training/annotations/scirex-concl-*.jsonl`: the conclusion sections of SciREX
  papers (Apache-2.0) annotated to the guideline, the texts rebuilt from the SciREX files by
  `scirex_conclusion` (title + "\\n" + the section's sentences after its heading);
- TDMSci CoNLL (Task/Dataset/Metric only) and SciREX full text (Material read as Dataset).

Never read SciERC, SciER or dev-gold.jsonl here for training: they are evaluation data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Sequence

LABELS = ("Method", "Dataset", "Metric", "Task")

SHARED = Path("../shared")
TRAIN_SCIREX = SHARED / "annotation" / "train-scirex.jsonl"
DEV_GOLD = SHARED / "annotation" / "dev-gold.jsonl"
CORPUS = SHARED / "corpus" / "abstracts.jsonl"
TDMSCI_TRAIN = SHARED / "benchmarks" / "tdmsci" / "train_1500_v2.conll"
SCIREX_DOCS = SHARED / "benchmarks" / "scirex" / "train_docs"
ANNOTATIONS = Path("training") / "annotations"

_TDMSCI_LABELS = {"TASK": "Task", "DATASET": "Dataset", "METRIC": "Metric"}
_SCIREX_LABELS = {"Method": "Method", "Task": "Task", "Metric": "Metric", "Material": "Dataset"}


@dataclass
class Sample:
    """One training text with its labelled character spans `(start, end, label)`."""

    id: str
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    source: str = ""
    #: labels this source annotates; tokens outside spans are "O" only for these sources
    complete: bool = True


def record_text(record: dict) -> str:
    """The text the extractor sees: title, a newline, abstract (as Document.text)."""
    return f"{record.get('title') or ''}\n{record.get('abstract') or ''}"


def _occurrences(text: str, surface: str) -> Iterator[tuple[int, int]]:
    """Case-sensitive whole-word occurrences of `surface` in `text`."""
    surface = surface.strip()
    if not surface:
        return
    pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    for match in pattern.finditer(text):
        yield match.start(), match.end()


def label_occurrences(text: str, entities: Sequence[dict]) -> list[tuple[int, int, str]]:
    """Label every occurrence of each entity's name and aliases; the longest match wins.

    Among overlapping matches the longer one is kept; on equal length the entity listed first
    in the record wins. The result is sorted by start offset and free of overlaps.
    """
    candidates: list[tuple[int, int, int, str]] = []  # (start, end, entity order, label)
    for order, entity in enumerate(entities):
        label = entity.get("type")
        if label not in LABELS:
            continue
        surfaces = {entity.get("name") or ""} | set(entity.get("aliases") or [])
        for surface in surfaces:
            for start, end in _occurrences(text, surface):
                candidates.append((start, end, order, label))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int, str]] = []
    for start, end, _, label in candidates:
        if any(start < t_end and t_start < end for t_start, t_end, _ in taken):
            continue
        taken.append((start, end, label))
    return sorted(taken)


def from_record(record: dict, source: str = "") -> Sample:
    """A guideline-style record (title, abstract, entities) as a labelled Sample."""
    text = record_text(record)
    return Sample(record["id"], text, label_occurrences(text, record.get("entities") or []),
                  source=source)


def read_jsonl(path: Path) -> list[dict]:
    """The JSON objects of a JSON-lines file, blank lines skipped."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def dev_ids() -> set[str]:
    """Ids of the dev-gold abstracts: never trained on."""
    return {r["id"] for r in read_jsonl(DEV_GOLD)} if DEV_GOLD.exists() else set()


_PAPER_KEY = re.compile(r"^(?:scirex-)?([0-9a-f]{12})(?:-|$)")


def paper_key(sample_id: str) -> str | None:
    """The SciREX paper a sample comes from (the first 12 hex digits of its document hash), whatever
    the source: "scirex-000f90380d76" (train-scirex), "scirex-000f90380d76-concl" (a conclusion),
    "000f90380d76-142" (a full-text sentence); None for samples of other sources."""
    match = _PAPER_KEY.match(sample_id)
    return match.group(1) if match else None


def load_train_scirex(path: Path = TRAIN_SCIREX) -> list[Sample]:
    """The 287 SciREX abstracts annotated to the guideline."""
    return [from_record(r, "train-scirex") for r in read_jsonl(path)]


def annotation_batches(directory: Path, pattern: str) -> Iterator[tuple[Path, list[dict]]]:
    """The annotators' batch files matching `pattern`, in name order, with their records (a batch
    that does not parse, e.g. one still being written, is skipped)."""
    for path in sorted(directory.glob(pattern)):
        try:
            yield path, read_jsonl(path)
        except (json.JSONDecodeError, OSError):
            continue


def load_corpus_batches(directory: Path = ANNOTATIONS, corpus: Path = CORPUS,
                        exclude: Iterable[str] = ()) -> list[Sample]:
    """The annotators' corpus batches joined with the corpus texts, dev-gold ids excluded."""
    texts = {r["id"]: r for r in read_jsonl(corpus)}
    excluded = set(exclude)
    samples: dict[str, Sample] = {}
    for path, records in annotation_batches(directory, "corpus-b*.jsonl"):
        for record in records:
            rid = record.get("id")
            if rid in excluded or rid not in texts:
                continue
            joined = {**texts[rid], "entities": record.get("entities") or []}
            samples[rid] = from_record(joined, path.stem)
    return [samples[k] for k in sorted(samples)]


def detokenize(words: Sequence[str]) -> str:
    """SciREX tokens as running text: no space before closing punctuation, after opening
    brackets, or around hyphens ("coupled - LSTMs" -> "coupled-LSTMs")."""
    text = ""
    for word in words:
        glue = text and not (word in _NO_SPACE_BEFORE or word == "-" or text[-1] in _NO_SPACE_AFTER
                             or text[-1] == "-")
        text += (" " if glue else "") + word
    return text


def scirex_conclusion(doc: dict) -> str | None:
    """The body of a SciREX paper's conclusion section (its sentences after the heading), or None."""
    words = doc["words"]
    for start, end in doc["sections"][1:]:
        heading = " ".join(words[start:start + 5]).lower()
        if not re.match(r"section : (?:\d+\s*)?(?:conclu|summary|discussion)", heading):
            continue
        sentences = [(s, e) for s, e in doc["sentences"] if start <= s < end]
        body = [detokenize(words[s:e]) for s, e in sentences[1:]]
        return " ".join(body) or None
    return None


def load_scirex_conclusions(directory: Path = ANNOTATIONS, docs: Path = SCIREX_DOCS,
                            train_scirex: Path = TRAIN_SCIREX) -> list[Sample]:
    """The annotators' SciREX conclusion batches joined with their texts (title from train-scirex)."""
    titles = {r["id"]: r["title"] for r in read_jsonl(train_scirex)} if train_scirex.exists() else {}
    samples: dict[str, Sample] = {}
    for path, records in annotation_batches(directory, "scirex-concl-*.jsonl"):
        for record in records:
            rid = record.get("id", "")
            paper = rid.removesuffix("-concl")
            matches = sorted(docs.glob(paper.removeprefix("scirex-") + "*.json"))
            if paper not in titles or not matches:
                continue
            body = scirex_conclusion(json.loads(matches[0].read_text(encoding="utf-8")))
            if body is None:
                continue
            joined = {"id": rid, "title": titles[paper], "abstract": body,
                      "entities": record.get("entities") or []}
            samples[rid] = from_record(joined, path.stem)
    return [samples[k] for k in sorted(samples)]


def load_tdmsci(path: Path = TDMSCI_TRAIN) -> list[Sample]:
    """TDMSci sentences (Task/Dataset/Metric); Method is not annotated there."""
    samples: list[Sample] = []
    rows: list[tuple[str, int, str]] = []

    def flush() -> None:
        if not rows:
            return
        base = rows[0][1]
        text, spans, open_span = "", [], None
        for token, offset, tag in rows:
            pos = max(offset - base, len(text) + (1 if text else 0))
            text += " " * (pos - len(text)) + token
            start, end = pos, pos + len(token)
            if tag.startswith("B-") or (tag.startswith("I-") and open_span is None):
                if open_span:
                    spans.append(tuple(open_span))
                open_span = [start, end, _TDMSCI_LABELS[tag[2:]]]
            elif tag.startswith("I-"):
                open_span[1] = end
            else:
                if open_span:
                    spans.append(tuple(open_span))
                open_span = None
        if open_span:
            spans.append(tuple(open_span))
        samples.append(Sample(f"tdmsci-{len(samples):04d}", text, spans, "tdmsci", False))
        rows.clear()

    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                flush()
                continue
            rows.append((parts[0], int(parts[1]), parts[2]))
    flush()
    return samples


_NO_SPACE_BEFORE = {".", ",", ";", ":", ")", "]", "%", "?", "!", "'s"}
_NO_SPACE_AFTER = {"(", "["}


def load_scirex_fulltext(directory: Path = SCIREX_DOCS, exclude_labels: Sequence[str] = (),
                         max_docs: int | None = None) -> list[Sample]:
    """SciREX full-text papers, one Sample per sentence, Material labelled Dataset."""
    samples: list[Sample] = []
    for path in sorted(directory.glob("*.json"))[:max_docs]:
        doc = json.loads(path.read_text(encoding="utf-8"))
        words = doc["words"]
        by_start = {}
        for start, end, label in doc["ner"]:
            by_start.setdefault(start, (end, _SCIREX_LABELS[label]))
        for s_start, s_end in doc["sentences"]:
            text, spans, offsets = "", [], {}
            for i in range(s_start, s_end):
                word = words[i]
                glue = text and not (word in _NO_SPACE_BEFORE or text[-1] in _NO_SPACE_AFTER)
                text += (" " if glue else "") + word
                offsets[i] = (len(text) - len(word), len(text))
            i = s_start
            while i < s_end:
                if i in by_start and by_start[i][0] <= s_end:
                    end, label = by_start[i]
                    if label not in exclude_labels:
                        spans.append((offsets[i][0], offsets[end - 1][1], label))
                    i = end
                else:
                    i += 1
            if len(text) > 20:
                samples.append(Sample(f"{path.stem[:12]}-{s_start}", text, spans, "scirex-full"))
    return samples


def to_doc(nlp, sample: Sample):
    """The sample as a Doc tokenised by `nlp`, its spans set as entities.

    Spans that do not fall on token boundaries are widened to whole tokens; a span that then
    overlaps an earlier one is dropped. Tokens of incomplete sources (TDMSci: no Method
    annotated) outside every span are left missing rather than "O".
    """
    doc = nlp.make_doc(sample.text)
    ents, last_end = [], -1
    for start, end, label in sorted(sample.spans):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or span.start < last_end or not span.text.strip():
            continue
        ents.append(span)
        last_end = span.end
    doc.set_ents(ents, default="outside" if sample.complete else "missing")
    return doc
