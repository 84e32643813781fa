"""The Cypher module and the writer's rows, without a server: labels and types only from the enums,
values only as parameters, rows that merge, evidence kept once, incremental matching of entities."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.model import (Entity, EntityType, KnowledgeGraph, PaperLink, PaperLinkType, Provenance, Relation,
                      RelationType, Result, Role)
from kg.store import cypher
from kg.store.neo4j import Neo4jSettings, Neo4jStore
from kg.store.rows import compact_key, entity_properties, graph_rows, match_stored, present

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_GRAPH = ROOT / "tests" / "fixtures" / "neo4j" / "hostile-graph.json"


def statements() -> dict[str, str]:
    """Every Cypher statement of kg/store/cypher.py, by a readable name."""
    found: dict[str, str] = {}
    for name, value in vars(cypher).items():
        if name.startswith("_") or name == "COOKBOOK":
            continue
        if isinstance(value, str) and re.search(r"\b(MATCH|MERGE|CREATE|CALL|SHOW|UNWIND)\b", value):
            found[name] = value
        elif isinstance(value, tuple) and value and all(isinstance(v, str) for v in value) and name.isupper():
            found.update({f"{name}[{i}]": v for i, v in enumerate(value) if " " in v})
        elif isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
            found.update({f"{name}[{getattr(k, 'name', k)}]": v for k, v in value.items()})
    found.update({f"COOKBOOK[{k}]": q.cypher for k, q in cypher.COOKBOOK.items()})
    return found


STATEMENTS = statements()


def hostile_graph() -> KnowledgeGraph:
    return KnowledgeGraph.model_validate(json.loads(HOSTILE_GRAPH.read_text(encoding="utf-8")))


def test_statements_are_found():
    assert len(STATEMENTS) > 40
    assert {"MERGE_PAPERS", "MERGE_RESULTS", "MERGE_ENTITIES[METHOD]", "MERGE_RELATIONS[OUTPERFORMS]",
            "MERGE_LINKS[PROPOSES]", "MERGE_RESULT_EDGES[OF_METHOD]", "COOKBOOK[leaderboard]"} <= set(STATEMENTS)


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_labels_and_types_come_from_the_enums(name):
    statement = STATEMENTS[name]
    no_strings = re.sub(r"'[^']*'", "''", statement)
    labels = set(re.findall(r"\(\w*((?::\w+)+)", no_strings))
    used_labels = {part for group in labels for part in group.split(":") if part}
    used_labels |= set(re.findall(r"\bSET \w+:(\w+)", no_strings))
    assert used_labels <= set(cypher.NODE_LABELS), name
    types = re.findall(r"\[\w*:([\w|*.\d]+)", no_strings)
    used_types = {t for group in types for t in re.split(r"[|*]", group) if t and not t[0].isdigit()}
    assert used_types <= set(cypher.RELATIONSHIP_TYPES), name


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statements_take_values_only_as_parameters(name):
    statement = STATEMENTS[name]
    assert "{label" not in statement and "%s" not in statement and "{}" not in statement
    # Writes take their rows as one parameter; nothing else is spliced in.
    if name.startswith("MERGE_"):
        assert statement.lstrip().startswith("CYPHER replan=skip\nUNWIND $rows AS row"), name
        assert set(re.findall(r"\$(\w+)", statement)) == {"rows"}, name


def test_the_enums_give_every_label_and_type():
    assert set(cypher.NODE_LABELS) == {"Paper", "Entity", "Result", "Method", "Dataset", "Metric", "Task"}
    assert set(cypher.RELATIONSHIP_TYPES) == {t.value for t in RelationType} | {t.value for t in PaperLinkType} | {
        "REPORTS", "OF_METHOD", "ON_DATASET", "MEASURED_BY", "COMPARED_TO"}
    with pytest.raises(ValueError):
        cypher._token("Method) DETACH DELETE (n")
    assert set(cypher.MERGE_ENTITIES) == set(EntityType)
    assert set(cypher.MERGE_RELATIONS) == set(RelationType)
    assert set(cypher.MERGE_LINKS) == set(PaperLinkType)


def test_schema_statements_are_idempotent_and_name_each_id():
    assert all("IF NOT EXISTS" in s for s in (*cypher.CONSTRAINTS, *cypher.INDEXES))
    assert {re.search(r"\(n:(\w+)\) REQUIRE n\.id IS UNIQUE", s).group(1) for s in cypher.CONSTRAINTS} == {
        "Paper", "Entity", "Result"}
    indexed = {re.search(r"\(n:(\w+)\) ON \(n\.(\w+)\)", s).groups() for s in cypher.INDEXES}
    assert {(t.value, "name") for t in EntityType} | {("Entity", "name")} <= indexed


def test_writer_sends_only_the_constants_whatever_the_input():
    graph = hostile_graph()
    store = Neo4jStore(Neo4jSettings(password="unused-here"), batch_size=2)
    try:
        rows = graph_rows(graph)
        sent = [part for phase in store.batches(rows) for batch in phase for part in batch.parts]
    finally:
        store.close()
    constants = set(STATEMENTS.values())
    assert all(part.statement in constants for part in sent)
    assert all(len(part.rows) <= 2 for part in sent)
    assert sum(len(part.rows) for part in sent) == sum(rows.counts().values())
    # The hostile names travel as values, verbatim.
    names = {row["name"] for part in sent for row in part.rows if "name" in row}
    assert names == {e.name for e in graph.entities}
    assert "  back\\slash \\\" and spaces  " in names and "}) DETACH DELETE n //" in names


def test_rows_of_the_hostile_graph():
    graph = hostile_graph()
    rows = graph_rows(graph)
    assert rows.counts() == {"papers": 3, "entities": 6, "relations": 8, "paper_links": 10, "results": 2,
                             "result_edges": 5}
    assert rows.relationships() == 8 + 10 + 2 + 5
    method = next(r for r in rows.entities[EntityType.METHOD] if r["role"] == "proposed")
    assert method["aliases"] == ["`backtick`", "}) DETACH DELETE n // alias", "x;y"]
    assert method["keys"] == [compact_key(n) for n in [method["name"], *method["aliases"]]]
    props = entity_properties(method)
    assert props["support_papers"] == 2 and props["support_sentences"] == 3 and "role" in props
    metric = rows.entities[EntityType.METRIC][0]
    assert "role" not in entity_properties(metric) and "aliases" not in entity_properties(metric)
    paper = next(p for p in rows.papers if p["id"] == "p3\nnewline")
    assert paper["props"] == {"abstract": "Third\tabstract with a tab."}  # no empty title, no empty authors
    uses = rows.relations[RelationType.USES][0]
    assert uses["evidence_papers"] == [] and uses["papers"] == [] and uses["support_papers"] == 0
    result = next(r for r in rows.results if r["props"]["value"] == 2.0)
    assert result["props"] == {"value": 2.0, "unit": "x\n`unit`", "kind": "ratio", "text": "2x", "confidence": 0.6}


def test_present_drops_what_neo4j_would_not_keep():
    assert present({"a": None, "b": "", "c": [], "d": 0, "e": 0.0, "f": [""], "g": False}) == {
        "d": 0, "e": 0.0, "f": [""], "g": False}


def _entity(kind, name, papers, aliases=(), sentences=1, role=None):
    return Entity(type=kind, name=name, aliases=list(aliases), papers=papers, support_papers=len(papers),
                  support_sentences=sentences, role=role, confidence=0.5)


def _graph(entities, relations=(), links=(), results=()):
    return KnowledgeGraph(entities=list(entities), relations=list(relations), links=list(links),
                          results=list(results))


def test_evidence_is_kept_once_per_paper_and_offsets():
    a, b = _entity(EntityType.METHOD, "A", ["p"]), _entity(EntityType.METHOD, "B", ["p"])
    ev = Provenance(document="p", sentence="A beats B.", start=0, end=10)
    relation = Relation(type=RelationType.OUTPERFORMS, head="A", tail="B", head_id=a.id, tail_id=b.id,
                        evidence=[ev, ev.model_copy(update={"confidence": 0.2}),
                                  ev.model_copy(update={"document": "q"})])
    row = graph_rows(_graph([a, b], [relation])).relations[RelationType.OUTPERFORMS][0]
    assert row["evidence_papers"] == ["p", "q"] and row["papers"] == ["p", "q"] and row["support_papers"] == 2
    assert [len(row[f]) for f in ("evidence_sentences", "evidence_starts", "evidence_ends",
                                  "evidence_sentence_indexes", "evidence_extractors",
                                  "evidence_confidences")] == [2] * 6


def test_match_stored_by_id_spelling_and_alias():
    resnet = _entity(EntityType.METHOD, "ResNet50", ["p2"])
    gcn = _entity(EntityType.METHOD, "graph convolutional network", ["p2"], aliases=["GCN"])
    same = _entity(EntityType.METHOD, "BERT", ["p2"])
    other_type = _entity(EntityType.DATASET, "ResNet-50", ["p2"])
    ambiguous = _entity(EntityType.TASK, "OOD", ["p2"])
    graph = _graph([resnet, gcn, same, other_type, ambiguous])
    stored = [("m-resnet", "Method", ["resnet50"]), ("m-gcn", "Method", ["gcn"]), (same.id, "Method", ["bert"]),
              ("t-1", "Task", ["outofdistribution", "ood"]), ("t-2", "Task", ["ood", "objectorienteddesign"])]
    assert match_stored(graph, stored) == {resnet.id: "m-resnet", gcn.id: "m-gcn"}


def test_rows_combine_what_maps_onto_one_node():
    a1 = _entity(EntityType.METHOD, "ResNet-50", ["p1"], aliases=["RN50"], sentences=2, role=Role.USED)
    a2 = _entity(EntityType.METHOD, "ResNet50", ["p2"], sentences=3, role=Role.PROPOSED)
    c = _entity(EntityType.METHOD, "VGG", ["p1", "p2"])
    ev1 = Provenance(document="p1", sentence="s1", start=1, end=2)
    ev2 = Provenance(document="p2", sentence="s2", start=3, end=4)
    r1 = Relation(type=RelationType.OUTPERFORMS, head="ResNet-50", tail="VGG", head_id=a1.id, tail_id=c.id,
                  evidence=[ev1], confidence=0.6)
    r2 = Relation(type=RelationType.OUTPERFORMS, head="ResNet50", tail="VGG", head_id=a2.id, tail_id=c.id,
                  evidence=[ev2], confidence=0.8)
    loop = Relation(type=RelationType.BASED_ON, head="ResNet50", tail="ResNet-50", head_id=a2.id, tail_id=a1.id)
    links = [PaperLink(paper="p1", entity=a1.id, type=PaperLinkType.USES, confidence=0.3),
             PaperLink(paper="p1", entity=a2.id, type=PaperLinkType.USES, confidence=0.9)]
    result = Result(id="r1", value=1.0, paper="p2", method_id=a2.id)
    rows = graph_rows(_graph([a1, a2, c], [r1, r2, loop], links, [result]), {a2.id: a1.id})
    (merged,) = [r for r in rows.entities[EntityType.METHOD] if r["id"] == a1.id]
    assert merged["name"] == "ResNet-50" and merged["aliases"] == ["RN50", "ResNet50"]
    assert merged["papers"] == ["p1", "p2"] and merged["support_sentences"] == 5 and merged["role"] == "proposed"
    assert len(rows.entities[EntityType.METHOD]) == 2
    (outperforms,) = rows.relations[RelationType.OUTPERFORMS]
    assert outperforms["id"] == r1.id and outperforms["evidence_papers"] == ["p1", "p2"]
    assert outperforms["confidence"] == 0.8 and outperforms["support_papers"] == 2
    assert RelationType.BASED_ON not in rows.relations  # became a loop
    assert rows.links[PaperLinkType.USES] == [{"paper": "p1", "entity": a1.id, "confidence": 0.9}]
    assert rows.result_edges[cypher.ResultEdge.OF_METHOD] == [{"result": "r1", "entity": a1.id}]


def test_store_needs_a_password_and_a_batch_size():
    from kg.errors import StoreError

    with pytest.raises(StoreError, match="NEO4J_PASSWORD"):
        Neo4jStore(Neo4jSettings(password=None))
    with pytest.raises(StoreError, match="batch size"):
        Neo4jStore(Neo4jSettings(password="x" * 8), batch_size=0)
    with pytest.raises(StoreError, match="URI"):
        Neo4jStore(Neo4jSettings(uri="ftp://nowhere", password="x" * 8))


def test_settings_follow_the_neo4j_environment_variables(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j://db.example:7688")
    monkeypatch.setenv("NEO4J_USERNAME", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "s3cret-pass")
    monkeypatch.setenv("NEO4J_DATABASE", "papers")
    settings = Neo4jSettings.from_env()
    assert (settings.uri, settings.user, settings.password, settings.database) == (
        "neo4j://db.example:7688", "reader", "s3cret-pass", "papers")
    assert "s3cret" not in repr(settings) and "s3cret" not in settings.where
    assert Neo4jSettings.from_env(database="other").database == "other"


def test_the_docs_show_every_cookbook_query_and_the_whole_schema():
    docs = (ROOT / "docs" / "cypher.md").read_text(encoding="utf-8")
    for name, query in cypher.COOKBOOK.items():
        assert query.cypher.strip() in docs, f"docs/cypher.md lacks the cookbook query {name}"
        assert f"kg neo4j cookbook {name}" in docs
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    diagram = readme.split("## Neo4j", 1)[1].split("```mermaid", 1)[1].split("```", 1)[0]
    for token in (*cypher.NODE_LABELS, *cypher.RELATIONSHIP_TYPES):
        assert re.search(rf"\b{token}\b", diagram), f"the schema diagram lacks {token}"
