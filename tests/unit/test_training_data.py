"""Tests of the conversion of annotated records into labelled spans and spaCy Docs."""

from __future__ import annotations

import json

import pytest
import spacy

from training import data as D


def _labelled(text: str, entities: list[dict]) -> list[tuple[str, str]]:
    return [(text[s:e], label) for s, e, label in D.label_occurrences(text, entities)]


def test_record_text_is_title_newline_abstract():
    assert D.record_text({"title": "T", "abstract": "A b."}) == "T\nA b."


def test_every_occurrence_of_name_and_aliases_is_labelled():
    text = "We train BERT. BERT beats GPT-2 on MNIST."
    entities = [{"type": "Method", "name": "BERT", "aliases": ["GPT-2"]},
                {"type": "Dataset", "name": "MNIST", "aliases": []}]
    assert _labelled(text, entities) == [("BERT", "Method"), ("BERT", "Method"),
                                         ("GPT-2", "Method"), ("MNIST", "Dataset")]


def test_matching_is_case_sensitive():
    text = "Multigrid Method in the title; a multigrid method in the text."
    entities = [{"type": "Method", "name": "multigrid method", "aliases": []}]
    assert _labelled(text, entities) == [("multigrid method", "Method")]


def test_matching_is_whole_word_only():
    text = "ResNets and ResNet-50 use ResNet."
    entities = [{"type": "Method", "name": "ResNet", "aliases": []}]
    spans = D.label_occurrences(text, entities)
    # "ResNets" is no whole-word match; "ResNet-50" holds "ResNet" before a hyphen (a word end)
    assert [text[s:e] for s, e, _ in spans] == ["ResNet", "ResNet"]
    assert spans[-1][0] == text.rindex("ResNet")


def test_longest_match_wins_on_overlap_across_entities():
    text = "We study out-of-distribution detection and detection."
    entities = [{"type": "Task", "name": "detection", "aliases": []},
                {"type": "Task", "name": "out-of-distribution detection", "aliases": []},
                {"type": "Metric", "name": "out-of-distribution", "aliases": []}]
    assert _labelled(text, entities) == [("out-of-distribution detection", "Task"),
                                         ("detection", "Task")]


def test_equal_length_overlap_goes_to_the_entity_listed_first():
    text = "a b c"
    entities = [{"type": "Task", "name": "b c", "aliases": []},
                {"type": "Method", "name": "a b", "aliases": []}]
    assert _labelled(text, entities) == [("b c", "Task")]


def test_unknown_types_and_empty_names_are_ignored():
    text = "Foo bar."
    entities = [{"type": "Material", "name": "Foo", "aliases": []},
                {"type": "Method", "name": "", "aliases": ["  "]}]
    assert D.label_occurrences(text, entities) == []


def test_title_offsets_count_the_title_and_newline():
    record = {"id": "r1", "title": "SlowFast Networks", "abstract": "We extend SlowFast.",
              "entities": [{"type": "Method", "name": "SlowFast Networks",
                            "aliases": ["SlowFast"]}]}
    sample = D.from_record(record)
    assert sample.spans == [(0, 17, "Method"), (28, 36, "Method")]
    assert [sample.text[s:e] for s, e, _ in sample.spans] == ["SlowFast Networks", "SlowFast"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def test_to_doc_sets_entities_and_outside_tokens(nlp):
    record = {"id": "r2", "title": "Results",
              "abstract": "Accuracy on (Kinetics, Charades) improves.",
              "entities": [{"type": "Dataset", "name": "Kinetics", "aliases": []},
                           {"type": "Dataset", "name": "Charades", "aliases": []},
                           {"type": "Metric", "name": "Accuracy", "aliases": []}]}
    doc = D.to_doc(nlp, D.from_record(record))
    assert doc.text == "Results\nAccuracy on (Kinetics, Charades) improves."
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Accuracy", "Metric"), ("Kinetics", "Dataset"), ("Charades", "Dataset")]
    assert doc[0].ent_iob_ == "O"


def test_to_doc_widens_spans_to_token_boundaries(nlp):
    sample = D.Sample("s", "We use BERT-style models.", [(7, 11, "Method")])
    doc = D.to_doc(nlp, sample)
    assert len(doc.ents) == 1 and doc.ents[0].label_ == "Method"
    assert doc.ents[0].start_char <= 7 and doc.ents[0].end_char >= 11


def test_incomplete_sources_leave_other_tokens_missing(nlp):
    sample = D.Sample("t", "BLEU on WMT", [(0, 4, "Metric")], complete=False)
    doc = D.to_doc(nlp, sample)
    assert [t.ent_iob_ for t in doc] == ["B", "", ""]


def test_corpus_batches_join_text_and_skip_excluded_ids(tmp_path):
    corpus = tmp_path / "abstracts.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in [
        {"id": "p1", "title": "T1", "abstract": "We use AdamW."},
        {"id": "p2", "title": "T2", "abstract": "We use SGD."}]))
    batches = tmp_path / "annotations"
    batches.mkdir()
    (batches / "corpus-b1.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"id": "p1", "entities": [{"type": "Method", "name": "AdamW", "aliases": []}]},
        {"id": "p2", "entities": [{"type": "Method", "name": "SGD", "aliases": []}]},
        {"id": "p9", "entities": []}]))
    samples = D.load_corpus_batches(batches, corpus, exclude={"p2"})
    assert [s.id for s in samples] == ["p1"]
    assert samples[0].text == "T1\nWe use AdamW."
    assert samples[0].spans == [(10, 15, "Method")]


def test_tdmsci_block_is_rebuilt_with_offsets(tmp_path):
    conll = tmp_path / "t.conll"
    conll.write_text("We\t0\tO\nreport\t3\tO\nBLEU\t10\tB-METRIC\non\t15\tO\nWMT\t18\tB-DATASET\n"
                     "14\t22\tI-DATASET\n\nNext\t30\tO\n")
    samples = D.load_tdmsci(conll)
    assert samples[0].text == "We report BLEU on WMT 14"
    assert [(samples[0].text[s:e], label) for s, e, label in samples[0].spans] == [
        ("BLEU", "Metric"), ("WMT 14", "Dataset")]
    assert samples[1].text == "Next" and not samples[0].complete
