"""Choosing the paper's main (proposed) method among the proposed Method groups."""
import re

from kg.extract.entities import EntityGroup, main_score, proposed_methods
from kg.model import EntityType

M = EntityType.METHOD


def group(text, name, aliases=(), role="proposed"):
    """A Method group with every mention of its name and aliases, sentences split at ". " and the title."""
    title_end = text.index("\n")
    mentions = []
    for form in [name, *aliases]:
        for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", text):
            sentence = 0 if m.start() < title_end else 1 + text[title_end:m.start()].count(". ")
            mentions.append((m.start(), m.end(), sentence))
    return EntityGroup(M, name, list(aliases), role, sorted(mentions))


def grouped(text, names):
    """The whole grouping step over a title line and sentences, with each name a recogniser Method candidate."""
    from kg.extract.abbreviations import find_abbreviations
    from kg.extract.entities import Candidate, group_mentions
    from kg.extract.lexicon import Lexicon

    cands = [Candidate(text.index(s), text.index(s) + len(s), M, "ner") for s in names]
    starts = [0, text.index("\n") + 1] + [i + 2 for i in range(len(text)) if text.startswith(". ", i)]
    return group_mentions(text, starts, cands, find_abbreviations(text), Lexicon(), title_end=text.index("\n"))


def main_of(text, groups):
    return groups[proposed_methods(text, groups)[0]].name


def test_a_lower_case_phrase_with_a_short_form_is_not_a_coined_name():
    text = ("Flipping the Question Helps\n"
            "Meta-training fine-tunes the language model (LM) on many tasks. "
            "In this paper, we propose Flipped Learning, which trains the LM to generate the instruction.")
    groups = [group(text, "language model", ["LM"]), group(text, "Flipped Learning")]
    assert main_of(text, groups) == "Flipped Learning"


def test_a_lower_case_phrase_with_a_short_form_right_after_the_cue_stays_coined():
    text = ("Emulating Fine-Tuning\n"
            "Language models are pre-trained at scale. "
            "We introduce emulated fine-tuning (EFT), which samples from an emulated model. "
            "EFT builds on the pre-trained model.")
    eft = group(text, "emulated fine-tuning", ["EFT"])
    plain = group(text, "emulated model")
    assert main_score(text, eft) > main_score(text, plain)


def test_a_known_method_name_is_not_a_name_the_paper_coins():
    text = ("Scaling an Optimizer\n"
            "The optimizer trains small models well. "
            "We introduce Moonlight, a 16B-parameter Mixture-of-Expert (MoE) model trained with the optimizer.")
    groups = [group(text, "Mixture-of-Expert", ["MoE"]), group(text, "Moonlight")]
    assert main_of(text, groups) == "Moonlight"


def test_a_method_named_after_the_titles_opening_article_is_the_papers_main_method():
    text = ("The Variational Fair Autoencoder\n"
            "We learn representations invariant to sensitive factors. "
            "We propose an additional penalty term based on the Maximum Mean Discrepancy.")
    groups = grouped(text, ["Variational Fair Autoencoder", "Maximum Mean Discrepancy"])
    roles = {g.name: g.role for g in groups}
    assert roles == {"Variational Fair Autoencoder": "proposed", "Maximum Mean Discrepancy": "proposed"}
    assert main_of(text, groups) == "Variational Fair Autoencoder"


def test_the_name_set_beside_what_is_proposed_is_the_main_method():
    text = ("Attention Is All You Need\n"
            "Sequence models are based on recurrent networks. "
            "We propose a new simple network architecture, the Transformer, based solely on attention mechanisms. "
            "The Transformer generalizes well.")
    groups = [group(text, "Attention", ["attention mechanisms"]), group(text, "Transformer")]
    assert main_of(text, groups) == "Transformer"


def test_a_method_that_is_the_whole_title_and_named_again_is_the_main_method():
    text = ("Adversarial Autoencoders\n"
            "We propose to use generative adversarial networks for inference. "
            "Adversarial Autoencoders match the aggregated posterior to a prior.")
    groups = [group(text, "generative adversarial networks"), group(text, "Adversarial Autoencoders")]
    assert main_of(text, groups) == "Adversarial Autoencoders"


def test_the_titles_means_named_again_ranks_above_a_plain_phrase_after_the_cue():
    text = ("Diverse Image-to-Image Translation via Disentangled Representations\n"
            "We propose a cross-cycle consistency loss for unpaired training. "
            "Disentangled Representations let the model produce diverse outputs.")
    groups = [group(text, "cross-cycle consistency loss"), group(text, "Disentangled Representations")]
    assert main_of(text, groups) == "Disentangled Representations"


def test_the_name_opening_a_title_before_for_is_the_papers_main_method():
    text = ("Deeply-Recursive Convolutional Network for Image Super-Resolution\n"
            "We propose an image super-resolution method (SR) using a deeply-recursive convolutional network. "
            "Our network has a very deep recursive layer.")
    groups = [group(text, "Deeply-Recursive Convolutional Network", ["deeply-recursive convolutional network"]),
              group(text, "super-resolution method", ["SR"])]
    assert main_of(text, groups) == "Deeply-Recursive Convolutional Network"


def test_the_object_right_after_we_describe_is_proposed():
    from kg.extract.entities import _is_proposed

    text = ("Simple Baseline for Visual Question Answering\n"
            "We describe a very simple bag-of-words baseline for visual question answering. "
            "In this paper, we describe a simple re-implementation of BERT for passage re-ranking.")
    title_end = text.index("\n")
    starts = [0, title_end + 1, text.index("In this paper")]
    baseline = group(text, "bag-of-words baseline")
    bert = group(text, "BERT")
    assert _is_proposed(text, baseline.mentions, starts, title_end)
    assert not _is_proposed(text, [(s, e, 2) for s, e, _ in bert.mentions], starts, title_end)


def test_a_capitalised_name_after_title_case_modifiers_before_for_is_the_main_method():
    text = ("Multiple Instance Detection Network with Classifier Refinement\n"
            "We propose a dual pathway that refines instance classifiers. "
            "Our Instance Detection Network localizes objects with image labels only.")
    groups = [group(text, "Instance Detection Network"), group(text, "dual pathway")]
    assert main_of(text, groups) == "Instance Detection Network"


def test_a_lower_case_name_after_title_case_modifiers_gets_no_title_rank():
    text = ("Repeated Random Sampling for Minimizing Training Time\n"
            "We propose Repeated Sampling of Random Subsets (RS2), which improves on random sampling.")
    plain = group(text, "random sampling", ["Random Sampling"])
    ours = group(text, "Repeated Sampling of Random Subsets", ["RS2"])
    assert main_score(text, ours) > main_score(text, plain)


def test_a_name_after_title_case_modifiers_before_for_is_proposed():
    text = ("Efficient Multi-Scale Dual Network with Refinement for Lesion Segmentation\n"
            "We use a Multi-Scale Dual Network to segment lesions. "
            "We propose a dense training scheme for the network.")
    groups = grouped(text, ["Multi-Scale Dual Network", "dense training scheme"])
    assert {g.name: g.role for g in groups}["Multi-Scale Dual Network"] == "proposed"
    assert main_of(text, groups) == "Multi-Scale Dual Network"
