import pytest
import spacy
from kg.extract.abbreviations import find_abbreviations
from kg.extract.entities import Candidate, clean_span, group_mentions, model_shaped, sentence_of
from kg.extract.lexicon import (Lexicon, is_generic, looks_like_name, parse_lexicon, strip_determiners,
                                type_from_head)
from kg.model import EntityType

M, D, T, X = EntityType.METHOD, EntityType.DATASET, EntityType.TASK, EntityType.METRIC


def span(text, surface, label, source="ner", nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Candidate(start, start + len(surface), label, source)


def groups_of(text, cands, title_end=0):
    starts = [0] + [i + 2 for i in range(len(text)) if text.startswith(". ", i)]
    return group_mentions(text, starts, cands, find_abbreviations(text), Lexicon(), title_end=title_end)


def test_clean_span_strips_determiners_and_punctuation():
    text = "the proposed multigrid method, which"
    start, end = clean_span(text, 0, len("the proposed multigrid method,"))
    assert text[start:end] == "multigrid method"


def test_generic_phrases():
    assert is_generic("our method") and is_generic("existing approaches") and is_generic("the model")
    assert not is_generic("supervised autoencoder") and not is_generic("kNN distance")
    assert not is_generic("training efficiency") and is_generic("efficiency")  # a measure, like "computational efficiency"


def test_type_from_head():
    assert type_from_head("out-of-distribution detection") is T
    assert type_from_head("top-1 accuracy") is X
    assert type_from_head("training FLOPs") is X and type_from_head("Bayesian regret") is X
    assert type_from_head("ImageNet benchmark") is D
    assert type_from_head("graph convolutional network") is M
    assert type_from_head("blue") is None


def test_name_shapes():
    for name in ("ResNet-50", "CIFAR-10", "GPT-4", "LLaMA-2-7B", "SlowFast", "I3D", "BERTScore"):
        assert looks_like_name(name), name
    for word in ("The", "word", "2024"):
        assert not looks_like_name(word), word


def test_acronym_grouped_with_long_form():
    text = "We propose Energy Margin Scoring (EMS). EMS beats the softmax score."
    groups = groups_of(text, [span(text, "Energy Margin Scoring", M), span(text, "EMS", M, nth=1)])
    (group,) = [g for g in groups if g.name == "Energy Margin Scoring"]
    assert group.aliases == ["EMS"] and group.role == "proposed" and len(group.mentions) == 3


def test_a_proposal_verb_in_any_form_proposes_the_name_after_it():
    for sentence in ("This paper bridges the gap by introducing a new framework SALT.",
                     "We are proposing SALT.", "We curated SALT."):
        groups = groups_of(sentence, [span(sentence, "SALT", M)])
        assert [g.role for g in groups] == ["proposed"], sentence
    sentence = "SALT was used."
    assert [g.role for g in groups_of(sentence, [span(sentence, "SALT", M)])] == ["used"]


def test_same_name_and_versions_grouped_once():
    text = "Results on Kinetics-400. Kinetics is large. kinetics-400 again."
    groups = groups_of(text, [span(text, "Kinetics-400", D), span(text, "Kinetics", D, nth=1),
                              span(text, "kinetics-400", D)])
    assert len(groups) == 1
    assert groups[0].name in ("Kinetics-400", "kinetics-400") and "Kinetics" in groups[0].aliases


def test_a_numbered_model_is_apart_from_its_bare_name():
    text = "We present FlowNet 2.0. It beats FlowNet by far."
    groups = groups_of(text, [span(text, "FlowNet 2.0", M), span(text, "FlowNet", M, nth=1)])
    assert sorted(g.name for g in groups) == ["FlowNet", "FlowNet 2.0"]


def test_a_hyphenated_modifier_makes_a_kind_of_its_own():
    text = "Facial expression recognition is hard. We study video-based facial expression recognition here."
    groups = groups_of(text, [span(text, "Facial expression recognition", T),
                              span(text, "video-based facial expression recognition", T)])
    assert len(groups) == 2
    text = "It uses attention. We add a gated attention mechanism here."
    groups = groups_of(text, [span(text, "attention", M), span(text, "gated attention mechanism", M)])
    assert len(groups) == 1


def test_acronym_of_non_entity_is_not_an_entity():
    text = "Detecting out-of-distribution (OOD) inputs matters. OOD inputs are rare."
    groups = groups_of(text, [span(text, "OOD", M, source="pattern", nth=1)])
    assert groups == []


def test_used_role_and_type_votes():
    text = "We evaluate on CIFAR-10 with ResNet-50."
    groups = groups_of(text, [span(text, "CIFAR-10", D), span(text, "ResNet-50", M)])
    assert {(g.name, g.type, g.role) for g in groups} == {("CIFAR-10", D, "used"), ("ResNet-50", M, "used")}


def test_sentence_of():
    assert [sentence_of(i, [0, 10, 20]) for i in (0, 9, 10, 25)] == [0, 0, 1, 2]


def test_parse_lexicon_reports_bad_lines():
    lexicon = parse_lexicon("# c\nMethod\tBERT\tbert-base|BERT-large\nDataset\tMNIST\n")
    assert lexicon.lookup("bert base") == {M: "BERT"} and lexicon.lookup("mnist") == {D: "MNIST"}
    try:
        parse_lexicon("Gadget\tX\n", "x.tsv")
    except ValueError as err:
        assert "x.tsv:1" in str(err)
    else:
        raise AssertionError("bad type accepted")


def test_names_listed_after_a_cue_are_datasets():
    text = "We test on benchmarks such as MNIST, PACS and DomainNet."
    groups = groups_of(text, [span(text, "MNIST", D), span(text, "PACS", M), span(text, "DomainNet", M)])
    assert {g.name: g.type for g in groups} == {"MNIST": D, "PACS": D, "DomainNet": D}


def test_repeated_mentions_are_found_in_any_case():
    text = "Multigrid Method\nWe show that the proposed multigrid method trains faster."
    groups = groups_of(text, [span(text, "Multigrid Method", M)], title_end=text.index("\n"))
    (group,) = groups
    assert len(group.mentions) == 2 and group.name == "multigrid method" and group.role == "proposed"


def test_title_coined_name_keeps_its_type():
    from kg.extract.components import title_name_candidates

    text = "MOS: Towards Scaling Detection\nMOS lowers FPR95. MOS is fast. MOS wins."
    cands = title_name_candidates(text) + [span(text, "MOS", X, nth=i) for i in (1, 2, 3)]
    groups = groups_of(text, cands, title_end=text.index("\n"))
    (mos,) = [g for g in groups if g.name == "MOS"]
    assert mos.type is M and mos.role == "proposed"
    (tofu,) = title_name_candidates("TOFU: A Benchmark of Fictitious Unlearning\nabc")
    assert tofu.label is D and title_name_candidates("No colon in this title\nabc") == []
    (metacoco,) = title_name_candidates("MetaCoCo: A New Few-Shot Classification Benchmark with Spurious Links\na")
    assert metacoco.label is D
    # A data-set word after the title's first preposition names what the method serves, not the name.
    (gio,) = title_name_candidates("GIO: Gradient Information Optimization for Training Dataset Selection\na")
    assert gio.label is M
    # A Title Case name before the colon is a name too, a Task when its head word names a problem;
    # a catchphrase is none.
    (stock,) = title_name_candidates("Model Stock: All we need is just a few fine-tuned models\na")
    (fsl,) = title_name_candidates("Transductive Few-Shot Learning: Clustering is All You Need?\na")
    assert (stock.label, fsl.label) == (M, T)
    assert title_name_candidates("Know Your Limits: Uncertainty Estimation Fails\na") == []
    assert title_name_candidates("Robustness: A Study\na") == []


def test_generic_head_after_a_coined_name_is_dropped():
    text = "the WikiZoo dataset and the S4 model, but not the graph convolutional model; the QWeb agent"
    for surface, expected in (("WikiZoo dataset", "WikiZoo"), ("S4 model", "S4"), ("QWeb agent", "QWeb"),
                              ("graph convolutional model", "graph convolutional model")):
        start = text.index(surface)
        s, e = clean_span(text, start, start + len(surface))
        assert text[s:e] == expected


def test_title_means_after_via_is_a_method_and_the_end_before_it_a_task():
    text = ("Detection via Whitened Discriminant Analysis\n"
            "We study it for out-of-distribution detection.")
    # The recogniser's vote (Task) is outweighed by the title's "via": the means is a Method.
    cands = [span(text, "Whitened Discriminant Analysis", T), span(text, "Detection", T)]
    groups = {g.name.lower(): g.type for g in groups_of(text, cands, title_end=text.index("\n"))}
    assert groups["whitened discriminant analysis"] is M
    assert groups["detection"] is T
    text = "Self-Training with Dynamic Prototype Expansion\nWe adapt models at test time."
    cands = [span(text, "Dynamic Prototype Expansion", T)]
    groups = {g.name: g.type for g in groups_of(text, cands, title_end=text.index("\n"))}
    assert groups == {"Dynamic Prototype Expansion": M}  # "with" in a title names a means too
    text = "A Multigrid Method for Efficiently Training Video Models\nWe train faster."
    cands = [span(text, "Training Video Models", M)]  # the recogniser's vote and the head say Method
    groups = {g.name: g.type for g in groups_of(text, cands, title_end=text.index("\n"))}
    assert groups == {"Training Video Models": T}  # an activity after "for" in a title: the purpose


def test_broad_model_classes_are_not_entities():
    from kg.extract.lexicon import is_generic_class

    for phrase in ("deep neural network architectures", "generative models", "the convolutional approach",
                   "end-to-end trainable framework", "deep classifiers", "simple classifiers"):
        assert is_generic_class(phrase), phrase
    for phrase in ("convolutional neural network", "supervised autoencoder", "generative adversarial network",
                   "model", "graph convolutional model", "linear classifier", "graph neural networks"):
        assert not is_generic_class(phrase), phrase


def test_recognised_span_beats_a_lexicon_word_inside_it():
    text = "We use multi-headed self-attention in every layer."
    cands = [span(text, "multi-headed self-attention", M), span(text, "self-attention", M, source="lexicon")]
    # the lexicon alone would outvote the recogniser (0.9 vs 0.8); the longer span takes its support
    assert [g.name for g in groups_of(text, cands)] == ["multi-headed self-attention"]


def test_plain_short_form_joins_the_one_name_it_ends():
    text = "We report classification accuracy. The accuracy grows, and so does top-1 accuracy of LSTM."
    cands = [span(text, "classification accuracy", X), span(text, "accuracy", X, nth=1)]
    (group,) = groups_of(text, cands)
    assert group.name == "classification accuracy" and "accuracy" in group.aliases
    text = "Evaluation of Unlearning\nWe study unlearning."
    cands = [span(text, "Evaluation of Unlearning", T), span(text, "unlearning", T, nth=0)]
    assert len(groups_of(text, cands, title_end=text.index("\n"))) == 2


def test_a_title_that_opens_with_a_method_name_proposes_it():
    text = "Recurrent Relational Networks\nWe evaluate Recurrent Relational Networks on BaBi."
    cands = [span(text, "Recurrent Relational Networks", M)]
    (group,) = groups_of(text, cands, title_end=text.index("\n"))
    assert group.role == "proposed"
    text = "Learning with Recurrent Networks for Parsing\nWe train Recurrent Networks."
    (group,) = groups_of(text, [span(text, "Recurrent Networks", M)], title_end=text.index("\n"))
    assert group.role == "used"


def test_the_method_a_title_ends_by_is_proposed():
    for title in ("Compressing Word Embeddings via Deep Compositional Code Learning",
                  "Optimizing Hyperparameters by Implicit Differentiation: Scaling Up"):
        name = "Deep Compositional Code Learning" if "Deep" in title else "Implicit Differentiation"
        text = title + "\nWe compress embeddings."
        (group,) = groups_of(text, [span(text, name, M)], title_end=text.index("\n"))
        assert group.role == "proposed", title
    text = "Learning by Implicit Differentiation for Hyperparameters\nWe tune hyperparameters."
    (group,) = groups_of(text, [span(text, "Implicit Differentiation", M)], title_end=text.index("\n"))
    assert group.role == "used"  # not what the title ends by


def test_a_method_qualified_as_existing_is_used_even_after_a_proposal_verb():
    text = "We propose to replace the commonly used last-layer features with sketched kernels."
    cands = [span(text, "last-layer features", M), span(text, "sketched kernels", M)]
    roles = {g.name: g.role for g in groups_of(text, cands)}
    assert roles == {"last-layer features": "used", "sketched kernels": "proposed"}


def test_coined_short_form_joins_the_name_it_spells():
    from kg.extract.entities import spells_short_form

    assert spells_short_form("BiDAF", "Bi-Directional Attention Flow")
    assert spells_short_form("InPlace-ABN", "In-Place Activated BatchNorm")
    assert spells_short_form("CamStyle", "Camera Style Adaptation")
    assert not spells_short_form("RoBERTa", "BERT") and not spells_short_form("CNN", "recurrent neural network")
    assert not spells_short_form("Prereq-Tune", "pre-training")  # two capitals are too little evidence
    text = "Camera Style Adaptation\nWe propose CamStyle for person re-identification."
    cands = [span(text, "Camera Style Adaptation", M), span(text, "CamStyle", M)]
    (group,) = groups_of(text, cands, title_end=text.index("\n"))
    assert group.name == "Camera Style Adaptation" and group.aliases == ["CamStyle"]


def test_a_known_dataset_named_once_is_kept_with_a_high_confidence():
    text = "The size was reduced by 98% on IMDB."
    lexicon = parse_lexicon("Dataset\tIMDb\tIMDB\n")
    starts = [0]
    (group,) = group_mentions(text, starts, [span(text, "IMDB", D, source="lexicon")], [], lexicon)
    assert group.type is D and group.confidence >= 0.8


def test_clean_span_drops_enumerators_and_dangling_dashes():
    for surface, expected in (("ii) small-scale pre-trained models", "small-scale pre-trained models"),
                              ("threshold samples -", "threshold samples"), ("Kinetics (K400", "Kinetics"),
                              ("ensemble with", "ensemble"), ("Learning to Learn", "Learning to Learn"),
                              ("weight decay nullifies", "weight decay"), ("Muon optimizer based", "Muon optimizer")):
        s, e = clean_span(surface, 0, len(surface))
        assert surface[s:e] == expected


def test_a_name_followed_by_a_word_for_its_kind_is_the_name_itself():
    from kg.extract.entities import described_name

    assert described_name("mixer algorithm") == "mixer" and described_name("res2net module") == "res2net"
    assert described_name("attention") is None and described_name("dice loss") is None
    assert described_name("improved faster rcnn") == "faster rcnn" and described_name("baseline model") is None
    text = "We propose the MIXER algorithm. MIXER beats REINFORCE, and ELU networks train fast with ELUs."
    cands = [span(text, "MIXER algorithm", M), span(text, "MIXER", M, nth=1), span(text, "REINFORCE", M),
             span(text, "ELU networks", M), span(text, "ELUs", M)]
    names = {g.name: g.aliases for g in groups_of(text, cands)}
    assert names["MIXER"] == ["MIXER algorithm"]  # the bare name names the entity
    assert names["ELUs"] == ["ELU networks"] and "REINFORCE" in names
    text = "The Dice loss helps. Dice is a metric."  # "loss" is not a word for a kind
    cands = [span(text, "Dice loss", M), span(text, "Dice", M, nth=1)]
    assert len(groups_of(text, cands)) == 2


def test_words_before_a_name_tell_a_means_from_a_problem():
    text = "Agents are trained with multi-task learning. Others tackle multi-task learning."
    first, second = span(text, "multi-task learning", M), span(text, "multi-task learning", M, nth=1)
    from collections import Counter
    from kg.extract.entities import context_votes

    tied = {M: 1.0, T: 1.0}

    means = context_votes(text, (first.start, first.end), Counter(tied), Lexicon())
    problem = context_votes(text, (second.start, second.end), Counter(tied), Lexicon())
    assert means[M] > means[T] and problem[T] > problem[M]
    neutral = "Agents and multi-task learning."
    plain = context_votes(neutral, (11, 30), Counter(tied), Lexicon())
    assert plain[M] - plain[T] < means[M] - means[T] and plain[T] - plain[M] < problem[T] - problem[M]


def test_a_class_of_methods_named_by_its_task_is_the_task():
    from kg.extract.lexicon import TypePriors

    priors = TypePriors(names={"few-shot learning": {"Task": 9, "Method": 2}, "k-means": {"Method": 5}})
    text = "We doubt many few-shot learning techniques for few-shot learning. K-means algorithms help."
    cands = [span(text, "few-shot learning techniques", M), span(text, "few-shot learning", T, nth=1),
             span(text, "K-means algorithms", M)]
    groups = group_mentions(text, [0, text.index("K-means")], cands, [], Lexicon(), priors=priors)
    assert {(g.type, g.name) for g in groups} == {(T, "few-shot learning"), (M, "K-means algorithms")}


def test_a_task_written_only_before_methods_names_a_class_of_methods():
    from kg.extract.lexicon import TypePriors

    priors = TypePriors(names={"image captioning": {"Task": 9}, "semantic segmentation": {"Task": 9},
                               "visual question answering": {"Task": 9}})
    text = ("Recent works apply deep image captioning methods to visual question answering. "
            "Semantic segmentation approaches help visual question answering.")
    cands = [span(text, "image captioning", T), span(text, "visual question answering", T),
             span(text, "Semantic segmentation", T), span(text, "visual question answering", T, nth=1)]
    groups = group_mentions(text, [0, text.index("Semantic")], cands, [], Lexicon(), priors=priors)
    types = {g.name.lower(): g.type for g in groups}
    assert types["image captioning"] is M  # only ever a kind of methods
    assert types["visual question answering"] is T
    assert types["semantic segmentation"] is T  # a perception task's methods still name the task


def test_a_title_case_task_joins_the_one_longer_task_it_ends():
    text = "Human Pose Estimation\nWe study dense human pose estimation. BERT is used, so is BERT-large."
    cands = [span(text, "Human Pose Estimation", T), span(text, "dense human pose estimation", T),
             span(text, "BERT", M), span(text, "BERT-large", M)]
    groups = groups_of(text, cands, title_end=text.index("\n"))
    tasks = [g for g in groups if g.type is T]
    assert len(tasks) == 1 and set(tasks[0].aliases) | {tasks[0].name} == {"Human Pose Estimation",
                                                                          "dense human pose estimation"}
    assert len([g for g in groups if g.type is M]) == 2  # coined names stay apart


def test_names_the_lexicon_lists_as_one_thing_are_one_entity():
    lexicon = parse_lexicon("Task\tspeech recognition\tautomatic speech recognition|ASR\n"
                            "Task\tspeaker recognition\t\n")
    text = "We study speech recognition. ASR is hard, unlike speaker recognition."
    cands = [span(text, "speech recognition", T), span(text, "ASR", T), span(text, "speaker recognition", T)]
    starts = [0, text.index("ASR")]
    groups = group_mentions(text, starts, cands, [], lexicon)
    assert sorted(sorted([g.name, *g.aliases]) for g in groups) == [["ASR", "speech recognition"],
                                                                   ["speaker recognition"]]


def test_a_name_joins_the_one_longer_name_that_only_adds_a_word_inside_it():
    from kg.extract.entities import inserts_one_word

    assert inserts_one_word("semantic segmentation", "semantic image segmentation")
    assert not inserts_one_word("semantic segmentation", "fast semantic segmentation")  # not at an end
    assert not inserts_one_word("segmentation", "image segmentation")
    assert not inserts_one_word("linear 3dmm", "nonlinear 3dmm")
    text = "Semantic Segmentation\nWe study semantic image segmentation. 3D pose estimation differs."
    cands = [span(text, "Semantic Segmentation", T), span(text, "semantic image segmentation", T),
             span(text, "3D pose estimation", T)]
    groups = groups_of(text, cands, title_end=text.index("\n"))
    assert sorted(sorted([g.name, *g.aliases]) for g in groups) == [
        ["3D pose estimation"], ["Semantic Segmentation", "semantic image segmentation"]]
    # two longer names that each add a word: which one is meant is unknown, all stay apart
    text = "3D pose estimation covers 3D hand pose estimation and 3D body pose estimation."
    cands = [span(text, s, T) for s in ("3D pose estimation", "3D hand pose estimation", "3D body pose estimation")]
    assert len(groups_of(text, cands)) == 3
    # a longer name the text defines an acronym for is coined: "variational autoencoder" is another thing
    text = "The Variational Fair Autoencoder (VFAE) extends the variational autoencoder."
    cands = [span(text, "Variational Fair Autoencoder", M), span(text, "variational autoencoder", M)]
    assert len(groups_of(text, cands)) == 2


def test_an_acronym_the_lexicon_knows_inside_a_name_joins_the_spelled_out_name():
    from kg.extract.entities import lexicon_expansion

    lexicon = parse_lexicon("Task\tquestion answering\tQA\nMetric\taccuracy\tacc\n")
    assert lexicon_expansion("qa", lexicon) == "question answering"
    assert lexicon_expansion("acc", lexicon) is None  # an alias, not the initials of the name
    assert lexicon_expansion("mt", lexicon) is None
    text = "Image Question Answering is hard. Our image QA model helps, and so does video QA."
    cands = [span(text, "Image Question Answering", T), span(text, "image QA", T), span(text, "video QA", T)]
    groups = group_mentions(text, [0, text.index("Our")], cands, [], lexicon)
    assert sorted(sorted([g.name, *g.aliases]) for g in groups) == [
        ["Image Question Answering", "image QA"], ["video QA"]]


def test_a_short_form_joins_the_longer_name_of_a_part_it_ends_before_the_part_word():
    text = "A gated attention mechanism helps: attention weighs words. Graph attention networks differ."
    cands = [span(text, "gated attention mechanism", M), span(text, "attention", M, nth=1),
             span(text, "Graph attention networks", M)]
    groups = groups_of(text, cands)
    # "networks" is no part word: "graph attention networks" is not a kind of attention here
    assert sorted(sorted([g.name, *g.aliases]) for g in groups) == [
        ["Graph attention networks"], ["attention", "gated attention mechanism"]]


def test_how_well_something_does_is_no_metric():
    lexicon = parse_lexicon("Metric\tmean average precision\tmAP\n")
    text = "Detection performance improves, and so does mAP."
    cands = [span(text, "Detection performance", X), span(text, "mAP", X)]
    groups = group_mentions(text, [0], cands, [], lexicon)
    assert [(g.type, g.name) for g in groups] == [(X, "mAP")]


def test_a_recognised_short_form_gives_its_type_to_the_long_form_after_it():
    text = "We introduce a framework SAL (Separate And Learn). SAL works."
    cands = [span(text, "SAL", M), span(text, "SAL", M, nth=1)]
    groups = groups_of(text, cands)
    assert [(g.type, g.name, g.aliases) for g in groups] == [(M, "Separate And Learn", ["SAL"])]


def test_a_name_inside_a_web_address_is_no_mention():
    text = "SAL works well. Code: https://github.com/wisc/sal and sal."
    groups = groups_of(text, [span(text, "SAL", M)])
    (group,) = groups
    assert [text[s:e] for s, e, _ in group.mentions] == ["SAL", "sal"]  # the last word, not the URL's


def test_a_name_with_an_acronym_for_some_words_joins_the_longer_name():
    from kg.extract.entities import shortens_part

    assert shortens_part("saf r cnn", "scale aware fast r cnn")
    assert shortens_part("person reid", "person re identification")
    assert not shortens_part("bert base", "bidirectional encoder base")
    assert not shortens_part("linear 3dmm", "nonlinear 3dmm")
    text = "Scale-Aware Fast R-CNN is new. SAF R-CNN helps person ReID, or Person Re-identification."
    cands = [span(text, s, M) for s in ("Scale-Aware Fast R-CNN", "SAF R-CNN")] + \
        [span(text, s, T) for s in ("person ReID", "Person Re-identification")]
    groups = groups_of(text, cands)
    assert sorted(sorted([g.name, *g.aliases]) for g in groups) == [
        ["Person Re-identification", "person ReID"], ["SAF R-CNN", "Scale-Aware Fast R-CNN"]]
    # only a word with two capitals or more is taken for an acronym: "few-shot" stays apart
    text = "Few-shot tasks differ from few-shot learning in general; few-shot is vague."
    cands = [span(text, "Few-shot tasks", T), span(text, "few-shot", T, nth=1)]
    assert len(groups_of(text, cands)) == 2


def test_a_name_the_paper_coins_after_a_proposal_verb_is_a_candidate():
    from kg.extract.components import coined_name_candidates

    def coined(text):
        return [(text[c.start:c.end], c.label) for c in coined_name_candidates(text)]

    assert coined("Thus we introduce Moonlight, a 3B/16B-parameter model.") == [("Moonlight", M)]
    assert coined("we propose a Border Network to make features") == [("Border Network", M)]
    assert coined("a method we call Reinforcement Learning with Verifiable Rewards (RLVR).") == [
        ("Reinforcement Learning with Verifiable Rewards", M)]
    assert coined("We introduce Pretty-CLEVR, a new diagnostic dataset for reasoning.") == [("Pretty-CLEVR", D)]
    assert coined("We present Foo, a method for the benchmark.") == [("Foo", M)]  # a method, used on one
    assert coined("we propose to use a larger model. We present results.") == []


def test_a_name_with_an_acronym_inside_is_the_name_written_out():
    text = ("Out-of-Distribution Detection\nOut-of-distribution (OOD) detection matters. "
            "OOD detection is hard. Detection of OOD data is studied.")
    cands = [span(text, s, T) for s in ("Out-of-Distribution Detection", "Out-of-distribution (OOD) detection",
                                        "OOD detection")]
    (group,) = groups_of(text, cands, title_end=text.index("\n"))
    # named as written out elsewhere, not with the acronym inside
    assert group.name == "Out-of-Distribution Detection"
    assert set(group.aliases) >= {"Out-of-distribution (OOD) detection", "OOD detection"}


def test_a_plain_word_before_a_word_for_a_kind_of_method_is_no_method():
    text = "An augmentation strategy and an auxiliary model help; a supervised autoencoder (SAE) too."
    cands = [span(text, s, M) for s in ("augmentation strategy", "auxiliary model", "supervised autoencoder")]
    assert [g.name for g in groups_of(text, cands)] == ["supervised autoencoder"]
    text = "The update rule (UR) of Adam: UR is fast."
    assert [g.name for g in groups_of(text, [span(text, "update rule", M)])] == ["update rule"]  # defined: a name


def test_words_glued_without_spaces_are_no_name():
    text = ("We train ConsistentRankLogits and DeepWalk. CourantInstituteofMathematicalSciences, "
            "CenterforDataScience.")
    cands = [span(text, s, M) for s in ("ConsistentRankLogits", "DeepWalk",
                                        "CourantInstituteofMathematicalSciences", "CenterforDataScience")]
    assert [g.name for g in groups_of(text, cands)] == ["ConsistentRankLogits", "DeepWalk"]


def test_a_run_of_glued_names_is_an_author_line():
    text = ("We extend WaveNet and DeepWalk, unlike PointNet and GraphSage on graphs. BoleiZhou2] YuandongTian2] "
            "ArthurSzlam2] RobFergus [1] FacebookAIResearch {bolei, rob} @fb.com, WaveNet")
    cands = [span(text, s, M) for s in ("WaveNet", "DeepWalk", "PointNet", "GraphSage", "RobFergus",
                                        "ArthurSzlam2")]
    cands.append(span(text, "WaveNet", M, nth=1))
    assert [g.name for g in groups_of(text, cands)] == ["WaveNet", "DeepWalk", "PointNet", "GraphSage"]


def test_a_plain_word_before_representation_is_no_method():
    text = "A graph representation and phrasal representations meet disentangled representations."
    cands = [span(text, s, M) for s in ("graph representation", "phrasal representations",
                                        "disentangled representations")]
    assert [g.name for g in groups_of(text, cands)] == ["disentangled representations"]


def test_a_word_placing_a_model_among_others_before_its_head_is_no_method():
    text = "An alternative network and the basic architecture differ from the original residual networks."
    cands = [span(text, s, M) for s in ("alternative network", "basic architecture", "original residual networks")]
    assert [g.name for g in groups_of(text, cands)] == ["original residual networks"]


def test_a_word_and_a_word_for_a_degree_is_no_method():
    text = "From low resolution (LR) and pixel-level cues, a multi-scale network predicts. LR cues help."
    cands = [span(text, s, M) for s in ("low resolution", "pixel-level", "multi-scale network")]
    assert [g.name for g in groups_of(text, cands)] == ["multi-scale network"]


def test_surnames_with_affiliation_digits_are_an_author_line():
    text = "We fine-tune Llama2 on our data. Feng Wang1, Chang Liu1, Austin Reiter1, GeorgesLinarès, Harry Quon3 Dept."
    cands = [span(text, s, M) for s in ("Llama2", "Wang1", "Reiter1", "GeorgesLinarès")]
    assert [g.name for g in groups_of(text, cands)] == ["Llama2"]


def test_surnames_glued_to_their_initials_are_an_author_line():
    text = "We use ResNet for speech recognition. W.Xiong, J.Droppo, X.Huang, F.Seide, M.Seltzer MicrosoftResearch"
    cands = [span(text, s, M) for s in ("ResNet", "F.Seide", "M.Seltzer")]
    assert [g.name for g in groups_of(text, cands)] == ["ResNet"]


def test_how_something_is_built_is_no_method():
    text = "The predicate-argument structure and an encoder-decoder configuration feed a tree-structured LSTM."
    cands = [span(text, s, M) for s in ("predicate-argument structure", "encoder-decoder configuration",
                                        "tree-structured LSTM")]
    assert [g.name for g in groups_of(text, cands)] == ["tree-structured LSTM"]


def test_a_capitalised_name_right_after_a_word_for_data_is_a_data_set():
    text = "Experiments on the translation benchmark WMT10 show gains."
    (group,) = groups_of(text, [Candidate(text.index("WMT10"), text.index("WMT10") + 5, M, "pattern", 0.8)])
    assert group.type is D and group.confidence >= 0.7


@pytest.mark.parametrize("text, name", [
    ("Models trained with only one dataset, such as the popular Sceneflow, fall behind.", "Sceneflow"),
    ("Gains on widely-used datasets, e.g., Cifar-100 and others.", "Cifar-100"),
    ("We validate on standard SR benchmarks (i.e. Setfive, Set14).", "Setfive"),
])
def test_a_capitalised_name_a_data_set_word_introduces_by_example_is_a_data_set(text, name):
    start = text.index(name)
    (group,) = groups_of(text, [Candidate(start, start + len(name), M, "ner")])
    assert group.type is D


def test_a_known_model_named_once_by_its_coined_name_is_kept():
    lexicon = parse_lexicon("Method\tAdamW\n")
    text = "Muon is twice as efficient as AdamW."
    (group,) = group_mentions(text, [0], [span(text, "AdamW", M, source="lexicon")], [], lexicon)
    assert group.type is M and group.confidence >= 0.7
    lexicon = parse_lexicon("Method\tdropout\n")
    text = "We add dropout."
    (group,) = group_mentions(text, [0], [span(text, "dropout", M, source="lexicon")], [], lexicon)
    assert group.confidence < 0.7  # a plain word: not raised


@pytest.mark.parametrize("token, shaped", [
    ("LLaMA-65B", True), ("T0-11B", True), ("Phi3-mini-3.8B", True), ("Mistral-7b-Instruct", True), ("BBTv2", True),
    ("EfficientZero", True), ("iRaftStereo_RVC", True),
    ("L2-norms", False), ("sim0.01", False), ("11B-sized", False), ("Few-Shot", False), ("set2set", False),
    ("SoA", False), ("Bajaj18", False), ("he2016dual", False), ("IIS-1212798", False), ("x86", False)])
def test_model_shaped_names_are_told_from_citation_keys_grants_and_words(token, shaped):
    assert model_shaped(token) is shaped


def test_a_model_shaped_name_seen_only_by_its_shape_is_kept():
    text = "We improve EfficientZero by 23% and beat LLaMA-65B."
    cands = [Candidate(text.index(w), text.index(w) + len(w), M, "pattern", 0.8) for w in ("EfficientZero", "LLaMA-65B")]
    groups = groups_of(text, cands)
    assert [(g.name, g.type) for g in groups] == [("EfficientZero", M), ("LLaMA-65B", M)]
    assert all(g.confidence >= 0.7 for g in groups)
    text = "The model reaches sim0.01 here."
    (group,) = groups_of(text, [Candidate(text.index("sim0.01"), text.index("sim0.01") + 7, M, "pattern", 0.8)])
    assert group.confidence < 0.6


def test_a_short_form_ending_two_names_of_one_entity_joins_that_entity():
    text = "Out-of-distribution (OOD) detection is hard. OOD detection matters. Detection fails."
    cands = [span(text, s, T) for s in ("Out-of-distribution (OOD) detection", "OOD detection", "Detection")]
    (group,) = groups_of(text, cands)
    # "detection" ends both longer names, but they name one entity, so it is not ambiguous
    assert set(group.aliases) | {group.name} >= {"OOD detection", "Detection"}


def test_a_bare_head_word_alone_is_no_entity_but_heads_one():
    text = "The classifier improves generalization and image generation."
    cands = [span(text, "classifier", M), span(text, "generalization", T), span(text, "image generation", T)]
    assert [g.name for g in groups_of(text, cands)] == ["image generation"]


def test_a_version_of_a_known_name_shares_its_type():
    lexicon = parse_lexicon("Dataset\tCIFAR-10\nDataset\tImageNet\tImageNet-1K\nDataset\tImageNet-C\nMethod\tLLaMA\n"
                            "Metric\tMoS\nMethod\tdeep learning\n")
    assert lexicon.family("CIFAR-100C") is D and lexicon.family("Imagenet-C") is D
    assert lexicon.family("LLaMA-65B") is M and lexicon.family("Phi3-mini") is None
    assert lexicon.family("deep-learning") is None  # a phrase, not a name with a version
    assert lexicon.family("Zephyr-7B") is None
    lexicon.add(M, "Zephyr", [])
    assert lexicon.family("Zephyr-7B") is M  # a name added later counts
    text = "ActMAD is the state of the art on CIFAR-100C and Imagenet-C."
    cands = [span(text, "ActMAD", M), span(text, "CIFAR-100C", M, source="pattern"), span(text, "Imagenet-C", M)]
    groups = group_mentions(text, [0], cands, [], lexicon)
    assert [(g.name, g.type) for g in groups] == [("ActMAD", M), ("CIFAR-100C", D), ("Imagenet-C", D)]


@pytest.mark.parametrize("phrase, name", [
    ("the proposed multigrid method", "multigrid method"), ("significantly improved accuracy", "improved accuracy"),
    ("Efficiently Training Video Models", "Training Video Models"),
    ("Distributionally Robust Optimization", "Distributionally Robust Optimization"),
    ("a fully convolutional network", "fully convolutional network"),
    ("Weakly supervised detection", "Weakly supervised detection")])
def test_leading_adverbs_are_dropped_unless_they_belong_to_the_name(phrase, name):
    assert strip_determiners(phrase) == name


@pytest.mark.parametrize("title, purposes", [
    ("GistScore: Learning Better Representations for In-Context Example Selection with Gist Bottlenecks",
     ["In-Context Example Selection"]),
    ("Training Ensembles with Inliers and Outliers for Semi-supervised Active Learning", ["Semi-supervised Active Learning"]),
    ("Better Diffusion Models for Better Downstream Transferring", []),  # an evaluative word: no task name
    ("A model for all seasons", []),  # not in Title Case
    ("Out-of-Distribution Detection via Whitened Linear Discriminant Analysis",
     ["Out-of-Distribution Detection", "Whitened Linear Discriminant Analysis"]),
])
def test_the_title_phrase_after_for_is_the_task_it_serves_and_after_via_the_means(title, purposes):
    from kg.extract.components import title_purpose_candidates

    text = title + "\nThe abstract is about something for Other Things."
    cands = title_purpose_candidates(text)
    assert [text[c.start:c.end] for c in cands] == purposes
    assert all(c.label is (M if text[:c.start].endswith("via ") else T) for c in cands)


@pytest.mark.parametrize("title, served", [
    ("Dataset Distillation by Automatic Training Trajectories", "Dataset Distillation"),
    ("One Solution is Not All You Need: Few-Shot Extrapolation via Structured MaxEnt RL", "Few-Shot Extrapolation"),
    ("Towards Crowdsourced Training of Large Neural Networks using Decentralized Mixture-of-Experts",
     "Crowdsourced Training of Large Neural Networks"),
    ("GANs Trained by a Two Time-Scale Update Rule Converge to a Local Nash Equilibrium", None),  # a passive
    ("An Emulator of Large Language Models using Small Language Models", None),  # an article
    ("Fictitious Synthetic Data Can Improve LLM Factuality via Prerequisite Learning", None),  # a sentence
    ("Fast and Accurate Deep Network Learning by Exponential Linear Units", None),  # an evaluative word
])
def test_the_title_phrase_that_opens_the_title_before_via_or_by_is_the_task_it_serves(title, served):
    from kg.extract.components import title_purpose_candidates

    text = title + "\nWe study it."
    tasks = [text[c.start:c.end] for c in title_purpose_candidates(text) if c.label is T]
    assert tasks == ([served] if served else [])
    if served:  # typed a Task even against a method's head word ("distillation", "training")
        cands = [span(text, served, M), span(text, served, T)]
        assert [g.type for g in groups_of(text, cands, title_end=text.index("\n"))] == [T]


def test_names_listed_after_such_as_are_candidates_typed_by_the_list():
    from kg.extract.components import enumeration_candidates

    text = "It explains regularizers like CORAL, IRM, V-REx, Fish, IGA, and Fishr. We use datasets such as MNIST, SVHN."
    cands = enumeration_candidates(text)
    assert [text[c.start:c.end] for c in cands] == ["CORAL", "IRM", "V-REx", "Fish", "IGA", "Fishr", "MNIST", "SVHN"]
    groups = groups_of(text, cands + [span(text, "CORAL", M), span(text, "V-REx", M)])
    typed = {g.name: g.type for g in groups if g.confidence >= 0.675}
    assert typed == {"CORAL": M, "IRM": M, "V-REx": M, "Fish": M, "IGA": M, "Fishr": M, "MNIST": D, "SVHN": D}


def test_a_version_after_a_known_model_is_part_of_its_name():
    from kg.extract.components import Candidates

    nlp = spacy.blank("en")
    candidates = Candidates(nlp, "kg_candidates")
    text = "It beats Llama 3.1, Qwen 2.5, Mistral, and Claude 3.5-Haiku with Adam."
    surfaces = {text[c.start:c.end] for c in candidates(nlp.make_doc(text))._.kg_candidates if c.source == "lexicon"}
    assert {"Llama 3.1", "Qwen 2.5", "Mistral", "Claude 3.5-Haiku", "Adam"} <= surfaces


def test_a_size_edition_or_variant_after_a_known_name_is_part_of_its_name():
    from kg.extract.components import Candidates

    nlp = spacy.blank("en")
    candidates = Candidates(nlp, "kg_candidates")
    text = ("We train LLaMA 3.1 8B and give Claude 3 Opus a prompt. On WMT 2014, WMT '16, Atari 2600 and "
            "PASCAL VOC 2012 it gains 2.1 BLEU; GPT-4 50B-parameter runs, CIFAR-10 at 2.5% and Claude 3 For ...")
    surfaces = {text[c.start:c.end] for c in candidates(nlp.make_doc(text))._.kg_candidates if c.source == "lexicon"}
    assert {"LLaMA 3.1 8B", "Claude 3 Opus", "WMT 2014", "WMT '16", "Atari 2600", "PASCAL VOC 2012"} <= surfaces
    assert "Claude 3 For" not in surfaces and not any(s.endswith("50B") for s in surfaces)


def test_the_recogniser_s_name_reads_on_to_a_known_name_s_variant():
    from kg.extract.components import Candidates

    nlp = spacy.blank("en")
    candidates = Candidates(nlp, "kg_candidates")
    text = "First, we give Claude 3 Opus a system prompt, and test on WMT 2014 English-to-German."
    doc = nlp.make_doc(text)
    start = text.index("Claude")
    doc.ents = [doc.char_span(start, start + len("Claude 3"), label="Method"),
                doc.char_span(text.index("WMT"), text.index(" English"), label="Dataset")]
    ner = [text[c.start:c.end] for c in candidates(doc)._.kg_candidates if c.source == "ner"]
    assert ner == ["Claude 3 Opus", "WMT 2014 English-to-German"]


def test_a_known_name_with_its_version_keeps_the_known_name_s_confidence():
    from kg.extract.entities import known_name

    lexicon = parse_lexicon("Method\tClaude\nDataset\tWMT14\tWMT\n")
    assert EntityType.METHOD in known_name("Claude 3 Opus", lexicon)
    assert EntityType.DATASET in known_name("WMT 2014", lexicon) and not known_name("WMT-like", lexicon)


def test_a_coined_name_before_a_singular_word_for_data_is_a_kept_data_set():
    text = "It is likely due to the small size of AFEW dataset compared to the network."
    (group,) = groups_of(text, [Candidate(text.index("AFEW"), text.index("AFEW") + 4, M, "pattern", 0.8)])
    assert group.type is D and group.confidence >= 0.7
    text = "IDAQ is best on the Meta-World ML1 benchmark."  # the second word of a two-word name
    cands = [span(text, "Meta-World", D), Candidate(text.index("ML1"), text.index("ML1") + 3, M, "pattern", 0.8)]
    assert all(g.confidence < 0.7 for g in groups_of(text, cands) if g.name == "ML1")


def test_a_coined_name_listed_with_data_sets_is_a_data_set():
    text = "When evaluated on Middlebury, KITTI-2015, and ETH3D, the model wins."
    cands = [span(text, "Middlebury", D), span(text, "KITTI-2015", D), span(text, "ETH3D", M),
             Candidate(text.index("ETH3D"), text.index("ETH3D") + 5, M, "pattern", 0.8)]
    typed = {g.name: g.type for g in groups_of(text, cands)}
    assert typed == {"Middlebury": D, "KITTI-2015": D, "ETH3D": D}


def test_names_listed_right_after_or_before_a_plural_data_set_noun_are_data_sets():
    text = "Experiments on four person re-identification databases, VIPeR, GRID and CUHK03, show gains."
    cands = [span(text, "VIPeR", M), span(text, "GRID", M), span(text, "CUHK03", M)]
    assert {g.name: g.type for g in groups_of(text, cands)} == {"VIPeR": D, "GRID": D, "CUHK03": D}
    text = "We win on the VIPeR and GRID datasets."
    cands = [span(text, "VIPeR", M), span(text, "GRID", M)]
    assert {g.name: g.type for g in groups_of(text, cands)} == {"VIPeR": D, "GRID": D}
    text = "We evaluated our model on two datasets Market 1501 and Duke MTMC."  # a capitalised plain word too
    cands = [span(text, "Market 1501", D), span(text, "Duke MTMC", M)]
    assert {g.name: g.type for g in groups_of(text, cands)} == {"Market 1501": D, "Duke MTMC": D}
    text = "They built the VIPeR and GRID detection benchmarks."  # benchmarks of a task: no cue
    cands = [span(text, "VIPeR", M), span(text, "GRID detection", T)]
    assert {g.name: g.type for g in groups_of(text, cands)} == {"VIPeR": M, "GRID detection": T}


def test_an_evaluation_campaign_named_with_its_year_is_a_sure_data_set():
    from kg.extract.entities import _campaign

    text = "We take part in the CoNLL-2003 English shared task."
    (group,) = groups_of(text, [span(text, "CoNLL-2003 English shared task", D)])
    assert group.type is D and group.confidence >= 0.675
    assert _campaign("MICCAI iSEG-2017 Challenge") and _campaign("WMT 2014 English-to-French translation task")
    assert not _campaign("image classification task") and not _campaign("Atari 2600 games")


def test_a_coined_name_after_on_in_a_sentence_reporting_a_number_is_a_data_set():
    text = "BARE gives a 18.4% improvement over SOTA methods on RAFT."
    cands = [span(text, "RAFT", M), Candidate(text.index("RAFT"), text.index("RAFT") + 4, M, "pattern", 0.8)]
    (group,) = groups_of(text, cands)
    assert group.type is D and group.confidence >= 0.675
    text = "SJE obtains 35.1% on Dogs."  # a plain capitalised name too
    (group,) = groups_of(text, [span(text, "Dogs", M)])
    assert group.type is D
    text = "BARE runs fast on RAFT."  # no reported number: the name keeps its type
    cands = [span(text, "RAFT", M), Candidate(text.index("RAFT"), text.index("RAFT") + 4, M, "pattern", 0.8)]
    (group,) = groups_of(text, cands)
    assert group.type is M


def test_a_coined_name_described_as_a_data_set_is_one():
    from kg.extract.components import described_dataset_candidates

    text = "We have introduced COCO-DensePose, a large-scale dataset of correspondences. Also EBM-NLP: a new corpus."
    cands = described_dataset_candidates(text)
    assert [(text[c.start:c.end], c.label) for c in cands] == [("COCO-DensePose", D), ("EBM-NLP", D)]
    assert described_dataset_candidates("We present SimCLR, a simple framework for contrastive learning.") == []
    text = "We construct ConceptVectors, a benchmark dataset. Evaluation on ConceptVectors shows it."
    cands = described_dataset_candidates(text)
    cands += [span(text, "ConceptVectors", M), span(text, "ConceptVectors", M, nth=1)]
    (group,) = groups_of(text, cands)
    assert group.type is D and group.confidence >= 0.7


def test_plain_items_listed_after_tasks_such_as_are_tasks():
    from kg.extract.components import task_list_candidates

    text = ("It teaches skills, such as text editing, creative writing, tool usage, coding, reading comprehension, "
            "etc. It helps tasks, including in few-shot settings. We study problems like vanishing gradients.")
    cands = task_list_candidates(text)
    assert [text[c.start:c.end] for c in cands] == ["text editing", "creative writing", "tool usage", "coding",
                                                    "reading comprehension", "vanishing gradients"]
    typed = {g.name: g.type for g in groups_of(text, cands) if g.confidence >= 0.675}
    # "tasks"/"skills" before the list vote for each member; a lone item after "problems like" is too weak
    assert typed == {"text editing": T, "creative writing": T, "tool usage": T, "coding": T,
                     "reading comprehension": T}


def test_a_name_followed_by_tasks_is_a_task():
    text = "Title\nWe train LLaMA on an instruction following task 40% faster."
    groups = groups_of(text, [span(text, "instruction following", M)], title_end=text.index("\n"))
    assert [g.type for g in groups] == [T]


def test_a_task_followed_by_a_measure_word_is_a_metric():
    text = "Agents reach a high goal completion rate and better face recognition accuracy. They make reasoning errors."
    cands = [span(text, "goal completion", T), span(text, "face recognition", T), span(text, "accuracy", X, "lexicon"),
             span(text, "reasoning", T)]
    typed = {g.name: g.type for g in groups_of(text, cands)}
    assert typed == {"goal completion rate": X, "face recognition accuracy": X, "reasoning": T}


def test_the_measure_a_level_is_given_for_after_of_is_a_metric_candidate():
    from kg.extract.components import reported_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in reported_measure_candidates(text) if c.label is X]

    assert measures("Our detection system has a frame rate of 5fps on a GPU.") == ["frame rate"]
    assert measures("It achieves a word level perplexity of 55.6 on the Penn Treebank.") == ["word level perplexity"]
    # "performance" before a number with no unit of change names no measure
    assert measures("It achieves a performance of 68.4 Smatch F1 score.") == []


