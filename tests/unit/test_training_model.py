"""Tests of the shipped entity recogniser in kg/models/ner (a plain spaCy directory)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import spacy

MODEL = Path(__file__).resolve().parents[2] / "kg" / "models" / "ner"

pytestmark = pytest.mark.skipif(not (MODEL / "meta.json").exists(), reason="no shipped model")


@pytest.fixture(scope="module")
def nlp():
    return spacy.load(MODEL)


def test_model_is_tok2vec_and_ner_with_the_four_types(nlp):
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"Method", "Dataset", "Metric", "Task"}


def test_model_is_small_and_loads_fast():
    size = sum(p.stat().st_size for p in MODEL.rglob("*") if p.is_file())
    assert size < 30_000_000
    start = time.perf_counter()
    spacy.load(MODEL)
    assert time.perf_counter() - start < 5  # 2 s on an idle core; slack for a busy machine


def test_model_finds_typed_entities(nlp):
    doc = nlp("Deep Residual Learning for Image Recognition\nWe train ResNet-50 on ImageNet "
              "and report top-1 accuracy for image classification.")
    assert {e.label_ for e in doc.ents} >= {"Method", "Dataset"}
