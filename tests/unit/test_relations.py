from kg.extract.entities import EntityGroup, main_score, proposed_methods
from kg.extract.relations import find_relations
from kg.extract.results import find_results
from kg.model import EntityType, RelationType

M, D, T, X = EntityType.METHOD, EntityType.DATASET, EntityType.TASK, EntityType.METRIC
TEXT = ("FooNet: Fast Detection\n"
        "We propose FooNet, which uses ResNet-50 as a backbone, for object detection. "
        "FooNet outperforms YOLO on COCO. "
        "It improves mAP by 3.1% on COCO.")


def group(t, name, role=None):
    mentions = []
    start = TEXT.find(name)
    while start >= 0:
        sentence = 0 if start < TEXT.index("\n") else 1 + TEXT[:start].count(". ")
        mentions.append((start, start + len(name), sentence))
        start = TEXT.find(name, start + 1)
    return EntityGroup(t, name, [], role, mentions)


def sentence_spans():
    spans, start = [(0, TEXT.index("\n"))], TEXT.index("\n") + 1
    for part in TEXT[start:].split(". "):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    return spans


GROUPS = [group(M, "FooNet", "proposed"), group(M, "ResNet-50", "used"), group(T, "object detection"),
          group(M, "YOLO", "used"), group(D, "COCO", "used"), group(X, "mAP")]


def relations():
    names = [g.name for g in GROUPS]
    return {(r.type, names[r.head], names[r.tail]) for r in find_relations(TEXT, sentence_spans(), GROUPS)}


def test_main_method_is_the_title_coined_name():
    assert proposed_methods(TEXT, GROUPS) == [0]
    assert main_score(TEXT, GROUPS[0]) > main_score(TEXT, group(M, "ResNet-50", "proposed"))


def test_relations_around_the_main_method():
    found = relations()
    assert (RelationType.ADDRESSES, "FooNet", "object detection") in found
    assert (RelationType.EVALUATED_ON, "FooNet", "COCO") in found
    assert (RelationType.USES, "FooNet", "ResNet-50") in found
    assert (RelationType.OUTPERFORMS, "FooNet", "YOLO") in found
    assert (RelationType.MEASURED_BY, "COCO", "mAP") in found
    assert (RelationType.OUTPERFORMS, "YOLO", "FooNet") not in found


def test_relations_respect_type_signatures_and_carry_evidence():
    spans = sentence_spans()
    for r in find_relations(TEXT, spans, GROUPS):
        assert r.head != r.tail and 0 < r.confidence <= 1
        assert (r.start, r.end) == spans[r.sentence]


def test_result_attached_to_metric_main_method_and_dataset():
    (result,) = find_results(TEXT, [s for s, _ in sentence_spans()], GROUPS)
    assert result.number.value == 3.1 and result.number.kind == "delta"
    assert (GROUPS[result.metric].name, GROUPS[result.method].name, GROUPS[result.dataset].name) == \
        ("mAP", "FooNet", "COCO")


def _groups_in(text, specs):
    groups = []
    for t, name, role in specs:
        start = text.index(name)
        groups.append(EntityGroup(t, name, [], role, [(start, start + len(name), 0)]))
    return groups


def test_result_belongs_to_the_method_that_outperforms_not_the_one_beaten():
    text = "On BIG-bench, the 11B-sized Flipped outperforms zero-shot T0-11B by 8.4% on average."
    groups = _groups_in(text, [(D, "BIG-bench", "used"), (M, "Flipped", "used"), (M, "T0-11B", "used")])
    (result,) = find_results(text, [0], groups)
    assert groups[result.method].name == "Flipped" and groups[result.baseline].name == "T0-11B"


def test_result_of_our_method_is_not_given_to_a_method_it_merely_mentions():
    text = "By offline pretraining, our MCT improves mean performance of EfficientZero by 23%."
    groups = _groups_in(text, [(M, "pretraining", "used"), (M, "MCT", "proposed"), (M, "EfficientZero", "used")])
    (result,) = find_results(text, [0], groups)
    assert groups[result.method].name == "MCT"


def test_a_result_we_report_belongs_to_the_main_method_not_to_a_part_of_it_named_as_the_means():
    text = "We propose XTRA. By offline pretraining, we improve mean performance of EfficientZero by 23%."
    second = text.index("By")
    groups = [EntityGroup(M, name, [], role, [(text.index(name), text.index(name) + len(name),
                                                int(text.index(name) >= second))])
              for name, role in (("XTRA", "proposed"), ("pretraining", "proposed"), ("EfficientZero", "used"))]
    (result,) = find_results(text, [0, second], groups)
    assert groups[result.method].name == "XTRA"


def test_without_a_proposed_method_the_title_method_is_evaluated_on_the_datasets():
    text = "Relational Nets for Sudoku\nRelational Nets solve Sudoku on BaBi and CLEVR."
    groups = []
    for t, name in ((M, "Relational Nets"), (D, "BaBi"), (D, "CLEVR")):
        mentions, start = [], text.find(name)
        while start >= 0:
            mentions.append((start, start + len(name), 0 if start < text.index("\n") else 1))
            start = text.find(name, start + 1)
        groups.append(EntityGroup(t, name, [], "used", mentions))
    spans = [(0, text.index("\n")), (text.index("\n") + 1, len(text))]
    found = {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, spans, groups)}
    assert (RelationType.EVALUATED_ON, "Relational Nets", "BaBi") in found
    assert (RelationType.EVALUATED_ON, "Relational Nets", "CLEVR") in found


def test_result_dataset_is_the_one_named_right_after_the_number_else_before_it():
    text = "Our SJE improves the SoA, to 60.1% on AWA and 29.9% on CUB; on Dogs it obtains 35.1%."
    groups = _groups_in(text, [(M, "SJE", "proposed"), (D, "AWA", "used"), (D, "CUB", "used"), (D, "Dogs", "used")])
    found = {r.number.value: groups[r.dataset].name for r in find_results(text, [0], groups)}
    assert found == {60.1: "AWA", 29.9: "CUB", 35.1: "Dogs"}
    text = "Our SJE reports -6.28% FPR95 on ImageNet, -19.01% FPR95 and +3.04% AUROC on CIFAR-10."
    groups = _groups_in(text, [(M, "SJE", "proposed"), (D, "ImageNet", "used"), (D, "CIFAR-10", "used"),
                               (X, "FPR95", None), (X, "AUROC", None)])
    found = {r.number.value: groups[r.dataset].name for r in find_results(text, [0], groups)}
    assert found == {6.28: "ImageNet", 19.01: "CIFAR-10", 3.04: "CIFAR-10"}  # "3.04" between: no sentence end