def test_a_measure_named_beside_a_number_beats_a_recognised_head_word_inside_it():
    text = "It obtains 88.1% joint goal accuracy and 97.1% request accuracy on WoZ."
    cands = [span(text, "joint goal accuracy", X), span(text, "accuracy", X, nth=1),
             span(text, "accuracy", X, "lexicon", nth=1), span(text, "request accuracy", X, "measure")]
    assert sorted(g.name for g in groups_of(text, cands)) == ["joint goal accuracy", "request accuracy"]


def test_the_measure_named_beside_a_reported_number_is_a_metric_candidate():
    from kg.extract.components import reported_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in reported_measure_candidates(text) if c.label is X]

    assert measures("They achieve a 99.8% goal completion rate with less than 0.8% collisions.") == \
        ["goal completion rate"]
    assert measures("up to 7.45% relative improvement of averaged score across 16 benchmarks") == ["averaged score"]
    assert measures("It reduces the Attack Success Rate (ASR) to less than 8% and improves rank-1 identification "
                    "rates by 2.2%.") == ["Attack Success Rate", "rank-1 identification rates"]
    assert measures("outperforming T0-11B by up to +20% average F1 score.") == ["average F1 score"]
    # a frequency is no measure; a verb that reports the measure is not part of its name
    assert measures("It complies 14% of the time.") == []
    assert measures("Systems can obtain accuracies of 73.6% on it.") == ["accuracies"]
    text = "outperforming T0-11B by up to +20% average F1 score."
    cands = reported_measure_candidates(text) + [span(text, "average F1", X), span(text, "F1", X, "lexicon")]
    # the measure beside the number wins over the lexicon's "F1"; "average" is which run it reports
    assert [g.name for g in groups_of(text, cands)] == ["F1 score"]


