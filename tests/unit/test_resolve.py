import pytest

from kg.errors import KGError
from kg.model import (Entity, EntityType, Extraction, Mention, PaperLink, PaperLinkType, Provenance, Relation, Result,
                      Role, entity_id, lean)
from kg.resolve import Resolver, compact_key, filter_extraction, noisy_or, resolve

M, D, T = EntityType.METHOD, EntityType.DATASET, EntityType.TASK


def ent(t, name, aliases=(), role=None, conf=0.8):
    return Entity(type=t, name=name, aliases=list(aliases), role=role, confidence=conf,
                  mentions=[Mention(text=name, start=0, end=len(name), sentence=0)])


def paper(pid, entities, relations=(), results=()):
    return Extraction(id=pid, title=pid, abstract="x", entities=entities, relations=list(relations),
                      results=list(results))


def rel(t, head, tail, conf=0.6):
    return Relation(type=t, head=head.name, tail=tail.name, head_id=head.id, tail_id=tail.id, confidence=conf)


def names(graph, t):
    return sorted(e.name for e in graph.entities if e.type is t)


def test_spelling_variants_merge_across_papers():
    g = resolve([paper("a", [ent(M, "ResNet-50", role=Role.USED)]), paper("b", [ent(M, "ResNet50")]),
                 paper("c", [ent(M, "resnet 50")])])
    (e,) = g.entities
    assert e.support_papers == 3 and set(e.aliases) | {e.name} == {"ResNet-50", "ResNet50", "resnet 50"}
    assert any(m.name == "ResNet50" and "spaces" in m.reason for m in g.merge_log)


def test_prefix_sharing_names_stay_apart():
    g = resolve([paper("a", [ent(M, "BERT"), ent(M, "RoBERTa"), ent(M, "GAN")]),
                 paper("b", [ent(M, "BERTScore"), ent(M, "CycleGAN")])])
    assert names(g, M) == ["BERT", "BERTScore", "CycleGAN", "GAN", "RoBERTa"]


def test_alias_given_in_an_abstract_links_papers():
    g = resolve([paper("a", [ent(T, "out-of-distribution detection", ["OOD detection"])]),
                 paper("b", [ent(T, "OOD detection")])])
    (e,) = g.entities
    assert e.support_papers == 2 and "OOD detection" in e.aliases + [e.name]
    assert any("paper a" in m.reason for m in g.merge_log)


def test_ambiguous_acronym_merges_nothing():
    g = resolve([paper("a", [ent(M, "masked autoencoder", ["MAE"])]),
                 paper("b", [ent(M, "multi-agent explorer", ["MAE"])])])
    assert names(g, M) == ["MAE", "masked autoencoder", "multi-agent explorer"]


def test_types_never_merge():
    g = resolve([paper("a", [ent(M, "ImageNet")]), paper("b", [ent(D, "ImageNet")])])
    assert len(g.entities) == 2


def test_relations_aggregate_with_support_and_confidence():
    m, d = ent(M, "FooNet", role=Role.PROPOSED), ent(D, "MNIST", role=Role.USED)
    g = resolve([paper("a", [m, d], [rel("EVALUATED_ON", m, d, 0.5)]),
                 paper("b", [m, d], [rel("EVALUATED_ON", m, d, 0.5)])])
    (r,) = g.relations
    assert r.support_papers == 2 and r.confidence == noisy_or([0.5, 0.5]) == 0.75
    assert {(l.paper, l.type) for l in g.links if l.entity == r.head_id} == {
        ("a", PaperLinkType.PROPOSES), ("b", PaperLinkType.PROPOSES)}


def test_results_point_at_resolved_entities():
    m = ent(M, "ResNet50")
    result = Result(value=76.1, method="ResNet50", method_id=m.id)
    g = resolve([paper("a", [ent(M, "ResNet-50")]), paper("b", [m], results=[result])])
    (r,) = g.results
    assert r.paper == "b" and r.method_id == g.entities[0].id


def test_min_confidence_drops_entities_and_what_cites_them():
    low, high = ent(M, "A", conf=0.2), ent(D, "B", conf=0.9)
    ex = paper("a", [low, high], [rel("EVALUATED_ON", low, high)],
               [Result(value=1.0, method="A", method_id=low.id, dataset="B", dataset_id=high.id)])
    kept = filter_extraction(ex, 0.5)
    assert [e.name for e in kept.entities] == ["B"] and kept.relations == []
    assert kept.results[0].method is None and kept.results[0].dataset == "B"


def test_resolution_is_deterministic_and_order_independent_in_ids():
    papers = [paper("a", [ent(M, "ResNet-50")]), paper("b", [ent(M, "ResNet50")])]
    assert resolve(papers).model_dump_json() == resolve(papers).model_dump_json()
    assert resolve(papers).entities[0].id == resolve(list(reversed(papers))).entities[0].id


def test_compact_key():
    assert compact_key("ResNet-50") == compact_key("ResNet 50") == "resnet50"
    assert entity_id(M, "ResNet-50") != entity_id(M, "ResNet50")  # ids keep the spelling; resolution merges


def test_a_resolver_makes_one_graph():
    resolver = Resolver()
    resolver.add(paper("a", [ent(M, "ResNet-50")]))
    assert [e.name for e in resolver.graph().entities] == ["ResNet-50"]
    with pytest.raises(KGError):
        resolver.graph()
    with pytest.raises(KGError):
        resolver.add(paper("b", [ent(M, "BERT")]))


def test_graph_records_share_one_set_of_field_names():
    m, d = ent(M, "FooNet"), ent(D, "MNIST")
    ev = Provenance(document="a", sentence="FooNet on MNIST.", start=0, end=6, extractor="kg", confidence=0.5)
    g = resolve([paper("a", [m, d], [rel("EVALUATED_ON", m, d).model_copy(update={"evidence": [ev]})],
                       [Result(value=1.0, method="FooNet", method_id=m.id, provenance=ev)])])
    (link, _), (r,), (result,) = g.links, g.relations, g.results
    assert link.model_fields_set == set(PaperLink.model_fields)
    assert link.model_fields_set is g.links[1].model_fields_set
    assert r.evidence[0] == ev and result.provenance == ev and result.method_id == m.id
    # the caller's records are left as they were
    assert ev.model_fields_set == {"document", "sentence", "start", "end", "extractor", "confidence"}


def test_lean_records_dump_and_compare_as_before():
    link = PaperLink(paper="a", entity="b", type=PaperLinkType.USES, confidence=0.5)
    copy = lean(link.model_copy())
    assert copy == link and copy.model_dump_json() == link.model_dump_json()
    copy.confidence = 0.7  # assignment leaves the shared set as it is
    assert copy.model_fields_set == set(PaperLink.model_fields) and link.confidence == 0.5
