"""The silver-data script: body text only (no title, abstract or conclusion, the annotated texts),
and labels that are the pipeline's own entity mentions, offsets into the chunk."""

from __future__ import annotations

import json

from training import data as D
from training.silver import body_chunks, load_silver, silver_records


def _doc() -> dict:
    sections = [["Deep", "Nets"], ["section", ":", "Abstract", "We", "propose", "DeepNet", "."],
                ["section", ":", "Introduction", "Heading", "."],
                ["We", "train", "ResNet", "-", "50", "on", "ImageNet", "for", "image", "classification", "."],
                ["section", ":", "Conclusion", "Heading", "."], ["DeepNet", "beats", "VGG", "."]]
    words, sentences, spans = [], [], []
    for part in sections:
        sentences.append([len(words), len(words) + len(part)])
        words.extend(part)
    # sections: title, abstract, introduction (heading + one sentence), conclusion (heading + one)
    spans = [[0, 2], [2, 9], [9, 25], [25, 34]]
    return {"words": words, "sentences": sentences, "sections": spans}


def test_body_chunks_leave_out_the_title_abstract_conclusion_and_headings():
    chunks = body_chunks(_doc(), min_words=3)
    assert chunks == ["We train ResNet-50 on ImageNet for image classification."]


def test_silver_records_are_the_pipelines_mentions_in_the_chunk(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "abc123.json").write_text(json.dumps(_doc()), encoding="utf-8")
    train = tmp_path / "train.jsonl"
    train.write_text(json.dumps({"id": "scirex-abc123", "title": "Deep Nets", "abstract": "x"}) + "\n")
    monkeypatch.setattr(D, "SCIREX_DOCS", docs)
    monkeypatch.setattr(D, "TRAIN_SCIREX", train)
    import training.silver as S

    monkeypatch.setattr(S, "body_chunks", lambda doc: body_chunks(doc, min_words=3))
    records = list(silver_records(jobs=1))
    assert [r["id"] for r in records] == ["silver-abc123-000"]
    text = records[0]["text"]
    labelled = {(text[a:b], label) for a, b, label in records[0]["spans"]}
    assert ("ImageNet", "Dataset") in labelled and ("image classification", "Task") in labelled
    assert all(0 <= a < b <= len(text) for a, b, _ in records[0]["spans"])
    out = tmp_path / "silver.jsonl"
    out.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    samples = load_silver(out)
    assert samples[0].text == text and samples[0].source == "silver"
    assert sorted(samples[0].spans) == sorted(tuple(s) for s in records[0]["spans"])
