"""Every Cypher statement kg sends to Neo4j, as named constants.

Values only ever travel as parameters (`$rows`, `$name`, ...). Labels and relationship types come
from kg.model's enums (`EntityType`, `RelationType`, `PaperLinkType`) and from the store's own
fixed names below (`Paper`, `Entity`, `Result`, `REPORTS` and `ResultEdge`); statements that
differ only by label or type are generated once, at import, from those enums, never from input.

The graph (see README.md#neo4j and docs/cypher.md):

    (:Paper)-[:PROPOSES|USES|ADDRESSES|MENTIONS]->(:Entity:Method|Dataset|Metric|Task)
    (:Entity)-[:EVALUATED_ON|ADDRESSES|BENCHMARK_FOR|OUTPERFORMS|BASED_ON|USES|MEASURED_BY]->(:Entity)
    (:Paper)-[:REPORTS]->(:Result)-[:OF_METHOD|ON_DATASET|MEASURED_BY|COMPARED_TO]->(:Entity)
"""

from __future__ import annotations

import re
from enum import Enum
from typing import NamedTuple

from kg.model import EntityType, PaperLinkType, RelationType

PAPER = "Paper"
ENTITY = "Entity"
RESULT = "Result"
REPORTS = "REPORTS"


class ResultEdge(str, Enum):
    """The edges from a Result to what it measures, keyed by the Result field they come from."""

    OF_METHOD = "method_id"
    ON_DATASET = "dataset_id"
    MEASURED_BY = "metric_id"
    COMPARED_TO = "baseline_id"


_NAME = re.compile(r"^[A-Z][A-Za-z_]*$")


def _token(name: str) -> str:
    """A label or relationship type, checked to be a plain identifier (they all come from enums)."""
    if not _NAME.match(name):
        raise ValueError(f"not a label or relationship type: {name!r}")
    return name


NODE_LABELS: tuple[str, ...] = (PAPER, ENTITY, RESULT, *(t.value for t in EntityType))
RELATIONSHIP_TYPES: tuple[str, ...] = tuple(dict.fromkeys(
    [*(t.value for t in RelationType), *(t.value for t in PaperLinkType), REPORTS, *(e.name for e in ResultEdge)]))
for _name in (*NODE_LABELS, *RELATIONSHIP_TYPES):
    _token(_name)

# --- schema -------------------------------------------------------------------------------------

#: Uniqueness constraints on ids (each also gives the index that MERGE uses).
CONSTRAINTS: tuple[str, ...] = (
    "CREATE CONSTRAINT paper_id IF NOT EXISTS FOR (n:Paper) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT result_id IF NOT EXISTS FOR (n:Result) REQUIRE n.id IS UNIQUE",
)

#: Indexes on names (exact match and STARTS WITH) and on the matching keys.
INDEXES: tuple[str, ...] = (
    "CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)",
    *(f"CREATE INDEX {t.value.lower()}_name IF NOT EXISTS FOR (n:{_token(t.value)}) ON (n.name)"
      for t in EntityType),
    "CREATE INDEX paper_title IF NOT EXISTS FOR (n:Paper) ON (n.title)",
    "CREATE INDEX paper_year IF NOT EXISTS FOR (n:Paper) ON (n.year)",
)

AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

SHOW_CONSTRAINTS = """
SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties
RETURN 'constraint' AS kind, name, type, labelsOrTypes, properties
ORDER BY name
"""

SHOW_INDEXES = """
SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state WHERE type <> 'LOOKUP'
RETURN 'index' AS kind, name, type + ' ' + state AS type, labelsOrTypes, properties
ORDER BY name
"""

# --- writing: one UNWIND statement per kind of row ----------------------------------------------

#: Papers: MERGE on id, then their metadata (a property missing from the row is left as it is).
MERGE_PAPERS = """
CYPHER replan=skip
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p += row.props
"""