def test_a_performance_beside_a_reported_number_is_a_metric():
    from kg.extract.components import reported_measure_candidates

    text = "It matches the scratch agent in 10x fewer steps, surpassing its final performance by 42 percent."
    groups = groups_of(text, reported_measure_candidates(text) + [span(text, "final performance", X)])
    assert [(g.name, g.type) for g in groups] == [("final performance", X)]
    text = "It matches the scratch agent, surpassing its final performance."
    assert groups_of(text, reported_measure_candidates(text) + [span(text, "final performance", X)]) == []


def test_what_a_verb_of_change_moves_by_a_reported_amount_is_a_metric():
    from kg.extract.components import changed_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in changed_measure_candidates(text) if c.label is X]

    assert measures("Skills boost the average task success by 8% compared to others.") == ["average task success"]
    assert measures("We improve mean performance of model-based algorithm EfficientZero by 23%.") == \
        ["mean performance"]
    assert measures("It reduces the per-epoch training time by more than 30% and increasing accuracy from 71.2% "
                    "to 74.4%.") == ["per-epoch training time", "accuracy"]
    # nouns are no verbs of change; nothing is measured without a number
    assert measures("It yields accuracy improvements up to 29%. We reduce fake summaries greatly.") == []
    text = "Our model can greatly reduce fake summaries by 80%."
    groups = [g for g in groups_of(text, changed_measure_candidates(text)) if g.confidence >= 0.675]
    assert [(g.name, g.type) for g in groups] == [("fake summaries", X)]
    text = "We improve mean performance of EfficientZero by 23%."
    assert [g.name for g in groups_of(text, changed_measure_candidates(text)) if g.confidence >= 0.675] == \
        ["mean performance"]


