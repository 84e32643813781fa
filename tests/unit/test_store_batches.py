"""The writer's transactions without a server: every row sent once, nodes before the edges that
MATCH them, at most `batch_size` rows each, and batches that may run at once touch disjoint nodes."""

from __future__ import annotations

import itertools

import pytest

from kg.model import (Document, Entity, EntityType, KnowledgeGraph, PaperLink, PaperLinkType, Provenance, Relation,
                      RelationType, Result)
from kg.names import stable_id
from kg.store import cypher
from kg.store.batches import group, groups_for, plan, rounds
from kg.store.rows import GraphRows, graph_rows

#: The row keys naming the two nodes a row's relationship joins, by statement.
ENDS = {**{s: ("head", "tail") for s in cypher.MERGE_RELATIONS.values()},
        **{s: ("paper", "entity") for s in cypher.MERGE_LINKS.values()},
        **{s: ("result", "entity") for s in cypher.MERGE_RESULT_EDGES.values()},
        cypher.MERGE_RESULTS: ("paper", "id")}


def small_graph(papers: int = 30) -> KnowledgeGraph:
    """Papers linked to shared entities, relations between them, and one result per paper."""
    kinds = (EntityType.METHOD, EntityType.DATASET, EntityType.METRIC)
    entities = [Entity(type=kind, name=f"{kind.value} {i}", confidence=0.8) for kind in kinds for i in range(8)]
    methods, datasets, metrics = (entities[i * 8:(i + 1) * 8] for i in range(3))
    docs = [Document(id=f"paper-{i}", title=f"Paper {i}", abstract="An abstract.") for i in range(papers)]
    relations, links, results = {}, [], []
    for i, doc in enumerate(docs):
        method, dataset, metric = methods[i % 8], datasets[(i * 3) % 8], metrics[(i * 5) % 8]
        links.append(PaperLink(paper=doc.id, entity=method.id, type=PaperLinkType.PROPOSES, confidence=0.9))
        evidence = Provenance(document=doc.id, sentence=f"{method.name} on {dataset.name}.", start=0, end=10)
        key = (method.id, dataset.id)
        if key in relations:
            relations[key].evidence.append(evidence)
        else:
            relations[key] = Relation(type=RelationType.EVALUATED_ON, head=method.name, tail=dataset.name,
                                      head_id=method.id, tail_id=dataset.id, confidence=0.8, evidence=[evidence])
        results.append(Result(id=stable_id("result", doc.id), value=float(i), paper=doc.id, method_id=method.id,
                              dataset_id=dataset.id, metric_id=metric.id))
    return KnowledgeGraph(papers=docs, entities=entities, relations=list(relations.values()), links=links,
                          results=results)


def sent(phases) -> list[tuple[str, dict]]:
    return [(part.statement, row) for phase in phases for batch in phase for part in batch.parts for row in part.rows]


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("batch_size", [1, 7, 10000])
def test_every_row_once_in_batches_of_at_most_batch_size(workers, batch_size):
    rows = graph_rows(small_graph())
    phases = plan(rows, batch_size, workers)
    assert all(0 < len(batch) <= batch_size for phase in phases for batch in phase)
    expected = [*rows.papers, *(r for rs in rows.entities.values() for r in rs), *rows.results,
                *(r for rs in rows.relations.values() for r in rs), *(r for rs in rows.links.values() for r in rs),
                *(r for rs in rows.result_edges.values() for r in rs)]
    assert sorted(map(id, (row for _, row in sent(phases)))) == sorted(map(id, expected))


def test_nodes_then_results_then_the_edges_that_match_them():
    rows = graph_rows(small_graph())
    phases = plan(rows, 5, workers=2)
    statements = [{part.statement for batch in phase for part in batch.parts} for phase in phases]
    assert statements[0] == {cypher.MERGE_PAPERS, *(cypher.MERGE_ENTITIES[t] for t in rows.entities)}
    assert statements[1] == {cypher.MERGE_RESULTS}
    assert statements[2] == {*(cypher.MERGE_RELATIONS[t] for t in rows.relations),
                             *(cypher.MERGE_LINKS[t] for t in rows.links),
                             *(cypher.MERGE_RESULT_EDGES[e] for e in rows.result_edges)}


