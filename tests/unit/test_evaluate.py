import json

import pytest

from kg.errors import EvaluationError
from kg.evaluate import Report, entity_match, evaluate, score_record
from kg.model import Entity, Extraction


def rec(entities=(), relations=(), results=()):
    return Extraction(id="r", abstract="x", entities=list(entities), relations=list(relations), results=list(results))


def E(t, name, aliases=()):
    return Entity(type=t, name=name, aliases=list(aliases))


def test_strict_and_lenient_entity_matching():
    gold = E("Task", "out-of-distribution detection", ["OOD detection"])
    assert entity_match(E("Task", "OOD Detection"), gold, lenient=False)
    assert entity_match(E("Task", "Out-of-Distribution detections"), gold, lenient=False)
    assert not entity_match(E("Task", "detection"), gold, lenient=False)
    assert entity_match(E("Task", "detection"), gold, lenient=True)  # whole-word containment
    assert not entity_match(E("Task", "detect"), gold, lenient=True)  # not a whole word
    assert not entity_match(E("Method", "OOD detection"), gold, lenient=True)  # type must agree


def test_one_to_one_matching_and_micro_scores():
    report = Report()
    gold = rec([E("Method", "BERT"), E("Method", "RoBERTa"), E("Dataset", "GLUE")])
    pred = rec([E("Method", "BERT"), E("Method", "BERT base"), E("Dataset", "SQuAD")])
    score_record(report, gold, pred)
    strict, lenient = report.scores["entities/strict"], report.scores["entities/lenient"]
    assert (strict.tp, strict.pred, strict.gold) == (1, 3, 3)
    assert lenient.tp == 1  # "BERT base" can't reuse gold BERT, already matched
    assert report.scores["entities/strict/Method"].precision == 0.5


def test_relations_match_through_aliases():
    gold = rec([E("Method", "Energy Margin Scoring", ["EMS"]), E("Dataset", "CIFAR-10")],
               [{"type": "EVALUATED_ON", "head": "Energy Margin Scoring", "tail": "CIFAR-10"}])
    pred = rec([E("Method", "EMS"), E("Dataset", "cifar-10")],
               [{"type": "EVALUATED_ON", "head": "EMS", "tail": "cifar-10"},
                {"type": "BENCHMARK_FOR", "head": "cifar-10", "tail": "EMS"}])
    report = Report()
    score_record(report, gold, pred)
    score = report.scores["relations"]
    assert (score.tp, score.pred, score.gold) == (1, 2, 1)


def test_results_value_metric_full():
    ents = [E("Metric", "accuracy"), E("Method", "FooNet"), E("Dataset", "MNIST")]
    gold = rec(ents, results=[{"value": 99.1, "unit": "%", "kind": "absolute", "metric": "accuracy",
                               "method": "FooNet", "dataset": "MNIST", "baseline": None}])
    pred = rec(ents, results=[{"value": 99.1, "unit": None, "kind": "absolute", "metric": "accuracy",
                               "method": "FooNet", "dataset": None}])
    report = Report()
    score_record(report, gold, pred)
    assert report.scores["results/value"].tp == 1
    assert report.scores["results/value+metric"].tp == 1
    assert report.scores["results/full"].tp == 0  # a null dataset matches only a null


def test_gold_against_itself_is_perfect(shared):
    report = evaluate(shared / "annotation" / "dev-gold.jsonl", shared / "annotation" / "dev-gold.jsonl")
    for name in ("entities/strict", "entities/lenient", "relations", "results/full"):
        assert report.scores[name].f1 == 1.0, name


def test_bad_prediction_file_names_the_line(tmp_path, shared):
    bad = tmp_path / "pred.jsonl"
    bad.write_text('{"id": "seed-000", "abstract": "x"}\n{not json\n', encoding="utf-8")
    with pytest.raises(EvaluationError) as err:
        evaluate(shared / "annotation" / "dev-gold.jsonl", bad)
    assert f"{bad}:2" in str(err.value)


def test_missing_predictions_count_as_misses(tmp_path, shared):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"id": "seed-000", "abstract": "x"}) + "\n", encoding="utf-8")
    report = evaluate(shared / "annotation" / "dev-gold.jsonl", pred)
    assert len(report.missing) == 29 and report.scores["entities/lenient"].recall == 0.0