def test_what_a_reported_change_is_in_or_of_is_a_metric():
    from kg.extract.components import changed_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in changed_measure_candidates(text) if c.label is X]

    assert measures("They gain more than a 5x increase in training compute, some more.") == ["training compute"]
    assert measures("It leads to a 1.2% drop in error.") == ["error"]
    assert measures("It offers a runtime reduction of 7x and 7.91x processing acceleration, a 2.3% mAP boost and "
                    "a 28% relative improvement.") == ["runtime", "processing acceleration", "mAP"]
    # a task the change is in is no measure
    assert measures("It leads to 2x improvements in the block stacking task, and more.") == []


def test_what_a_reported_amount_makes_smaller_or_larger_is_a_metric():
    from kg.extract.components import changed_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in changed_measure_candidates(text) if c.label is X]

    assert measures("It has 26% smaller model size, 25% less computational cost and 70% fewer parameters.") == \
        ["model size", "computational cost", "parameters"]
    # a task is no measure
    assert measures("It solves 3x more tasks.") == []


def test_what_a_reported_amount_makes_smaller_or_larger_in_is_a_metric():
    from kg.extract.components import changed_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in changed_measure_candidates(text) if c.label is X]

    assert measures("It is 30 times smaller in the model size and 96% smaller than FlowNet in terms of model "
                    "parameters.") == ["model size", "model parameters"]


def test_a_span_that_starts_inside_a_hyphenated_word_takes_the_whole_word():
    for text, surface, expected in (("calculating co-attention, then", "attention", "co-attention"),
                                    ("BaBi and Sort-of-CLEVR require", "CLEVR", "Sort-of-CLEVR"),
                                    ("the re-ID accuracy is high", "ID accuracy", "re-ID accuracy"),
                                    ("a KITTI-trained detector", "KITTI", "KITTI")):
        start = text.index(surface)
        s, e = clean_span(text, start, start + len(surface))
        assert text[s:e] == expected


def test_a_variant_of_a_known_dataset_keeps_a_high_confidence():
    text = "BaBi and Sort-of-CLEVR require a few steps."
    lexicon = parse_lexicon("Dataset\tCLEVR\n")
    (group,) = group_mentions(text, [0], [span(text, "CLEVR", D, source="lexicon")], [], lexicon)
    assert group.name == "Sort-of-CLEVR" and group.confidence >= 0.8


def test_a_title_case_task_word_joins_the_task_it_ends():
    text = "Networks for Super-Resolution\nWe address single-image super-resolution."
    cands = [span(text, "Super-Resolution", T), span(text, "single-image super-resolution", T)]
    (group,) = groups_of(text, cands, title_end=text.index("\n"))
    assert group.name == "single-image super-resolution" and group.aliases == ["Super-Resolution"]


def test_a_task_name_drops_a_leading_word_of_praise():
    text = "Efficient Text Classification\nWe study text classification and robust ranking."
    cands = [span(text, "Efficient Text Classification", T), span(text, "text classification", T),
             span(text, "robust ranking", T)]
    names = sorted(g.name.lower() for g in groups_of(text, cands, title_end=text.index("\n")))
    assert names == ["robust ranking", "text classification"]  # a one-word rest keeps its word
    text = "We use Efficient Net layers."
    assert [g.name for g in groups_of(text, [span(text, "Efficient Net layers", M)])] == ["Efficient Net layers"]


def test_a_task_name_drops_a_leading_word_of_difficulty_or_relation():
    text = "We study challenging face detection and the associated text comprehension task on representative tasks."
    cands = [span(text, "challenging face detection", T), span(text, "associated text comprehension", T),
             span(text, "representative tasks", T)]
    names = sorted(g.name for g in groups_of(text, cands))
    assert names == ["face detection", "representative tasks", "text comprehension"]  # one-word rests keep it


def test_a_task_name_drops_the_known_data_set_it_opens_with():
    text = "We report results on MS COCO object detection and ImageNet localization, and 3D shape modelling."
    lexicon = parse_lexicon("Dataset\tMS COCO\nDataset\tImageNet\nDataset\t3D shape\n")
    cands = [span(text, "MS COCO object detection", T), span(text, "ImageNet localization", T),
             span(text, "3D shape modelling", T)]
    groups = {g.name: g.type for g in group_mentions(text, [0], cands, [], lexicon)}
    assert groups == {"object detection": T, "MS COCO": D, "localization": T, "ImageNet": D,
                      "3D shape modelling": T}  # a lower-case "data set" stays in the task's name