def test_a_title_method_studied_rather_than_named_as_the_means_is_not_the_subject():
    text = "Alignment faking in large language models\nWe study alignment faking in large language models."
    groups = []
    for t, name in ((M, "large language models"), (T, "alignment faking")):
        mentions, start = [], text.find(name)
        while start >= 0:
            mentions.append((start, start + len(name), 0 if start < text.index("\n") else 1))
            start = text.find(name, start + 1)
        groups.append(EntityGroup(t, name, [], "used" if t is M else None, mentions))
    spans = [(0, text.index("\n")), (text.index("\n") + 1, len(text))]
    assert not [r for r in find_relations(text, spans, groups) if r.type is RelationType.ADDRESSES]


def test_a_result_links_its_dataset_to_its_metric():
    text = "We train on COCO. Our FooNet improves mAP by 3.1%. We also use VOC."  # two data sets: which one?
    groups = []
    for t, name, role in ((D, "COCO", "used"), (M, "FooNet", "proposed"), (X, "mAP", None), (D, "VOC", "used")):
        start = text.index(name)
        sentence = 0 if start < 17 else 1 if start < 50 else 2
        groups.append(EntityGroup(t, name, [], role, [(start, start + len(name), sentence)]))
    spans = [(0, 17), (18, 50), (51, len(text))]
    results = find_results(text, [0, 18, 51], groups)
    assert [(groups[r.dataset].name, groups[r.metric].name) for r in results] == [("COCO", "mAP")]
    measured = (RelationType.MEASURED_BY, 0, 2)
    assert measured not in {(r.type, r.head, r.tail) for r in find_relations(text, spans, groups)}
    assert measured in {(r.type, r.head, r.tail) for r in find_relations(text, spans, groups, results)}


def test_a_baseline_named_before_a_dataset_with_an_evaluation_cue_is_evaluated_on_it():
    text = "GAN Study\nWe propose FooGAN. DCGAN was evaluated on MNIST. DCGAN and CelebA are old."
    sentences = [(0, 9), (10, 28), (29, 58), (59, len(text))]

    def g(t, name, role=None):
        mentions = []
        for start in (i for i in range(len(text)) if text.startswith(name, i)):
            sentence = next(k for k, (a, b) in enumerate(sentences) if a <= start < b)
            mentions.append((start, start + len(name), sentence))
        return EntityGroup(t, name, [], role, mentions)

    groups = [g(M, "FooGAN", "proposed"), g(M, "DCGAN", "used"), g(D, "MNIST"), g(D, "CelebA")]
    found = {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, sentences, groups)}
    assert (RelationType.EVALUATED_ON, "DCGAN", "MNIST") in found
    assert (RelationType.EVALUATED_ON, "DCGAN", "CelebA") not in found  # named together, no evaluation cue
    assert (RelationType.EVALUATED_ON, "FooGAN", "MNIST") in found  # the main method, as before


def test_comparatives_with_than_and_against_are_outperform_cues():
    from kg.extract.relations import _OUTPERFORM

    for sentence in ("X achieves better performance than Y", "X performs favorably against Y",
                     "X trains faster than Y", "X brings gains over Y", "X outperforms Y"):
        assert _OUTPERFORM.search(sentence), sentence
    for sentence in ("X is based on Y", "better results were seen. Then Y"):
        assert not _OUTPERFORM.search(sentence), sentence


def _measured_in(text: str, typed_names: list[tuple[EntityType, str]]) -> set:
    """Relations among one-mention groups of "Title\nFirst sentence. Second sentence ..." (the
    second sentence starts at offset 42)."""
    sentences = [(0, 14), (15, 41), (42, len(text))]

    def g(t, name):
        start = text.index(name)
        return EntityGroup(t, name, [], None, [(start, start + len(name), 1 if start < 42 else 2)])

    groups = [g(t, name) for t, name in typed_names]
    return {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, sentences, groups)}


def test_a_cost_named_alone_is_taken_as_a_measure_of_the_papers_task():
    found = _measured_in("Fast Detection\nWe study object detection. Running time drops and accuracy rises.",
                         [(T, "object detection"), (X, "Running time"), (X, "accuracy")])
    assert (RelationType.MEASURED_BY, "object detection", "accuracy") in found
    assert (RelationType.MEASURED_BY, "object detection", "Running time") in found


def test_a_metric_beside_a_data_set_measures_it_and_the_papers_task():
    found = _measured_in("Fast Detection\nWe study object detection. On COCO, accuracy rises and latency drops.",
                         [(T, "object detection"), (D, "COCO"), (X, "accuracy"), (X, "latency")])
    assert {(RelationType.MEASURED_BY, "COCO", "accuracy"), (RelationType.MEASURED_BY, "object detection", "accuracy"),
            (RelationType.MEASURED_BY, "COCO", "latency")} <= found
    assert (RelationType.MEASURED_BY, "object detection", "latency") in found  # a cost too


def test_a_method_named_for_a_task_addresses_it():
    text = "Study\nWe propose FooNet. K-means is a classic for clustering, and PCA helps regression."
    sentences = [(0, 5), (6, 24), (25, len(text))]

    def g(t, name, role=None):
        start = text.index(name)
        return EntityGroup(t, name, [], role, [(start, start + len(name), 1 if start < 25 else 2)])

    groups = [g(M, "FooNet", "proposed"), g(M, "K-means"), g(T, "clustering"), g(M, "PCA"), g(T, "regression")]
    found = {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, sentences, groups)}
    assert (RelationType.ADDRESSES, "K-means", "clustering") in found
    assert (RelationType.ADDRESSES, "PCA", "regression") not in found  # "helps" is no cue
    assert (RelationType.ADDRESSES, "FooNet", "clustering") in found  # the main method, as before


def _methods_in(text: str, sentences: list[tuple[int, int]], specs: list[tuple[str, str]]) -> list[EntityGroup]:
    """Method groups with a mention at every place their name occurs."""
    groups = []
    for name, role in specs:
        mentions = []
        for start in (i for i in range(len(text)) if text.startswith(name, i)):
            sentence = next(k for k, (a, b) in enumerate(sentences) if a <= start < b)
            mentions.append((start, start + len(name), sentence))
        groups.append(EntityGroup(M, name, [], role, mentions))
    return groups


