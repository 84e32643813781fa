"""The whole job in one place: load -> extract -> resolve -> write files, with a run report.

    from kg.pipeline import build
    graph, report = build(["papers.jsonl"], out_dir="out")

Every input record ends up either in the graph or in the report's rejects (with file, line and
reason): `report.documents_read == report.documents_in_graph + report.rejected`, always.
"""

from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Mapping, Optional, TextIO, Union

from kg.errors import ExtractionError
from kg.extract import ExtractionFailure, Extractor
from kg.model import Document, Extraction, KnowledgeGraph, read_extraction_lines
from kg.resolve import Resolver

logger = logging.getLogger("kg.pipeline")

#: Files `kg build` writes by default.
DEFAULT_BUILD_FORMATS = ("ttl", "graphml", "html")

Progress = Callable[[int], None]


@dataclass
class RunReport:
    """What a run read, rejected, extracted and wrote, and how long each stage took."""

    inputs: list[str] = field(default_factory=list)
    documents_read: int = 0
    documents_extracted: int = 0
    rejects: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    files: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.rejects)

    @property
    def reconciled(self) -> bool:
        return self.documents_read == self.counts.get("papers", self.documents_extracted) + self.rejected

    def to_dict(self) -> dict:
        by_reason: dict[str, int] = {}
        for reject in self.rejects:
            reason = reject["reason"].split(":")[0]
            by_reason[reason] = by_reason.get(reason, 0) + 1
        return {
            "inputs": self.inputs,
            "documents": {"read": self.documents_read, "in_graph": self.counts.get("papers", 0),
                          "rejected": self.rejected, "reconciled": self.reconciled},
            "rejects_by_reason": by_reason,
            "rejects": self.rejects,
            "graph": self.counts,
            "timings_s": {k: round(v, 3) for k, v in self.timings.items()},
            "outputs": self.outputs,
            "warnings": self.warnings,
            "files": self.files,
        }


def load_documents(paths: Iterable[Union[str, Path]], report: RunReport, *, format: Optional[str] = None,
                   strict: bool = False, fields: Optional[Mapping[str, str]] = None) -> Iterator[Document]:
    """Documents from the input files; their rejects go into `report`."""
    import loaders

    load_report = loaders.LoadReport()
    report.inputs = [str(p) for p in paths]
    try:
        yield from loaders.load(report.inputs, format=format, strict=strict, fields=fields, report=load_report)
    finally:
        report.documents_read += load_report.read
        report.rejects.extend(_reject_dict(r) for r in load_report.rejects)
        report.files = load_report.to_dict().get("files", {})


def _reject_dict(reject) -> dict:
    return {"source": reject.source, "line": reject.line, "record": reject.record, "reason": reject.reason}


def extract_documents(documents: Iterable[Document], report: RunReport, *, extractor: Optional[Extractor] = None,
                      jobs: int = 1, strict: bool = False, progress: Optional[Progress] = None
                      ) -> Iterator[Extraction]:
    """Extractions of the documents in input order; a document the extractor fails on is a reject."""
    extractor = extractor or Extractor()
    documents = iter(documents)
    head = list(islice(documents, 2 * extractor.batch_size))
    n_process = jobs if jobs > 1 and len(head) >= 2 * extractor.batch_size else 1
    for item in extractor.extract_many(chain(head, documents), n_process=n_process):
        if isinstance(item, ExtractionFailure):
            if strict:
                raise ExtractionError(item.reason, source=item.document.source, record=item.document.id)
            source, _, line = (item.document.source or "").rpartition(":")
            report.rejects.append({"source": source or item.document.source, "line": int(line) if line.isdigit()
                                   else None, "record": item.document.id, "reason": f"extraction: {item.reason}"})
        else:
            report.documents_extracted += 1
            yield item
        if progress is not None:
            progress(1)


def write_extractions(extractions: Iterable[Extraction], handle: TextIO) -> Iterator[Extraction]:
    """Write each extraction as one JSON line to `handle` and pass it on."""
    for extraction in extractions:
        handle.write(extraction.to_json())
        handle.write("\n")
        yield extraction


def read_extraction_file(path: Union[str, Path], report: Optional[RunReport] = None) -> Iterator[Extraction]:
    """Extractions saved by `kg extract`/`kg build`; a bad line is a KGError naming file and line."""
    for _, extraction in read_extraction_lines(path):
        if report is not None:
            report.documents_read += 1
        yield extraction


def build(paths: Iterable[Union[str, Path]], out_dir: Union[str, Path, None] = None, *,
          format: Optional[str] = None, strict: bool = False, fields: Optional[Mapping[str, str]] = None,
          min_confidence: float = 0.0, jobs: int = 1, formats: Optional[Iterable[str]] = None,
          extractor: Optional[Extractor] = None, progress: Optional[Progress] = None,
          export_options=None) -> tuple[KnowledgeGraph, RunReport]:
    """Load, extract and resolve `paths`; with `out_dir`, write extraction.jsonl, exports and report.json."""
    report = RunReport()
    resolver = Resolver(min_confidence=min_confidence)
    started = time.perf_counter()
    documents = load_documents(paths, report, format=format, strict=strict, fields=fields)
    extractions = extract_documents(documents, report, extractor=extractor, jobs=jobs, strict=strict,
                                    progress=progress)
    out = Path(out_dir) if out_dir is not None else None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        path = out / "extraction.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for extraction in write_extractions(extractions, handle):
                resolver.add(extraction)
        report.outputs["extraction"] = str(path)
    else:
        for extraction in extractions:
            resolver.add(extraction)
    report.timings["load_extract"] = time.perf_counter() - started
    started = time.perf_counter()
    graph = resolver.graph()
    report.timings["resolve"] = time.perf_counter() - started
    report.counts = graph.counts()
    if out is not None:
        export_all(graph, out, formats, report, export_options)
        (out / "report.json").write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
        report.outputs["report"] = str(out / "report.json")
    return graph, report


def export_all(graph: KnowledgeGraph, out: Path, formats: Optional[Iterable[str]], report: RunReport,
               options=None) -> None:
    """Write `graph` in each format as out/graph.<suffix>.

    Formats asked for explicitly must all be written (ExportError otherwise); of the default ones
    (`formats=None`), one that cannot be written here (e.g. the HTML view without its JS library)
    is skipped with a warning in the report instead of failing the whole build.
    """
    from kg import export
    from kg.errors import ExportError

    explicit = formats is not None
    for fmt in (formats if explicit else DEFAULT_BUILD_FORMATS):
        started = time.perf_counter()
        path = out / f"graph{export.SUFFIXES.get(fmt, '.' + fmt)}"
        try:
            export.export(graph, fmt, path, options)
        except ExportError as err:
            if explicit:
                raise
            report.warnings.append(f"{fmt} export skipped: {err}")
            logger.warning("%s export skipped: %s", fmt, err)
            continue
        report.timings[f"export_{fmt}"] = time.perf_counter() - started
        report.outputs[fmt] = str(path)


def build_graph(paths: Iterable[Union[str, Path]], **kwargs) -> KnowledgeGraph:
    """The KnowledgeGraph of the input files, nothing written (for the library and tests)."""
    return build(paths, None, **kwargs)[0]


def default_jobs() -> int:
    """Worker processes to use by default: the CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
