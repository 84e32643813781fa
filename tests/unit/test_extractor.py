"""The extractor as a whole: components, factories, relations, results and bad text."""

import spacy
from hypothesis import HealthCheck, given, settings, strategies as st

from kg.model import Document, EntityType, RelationType, ResultKind

ABSTRACT = Document(
    id="t1", title="Energy Margins for Out-of-Distribution Detection",
    abstract=("Out-of-distribution (OOD) detection is essential. We propose Energy Margin Scoring (EMS), "
              "a post-hoc score based on ResNet-50. EMS is evaluated on CIFAR-10 and ImageNet, where it "
              "reduces FPR95 by 12.5% and outperforms Mahalanobis."))


def test_factories_are_registered_for_any_pipeline():
    import kg.extract.factories  # noqa: F401

    nlp = spacy.blank("en")
    for name in ("kg_sentences", "kg_abbreviations", "kg_candidates", "kg_entities", "kg_results",
                 "kg_relations"):
        nlp.add_pipe(name)
    doc = nlp("We propose FooNet (FN). FooNet improves accuracy by 3.5% on MNIST.")
    assert [a.short for a in doc._.kg_abbreviations] == ["FN"]
    assert any(g.name == "MNIST" for g in doc._.kg_entities)
    assert [r.number.value for r in doc._.kg_results] == [3.5]


def test_the_pipeline_keeps_the_text_it_was_given_for_its_components():
    from kg.extract import load_pipeline
    from kg.extract.components import TEXT_KEY, doc_text

    nlp = load_pipeline(None)
    text = "FooNet  (FN)\n beats BarNet\u00a0on MNIST.\t"
    doc = nlp(text)
    assert doc.user_data[TEXT_KEY] is text and doc.text == text  # kept, not joined again from the tokens
    plain = spacy.blank("en")(text)  # any other pipeline: joined once, then kept
    assert TEXT_KEY not in plain.user_data and doc_text(plain) == text and plain.user_data[TEXT_KEY] == text


def test_lexicon_names_are_found_in_the_plural_too():
    import kg.extract.factories  # noqa: F401
    from kg.extract.components import _plural

    assert _plural("error rate") == "error rates" and _plural("word embedding") == "word embeddings"
    assert _plural("knowledge discovery") == "knowledge discoveries" and _plural("batch") == "batches"
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_candidates")
    doc = nlp("Low error rates and a low error rate with CNNs.")
    found = {(doc.text[c.start:c.end], c.label) for c in doc._.kg_candidates if c.source == "lexicon"}
    assert found == {("error rates", EntityType.METRIC), ("error rate", EntityType.METRIC),
                     ("CNNs", EntityType.METHOD)}


def test_lexicon_names_are_found_written_without_their_hyphens():
    # "finetuning" is the known "fine-tuning", "multitask learning" the known "multi-task learning"
    import kg.extract.factories  # noqa: F401
    from kg.extract.components import closed_up

    assert closed_up("fine-tuning") == "finetuning" and closed_up("multi-task learning") == "multitask learning"
    assert closed_up("R-CNN") == "R-CNN"  # a coined name keeps its spelling
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_candidates")
    doc = nlp("We pretrain, then finetuning on demonstrations helps multitask learning.")
    found = {(doc.text[c.start:c.end], c.label) for c in doc._.kg_candidates if c.source == "lexicon"}
    assert ("finetuning", EntityType.METHOD) in found and ("multitask learning", EntityType.TASK) in found


def test_entry_points_expose_the_factories():
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert {"kg_entities", "kg_results", "kg_relations", "kg_abbreviations"} <= names


def test_extraction_of_an_abstract(rules_extractor):
    ex = rules_extractor.extract(ABSTRACT)
    by_name = {e.name: e for e in ex.entities}
    assert by_name["CIFAR-10"].type is EntityType.DATASET
    assert by_name["FPR95"].type is EntityType.METRIC
    task = next(e for e in ex.entities if e.type is EntityType.TASK)
    assert "detection" in task.name.lower()
    (result,) = ex.results
    assert (result.value, result.unit, result.kind, result.metric) == (12.5, "%", ResultKind.DELTA, "FPR95")
    assert result.provenance.document == "t1" and "12.5%" in result.provenance.sentence
    assert ABSTRACT.text[result.provenance.start:result.provenance.end] == "12.5%"
    for entity in ex.entities:
        for mention in entity.mentions:
            assert ABSTRACT.text[mention.start:mention.end] == mention.text
    for relation in ex.relations:
        assert relation.evidence and relation.evidence[0].sentence
        assert 0 < relation.confidence <= 1
    types = {r.type for r in ex.relations}
    assert RelationType.EVALUATED_ON in types