def test_a_bare_modality_before_tasks_is_no_task():
    text = "Attention helps many natural language tasks, sophisticated vision tasks and computer vision."
    cands = [span(text, "natural language tasks", T), span(text, "vision tasks", T), span(text, "computer vision", T)]
    assert [g.name for g in groups_of(text, cands)] == ["computer vision"]


def test_a_method_name_drops_a_leading_lower_case_word_of_praise():
    text = "We compare the state-of-the-art phrase-based system with a minimalist recurrent pooling function."
    cands = [span(text, "state-of-the-art phrase-based system", M), span(text, "minimalist recurrent pooling function", M)]
    assert sorted(g.name for g in groups_of(text, cands)) == ["phrase-based system", "recurrent pooling function"]
    text = "We train an Efficient Sub-Pixel Convolutional Network with conventional GAN training."
    cands = [span(text, "Efficient Sub-Pixel Convolutional Network", M), span(text, "conventional GAN training", M)]
    assert sorted(g.name for g in groups_of(text, cands)) == ["Efficient Sub-Pixel Convolutional Network",
                                                              "conventional GAN training"]
    text = "We introduce an efficient annotation pipeline."  # "annotation pipeline" alone names a kind
    assert [g.name for g in groups_of(text, [span(text, "efficient annotation pipeline", M)])] == \
        ["efficient annotation pipeline"]


def test_a_task_name_takes_the_hyphenated_word_of_its_kind():
    text = "We reach good results on character-level language modelling and end-to-end speech recognition."
    cands = [span(text, "language modelling", T), span(text, "speech recognition", T)]
    names = sorted(g.name for g in groups_of(text, cands))
    assert names == ["character-level language modelling", "speech recognition"]


def test_a_metric_name_drops_which_run_it_reports():
    text = "We improve the average AUROC by 5% and the mean average precision."
    lexicon = parse_lexicon("Metric\taverage precision\n")
    cands = [span(text, "average AUROC", X), span(text, "average precision", X, source="lexicon")]
    groups = group_mentions(text, [0], cands, [], lexicon)
    assert sorted(g.name for g in groups) == ["AUROC", "average precision"]


def test_plain_phrase_after_we_propose_is_a_method_candidate():
    from kg.extract.components import proposed_phrase_candidates

    lexicon = parse_lexicon("Task\tfew-shot learning\n")

    def proposed(text):
        return [(text[c.start:c.end], c.label) for c in proposed_phrase_candidates(text, lexicon)]

    assert proposed("In this paper, we propose a novel feature fusion strategy for detection.") == [
        ("feature fusion strategy", M)]
    assert proposed("We introduce a concave-convex relaxation of the problem.") == [("concave-convex relaxation", M)]
    assert proposed("we propose a novel residual unit capable of improving accuracy.") == [("residual unit", M)]
    assert proposed("We propose a simple yet effective method to do it.") == []  # generic
    assert proposed("We propose a new regularization parameter that helps.") == []  # no technique
    assert proposed("We propose a few-shot learning method that works.") == []  # the task's name
    assert proposed("We present a highly efficient solver via two techniques.") == []
    assert proposed("To this end, we develop a synthetic data pipeline using stickers.") == [
        ("synthetic data pipeline", M)]
    assert proposed("We also introduce a novel objective function for it.") == []  # generic words
    assert proposed("we first develop an adaptive strong OOD pruning which helps") == [
        ("adaptive strong OOD pruning", M)]
    assert proposed("we have presented a novel fusion strategy.") == []  # a kind of method
    assert proposed("by introducing a new learning framework SAL, which ...") == []  # the name is the entity


def test_plain_phrase_after_using_or_via_with_a_method_head_is_a_method_candidate():
    from kg.extract.components import means_phrase_candidates

    def means(text):
        return [(text[c.start:c.end], c.label) for c in means_phrase_candidates(text)]

    assert means("we recover its training data via a zero-order gradient estimator and then") == [
        ("zero-order gradient estimator", M)]
    assert means("functions like square root, using the next-token prediction objective.") == [
        ("next-token prediction objective", M)]
    assert means("we train it using synthetic data generation, and") == []  # no method's head word
    assert means("corruptions using a single model.") == []  # generic
    assert means("we address it using a novel optimization procedure.") == []  # a kind of method


def test_plain_phrase_a_comparison_beats_is_a_rival_method_candidate():
    from kg.extract.components import rival_phrase_candidates

    def rivals(text):
        return [(text[c.start:c.end], c.label) for c in rival_phrase_candidates(text)]

    assert rivals("Overall, Contrastive Decoding outperforms nucleus sampling for long-form generation.") == [
        ("nucleus sampling", M)]
    assert rivals("it achieves large improvements over greedy decoding on reasoning tasks") == [("greedy decoding", M)]
    assert rivals("Our method outperforms low-capacity baseline models and matches others.") == [
        ("low-capacity baseline models", M)]
    assert rivals("improved performance compared to self-supervised pretraining.") == [("self-supervised pretraining", M)]
    assert rivals("and outperforms existing uncertainty estimation approaches without") == [
        ("uncertainty estimation approaches", M)]
    assert rivals("Our method outperforms state-of-the-art methods on all tasks.") == []  # no name
    assert rivals("our model outperforms the competitive baselines by a large margin.") == []  # a vague rival
    assert rivals("Our approach outperforms the best published results on it.") == []
    assert rivals("it is better than pre-training data, since") == []  # no method's head word
    assert rivals("a distribution over latent variables.") == []  # "over" without a comparison


def test_method_head_after_what_it_rests_on_is_a_method_candidate():
    from kg.extract.components import rests_on_phrase_candidates

    def rests(text):
        return [(text[c.start:c.end], c.label) for c in rests_on_phrase_candidates(text)]

    assert rests("Using an RL-based framework derived from recent work") == [("RL-based framework", M)]
    assert rests("and a retrieval-based data augmentation mechanism to increase") == [
        ("retrieval-based data augmentation mechanism", M)]
    assert rests("we propose a divide-and-conquer gradient-free algorithm to optimize") == [
        ("divide-and-conquer gradient-free algorithm", M)]
    assert rests("We introduce RoboFuME, a reset-free fine-tuning system that") == [("reset-free fine-tuning system", M)]
    assert rests("other RL-based and traditional methods") == []  # two classes of methods
    assert rests("fine-tuning the large pre-trained model.") == []  # "-trained" says how, not what on
    assert rests("we then train CNN-based systems") == [("CNN-based systems", M)]  # not the verb before it
    # a name or a third word between, "strategies" and "policies" as the head
    assert rests("Distance-based OOD detection methods have emerged") == [("Distance-based OOD detection methods", M)]
    assert rests("over the action-free visual RL pretraining method in") == [
        ("action-free visual RL pretraining method", M)]
    assert rests("We reveal that uncertainty-based strategies perform poorly") == [("uncertainty-based strategies", M)]


def test_plain_phrase_a_method_is_based_on_is_a_method_candidate():
    from kg.extract.components import foundation_phrase_candidates

    def founded(text):
        return [(text[c.start:c.end], c.label) for c in foundation_phrase_candidates(text)]

    assert founded("all such models are based on the conventional classification framework, where") == [
        ("conventional classification framework", M)]
    assert founded("Existing approaches mostly rely on simple reading mechanisms for independent encoding") == [
        ("simple reading mechanisms", M)]
    assert founded("Our model builds on conditional neural language models for text generation.") == [
        ("conditional neural language models", M)]
    assert founded("we propose a simple but effective extension of a sinusoidal positional encoding to enable") == [
        ("sinusoidal positional encoding", M)]
    assert founded("we utilize a variant of mean-shift clustering, implemented as") == [("mean-shift clustering", M)]
    assert founded("here we make use of complex valued embeddings.") == [("complex valued embeddings", M)]
    assert founded("Early stopping based on hold-out data is popular.") == []  # no method's head word
    assert founded("in contrast to humans that rely heavily on world understanding and visual cues") == []  # a task
    assert founded("a method based on our approach.") == []  # generic


def test_class_of_methods_named_by_what_it_rests_on_stays_a_method():
    text = "It can be applied to every metric-learning-based few-shot learning methods. Few-shot learning is hard."
    cands = [span(text, "metric-learning-based few-shot learning methods", M, "rests"),
             span(text, "Few-shot learning", T, "lexicon")]
    found = {(g.name, g.type) for g in groups_of(text, cands)}
    assert ("metric-learning-based few-shot learning methods", M) in found


def test_coined_name_and_the_phrase_saying_what_it_is_are_one_entity():
    text = "In this work, we propose ECHO, a self-harmonized chain-of-thought prompting method. ECHO works."
    cands = [span(text, "ECHO", M), span(text, "self-harmonized chain-of-thought prompting method", M)]
    (group,) = groups_of(text, cands)
    assert group.name == "ECHO" and group.aliases == ["self-harmonized chain-of-thought prompting method"]
    text = "we introduce a curriculum learning algorithm called Degree-Curriculum that learns."
    cands = [span(text, "curriculum learning algorithm", M), span(text, "Degree-Curriculum", M)]
    (group,) = groups_of(text, cands)
    assert group.name == "Degree-Curriculum"
    # the phrase names a method of its own: "fine-tuning" is written alone too
    text = "We propose Prereq-Tune, a fine-tuning strategy. Unlike plain fine-tuning, it works."
    cands = [span(text, "Prereq-Tune", M), span(text, "fine-tuning strategy", M), span(text, "fine-tuning", M, nth=1)]
    assert "Prereq-Tune" in {g.name for g in groups_of(text, cands)}


def test_coined_short_form_joins_a_long_name_written_two_ways():
    text = "Camera Style Adaptation\nWe propose CamStyle, a camera style adaptation method."
    cands = [span(text, "Camera Style Adaptation", M), span(text, "CamStyle", M),
             span(text, "camera style adaptation method", M)]
    (group,) = groups_of(text, cands, title_end=text.index("\n"))
    assert "CamStyle" in group.aliases


def test_short_form_of_word_beginnings_joins_its_long_name():
    from kg.extract.entities import spells_beginnings

    assert spells_beginnings("DR-BiLSTM", "Dependent Reading Bidirectional LSTM")
    assert spells_beginnings("S-LSTM", "Sentence-State LSTM")
    assert spells_beginnings("MEMEN", "Multi-layer Embedding with Memory Networks")
    assert not spells_beginnings("NAC", "NAC-based criterion")  # the name itself, with more words
    assert not spells_beginnings("CIFAR-10", "CIFAR-100") and not spells_beginnings("RoBERTa", "BERT")
    text = "We propose Sentence-State LSTM. S-LSTM outperforms BiLSTMs."
    cands = [span(text, "Sentence-State LSTM", M), span(text, "S-LSTM", M), span(text, "BiLSTMs", M)]
    names = {g.name: g.aliases for g in groups_of(text, cands)}
    assert names == {"Sentence-State LSTM": ["S-LSTM"], "BiLSTMs": []}


def test_more_words_for_a_kind_join_the_bare_name():
    text = "We train with the Muon optimizer. Muon is fast on the OOD detection task and OOD detection."
    cands = [span(text, "Muon optimizer", M), span(text, "Muon", M, nth=1),
             span(text, "OOD detection task", T), span(text, "OOD detection", T, nth=1)]
    names = {g.name: g.aliases for g in groups_of(text, cands)}
    assert names == {"Muon": ["Muon optimizer"], "OOD detection": ["OOD detection task"]}
    text = "We solve few-shot tasks. Our few-shot learner helps."
    cands = [span(text, "few-shot tasks", T), span(text, "few-shot", T, nth=1)]
    assert len(groups_of(text, cands)) == 2  # one plain word before "tasks" says which tasks


def test_names_that_differ_in_a_kind_word_of_one_class_are_one():
    text = "We compare distributed training methods. Such distributed training techniques scale."
    cands = [span(text, "distributed training methods", M), span(text, "distributed training techniques", M)]
    (group,) = groups_of(text, cands)
    assert group.aliases
    text = "The Progressive Scale Expansion Network runs a progressive scale expansion algorithm."
    cands = [span(text, "Progressive Scale Expansion Network", M), span(text, "progressive scale expansion algorithm", M)]
    assert len(groups_of(text, cands)) == 2


def test_a_coined_name_in_parentheses_after_a_name_of_its_letter_is_its_short_form():
    text = "We adapt via Activation Matching (ActMAD). ActMAD is fast. We add an attention mechanism (GA-RNNG)."
    cands = [span(text, "Activation Matching", M), span(text, "ActMAD", M), span(text, "attention mechanism", M),
             span(text, "GA-RNNG", M)]
    names = {g.name: g.aliases for g in groups_of(text, cands)}
    assert names == {"Activation Matching": ["ActMAD"], "attention mechanism": [], "GA-RNNG": []}


def test_task_lists_after_include_in_a_range_or_before_a_clause():
    from kg.extract.components import task_list_candidates

    text = ("It applies to other tasks such as stereo or optical flow where each pixel counts. The challenges, "
            "including instance segmentation and keypoint detection. It works on diverse tasks from question "
            "answering to language modeling. Such tasks include anomaly detection and activity prediction.")
    assert [text[c.start:c.end] for c in task_list_candidates(text)] == [
        "stereo", "optical flow", "instance segmentation", "keypoint detection", "question answering",
        "language modeling", "anomaly detection", "activity prediction"]


def test_plain_items_listed_after_tasks_colon_are_tasks():
    from kg.extract.components import task_colon_list_candidates

    text = ("We test this model on three tasks: non-uniform motion blur removal, lossy-compression artifact "
            "reduction and single image super resolution. It faces two challenges: speed and memory.")
    assert [text[c.start:c.end] for c in task_colon_list_candidates(text)] == [
        "non-uniform motion blur removal", "lossy-compression artifact reduction", "single image super resolution"]