def _merge_entities(label: str) -> str:
    # Aliases (every form but the stored name, so also the row's own name when a stored node is
    # named differently), keys and papers are unions in order of arrival; support_papers counts the papers;
    # support_sentences grows only by the share of the row's papers new to the node, so loading
    # the same papers again changes nothing; confidence is the highest seen; `proposed` sticks.
    # An empty list is stored as no property, as neo4j-admin import does.
    return f"""
CYPHER replan=skip
UNWIND $rows AS row
MERGE (e:Entity {{id: row.id}})
ON CREATE SET e.name = row.name, e.type = row.type
SET e:{_token(label)}
WITH e, row, coalesce(e.papers, []) AS known, coalesce(e.aliases, []) AS aliases, coalesce(e.keys, []) AS keys
WITH e, row, known, [p IN row.papers WHERE NOT p IN known] AS fresh,
     aliases + [a IN [row.name] + row.aliases WHERE a <> e.name AND NOT a IN aliases] AS aliases,
     keys + [k IN row.keys WHERE NOT k IN keys] AS keys
WITH e, row, fresh, known + fresh AS papers, aliases, keys,
     CASE WHEN size(row.papers) = 0 OR size(fresh) = size(row.papers) THEN row.support_sentences
          ELSE toInteger(round(row.support_sentences * toFloat(size(fresh)) / size(row.papers))) END AS added
SET e.aliases = CASE size(aliases) WHEN 0 THEN null ELSE aliases END,
    e.keys = CASE size(keys) WHEN 0 THEN null ELSE keys END,
    e.papers = CASE size(papers) WHEN 0 THEN null ELSE papers END,
    e.support_papers = size(papers),
    e.support_sentences = CASE
        WHEN e.support_sentences IS NULL THEN row.support_sentences
        WHEN size(row.papers) = 0 THEN CASE WHEN row.support_sentences > e.support_sentences
                                            THEN row.support_sentences ELSE e.support_sentences END
        WHEN size(fresh) = 0 THEN e.support_sentences
        ELSE e.support_sentences + added END,
    e.confidence = CASE WHEN e.confidence >= row.confidence THEN e.confidence ELSE row.confidence END,
    e.role = CASE WHEN e.role = 'proposed' OR row.role = 'proposed' THEN 'proposed'
                  ELSE coalesce(row.role, e.role) END
"""


#: Entities of one type: MERGE on id under the shared :Entity label, plus the type's own label.
MERGE_ENTITIES: dict[EntityType, str] = {t: _merge_entities(t.value) for t in EntityType}


def _merge_relations(rel_type: str) -> str:
    # One relationship per (type, head, tail). Evidence is kept as parallel lists, one item per
    # (paper, start, end); an item already there is not appended again.
    return f"""
CYPHER replan=skip
UNWIND $rows AS row
MATCH (h:Entity {{id: row.head}})
MATCH (t:Entity {{id: row.tail}})
MERGE (h)-[r:{_token(rel_type)}]->(t)
ON CREATE SET r.id = row.id
WITH r, row, coalesce(r.papers, []) AS known, coalesce(r.evidence_papers, []) AS ep,
     coalesce(r.evidence_starts, []) AS es, coalesce(r.evidence_ends, []) AS ee
WITH r, row, known, [i IN range(0, size(ep) - 1) | ep[i] + '@' + toString(es[i]) + '-' + toString(ee[i])] AS seen
WITH r, row, known + [p IN row.papers WHERE NOT p IN known] AS papers,
     [i IN range(0, size(row.evidence_papers) - 1) WHERE NOT row.evidence_papers[i] + '@'
      + toString(row.evidence_starts[i]) + '-' + toString(row.evidence_ends[i]) IN seen] AS fresh
WITH r, row, papers, fresh,
     coalesce(r.evidence_papers, []) + [i IN fresh | row.evidence_papers[i]] AS evidence_papers,
     coalesce(r.evidence_sentences, []) + [i IN fresh | row.evidence_sentences[i]] AS evidence_sentences,
     coalesce(r.evidence_sentence_indexes, []) + [i IN fresh | row.evidence_sentence_indexes[i]] AS evidence_sentence_indexes,
     coalesce(r.evidence_starts, []) + [i IN fresh | row.evidence_starts[i]] AS evidence_starts,
     coalesce(r.evidence_ends, []) + [i IN fresh | row.evidence_ends[i]] AS evidence_ends,
     coalesce(r.evidence_extractors, []) + [i IN fresh | row.evidence_extractors[i]] AS evidence_extractors,
     coalesce(r.evidence_confidences, []) + [i IN fresh | row.evidence_confidences[i]] AS evidence_confidences
SET r.confidence = CASE WHEN r.confidence >= row.confidence THEN r.confidence ELSE row.confidence END,
    r.papers = CASE size(papers) WHEN 0 THEN null ELSE papers END,
    r.support_papers = CASE WHEN size(papers) > 0 THEN size(papers)
                            WHEN r.support_papers >= row.support_papers THEN r.support_papers
                            ELSE row.support_papers END,
    r.evidence_papers = CASE size(evidence_papers) WHEN 0 THEN null ELSE evidence_papers END,
    r.evidence_sentences = CASE size(evidence_papers) WHEN 0 THEN null ELSE evidence_sentences END,
    r.evidence_sentence_indexes = CASE size(evidence_papers) WHEN 0 THEN null ELSE evidence_sentence_indexes END,
    r.evidence_starts = CASE size(evidence_papers) WHEN 0 THEN null ELSE evidence_starts END,
    r.evidence_ends = CASE size(evidence_papers) WHEN 0 THEN null ELSE evidence_ends END,
    r.evidence_extractors = CASE size(evidence_papers) WHEN 0 THEN null ELSE evidence_extractors END,
    r.evidence_confidences = CASE size(evidence_papers) WHEN 0 THEN null ELSE evidence_confidences END
"""


