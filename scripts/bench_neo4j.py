"""Neo4j write speed: the batched writer vs a row-by-row writer, in the same run, on the same server.

    python scripts/bench_neo4j.py --wipe            # `make bench-neo4j` starts the local server first

Makes a deterministic synthetic graph of >= 100,000 relationships (papers, the four entity types,
relations with evidence, paper links, results and their edges; `--papers` scales it), then:

0. warm-up: `--warmup` whole batched loads (2), timed and printed but left out of the figures (the
   server's JIT compiles the code paths of the statements during them: the first load after a
   start takes about three times as long as a later one);
1. batched: `--repeat` times for each `--workers` count, empties the database and loads the graph
   with kg's writer (`UNWIND $rows AS row MERGE ...`, `--batch-size` rows per managed transaction,
   that many transactions at once on disjoint nodes), timing the node and the relationship phases
   apart, and checks the node and relationship counts after each load;
2. again: loads the same graph once more (idempotent: nothing created) and checks the counts;
3. row-by-row: empties the database, writes the nodes batched (not timed), then writes a sample
   of the relationship rows (`--sample`, spread over every statement) with the same statements,
   one row and one transaction each, as a naive writer would.

Relationships per second are those of the relationship phase; the whole load's rate is printed
too. The ratio compares the median of the best batched setting with row-by-row. The load average
of the machine is printed with every run: the figures only mean something when it is low.
Everything goes to out/bench/neo4j.json. The database is emptied: `--wipe` is required unless it
is empty already. Connection: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import logging
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

import neo4j

from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, PaperLinkType, Provenance, Relation,
                      Result, ResultKind, RELATION_SIGNATURES, Role)
from kg.names import stable_id
from kg.store.batches import plan
from kg.store.neo4j import DEFAULT_BATCH_SIZE, Neo4jSettings, Neo4jStore
from kg.store.rows import GraphRows, graph_rows

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("neural", "graph", "sparse", "contrastive", "diffusion", "token", "vision", "language", "robust", "fast",
         "deep", "latent", "causal", "federated", "quantum", "temporal", "spectral", "adaptive", "meta", "multi")


def synthetic_graph(papers: int, seed: int = 7) -> KnowledgeGraph:
    """A resolved-looking graph: per paper about 4 entities linked, 12 relations, 1 result (3 edges)."""
    rng = random.Random(seed)
    counts = {EntityType.METHOD: papers * 8 // 5, EntityType.DATASET: papers * 4 // 5,
              EntityType.METRIC: papers // 5, EntityType.TASK: papers * 3 // 5}
    entities: dict[EntityType, list[Entity]] = {}
    for kind, n in counts.items():
        entities[kind] = [Entity(type=kind, name=f"{rng.choice(WORDS)} {rng.choice(WORDS)} {kind.value} {i}",
                                 aliases=[f"{kind.value[0]}{i}"], confidence=0.7,
                                 role=Role.USED if kind in (EntityType.METHOD, EntityType.DATASET) else None)
                          for i in range(n)]
    docs = [Document(id=f"bench-paper-{i}", title=f"Paper {i}: {rng.choice(WORDS)} {rng.choice(WORDS)}",
                     abstract="A synthetic abstract. " * 8, year=2015 + i % 10) for i in range(papers)]
    relations: dict[tuple, Relation] = {}
    links: dict[tuple, PaperLink] = {}
    results: list[Result] = []
    signatures = sorted(((t, h, tl) for t, pairs in RELATION_SIGNATURES.items() for h, tl in pairs),
                        key=lambda s: tuple(x.value for x in s))  # frozensets: no fixed order
    for doc in docs:
        for kind in (EntityType.METHOD, EntityType.DATASET, EntityType.METRIC, EntityType.TASK):
            entity = rng.choice(entities[kind])
            link_type = {EntityType.TASK: PaperLinkType.ADDRESSES, EntityType.METRIC: PaperLinkType.MENTIONS}.get(
                kind, PaperLinkType.USES)
            links[(doc.id, entity.id, link_type)] = PaperLink(paper=doc.id, entity=entity.id, type=link_type,
                                                              confidence=0.7)
            entity.papers.append(doc.id)
        for k in range(12):
            rel_type, head_type, tail_type = rng.choice(signatures)
            head, tail = rng.choice(entities[head_type]), rng.choice(entities[tail_type])
            if head.id == tail.id:
                continue
            evidence = Provenance(document=doc.id, sentence=f"Sentence {k} of {doc.id}: {head.name} and {tail.name}.",
                                  sentence_index=k, start=k * 100, end=k * 100 + 90, extractor="bench", confidence=0.7)
            key = (rel_type, head.id, tail.id)
            if key in relations:
                relations[key].evidence.append(evidence)
            else:
                relations[key] = Relation(type=rel_type, head=head.name, tail=tail.name, head_id=head.id,
                                          tail_id=tail.id, confidence=0.7, evidence=[evidence], support_papers=1)
        method, dataset, metric = (rng.choice(entities[t]) for t in
                                   (EntityType.METHOD, EntityType.DATASET, EntityType.METRIC))
        value = round(rng.uniform(10, 99), 2)
        results.append(Result(id=stable_id("result", doc.id, value, "x"), value=value, unit="%",
                              kind=ResultKind.ABSOLUTE, metric_id=metric.id, method_id=method.id,
                              dataset_id=dataset.id, paper=doc.id, text=f"{value}%", confidence=0.6,
                              provenance=Provenance(document=doc.id, sentence=f"We reach {value}%.", start=0, end=5)))
    all_entities = [e for group in entities.values() for e in group]
    for entity in all_entities:
        entity.papers = sorted(set(entity.papers))
        entity.support_papers = len(entity.papers)
        entity.support_sentences = len(entity.papers)
    return KnowledgeGraph(papers=docs, entities=all_entities, relations=list(relations.values()),
                          results=results, links=list(links.values()))


def node_rows(rows: GraphRows) -> GraphRows:
    return GraphRows(papers=rows.papers, entities=rows.entities)


def edge_rows(rows: GraphRows) -> GraphRows:
    return GraphRows(relations=rows.relations, links=rows.links, results=rows.results, result_edges=rows.result_edges)


def count(store: Neo4jStore) -> tuple[int, int]:
    return (store.query("MATCH (n) RETURN count(n) AS n")[0]["n"],
            store.query("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"])


class Retries(logging.Handler):
    """Counts the driver's retries of transactions (deadlocks between workers among them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        self.deadlocks = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if "will be retried" in message:
            self.count += 1
            self.deadlocks += "DeadlockDetected" in message


