"""The extractor: a spaCy pipeline that turns a Document into an Extraction.

    from kg.extract import Extractor
    extraction = Extractor().extract(document)

The pipeline is the shipped trained recogniser (`kg/models/ner`, when present; its entities
decoded by kg_ner) followed by kg's own components: kg_sentences, kg_abbreviations,
kg_candidates, kg_entities, kg_results, kg_relations. `extract_many` runs it over a stream, in worker processes when asked, keeping the
input order, and reports a document it cannot handle instead of stopping.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

import spacy
from spacy.language import Language

from kg.errors import ExtractionError
from kg.model import Document, Extraction

#: Longest text (characters) the extractor takes; longer ones are reported, not processed.
MAX_TEXT_LENGTH = 2_000_000
KG_COMPONENTS = ("kg_sentences", "kg_abbreviations", "kg_candidates", "kg_entities", "kg_results",
                 "kg_relations")


def default_model_path() -> Optional[Path]:
    """The shipped trained recogniser, or None when the package has none."""
    path = Path(str(resources.files("kg").joinpath("models/ner")))
    return path if (path / "meta.json").exists() else None


def load_pipeline(model: Union[str, Path, None] = "default") -> Language:
    """kg's spaCy pipeline: the trained recogniser (`model`; None for rules only) and kg's components."""
    import kg.extract.factories  # noqa: F401  (registers the factories and extensions)
    from kg.extract.components import keeping_text
    from kg.extract.ner_decode import use_kg_ner

    path = default_model_path() if model == "default" else model
    if path is not None:
        try:
            nlp = spacy.load(path, exclude=["parser", "tagger", "lemmatizer", "attribute_ruler"])
        except (OSError, ValueError) as err:
            raise ExtractionError(f"cannot load the entity recogniser from {path}: {err}") from err
    else:
        nlp = spacy.blank("en")
    nlp.max_length = MAX_TEXT_LENGTH
    nlp.make_doc = keeping_text(nlp.make_doc)
    if "ner" in nlp.pipe_names:  # the same entities, decoded several times faster (kg.extract.ner_decode)
        try:  # an ensemble's further recognisers are disabled pipes, named in the model's meta
            use_kg_ner(nlp)
        except ValueError as err:
            raise ExtractionError(f"cannot load the entity recogniser from {path}: {err}") from err
    for name in KG_COMPONENTS:
        if name == "kg_sentences":
            nlp.add_pipe(name, first=True)
        else:
            nlp.add_pipe(name)
    return nlp


@dataclass(frozen=True)
class ExtractionFailure:
    """A document the extractor could not handle, with the reason."""

    document: Document
    reason: str


class Extractor:
    """Runs kg's pipeline over documents: one at a time, or a stream in worker processes."""

    def __init__(self, model: Union[str, Path, None] = "default", *, batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self._nlp: Optional[Language] = None

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline(self.model)
        return self._nlp

    def extract(self, document: Document) -> Extraction:
        """The Extraction of one document; ExtractionError when it cannot be processed."""
        from kg.extract.convert import doc_to_extraction

        text = document.text
        if len(text) > MAX_TEXT_LENGTH:
            raise ExtractionError(f"text too long ({len(text)} characters > {MAX_TEXT_LENGTH})",
                                  source=document.source, record=document.id)
        try:
            return doc_to_extraction(self.nlp(text), document)
        except ExtractionError:
            raise
        except Exception as err:  # a bug must not lose the document: it is reported
            raise ExtractionError(f"extractor failed: {type(err).__name__}: {err}", source=document.source,
                                  record=document.id) from err

    def _batch(self, documents: list[Document]) -> list[Union[Extraction, ExtractionFailure]]:
        """Extract a batch with `nlp.pipe` (much faster than one call per text); when the batch
        fails, extract its documents one by one so that only the bad one is reported."""
        from kg.extract.convert import doc_to_extraction

        if any(len(d.text) > MAX_TEXT_LENGTH for d in documents):
            return [self._one(d) for d in documents]
        try:
            docs = list(self.nlp.pipe([d.text for d in documents], batch_size=len(documents)))
            return [doc_to_extraction(doc, document) for doc, document in zip(docs, documents)]
        except Exception:  # isolate the document at fault
            return [self._one(d) for d in documents]

    def _one(self, document: Document) -> Union[Extraction, ExtractionFailure]:
        try:
            return self.extract(document)
        except ExtractionError as err:
            return ExtractionFailure(document, err.message)

    def extract_many(self, documents: Iterable[Document], *, n_process: int = 1
                     ) -> Iterator[Union[Extraction, ExtractionFailure]]:
        """Extractions (or failures) for a stream of documents, in input order."""
        if n_process <= 1:
            for chunk in _chunks(documents, self.batch_size):
                yield from self._batch(chunk)
            return
        global _WORKER
        if os.name == "posix":  # forked workers share the pipeline already loaded here
            self.nlp
            _WORKER = self
            context, initializer, initargs = multiprocessing.get_context("fork"), None, ()
        else:
            context, initializer, initargs = multiprocessing.get_context("spawn"), _init_worker, (
                self.model, self.batch_size)
        # At most a few chunks in flight, so memory stays flat however long the input is
        # (Pool.imap would read the whole input ahead).
        pending: deque = deque()
        with context.Pool(n_process, initializer=initializer, initargs=initargs) as pool:
            for chunk in _chunks(documents, self.batch_size):
                pending.append(pool.apply_async(_work, (chunk,)))
                if len(pending) >= 2 * n_process:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()


def _chunks(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    chunk: list[Document] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: Optional[Extractor] = None


def _init_worker(model, batch_size) -> None:
    global _WORKER
    _WORKER = Extractor(model, batch_size=batch_size)
    _WORKER.nlp  # load once per worker


def _work(documents: list[Document]) -> list[Union[Extraction, ExtractionFailure]]:
    assert _WORKER is not None
    return _WORKER._batch(documents)
