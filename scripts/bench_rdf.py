"""Benchmark the RDF export: seconds and peak memory to write ~1M triples in each format.

    .venv/bin/python scripts/bench_rdf.py                  # 1M triples, ttl nt nq trig
    .venv/bin/python scripts/bench_rdf.py --triples 250000 1000000 --formats ttl rdfxml jsonld
    .venv/bin/python scripts/bench_rdf.py --repeat 3      # the fastest of 3 runs of each

Each (size, format) runs in a fresh process that builds a synthetic KnowledgeGraph (papers with
metadata, entities with aliases, relations with evidence, results), measures its resident memory,
exports it once and reports the export's wall time, the peak resident memory and the part of it
above the graph itself. That part should stay flat as the corpus grows: the exporters stream.
The load average is printed before and after: on a shared machine, wall time follows it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

#: Triples the synthetic graph gives per paper (measured; used to size it for a target).
TRIPLES_PER_PAPER = 101.5


def synthetic_graph(papers: int, seed: int = 7):
    """A graph shaped like kg's output: per paper ~2.5 entities, 3 relations, 1 result, 6 links."""
    from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, PaperLinkType,
                          Provenance, Relation, RelationType, Result, ResultKind)

    rng = random.Random(seed)
    types = list(EntityType)
    entities = []
    for i in range(int(papers * 2.5)):
        type_ = types[i % 4]
        entities.append(Entity(type=type_, name=f"{type_.value} number {i}", aliases=[f"E{i}"],
                               papers=[], support_papers=1 + i % 5, support_sentences=2 + i % 7,
                               confidence=round(rng.uniform(0.3, 1.0), 3)))
    by_type = {t: [e for e in entities if e.type is t] for t in types}
    documents, relations, results, links = [], [], [], []
    sentence = "We evaluate our method on the benchmark and report strong results in this sentence."
    for p in range(papers):
        paper_id = f"arXiv:{2000 + p % 25}.{p:05d}"
        documents.append(Document(id=paper_id, title=f"Paper {p}: a study of things",
                                  abstract="An abstract of a few sentences. " * 8, year=2015 + p % 10,
                                  authors=["A. Author", "B. Author"], venue="NeurIPS"))
        for k in range(6):
            entity = entities[(p * 6 + k) % len(entities)]
            entity.papers.append(paper_id)
            links.append(PaperLink(paper=paper_id, entity=entity.id,
                                   type=list(PaperLinkType)[k % 4]))
        for k in range(3):
            head = by_type[EntityType.METHOD][(p * 3 + k) % len(by_type[EntityType.METHOD])]
            tail = by_type[EntityType.DATASET][(p * 7 + k) % len(by_type[EntityType.DATASET])]
            evidence = Provenance(document=paper_id, sentence=sentence, sentence_index=k,
                                  start=10 * k, end=10 * k + 80, extractor="bench",
                                  confidence=0.8)
            relations.append(Relation(type=RelationType.EVALUATED_ON, head=head.name,
                                      tail=tail.name, head_id=head.id, tail_id=tail.id,
                                      evidence=[evidence], confidence=0.8, support_papers=1,
                                      id=f"rel-{p}-{k}"))
        method = by_type[EntityType.METHOD][p % len(by_type[EntityType.METHOD])]
        results.append(Result(
            id=f"result-{p}", value=round(rng.uniform(0, 100), 2), unit="%",
            kind=ResultKind.ABSOLUTE, metric_id=by_type[EntityType.METRIC][p % 100].id,
            method_id=method.id, dataset_id=by_type[EntityType.DATASET][p % 100].id,
            paper=paper_id, text="12.3%", confidence=0.7,
            provenance=Provenance(document=paper_id, sentence=sentence, start=5, end=10,
                                  extractor="bench", confidence=0.7)))
    return KnowledgeGraph(papers=documents, entities=entities, relations=relations,
                          results=results, links=links)


def rss_mib() -> float:
    """Current resident memory of this process, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(papers: int, fmt: str) -> dict:
    """Build, export once, measure (in this process)."""
    from kg.export import SUFFIXES, export, get_exporter

    get_exporter(fmt)  # imports the exporter's modules outside the timing

    started = time.perf_counter()
    graph = synthetic_graph(papers)
    build_s = time.perf_counter() - started
    graph_rss, graph_peak = rss_mib(), peak_mib()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"graph{SUFFIXES[fmt]}"
        started, cpu = time.perf_counter(), time.process_time()
        export(graph, fmt, out)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        peak = peak_mib()  # before counting: pyoxigraph's JSON-LD parser reads a whole document
        size = out.stat().st_size
        triples = _count(out, fmt)
    return {"format": fmt, "papers": papers, "statements": triples, "export_s": round(seconds, 2),
            "export_cpu_s": round(cpu, 2),
            "mb_written": round(size / 1e6, 1), "graph_build_s": round(build_s, 1),
            "rss_graph_mib": round(graph_rss), "peak_rss_mib": round(peak),
            "peak_above_graph_mib": round(peak - max(graph_rss, graph_peak))}


def _count(path: Path, fmt: str) -> int:
    """Statements in the file (lines for the line formats, a pyoxigraph parse otherwise)."""
    if fmt in ("nt", "nq"):
        with open(path, "rb") as handle:
            return sum(1 for _ in handle)
    import pyoxigraph

    formats = {"ttl": pyoxigraph.RdfFormat.TURTLE, "trig": pyoxigraph.RdfFormat.TRIG,
               "rdfxml": pyoxigraph.RdfFormat.RDF_XML, "jsonld": pyoxigraph.RdfFormat.JSON_LD}
    return sum(1 for _ in pyoxigraph.parse(path=str(path), format=formats[fmt]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[1_000_000],
                        help="target sizes in triples (default: 1000000)")
    parser.add_argument("--formats", nargs="+", default=["ttl", "nt", "nq", "trig"])
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each (size, format); the fastest is shown (default: 1)")
    parser.add_argument("--one", nargs=2, metavar=("PAPERS", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(int(args.one[0]), args.one[1])))
        return 0
    print(f"load average {_load()}")
    print(f"{'format':<7} {'statements':>10} {'wall s':>7} {'cpu s':>6} {'MB':>6} "
          f"{'graph MiB':>10} {'peak MiB':>9} {'above graph':>12}")
    for target in args.triples:
        papers = max(1, round(target / TRIPLES_PER_PAPER))
        for fmt in args.formats:
            row = min((_run(papers, fmt) for _ in range(max(1, args.repeat))),
                      key=lambda run: run["export_s"])
            print(f"{row['format']:<7} {row['statements']:>10,} {row['export_s']:>7.2f} "
                  f"{row['export_cpu_s']:>6.2f} {row['mb_written']:>6.1f} {row['rss_graph_mib']:>10} {row['peak_rss_mib']:>9} "
                  f"{row['peak_above_graph_mib']:>12}", flush=True)
    print(f"load average {_load()}")
    return 0


def _run(papers: int, fmt: str) -> dict:
    """One measurement, in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--one", str(papers), fmt],
                          capture_output=True, text=True, check=True, cwd=ROOT,
                          env={**os.environ, "PYTHONHASHSEED": "0"})
    return json.loads(done.stdout.strip().splitlines()[-1])


def _load() -> str:
    """The 1, 5 and 15 minute load averages and the number of CPUs."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min) on {os.cpu_count()} CPUs"


if __name__ == "__main__":
    raise SystemExit(main())