RETRIES = Retries()


def load_average() -> float:
    """The machine's 1-minute load average (2 means both cores of a 2-core machine busy)."""
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return float("nan")


def batched(store: Neo4jStore, rows: GraphRows, expected: tuple[int, int]) -> dict:
    """Empty the database, write nodes then relationships batched, check the counts; times and rates."""
    store.wipe()
    load_before = load_average()
    retries, deadlocks = RETRIES.count, RETRIES.deadlocks
    started = time.perf_counter()
    nodes = store.write(node_rows(rows))
    edges = store.write(edge_rows(rows))
    total = time.perf_counter() - started
    counts = count(store)
    if counts != expected:
        raise SystemExit(f"the batched load left {counts} (nodes, relationships), not {expected}")
    return {"batch_size": store.batch_size, "workers": store.workers, "nodes": nodes.nodes_created,
            "relationships": edges.relationships_created, "counts": counts,
            "node_seconds": round(nodes.seconds, 2), "relationship_seconds": round(edges.seconds, 2),
            "total_seconds": round(total, 2), "batches": nodes.batches + edges.batches,
            "relationships_per_s": round(edges.relationships_created / edges.seconds),
            "load_relationships_per_s": round(edges.relationships_created / total),
            "retries": RETRIES.count - retries, "deadlocks": RETRIES.deadlocks - deadlocks,
            "load_average": [load_before, load_average()]}