def test_a_used_method_named_beside_the_main_one_without_a_trigger_is_a_component():
    text = "Study\nWe propose FooNet, made of ResNet50 trained with Adam. FooNet outperforms VGG. BERT is old."
    sentences = [(0, 5), (6, 60), (61, 84), (85, len(text))]
    groups = _methods_in(text, sentences, [("FooNet", "proposed"), ("ResNet50", "used"), ("Adam", "used"),
                                           ("VGG", "used"), ("BERT", "used")])
    found = {(r.type, groups[r.head].name, groups[r.tail].name): r for r in find_relations(text, sentences, groups)}
    assert (RelationType.USES, "FooNet", "ResNet50") in found and (RelationType.USES, "FooNet", "Adam") in found
    assert found[(RelationType.USES, "FooNet", "ResNet50")].sentence == 1  # the sentence naming both
    assert (RelationType.OUTPERFORMS, "FooNet", "VGG") in found
    assert (RelationType.USES, "FooNet", "VGG") not in found  # a trigger word said what it is
    assert not any(tail == "BERT" for _, _, tail in found)  # never named with the main method


def test_the_object_of_one_trigger_is_not_the_subject_of_the_next():
    text = "Study\nWe present TuluNet. TuluNet, which builds on Llama, surpasses Qwen and Mistral."
    sentences = [(0, 5), (6, 25), (26, len(text))]
    groups = _methods_in(text, sentences, [("TuluNet", "proposed"), ("Llama", "used"), ("Qwen", "used"),
                                           ("Mistral", "used")])
    found = {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, sentences, groups)}
    assert {(RelationType.BASED_ON, "TuluNet", "Llama"), (RelationType.OUTPERFORMS, "TuluNet", "Qwen"),
            (RelationType.OUTPERFORMS, "TuluNet", "Mistral")} <= found
    assert (RelationType.BASED_ON, "TuluNet", "Qwen") not in found  # "surpasses" starts another clause
    assert not any(head == "Llama" for _, head, _ in found)


def test_every_rival_listed_after_an_outperform_cue_is_beaten():
    text = "Study\nWe present TuluNet. TuluNet surpasses Qwen, Mistral, Gemma, Phi and Claude, using Adam, Lion, Sgd, Ada and Rms."
    sentences = [(0, 5), (6, 25), (26, len(text))]
    names = ["Qwen", "Mistral", "Gemma", "Phi", "Claude", "Adam", "Lion", "Sgd", "Ada", "Rms"]
    groups = _methods_in(text, sentences, [("TuluNet", "proposed")] + [(n, "used") for n in names])
    found = {(r.type, groups[r.head].name, groups[r.tail].name): r.confidence
             for r in find_relations(text, sentences, groups)}
    assert {(RelationType.OUTPERFORMS, "TuluNet", n) for n in names[:5]} <= found.keys()
    # Other trigger words keep to the first four names after them (the fifth is only named beside it).
    uses = {n: c for (t, _, n), c in found.items() if t is RelationType.USES}
    assert uses.keys() == set(names[5:]) and uses["Rms"] < min(uses[n] for n in names[5:9])


def _found_in(text, specs):
    groups = _groups_in(text, specs)
    return {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, [(0, len(text))], groups)}


def test_a_proposed_method_named_after_another_with_a_modifier_is_based_on_it():
    found = _found_in("We propose Asynchronous RLHF, which trains faster than RLHF did.",
                      [(M, "Asynchronous RLHF", "proposed"), (M, "RLHF", "used")])
    assert (RelationType.BASED_ON, "Asynchronous RLHF", "RLHF") in found
    assert (RelationType.USES, "Asynchronous RLHF", "RLHF") not in found
    found = _found_in("We propose Self-Training with Prototype Expansion, unlike Prototype Expansion.",
                      [(M, "Self-Training with Prototype Expansion", "proposed"), (M, "Prototype Expansion", "used")])
    assert (RelationType.BASED_ON, "Self-Training with Prototype Expansion", "Prototype Expansion") not in found


def test_a_description_naming_another_method_in_lower_case_is_based_on_it():
    found = _found_in("Chain-of-Thought helps. We propose ECHO, a self-harmonized chain-of-thought prompting method.",
                      [(M, "Chain-of-Thought", "used"), (M, "ECHO", "proposed")])
    assert (RelationType.BASED_ON, "ECHO", "Chain-of-Thought") in found
    found = _found_in("SimplE is strong. We propose TuckER, a relatively simple but powerful linear model.",
                      [(M, "SimplE", "used"), (M, "TuckER", "proposed")])
    assert (RelationType.BASED_ON, "TuckER", "SimplE") not in found


def test_a_preposition_inside_a_hyphenated_modifier_keeps_a_named_after_method_based_on():
    found = _found_in("We propose End-To-End Memory Networks, unlike Memory Networks.",
                      [(M, "End-To-End Memory Networks", "proposed"), (M, "Memory Networks", "used")])
    assert (RelationType.BASED_ON, "End-To-End Memory Networks", "Memory Networks") in found


def test_a_new_version_of_another_method_is_based_on_it_whatever_its_role():
    found = _found_in("We propose Orca. Mistral-7b-Instruct and Mistral-7b are strong baselines.",
                      [(M, "Orca", "proposed"), (M, "Mistral-7b-Instruct", "used"), (M, "Mistral-7b", "used")])
    assert (RelationType.BASED_ON, "Mistral-7b-Instruct", "Mistral-7b") in found
    found = _found_in("We propose Orca. BARE-generated data and BARE are compared.",
                      [(M, "Orca", "proposed"), (M, "BARE-generated", "used"), (M, "BARE", "used")])
    assert (RelationType.BASED_ON, "BARE-generated", "BARE") not in found


