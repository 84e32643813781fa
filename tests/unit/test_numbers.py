import pytest

from kg.extract.numbers import find_numbers


def numbers(text):
    return [(n.value, n.unit, n.kind) for n in find_numbers(text)]


@pytest.mark.parametrize("text, expected", [
    ("trains 4.5x faster", [(4.5, "x", "ratio")]),
    ("a 6\u00d7 speedup", [(6.0, "x", "ratio")]),
    ("improving accuracy (+0.8% absolute)", [(0.8, "%", "delta")]),
    ("reduces FPR95 by 14.33% compared to", [(14.33, "%", "delta")]),
    ("error drops from 48.3% to 17.7% on CIFAR-10", [(48.3, "%", "absolute"), (17.7, "%", "absolute")]),
    ("achieves 65.7% of the time", [(65.7, "%", "absolute")]),
    ("improves by 2.1 points", [(2.1, "points", "delta")]),
    ("is an order of magnitude slower", [(1.0, "order of magnitude", "ratio")]),
    ("3 orders of magnitude faster", [(3.0, "order of magnitude", "ratio")]),
    ("runs at 30 fps", [(30.0, "fps", "absolute")]),
    ("a drop of -3.2%", [(3.2, "%", "delta")]),
    ("an improvement of more than one point over", [(1.0, "points", "delta")]),
    ("fool human observers three times more often", [(3.0, "x", "ratio")]),
    ("achieve 500 + times acceleration", [(500.0, "x", "ratio")]),
    ("runs 10, 000 + times faster", [(10000.0, "x", "ratio")]),
])
def test_reported_numbers(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize("text", [
    "a 3B parameters model trained on 128 GPUs in 2023 with 10 datasets",
    "GPT-4 and LLaMA-2-7B on CIFAR-10 and Kinetics-400",
    "see Table 3 and Section 4",
])
def test_sizes_counts_years_and_names_are_not_results(text):
    assert numbers(text) == []


def test_bare_numbers_are_marked():
    (n,) = find_numbers("an AUROC of 0.93")
    assert n.bare and n.value == 0.93 and n.unit is None


def test_offsets():
    text = "accuracy of 91.5% on MNIST"
    (n,) = find_numbers(text)
    assert text[n.start:n.end] == "91.5%"


@pytest.mark.parametrize("text, expected", [
    ("with only 0.1% of the model parameters, SAFT improves CLIP", []),
    ("removes 17% of training data, improving error by 1.6%", [(1.6, "%", "delta")]),
    ("accuracy of 91% of the time", [(91.0, "%", "absolute")]),
])
def test_shares_of_the_inputs_are_not_results(text, expected):
    assert numbers(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("after training on 262 hours of SWB-1 data", []),
    ("images resized to 64 x 64", []),
    ("within as little as 3 hours of autonomous real-world experience", [(3.0, "hours", "absolute")]),
])
def test_amounts_of_input_and_sizes_are_not_results(text, expected):
    assert [(n.value, n.unit, n.kind) for n in find_numbers(text) if not n.bare] == expected


def test_items_of_a_numbered_list_are_not_results():
    text = "We show that 1) FooNet wins on AUC; 2) the AUC of BarNet drops, and (3) it is 4.5x faster."
    assert [n.text for n in find_numbers(text)] == ["4.5x"]
    assert [n.value for n in find_numbers("It reaches (FID 12) on CelebA.")] == [12.0]  # not a list item


@pytest.mark.parametrize("text, expected", [
    (r"our method obtains 60.3\% on UCF101", [(60.3, "%", "absolute")]),  # LaTeX source
    ("surpassing its final performance by 42 percent.", [(42.0, "%", "delta")]),
    ("(40-90% error reduction)", [(40.0, "%", "absolute"), (90.0, "%", "absolute")]),
    ("it is 2-3x faster", [(2.0, "x", "ratio"), (3.0, "x", "ratio")]),
    ("using only 10B tokens -- 80x fewer than Meta's approach", [(80.0, "x", "ratio")]),
    ("the 2-7B models and ResNet-50 reach 76.1%", [(76.1, "%", "absolute")]),
])
def test_escaped_percent_percent_words_ranges_and_dashes(text, expected):
    assert [(n.value, n.unit, n.kind) for n in find_numbers(text) if not n.bare] == expected


def test_a_price_with_its_currency_is_a_result_not_a_year():
    assert numbers("can be assembled in 4 hours at a cost of 2000 USD.") == [(4.0, "hours", "absolute"),
                                                                          (2000.0, "USD", "absolute")]
    assert numbers("founded in 2000 by") == []


def test_a_fractions_numerator_is_no_number_of_its_own():
    # "1/8th": neither part is a level (the denominator was already left out after its slash)
    assert numbers("while being 1/8th of the cost") == []
    assert numbers("consistently solving 20/20 tasks") == []


def test_the_zero_led_rest_of_a_spaced_thousands_number_is_no_number_of_its_own():
    # "50, 000" in tokenised text: "000" is the rest of fifty thousand, not a level of 0
    assert 0.0 not in [value for value, _, _ in numbers("when training ResNet with 50, 000 simulated images")]
    assert numbers("an accuracy of 0.5, 100 runs") == [(0.5, None, "absolute"), (100.0, None, "absolute")]
