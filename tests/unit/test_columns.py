"""Papers, Entities, Relations, Results: a graph's records kept as columns read, compare and dump as lists."""

import pickle

from kg.model import (Document, Entities, Entity, KnowledgeGraph, Mention, Papers, Provenance, Relation, Relations,
                      Result, Results)


def papers() -> list[Document]:
    return [Document(id="p1", title="T", abstract="A", authors=["Ann", "Bo"], year=2020, source="f:1"),
            Document(id="p2", abstract="B")]


def results() -> list[Result]:
    ev = Provenance(document="p1", sentence="S.", start=1, end=2, confidence=0.5)
    return [Result(value="1,234.5%", unit="%", method="M", method_id="method-m", paper="p1", provenance=ev),
            Result(value=0.1, kind="delta", confidence=0.3)]


def test_papers_and_results_read_and_compare_as_lists():
    assert Papers(papers()) == papers() and papers() == Papers(papers()) and Papers(papers())[1:] == papers()[1:]
    assert Results(results()) == results() and Results(results())[0].value == 1234.5
    assert Papers(papers())[0].authors == ["Ann", "Bo"] and Papers(papers()).column("id") == ["p1", "p2"]
    assert Papers(papers()) != papers()[::-1] and len(Results()) == 0


def test_a_graph_keeps_them_as_columns_and_dumps_them_as_lists():
    graph = KnowledgeGraph(papers=papers(), results=results())
    as_lists = KnowledgeGraph.model_construct(**{**graph.__dict__, "papers": papers(), "results": results()})
    assert isinstance(graph.papers, Papers) and isinstance(graph.results, Results)
    assert graph.model_dump_json() == as_lists.model_dump_json() and graph.model_dump() == as_lists.model_dump()
    again = KnowledgeGraph.model_validate_json(graph.model_dump_json())
    assert isinstance(again.papers, Papers) and again == graph == as_lists
    assert pickle.loads(pickle.dumps(graph)) == graph
    schema = KnowledgeGraph.model_json_schema()["properties"]
    assert schema["papers"]["items"] == {"$ref": "#/$defs/Document"} and schema["results"]["type"] == "array"


def entities() -> list[Entity]:
    return [Entity(type="Method", name="BERT", aliases=["bert"], mentions=[Mention(text="BERT", start=0, end=4,
                                                                               sentence=0)], papers=["p1"]),
            Entity(type="Task", name="QA", role=None, confidence=0.25)]


def relations() -> list[Relation]:
    ev = Provenance(document="p1", sentence="S.", start=1, end=2, confidence=0.5)
    return [Relation(type="ADDRESSES", head="BERT", tail="QA", head_id=entities()[0].id, tail_id=entities()[1].id,
                     evidence=[ev, ev], support_papers=1)]


def test_entities_and_relations_read_compare_and_dump_as_lists():
    graph = KnowledgeGraph(entities=entities(), relations=relations())
    as_lists = KnowledgeGraph.model_construct(**{**graph.__dict__, "entities": entities(), "relations": relations()})
    assert isinstance(graph.entities, Entities) and isinstance(graph.relations, Relations)
    assert graph.entities == entities() and graph.relations == relations() and graph == as_lists
    assert graph.model_dump_json() == as_lists.model_dump_json() and graph.model_dump() == as_lists.model_dump()
    assert graph.entity_index()[entities()[0].id].mentions == entities()[0].mentions
    graph.entities[0].aliases.append("b")  # a record read is a copy, its lists too
    assert graph.entities[0].aliases == ["bert"] and graph.relations[0].id == relations()[0].id
    assert KnowledgeGraph.model_validate_json(graph.model_dump_json()) == graph


def test_they_add_and_extend_as_lists_do():
    graph = KnowledgeGraph(papers=papers()[:1], results=results())
    assert graph.papers + Papers(papers()[1:]) == papers() and papers()[:1] + Papers(papers()[1:]) == papers()
    assert Papers(papers()[:1]) + papers()[1:] == papers() and isinstance(graph.results + [], list)
    extended = Papers(papers()[:1])
    extended.extend(papers()[1:])
    assert extended == papers() and KnowledgeGraph(papers=graph.papers + papers()[1:]).papers == papers()