def test_the_method_named_right_before_outperform_is_its_subject_not_the_main_one():
    text = "We propose CD. We show that CD leads LLaMA-65B to outperform GPT-3.5 on HellaSwag."
    groups = [EntityGroup(M, "CD", [], "proposed", [(11, 13, 0), (28, 30, 1)])] + \
        [g for g in _groups_in(text, [(M, "LLaMA-65B", "used"), (M, "GPT-3.5", "used")])]
    groups = [groups[0]] + [EntityGroup(g.type, g.name, [], g.role, [(s, e, 1) for s, e, _ in g.mentions])
                            for g in groups[1:]]
    found = {(r.type, groups[r.head].name, groups[r.tail].name)
             for r in find_relations(text, [(0, 14), (15, len(text))], groups)}
    assert (RelationType.OUTPERFORMS, "LLaMA-65B", "GPT-3.5") in found
    assert (RelationType.OUTPERFORMS, "CD", "GPT-3.5") not in found
    assert (RelationType.USES, "CD", "GPT-3.5") not in found  # a rival is no part of the main method


def _two_sentence_groups(text, second, specs):
    return [EntityGroup(t, name, [], role, [(text.index(name), text.index(name) + len(name),
                                              int(text.index(name) >= second))])
            for t, name, role in specs]


def test_a_method_followed_by_an_achieving_verb_reports_the_number():
    text = "We propose XTRA. Moreover, unsupervised learning with SJE improves accuracy to 60.1% on AWA."
    second = text.index("Moreover")
    groups = _two_sentence_groups(text, second, [(M, "XTRA", "proposed"), (M, "SJE", "used"),
                                                 (D, "AWA", "used")])
    (result,) = find_results(text, [0, second], groups)
    assert groups[result.method].name == "SJE"


def test_numbers_listed_with_as_many_metrics_take_them_in_order():
    text = "FooNet outperforms 7 algorithms by at least 2.34% and 11.64% in terms of AUROC and FPR95."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "AUROC", None), (X, "FPR95", None)])
    found = {r.number.value: groups[r.metric].name for r in find_results(text, [0], groups)}
    assert found == {2.34: "AUROC", 11.64: "FPR95"}


def test_the_level_a_change_starts_from_is_not_the_proposed_methods_result():
    text = "FooNet improves one-shot accuracy on ImageNet from 87.6% to 93.2%."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "accuracy", None), (D, "ImageNet", "used")])
    found = {r.number.value: r.method for r in find_results(text, [0], groups)}
    assert found[87.6] is None and groups[found[93.2]].name == "FooNet"


def test_the_level_a_change_starts_from_belongs_to_the_rival_beaten_in_the_sentence():
    text = ("SAFE outperforms the state-of-the-art OOD detectors on all benchmarks, e.g. reducing the FPR95 "
            "from 48.3% to 17.7% on OpenImages.")
    groups = _groups_in(text, [(M, "SAFE", "proposed"), (M, "OOD detectors", "used"), (X, "FPR95", None),
                               (D, "OpenImages", "used")])
    found = {r.number.value: groups[r.method].name for r in find_results(text, [0], groups)}
    assert found == {48.3: "OOD detectors", 17.7: "SAFE"}


def test_a_used_method_that_reports_a_score_is_evaluated_on_the_datasets_and_addresses_the_tasks():
    found = _found_in("On RVL-CDIP for document classification, VGG-16 outperforms AlexNet.",
                      [(D, "RVL-CDIP", None), (T, "document classification", None), (M, "VGG-16", "used"),
                       (M, "AlexNet", "used")])
    assert {(RelationType.EVALUATED_ON, "VGG-16", "RVL-CDIP"),
            (RelationType.ADDRESSES, "VGG-16", "document classification")} <= found
    assert (RelationType.EVALUATED_ON, "AlexNet", "RVL-CDIP") not in found  # the one beaten
    found = _found_in("We propose FooNet; its BarHead achieves gains in document classification.",
                      [(M, "FooNet", "proposed"), (M, "BarHead", "proposed"), (T, "document classification", None)])
    assert (RelationType.ADDRESSES, "BarHead", "document classification") not in found  # a part of FooNet


def test_a_data_set_named_without_a_task_benchmarks_the_task_the_abstract_returns_to_most():
    text = "A Study\nWe study tagging. Parsing is hard. Parsing is slow. We test on PTB."
    sentences = [(0, 7), (8, 26), (26, 43), (43, 60), (60, len(text))]

    def g(t, name):
        mentions = []
        for start in (i for i in range(len(text)) if text.lower().startswith(name.lower(), i)):
            mentions.append((start, start + len(name), next(k for k, (a, b) in enumerate(sentences) if a <= start < b)))
        return EntityGroup(t, name, [], None, mentions)

    groups = [g(T, "tagging"), g(T, "Parsing"), g(D, "PTB")]
    found = {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, sentences, groups)}
    assert (RelationType.BENCHMARK_FOR, "PTB", "Parsing") in found
    assert (RelationType.BENCHMARK_FOR, "PTB", "tagging") not in found


def _found_in_sentences(text, specs):
    """Relations of `text` split at ". ", each group with its mentions (any case) in every sentence."""
    spans, start = [], 0
    for part in text.split(". "):
        spans.append((start, start + len(part)))
        start += len(part) + 2
    groups = []
    for t, name, role in specs:
        mentions = [(i, i + len(name), next(k for k, (a, b) in enumerate(spans) if a <= i < b))
                    for i in range(len(text)) if text.lower().startswith(name.lower(), i)]
        groups.append(EntityGroup(t, name, [], role, mentions))
    return {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, spans, groups)}


def test_without_a_proposed_or_title_method_the_most_named_method_is_evaluated_on_the_data_sets():
    specs = [(T, "text classification", None), (M, "fastText", "used"), (M, "word2vec", "used"), (D, "AG News", "used")]
    text = "We study text classification. FastText is fast. Unlike word2vec, fastText is small. We test on AG News"
    found = _found_in_sentences(text, specs)
    assert (RelationType.EVALUATED_ON, "fastText", "AG News") in found
    assert (RelationType.EVALUATED_ON, "word2vec", "AG News") not in found
    assert (RelationType.ADDRESSES, "fastText", "text classification") not in found  # tasks take three sentences
    found = _found_in_sentences(text + ". FastText is simple", specs)
    assert (RelationType.ADDRESSES, "fastText", "text classification") in found
    found = _found_in_sentences("We study text classification. Unlike word2vec, fastText is small. We test on AG News",
                                specs)
    assert not any(r[0] is RelationType.EVALUATED_ON for r in found)  # no method named twice


