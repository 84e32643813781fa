from kg.extract.abbreviations import best_long_form, find_abbreviations, initials_long_form, is_short_form


def pairs(text):
    return [(a.short, a.long) for a in find_abbreviations(text)]


def test_long_form_then_short_form():
    assert pairs("We study out-of-distribution (OOD) detection.") == [("OOD", "out-of-distribution")]


def test_initials_preferred_over_partial_match():
    assert pairs("We use Proximal Policy Optimization (PPO) here.") == [("PPO", "Proximal Policy Optimization")]


def test_plural_acronym():
    assert pairs("Large language models (LLMs) are used.") == [("LLMs", "Large language models")]


def test_reverse_order():
    assert pairs("We report OOD (out-of-distribution) results.") == [("OOD", "out-of-distribution")]


def test_non_abbreviation_parentheses_ignored():
    assert pairs("the model (see Fig. 2) is good and (iii) works") == []


def test_offsets_point_into_text():
    text = "Retrieval-Augmented Generation (RAG) systems"
    (abbr,) = find_abbreviations(text)
    assert text[abbr.short_start:abbr.short_end] == "RAG"
    assert text[abbr.long_start:abbr.long_end] == "Retrieval-Augmented Generation"


def test_only_first_part_of_parenthesis_counts():
    assert pairs("Proximal Policy Optimization (PPO; Schulman 2017)") == [("PPO", "Proximal Policy Optimization")]


def test_helpers():
    assert is_short_form("OOD") and is_short_form("ViT") and not is_short_form("a") and not is_short_form("2017")
    assert best_long_form("HMM", "a hidden Markov model") == 2
    assert best_long_form("XYZ", "nothing here") is None
    assert initials_long_form("MoE", "Mixture-of-Experts") == 0


def test_a_digit_after_a_letter_repeats_it():
    assert pairs("we propose Adaptive Advantage-guided Policy Regularization (A2PR), which") == [
        ("A2PR", "Adaptive Advantage-guided Policy Regularization")]
    assert pairs("Asynchronous Advantage Actor-Critic (A3C) learns") == [("A3C", "Asynchronous Advantage Actor-Critic")]
    assert pairs("a ResNet-50 (R50) backbone") == [("R50", "ResNet-50")]  # the digit is in the long form


def test_a_second_short_form_after_or_is_its_own_short_form():
    assert pairs("called Repeated Sampling of Random Subsets (RSRS or RS2), where") == [
        ("RSRS", "Repeated Sampling of Random Subsets"), ("RS2", "Repeated Sampling of Random Subsets")]


def test_a_long_form_does_not_reach_back_into_the_title():
    assert pairs("Fast Mesh Recovery Estimation\nHuman pose and shape (HPS) estimation is hard.") == [
        ("HPS", "Human pose and shape")]


def test_a_short_form_after_comma_or_for_short():
    assert pairs("a method based on Leave-One-Out K-Nearest-Neighbor, or LOOK for short. It works.") == [
        ("LOOK", "Leave-One-Out K-Nearest-Neighbor")]
