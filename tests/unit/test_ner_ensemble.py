"""kg_ner as an ensemble: recognisers trained with other seeds, decoded together move by move."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.training import Example
from spacy.util import fix_random_seed, load_config
from thinc.api import Config

from kg.errors import ExtractionError
from kg.extract import load_pipeline
from kg.extract.ner_decode import Decoder, GreedyEntityRecognizer
from training import train_ner
from training.train_ner import DEFAULT_CONFIG, add_members

TEXTS = [
    "We train ResNet-50 on ImageNet and report top-1 accuracy for image classification.",
    "BERT reaches 93.2 F1 on SQuAD for question answering.",
    "Our detector improves mAP on COCO for object detection.",
]
SPANS = [
    [("ResNet-50", "Method"), ("ImageNet", "Dataset"), ("top-1 accuracy", "Metric"), ("image classification", "Task")],
    [("BERT", "Method"), ("F1", "Metric"), ("SQuAD", "Dataset"), ("question answering", "Task")],
    [("mAP", "Metric"), ("COCO", "Dataset"), ("object detection", "Task")],
]


def _train(seed: int, out, labels=("Method", "Dataset", "Metric", "Task"), updates: int = 40):
    """The shipped config's pipeline after a few updates on three labelled sentences, saved to `out`."""
    fix_random_seed(seed)
    config = load_config(DEFAULT_CONFIG, interpolate=False)
    nlp = spacy.util.load_model_from_config(Config(config).interpolate(), auto_fill=True)
    examples = []
    for text, spans in zip(TEXTS, SPANS):
        entities = [(text.index(s), text.index(s) + len(s), label) for s, label in spans if label in labels]
        examples.append(Example.from_dict(nlp.make_doc(text), {"entities": entities}))
    optimizer = nlp.initialize(lambda: examples)
    for _ in range(updates):
        nlp.update(examples, sgd=optimizer, drop=0.0)
    nlp.to_disk(out)
    return out


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("ensemble")
    return _train(1, root / "a"), _train(2, root / "b")


def _inline(path):
    """The recogniser at `path` with its own copy of its token encoder (as an ensemble member)."""
    nlp = spacy.load(path)
    nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    return nlp.get_pipe("ner")


def _docs(path):
    """The texts as the first recogniser sees them (its tok2vec output set)."""
    nlp = spacy.load(path)
    return nlp, list(nlp.get_pipe("tok2vec").pipe(nlp.make_doc(t) for t in TEXTS + ["", "Word"]))


def _silenced(recognizer):
    """Zero the output layer: every move scores 0, so the member votes for nothing."""
    upper = recognizer.model.get_ref("upper")
    for name in ("W", "b"):
        upper.set_param(name, upper.get_param(name) * 0)
    return recognizer


@pytest.mark.parametrize("combine", ["sum", "prob"])
def test_a_member_that_scores_every_move_alike_leaves_the_others_entities(models, combine):
    nlp_a, docs = _docs(models[0])
    alone = Decoder(nlp_a.get_pipe("ner")).entities(docs)
    assert any(alone)
    assert Decoder(nlp_a.get_pipe("ner"), _silenced(_inline(models[1])), combine=combine).entities(docs) == alone


@pytest.mark.parametrize("combine", ["sum", "prob"])
def test_a_silent_source_leaves_the_members_entities_as_spacy_decodes_them(models, combine):
    nlp_a, docs = _docs(models[0])
    nlp_b = spacy.load(models[1])
    reference = [nlp_b(text) for text in TEXTS + ["", "Word"]]
    expected = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in reference]
    assert any(expected)
    ensemble = Decoder(_silenced(nlp_a.get_pipe("ner")), _inline(models[1]), combine=combine)
    assert ensemble.entities(docs) == expected


