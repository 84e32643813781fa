"""PaperLinks: a graph's paper links kept as columns read, compare and dump as the list of records."""

import copy
import gc
import json
import pickle
import tracemalloc

import pytest
from pydantic import ValidationError

from kg.model import KnowledgeGraph, PaperLink, PaperLinks, PaperLinkType, lean


def records(n: int = 4) -> list[PaperLink]:
    types = list(PaperLinkType)
    return [PaperLink(paper=f"p{i // 2}", entity=f"e{i % 3}", type=types[i % len(types)], confidence=i / 7)
            for i in range(n)]


def test_it_reads_and_compares_as_the_list_of_records():
    links = records()
    columns = PaperLinks(links)
    assert len(columns) == 4
    assert columns == links and links == columns and columns == PaperLinks(links)
    assert columns != links[:3] and columns != links[::-1] and columns != tuple(links)
    assert list(columns) == links and columns[0] == links[0] and columns[-1] == links[-1]
    assert columns[1:3] == links[1:3] and columns[::-2] == links[::-2]
    assert columns.index(links[2]) == 2 and links[3] in columns
    with pytest.raises(IndexError):
        columns[4]
    assert columns[3].confidence == 3 / 7 and columns[3].type is PaperLinkType.MENTIONS  # floats stay exact
    assert columns[0].model_fields_set == set(PaperLink.model_fields)


def test_records_read_from_it_are_copies():
    columns = PaperLinks(records())
    columns[0].confidence = 0.9
    assert columns[0].confidence == 0.0


def test_it_takes_records_dicts_and_values():
    columns = PaperLinks()
    columns.append(records()[0])
    columns.append({"paper": "p0", "entity": "e1", "type": "USES", "confidence": 0.5})
    columns.add("p1", "e0", PaperLinkType.ADDRESSES, 1.0)
    assert [(link.paper, link.entity, link.type.value) for link in columns] == [
        ("p0", "e0", "PROPOSES"), ("p0", "e1", "USES"), ("p1", "e0", "ADDRESSES")]
    with pytest.raises(ValidationError):
        columns.append({"paper": "p0"})


def test_a_graph_keeps_its_links_as_columns_and_dumps_them_as_a_list():
    links = records(9)
    graph = KnowledgeGraph(links=links)
    as_list = KnowledgeGraph.model_construct(**{**KnowledgeGraph().__dict__, "links": links})
    assert isinstance(graph.links, PaperLinks) and isinstance(KnowledgeGraph().links, PaperLinks)
    assert graph.model_dump_json() == as_list.model_dump_json()
    assert graph.model_dump() == as_list.model_dump() and isinstance(graph.model_dump()["links"], list)
    assert graph.model_dump(mode="json") == as_list.model_dump(mode="json")
    assert graph.model_dump(include={"links": {1: {"type"}}}) == {"links": [{"type": PaperLinkType.USES}]}
    assert KnowledgeGraph(links=[]).model_dump(exclude_defaults=True) == {}


def test_a_graph_with_links_round_trips():
    graph = KnowledgeGraph(links=records(9))
    again = KnowledgeGraph.model_validate_json(graph.model_dump_json())
    assert isinstance(again.links, PaperLinks) and again == graph and again.links == records(9)
    assert KnowledgeGraph.model_validate(graph.model_dump()) == graph
    assert KnowledgeGraph(links=graph.links).links is graph.links
    assert pickle.loads(pickle.dumps(graph)) == graph and copy.deepcopy(graph) == graph
    with pytest.raises(ValidationError, match=r"links\.0\.type"):
        KnowledgeGraph(links=[{"paper": "p", "entity": "e"}])


def test_the_json_schema_is_that_of_the_list():
    schema = KnowledgeGraph.model_json_schema()["properties"]["links"]
    assert schema == {"items": {"$ref": "#/$defs/PaperLink"}, "title": "Links", "type": "array"}
    assert json.loads(json.dumps(KnowledgeGraph.model_json_schema(mode="serialization")))["properties"]["links"] \
        == schema


def _traced_bytes(make) -> int:
    """Bytes still allocated (tracemalloc) by what `make()` returns, while it is kept; also used by
    test_evidence."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = make()
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return size


def test_a_link_costs_a_few_bytes_not_a_record():
    papers = [f"paper-{i}" for i in range(1000)]
    entities = [f"entity-{i}" for i in range(500)]
    values = [(papers[i // 10], entities[i % 500], PaperLinkType.USES, i / 1e4) for i in range(10_000)]

    def as_columns():
        links = PaperLinks()
        for value in values:
            links.add(*value)
        return links

    def as_records():  # lean, as the graph's records were
        return [lean(PaperLink(paper=p, entity=e, type=t, confidence=c)) for p, e, t, c in values]

    columns, listed = _traced_bytes(as_columns), _traced_bytes(as_records)
    assert columns / len(values) < 50 and columns * 5 < listed  # about 35 and 270 bytes a link