def test_a_gain_over_or_a_comparison_with_a_method_is_an_outperform_cue():
    found = _found_in("FooNet gives a gain of 5% on average over YOLO.",
                      [(M, "FooNet", "proposed"), (M, "YOLO", "used")])
    assert (RelationType.OUTPERFORMS, "FooNet", "YOLO") in found
    found = _found_in("Muon achieves 2x efficiency compared to AdamW.", [(M, "Muon", "proposed"), (M, "AdamW", "used")])
    assert (RelationType.OUTPERFORMS, "Muon", "AdamW") in found
    found = _found_in("FooNet improves robustness to over-fitting with dropout.",
                      [(M, "FooNet", "proposed"), (M, "dropout", "used")])
    assert (RelationType.OUTPERFORMS, "FooNet", "dropout") not in found


def test_a_used_method_named_where_a_sentence_opens_with_our_method_is_a_part_of_the_main_one():
    specs = [(M, "FooNet", "proposed"), (M, "k-means", "used"), (T, "detection", None)]
    found = _found_in_sentences("We propose FooNet for detection. Our method clusters with k-means", specs)
    assert (RelationType.USES, "FooNet", "k-means") in found
    found = _found_in_sentences("We propose FooNet for detection. Prior work clusters with k-means", specs)
    assert (RelationType.USES, "FooNet", "k-means") not in found


def test_the_only_data_set_is_measured_by_a_metric_named_away_from_it():
    specs = [(M, "FooNet", "proposed"), (D, "Criteo", "used"), (X, "AUC", None)]
    found = _found_in_sentences("We test FooNet on Criteo. It improves AUC by 2.5%", specs)
    assert (RelationType.MEASURED_BY, "Criteo", "AUC") in found
    found = _found_in_sentences("We test FooNet on Criteo and Avazu. It improves AUC by 2.5%",
                                specs + [(D, "Avazu", "used")])
    assert (RelationType.MEASURED_BY, "Criteo", "AUC") not in found  # which of the two is not said


def test_the_only_data_set_is_not_measured_by_a_metric_named_away_from_it_without_a_number():
    specs = [(M, "FooNet", "proposed"), (D, "Criteo", "used"), (X, "AUC", None)]
    found = _found_in_sentences("We test FooNet on Criteo. Prior work struggles to improve AUC", specs)
    assert (RelationType.MEASURED_BY, "Criteo", "AUC") not in found


def test_another_coined_name_the_paper_proposes_addresses_the_tasks_named_beside_it():
    specs = [(M, "GistScore", "proposed"), (M, "Example Gisting", "proposed"), (M, "label smoothing", "proposed"),
             (T, "example selection", None)]
    found = _found_in_sentences("We propose GistScore. Example Gisting helps example selection. "
                                "We apply label smoothing to example selection", specs)
    assert (RelationType.ADDRESSES, "Example Gisting", "example selection") in found
    assert (RelationType.ADDRESSES, "label smoothing", "example selection") not in found  # a described part
    found = _found_in_sentences("We propose GistScore. MTEB scores of Example Gisting are high",
                                specs[:2] + [(D, "MTEB", "used")])
    assert (RelationType.EVALUATED_ON, "Example Gisting", "MTEB") in found


def test_no_relation_joins_a_method_and_another_name_written_for_it():
    found = _found_in("We introduce Repeated Sampling of Random Subsets (RSRS or RS2), based on RS2 ideas.",
                      [(M, "Repeated Sampling of Random Subsets", "proposed"), (M, "RS2", "proposed")])
    assert not [r for r in found if r[0] in (RelationType.BASED_ON, RelationType.USES)]
    found = _found_in("We introduce FooNet, based on ResNet.", [(M, "FooNet", "proposed"), (M, "ResNet", "used")])
    assert (RelationType.BASED_ON, "FooNet", "ResNet") in found


def test_a_proposed_method_described_as_a_kind_of_another_is_based_on_it():
    found = _found_in("We present Vid2Act, a model-based RL method for transfer.",
                      [(M, "Vid2Act", "proposed"), (M, "model-based RL method", "used")])
    assert (RelationType.BASED_ON, "Vid2Act", "model-based RL method") in found
    assert (RelationType.USES, "Vid2Act", "model-based RL method") not in found
    found = _found_in("We propose a novel fine-tuning strategy called Prereq-Tune.",
                      [(M, "Prereq-Tune", "proposed"), (M, "fine-tuning", "used")])
    assert (RelationType.BASED_ON, "Prereq-Tune", "fine-tuning") in found
    found = _found_in("We developed DiffClone, a cloning agent improved using conditional diffusion.",
                      [(M, "DiffClone", "proposed"), (M, "conditional diffusion", "used")])
    assert (RelationType.BASED_ON, "DiffClone", "conditional diffusion") not in found  # a part, not its kind


def test_a_proposed_method_named_as_a_version_of_another_is_based_on_it():
    for name, other in (("CornerNet-Lite", "CornerNet"), ("FlowNet 2.0", "FlowNet"), ("LeakGAN", "GAN")):
        found = _found_in(f"We propose {name}, which uses {other} inside.",
                          [(M, name, "proposed"), (M, other, "used")])
        assert (RelationType.BASED_ON, name, other) in found
        assert (RelationType.USES, name, other) not in found
    found = _found_in("We propose Meta Chain-of-Thought, which uses Meta Chain-of-Though inside.",
                      [(M, "Meta Chain-of-Thought", "proposed"), (M, "Meta Chain-of-Though", "used")])
    assert (RelationType.BASED_ON, "Meta Chain-of-Thought", "Meta Chain-of-Though") not in found  # a cut name


def test_the_main_method_uses_a_part_named_after_a_verb_of_creation_with_we():
    specs = [(M, "FractalNet", "proposed"), (M, "drop-path", "used"), (M, "dropout", "used")]
    found = _found_in_sentences("We propose FractalNet. We note similarities with student-teacher behavior and "
                                "develop drop-path. Others compared dropout", specs)
    assert (RelationType.USES, "FractalNet", "drop-path") in found
    assert (RelationType.USES, "FractalNet", "dropout") not in found
    found = _found_in_sentences("We propose FractalNet. Others develop drop-path", specs[:2])
    assert (RelationType.USES, "FractalNet", "drop-path") not in found  # not the paper's own part