def test_extraction_is_deterministic(rules_extractor):
    assert rules_extractor.extract(ABSTRACT).to_json() == rules_extractor.extract(ABSTRACT).to_json()


def test_parallel_extraction_keeps_order_and_output(rules_extractor):
    docs = [ABSTRACT.model_copy(update={"id": f"d{i}"}) for i in range(40)]
    rules_extractor.batch_size = 8
    serial = [e.to_json() for e in rules_extractor.extract_many(docs)]
    parallel = [e.to_json() for e in rules_extractor.extract_many(docs, n_process=2)]
    rules_extractor.batch_size = 64
    assert serial == parallel and [e.split('"id":"')[1].split('"')[0] for e in serial][:3] == ["d0", "d1", "d2"]


TEXTS = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300),
    st.sampled_from(["", " ", "x", "$\\alpha$ (\\textbf{A}) &amp; &#x2013;", "<b>HTML</b> &lt;tag&gt;",
                     "\x00\x01\x1f control", "\u4e2d\u6587 \u0627\u0644\u0639\u0631\u0628\u064a\u0629 mixed",
                     "((((", "1e-5 3.2% 4x -- \u00d7\u00d7", "A (B) (C (D)) ) (", "%" * 50]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXTS, abstract=TEXTS)
def test_any_text_goes_through(rules_extractor, title, abstract):
    ex = rules_extractor.extract(Document(id="h", title=title, abstract=abstract))
    text = Document(id="h", title=title, abstract=abstract).text
    for entity in ex.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text


def test_a_megabyte_on_one_line(rules_extractor):
    text = ("We propose FooNet for image classification on MNIST and reach 99.1% accuracy. " * 13000)[:1_000_000]
    ex = rules_extractor.extract(Document(id="big", abstract=text.replace(". ", ", ")))
    assert any(e.name == "MNIST" for e in ex.entities)


def test_too_long_text_is_reported_not_dropped(rules_extractor):
    from kg.extract import MAX_TEXT_LENGTH, ExtractionFailure

    docs = [Document(id="ok", abstract="fine text on MNIST"), Document(id="huge", abstract="a " * MAX_TEXT_LENGTH)]
    out = list(rules_extractor.extract_many(docs))
    assert out[0].id == "ok"
    assert isinstance(out[1], ExtractionFailure) and "too long" in out[1].reason


def test_acronym_of_a_non_entity_defined_twice_does_not_crash(rules_extractor):
    # Found by the benchmark on a SciREX paragraph: a short form whose long form is generic.
    text = "We retrain with the full training set (TS) and the training set (TS) again. TS is used."
    ex = rules_extractor.extract(Document(id="ts", abstract=text))
    assert all(m.text == text[m.start:m.end] for e in ex.entities for m in e.mentions)


def test_a_one_word_task_name_in_the_plural_is_no_task():
    # "we provide recommendations", "more alignments": the plural of a one-word task's name names its
    # outputs (0 of 6 annotated as a Task); a longer task's name is found in the plural still
    import kg.extract.factories  # noqa: F401

    nlp = spacy.blank("en")
    nlp.add_pipe("kg_candidates")
    doc = nlp("We give recommendations for recommendation and run two object detections.")
    found = {(doc.text[c.start:c.end], c.label) for c in doc._.kg_candidates if c.source == "lexicon"}
    assert ("recommendation", EntityType.TASK) in found and ("object detections", EntityType.TASK) in found
    assert not any(surface == "recommendations" for surface, _ in found)


def test_patterns_skipped_for_lack_of_their_word_find_the_same_matches(shared):
    # each costly pattern is only run on texts holding the word every match needs: on the corpus and on texts
    # made to match, skipping it must find exactly what the full scan finds
    import json

    from kg.extract import components as c

    pairs = [(c._COORDINATED_TASKS, c._COORDINATED_END), (c._APPLICATION_OF, c._APPLICATIONS),
             (c._DESCRIBED_DATASET, c._DATA_SET_WORD), (c._TITLE_CASE_DATA_SET, c._DATA_SET_WORD),
             (c._NAMED_QUALITY, c._QUALITY_WORD)]
    texts = [r["title"] + "\n" + r["abstract"] for r in map(json.loads, open(shared / "corpus/abstracts.jsonl"))]
    texts += ["image generation and retrieval tasks", "text modelling\tapplications", "VQA2, a new benchmark",
              "on the Mapillary Vistas dataset", "reconstruction\nquality", "no such words here"]
    found = 0
    for pattern, needed in pairs:
        for text in texts:
            full = [m.span() for m in pattern.finditer(text)]
            assert [m.span() for m in c._matches(pattern, text, needed)] == full
            found += bool(full)
    assert found >= 10