def test_items_coordinated_before_tasks_are_tasks():
    from kg.extract.components import coordinated_task_candidates

    text = ("We compare on image generation and retrieval tasks. It can handle person detection, keypoint detection "
            "and pose estimation problems. It helps both supervised and self-supervised tasks.")
    assert [text[c.start:c.end] for c in coordinated_task_candidates(text)] == [
        "image generation", "retrieval", "person detection", "keypoint detection", "pose estimation"]


def test_the_activity_before_applications_is_a_task():
    from kg.extract.components import application_task_candidates

    text = ("Many natural language processing applications use it. It suits safety-critical applications, practical "
            "denoising applications and modern deep learning applications.")
    assert [text[c.start:c.end] for c in application_task_candidates(text)] == ["natural language processing",
                                                                                 "denoising"]


def test_fields_listed_after_applications_in_are_tasks():
    from kg.extract.components import applied_field_candidates

    text = ("It has many applications in machine translation, dialogue systems, image captioning, etc. It could be "
            "useful in chemistry and materials science. It is used to generate samples.")
    assert [text[c.start:c.end] for c in applied_field_candidates(text)] == [
        "machine translation", "dialogue systems", "image captioning", "chemistry", "materials science"]


def test_plain_task_items_of_a_list_with_longer_phrases_are_tasks():
    from kg.extract.components import long_task_list_candidates

    text = ("It serves applications such as semi-supervised classification, disentangling style and content of "
            "images, unsupervised clustering, dimensionality reduction and data visualization. Tasks such as reading "
            "of text in images, counting of objects and data visualization for long documents are hard.")
    assert [text[c.start:c.end] for c in long_task_list_candidates(text)] == [
        "semi-supervised classification", "unsupervised clustering", "dimensionality reduction",
        "data visualization"]


def test_title_opening_task_before_with_is_a_task():
    from kg.extract.components import title_task_with_candidate

    text = "Brain Tumor Segmentation with Deep Neural Networks\nWe segment tumors."
    assert [text[c.start:c.end] for c in title_task_with_candidate(text)] == ["Brain Tumor Segmentation"]
    assert title_task_with_candidate("Sequence to Sequence Learning with Neural Networks\nWe learn.") == []


def test_title_purpose_goes_on_through_from_or_under():
    from kg.extract.components import title_purpose_candidates

    text = "Test-Time Training for Generalization under Distribution Shifts\nWe train at test time."
    assert [text[c.start:c.end] for c in title_purpose_candidates(text)] == [
        "Generalization under Distribution Shifts"]


def test_a_problem_the_lexicon_knows_by_name_is_kept():
    lexicon = parse_lexicon("Task\tinstruction following\n")
    text = "Base models are less capable at instruction following."
    (group,) = group_mentions(text, [0], [span(text, "instruction following", T, source="lexicon")], [], lexicon)
    assert group.type is T and group.confidence >= 0.7


def test_names_after_in_terms_of_are_metrics():
    text = "It outperforms the baselines in terms of AUC and Logloss on both datasets."
    groups = groups_of(text, [span(text, "AUC", X), span(text, "Logloss", M)])
    assert {g.name: g.type for g in groups} == {"AUC": X, "Logloss": X}


def test_a_short_form_and_the_name_it_spells_share_an_initial():
    from kg.extract.entities import _initials, spells_beginnings, spells_short_form

    for short, long in (("SB", "A Simple Baseline"), ("BiDAF", "Bi-Directional Attention Flow"),
                        ("3D-CNN", "3D convolutional neural network"), ("CamStyle", "Camera Style Adaptation")):
        assert spells_short_form(short, long) or spells_beginnings(short, long)
        assert _initials(short) & _initials(long)
    assert not _initials("BERT") & _initials("RoBERTa")  # the cheap test already tells these apart


def test_a_name_the_sentence_calls_a_problem_is_a_task():
    # "X is a fundamental problem": a Task, even where the recogniser and a head word said Method
    text = "Stereo-matching is a fundamental problem in computer vision. We improve stereo-matching."
    cands = [span(text, "Stereo-matching", M), span(text, "stereo-matching", M)]
    groups = groups_of(text, cands)
    assert [(g.name, g.type) for g in groups] == [("Stereo-matching", T)]
    other = "Stereo-matching is a fundamental component of our system. We improve stereo-matching."
    assert [g.type for g in groups_of(other, [span(other, "Stereo-matching", M),
                                              span(other, "stereo-matching", M)])] == [M]


def test_a_known_name_around_a_parenthesised_short_form_is_a_candidate():
    from kg.extract.components import split_known_name_candidates

    lexicon = parse_lexicon("Task\tout-of-distribution detection\t\nMethod\tchain-of-thought prompting\t\n")
    text = ("We address the problem of out-of-distribution (OOD) detection for object detection. "
            "Chain-of-Thought (CoT) prompting helps; out-of-distribution (OOD), detection is not one.")
    found = [(text[c.start:c.end], c.label) for c in split_known_name_candidates(text, lexicon)]
    assert found == [("out-of-distribution (OOD) detection", T), ("Chain-of-Thought (CoT) prompting", M)]


def test_a_name_with_a_parenthesised_short_form_is_not_renamed_to_a_plural():
    text = "We study out-of-distribution (OOD) detection. Many out-of-distribution detections fail."
    cands = [span(text, "out-of-distribution (OOD) detection", T), span(text, "out-of-distribution detections", T)]
    names = [g.name for g in groups_of(text, cands) if g.type is T]
    assert names == ["out-of-distribution (OOD) detection"]


def test_a_span_with_a_verb_inside_is_a_clause_not_a_name():
    text = "Out-Of-Domain Unlabeled Data Improves Generalization\nWe study domain adaptation."
    cands = [span(text, "Out-Of-Domain Unlabeled Data Improves Generalization", T, "title"),
             span(text, "domain adaptation", T)]
    assert [g.name for g in groups_of(text, cands, title_end=text.index("\n"))] == ["domain adaptation"]


def test_a_plain_phrase_for_data_is_no_task():
    text = "Image Background Serves as Good Proxy for Out-of-distribution Data\nIdentifying Mislabeled Data helps."
    cands = [span(text, "Out-of-distribution Data", T, "purpose"), span(text, "Identifying Mislabeled Data", T)]
    assert [g.name for g in groups_of(text, cands, title_end=text.index("\n"))] == ["Identifying Mislabeled Data"]


def test_the_plain_phrase_before_a_singular_task_names_the_task():
    from kg.extract.components import named_task_candidates

    text = ("It leads to 2x gains in the block stacking task and trains on an instruction-following task. "
            "This is a challenging task; the main learning task and the memory-demanding task are not named.")
    found = [(text[c.start:c.end], c.label) for c in named_task_candidates(text)]
    assert found == [("block stacking", T), ("instruction-following", T)]


def test_methods_of_a_known_learning_paradigm_are_a_method_candidate():
    from kg.extract.components import paradigm_class_candidates
    from kg.extract.lexicon import default_lexicon

    def found(text):
        return [(text[c.start:c.end], c.label) for c in paradigm_class_candidates(text, default_lexicon())]

    assert found("We compare to existing imitation learning methods.") == [("imitation learning methods", M)]
    assert found("modern model-based RL algorithms can plan") == [("model-based RL algorithms", M)]
    # not a generic paradigm, not a task's name ending in "unlearning", not after what the methods rest on
    assert found("While deep learning approaches work") == []
    assert found("machine unlearning methods") == []
    assert found("every metric-learning-based few-shot learning methods") == []
    # the candidate wins over the task name inside it
    text = "Offline reinforcement learning techniques are calibrated."
    cands = [span(text, "Offline reinforcement learning", T, "lexicon"), span(text, "Offline reinforcement learning", T),
             span(text, "Offline reinforcement learning techniques", M, "paradigm")]
    assert {(g.name, g.type) for g in groups_of(text, cands)} == {("Offline reinforcement learning techniques", M)}


def test_technique_named_after_its_author_is_a_method():
    from kg.extract.components import possessive_name_candidates

    def found(text):
        return [(text[c.start:c.end], c.label) for c in possessive_name_candidates(text)]

    assert found("based on the HGP and Hutchinson's method (Hutchinson), through Bayes' rule.") == \
        [("Hutchinson's method", M), ("Bayes' rule", M)]
    assert found("Let's think step by step. The model's output and BERT's is fine.") == []
    text = "Consider Jeffrey's divergence with two classes."
    cands = possessive_name_candidates(text)
    assert {(g.name, g.type) for g in groups_of(text, cands)} == {("Jeffrey's divergence", M)}


def test_plain_items_listed_after_methods_such_as_are_methods():
    from kg.extract.components import method_list_candidates

    def found(text):
        return [(text[c.start:c.end], c.label) for c in method_list_candidates(text)]

    text = "We tried techniques, including random histogram matching, affine image transforms and random image filtering."
    assert found(text) == [("random histogram matching", M), ("affine image transforms", M), ("random image filtering", M)]
    assert found("Ensemble-based methods, like weight space ensembles that interpolate weights.") == \
        [("weight space ensembles", M)]
    assert found("methods such as the ones in the paper.") == []  # not a list of names


def test_known_task_before_a_part_of_a_model_is_a_method():
    from kg.extract.components import task_part_candidates
    from kg.extract.lexicon import default_lexicon

    def found(text):
        return [(text[c.start:c.end], c.label) for c in task_part_candidates(text, default_lexicon())]

    assert found("we train a semantic segmentation network on it") == [("semantic segmentation network", M)]
    assert found("the face verification pipeline and a language modeling loss") == [
        ("face verification pipeline", M), ("language modeling loss", M)]
    assert found("a deep residual network") == []  # no task's name before it
    text = "We add a language modeling loss."
    cands = [span(text, "language modeling", T, "lexicon"), span(text, "language modeling", T)] + task_part_candidates(
        text, default_lexicon())
    assert {(g.name, g.type) for g in groups_of(text, cands)} == {("language modeling loss", M)}


def test_perception_task_before_plural_parts_stays_the_task():
    from kg.extract.components import task_part_candidates
    from kg.extract.lexicon import default_lexicon

    def found(text):
        return [(text[c.start:c.end], c.label) for c in task_part_candidates(text, default_lexicon())]

    assert found("State-of-the-art object detection networks depend on proposals") == []
    assert found("popular medical image segmentation networks such as 3D U-Net") == []
    assert found("we train a semantic segmentation network on it") == [("semantic segmentation network", M)]


def test_title_fragment_of_a_defined_long_form_is_that_name():
    text = ("PASTA: Spectrum Training Augmentation for Domain Generalization\n"
            "We propose Proportional Amplitude Spectrum Training Augmentation (PASTA). PASTA is simple.")
    cands = [span(text, "PASTA", M), span(text, "Spectrum Training Augmentation", M),
             span(text, "Proportional Amplitude Spectrum Training Augmentation", M)]
    groups = [g for g in groups_of(text, cands, title_end=text.index("\n")) if g.type is M]
    assert len(groups) == 1 and "Spectrum Training Augmentation" in groups[0].aliases


def test_a_task_word_shared_by_two_tasks_is_no_task_of_its_own():
    text = "We study robot manipulation. Multi-stage manipulation is hard. Manipulation matters."
    cands = [span(text, "robot manipulation", T), span(text, "Multi-stage manipulation", T),
             span(text, "Manipulation", T, nth=0)]
    names = sorted(g.name.lower() for g in groups_of(text, cands) if g.type is T)
    assert names == ["multi-stage manipulation", "robot manipulation"]
    text = "We study robot manipulation. Manipulation matters."
    cands = [span(text, "robot manipulation", T), span(text, "Manipulation", T)]
    assert len([g for g in groups_of(text, cands) if g.type is T]) >= 1


def test_doing_something_to_things_is_no_method():
    text = "Training neural networks is slow. We speed up training neural networks with MixProp."
    cands = [span(text, "training neural networks", M), span(text, "MixProp", M)]
    assert [g.name for g in groups_of(text, cands)] == ["MixProp"]


def test_what_a_verb_of_change_moves_is_a_metric_when_named_by_a_head_word():
    from kg.extract.components import moved_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in moved_measure_candidates(text) if c.label is X]

    assert measures("Kickstarting improves the data efficiency of new agents.") == ["data efficiency"]
    assert measures("Ensembles reduce prediction errors in the OOD settings.") == ["prediction errors"]
    assert measures("It reduces the wall-time training cost of popular models.") == ["wall-time training cost"]
    # no head word at the end, "performance", a lower-case "map": no measure
    assert measures("We improve the model performance and increase the feature map dimension at units.") == []
    assert measures("We increase the number of layers.") == []
    text = "Kickstarting improves the data efficiency of new agents."
    assert [(g.name, g.type) for g in groups_of(text, moved_measure_candidates(text))] == [("data efficiency", X)]


def test_a_measure_listed_after_a_metric_head_word_is_a_metric():
    from kg.extract.components import listed_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in listed_measure_candidates(text) if c.label is X]

    assert measures("It achieves both better accuracy and calibration, especially here.") == ["calibration"]
    assert measures("It improves on both BLEU scores and human ratings. It is in terms of AUC and Logloss on "
                    "both.") == ["human ratings", "Logloss"]
    # a loss starts no list of measures; a list that goes on past three words is no measure
    assert measures("We use a regression loss and additional data with labels.") == []
    assert measures("We report accuracy and we discuss the reasons for it.") == []
    text = "The success rate and mean-reward. It works."
    assert [(g.name, g.type) for g in groups_of(text, listed_measure_candidates(text))] == [("mean-reward", X)]


def test_a_measure_listed_after_a_changed_measure_is_a_metric():
    from kg.extract.components import changed_measure_candidates, continued_measure_candidates

    text = "It needs 77.1% and 73.1% less memory and CPU usage respectively, and 8x fewer steps and more data to train."
    cands = changed_measure_candidates(text)
    assert [text[c.start:c.end] for c in continued_measure_candidates(text, cands)] == ["CPU usage"]
    assert [(g.name, g.type) for g in groups_of(text, cands + continued_measure_candidates(text, cands))
            if g.name == "CPU usage"] == [("CPU usage", X)]