#: Relations between entities, one statement per relation type.
MERGE_RELATIONS: dict[RelationType, str] = {t: _merge_relations(t.value) for t in RelationType}


def _merge_links(link_type: str) -> str:
    return f"""
CYPHER replan=skip
UNWIND $rows AS row
MATCH (p:Paper {{id: row.paper}})
MATCH (e:Entity {{id: row.entity}})
MERGE (p)-[l:{_token(link_type)}]->(e)
SET l.confidence = CASE WHEN l.confidence >= row.confidence THEN l.confidence ELSE row.confidence END
"""


#: Paper-level edges (the paper proposes, uses, addresses or mentions an entity), one per type.
MERGE_LINKS: dict[PaperLinkType, str] = {t: _merge_links(t.value) for t in PaperLinkType}

#: Results: MERGE on id, their properties, and the paper that reports them.
MERGE_RESULTS = """
CYPHER replan=skip
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MERGE (r:Result {id: row.id})
SET r += row.props
MERGE (p)-[:REPORTS]->(r)
"""


def _merge_result_edges(edge_type: str) -> str:
    return f"""
CYPHER replan=skip
UNWIND $rows AS row
MATCH (r:Result {{id: row.result}})
MATCH (e:Entity {{id: row.entity}})
MERGE (r)-[:{_token(edge_type)}]->(e)
"""


#: Result -> entity edges, one statement per edge type.
MERGE_RESULT_EDGES: dict[ResultEdge, str] = {e: _merge_result_edges(e.name) for e in ResultEdge}

# --- reading ------------------------------------------------------------------------------------

#: What incremental loads match new entities against: every stored entity's id, type and keys.
ENTITY_KEYS = "MATCH (e:Entity) RETURN e.id AS id, e.type AS type, e.keys AS keys"

COUNT_NODES = "MATCH (n) RETURN count(n) AS n"

NODE_COUNTS = """
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
"""

RELATIONSHIP_COUNTS = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(r) AS count
ORDER BY type
"""

#: Every node and relationship with its properties (to compare two databases, e.g. in tests).
SNAPSHOT_NODES = "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
SNAPSHOT_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN a.id AS head, type(r) AS type, b.id AS tail, properties(r) AS props
"""

#: Delete everything, in batches (used by the benchmark and by `kg neo4j load --wipe`).
DELETE_ALL = """
MATCH (n)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
"""

# --- the cookbook (docs/cypher.md shows each with its real output) ------------------------------