def test_a_method_in_the_title_description_after_the_name_and_colon_is_its_basis():
    text = "V-Net: Fully Convolutional Neural Networks for Segmentation\nWe propose V-Net. V-Net uses Dice loss"
    specs = [(M, "V-Net", "proposed"), (M, "Fully Convolutional Neural Networks", "used"), (M, "Dice loss", "used")]
    groups = _groups_in(text, specs)
    title_end = text.index("\n")
    groups = [EntityGroup(g.type, g.name, [], g.role, [(s, e, 0 if s < title_end else 1) for s, e, _ in g.mentions])
              for g in groups]
    found = {(r.type, groups[r.head].name, groups[r.tail].name)
             for r in find_relations(text, [(0, title_end), (title_end + 1, len(text))], groups)}
    assert (RelationType.BASED_ON, "V-Net", "Fully Convolutional Neural Networks") in found
    assert (RelationType.USES, "V-Net", "Fully Convolutional Neural Networks") not in found
    assert (RelationType.BASED_ON, "V-Net", "Dice loss") not in found


def test_a_method_set_beside_another_as_its_extension_is_based_on_it():
    found = _found_in("We propose FractalNet and develop drop-path, a natural extension of dropout, for training.",
                      [(M, "FractalNet", "proposed"), (M, "drop-path", "used"), (M, "dropout", "used")])
    assert (RelationType.BASED_ON, "drop-path", "dropout") in found
    found = _found_in("This paper describes InfoModel, an information-theoretic extension to the Boltzmann machine.",
                      [(M, "InfoModel", "proposed"), (M, "Boltzmann machine", "used")])
    assert (RelationType.BASED_ON, "InfoModel", "Boltzmann machine") in found
    assert (RelationType.USES, "InfoModel", "Boltzmann machine") not in found


def test_a_comparative_before_than_is_an_outperform_cue():
    for comparative in ("much simpler and 96% smaller", "80% longer", "more efficient"):
        found = _found_in(f"Our SPyNet is {comparative} than FlowNet in terms of parameters.",
                          [(M, "SPyNet", "proposed"), (M, "FlowNet", "used")])
        assert (RelationType.OUTPERFORMS, "SPyNet", "FlowNet") in found


def test_the_task_named_in_the_most_sentences_is_measured_by_the_metrics():
    specs = [(T, "image retrieval", None), (T, "person re-identification", None), (X, "rank-1 accuracy", None)]
    found = _found_in_sentences("We study image retrieval. Person re-identification is hard. "
                                "Person re-identification needs care. We report rank-1 accuracy", specs)
    assert (RelationType.MEASURED_BY, "image retrieval", "rank-1 accuracy") in found
    assert (RelationType.MEASURED_BY, "person re-identification", "rank-1 accuracy") in found


def test_a_used_method_that_has_been_applied_addresses_the_tasks_of_its_sentence():
    specs = [(M, "FooNet", "proposed"), (M, "Deep convolutional neural networks", "used"),
             (T, "image classification", None), (T, "depth estimation", None)]
    found = _found_in_sentences("We propose FooNet for depth estimation. Deep convolutional neural networks (DCNNs) "
                                "have shown remarkable performance in image classification", specs)
    assert (RelationType.ADDRESSES, "Deep convolutional neural networks", "image classification") in found
    found = _found_in_sentences("We propose FooNet for depth estimation. Unlike image classification, "
                                "Deep convolutional neural networks are big", specs)
    assert (RelationType.ADDRESSES, "Deep convolutional neural networks", "image classification") not in found


def test_numbers_followed_by_respectively_take_the_data_sets_listed_before_them_in_order():
    text = ("On three datasets, Market-1501, CUHK03 and DukeMTMC-reID, FooNet obtains +4.37%, +1.6% and "
            "+2.46% improvement in rank-1 precision over the baseline, respectively.")
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (D, "Market-1501", None), (D, "CUHK03", None),
                               (D, "DukeMTMC-reID", None), (X, "rank-1 precision", None)])
    found = {r.number.value: groups[r.dataset].name for r in find_results(text, [0], groups)}
    assert found == {4.37: "Market-1501", 1.6: "CUHK03", 2.46: "DukeMTMC-reID"}


def test_a_bare_number_listed_after_a_reported_one_is_a_result_too():
    text = "FooNet achieves a word level perplexity of 55.6 on the Penn Treebank and 63.5 on the WikiText-2 datasets."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "word level perplexity", None),
                               (D, "Penn Treebank", None), (D, "WikiText-2", None)])
    found = {r.number.value: groups[r.dataset].name for r in find_results(text, [0], groups)}
    assert found == {55.6: "Penn Treebank", 63.5: "WikiText-2"}
    # Without a measure for the first number, the second stays a plain number ("10x larger models, and 10 Hz").
    text = "FooNet enables scaling to 10x larger models, and 10 Hz inference on a real robot."
    assert [r.number.value for r in find_results(text, [0], _groups_in(text, [(M, "FooNet", "proposed")]))] == [10.0]


def test_a_bare_level_a_change_starts_from_is_not_the_proposed_methods_result():
    text = "FooNet improves the perplexity on ImageNet from 3.83 to 3.77."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "perplexity", None), (D, "ImageNet", "used")])
    found = {r.number.value: r.method for r in find_results(text, [0], groups)}
    assert found[3.83] is None and groups[found[3.77]].name == "FooNet"


def test_a_bare_number_after_by_is_the_amount_of_a_change():
    text = "FooNet achieves 41.6 mAP on COCO test-dev set which surpasses the state-of-the-art method, Focal Loss, by 0.8."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "mAP", None), (D, "COCO", None)])
    assert sorted(r.number.value for r in find_results(text, [0], groups)) == [0.8, 41.6]


def test_a_level_named_as_the_previous_best_is_not_the_proposed_methods_result():
    text = "FooNet achieves an IS of 166.5, improving over the previous best IS of 52.52 on ImageNet."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "IS", None), (D, "ImageNet", "used")])
    found = {r.number.value: r.method for r in find_results(text, [0], groups)}
    assert groups[found[166.5]].name == "FooNet" and found[52.52] is None


def test_numbers_on_these_datasets_take_the_data_sets_of_the_sentence_before_in_order():
    text = "FooNet is tested on Penn Treebank and WikiText-2. It reaches a perplexity of 53.8 and 60.5 on these datasets."
    second = text.index("It reaches")
    groups = _two_sentence_groups(text, second, [(M, "FooNet", "proposed"), (D, "Penn Treebank", None),
                                                 (D, "WikiText-2", None), (X, "perplexity", None)])
    found = {r.number.value: groups[r.dataset].name for r in find_results(text, [0, second], groups)}
    assert found == {53.8: "Penn Treebank", 60.5: "WikiText-2"}