def row_by_row(store: Neo4jStore, rows: GraphRows, sample: int) -> dict:
    """Nodes batched, then `sample` relationship rows one per transaction with the same statements."""
    store.wipe()
    store.write(node_rows(rows))
    per_statement = [(part.statement, part.rows) for phase in plan(edge_rows(rows), 10 ** 9)
                     for batch in phase for part in batch.parts]
    total_rows = sum(len(r) for _, r in per_statement)
    work = []
    for statement, statement_rows in per_statement:
        share = max(1, round(sample * len(statement_rows) / total_rows))
        work += [(statement, row) for row in statement_rows[:share]]
    created = 0

    def one(tx: neo4j.ManagedTransaction, statement: str, row: dict) -> int:
        return tx.run(statement, rows=[row]).consume().counters.relationships_created

    load_before = load_average()
    started = time.perf_counter()
    with store.driver.session(database=store.settings.database) as session:
        for statement, row in work:
            created += session.execute_write(one, statement, row)
    seconds = time.perf_counter() - started
    return {"rows": len(work), "relationships": created, "seconds": round(seconds, 2),
            "relationships_per_s": round(created / seconds), "load_average": [load_before, load_average()]}


def local_server() -> dict[str, str]:
    """JIT, heap, collector and page cache of the server scripts/neo4j_local.py started, if it runs here."""
    found = {"jit": "unknown", "heap": "unknown", "gc": "unknown", "page_cache": "unknown"}
    try:
        pid = int((ROOT / "neo4j-local" / "run" / "neo4j.pid").read_text().strip())
        flags = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except (OSError, ValueError):
        return found
    levels = [f.split("=")[1] for f in flags if f.startswith("-XX:TieredStopAtLevel=")]
    found["jit"] = {"1": "C1 only (-XX:TieredStopAtLevel=1)", "4": "C1+C2 (-XX:TieredStopAtLevel=4)"}.get(
        levels[-1] if levels else "4", "unknown")
    heaps = [f[4:] for f in flags if f.startswith("-Xmx")]
    found["heap"] = heaps[-1] if heaps else "JVM default"
    young = [f[4:] for f in flags if f.startswith("-Xmn")]
    found["gc"] = ("parallel" if "-XX:+UseParallelGC" in flags else "G1") + (f", young {young[-1]}" if young else "")
    with contextlib.suppress(OSError):
        for line in (ROOT / "neo4j-local" / "run" / "conf" / "neo4j.conf").read_text().splitlines():
            if line.startswith("server.memory.pagecache.size="):
                found["page_cache"] = line.split("=", 1)[1]
    return found


def server_version(store: Neo4jStore) -> str:
    rows = store.query("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition")
    return ", ".join(f"{r['name']} {r['versions'][0]} {r['edition']}" for r in rows)


