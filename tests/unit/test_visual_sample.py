"""Hand-built knowledge graphs for the visual export tests (and checks that they are what they say).

`sample_graph()` is small and covers every record kind, a hostile name, a parallel edge, papers
with and without years; `synthetic_graph(n)` is a large random-but-deterministic graph.
Other test files import this module by path (see `load_sample`).
"""

from __future__ import annotations

import random

from kg.model import (Document, Entity, EntityType, KnowledgeGraph, Mention, PaperLink,
                      PaperLinkType, Provenance, Relation, RelationType, Result, ResultKind, Role)

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ALIAS = "</script><script>alert(2)</script>"
DOLLARS = 'Price $5 & "Q&A" tasks'

P1_TEXT = ("BERT: Pre-training of Deep Bidirectional Transformers\n"
           "We introduce BERT. BERT is based on the Transformer. It reaches 93.2 F1 on SQuAD.")


def _entity(type_, name, papers, **kw) -> Entity:
    return Entity(type=type_, name=name, papers=papers, support_papers=len(papers),
                  support_sentences=kw.pop("sentences", len(papers)), **kw)


def _relation(type_, head: Entity, tail: Entity, doc: str, sentence: str, confidence=0.9) -> Relation:
    return Relation(type=type_, head=head.name, tail=tail.name, head_id=head.id, tail_id=tail.id,
                    confidence=confidence, support_papers=1,
                    evidence=[Provenance(document=doc, sentence=sentence, extractor="test",
                                         confidence=confidence)])


def sample_graph() -> KnowledgeGraph:
    """Four papers, eight entities (one hostile, one low-confidence), seven relations, a result."""
    papers = [
        Document(id="P1", title="BERT: Pre-training of Deep Bidirectional Transformers",
                 abstract=P1_TEXT.split("\n", 1)[1], year=2019, authors=["J. Devlin"],
                 url="https://example.org/bert"),
        Document(id="P2", title="Reading comprehension at scale", year=2021,
                 abstract="We fine-tune BERT on SQuAD for question answering and report F1."),
        Document(id="P3", title="", abstract="The Transformer and BERT revisited for question answering."),
        Document(id="P4", title=f"Attack paper {HOSTILE}", year=2023, url="javascript:alert(3)",
                 abstract=f"Our method {HOSTILE} outperforms BERT on SQuAD. {DOLLARS}."),
    ]
    start = P1_TEXT.index("BERT. BERT")
    bert = _entity(EntityType.METHOD, "BERT", ["P1", "P2", "P3", "P4"], sentences=6,
                   aliases=["Bidirectional Encoder Representations from Transformers"],
                   role=Role.PROPOSED,
                   mentions=[Mention(text="BERT", start=start, end=start + 4, sentence=2)])
    transformer = _entity(EntityType.METHOD, "Transformer", ["P1", "P3"], sentences=3)
    squad = _entity(EntityType.DATASET, "SQuAD", ["P1", "P2", "P4"])
    f1 = _entity(EntityType.METRIC, "F1", ["P1", "P2"])
    qa = _entity(EntityType.TASK, "question answering", ["P2", "P3"])
    hostile = _entity(EntityType.METHOD, HOSTILE, ["P4"], aliases=[HOSTILE_ALIAS],
                      role=Role.PROPOSED)
    dollars = _entity(EntityType.TASK, DOLLARS, ["P4"], confidence=0.8)
    maybe = _entity(EntityType.METHOD, "MaybeNet", ["P2"], confidence=0.3)
    entities = [bert, transformer, squad, f1, qa, hostile, dollars, maybe]
    relations = [
        _relation(RelationType.BASED_ON, bert, transformer, "P1", "BERT is based on the Transformer."),
        _relation(RelationType.USES, bert, transformer, "P3", "The Transformer and BERT revisited.", 0.6),
        _relation(RelationType.EVALUATED_ON, bert, squad, "P1", "It reaches 93.2 F1 on SQuAD."),
        _relation(RelationType.ADDRESSES, bert, qa, "P2", "We fine-tune BERT on SQuAD for question answering."),
        _relation(RelationType.BENCHMARK_FOR, squad, qa, "P2", "We fine-tune BERT on SQuAD for question answering."),
        _relation(RelationType.MEASURED_BY, squad, f1, "P2", "report F1"),
        _relation(RelationType.OUTPERFORMS, hostile, bert, "P4",
                  f"Our method {HOSTILE} outperforms BERT on SQuAD.", 0.7),
        _relation(RelationType.USES, maybe, bert, "P2", "MaybeNet uses BERT.", 0.3),
    ]
    results = [Result(value=93.2, text="93.2", kind=ResultKind.ABSOLUTE, metric="F1", method="BERT",
                      dataset="SQuAD", metric_id=f1.id, method_id=bert.id, dataset_id=squad.id,
                      paper="P1", confidence=0.9,
                      provenance=Provenance(document="P1", sentence="It reaches 93.2 F1 on SQuAD."))]
    links = [PaperLink(paper="P1", entity=bert.id, type=PaperLinkType.PROPOSES),
             PaperLink(paper="P4", entity=hostile.id, type=PaperLinkType.PROPOSES)]
    return KnowledgeGraph(papers=papers, entities=entities, relations=relations, results=results,
                          links=links)


def synthetic_graph(n: int, *, seed: int = 1) -> KnowledgeGraph:
    """About `n` entities over n/10 papers, each linked to a few others; support is skewed."""
    rng = random.Random(seed)
    types = list(EntityType)
    papers = [Document(id=f"S{i}", title=f"Synthetic paper {i}", year=2015 + i % 10,
                       abstract=f"Paper {i} studies things.") for i in range(max(1, n // 10))]
    entities = []
    for i in range(n):
        support = 1 + int(rng.paretovariate(1.5)) % 40
        chosen = sorted({rng.randrange(len(papers)) for _ in range(support)})
        entities.append(Entity(type=types[i % 4], name=f"{types[i % 4].value} {i}",
                               papers=[papers[j].id for j in chosen], support_papers=len(chosen),
                               confidence=round(rng.uniform(0.3, 1.0), 2)))
    relations = []
    for i, head in enumerate(entities):
        for _ in range(rng.choice((0, 1, 1, 2))):
            tail = entities[rng.randrange(n)]
            if tail.id != head.id:
                relations.append(Relation(type=RelationType.USES, head=head.name, tail=tail.name,
                                          head_id=head.id, tail_id=tail.id,
                                          confidence=round(rng.uniform(0.3, 1.0), 2),
                                          evidence=[Provenance(document=head.papers[0],
                                                               sentence=f"{head.name} uses {tail.name}.")]))
    unique = {r.id: r for r in relations}
    return KnowledgeGraph(papers=papers, entities=entities, relations=list(unique.values()))


def test_sample_graph_has_what_the_tests_rely_on():
    graph = sample_graph()
    names = {e.name for e in graph.entities}
    assert HOSTILE in names and DOLLARS in names
    pairs = [(r.head_id, r.tail_id) for r in graph.relations]
    assert len(pairs) != len(set(pairs)), "a parallel edge (two relations, same ends) is expected"
    assert {p.year for p in graph.papers} >= {None, 2019}


def test_synthetic_graph_is_deterministic_and_sized():
    a, b = synthetic_graph(200), synthetic_graph(200)
    assert a == b
    assert len(a.entities) == 200 and len(a.relations) > 100
