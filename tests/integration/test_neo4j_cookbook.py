"""Every query of the Cypher cookbook (docs/cypher.md), run on the real server against the graph of
../shared/corpus/trending-papers.txt, with its rows checked against the graph they came from.

`KG_UPDATE_DOCS=1 pytest tests/integration/test_neo4j_cookbook.py` rewrites the sample outputs in
docs/cypher.md (between `<!-- output: NAME -->` and `<!-- /output -->`) from this run.
"""

from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from kg.model import EntityType, KnowledgeGraph, PaperLinkType, RelationType, ResultKind
from kg.pipeline import read_extraction_file
from kg.resolve import resolve
from kg.store import cypher
from kg.store.neo4j import Neo4jSettings, Neo4jStore
from integration_helpers import trending_extraction

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "cypher.md"

#: The parameters docs/cypher.md shows each query with.
DOC_PARAMS = {"methods-on-dataset": {"dataset": "ImageNet"}, "outperformers": {"method": "pre-training"},
              "built-on": {"base": "CLIP"}, "entities-by-support": {"type": "Dataset"},
              "paper": {"paper": "A Multigrid Method for Efficiently Training Video Models"}}


@pytest.fixture(scope="module")
def graph(tmp_path_factory) -> KnowledgeGraph:
    return resolve(read_extraction_file(trending_extraction(tmp_path_factory)))


@pytest.fixture(scope="module")
def store(neo4j_driver, neo4j_settings, graph):
    settings = Neo4jSettings(uri=neo4j_settings.uri, user=neo4j_settings.user, password=neo4j_settings.password,
                             database=neo4j_settings.database)
    with Neo4jStore(settings) as store:
        store.wipe()
        store.load(graph)
        yield store


@pytest.fixture(scope="module")
def outputs():
    """Rows of each query with the docs' parameters; written into docs/cypher.md under KG_UPDATE_DOCS=1."""
    rows: dict[str, list[dict]] = {}
    yield rows
    if os.environ.get("KG_UPDATE_DOCS") and len(rows) == len(cypher.COOKBOOK):
        text = DOCS.read_text(encoding="utf-8")
        for name, result in rows.items():
            pattern = re.compile(rf"(<!-- output: {re.escape(name)} -->\n).*?(<!-- /output -->)", re.S)
            assert pattern.search(text), f"docs/cypher.md has no output block for {name}"
            table = markdown(result, limit=40 if name in ("schema", "paper") else 6)
            text = pattern.sub(lambda m: m.group(1) + table + m.group(2), text)
        DOCS.write_text(text, encoding="utf-8")


def markdown(rows: list[dict], limit: int = 6, width: int = 70) -> str:
    """The first rows as a Markdown table, long cells cut."""
    if not rows:
        return "(no rows)\n"

    def cell(value) -> str:
        text = ", ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
        text = " ".join(text.split()).replace("|", "\\|")
        return text if len(text) <= width else text[:width - 1] + "…"

    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(cell(v) for v in row.values()) + " |" for row in rows[:limit]]
    more = f"\n({len(rows)} rows in all)\n" if len(rows) > limit else ""
    return "\n".join(lines) + "\n" + more


def run(store, outputs, name, params=None):
    rows = store.cookbook(name, params)
    if params == DOC_PARAMS.get(name) or (params is None and name not in DOC_PARAMS):
        outputs[name] = rows
    return rows


def names_of(entity) -> set[str]:
    return {entity.name.lower(), *(a.lower() for a in entity.aliases)}


def test_docs_params_give_rows(store, outputs):
    for name, params in DOC_PARAMS.items():
        assert run(store, outputs, name, params), f"{name} with {params} gives no rows"


def test_methods_on_dataset(store, outputs, graph):
    index = graph.entity_index()
    evaluated = Counter(r.tail_id for r in graph.relations if r.type is RelationType.EVALUATED_ON)
    dataset = index[evaluated.most_common(1)[0][0]]
    rows = run(store, outputs, "methods-on-dataset", {"dataset": dataset.name.upper()})
    expected = {index[r.head_id].name for r in graph.relations
                if r.type is RelationType.EVALUATED_ON and r.tail_id == dataset.id}
    assert {r["method"] for r in rows} == expected and all(r["dataset"] == dataset.name for r in rows)
    assert all(r["evidence"] and r["papers"] >= 1 for r in rows)


def test_datasets_per_task(store, outputs, graph):
    rows = run(store, outputs, "datasets-per-task")
    assert len(rows) >= 5
    assert [r["uses"] for r in rows] == sorted((r["uses"] for r in rows), reverse=True)
    index = graph.entity_index()
    tasks, datasets = defaultdict(set), defaultdict(set)
    for link in graph.links:
        entity = index[link.entity]
        if link.type is PaperLinkType.ADDRESSES:
            tasks[entity.name].add(link.paper)
        elif entity.type is EntityType.DATASET:
            datasets[entity.name].add(link.paper)
    top = rows[0]
    for item in top["datasets"]:
        name, count = re.fullmatch(r"(.+) \((\d+)\)", item).groups()
        assert len(tasks[top["task"]] & datasets[name]) == int(count)