def test_sum_adds_the_members_move_scores(models):
    nlp_a, docs = _docs(models[0])
    a, b = nlp_a.get_pipe("ner"), _inline(models[1])
    ensemble = Decoder(a, b, combine="sum")
    feats = [m.features(docs[:1]) for m in ensemble.members]
    token = numpy.array([0])
    start = numpy.array([-1])
    is_open = start >= 0
    both = sum(m.scores(f, token, start, is_open) for m, f in zip(ensemble.members, feats))
    first = Decoder(a).members[0].scores(feats[0], token, start, is_open)
    second = Decoder(b).members[0].scores(Decoder(b).members[0].features(docs[:1]), token, start, is_open)
    assert numpy.allclose(both, first + second)


def test_members_must_have_the_same_moves(tmp_path, models):
    three = _inline(_train(3, tmp_path / "c", labels=("Method", "Dataset", "Task")))
    nlp_a = spacy.load(models[0])
    with pytest.raises(ValueError, match="same moves"):
        Decoder(nlp_a.get_pipe("ner"), three)


def test_an_unknown_combination_is_refused(models):
    nlp_a = spacy.load(models[0])
    with pytest.raises(ValueError, match="sum, prob, not 'vote'"):
        Decoder(nlp_a.get_pipe("ner"), combine="vote")
    with pytest.raises(ValueError, match="not 'vote'"):
        GreedyEntityRecognizer(nlp_a, combine="vote")


def test_a_shipped_ensemble_loads_as_kg_ner_members_and_decodes_as_one(tmp_path, models):
    import shutil

    shutil.copytree(models[0], tmp_path / "ensemble")
    add_members(tmp_path / "ensemble", [("ner_seed2", models[1])], "prob")
    nlp = load_pipeline(tmp_path / "ensemble")
    kg_ner = nlp.get_pipe("kg_ner")
    assert kg_ner.members == ["ner_seed2"] and kg_ner.combine == "prob"
    assert {"ner", "ner_seed2"} <= set(nlp.disabled)
    assert len(kg_ner.decoder.members) == 2
    nlp_a, docs = _docs(models[0])
    expected = Decoder(nlp_a.get_pipe("ner"), _inline(models[1]), combine="prob").entities(docs)
    got = [[(e.start, e.end, e.label_) for e in nlp(text).ents] for text in TEXTS]
    assert got == expected[:len(TEXTS)]
    # the member is stored with its own token encoder; the source listens to the pipeline's shared one
    def listens(pipe):
        return any(isinstance(node, Tok2VecListener) for node in nlp.get_pipe(pipe).model.walk())

    assert listens("ner") and not listens("ner_seed2")


def test_a_model_naming_members_it_does_not_hold_is_refused(tmp_path, models):
    import json
    import shutil

    shutil.copytree(models[0], tmp_path / "broken")
    meta = json.loads((tmp_path / "broken" / "meta.json").read_text())
    meta["kg_ner"] = {"members": ["ner_seed9"], "combine": "sum"}
    (tmp_path / "broken" / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ExtractionError, match="ner_seed9"):
        load_pipeline(tmp_path / "broken")


