"""kg_ner: the shipped recogniser's entities decoded in numpy are spaCy's own, faster."""

import json

import pytest
import spacy

from kg.extract import default_model_path, load_pipeline
from kg.extract.ner_decode import BEGIN, IN, LAST, OUT, UNIT, Decoder

pytestmark = pytest.mark.skipif(default_model_path() is None, reason="the package ships no trained recogniser")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _prepared(nlp, texts):
    """Docs as the recogniser sees them: kg's sentence starts and the tok2vec output set."""
    docs = [nlp.get_pipe("kg_sentences")(nlp.make_doc(text)) for text in texts]
    return list(nlp.get_pipe("tok2vec").pipe(docs))


def test_the_pipeline_decodes_with_kg_ner_and_keeps_spacys_recogniser_disabled(nlp):
    assert nlp.pipe_names[:3] == ["kg_sentences", "tok2vec", "kg_ner"]
    assert "ner" in nlp.disabled and nlp.get_pipe("kg_ner").source == "ner"
    doc = nlp("We evaluate BERT on SQuAD and report F1.")
    assert doc.has_annotation("ENT_IOB") and all(t.ent_iob_ in "BIO" for t in doc)


def test_decoded_entities_are_spacys_on_the_corpus_and_scirex_paragraphs(nlp, shared):
    from kg.benchmarks import scirex_chunks

    texts = [f"{r['title']}\n{r['abstract']}" for r in map(json.loads, open(shared / "corpus/abstracts.jsonl"))]
    for path in sorted((shared / "benchmarks/scirex/train_docs").glob("*.json"))[:6]:
        texts += scirex_chunks(json.loads(path.read_text()))
    texts += ["", "Word", "  \n  ", "BERT\n\nBERT"]  # empty and whitespace-only documents in the batch
    recognizer = nlp.get_pipe("ner")
    decoder = Decoder(recognizer)
    for start in range(0, len(texts), 64):
        docs = _prepared(nlp, texts[start:start + 64])
        ours = decoder.entities(docs)
        recognizer.set_annotations(docs, recognizer.predict(docs))
        assert ours == [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]
    assert sum(len(doc.ents) for doc in docs) > 0


def test_entities_do_not_cross_a_sentence_start_or_begin_on_whitespace(nlp):
    decoder = Decoder(nlp.get_pipe("ner"))
    closed = {(cont, space): decoder.penalty[2 * cont + space] == 0 for cont in (0, 1) for space in (0, 1)}
    kinds = decoder.kinds
    assert not closed[(0, 0)][kinds == BEGIN].any() and closed[(0, 0)][kinds == UNIT].all()
    assert not closed[(1, 1)][kinds == BEGIN].any() and not closed[(1, 1)][kinds == UNIT].any()
    assert closed[(1, 0)][kinds == BEGIN].all() and all(row[kinds == OUT].all() for row in closed.values())
    for label in range(len(decoder.label_names)):
        at_end, going_on = (decoder.penalty[4 + 2 * label + cont] == 0 for cont in (0, 1))
        own = decoder.move_label == label
        assert not at_end[kinds == IN].any() and at_end[(kinds == LAST) & own].all()
        assert going_on[(kinds == IN) & own].all() and not going_on[(kinds == IN) & ~own].any()
        assert not going_on[(kinds == BEGIN) | (kinds == UNIT) | (kinds == OUT)].any()
    # "U-" (no label) is only for preset blocked tokens, which kg_ner leaves to spaCy
    assert not (decoder.penalty[:, decoder.move_label < 0][:, kinds[decoder.move_label < 0] != OUT] == 0).any()


def test_documents_with_preset_entities_are_left_to_spacys_decoder(nlp):
    text = "We train ResNet-50 on ImageNet and CIFAR-10 for image classification."
    (plain,) = _prepared(nlp, [text])
    (preset,) = _prepared(nlp, [text])
    preset.set_ents([spacy.tokens.Span(preset, 0, 1, label="Task")], default="unmodified")  # "We", blocked after
    reference = preset.copy()
    recognizer = nlp.get_pipe("ner")
    recognizer.set_annotations([reference], recognizer.predict([reference]))
    out = list(nlp.get_pipe("kg_ner").pipe([plain, preset]))
    assert [(e.start, e.end, e.label_) for e in out[1].ents] == [(e.start, e.end, e.label_) for e in reference.ents]
    assert out[1].ents[0].text == "We"  # the preset entity is kept
    assert all(e.text != "We" for e in out[0].ents)


def test_kg_ner_is_a_factory_for_any_pipeline_with_a_trained_recogniser():
    from importlib.metadata import entry_points

    assert "kg_ner" in {ep.name for ep in entry_points(group="spacy_factories")}
    nlp = spacy.load(default_model_path())
    nlp.add_pipe("kg_ner", after="ner")
    nlp.disable_pipe("ner")
    texts = ["We fine-tune BERT on SQuAD 2.0 and GLUE.", "ResNet-50 reaches 76% top-1 accuracy on ImageNet."]
    ours = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    nlp.enable_pipe("ner")
    nlp.disable_pipe("kg_ner")
    assert ours == [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    assert any(ours)