def test_a_used_method_subject_of_a_present_perfect_verb_addresses_the_tasks_of_its_sentence():
    specs = [(M, "FooNet", "proposed"), (M, "Recurrent neural networks", "used"), (T, "language modeling", None),
             (T, "depth estimation", None)]
    found = _found_in_sentences("We propose FooNet for depth estimation. Recurrent neural networks have been very "
                                "successful at predicting words in tasks such as language modeling", specs)
    assert (RelationType.ADDRESSES, "Recurrent neural networks", "language modeling") in found


def test_a_method_followed_by_in_and_a_task_addresses_it():
    specs = [(M, "FooNet", "proposed"), (M, "deep convolutional neural networks", "used"),
             (T, "single image super-resolution", None), (T, "depth estimation", None)]
    found = _found_in_sentences("We propose FooNet for depth estimation. We saw the success of deep convolutional "
                                "neural networks (CNNs) in single image super-resolution", specs)
    assert (RelationType.ADDRESSES, "deep convolutional neural networks", "single image super-resolution") in found


def test_a_rival_read_as_proposed_after_an_outperform_cue_is_still_beaten():
    found = _found_in("We present a new agent, called Reactor, with higher sample-efficiency than Categorical DQN.",
                      [(M, "Reactor", "proposed"), (M, "Categorical DQN", "proposed")])
    assert (RelationType.OUTPERFORMS, "Reactor", "Categorical DQN") in found


def test_another_proposed_method_that_reports_a_score_is_evaluated_on_the_data_sets_of_its_sentence():
    found = _found_in_sentences("We propose FooNet. On COCO, its part barnet achieves 40.1 AP",
                                [(M, "FooNet", "proposed"), (M, "barnet", "proposed"), (D, "COCO", "used")])
    assert (RelationType.EVALUATED_ON, "barnet", "COCO") in found


def test_a_method_a_number_is_given_for_is_evaluated_on_the_data_sets_of_its_sentence():
    found = _found_in_sentences("We propose FooNet. On Market-1501, accuracy rises from 73.8% to 82.3% for ResNet-50",
                                [(M, "FooNet", "proposed"), (M, "ResNet-50", "used"), (D, "Market-1501", "used")])
    assert (RelationType.EVALUATED_ON, "ResNet-50", "Market-1501") in found
    found = _found_in_sentences("We propose FooNet. On CIFAR-100 without the need for ResNet-50 it is good",
                                [(M, "FooNet", "proposed"), (M, "ResNet-50", "used"), (D, "CIFAR-100", "used")])
    assert (RelationType.EVALUATED_ON, "ResNet-50", "CIFAR-100") not in found


def test_fewer_or_lower_before_than_is_an_outperform_cue():
    for comparative in ("needs 80x fewer tokens", "has a lower error rate"):
        found = _found_in(f"Our SPyNet {comparative} than FlowNet.", [(M, "SPyNet", "proposed"), (M, "FlowNet", "used")])
        assert (RelationType.OUTPERFORMS, "SPyNet", "FlowNet") in found


def test_a_used_method_named_after_a_comparison_word_is_no_part_of_the_main_one():
    specs = [(M, "FooNet", "proposed"), (M, "LoRA", "used"), (T, "detection", None)]
    found = _found_in_sentences("We propose FooNet for detection. FooNet achieves comparable performance to LoRA", specs)
    assert (RelationType.USES, "FooNet", "LoRA") not in found
    found = _found_in_sentences("We propose FooNet for detection. FooNet is trained with LoRA", specs)
    assert (RelationType.USES, "FooNet", "LoRA") in found


def test_a_method_the_paper_only_uses_does_not_use_the_one_it_proposes():
    found = _found_in("Unlike the original GAN that uses a single noise vector, our SGAN uses a stack of GANs.",
                      [(M, "SGAN", "proposed"), (M, "GAN", "used"), (M, "noise vector", "used")])
    assert (RelationType.USES, "GAN", "SGAN") not in found
    assert (RelationType.USES, "GAN", "noise vector") in found


def test_numbers_belong_to_the_method_that_opens_their_sentence():
    text = ("We propose FooNet. Ensembling on language modeling yields improvements of up to 11.22 perplexity "
            "over the baseline.")
    second = text.index("Ensembling")
    groups = _two_sentence_groups(text, second, [(M, "FooNet", "proposed"), (M, "Ensembling", "used"),
                                                 (X, "perplexity", None)])
    (result,) = find_results(text, [0, second], groups)
    assert groups[result.method].name == "Ensembling"
    # Not across a colon: another clause, with its own subject.
    text = "Post-training enhancements are cheap: fine-tuning costs are typically 1% of the training cost."
    groups = _groups_in(text, [(M, "Post-training enhancements", "used"), (M, "fine-tuning", "used"),
                               (X, "training cost", None)])
    (result,) = find_results(text, [0], groups)
    assert groups[result.method].name == "fine-tuning"


def test_levels_of_a_change_named_right_after_a_data_set_are_measured_on_it():
    text = "FooNet improves accuracy on ImageNet from 87.6% to 93.2% and from 88.0% to 93.8% on Omniglot."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "accuracy", None), (D, "ImageNet", None),
                               (D, "Omniglot", None)])
    found = {r.number.value: groups[r.dataset].name for r in find_results(text, [0], groups)}
    assert found == {87.6: "ImageNet", 93.2: "ImageNet", 88.0: "Omniglot", 93.8: "Omniglot"}
    # With a comma between, the data set after the levels is theirs.
    text = "FooNet lowers perplexity on enwiki8, from 20.5 to 18.3 on text8."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "perplexity", None), (D, "enwiki8", None),
                               (D, "text8", None)])
    found = {r.number.value: groups[r.dataset].name for r in find_results(text, [0], groups)}
    assert found == {20.5: "text8", 18.3: "text8"}


def test_a_method_we_adopt_or_exploit_is_used_by_the_main_one():
    for verb in ("adopt", "exploit"):
        found = _found_in_sentences(f"We propose FooNet for detection. In this work, we {verb} the ResNet backbone",
                                    [(M, "FooNet", "proposed"), (M, "ResNet", "used"), (T, "detection", None)])
        assert (RelationType.USES, "FooNet", "ResNet") in found


