"""Turn a processed spaCy Doc into an Extraction record (spaCy objects never leave kg/extract)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.components import doc_sentence_spans, doc_text
from kg.model import (Document, Entity, Extraction, Mention, Provenance, Relation, Result,
                      ResultKind, Role, entity_id)
from kg.names import stable_id

EXTRACTOR_NAME = "kg"


def doc_to_extraction(doc: Doc, document: Document, extractor: str = EXTRACTOR_NAME) -> Extraction:
    """The Extraction of `document` from its processed `doc` (whose text is `document.text`)."""
    text = doc_text(doc)
    sentences = doc_sentence_spans(doc)
    groups = doc._.kg_entities or []
    entities: list[Entity] = []
    for group in groups:
        sentences_seen = sorted({m[2] for m in group.mentions})
        entities.append(Entity(
            id=entity_id(group.type, group.name), type=group.type, name=group.name,
            aliases=group.aliases, role=Role(group.role) if group.role else None,
            confidence=group.confidence,
            mentions=[Mention(text=text[s:e], start=s, end=e, sentence=i) for s, e, i in group.mentions],
            support_sentences=len(sentences_seen),
        ))

    def evidence(sentence: int, start: int, end: int, confidence: float) -> Provenance:
        s_start, s_end = sentences[sentence]
        return Provenance(document=document.id, sentence=text[s_start:s_end].strip(), sentence_index=sentence,
                          start=start, end=end, extractor=extractor, confidence=confidence)

    relations: list[Relation] = []
    for cand in doc._.kg_relations or []:
        head, tail = entities[cand.head], entities[cand.tail]
        relations.append(Relation(
            type=cand.type, head=head.name, tail=tail.name, head_id=head.id, tail_id=tail.id,
            confidence=cand.confidence, evidence=[evidence(cand.sentence, cand.start, cand.end, cand.confidence)],
        ))

    results: list[Result] = []
    for index, cand in enumerate(doc._.kg_results or []):
        number = cand.number

        def pick(i):
            return (entities[i].name, entities[i].id) if i is not None else (None, None)

        (metric, metric_id), (method, method_id) = pick(cand.metric), pick(cand.method)
        (dataset, dataset_id), (baseline, baseline_id) = pick(cand.dataset), pick(cand.baseline)
        results.append(Result(
            id=stable_id("result", document.id, number.start, number.end),
            value=number.value, unit=number.unit, kind=ResultKind(number.kind), metric=metric, method=method,
            dataset=dataset, baseline=baseline, metric_id=metric_id, method_id=method_id, dataset_id=dataset_id,
            baseline_id=baseline_id, text=number.text, confidence=cand.confidence,
            provenance=evidence(cand.sentence, number.start, number.end, cand.confidence),
        ))
    return Extraction(**document.model_dump(), entities=entities, relations=relations, results=results,
                      extractor=extractor)

