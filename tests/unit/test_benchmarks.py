"""The benchmark readers and span scoring, on tiny made-up inputs."""

from __future__ import annotations

import json

import pytest

from kg.benchmarks import (bio_spans, detokenize, match_spans, mention_spans, read_brat, read_conll,
                           read_jsonl, scierc_text, score_spans, scirex_chunks)
from kg.model import Entity, EntityType, Extraction, Mention


def test_detokenize_undoes_ptb_and_keeps_offsets():
    tokens = ["A", "model", "-LRB-", "AM", "-RRB-", "reaches", "91", "%", ",", "``", "it", "''", "said", "."]
    text, offsets = detokenize(tokens)
    assert text == 'A model (AM) reaches 91%, "it" said.'
    assert [text[a:b] for a, b in offsets] == [
        "A", "model", "(", "AM", ")", "reaches", "91", "%", ",", '"', "it", '"', "said", "."]


def test_bio_spans_closes_runs_and_starts_on_stray_inside_tags():
    tags = ["O", "B-TASK", "I-TASK", "B-DATASET", "I-METRIC", "O", "I-TASK"]
    assert bio_spans(tags) == [(1, 3, "TASK"), (3, 4, "DATASET"), (4, 5, "METRIC"), (6, 7, "TASK")]


def test_read_conll_joins_tokens_with_spaces(tmp_path):
    path = tmp_path / "t.conll"
    path.write_text("We\t0\tO\nuse\t3\tO\nSQuAD\t7\tB-DATASET\nfor\t13\tO\nquestion\t17\tB-TASK\n"
                    "answering\t26\tI-TASK\n\nF1\t0\tB-METRIC\n", encoding="utf-8")
    sentences = read_conll(path)
    assert sentences[0][0] == "We use SQuAD for question answering"
    text, spans = sentences[0]
    assert [(text[a:b], t) for a, b, t in spans] == [("SQuAD", "Dataset"), ("question answering", "Task")]
    assert sentences[1] == ("F1", [(0, 2, "Metric")])


def test_read_brat_gives_offsets_per_line(tmp_path):
    (tmp_path / "t.txt").write_text("We use SQuAD.\nAccuracy on MNIST.\n", encoding="utf-8")
    (tmp_path / "t.ann").write_text("T1\tDATASET 7 12\tSQuAD\nT2\tMETRIC 14 22\tAccuracy\n"
                                    "T3\tDATASET 26 31\tMNIST\n", encoding="utf-8")
    lines = read_brat(tmp_path / "t.txt", tmp_path / "t.ann")
    assert lines == [("We use SQuAD.", [(7, 12, "Dataset")]),
                     ("Accuracy on MNIST.", [(0, 8, "Metric"), (12, 17, "Dataset")])]


def test_scierc_text_maps_inclusive_document_token_spans(tmp_path):
    record = {"doc_key": "d1", "sentences": [["We", "parse", "-LRB-", "PCFG", "-RRB-", "."], ["It", "works", "."]],
              "ner": [[[1, 1, "Task"], [3, 3, "Method"]], [[6, 6, "Generic"]]]}
    path = tmp_path / "s.json"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    text, spans = scierc_text(next(read_jsonl(path)))
    assert text == "We parse (PCFG). It works."
    assert [(text[a:b], t) for a, b, t in spans] == [("parse", "Task"), ("PCFG", "Method"), ("It", "Generic")]


def test_scirex_chunks_group_sentences_to_size():
    words = [f"w{i}" for i in range(20)] + ["."]
    document = {"words": words, "sentences": [[0, 4], [4, 8], [8, 9], [9, 20], [20, 21]]}
    chunks = scirex_chunks(document, min_words=5, max_words=8)
    # [0,4)+[4,8) = 8 words; [8,9) is too short alone and [9,20) is over max_words (dropped).
    assert chunks == ["w0 w1 w2 w3 w4 w5 w6 w7"]


def test_mention_spans_are_distinct_and_filtered_by_type():
    extraction = Extraction(id="x", abstract="BERT on SQuAD and SQuAD.", entities=[
        Entity(type=EntityType.METHOD, name="BERT", mentions=[Mention(text="BERT", start=0, end=4, sentence=0)]),
        Entity(type=EntityType.DATASET, name="SQuAD", mentions=[
            Mention(text="SQuAD", start=8, end=13, sentence=0), Mention(text="SQuAD", start=18, end=23, sentence=0),
            Mention(text="SQuAD", start=18, end=23, sentence=0)])])
    assert mention_spans(extraction, ["Dataset"]) == {(8, 13, "Dataset"), (18, 23, "Dataset")}
    assert len(mention_spans(extraction)) == 3


def test_match_spans_exact_then_one_to_one_overlap():
    gold = {(0, 10, "Task"), (20, 25, "Task"), (30, 40, "Dataset")}
    pred = {(0, 10, "Task"), (2, 8, "Task"), (21, 30, "Task"), (22, 24, "Task"), (30, 40, "Task")}
    # exact: (0,10); overlap adds (21,30)->(20,25); (2,8) finds (0,10) taken; (30,40) is the wrong type.
    assert match_spans(pred, gold) == (1, 2)


def test_score_spans_per_type_and_overall_ignoring_unscored_types():
    pairs = [({(0, 4, "Method"), (8, 13, "Dataset"), (20, 30, "Task")},
              {(0, 4, "Method"), (8, 14, "Dataset"), (40, 50, "Generic")})]
    scores = score_spans(pairs, ["Method", "Dataset"])
    assert scores["exact"]["Method"].f1 == 1.0
    assert scores["exact"]["Dataset"].to_dict()["tp"] == 0
    assert scores["overlap"]["Dataset"].f1 == 1.0
    total = scores["exact"]["all"]
    assert (total.tp, total.pred, total.gold) == (1, 2, 2)
    assert scores["overlap"]["all"].precision == pytest.approx(1.0)