def test_more_or_less_of_what_a_method_takes_in_is_no_metric():
    from kg.extract.components import changed_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in changed_measure_candidates(text) if c.label is X]

    assert measures("It beats them while using 60% less training data and processes 30% more pixels.") == []
    assert measures("It needs 70% fewer parameters and 26% smaller model size.") == ["parameters", "model size"]


def test_a_quality_named_by_what_it_is_the_quality_of_is_a_metric():
    from kg.extract.components import named_quality_candidates

    def measures(text):
        return [text[c.start:c.end] for c in named_quality_candidates(text) if c.label is X]

    assert measures("It helps improve reconstruction quality and shows better overall restoration quality.") == \
        ["reconstruction quality", "restoration quality"]
    # a word for a degree names no quality; "the quality of ..." and "quality scores" are no such name
    assert measures("Images of much higher quality; the image quality of samples; image quality scores.") == []
    text = "The learned RPN also improves region proposal quality."
    assert [(g.name, g.type) for g in groups_of(text, named_quality_candidates(text))] == \
        [("region proposal quality", X)]


def test_a_speed_or_overhead_named_by_what_it_is_of_is_a_metric():
    from kg.extract.components import named_quality_candidates

    def measures(text):
        return [text[c.start:c.end] for c in named_quality_candidates(text) if c.label is X]

    assert measures("It has a trade-off between inference speed and negligible computational overhead.") == \
        ["inference speed", "computational overhead"]
    # "speed up" is a verb; a degree is no name
    assert measures("ELU networks considerably speed up learning with a small overhead at fast speed.") == []


def test_a_complexity_named_by_what_it_is_of_is_a_metric():
    from kg.extract.components import named_quality_candidates

    def measures(text):
        return [text[c.start:c.end] for c in named_quality_candidates(text) if c.label is X]

    assert measures("It reduces the computational complexity and keeps a low sample complexity.") == \
        ["computational complexity", "sample complexity"]
    assert measures("RNNs of comparable complexity face the computational complexity problem.") == []


def test_the_measures_listed_after_in_terms_of_are_metrics():
    from kg.extract.components import compared_terms_candidates

    def measures(text):
        return [text[c.start:c.end] for c in compared_terms_candidates(text) if c.label is X]

    assert measures("It beats them in terms of both reconstruction accuracy and computational performance for "
                    "SR.") == ["reconstruction accuracy", "computational performance"]
    assert measures("It is best in terms of precision, recall and F1 score. It is in terms of the GMAM metric.") == \
        ["precision", "recall", "F1 score", "GMAM metric"]
    # a phrase that goes on after "of", or holds a verb or pronoun, is no list of measures
    assert measures("They are limited in terms of availability of UID data.") == []
    assert measures("We recast HypER in terms of tensor operations showing that it holds.") == []
    text = "It is better in terms of visual quality and run time."
    assert {(g.name, g.type) for g in groups_of(text, compared_terms_candidates(text))} == \
        {("visual quality", X), ("run time", X)}


def test_a_coined_title_case_name_ending_in_a_metric_head_word_is_a_metric():
    from kg.extract.components import coined_name_candidates

    def coined(text):
        return [(text[c.start:c.end], c.label) for c in coined_name_candidates(text)]

    assert coined("We also introduce a novel metric, called Adaptive Unlearning Score (AUS), for this.") == \
        [("Adaptive Unlearning Score", X)]
    # a capitalised word after the head word makes a longer name: not a measure
    assert coined("We introduce Multiscale Score Matching, a method.") == [("Multiscale Score Matching", M)]


def test_a_time_after_at_or_during_is_a_moment_not_a_metric():
    text = "The model is static at test time. It adds no overhead during training time."
    cands = [span(text, "test time", X), span(text, "training time", X)]
    assert groups_of(text, cands) == []
    text = "It reduces the training time. It is static at test time."
    assert [g.name for g in groups_of(text, [span(text, "training time", X)])] == ["training time"]


def test_a_coined_name_before_the_words_of_a_task_is_its_data_set():
    from kg.extract.components import task_data_set_candidates

    lexicon = parse_lexicon("Method\tBERT\n")
    text = "On the WebVision50 classification task we gain; the TIMIT phoneme recognition task too."
    cands = task_data_set_candidates(text, lexicon)
    assert [(text[c.start:c.end], c.label) for c in cands] == [("WebVision50", D), ("TIMIT", D)]
    assert task_data_set_candidates("We fine-tune BERT on downstream tasks and the OOD detection task.", lexicon) == []
    assert task_data_set_candidates("BERT classification tasks are hard.", lexicon) == []


def test_a_title_case_name_before_a_singular_word_for_data_is_a_data_set():
    from kg.extract.components import title_case_data_set_candidates

    text = "We generalize on World of Bits benchmark, and on the challenging Mapillary Vistas dataset."
    cands = title_case_data_set_candidates(text)
    assert [(text[c.start:c.end], c.label) for c in cands] == [("World of Bits", D), ("Mapillary Vistas", D)]
    assert title_case_data_set_candidates("Results. The MNIST dataset and the AFEW dataset.") == []


def test_the_second_of_a_pair_after_on_in_a_reported_sentence_is_a_data_set():
    text = "DOS reduces the average FPR95 by up to 25.79% on CIFAR-100 with TI-300K."
    (group,) = groups_of(text, [span(text, "TI-300K", M)])
    assert group.type is D


def test_a_coined_casing_of_a_generic_word_is_a_name_and_repeats_only_as_written():
    text = "We beat the simple baselines ComplEx and SimplE. SimplE is a simple bilinear model."
    groups = groups_of(text, [span(text, "ComplEx", M), span(text, "SimplE", M)])
    (group,) = [g for g in groups if g.name == "SimplE"]
    assert group.type is M and len(group.mentions) == 2 and not group.aliases
    sota = "We improve the SoTA on two benchmarks."
    assert not groups_of(sota, [span(sota, "SoTA", M)])


def test_the_kind_of_links_before_connections_is_a_method_candidate():
    from kg.extract.components import connection_candidates

    def links(text):
        return [(text[c.start:c.end], c.label) for c in connection_candidates(text)]

    assert links("an effective use of residual connections in deep recurrent networks.") == [
        ("residual connections", M)]
    assert links("by constructing hierarchical residual-like connections within one block") == [
        ("hierarchical residual-like connections", M)]
    assert links("We generalize the dense connectivity of DenseNet.") == [("dense connectivity", M)]
    assert links("can be explained through connections to physics") == []  # a function word
    assert links("it has information-theoretic connections to entropy") == []  # ties between ideas


def test_recognised_links_keep_their_full_name_and_stand_alone():
    text = "The model uses multi-resolution dilated recurrent skip connections. We add skip connections to it."
    cands = [span(text, "multi-resolution dilated recurrent skip connections", M),
             span(text, "recurrent skip connections", M, "connection"), span(text, "skip connections", M, "connection", 1)]
    names = {g.name: g.confidence for g in groups_of(text, cands)}
    assert "multi-resolution dilated recurrent skip connections" in names and "recurrent skip connections" not in names
    text = "The network has no residual connections."
    (group,) = groups_of(text, [span(text, "residual connections", M, "connection")])
    assert group.type is M and group.confidence >= 0.675


def test_a_coined_name_beside_a_known_data_set_is_a_data_set():
    lexicon = parse_lexicon("Dataset\tPASCAL-Context\t\n")
    text = "ParseNet runs on SiftFlow and PASCAL-Context without extra cost."

    def types(text):
        cands = [span(text, "ParseNet", M), span(text, "SiftFlow", M), span(text, "PASCAL-Context", D)]
        groups = group_mentions(text, [0], cands, find_abbreviations(text), lexicon)
        return {g.name: g.type for g in groups}

    assert types(text) == {"ParseNet": M, "SiftFlow": D, "PASCAL-Context": D}
    # side by side without "and" or a comma, the coined name is no list member ("Meta-World ML1")
    assert types("ParseNet runs on SiftFlow PASCAL-Context now.")["SiftFlow"] is M


def test_a_coined_name_after_on_in_a_sentence_claiming_a_result_is_a_data_set():
    text = "Our detector achieves state-of-the-art performance on INRIA."
    cands = [span(text, "INRIA", M), Candidate(text.index("INRIA"), text.index("INRIA") + 5, M, "pattern", 0.8)]
    (group,) = groups_of(text, cands)
    assert group.type is D and group.confidence >= 0.675
    text = "Our detector runs on INRIA."  # no claim: the name keeps its type
    cands = [span(text, "INRIA", M), Candidate(text.index("INRIA"), text.index("INRIA") + 5, M, "pattern", 0.8)]
    (group,) = groups_of(text, cands)
    assert group.type is M


def test_a_coined_name_after_on_in_a_sentence_of_experiments_is_a_data_set():
    text = "Experiments on AFLW show that it works."
    cands = [span(text, "AFLW", M), Candidate(text.index("AFLW"), text.index("AFLW") + 4, M, "pattern", 0.8)]
    (group,) = groups_of(text, cands)
    assert group.type is D and group.confidence >= 0.675


def test_later_members_of_a_list_after_on_in_a_reporting_sentence_are_data_sets():
    text = "It gains 2.1% on Caltech, INRIA, and ETH."
    cands = [Candidate(text.index(n), text.index(n) + len(n), M, "pattern", 0.8) for n in ("INRIA", "ETH")]
    typed = {g.name: g.type for g in groups_of(text, cands)}
    assert typed == {"INRIA": D, "ETH": D}


def test_a_coined_name_beside_a_name_typed_a_data_set_is_a_data_set():
    text = "Both SiftFlow and FooBar are hard."
    cands = [span(text, "FooBar", D), Candidate(text.index("SiftFlow"), text.index("SiftFlow") + 8, M, "pattern", 0.8)]
    typed = {g.name: g.type for g in groups_of(text, cands)}
    assert typed == {"SiftFlow": D, "FooBar": D}


def test_one_coined_word_before_a_singular_data_set_word_is_a_data_set():
    text = "It also does well on the existing WikiQA benchmark."
    cands = [span(text, "WikiQA", M), Candidate(text.index("WikiQA"), text.index("WikiQA") + 6, M, "pattern", 0.8)]
    (group,) = groups_of(text, cands)
    assert group.type is D
    text = "It also does well on the existing Meta-World ML1 benchmark."  # the end of a longer name
    cands = [span(text, "Meta-World", D), span(text, "ML1", M),
             Candidate(text.index("ML1"), text.index("ML1") + 3, M, "pattern", 0.8)]
    assert {g.name: g.type for g in groups_of(text, cands)}["ML1"] is M


def test_a_title_phrase_after_for_ending_in_an_activity_is_a_task():
    from collections import Counter
    from kg.extract.entities import context_votes

    tied = {M: 1.0, T: 1.0}
    text = "Variational Autoencoders for Collaborative Filtering\nWe extend them."
    target = span(text, "Collaborative Filtering", M)
    votes = context_votes(text, (target.start, target.end), Counter(tied), Lexicon(), title_end=text.index("\n"))
    assert votes[T] >= tied[T] + 2.0
    text = "A Data Processing System for Large Language Models\nWe build it."  # a model word: no activity
    target = span(text, "Large Language Models", M)
    votes = context_votes(text, (target.start, target.end), Counter(tied), Lexicon(), title_end=text.index("\n"))
    assert votes[T] < tied[T] + 2.0


def test_what_a_method_is_applied_to_is_a_problem():
    from collections import Counter
    from kg.extract.entities import context_votes

    tied = {M: 1.0, T: 1.0}
    text = "We extend variational autoencoders (vaes) to collaborative filtering."
    target = span(text, "collaborative filtering", M)
    votes = context_votes(text, (target.start, target.end), Counter(tied), Lexicon())
    assert votes[T] > votes[M]
    text = "The method can be applied to the task of image captioning."
    target = span(text, "image captioning", M)
    assert context_votes(text, (target.start, target.end), Counter(tied), Lexicon())[T] > tied[T]
    text = "This also applies to residual networks."  # "applies to" says nothing of a problem
    target = span(text, "residual networks", M)
    assert context_votes(text, (target.start, target.end), Counter(tied), Lexicon())[T] == tied[T]


def test_a_plain_name_before_systems_or_its_field_is_a_problem():
    from collections import Counter
    from kg.extract.entities import context_votes

    tied = {M: 1.0, T: 1.0}
    text = "Most neural machine translation systems use attention."
    target = span(text, "neural machine translation", M)
    votes = context_votes(text, (target.start, target.end), Counter(tied), Lexicon())
    plain = "Most neural machine translation uses attention."
    target = span(plain, "neural machine translation", M)
    assert votes[T] > context_votes(plain, (target.start, target.end), Counter(tied), Lexicon())[T]
    text = "Using FPN in a basic Faster R-CNN system helps."  # a coined name keeps its type
    target = span(text, "Faster R-CNN", M)
    assert context_votes(text, (target.start, target.end), Counter(tied), Lexicon())[T] == tied[T]


def test_what_is_put_to_use_is_a_means():
    from collections import Counter
    from kg.extract.entities import context_votes

    tied = {M: 1.0, T: 1.0}
    text = "With the use of reinforcement learning, agents stop early."
    target = span(text, "reinforcement learning", M)
    votes = context_votes(text, (target.start, target.end), Counter(tied), Lexicon())
    assert votes[M] > votes[T]  # though "learning" heads tasks
    text = "We focus on the application of person re-identification."  # an application is no means
    target = span(text, "person re-identification", M)
    assert context_votes(text, (target.start, target.end), Counter(tied), Lexicon())[M] == tied[M]