class Query(NamedTuple):
    """A cookbook query: a title, what it answers, its Cypher and its parameters' defaults."""

    title: str
    about: str
    cypher: str
    params: dict


METHODS_ON_DATASET = """
MATCH (d:Dataset)
WHERE toLower($dataset) IN [n IN coalesce(d.aliases, []) + d.name | toLower(n)]
MATCH (m:Method)-[r:EVALUATED_ON]->(d)
RETURN m.name AS method, d.name AS dataset, r.support_papers AS papers,
       round(r.confidence, 2) AS confidence, r.evidence_sentences[0] AS evidence
ORDER BY papers DESC, confidence DESC, method
LIMIT 25
"""

DATASETS_PER_TASK = """
MATCH (p:Paper)-[:ADDRESSES]->(t:Task)
MATCH (p)-[:USES|PROPOSES]->(d:Dataset)
WITH t, d, count(DISTINCT p) AS papers
ORDER BY papers DESC, d.name
WITH t, collect(d.name + ' (' + papers + ')')[..3] AS datasets, sum(papers) AS uses
RETURN t.name AS task, datasets, uses
ORDER BY uses DESC, task
LIMIT 15
"""

LEADERBOARD = """
MATCH (p:Paper)-[:REPORTS]->(r:Result {kind: 'absolute'})-[:ON_DATASET]->(d:Dataset)
MATCH (r)-[:MEASURED_BY]->(m:Metric)
OPTIONAL MATCH (r)-[:OF_METHOD]->(x:Method)
WITH d, m, r, x, p
ORDER BY r.value DESC
WITH d, m, collect({value: r.value, unit: r.unit, method: x.name, paper: p.title, sentence: r.sentence}) AS ranked
RETURN d.name AS dataset, m.name AS metric, ranked[0].value AS best, ranked[0].unit AS unit,
       ranked[0].method AS method, ranked[0].paper AS paper, ranked[0].sentence AS sentence,
       size(ranked) AS results
ORDER BY dataset, metric
"""

OUTPERFORMERS = """
MATCH (b:Method)
WHERE toLower($method) IN [n IN coalesce(b.aliases, []) + b.name | toLower(n)]
MATCH path = (m:Method)-[:OUTPERFORMS*1..2]->(b)
WHERE m <> b
WITH m, b, min(length(path)) AS hops
OPTIONAL MATCH (p:Paper)-[:PROPOSES|USES]->(m)
RETURN m.name AS method, b.name AS beats, hops, collect(DISTINCT p.title)[..2] AS papers
ORDER BY hops, method
LIMIT 25
"""

BUILT_ON = """
MATCH (b:Method)
WHERE toLower($base) IN [n IN coalesce(b.aliases, []) + b.name | toLower(n)]
MATCH (p:Paper)-[:PROPOSES]->(m:Method)-[r:BASED_ON|USES]->(b)
RETURN p.title AS paper, m.name AS method, type(r) AS relation, b.name AS base,
       r.evidence_sentences[0] AS evidence
ORDER BY paper, method
"""

TASK_COOCCURRENCE = """
MATCH (a:Task)<-[:ADDRESSES]-(p:Paper)-[:ADDRESSES]->(b:Task)
WHERE a.id < b.id
WITH a, b, collect(DISTINCT p.title) AS papers
RETURN a.name AS task, b.name AS with_task, size(papers) AS papers, papers[0] AS example
ORDER BY papers DESC, task, with_task
LIMIT 15
"""

ENTITIES_BY_SUPPORT = """
MATCH (e:Entity)
WHERE $type IS NULL OR e.type = $type
RETURN e.type AS type, e.name AS name, e.support_papers AS papers, e.support_sentences AS sentences,
       coalesce(e.aliases, [])[..3] AS aliases
ORDER BY papers DESC, sentences DESC, name
LIMIT 15
"""

