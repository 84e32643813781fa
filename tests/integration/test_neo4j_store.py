"""The Neo4j writer against the real server: schema, idempotent and incremental loads, hostile
text, an unreachable server, and the `kg neo4j` / `kg build --neo4j` commands."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import StoreError
from kg.model import KnowledgeGraph
from kg.pipeline import read_extraction_file
from kg.resolve import resolve
from kg.store import cypher
from kg.store.neo4j import Neo4jSettings, Neo4jStore
from kg.store.rows import entity_properties, graph_rows
from integration_helpers import trending_extraction, free_port

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_GRAPH = ROOT / "tests" / "fixtures" / "neo4j" / "hostile-graph.json"
HOSTILE = "}) DETACH DELETE n //"


@pytest.fixture(scope="module")
def extractions(tmp_path_factory) -> list:
    return list(read_extraction_file(trending_extraction(tmp_path_factory)))


@pytest.fixture(scope="module")
def trending(extractions) -> KnowledgeGraph:
    return resolve(extractions)


@pytest.fixture
def settings(neo4j_settings) -> Neo4jSettings:
    return Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password=neo4j_settings.password,
                         database=neo4j_settings.database)


@pytest.fixture
def store(neo4j_driver, settings):
    """A store on an emptied database. Its constraints and indexes stay (dropping them would flush the
    server's plan cache and make every test compile the statements again); one test drops them."""
    with Neo4jStore(settings) as store:
        store.wipe()
        yield store


def hostile_graph() -> KnowledgeGraph:
    return KnowledgeGraph.model_validate(json.loads(HOSTILE_GRAPH.read_text(encoding="utf-8")))


def counts(store: Neo4jStore) -> tuple[int, int]:
    nodes = store.query("MATCH (n) RETURN count(n) AS n")[0]["n"]
    rels = store.query("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return nodes, rels


def test_schema_is_created_up_front_and_idempotently(clean_db, store):
    assert store.schema() == []
    store.load(KnowledgeGraph())
    first = store.schema()
    store.ensure_schema()
    assert store.schema() == first
    constraints = {(tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in first if r["kind"] == "constraint"}
    assert constraints == {(("Paper",), ("id",)), (("Entity",), ("id",)), (("Result",), ("id",))}
    indexes = {(tuple(r["labelsOrTypes"]), tuple(r["properties"])) for r in first if r["kind"] == "index"}
    assert {((label,), ("name",)) for label in ("Entity", "Method", "Dataset", "Metric", "Task")} <= indexes
    assert all("ONLINE" in r["type"] for r in first if r["kind"] == "index")


def test_load_twice_changes_nothing(store, trending):
    rows = graph_rows(trending)
    first = store.load(trending)
    assert first.batches > 10 and first.rows == rows.counts()
    expected_nodes = len(trending.papers) + len(trending.entities) + len(trending.results)
    assert (first.nodes_created, first.relationships_created) == (expected_nodes, rows.relationships())
    assert counts(store) == (expected_nodes, rows.relationships())
    snapshot = store.snapshot()

    second = store.load(trending)
    assert (second.nodes_created, second.relationships_created, second.merged_into_stored) == (0, 0, 0)
    assert store.snapshot() == snapshot

    # What was stored is what the rows say (the CSV export writes the same).
    entity = max(trending.entities, key=lambda e: (e.support_papers, e.id))
    stored = store.query("MATCH (e:Entity {id: $id}) RETURN properties(e) AS p, labels(e) AS l", {"id": entity.id})[0]
    row = next(r for r in rows.entities[entity.type] if r["id"] == entity.id)
    assert stored["p"] == entity_properties(row) and sorted(stored["l"]) == sorted(["Entity", entity.type.value])
    assert stored["p"]["support_papers"] == entity.support_papers == len(entity.papers)
    relation = next(r for r in trending.relations if r.evidence)
    props = store.query(f"MATCH ()-[r:{relation.type.value}]->() WHERE r.id = $id RETURN properties(r) AS p",
                        {"id": relation.id})[0]["p"]
    assert props["evidence_papers"] == [e.document for e in relation.evidence]
    assert props["evidence_sentences"] == [e.sentence for e in relation.evidence]
    assert props["evidence_starts"] == [e.start for e in relation.evidence]
    assert props["confidence"] == relation.confidence
    result = next(r for r in trending.results if r.unit)
    props = store.query("MATCH (:Paper {id: $paper})-[:REPORTS]->(r:Result {id: $id}) RETURN properties(r) AS p",
                        {"paper": result.paper, "id": result.id})[0]["p"]
    assert (props["value"], props["unit"], props["kind"]) == (result.value, result.unit, result.kind.value)


def test_any_number_of_workers_and_batch_size_writes_the_same_graph(store, settings, trending):
    store.load(trending)  # 2 workers, 10,000 rows per transaction
    reference = store.snapshot()
    for workers, batch_size in ((1, 10000), (3, 13)):
        store.wipe()
        with Neo4jStore(settings, workers=workers, batch_size=batch_size) as other:
            report = other.load(trending)
        assert report.relationships_created == graph_rows(trending).relationships()
        assert store.snapshot() == reference, (workers, batch_size)


def test_second_corpus_merges_into_the_entities_already_there(store, extractions, trending):
    first = resolve(extractions[0::2])
    second = resolve(extractions[1::2])
    store.load(first)
    report = store.load(second)
    snapshot = store.snapshot()
    assert store.load(second).nodes_created == 0 and store.snapshot() == snapshot  # still idempotent

    stored = {r["id"]: r for r in store.query(
        "MATCH (e:Entity) RETURN e.id AS id, e.type AS type, e.name AS name, e.papers AS papers, "
        "e.aliases AS aliases, e.support_papers AS support_papers, e.support_sentences AS support_sentences, "
        "e.keys AS keys")}
    both = {e.id for e in first.entities} & {e.id for e in second.entities}
    assert both, "the two halves share no entity"
    # Shared ids are one node each, and spelling variants of the second half went into stored nodes.
    assert report.merged_into_stored > 0
    assert len(stored) == len({e.id for e in first.entities} | {e.id for e in second.entities}) - \
        report.merged_into_stored
    # No two stored entities of a type are spelled the same way (what resolution merges within a load).
    names = [(r["type"], r["keys"][0]) for r in stored.values()]
    assert len(names) == len(set(names))
    assert store.query("MATCH (p:Paper) RETURN count(p) AS n")[0]["n"] == len(extractions)

    # Where the whole corpus resolves an entity as the two halves did, the counts agree with it.
    by_id = {e.id: e for e in trending.entities}
    halves = {e.id: e for e in first.entities}
    agreeing = 0
    for entity in second.entities:
        if entity.id not in both or entity.id not in by_id:
            continue
        whole = by_id[entity.id]
        forms = {halves[entity.id].name, *halves[entity.id].aliases, entity.name, *entity.aliases}
        if set(whole.papers) != set(halves[entity.id].papers) | set(entity.papers) or \
                {whole.name, *whole.aliases} != forms:
            continue  # the whole corpus merged more (an alias one half gives joins a form of the other)
        row = stored[entity.id]
        assert sorted(row["papers"] or []) == whole.papers and row["support_papers"] == whole.support_papers
        assert row["support_sentences"] == whole.support_sentences
        assert {row["name"], *(row["aliases"] or [])} == forms
        agreeing += 1
    assert agreeing >= 10


def test_spelling_variants_of_a_second_load_go_into_the_stored_entity(store):
    from kg.model import Document, Entity, EntityType, PaperLink, PaperLinkType

    def graph(paper, name, aliases=()):
        entity = Entity(type=EntityType.METHOD, name=name, aliases=list(aliases), papers=[paper], support_papers=1,
                        support_sentences=2)
        return KnowledgeGraph(papers=[Document(id=paper, abstract="x")], entities=[entity],
                              links=[PaperLink(paper=paper, entity=entity.id, type=PaperLinkType.USES)]), entity

    first, kept = graph("p1", "ResNet-50", ["RN-50"])
    second, variant = graph("p2", "ResNet50")
    store.load(first)
    report = store.load(second)
    assert report.merged_into_stored == 1 and report.nodes_created == 1  # the paper only
    (row,) = store.query("MATCH (e:Method) RETURN e.id AS id, e.name AS name, e.aliases AS aliases, "
                         "e.support_papers AS papers, e.support_sentences AS sentences, "
                         "[(p:Paper)-[:USES]->(e) | p.id] AS users")
    assert sorted(row.pop("users")) == ["p1", "p2"]
    assert row == {"id": kept.id, "name": "ResNet-50", "aliases": ["RN-50", "ResNet50"], "papers": 2,
                   "sentences": 4}
    assert variant.id != kept.id


def test_hostile_text_is_stored_verbatim_and_changes_nothing_else(store, neo4j_driver, neo4j_settings):
    graph = hostile_graph()
    neo4j_driver.execute_query("CREATE (:KgSentinel {id: 'keep', name: $name})", name=HOSTILE,
                           database_=neo4j_settings.database)
    rows = graph_rows(graph)
    store.load(graph)
    assert counts(store) == (len(graph.papers) + len(graph.entities) + len(graph.results) + 1, rows.relationships())
    assert store.query("MATCH (s:KgSentinel {id: 'keep'}) RETURN s.name AS name") == [{"name": HOSTILE}]
    labels = {r["label"] for r in store.query("CALL db.labels() YIELD label RETURN label")}
    assert labels == set(cypher.NODE_LABELS) | {"KgSentinel"}
    types = {r["type"] for r in store.query("CALL db.relationshipTypes() YIELD relationshipType AS type RETURN type")}
    assert types <= set(cypher.RELATIONSHIP_TYPES)

    for entity in graph.entities:
        stored = store.query("MATCH (e:Entity {id: $id}) RETURN e.name AS name, coalesce(e.aliases, []) AS aliases",
                             {"id": entity.id})
        assert stored == [{"name": entity.name, "aliases": [a for a in entity.aliases if a != entity.name]}]
    for paper in graph.papers:
        stored = store.query("MATCH (p:Paper {id: $id}) RETURN p.title AS title, p.abstract AS abstract",
                             {"id": paper.id})
        assert stored == [{"title": paper.title or None, "abstract": paper.abstract}]
    sentences = {s for r in store.query("MATCH ()-[r]->() WHERE r.evidence_sentences IS NOT NULL "
                                        "RETURN r.evidence_sentences AS s") for s in r["s"]}
    assert sentences == {e.sentence for r in graph.relations for e in r.evidence}
    units = {r["unit"] for r in store.query("MATCH (r:Result) RETURN r.unit AS unit")}
    assert units == {r.unit for r in graph.results}

    snapshot = store.snapshot()
    store.load(graph)
    assert store.snapshot() == snapshot


def test_unreachable_server_is_one_clear_error(settings):
    dead = Neo4jSettings(uri=f"bolt://127.0.0.1:{free_port()}", password=settings.password)
    started = time.monotonic()
    with Neo4jStore(dead, connection_timeout=3.0) as store:
        with pytest.raises(StoreError, match="cannot reach Neo4j at bolt://127.0.0.1:") as caught:
            store.load(hostile_graph())
    assert time.monotonic() - started < 15
    assert "\n" not in str(caught.value)


def test_wrong_password_is_one_clear_error(settings):
    with Neo4jStore(Neo4jSettings(uri=settings.uri, password="not-the-password")) as store:
        with pytest.raises(StoreError, match="rejected user 'neo4j'"):
            store.load(hostile_graph())


def neo4j_env(settings: Neo4jSettings, **overrides) -> dict[str, str]:
    env = {"NEO4J_URI": settings.uri, "NEO4J_USERNAME": settings.user, "NEO4J_PASSWORD": settings.password,
           "NEO4J_DATABASE": settings.database}
    env.update(overrides)
    return env


def test_commands_load_count_and_query(store, settings, tmp_path, root):
    runner = CliRunner()
    env = neo4j_env(settings)
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root / "examples" / "abstracts.jsonl"), "--out", str(out), "--to",
                                 "ttl", "--neo4j"], env=env)
    assert result.exit_code == 0, result.output
    assert "loaded 5 papers" in result.output and "created" in result.output
    stats = json.loads(runner.invoke(app, ["neo4j", "stats", "--json"], env=env).stdout)
    assert stats["nodes"]["Paper"] == 5 and stats["nodes"]["Entity"] > 20 and stats["relationships"]["REPORTS"] > 0

    result = runner.invoke(app, ["neo4j", "load", str(out / "extraction.jsonl"), "--batch-size", "7",
                                 "--workers", "3"], env=env)
    assert result.exit_code == 0, result.output
    assert "0 nodes and 0 relationships created" in result.output
    assert json.loads(runner.invoke(app, ["neo4j", "stats", "--json"], env=env).stdout) == stats

    result = runner.invoke(app, ["neo4j", "schema"], env=env)
    assert result.exit_code == 0 and "entity_id" in result.stdout
    result = runner.invoke(app, ["neo4j", "cookbook", "entities-by-support", "-p", "type=Dataset", "--json"], env=env)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["type"] == "Dataset" for r in rows)
    result = runner.invoke(app, ["neo4j", "cookbook"], env=env)
    assert result.exit_code == 0 and "leaderboard" in result.stdout
    result = runner.invoke(app, ["neo4j", "cookbook", "nope"], env=env)
    assert result.exit_code == 1 and "no cookbook query 'nope'" in result.output
    result = runner.invoke(app, ["neo4j", "cookbook", "leaderboard", "-p", "x=1"], env=env)
    assert result.exit_code == 1 and "takes no parameters" in result.output


def test_commands_fail_in_one_line_when_the_server_is_away(settings, tmp_path, root):
    runner = CliRunner()
    env = neo4j_env(settings, NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    extraction = tmp_path / "x.jsonl"
    extraction.write_text('{"id": "a", "abstract": "BERT reaches 91% accuracy on MNIST."}\n', encoding="utf-8")
    result = runner.invoke(app, ["neo4j", "load", str(extraction)], env=env)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach Neo4j at bolt://127.0.0.1:"), result.output
    assert "Traceback" not in result.output
    # build checks the server before the NLP: nothing is written when it is away.
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(root / "examples" / "abstracts.jsonl"), "--out", str(out), "--neo4j"],
                           env=env)
    assert result.exit_code == 1 and "cannot reach Neo4j" in result.output and not out.exists()
    result = runner.invoke(app, ["neo4j", "stats"], env={**env, "NEO4J_PASSWORD": ""})
    assert result.exit_code == 1 and "set NEO4J_PASSWORD" in result.output