def test_leaderboard(store, outputs, graph):
    rows = run(store, outputs, "leaderboard")
    assert rows
    best: dict[tuple[str, str], float] = {}
    index = graph.entity_index()
    for result in graph.results:
        if result.kind is ResultKind.ABSOLUTE and result.dataset_id and result.metric_id:
            key = (index[result.dataset_id].name, index[result.metric_id].name)
            best[key] = max(best.get(key, float("-inf")), result.value)
    assert {(r["dataset"], r["metric"]): r["best"] for r in rows} == best
    assert all(r["sentence"] and r["paper"] for r in rows)


def test_outperformers(store, outputs, graph):
    index = graph.entity_index()
    beaten = Counter(r.tail_id for r in graph.relations if r.type is RelationType.OUTPERFORMS)
    method = index[beaten.most_common(1)[0][0]]
    rows = run(store, outputs, "outperformers", {"method": method.name})
    direct = {index[r.head_id].name for r in graph.relations
              if r.type is RelationType.OUTPERFORMS and r.tail_id == method.id}
    assert {r["method"] for r in rows if r["hops"] == 1} == direct
    assert all(r["beats"] == method.name and r["hops"] in (1, 2) for r in rows)


def test_built_on(store, outputs, graph):
    index = graph.entity_index()
    proposed = {link.entity for link in graph.links if link.type is PaperLinkType.PROPOSES}
    bases = Counter(r.tail_id for r in graph.relations
                    if r.type in (RelationType.BASED_ON, RelationType.USES) and r.head_id in proposed)
    base = index[bases.most_common(1)[0][0]]
    rows = run(store, outputs, "built-on", {"base": base.name})
    assert rows and all(r["base"] == base.name and r["relation"] in ("BASED_ON", "USES") for r in rows)
    assert {r["method"] for r in rows} <= {index[r.head_id].name for r in graph.relations if r.tail_id == base.id}
    for row in store.cookbook("built-on"):  # the default: BERT, by name or alias
        assert any(e.name == row["base"] and "bert" in names_of(e) for e in graph.entities)


def test_task_cooccurrence(store, outputs, graph):
    rows = run(store, outputs, "task-cooccurrence")
    assert rows and rows[0]["papers"] >= 2
    index = graph.entity_index()
    papers = defaultdict(set)
    for link in graph.links:
        if link.type is PaperLinkType.ADDRESSES:
            papers[index[link.entity].name].add(link.paper)
    for row in rows:
        assert len(papers[row["task"]] & papers[row["with_task"]]) == row["papers"]


def test_entities_by_support(store, outputs, graph):
    rows = run(store, outputs, "entities-by-support")
    assert rows[0]["papers"] == max(e.support_papers for e in graph.entities)
    assert [r["papers"] for r in rows] == sorted((r["papers"] for r in rows), reverse=True)
    datasets = run(store, outputs, "entities-by-support", {"type": "Dataset"})
    assert datasets and {r["type"] for r in datasets} == {"Dataset"}


def test_paper(store, outputs, graph):
    paper = max(graph.papers, key=lambda p: sum(link.paper == p.id for link in graph.links))
    rows = run(store, outputs, "paper", {"paper": paper.id})
    assert len([r for r in rows if r["sentence"] is None]) == sum(link.paper == paper.id for link in graph.links)
    stated = [r for r in rows if r["sentence"] is not None and not r["says"].startswith("REPORTS")]
    expected = [e for r in graph.relations for e in r.evidence if e.document == paper.id]
    assert sorted(r["sentence"] for r in stated) == sorted(e.sentence for e in expected)
    reported = [r for r in rows if r["says"].startswith("REPORTS")]
    assert len(reported) == sum(r.paper == paper.id for r in graph.results)
    assert run(store, outputs, "paper", {"paper": paper.title}) == rows


def test_strong_baselines(store, outputs, graph):
    rows = run(store, outputs, "strong-baselines")
    assert rows and all(r["beaten_by"] >= 1 and r["used_in"] >= 1 for r in rows)


def test_schema_as_it_is(store, outputs, graph):
    rows = run(store, outputs, "schema")
    assert {r["type"] for r in rows} <= set(cypher.RELATIONSHIP_TYPES)
    assert {r["from"] for r in rows} | {r["to"] for r in rows} <= set(cypher.NODE_LABELS)
    relationships = sum(r["count"] for r in rows)
    assert relationships == store.query("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    links = Counter(link.type.value for link in graph.links)
    for link_type, count in links.items():
        assert sum(r["count"] for r in rows if r["from"] == "Paper" and r["type"] == link_type) == count