def say_run(label: str, result: dict) -> None:
    print(f"{label}: {result['relationships']} relationships in {result['relationship_seconds']} s = "
          f"{result['relationships_per_s']:,} rel/s (nodes {result['nodes']} in {result['node_seconds']} s; "
          f"whole load {result['total_seconds']} s = {result['load_relationships_per_s']:,} rel/s; "
          f"{result['retries']} transactions retried, {result['deadlocks']} of them after a deadlock; "
          f"load average {result['load_average'][0]:.2f} -> {result['load_average'][1]:.2f})", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=5200, help="synthetic papers (5200 give ~104,000 relationships)")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE, help="rows per transaction")
    parser.add_argument("--workers", default="1,2", help="comma-separated counts of concurrent transactions")
    parser.add_argument("--warmup", type=int, default=2, help="batched loads left out of the figures")
    parser.add_argument("--repeat", type=int, default=3, help="batched loads per setting (the median is reported)")
    parser.add_argument("--sample", type=int, default=3000, help="relationship rows written row by row")
    parser.add_argument("--wipe", action="store_true", help="empty the database first (required if not empty)")
    parser.add_argument("--json", type=Path, default=ROOT / "out" / "bench" / "neo4j.json")
    args = parser.parse_args(argv)
    driver_log = logging.getLogger("neo4j")
    driver_log.addHandler(RETRIES)
    driver_log.propagate = False  # counted, not printed
    settings = Neo4jSettings.from_env()
    if not settings.password:
        settings = Neo4jSettings.from_env(password="kg-test-password")  # the local test server's default

    graph = synthetic_graph(args.papers)
    rows = graph_rows(graph)
    expected = (len(rows.papers) + sum(map(len, rows.entities.values())) + len(rows.results), rows.relationships())
    server = local_server()
    print(f"synthetic graph: {rows.counts()}; {expected[0]} nodes, {expected[1]} relationships", flush=True)
    print(f"driver {neo4j.__version__}, Rust extension: {importlib.util.find_spec('neo4j._rust') is not None}; "
          f"local server: JIT {server['jit']}, heap {server['heap']} ({server['gc']}), "
          f"page cache {server['page_cache']}; "
          f"{os.cpu_count()} CPUs, load average {load_average():.2f}", flush=True)
    workers = [int(w) for w in args.workers.split(",")]
    with Neo4jStore(settings, batch_size=args.batch_size, workers=workers[-1]) as store:
        store.connect()
        nodes, _ = count(store)
        if nodes and not args.wipe:
            print(f"{settings.where} holds {nodes} nodes: run with --wipe to empty it for the benchmark",
                  file=sys.stderr)
            return 2
        version = server_version(store)
        store.wipe()
        store.ensure_schema()
        warmup = []
        for number in range(1, args.warmup + 1):
            warmup.append(batched(store, rows, expected))
            say_run(f"warm-up {number} (left out), {store.workers} workers", warmup[-1])
        runs: dict[int, list[dict]] = {}
        for _ in range(args.repeat):
            for count_of_workers in workers:  # interleaved, so that a busy spell of the machine hits all
                store.workers = count_of_workers
                result = batched(store, rows, expected)
                runs.setdefault(count_of_workers, []).append(result)
                say_run(f"batched, {count_of_workers} worker(s), {args.batch_size} rows per transaction", result)
        summary = {w: {"median_relationships_per_s": round(statistics.median(r["relationships_per_s"] for r in rs)),
                       "best_relationships_per_s": max(r["relationships_per_s"] for r in rs),
                       "median_load_relationships_per_s":
                           round(statistics.median(r["load_relationships_per_s"] for r in rs))}
                   for w, rs in runs.items()}
        for w, s in summary.items():
            print(f"{w} worker(s): median {s['median_relationships_per_s']:,} rel/s, best "
                  f"{s['best_relationships_per_s']:,} rel/s (whole load: median "
                  f"{s['median_load_relationships_per_s']:,} rel/s)", flush=True)
        best_workers = max(summary, key=lambda w: summary[w]["median_relationships_per_s"])
        store.workers = best_workers
        started = time.perf_counter()
        again = store.load(graph)
        reload = {"seconds": round(time.perf_counter() - started, 2), "nodes_created": again.nodes_created,
                  "relationships_created": again.relationships_created, "counts": count(store)}
        print(f"same graph again: {again.nodes_created} nodes and {again.relationships_created} relationships "
              f"created in {reload['seconds']} s; counts {reload['counts']}", flush=True)
        if reload["counts"] != expected or again.nodes_created or again.relationships_created:
            raise SystemExit(f"loading the same graph again changed the counts: {reload}")
        slow = row_by_row(store, rows, args.sample)
        print(f"row by row, one transaction each: {slow['relationships']} relationships in {slow['seconds']} s = "
              f"{slow['relationships_per_s']:,} rel/s (load average {slow['load_average'][0]:.2f})", flush=True)
        store.wipe()
    batched_rate = summary[best_workers]["median_relationships_per_s"]
    ratio = batched_rate / slow["relationships_per_s"]
    print(f"batched ({best_workers} worker(s), median) / row by row: {ratio:.1f}x ({batched_rate:,} vs "
          f"{slow['relationships_per_s']:,} relationships/s)")
    report = {"graph": rows.counts(), "nodes": expected[0], "relationships": expected[1], "warmup": warmup,
              "batched": {str(w): rs for w, rs in runs.items()}, "summary": {str(w): s for w, s in summary.items()},
              "reload": reload, "row_by_row": slow, "speedup": round(ratio, 1), "server": version,
              "uri": settings.uri,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "neo4j_driver": neo4j.__version__,
                          "driver_rust_extension": importlib.util.find_spec("neo4j._rust") is not None,
                          "local_server": server}}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
