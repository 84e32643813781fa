"""The tok2vec pretraining script: no evaluation text in its raw text, and its weights load into
the recogniser's tok2vec (`train_ner --init-tok2vec`)."""

from __future__ import annotations

import pytest
from spacy.util import load_config
from thinc.api import Config

from training import data as D
from training.pretrain_tok2vec import corpus_texts, pretraining_config
from training.train_ner import DEFAULT_CONFIG, load_init_tok2vec


@pytest.mark.skipif(not (D.CORPUS.exists() and D.DEV_GOLD.exists()), reason="../shared not present")
def test_raw_text_never_contains_a_dev_gold_abstract():
    dev = D.dev_ids()
    by_id = {r["id"]: D.record_text(r) for r in D.read_jsonl(D.CORPUS)}
    texts = set(corpus_texts(dev))
    assert dev and texts
    assert not any(by_id[i] in texts for i in dev if i in by_id)
    assert len(texts) == len([i for i in by_id if i not in dev])


def _pipeline(seed: int):
    import spacy

    config = load_config(DEFAULT_CONFIG, interpolate=False)
    config["system"]["seed"] = seed
    nlp = spacy.util.load_model_from_config(Config(config).interpolate(), auto_fill=True)
    nlp.initialize()
    return nlp


def test_pretrained_weights_load_into_the_recognisers_tok2vec(tmp_path):
    source, target = _pipeline(1), _pipeline(2)
    weights = tmp_path / "model-last.bin"
    weights.write_bytes(source.get_pipe("tok2vec").model.to_bytes())
    assert target.get_pipe("tok2vec").model.to_bytes() != weights.read_bytes()
    load_init_tok2vec(target, weights)
    assert target.get_pipe("tok2vec").model.to_bytes() == weights.read_bytes()
    with pytest.raises(SystemExit, match="can't find"):
        load_init_tok2vec(target, tmp_path / "missing.bin")


def test_pretraining_config_targets_the_tok2vec_component(tmp_path):
    config = pretraining_config(DEFAULT_CONFIG, tmp_path / "raw.jsonl", epochs=2, seed=13)
    section = config["pretraining"]
    assert section["component"] == "tok2vec" and section["max_epochs"] == 2
    assert config.interpolate()["corpora"]["pretrain"]["path"] == str(tmp_path / "raw.jsonl")