PAPER_STATEMENTS = """
MATCH (p:Paper)
WHERE p.id = $paper OR p.title = $paper
CALL (p) {
  MATCH (p)-[l]->(e:Entity)
  RETURN 0 AS part, type(l) + ' ' + e.type AS says, e.name AS about, null AS value, null AS sentence
  UNION ALL
  MATCH (p)-->(h:Entity)-[r]->(t:Entity)
  WHERE p.id IN r.evidence_papers
  UNWIND [i IN range(0, size(r.evidence_papers) - 1) WHERE r.evidence_papers[i] = p.id] AS i
  RETURN 1 AS part, type(r) AS says, h.name + ' -> ' + t.name AS about, null AS value,
         r.evidence_sentences[i] AS sentence
  UNION ALL
  MATCH (p)-[:REPORTS]->(r:Result)
  OPTIONAL MATCH (r)-[e]->(x:Entity)
  WITH r, collect(type(e) + ' ' + x.name) AS edges
  RETURN 2 AS part, 'REPORTS ' + coalesce(r.kind, 'result') AS says,
         reduce(s = '', x IN edges | s + CASE s WHEN '' THEN '' ELSE ', ' END + x) AS about, r.text AS value,
         r.sentence AS sentence
}
RETURN says, about, value, sentence
ORDER BY part, says, about
"""

STRONG_BASELINES = """
MATCH (m:Method)<-[r:OUTPERFORMS]-(:Method)
WITH m, count(r) AS beaten_by
MATCH (m)<-[:USES]-(p:Paper)
RETURN m.name AS baseline, beaten_by, count(DISTINCT p) AS used_in
ORDER BY beaten_by DESC, used_in DESC, baseline
LIMIT 10
"""

SCHEMA_COUNTS = """
MATCH (a)-[r]->(b)
WITH [l IN labels(a) WHERE l <> 'Entity'][0] AS from, type(r) AS type, [l IN labels(b) WHERE l <> 'Entity'][0] AS to
RETURN from, type, to, count(*) AS count
ORDER BY from, type, to
"""

#: name -> query, in the order docs/cypher.md shows them; `kg neo4j cookbook NAME` runs one.
COOKBOOK: dict[str, Query] = {
    "methods-on-dataset": Query(
        "Methods evaluated on a dataset", "Which methods were trained or tested on a dataset (name or "
        "alias, any case), with the number of papers and a sentence that says so.",
        METHODS_ON_DATASET, {"dataset": "ImageNet"}),
    "datasets-per-task": Query(
        "The datasets most used per task", "For each task, the datasets used or introduced by the papers "
        "that address it, with how many papers do both.", DATASETS_PER_TASK, {}),
    "leaderboard": Query(
        "A leaderboard", "The best reported value per dataset and metric (levels reached only, "
        "`kind: 'absolute'`; higher is taken as better), with the method, the paper and the sentence.",
        LEADERBOARD, {}),
    "outperformers": Query(
        "Methods that outperform a given method", "Methods said to beat the given one, directly "
        "(hops 1) or through one method in between (hops 2), with the papers that proposed or used them.",
        OUTPERFORMERS, {"method": "GPT-4"}),
    "built-on": Query(
        "Papers proposing methods built on BERT", "Papers whose proposed method is based on, or uses "
        "as a component, the given method.", BUILT_ON, {"base": "BERT"}),
    "task-cooccurrence": Query(
        "Tasks that papers address together", "Pairs of tasks addressed by the same papers.",
        TASK_COOCCURRENCE, {}),
    "entities-by-support": Query(
        "Entities by support", "The entities found in the most papers (and sentences); `type` "
        "restricts them to Method, Dataset, Metric or Task.", ENTITIES_BY_SUPPORT, {"type": None}),
    "paper": Query(
        "Everything one paper says, with evidence", "A paper's links to entities, the relations "
        "it states with the sentence that states each, and its results (paper id or exact title).",
        PAPER_STATEMENTS, {"paper": ""}),
    "strong-baselines": Query(
        "The methods most often beaten", "Baselines that other methods are said to outperform, "
        "with the number of papers that use them.", STRONG_BASELINES, {}),
    "schema": Query(
        "The schema as it is", "Every (label)-[TYPE]->(label) pattern in the database, with counts.",
        SCHEMA_COUNTS, {}),
}