def test_a_known_method_stays_apart_from_a_longer_name_built_on_it_but_not_from_a_deeper_one():
    lexicon = parse_lexicon("Method\tknowledge distillation\nMethod\tresidual networks\n")
    text = ("We propose sequence-level knowledge distillation. Standard knowledge distillation is weaker. "
            "Very deep residual networks help. Such residual networks train well.")
    cands = [span(text, "sequence-level knowledge distillation", M), span(text, "knowledge distillation", M, nth=1),
             span(text, "Very deep residual networks", M), span(text, "residual networks", M, nth=1)]
    starts = [0] + [i + 2 for i in range(len(text)) if text.startswith(". ", i)]
    groups = group_mentions(text, starts, cands, find_abbreviations(text), lexicon)
    assert sorted(sorted({g.name, *g.aliases}) for g in groups) == [
        ["Very deep residual networks", "residual networks"], ["knowledge distillation"],
        ["sequence-level knowledge distillation"]]


def test_spelling_variants_of_one_name_are_one_entity():
    text = "We study finetuning of large models. Our fine-tuning recipe lowers the perplexities. Perplexity drops."
    groups = groups_of(text, [span(text, "finetuning", M), span(text, "fine-tuning", M),
                              span(text, "perplexities", X), span(text, "Perplexity", X)])
    assert len([g for g in groups if g.type is M]) == 1 and len([g for g in groups if g.type is X]) == 1


def test_plain_words_ending_in_a_past_participle_are_no_method():
    text = "Two fully connected layers follow; the contextually-encoded words feed a character-based LSTM."
    cands = [span(text, s, M) for s in ("fully connected", "contextually-encoded", "character-based LSTM")]
    assert [g.name for g in groups_of(text, cands)] == ["character-based LSTM"]


def test_the_role_of_a_part_in_a_model_is_no_method():
    text = "The generator and the discriminative net of a Wasserstein GAN compete; the adversary is a Wasserstein GAN."
    cands = [span(text, s, M) for s in ("generator", "discriminative net", "Wasserstein GAN", "adversary")]
    assert sorted(g.name for g in groups_of(text, cands)) == ["Wasserstein GAN", "adversary"]


def test_a_plain_learning_algorithm_is_no_method():
    text = "An online learning algorithm and a joint training algorithm train the Wasserstein GAN."
    cands = [span(text, s, M) for s in ("online learning algorithm", "joint training algorithm", "Wasserstein GAN")]
    assert [g.name for g in groups_of(text, cands)] == ["Wasserstein GAN"]


def test_models_as_shapes_of_objects_are_no_method():
    text = "We retrieve 3D models with a Wasserstein GAN."
    cands = [span(text, s, M) for s in ("3D models", "Wasserstein GAN")]
    assert [g.name for g in groups_of(text, cands)] == ["Wasserstein GAN"]


def test_a_bare_loss_function_is_no_method():
    text = "The loss function and the activation functions of a Wasserstein GAN change."
    cands = [span(text, s, M) for s in ("loss function", "activation functions", "Wasserstein GAN")]
    assert [g.name for g in groups_of(text, cands)] == ["Wasserstein GAN"]


def test_bare_convolutional_filters_are_no_method():
    text = "The convolutional layer filters and convolution kernels of a Wasserstein GAN are learned."
    cands = [span(text, s, M) for s in ("convolutional layer filters", "convolution kernels", "Wasserstein GAN")]
    assert [g.name for g in groups_of(text, cands)] == ["Wasserstein GAN"]


def test_a_bare_field_of_techniques_is_no_method():
    text = "Regularization helps a Wasserstein GAN; we add orthogonal regularization."
    cands = [span(text, s, M) for s in ("Regularization", "Wasserstein GAN", "orthogonal regularization")]
    assert sorted(g.name for g in groups_of(text, cands)) == ["Wasserstein GAN", "orthogonal regularization"]


def test_a_glued_macro_found_by_its_shape_alone_is_no_name():
    text = "We train fastText and a Wasserstein GAN. algorithmProcedure compressFigures"
    cands = [span(text, "fastText", M), span(text, "fastText", M, "pattern"), span(text, "Wasserstein GAN", M),
             span(text, "algorithmProcedure", M, "pattern"), span(text, "compressFigures", M, "pattern")]
    assert sorted(g.name for g in groups_of(text, cands)) == ["Wasserstein GAN", "fastText"]


def test_a_name_ending_in_an_organisation_word_is_an_affiliation():
    text = "DeepLab is trained at Facebook AI Research and PekingUniversity."
    cands = [span(text, s, M) for s in ("DeepLab", "Facebook AI Research", "PekingUniversity")]
    assert [g.name for g in groups_of(text, cands)] == ["DeepLab"]


def test_a_hyphenated_word_before_representation_is_no_method():
    text = "A surface-based representation and pose-normalized representations feed a Wasserstein GAN."
    cands = [span(text, s, M) for s in ("surface-based representation", "pose-normalized representations",
                                        "Wasserstein GAN")]
    assert [g.name for g in groups_of(text, cands)] == ["pose-normalized representations", "Wasserstein GAN"]


def test_a_bare_common_layer_a_paper_uses_is_no_method():
    text = ("A Wasserstein GAN stacks convolutional layers, a fully connected layer and a pooling layer. "
            "We propose to replace them with recurrent layers.")
    cands = [span(text, s, M) for s in ("Wasserstein GAN", "convolutional layers", "fully connected layer",
                                        "pooling layer", "recurrent layers")]
    assert [g.name for g in groups_of(text, cands)] == ["Wasserstein GAN", "pooling layer", "recurrent layers"]


def test_a_bare_perception_detector_is_no_method():
    text = "Object detectors and an image classifier feed a region-based face detector."
    cands = [span(text, s, M) for s in ("Object detectors", "image classifier", "region-based face detector")]
    assert [g.name for g in groups_of(text, cands)] == ["region-based face detector"]


def test_a_unit_that_names_a_measure_is_a_metric_candidate():
    from kg.extract.components import unit_measure_candidates

    def measures(text):
        return [text[c.start:c.end] for c in unit_measure_candidates(text) if c.label is X]

    assert measures("We achieve 1.27 bits/char on text8 and 1.24 bits/char on Hutter Prize.") == ["bits/char"] * 2
    assert measures("Our method can run at 6 FPS on a GPU, producing masks at 35 frames per second.") == \
        ["FPS", "frames per second"]
    assert measures("Mask R-CNN adds a small overhead, running at 5 fps.") == []


def test_clean_span_drops_problem_after_a_task_head():
    text = "We study the face detection problem and the graph partition problem."
    start = text.index("face")
    s, e = clean_span(text, start, start + len("face detection problem"))
    assert text[s:e] == "face detection"
    start = text.index("graph")
    s, e = clean_span(text, start, start + len("graph partition problem"))
    assert text[s:e] == "graph partition problem"  # "partition" is no task head: the name keeps its tail


def test_title_opening_activity_before_with_is_a_task():
    from kg.extract.components import title_activity_with_candidate
    text = "Generating Images from Captions with Attention\nWe propose ..."
    cands = title_activity_with_candidate(text)
    assert [(text[c.start:c.end], c.label.value) for c in cands] == [("Generating Images from Captions", "Task")]
    text = "Paper: Estimating similarity to training data with an ensemble metric\nAbstract."
    assert [text[c.start:c.end] for c in title_activity_with_candidate(text)] == ["Estimating similarity to training data"]
    assert title_activity_with_candidate("Improving MMD-GAN Training with Repulsive Loss Function\nx") == []


def test_a_task_headed_name_the_sentence_calls_crucial_gets_a_task_vote():
    from collections import Counter
    from kg.extract.entities import context_votes

    tied = {M: 1.0, T: 1.0}
    text = "Semantic matching is of central importance to many natural language tasks."
    crucial = context_votes(text, (0, len("Semantic matching")), Counter(tied), Lexicon())
    plain_text = "Semantic matching is used in many natural language tasks."
    plain = context_votes(plain_text, (0, len("Semantic matching")), Counter(tied), Lexicon())
    assert crucial[T] - crucial[M] > plain[T] - plain[M]
    agents = "Simulation agents are essential for testing."
    votes = context_votes(agents, (0, len("Simulation agents")), Counter(tied), Lexicon())
    assert votes[T] <= votes[M]  # no task head word: no vote


def test_what_a_paper_formulates_as_another_problem_is_a_task():
    from kg.extract.components import recast_task_candidates
    text = "We newly formulate chart generation as a sequence generation task. We treat depth maps as images."
    assert [(text[c.start:c.end], c.label.value) for c in recast_task_candidates(text)] == [("chart generation", "Task")]


def test_what_a_comparison_sets_a_method_against_is_a_rival_method():
    from collections import Counter
    from kg.extract.entities import RIVAL_CUE_VOTE, context_votes

    recognised = {M: 0.8}
    text = "ResNeXt also shows better results than its ResNet counterpart."
    target = span(text, "ResNet counterpart", M)
    assert context_votes(text, (target.start, target.end), Counter(recognised), Lexicon())[M] >= 0.8 + RIVAL_CUE_VOTE
    text = "Our aligner outperforms the rule-based aligner in previous work."
    target = span(text, "rule-based aligner", M)
    assert context_votes(text, (target.start, target.end), Counter(recognised), Lexicon())[M] >= 0.8 + RIVAL_CUE_VOTE
    text = "Offline learning algorithms perform worse than online learning ones."  # inside a longer phrase
    target = span(text, "online learning", M)
    assert context_votes(text, (target.start, target.end), Counter(recognised), Lexicon())[M] < 0.8 + RIVAL_CUE_VOTE
    text = "It generates images closer to real ones than the Inception Score."  # typed otherwise: no Method vote
    target = span(text, "Inception Score", M)
    assert context_votes(text, (target.start, target.end), Counter({X: 1.0}), Lexicon())[M] == 0


def test_a_coined_method_named_as_a_kind_of_method_gets_a_vote():
    from collections import Counter
    from kg.extract.entities import METHOD_KIND_VOTE, context_votes

    recognised = {M: 0.8}
    text = "We find that ResNet enables feature re-usage within the HORNN framework."
    target = span(text, "HORNN", M)
    assert context_votes(text, (target.start, target.end), Counter(recognised), Lexicon())[M] >= 0.8 + METHOD_KIND_VOTE
    text = "Features can improve the performance of a neural CRF model."
    target = span(text, "neural CRF", M)
    assert context_votes(text, (target.start, target.end), Counter(recognised), Lexicon())[M] >= 0.8 + METHOD_KIND_VOTE
    text = "It enables the training of a global server model."  # a plain phrase: no vote
    target = span(text, "global server", M)
    assert context_votes(text, (target.start, target.end), Counter(recognised), Lexicon())[M] < 0.8 + METHOD_KIND_VOTE
    text = "We propose a new OOD detection model."  # a Task vote stays a Task's
    target = span(text, "OOD detection", M)
    votes = context_votes(text, (target.start, target.end), Counter({M: 0.8, T: 0.5}), Lexicon())
    assert votes[M] < 0.8 + METHOD_KIND_VOTE


def test_a_data_set_name_drops_the_words_of_what_it_is_used_for():
    text = ("We win the BraTS 2018 challenge, report PASCAL VOC 2012 semantic segmentation results, beat rivals on "
            "the CoNLL 2014 datasets and enter the CoNLL-2003 English shared task.")
    cands = [span(text, "BraTS 2018 challenge", D), span(text, "PASCAL VOC 2012 semantic segmentation", D),
             span(text, "CoNLL 2014 datasets", D), span(text, "CoNLL-2003 English shared task", D)]
    assert sorted(g.name for g in groups_of(text, cands)) == [
        "BraTS 2018", "CoNLL 2014", "CoNLL-2003 English shared task", "PASCAL VOC 2012"]
    text = "We test on graph-structured datasets."
    cands = [span(text, "graph-structured datasets", D)]
    assert [g.name for g in groups_of(text, cands)] == ["graph-structured datasets"]


def test_a_capitalised_name_takes_the_capitalised_word_right_before_it():
    text = ("A title\nWe train on Microsoft COCO and use Multiple Instance Learning for it. "
            "Our FPN helps.")
    cands = [span(text, "COCO", D), span(text, "Instance Learning", M), span(text, "FPN", M)]
    assert sorted(g.name for g in groups_of(text, cands, title_end=7)) == [
        "FPN", "Microsoft COCO", "Multiple Instance Learning"]
    text = "A title\nWe compare. Faster RCNN is slow."
    assert [g.name for g in groups_of(text, [span(text, "RCNN", M)], title_end=7)] == ["RCNN"]  # opens a sentence


def test_a_capitalised_data_set_name_takes_the_capitalised_word_year_or_version_right_after_it():
    text = "A title\nWe test on VIPeR, QMUL GRID, MORPH Album 2, and MNIST 0.37% error and CIFAR 10 classes."
    cands = [span(text, s, D) for s in ("VIPeR", "QMUL", "MORPH Album", "MNIST", "CIFAR")]
    assert [g.name for g in groups_of(text, cands, title_end=7)] == [
        "VIPeR", "QMUL GRID", "MORPH Album 2", "MNIST", "CIFAR"]


def test_a_bare_efficiency_listed_after_a_named_measure_is_a_metric():
    from kg.extract.components import paired_efficiency_candidates

    text = "It outperforms in accuracy and efficiency all previous networks."
    cands = paired_efficiency_candidates(text)
    assert [text[c.start:c.end] for c in cands] == ["efficiency"]
    # kept though "efficiency" alone is a generic word
    assert [(g.name, g.type) for g in groups_of(text, cands)] == [("efficiency", X)]
    # listed before the measure, or alone, it is none
    assert paired_efficiency_candidates("To further increase efficiency and accuracy, we design it.") == []
    assert groups_of("We improve efficiency.", [span("We improve efficiency.", "efficiency", X, "listed")]) == []


@pytest.mark.parametrize("phrase, name", [
    ("performing face alignment", "face alignment"), ("perform link prediction", "link prediction"),
    ("solving pixel-level grouping", "pixel-level grouping"), ("face alignment", "face alignment")])
def test_verbs_of_carrying_out_are_no_part_of_a_name(phrase, name):
    assert strip_determiners(phrase) == name