def test_ensemble_seeds_are_checked_before_any_data_is_read(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("data read before the settings were checked")

    monkeypatch.setattr(train_ner, "load_sources", fail)
    monkeypatch.setattr(train_ner.D, "read_jsonl", fail)
    with pytest.raises(SystemExit, match="differ from each other and from system.seed"):
        train_ner.train(DEFAULT_CONFIG, tmp_path / "ner", {"kg_train.ensemble_seeds": [13]}, False)
    with pytest.raises(SystemExit, match="kg_train.combine: kg_ner combines members' scores by one of sum, prob"):
        train_ner.train(DEFAULT_CONFIG, tmp_path / "ner",
                        {"kg_train.ensemble_seeds": [14], "kg_train.combine": "vote"}, False)


def _move(decoder, kind, label):
    """The index of the move of `kind` for `label`."""
    label_id = decoder.label_names.index(label)
    (index,) = numpy.flatnonzero((decoder.kinds == kind) & (decoder.move_label == label_id))
    return index


def test_an_entitys_probability_is_the_product_of_its_moves_softmax_shares(models):
    from kg.extract.ner_decode import BEGIN, IN, LAST, UNIT

    nlp_a, docs = _docs(models[0])
    decoder = Decoder(nlp_a.get_pipe("ner"))
    scored = decoder.scored_entities(docs)
    assert [[e[:3] for e in ents] for ents in scored] == decoder.entities(docs)
    member = decoder.members[0]
    checked = 0
    for doc, ents in zip(docs, scored):
        if not len(doc):
            continue
        feats = member.features([doc])
        for start, end, label, prob in ents:
            logp = 0.0
            for t in range(start, end):
                is_open = numpy.array([t > start])
                scores = member.scores(feats, numpy.array([t]), numpy.array([start if t > start else -1]), is_open)[0]
                can_continue = t + 1 < len(doc)  # these docs carry no sentence starts
                label_id = decoder.label_names.index(label)
                code = 4 + 2 * label_id + can_continue if t > start else 2 * can_continue + doc[t].is_space
                scores = scores + decoder.penalty[code]
                kind = UNIT if end - start == 1 else BEGIN if t == start else LAST if t == end - 1 else IN
                share = numpy.exp(scores - scores.max())
                logp += numpy.log(share[_move(decoder, kind, label)] / share.sum())
            assert 0 < prob <= 1 and numpy.isclose(prob, numpy.exp(logp), rtol=1e-4)
            checked += 1
    assert checked >= 3


def test_an_ensemble_of_one_recogniser_twice_is_as_sure_or_surer(models):
    nlp_a, docs = _docs(models[0])
    a = nlp_a.get_pipe("ner")
    single = Decoder(a).scored_entities(docs)
    averaged = Decoder(a, _inline(models[0]), combine="prob").scored_entities(docs)
    added = Decoder(a, _inline(models[0]), combine="sum").scored_entities(docs)
    assert [[e[:3] for e in ents] for ents in averaged] == [[e[:3] for e in ents] for ents in single]
    for one, avg, both in zip(single, averaged, added):
        for (s, e, lab, p1), (_, _, _, p2), (_, _, _, p3) in zip(one, avg, both):
            assert numpy.isclose(p1, p2, rtol=1e-4)  # the same distribution averaged with itself
            assert p3 >= p1 - 1e-6  # added logits: a sharper softmax for the move both prefer


def test_kg_ner_keeps_each_entitys_probability_when_asked(models):
    nlp = load_pipeline(models[0])
    assert nlp(TEXTS[0])._.kg_ner_probs is None  # kg's pipeline does not ask (about 3% of the decoding time)
    nlp.get_pipe("kg_ner").probabilities = True
    doc = nlp(TEXTS[0])
    assert doc.ents and set(doc._.kg_ner_probs) == {(e.start, e.end) for e in doc.ents}
    assert all(0 < p <= 1 for p in doc._.kg_ner_probs.values())
    other = spacy.load(models[0])
    other.add_pipe("kg_ner", after="ner", config={"probabilities": True})
    other.disable_pipe("ner")
    assert other(TEXTS[0])._.kg_ner_probs == doc._.kg_ner_probs


def test_train_with_ensemble_seeds_ships_one_ensemble_and_reports_it_once(tmp_path, monkeypatch):
    from training import data as D

    records = [{"id": f"r{i}", "title": "", "abstract": text,
                "entities": [{"type": label, "name": surface, "aliases": []} for surface, label in spans]}
               for i, (text, spans) in enumerate(zip(TEXTS, SPANS))]
    samples = [D.from_record(r, "train_scirex") for r in records]
    monkeypatch.setattr(train_ner.D, "read_jsonl", lambda path: records)
    monkeypatch.setattr(train_ner, "load_sources", lambda settings, exclude, held_out=(): {"train_scirex": samples})
    reported = []
    monkeypatch.setattr(train_ner, "report_model", lambda path, heldout: reported.append(path))
    out = tmp_path / "ner"
    train_ner.train(DEFAULT_CONFIG, out, {"kg_train.ensemble_seeds": [2], "kg_train.max_epochs": 2,
                                          "system.seed": 1}, False)
    assert reported == [out]  # the ensemble, not each member on its own
    nlp = load_pipeline(out)
    assert nlp.get_pipe("kg_ner").members == [train_ner.member_name(2)]
    assert len(nlp.get_pipe("kg_ner").decoder.members) == 2