def test_one_worker_keeps_the_statement_order_and_needs_no_groups():
    rows = graph_rows(small_graph())
    phases = plan(rows, 10000, workers=1)
    assert groups_for(1) == 1
    assert [len(phase) for phase in phases] == [1, 1, 1]  # everything fits one batch per phase
    edges = [part.statement for part in phases[2][0].parts]
    assert edges == [*(cypher.MERGE_RELATIONS[t] for t in rows.relations),
                     *(cypher.MERGE_LINKS[t] for t in rows.links),
                     *(cypher.MERGE_RESULT_EDGES[e] for e in rows.result_edges)]


@pytest.mark.parametrize("workers", [2, 3])
def test_batches_with_disjoint_groups_touch_disjoint_nodes(workers):
    groups = groups_for(workers)
    rows = graph_rows(small_graph(60))
    homes = {row["id"]: row["paper"] for row in rows.results}  # a result goes with its paper
    phases = plan(rows, 4, workers)
    for phase in phases[1:]:
        nodes = []
        for batch in phase:
            assert batch.groups and len(batch.groups) <= 2
            touched = {row[key] for part in batch.parts for row in part.rows for key in ENDS[part.statement]}
            assert {group(homes.get(node, node), groups) for node in touched} <= batch.groups
            nodes.append(touched)
        for (a, a_nodes), (b, b_nodes) in itertools.combinations(zip(phase, nodes), 2):
            if not a.groups & b.groups:
                assert not a_nodes & b_nodes
    assert all(not batch.groups for batch in phases[0])  # node rows: each its own node


def test_two_workers_always_find_two_disjoint_buckets():
    groups = groups_for(2)
    pairs = [frozenset(p) for p in itertools.combinations_with_replacement(range(groups), 2)]
    for bucket in pairs:
        assert any(not bucket & other for other in pairs if other != bucket)


@pytest.mark.parametrize("groups", [2, 4, 6, 8])
def test_rounds_pair_every_two_groups_once_in_disjoint_pairs(groups):
    found = [pair for round_ in rounds(groups) for pair in round_]
    assert sorted(map(sorted, found)) == sorted(map(sorted, map(frozenset, itertools.combinations(range(groups), 2))))
    for round_ in rounds(groups):
        assert len(set().union(*round_)) == groups  # the pairs of a round share no group


def test_edges_between_two_groups_come_round_by_round_then_those_within_one_in_quarter_batches():
    phases = plan(graph_rows(small_graph(200)), 40, workers=2)
    edges = phases[-1]
    spans = [len(batch.groups) for batch in edges]
    assert spans == sorted(spans, reverse=True) and spans[0] == 2 and spans[-1] == 1
    pairs = list(dict.fromkeys(batch.groups for batch in edges if len(batch.groups) == 2))
    assert pairs == [pair for round_ in rounds(4) for pair in round_]
    assert max(len(batch) for batch in edges if len(batch.groups) == 1) == 10
    assert max(len(batch) for batch in edges if len(batch.groups) == 2) == 40


def test_groups_are_stable_and_spread():
    ids = [f"ent-{i}" for i in range(1000)]
    assert [group(i, 4) for i in ids] == [group(i, 4) for i in ids]
    counts = [sum(group(i, 4) == g for i in ids) for g in range(4)]
    assert min(counts) > 200
    assert group("anything", 1) == 0


def test_empty_rows_plan_nothing_and_a_batch_size_must_be_positive():
    assert plan(GraphRows(), 10) == []
    with pytest.raises(ValueError):
        plan(GraphRows(), 0)