def test_a_method_something_is_trained_or_learned_with_is_used():
    for verb in ("trained with", "learned with", "coupled with"):
        found = _found_in_sentences(f"We propose FooNet for detection. The features are {verb} dropout",
                                    [(M, "FooNet", "proposed"), (M, "dropout", "used"), (T, "detection", None)])
        assert (RelationType.USES, "FooNet", "dropout") in found


def test_a_metric_named_with_the_change_is_the_numbers_metric_though_another_is_nearer():
    text = "FooNet is 30 times smaller in the model size and 1.36 times faster in the running speed."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "model size", None), (X, "running speed", None)])
    found = {r.number.value: groups[r.metric].name for r in find_results(text, [0], groups)}
    assert found == {30.0: "model size", 1.36: "running speed"}
    text = "FooNet improves the efficiency of CornerNet by 6.0x and the AP by 1.0% on COCO."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (M, "CornerNet", None), (X, "efficiency", None),
                               (X, "AP", None), (D, "COCO", None)])
    found = {r.number.value: groups[r.metric].name for r in find_results(text, [0], groups)}
    assert found == {6.0: "efficiency", 1.0: "AP"}


def test_a_bare_number_near_the_end_of_a_long_metric_name_is_a_result():
    text = "FooNet improves the best published negative log-likelihood on ImageNet from 3.83 to 3.77."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "negative log-likelihood", None),
                               (D, "ImageNet", "used")])
    found = {r.number.value: groups[r.metric].name for r in find_results(text, [0], groups)}
    assert found == {3.83: "negative log-likelihood", 3.77: "negative log-likelihood"}


def test_methods_after_with_following_based_on_are_used_parts():
    found = _found_in("We propose FooNet. Our detector is based on Faster-RCNN with a ResNet-101 backbone.",
                      [(M, "FooNet", "proposed"), (M, "Faster-RCNN", "used"), (M, "ResNet-101", "used")])
    assert (RelationType.BASED_ON, "FooNet", "Faster-RCNN") in found
    assert (RelationType.USES, "FooNet", "ResNet-101") in found
    assert (RelationType.BASED_ON, "FooNet", "ResNet-101") not in found


def test_a_method_that_can_be_plugged_into_others_is_used_by_them():
    found = _found_in("The proposed FooNet block can be plugged into backbone models, e.g., ResNet and DLA.",
                      [(M, "FooNet", "proposed"), (M, "ResNet", "used"), (M, "DLA", "used")])
    assert (RelationType.USES, "ResNet", "FooNet") in found
    assert (RelationType.USES, "FooNet", "ResNet") not in found


def test_a_method_that_enhances_a_quality_of_another_is_based_on_it():
    found = _found_in("We propose a novel method called FooNet, which significantly enhances the OOD performance of WiSE-FT.",
                      [(M, "FooNet", "proposed"), (M, "WiSE-FT", "used")])
    assert (RelationType.BASED_ON, "FooNet", "WiSE-FT") in found


def test_an_implementation_based_on_a_method_uses_it():
    found = _found_in("We propose FooNet. The full implementation (based on Caffe) is available.",
                      [(M, "FooNet", "proposed"), (M, "Caffe", "used")])
    assert (RelationType.USES, "FooNet", "Caffe") in found
    assert (RelationType.BASED_ON, "FooNet", "Caffe") not in found


def test_the_level_a_change_starts_from_belongs_to_the_method_named_after_the_change():
    text = "With FooNet, rank-1 accuracy is improved from 55.3% to 80.5% for BarNet, and from 73.8% to 82.3% for BazNet."
    groups = _groups_in(text, [(M, "FooNet", "proposed"), (X, "rank-1 accuracy", None), (M, "BarNet", "used"),
                               (M, "BazNet", "used")])
    found = {r.number.value: r.method for r in find_results(text, [0], groups)}
    assert groups[found[55.3]].name == "BarNet" and groups[found[73.8]].name == "BazNet"


def test_a_number_we_report_with_a_method_we_use_belongs_to_that_method():
    text = "We propose FooNet. We report improved results using a BarNet on CIFAR-10 (4.62% error)."
    second = text.index("We report")

    def at(t, name, role):
        start = text.index(name)
        return EntityGroup(t, name, [], role, [(start, start + len(name), int(start >= second))])

    groups = [at(M, "FooNet", "proposed"), at(M, "BarNet", "used"), at(D, "CIFAR-10", "used"), at(X, "error", None)]
    (result,) = find_results(text, [0, second], groups)
    assert groups[result.method].name == "BarNet"
    # "Our method ... using VGG-16": "our" names the paper's own method.
    text = "We propose FooNet. Our method takes only 2.0% error using a BarNet."
    second = text.index("Our method")
    groups = [at(M, "FooNet", "proposed"), at(M, "BarNet", "used"), at(X, "error", None)]
    (result,) = find_results(text, [0, second], groups)
    assert groups[result.method].name == "FooNet"


def _measured_across(title: str, sentences: list[str], typed_names: list[tuple[EntityType, str, int]]) -> set:
    """Relations among one-mention groups of a title and sentences; each name is given with its sentence."""
    text = "\n".join([title, " ".join(sentences)])
    spans, start = [(0, len(title))], len(title) + 1
    for s in sentences:
        spans.append((start, start + len(s)))
        start += len(s) + 1
    groups = []
    for t, name, i in typed_names:
        at = text.index(name, spans[i][0])
        groups.append(EntityGroup(t, name, [], None, [(at, at + len(name), i)]))
    return {(r.type, groups[r.head].name, groups[r.tail].name) for r in find_relations(text, spans, groups)}


def test_a_metric_named_after_an_activity_measures_the_task_of_that_activity_named_elsewhere():
    found = _measured_across("Face Models", ["We study face recognition.", "It helps face verification too.",
                                             "The face verification accuracy rises to 99%."],
                             [(T, "face recognition", 1), (T, "face verification", 2),
                              (X, "face verification accuracy", 3)])
    assert (RelationType.MEASURED_BY, "face verification", "face verification accuracy") in found
    assert (RelationType.MEASURED_BY, "face recognition", "face verification accuracy") in found  # the paper's task
