"""Evidence: a relation's provenance records kept packed read, compare and dump as the list of records."""

import copy
import pickle

import pytest
from pydantic import ValidationError

from kg.model import Evidence, Extraction, Provenance, Relation, lean
from test_paper_links import _traced_bytes


def records(n: int = 3) -> list[Provenance]:
    return [Provenance(document=f"p{i}", sentence=f"Sentence {i}.", sentence_index=i, start=10 * i, end=10 * i + 9,
                       extractor="kg", confidence=i / 7) for i in range(n)]


def relation(evidence) -> Relation:
    return Relation(type="USES", head="A", tail="B", head_id="method-a", tail_id="method-b", evidence=evidence)


def test_it_reads_and_compares_as_the_list_of_records():
    evs = records()
    packed = Evidence(evs)
    assert len(packed) == 3 and packed == evs and evs == packed and packed == Evidence(evs)
    assert packed != evs[:2] and packed != evs[::-1] and packed != tuple(evs)
    assert list(packed) == evs and packed[-1] == evs[-1] and packed[:2] == evs[:2]
    with pytest.raises(IndexError):
        packed[3]
    assert packed[2].confidence == 2 / 7 and packed[2].sentence is evs[2].sentence  # the same values, exact
    assert packed[0].model_fields_set == set(Provenance.model_fields)
    packed[0].start = 99
    assert packed[0].start == 0  # a record read is a copy


def test_it_takes_records_dicts_and_values_and_selects_ranges():
    packed = Evidence()
    packed.append(records()[0])
    packed.append({"document": "p1", "sentence": "S.", "start": 3, "end": 5})
    packed.add(document="p2", sentence="T.", sentence_index=1, start=0, end=2, extractor="x", confidence=0.5)
    assert [(e.document, e.start, e.extractor) for e in packed] == [("p0", 0, "kg"), ("p1", 3, ""), ("p2", 0, "x")]
    assert packed.select([(2, 3), (0, 1)]) == [packed[2], packed[0]] and packed.select([]) == []
    with pytest.raises(ValidationError):
        packed.append({"document": "p", "confidence": 2.0})


def test_offsets_too_large_for_c_integers_are_kept():
    big = Provenance(document="p", start=2**70, end=2**70 + 1)
    packed = Evidence(records(2) + [big])
    assert packed[2] == big and packed == records(2) + [big]
    assert packed.select([(1, 3)]) == [records(2)[1], big]


def test_a_relation_keeps_its_evidence_packed_and_dumps_it_as_a_list():
    evs = records()
    r = relation(evs)
    as_list = Relation.model_construct(**{**r.__dict__, "evidence": evs})
    assert isinstance(r.evidence, Evidence) and isinstance(Relation(type="USES", head="a", tail="b").evidence, Evidence)
    assert r.model_dump_json() == as_list.model_dump_json() and r.model_dump() == as_list.model_dump()
    assert r.model_dump(mode="json") == as_list.model_dump(mode="json")
    assert r.model_dump(include={"evidence": {1: {"start"}}}) == {"evidence": [{"start": 10}]}
    again = Relation.model_validate_json(r.model_dump_json())
    assert isinstance(again.evidence, Evidence) and again == r == as_list
    assert pickle.loads(pickle.dumps(r)) == r and copy.deepcopy(r) == r
    with pytest.raises(ValidationError, match=r"evidence\.0\.confidence"):
        relation([{"document": "p", "confidence": 3}])


def test_an_extraction_line_is_unchanged():
    record = Extraction(id="p1", abstract="A", relations=[relation(records())])
    line = record.to_json()
    assert '"evidence":[{"document":"p0","sentence":"Sentence 0.","sentence_index":0' in line
    assert Extraction.model_validate_json(line).to_json() == line


def test_the_json_schema_is_that_of_the_list():
    schema = Relation.model_json_schema()["properties"]["evidence"]
    assert schema == {"items": {"$ref": "#/$defs/Provenance"}, "title": "Evidence", "type": "array"}


def test_a_record_costs_a_few_bytes_not_a_record():
    sentences = [f"Sentence number {i}." for i in range(100)]
    values = [dict(document="paper", sentence=sentences[i % 100], sentence_index=i % 100, start=1000 + i,
                   end=2000 + i, extractor="kg", confidence=0.5) for i in range(3000)]

    def packed():
        evidence = Evidence()
        for value in values:
            evidence.add(**value)
        return evidence

    def as_records():  # lean, as the graph's records were
        return [lean(Provenance(**value)) for value in values]

    size, listed = _traced_bytes(packed), _traced_bytes(as_records)
    assert size / len(values) < 80 and size * 4 < listed  # about 60 and 380 bytes a record
