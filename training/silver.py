"""Silver training data: SciREX body text labelled by kg's own pipeline (self-training).

SciREX's full text carries its own entity labels, but those mark every generic mention ("our
model", "the task") and so teach the recogniser what the guideline leaves out. Here the body
sections of the SciREX training papers (not the title, abstract or conclusion: those are the
annotated texts) are cut into abstract-sized chunks and run through kg's whole pipeline (the
recogniser plus the rules: lexicon, abbreviations, grouping, generic filter, confidence); the
mentions of the entities it keeps become the chunk's labels.

    python -m training.silver --out /tmp/kg-silver.jsonl [--model kg/models/ner] [--max-docs N]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Iterator, Optional

from training import data as D

_SKIPPED_SECTIONS = re.compile(r"section : (?:\d+\s*)?(?:conclu|summary|discussion|acknowledg|reference)",
                               re.IGNORECASE)


def body_chunks(doc: dict, min_words: int = 120, max_words: int = 260) -> list[str]:
    """Abstract-sized texts from the body of a SciREX paper: its sections after the abstract, less
    the conclusion (an annotated text) and each section's heading sentence."""
    words = doc["words"]
    chunks: list[str] = []
    for start, end in doc["sections"][2:]:
        if _SKIPPED_SECTIONS.match(" ".join(words[start:start + 6])):
            continue
        current: list[str] = []
        for s, e in [(s, e) for s, e in doc["sentences"] if start <= s < end][1:]:
            if e - s > max_words // 2:
                continue  # tables and run-on lists
            current.extend(words[s:e])
            if len(current) >= min_words:
                chunks.append(D.detokenize(current))
                current = []
    return chunks


def silver_records(model: Optional[Path] = None, max_docs: Optional[int] = None,
                   jobs: int = 2) -> Iterator[dict]:
    """One record per chunk: `{"id", "text", "spans": [[start, end, type], ...]}`, spans of the
    entities kg keeps (offsets into `text`)."""
    from kg.extract import ExtractionFailure, Extractor
    from kg.model import Document

    titles = {r["id"].removeprefix("scirex-"): r["title"] for r in D.read_jsonl(D.TRAIN_SCIREX)}
    documents = []
    for path in sorted(D.SCIREX_DOCS.glob("*.json"))[:max_docs]:
        doc = json.loads(path.read_text(encoding="utf-8"))
        title = next((t for k, t in titles.items() if path.stem.startswith(k)), None)
        if title is None:
            title = D.detokenize(doc["words"][doc["sections"][0][0]:doc["sections"][0][1]])
        for i, chunk in enumerate(body_chunks(doc)):
            documents.append(Document(id=f"silver-{path.stem[:12]}-{i:03d}", title=title, abstract=chunk))
    extractor = Extractor(model if model is not None else "default")
    for item in extractor.extract_many(documents, n_process=jobs):
        if isinstance(item, ExtractionFailure):
            continue  # not worth a label
        offset = len(item.title) + 1
        spans = sorted({(m.start - offset, m.end - offset, e.type.value) for e in item.entities
                        for m in e.mentions if m.start >= offset})
        yield {"id": item.id, "text": item.abstract, "spans": [list(s) for s in spans]}


def load_silver(path: Path) -> list[D.Sample]:
    """The silver records written by this module, as training samples."""
    samples = []
    for record in D.read_jsonl(path):
        spans = [(a, b, label) for a, b, label in record["spans"]]
        samples.append(D.Sample(record["id"], record["text"], spans, "silver"))
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=None, help="recogniser to label with (default: shipped)")
    parser.add_argument("--max-docs", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = spans = 0
    with args.out.open("w", encoding="utf-8") as handle:
        for record in silver_records(args.model, args.max_docs, args.jobs):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            spans += len(record["spans"])
    print(f"{count} chunks, {spans} spans in {time.perf_counter() - started:.0f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
