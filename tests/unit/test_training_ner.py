"""The recogniser's training loop: the optimizer's averaged weights are the ones scored and kept."""

from __future__ import annotations

import pytest
import spacy
from spacy.training import Example
from spacy.util import load_config
from thinc.api import Config

from training import train_ner
from training.train_ner import DEFAULT_CONFIG, averaged


def _trained(use_averages: bool):
    """The shipped config's pipeline after a few updates on one labelled sentence, and its optimizer."""
    config = load_config(DEFAULT_CONFIG, interpolate=False)
    config["training"]["optimizer"]["use_averages"] = use_averages
    nlp = spacy.util.load_model_from_config(Config(config).interpolate(), auto_fill=True)
    text = "We train ResNet-50 on ImageNet and report top-1 accuracy for image classification."
    doc = nlp.make_doc(text)
    spans = [("ResNet-50", "Method"), ("ImageNet", "Dataset"), ("top-1 accuracy", "Metric"),
             ("image classification", "Task")]
    entities = []
    for surface, label in spans:
        start = text.index(surface)
        entities.append((start, start + len(surface), label))
    example = Example.from_dict(doc, {"entities": entities})
    optimizer = nlp.initialize(lambda: [example])
    for _ in range(4):
        nlp.update([example], sgd=optimizer, drop=0.0)
    return nlp, optimizer


def test_averaged_weights_are_used_inside_the_block_and_restored_after():
    nlp, optimizer = _trained(use_averages=True)
    assert optimizer.averages
    before = nlp.get_pipe("ner").model.to_bytes()
    with averaged(nlp, optimizer):
        inside = nlp.get_pipe("ner").model.to_bytes()
    assert inside != before
    assert nlp.get_pipe("ner").model.to_bytes() == before


def test_without_averages_the_weights_stay_as_they_are():
    nlp, optimizer = _trained(use_averages=False)
    before = nlp.get_pipe("ner").model.to_bytes()
    with averaged(nlp, optimizer):
        assert nlp.get_pipe("ner").model.to_bytes() == before


def test_an_unknown_selection_is_refused_before_any_data_is_read(tmp_path, monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("data read before the settings were checked")

    monkeypatch.setattr(train_ner, "load_sources", fail)
    monkeypatch.setattr(train_ner.D, "read_jsonl", fail)
    with pytest.raises(SystemExit, match="kg_train.select must be one of best, last, not 'first'"):
        train_ner.train(DEFAULT_CONFIG, tmp_path / "ner", {"kg_train.select": "first"}, False)
