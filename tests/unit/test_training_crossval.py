import pytest

from kg.evaluate import Report
from kg.names import normalize
from training import crossval
from training import data as D
from training import train_ner

pytestmark = pytest.mark.skipif(not D.CORPUS.exists(), reason="needs ../shared/corpus")


def test_each_fold_is_one_corpus_batch_joined_with_its_texts():
    folds = crossval.batches()
    assert [p.name for p in folds] == ["corpus-b1.jsonl", "corpus-b2.jsonl", "corpus-b3.jsonl"]
    records = crossval.gold_records(folds[0])
    assert len(records) == len(D.read_jsonl(folds[0]))
    assert all(r.title and r.abstract and r.entities for r in records)


def test_fold_priors_leave_the_held_out_batch_out():
    held = crossval.batches()[0]
    priors = crossval.fold_priors(held)
    assert held.name not in priors["sources"] and "train-scirex.jsonl" in priors["sources"]
    # a name only the held-out batch annotates is unknown to the fold's priors
    others = set()
    for path in crossval.batches()[1:] + [D.TRAIN_SCIREX]:
        for record in D.read_jsonl(path):
            others |= {normalize(s) for e in record["entities"] for s in [e["name"], *e.get("aliases", [])]}
    only_held = {normalize(e["name"]) for r in D.read_jsonl(held) for e in r["entities"]} - others - {""}
    assert only_held and not only_held & set(priors["names"])


def test_the_recogniser_of_a_fold_is_trained_without_its_batch():
    held_ids = {r["id"] for r in D.read_jsonl(crossval.batches()[1])}
    settings = {"weight_train_scirex": 1, "weight_corpus": 2, "weight_tdmsci": 0, "weight_scirex_full": 0}
    dev_ids = D.dev_ids()
    every = train_ner.load_sources(settings, dev_ids)
    fold = train_ner.load_sources(settings, dev_ids, held_ids)
    assert held_ids <= {s.id for s in every["corpus"]}
    assert not held_ids & {s.id for s in fold["corpus"]}
    assert len(fold["corpus"]) == len(every["corpus"]) - len(held_ids)


def test_a_fold_is_scored_as_kg_evaluate_scores_it():
    records = crossval.gold_records(crossval.batches()[0])[:3]
    report = crossval.score_fold(records, None, {"names": {}, "heads": {}})  # shipped model, no priors
    entities = report.scores["entities/lenient"]
    assert entities.gold == sum(len(r.entities) for r in records) and 0 < entities.tp <= entities.pred
    table = crossval.format_scores({"a": report, "b": Report()})
    assert table.splitlines()[1].startswith("entities/lenient") and table.splitlines()[1].rstrip().endswith("-")


def test_paper_key_ties_every_sample_of_a_scirex_paper_together():
    assert D.paper_key("scirex-000f90380d76") == "000f90380d76"
    assert D.paper_key("scirex-000f90380d76-concl") == "000f90380d76"
    assert D.paper_key("000f90380d76-142") == "000f90380d76"
    assert D.paper_key("seed-042") is None and D.paper_key("tdmsci-0001") is None


@pytest.mark.skipif(not D.TRAIN_SCIREX.exists(), reason="needs ../shared/annotation/train-scirex.jsonl")
def test_a_scirex_fold_leaves_out_its_papers_full_text_and_conclusions():
    fold = crossval.scirex_folds()[0]
    held_ids = {r.id for r in fold}
    assert len(fold) == len(D.read_jsonl(D.TRAIN_SCIREX)[::crossval.SCIREX_FOLDS])
    papers = {D.paper_key(i) for i in held_ids}
    settings = {"weight_train_scirex": 1, "weight_corpus": 0, "weight_tdmsci": 0, "weight_scirex_full": 1,
                "weight_scirex_concl": 1}
    every = train_ner.load_sources(settings, D.dev_ids())
    kept = train_ner.load_sources(settings, D.dev_ids(), held_ids)
    for name in ("train_scirex", "scirex_full", "scirex_concl"):
        assert papers & {D.paper_key(s.id) for s in every[name]}, name  # the fold's papers are in each source
        assert not papers & {D.paper_key(s.id) for s in kept[name]}, name
    assert len(kept["train_scirex"]) == len(every["train_scirex"]) - len(fold)


@pytest.mark.skipif(not D.TRAIN_SCIREX.exists(), reason="needs ../shared/annotation/train-scirex.jsonl")
def test_priors_can_leave_records_out_by_id():
    from training import build_priors as P

    record = D.read_jsonl(D.TRAIN_SCIREX)[0]
    every, fold = P.count([D.TRAIN_SCIREX]), P.count([D.TRAIN_SCIREX], exclude={record["id"]})
    name = normalize(record["entities"][0]["name"])
    assert sum(fold["names"].get(name, {}).values()) < sum(every["names"][name].values())


def test_overrides_reach_the_training_of_every_fold(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(train_ner, "train", lambda config, out, overrides, heldout, held_out=(): calls.append(
        (out, overrides, set(held_out))))
    monkeypatch.setattr(crossval, "score_fold", lambda *args, **kwargs: Report())
    crossval.main(["--dir", str(tmp_path), "--override", "system.seed=14",
                   "--override", "kg_train.select=last"])
    assert [out for out, _, _ in calls] == [tmp_path / f"corpus-b{k}" / "ner" for k in (1, 2, 3)]
    assert all(overrides == {"system.seed": 14, "kg_train.select": "last"} for _, overrides, _ in calls)
    assert calls[0][2] == {r["id"] for r in D.read_jsonl(crossval.batches()[0])}
    assert all((tmp_path / f"corpus-b{k}" / "priors.json").exists() for k in (1, 2, 3))
