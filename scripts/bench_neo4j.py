"""Neo4j write speed: the batched writer vs a row-by-row writer, in the same run, on the same server.

    python scripts/bench_neo4j.py --wipe            # `make bench-neo4j` starts the local server first

Makes a deterministic synthetic graph of >= 100,000 relationships (papers, the four entity types,
relations with evidence, paper links, results and their edges; `--papers` scales it), then:

1. batched: empties the database and loads the graph with kg's writer (`UNWIND $rows AS row MERGE
   ...`, `--batch-size` rows per managed transaction; several sizes with `--batch-sizes`), timing
   the node and the relationship phases apart;
2. again: loads the same graph once more (idempotent: nothing created) and times it;
3. row-by-row: empties the database, writes the nodes batched (not timed), then writes a sample
   of the relationship rows (`--sample`, spread over every statement) with the same statements,
   one row and one transaction each, as a naive writer would.

It prints relationships per second for each and the ratio, and writes them to
out/bench/neo4j.json. The database is emptied: `--wipe` is required unless it is empty already.
Connection: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import sys
import time
from pathlib import Path

import neo4j

from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, PaperLinkType, Provenance, Relation,
                      Result, ResultKind, RELATION_SIGNATURES, Role)
from kg.names import stable_id
from kg.store.neo4j import Neo4jSettings, Neo4jStore
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


def batched(store: Neo4jStore, rows: GraphRows) -> dict:
    """Empty the database, write nodes then relationships batched; times and rates."""
    store.wipe()
    started = time.perf_counter()
    nodes = store.write(node_rows(rows))
    edges = store.write(edge_rows(rows))
    total = time.perf_counter() - started
    return {"batch_size": store.batch_size, "nodes": nodes.nodes_created, "relationships": edges.relationships_created,
            "node_seconds": round(nodes.seconds, 2), "relationship_seconds": round(edges.seconds, 2),
            "total_seconds": round(total, 2), "batches": nodes.batches + edges.batches,
            "relationships_per_s": round(edges.relationships_created / edges.seconds),
            "rows_per_s": round((sum(rows.counts().values())) / total)}


def row_by_row(store: Neo4jStore, rows: GraphRows, sample: int) -> dict:
    """Nodes batched, then `sample` relationship rows one per transaction with the same statements."""
    store.wipe()
    store.write(node_rows(rows))
    # store.batch_size is set huge by the caller: one batch per statement, to take the sample from.
    per_statement = [(statement, batch) for _, statement, batch in store.batches(edge_rows(rows))]
    total_rows = sum(len(b) for _, b in per_statement)
    work = []
    for statement, batch in per_statement:
        share = max(1, round(sample * len(batch) / total_rows))
        work += [(statement, row) for row in batch[:share]]
    created = 0

    def one(tx: neo4j.ManagedTransaction, statement: str, row: dict) -> int:
        return tx.run(statement, rows=[row]).consume().counters.relationships_created

    started = time.perf_counter()
    with store.driver.session(database=store.settings.database) as session:
        for statement, row in work:
            created += session.execute_write(one, statement, row)
    seconds = time.perf_counter() - started
    return {"rows": len(work), "relationships": created, "seconds": round(seconds, 2),
            "relationships_per_s": round(created / seconds)}


def local_server_jit() -> str:
    """The JIT of the server scripts/neo4j_local.py started (C1 only by default), if it runs here."""
    try:
        pid = int((ROOT / "neo4j-local" / "run" / "neo4j.pid").read_text().strip())
        flags = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
    except (OSError, ValueError):
        return "unknown"
    levels = [f.split("=")[1] for f in flags if f.startswith("-XX:TieredStopAtLevel=")]
    return {"1": "C1 only (-XX:TieredStopAtLevel=1)", "4": "C1+C2 (-XX:TieredStopAtLevel=4)"}.get(
        levels[-1] if levels else "4", "unknown")


def server_version(store: Neo4jStore) -> str:
    rows = store.query("CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition")
    return ", ".join(f"{r['name']} {r['versions'][0]} {r['edition']}" for r in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=5200, help="synthetic papers (5200 give ~104,000 relationships)")
    parser.add_argument("--batch-sizes", default="2000,10000", help="comma-separated batch sizes for the batched writer")
    parser.add_argument("--sample", type=int, default=3000, help="relationship rows written row by row")
    parser.add_argument("--wipe", action="store_true", help="empty the database first (required if not empty)")
    parser.add_argument("--json", type=Path, default=ROOT / "out" / "bench" / "neo4j.json")
    args = parser.parse_args(argv)
    settings = Neo4jSettings.from_env()
    if not settings.password:
        settings = Neo4jSettings.from_env(password="kg-test-password")  # the local test server's default

    graph = synthetic_graph(args.papers)
    rows = graph_rows(graph)
    print(f"synthetic graph: {rows.counts()}; {rows.relationships()} relationships", flush=True)
    print(f"driver {neo4j.__version__}, Rust extension: {importlib.util.find_spec('neo4j._rust') is not None}; "
          f"local server JIT: {local_server_jit()}", flush=True)
    sizes = [int(s) for s in args.batch_sizes.split(",")]
    with Neo4jStore(settings, batch_size=sizes[0]) as store:
        store.connect()
        nodes, _ = count(store)
        if nodes and not args.wipe:
            print(f"{settings.where} holds {nodes} nodes: run with --wipe to empty it for the benchmark",
                  file=sys.stderr)
            return 2
        version = server_version(store)
        store.wipe()
        store.ensure_schema()
        # Warm up: compile every statement once on a small graph, so that no run pays for planning.
        store.write(graph_rows(synthetic_graph(50, seed=1)))
        runs = []
        for size in sizes:
            store.batch_size = size
            result = batched(store, rows)
            runs.append(result)
            print(f"batched, {size} rows per transaction: {result['relationships']} relationships in "
                  f"{result['relationship_seconds']} s = {result['relationships_per_s']:,} rel/s "
                  f"(nodes {result['nodes']} in {result['node_seconds']} s; all {result['total_seconds']} s)",
                  flush=True)
        store.batch_size = sizes[0]
        started = time.perf_counter()
        again = store.load(graph)
        reload = {"seconds": round(time.perf_counter() - started, 2), "nodes_created": again.nodes_created,
                  "relationships_created": again.relationships_created, "counts": count(store)}
        print(f"same graph again: {again.nodes_created} nodes and {again.relationships_created} relationships "
              f"created in {reload['seconds']} s; counts {reload['counts']}", flush=True)
        store.batch_size = 10 ** 9
        slow = row_by_row(store, rows, args.sample)
        print(f"row by row, one transaction each: {slow['relationships']} relationships in {slow['seconds']} s = "
              f"{slow['relationships_per_s']:,} rel/s", flush=True)
        store.wipe()
    best = max(runs, key=lambda r: r["relationships_per_s"])
    ratio = best["relationships_per_s"] / slow["relationships_per_s"]
    print(f"batched / row by row: {ratio:.1f}x ({best['relationships_per_s']:,} vs "
          f"{slow['relationships_per_s']:,} relationships/s)")
    report = {"graph": rows.counts(), "relationships": rows.relationships(), "batched": runs, "reload": reload,
              "row_by_row": slow, "speedup": round(ratio, 1), "server": version, "uri": settings.uri,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "neo4j_driver": neo4j.__version__,
                          "driver_rust_extension": importlib.util.find_spec("neo4j._rust") is not None,
                          "server_jit": local_server_jit()}}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
