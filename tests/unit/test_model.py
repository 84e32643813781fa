import json

import pytest
from pydantic import ValidationError

from kg.model import Document, Entity, EntityType, Extraction, Relation, Result, entity_id, json_schemas
from kg.names import normalize, stable_id

GUIDELINE_KEYS = {"id", "title", "abstract", "entities", "relations", "results"}


def test_normalize_follows_the_guideline():
    assert normalize("Out-of-Distribution  Detection") == "out of distribution detection"
    assert normalize("ResNet\u201150") == "resnet 50"
    assert normalize("Kinetics_400") == "kinetics 400"
    assert normalize("GANs") == "gan"
    assert normalize("loss") == "loss"
    assert normalize("\ufb01ne-tuning") == "fine tuning"  # NFKC undoes the ligature
    assert normalize("F1-score!") == "f1 score"


def test_ids_are_deterministic_and_typed():
    assert entity_id(EntityType.METHOD, "ResNet-50") == entity_id(EntityType.METHOD, "resnet 50")
    assert entity_id(EntityType.METHOD, "BERT") != entity_id(EntityType.DATASET, "BERT")
    assert stable_id("x", 1, "a") == stable_id("x", 1, "a") != stable_id("x", "1a")


def test_extraction_json_has_the_guideline_keys():
    record = Extraction(id="p1", title="T", abstract="A",
                        entities=[Entity(type="Method", name="BERT", aliases=[], role="used")],
                        relations=[Relation(type="USES", head="a", tail="b", head_id="x", tail_id="y")],
                        results=[Result(value=1.5, unit="x", kind="ratio")])
    data = json.loads(record.to_json())
    assert GUIDELINE_KEYS <= set(data)
    assert set(data["entities"][0]) >= {"type", "name", "aliases", "role"}
    assert set(data["relations"][0]) >= {"type", "head", "tail"}
    assert set(data["results"][0]) >= {"value", "unit", "kind", "metric", "method", "dataset", "baseline"}
    assert "support_papers" not in data["entities"][0]  # graph-only fields stay out
    assert Extraction.model_validate(data).to_json() == record.to_json()


def test_gold_records_parse(shared):
    with open(shared / "annotation" / "dev-gold.jsonl", encoding="utf-8") as handle:
        records = [Extraction.model_validate(json.loads(line)) for line in handle]
    assert len(records) == 30 and all(r.entities for r in records)


def test_bad_records_are_rejected():
    with pytest.raises(ValidationError):
        Entity(type="Gadget", name="x")
    with pytest.raises(ValidationError):
        Relation(type="LIKES", head="a", tail="b")
    with pytest.raises(ValidationError):
        Entity(type="Method", name="x", confidence=1.5)


def test_document_text_joins_title_and_abstract():
    assert Document(id="a", title="T", abstract="B").text == "T\nB"
    assert Document(id="a", abstract="B").text == "B"


def test_published_schema_matches_the_models(root):
    published = json.loads((root / "schema" / "kg.schema.json").read_text(encoding="utf-8"))
    assert published == json_schemas(), "run `make schema` to regenerate schema/kg.schema.json"
