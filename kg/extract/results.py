"""Attach reported numbers to the metric, method, dataset and baseline they speak of.

Plain functions: `find_numbers` gives value, unit and kind; this module picks, within the number's
sentence (falling back to the paper's proposed method), the nearest metric, the method the number
belongs to, the dataset it was measured on and the baseline it is compared with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Iterator, Optional

from kg.extract.entities import EntityGroup, proposed_methods, sentence_of
from kg.extract.numbers import Number, find_numbers
from kg.model import EntityType

_BASELINE_CUE = re.compile(r"\b(?:than|over|compared (?:to|with)|relative to|vs\.?|versus|"
                           r"against|upon)\s*$", re.IGNORECASE)
#: Words after which a method is the one compared against: "outperforms T0-11B", "better than GPT-3",
#: "over the standard GRU", "outperforms the state-of-the-art OOD object detectors" (a method after such
#: a qualifier: 20 annotated as the result's baseline, 1 as its method, the level a change starts from).
_BEATS_CUE = re.compile(r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|over|than|compared (?:to|with)|"
                        r"relative to|vs\.?|versus|against)\s+(?:(?:the|a|an|zero-shot|few-shot|strong|prior|"
                        r"previous|existing|even|and|\d+\w*|[\w-]+-sized|times|larger|smaller|"
                        r"state-of-the-art|SOTA|current|best|standard|vanilla|conventional|competing|baseline|"
                        r"recent|popular|published|leading)\s+){0,5}$", re.IGNORECASE)
#: Words after a method that make it the one reporting the number: "SAFT achieves", "ActMAD attains".
#: Used with `.match(text, end)`, which anchors at `end` (a leading "^" would match only at offset 0).
_ACHIEVES_CUE = re.compile(r"\s*(?:\([^)]{1,20}\)\s*)?(?:also\s+|further\s+|consistently\s+|significantly\s+)?"
                           r"(?:achiev|obtain|attain|reach|improv|reduc|yield|giv|outperform|surpass|boost|"
                           r"increas|decreas|lower|rais|set|deliver|match|speed|accelerat)\w*\b", re.IGNORECASE)
_BARE_METRIC_GAP = 40
#: "surpass the state-of-the-art method, Focal Loss (FL) +, by 0.8": a bare number after "by" is the amount of a
#: change, a result even far from a metric (9 of 9 such numbers in the annotations are annotated results).
_BY_AMOUNT = re.compile(r"\bby\s+(?:(?:about|nearly|over|around|more than|up to|almost|roughly)\s+)?$", re.IGNORECASE)
_WE = re.compile(r"\b(?:we|our)\b", re.IGNORECASE)
#: Mentions of one sentence considered (abstract sentences have a few; this bounds hostile input).
MAX_MENTIONS_PER_SENTENCE = 60


@dataclass(frozen=True)
class ResultCandidate:
    """A number with the groups (by index) it is attached to."""

    number: Number
    sentence: int
    metric: Optional[int]
    method: Optional[int]
    dataset: Optional[int]
    baseline: Optional[int]
    confidence: float


#: Between a number and the data set it was measured on: no sentence or clause break, though other
#: numbers may come between ("-19.01% FPR95 and +3.04% AUROC on CIFAR-10").
_ON_AFTER = re.compile(r"^(?:[^.;:]|\.(?=\d)){0,45}?\b(?:on|in|for|over)\s+(?:the\s+)?$", re.IGNORECASE)


#: The levels of a change named right after a data set: "one-shot accuracy on ImageNet from 87.6% to 93.2%",
#: "on VQA v2.0 dataset – from 65.67% to 70.24%" (6 of 6 such annotated levels are measured on that data set;
#: with a comma between, "on enwiki8, from 1.13 to 1.08 on text8, from 20.5 ...", 0 of 8: then the data set
#: after the levels is theirs).
_FROM_AFTER_DATASET = re.compile(r"\bfrom\s+(?:[+\-]?[\d.]+\s*%?\s*to\s+)?$", re.IGNORECASE)
_BEFORE_FROM = re.compile(r"\s+(?:[\w.]+\s+)?(?:[–-]\s+)?$")


def _dataset_before_levels(text: str, number: Number, datasets: list) -> Optional[tuple[int, int]]:
    """The data set named right before the "from A to B" the number is a level of, if any."""
    levels = _FROM_AFTER_DATASET.search(text, max(0, number.start - 30), number.start)
    if not levels:
        return None
    return next(((number.start - m[1], m[3]) for m in reversed(datasets)
                 if m[1] <= levels.start() and _BEFORE_FROM.fullmatch(text, m[1], levels.start())), None)


def _dataset_of(text: str, number: Number, here: list, groups: list[EntityGroup]) -> Optional[tuple[int, int]]:
    """The dataset a number was measured on: one named right before the change it is a level of ("on ImageNet
    from 87.6% to 93.2%"), else one named right after it ("60.1% on AWA"), else the nearest one before it in
    the sentence ("On COCO, it reaches 41.2"), else the nearest after it."""
    datasets = [m for m in here if groups[m[3]].type is EntityType.DATASET]
    levels = _dataset_before_levels(text, number, datasets)
    if levels:
        return levels
    after = [m for m in datasets if m[0] >= number.end]
    for m in after[:1]:
        if _ON_AFTER.match(text[number.end:m[0]]):
            return (m[0] - number.end, m[3])
    before = [m for m in datasets if m[1] <= number.start]
    if before:
        return (number.start - before[-1][1], before[-1][3])
    return (after[0][0] - number.end, after[0][3]) if after else None


#: "from 87.6% to 93.2%": the first number is the level before the change.
_FROM_LEVEL = re.compile(r"\bfrom\s*$", re.IGNORECASE)
#: A number without a unit ends with the space after it ("from 1.13 to 1.08"), so the space before "to" may be gone.
_TO_LEVEL = re.compile(r"\s*\bto\s+[+\-]?\d", re.IGNORECASE)


#: A level prior work reached, named as the previous or current best and given right after "of"/"is": "improving
#: over the previous best IS of 52.52 and FID of 18.65", "currently the best accuracy for emotion recognition is
#: 93.33%" (3 of 3 such numbers annotated without a method; the one that names the prior method between, "the
#: current state of the art approach, using CNNs, achieves an accuracy of 99.2%", is annotated with it, and
#: keeps it; after "outperforms the previous best by", a change).
_PRIOR_BEST = re.compile(r"\b(?:previous(?:ly)?|prior|current(?:ly)?|best[- ]published|published)\s+(?:the\s+)?"
                         r"(?:best|state[- ]of[- ]the[- ]art|SOTA)\b(?:[^.;:]|\.(?=\d)){0,50}?\b(?:of|is|was|were|are)\s+$",
                         re.IGNORECASE)


#: A method that opens a sentence as its subject ("CornerNet-Saccade is suitable for offline processing,
#: improving ... the AP by 1.0% on COCO", "Ensembling on language modeling yields improvements of up to 11.22
#: perplexity"), after at most a few determiners.
_SUBJECT_LEAD = re.compile(r"\s*(?:(?:the|our|this|a|an|proposed|new|resulting|final)\s+)*", re.IGNORECASE)


def _sentence_subject(text: str, sentence_start: int, number: Number, here: list,
                      options: list[int]) -> Optional[int]:
    """The method that opens the number's sentence, which the sentence's numbers belong to unless a colon or
    semicolon comes between (a clause with its own subject: "Post-training enhancements are cheap to develop:
    fine-tuning costs are typically <1% ..."). Of the annotated results whose sentence opens with an annotated
    method and no colon between, 26 of 28 belong to it: 19 of 19 where it is the paper's first proposed
    method, 7 of 9 where it is another ("Ensembling on language modeling yields improvements of up to 11.22
    perplexity"; the 2 others are a rival's levels after "compared to"); the 1 after a colon does not."""
    lead = _SUBJECT_LEAD.match(text, sentence_start).end()
    return next((m[3] for m in here if m[0] == lead and m[3] in options
                 and not re.search(r"[;:]", text[m[1]:number.start])), None)


#: Words after which "we" name the method we use: "We report improved results using a 1001-layer ResNet on
#: CIFAR-10 (4.62% error)", "By combining multiple output embeddings (cmb), we established ... (73.9%)", "When we
#: used the LSTM to rerank ..., its BLEU score increases to 36.5".
_WE_SUBJECT = re.compile(r"\bwe\b", re.IGNORECASE)
_USED_CUE = re.compile(r"\b(?:using|via|by|use[sd]?|evaluate[sd]?|apply|applied|applying|employ\w*)\s+"
                       r"(?:(?:an?|the|our)\s+)?$", re.IGNORECASE)


def _used_method(text: str, number: Number, here: list, options: list[int]) -> Optional[int]:
    """The first method named right after a verb of use before a number in a sentence where "we" report it and
    the paper's main method is not named: the number is that method's. In the annotations, 11 of 13 numbers
    after "we" and such a named method (using/via/by/use/evaluate/apply/employ) belong to the first one named;
    the 2 others are annotated with the paper's main method ("By offline multi-task pretraining and online
    cross-task finetuning, we ..."), which such a list of training steps makes up. "Our method ... using
    VGG-16" names the main method by "our", so only "we" opens the rule."""
    return next((m[3] for m in here if m[3] in options and m[1] <= number.start
                 and _USED_CUE.search(text, max(0, m[0] - 20), m[0])), None)


#: After the end level of a change, the method whose level changed: "rank-1 accuracy is improved from 55.3% to
#: 80.5% for CaffeNet".
_CHANGED_FOR = re.compile(r"\s*to\s+[+\-]?[\d.]+\s*%?\s*(?:for|with|using|of)\s+(?:(?:the|a|an)\s+)?", re.IGNORECASE)


def _changed_method(text: str, number: Number, here: list, groups: list[EntityGroup]) -> Optional[int]:
    """The method named right after "from A to B for/with/using/of" when A is the number: the level it started
    from, before the paper's change was applied to it ("improved from 55.3% to 80.5% for CaffeNet, and from
    73.8% to 82.3% for ResNet-50": 2 of 2 such levels in the annotations are annotated with that method)."""
    cue = _CHANGED_FOR.match(text, number.end)
    return next((m[3] for m in here if cue and m[0] == cue.end() and groups[m[3]].type is EntityType.METHOD), None)


def _is_previous_level(text: str, number: Number) -> bool:
    """Whether the number is the level a change starts from ("improves accuracy from 87.6% to 93.2%")."""
    return bool(_FROM_LEVEL.search(text, max(0, number.start - 8), number.start)) and \
        bool(_TO_LEVEL.match(text, number.end))


#: Between the items of a list: "2.34% and 11.64%", "AUROC and FPR95", "the Robust and the ClueWeb".
_LIST_GAP = re.compile(r"\s*(?:,\s*)?(?:and\s+)?(?:the\s+)?", re.IGNORECASE)
#: Between a list of numbers and the list of entities they belong to: no clause break, no number.
_LIST_LEAD = re.compile(r"[^.;:\d]{0,60}")


def _respectively(text: str, found: list[ResultCandidate], mentions: list, groups: list[EntityGroup],
                  entity_type: EntityType, field: str) -> list[ResultCandidate]:
    """Numbers listed together and followed by as many entities of one type listed together belong
    to them in order: "by 2.34% and 11.64% in terms of AUROC and FPR95", "77.1% and 73.1% less memory
    and CPU usage respectively", "13% and 35% MAP improvements ... on the Robust and the ClueWeb
    collections" (3 of 3 such lists annotated in order, none otherwise). With "respectively" after the
    numbers and no such list after them, the list named before them in the sentence is taken in order
    ("improve the perplexities on Penn Treebank and WikiText-2 to 47.69 and 40.68 respectively"; 4 of 4
    such sentences in the annotations, 11 of 11 numbers, annotated in that order)."""
    out = list(found)
    for i, j in _number_lists(text, out):
        k = j - i + 1
        if k > 1:
            end = out[j].number.end
            after = [m for m in mentions if m[2] == out[i].sentence and m[0] >= end
                     and groups[m[3]].type is entity_type]
            items = after[:k]
            if len(items) == k and len({m[3] for m in items}) == k and \
                    _LIST_LEAD.fullmatch(text, end, items[0][0]) and \
                    all(_LIST_GAP.fullmatch(text, a[1], b[0]) for a, b in zip(items, items[1:])):
                for n, m in enumerate(items):
                    out[i + n] = replace(out[i + n], **{field: m[3]})
            elif _RESPECTIVELY.match(text, end):
                items = _listed_before(text, out[i], mentions, groups, entity_type)[-k:]
                if len(items) == k and len({m[3] for m in items}) == k:
                    for n, m in enumerate(items):
                        out[i + n] = replace(out[i + n], **{field: m[3]})
    return out


def _number_lists(text: str, found: list[ResultCandidate]) -> Iterator[tuple[int, int]]:
    """(first, last) positions in `found` of each run of numbers listed together in one sentence
    ("47.69 and 40.68", "by 8 and 9.5"); a number on its own is a run of one."""
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and found[j + 1].sentence == found[i].sentence and \
                _LIST_GAP.fullmatch(text, found[j].number.end, found[j + 1].number.start):
            j += 1
        yield i, j
        i = j + 1


#: From the end of a list of numbers to "respectively" in the same sentence.
_RESPECTIVELY = re.compile(r"(?:[^.;]|\.(?=\d)){0,80}?\brespectively\b", re.IGNORECASE)


def _listed_before(text: str, first: ResultCandidate, mentions: list, groups: list[EntityGroup],
                   entity_type: EntityType) -> list:
    """The last list of entities of one type named before a sentence's numbers: "On three datasets,
    Market-1501, CUHK03 and DukeMTMC-reID, we obtain +4.37%, +1.6% and +2.46% ..., respectively"."""
    before = [m for m in mentions if m[2] == first.sentence and m[1] <= first.number.start
              and groups[m[3]].type is entity_type]
    listed = before[-1:]
    for a, b in zip(reversed(before[:-1]), reversed(before[1:])):
        if not _LIST_GAP.fullmatch(text, a[1], b[0]):
            break
        listed.insert(0, a)
    return listed


#: Between two numbers of one list: "55.6 on the Penn Treebank and 63.5", "by 8 and 9.5", "from 3.83 to 3.77",
#: "IS of 52.52 and FID of 18.65", "0.99 on enwiki8, from 1.13": no clause break, bracket or other number (digits
#: inside a name may come between), and a word that joins items.
_LIST_BETWEEN = re.compile(r"(?:[^.;:\d()\[\]]|(?<=[\w-])\d|\.(?=\d)){0,50}")
_LIST_JOIN = re.compile(r"\band\b|,|\bto\b|\bor\b")


def _continues_list(text: str, last: Optional[ResultCandidate], previous: Optional[Number], sentence: int,
                    number: Number) -> bool:
    """Whether a bare number continues a list right after a number taken as a result with a measure in its
    sentence: "a word level perplexity of 55.6 on the Penn Treebank and 63.5 on the WikiText-2 datasets"
    (after a number annotated as a result with its metric, 19 of 21 such numbers are annotated results; the
    other 2 are the "14" of "WMT'14", a name, which a mention covers). A number without a measure starts no
    such list ("scaling to 10x larger models, and 10 Hz inference")."""
    if last is None or last.metric is None or last.number is not previous or last.sentence != sentence:
        return False
    return bool(_LIST_BETWEEN.fullmatch(text, previous.end, number.start)) and \
        bool(_LIST_JOIN.search(text, previous.end, number.start))


#: A metric named with the number it changes: right before "by N", perhaps with what it belongs to between
#: ("improving the efficiency of CornerNet by 6.0x and the AP by 1.0%", "reduce fake summaries by 80%"), or right
#: after the number through in/on/in terms of ("1.36 times faster in the running speed", "by 27% (relative) in
#: MRR@10", "by up to 0.9dB on average PSNR"). In the annotations, 9 of 9 numbers after such a "M ... by" and 8 of
#: 8 before such an "in/on M" that are annotated results have that metric, though another may be nearer.
_METRIC_BEFORE_BY = re.compile(r"\s+(?:of\s+(?:[^\s.;:,]+\s+){1,3})?by\s+(?:(?:up to|about|nearly|over|more than|"
                               r"almost|roughly|around)\s+)?", re.IGNORECASE)
_METRIC_AFTER_IN = re.compile(r"\s*(?:\([^)]{0,12}\)\s*)?(?:(?:faster|slower|smaller|larger|higher|lower|better|"
                              r"fewer|less|more|improvements?|gains?|reductions?|increases?|absolute|relative)\s+)?"
                              r"(?:in|on|in terms of)\s+(?:the\s+)?(?:average\s+|mean\s+)?", re.IGNORECASE)


def _metric_named_with(text: str, number: Number, here: list, groups: list[EntityGroup]) -> Optional[int]:
    """The metric named with the number's change: "the AP by 1.0%", "1.36 times faster in the running speed"."""
    metrics = [m for m in here if groups[m[3]].type is EntityType.METRIC]
    after = next((m[3] for m in metrics if m[0] >= number.end and _METRIC_AFTER_IN.fullmatch(text, number.end, m[0])),
                 None)
    if after is not None:
        return after
    return next((m[3] for m in reversed(metrics) if m[1] <= number.start
                 and _METRIC_BEFORE_BY.fullmatch(text, m[1], number.start)), None)


def _metric_gap(number: Number, here: list, groups: list[EntityGroup]) -> int:
    """Characters between a number and the nearest metric named in its sentence, counted from the metric's end
    when it comes first ("the best published negative log-likelihood on ImageNet from 3.83 to 3.77": 18), so a
    long metric name is as near as a short one."""
    return min((number.start - m[1] if m[1] <= number.start else m[0] - number.end) for m in here
               if groups[m[3]].type is EntityType.METRIC)


def find_results(text: str, sentence_starts: list[int], groups: list[EntityGroup]) -> list[ResultCandidate]:
    """Every reported number of the text, attached to entities of its sentence."""
    mentions = [(start, end, sentence, gi) for gi, g in enumerate(groups) for start, end, sentence in g.mentions]
    covered = bytearray(len(text) + 1)
    by_sentence: dict[int, list] = {}
    for mention in sorted(mentions):
        covered[mention[0]:mention[1]] = b"\x01" * (mention[1] - mention[0])
        by_sentence.setdefault(mention[2], []).append(mention)
    proposed = proposed_methods(text, groups)
    found: list[ResultCandidate] = []
    previous: Optional[Number] = None
    for number in find_numbers(text):
        if covered[number.start]:
            previous = number
            continue  # part of a name: "Kinetics-400"
        sentence = sentence_of(number.start, sentence_starts)
        here = by_sentence.get(sentence, [])[:MAX_MENTIONS_PER_SENTENCE]

        def nearest(entity_type: EntityType, exclude: tuple[int, ...] = ()) -> Optional[tuple[int, int]]:
            options = [(abs(m[0] - number.start), m[3]) for m in here
                       if groups[m[3]].type is entity_type and m[3] not in exclude]
            return min(options) if options else None

        metric = nearest(EntityType.METRIC)
        named = _metric_named_with(text, number, here, groups)
        if named is not None:
            metric = (0, named)
        if number.bare and (metric is None or _metric_gap(number, here, groups) > _BARE_METRIC_GAP) and \
                not _continues_list(text, found[-1] if found else None, previous, sentence, number) and \
                not _BY_AMOUNT.search(text, max(0, number.start - 25), number.start):
            previous = number
            continue
        baseline = None
        for start, end, _, gi in here:
            if start > number.start and groups[gi].type is EntityType.METHOD and \
                    _BASELINE_CUE.search(text[max(number.end, start - 30):start]):
                baseline = gi
                break
        compared = {m[3] for m in here if groups[m[3]].type is EntityType.METHOD
                    and _BEATS_CUE.search(text, max(0, m[0] - 60), m[0])}
        if baseline is None:
            baseline = next((m[3] for m in here if m[3] in compared and m[3] not in proposed), None)
        method_options = [m[3] for m in here if groups[m[3]].type is EntityType.METHOD and m[3] != baseline
                          and m[3] not in compared]
        main = proposed[0] if proposed else None
        sentence_start = sentence_starts[sentence] if sentence_starts else 0
        method = _sentence_subject(text, sentence_start, number, here, method_options)
        if method is None:
            method = main if main in method_options else None
        if method is None:  # "SAFT achieves ...": the method reporting the number
            method = next((m[3] for m in here if m[3] in method_options and m[0] < number.start
                           and _ACHIEVES_CUE.match(text, m[1])), None)
        if method is None and _WE_SUBJECT.search(text, sentence_start, number.start):
            method = _used_method(text, number, here, method_options)
        if method is None and main is not None and _WE.search(text, sentence_start, number.start):
            method = main  # "By offline pretraining ..., we improve ... by 23%": the paper's main method
        if method is None:  # another method the paper proposes, named with the number
            method = next((m for m in proposed if m in method_options), None)
        if method is None and proposed:  # "our method reduces ...": the paper's own method
            method = main
        if method is None:
            before = [m for m in here if m[0] < number.start and m[3] in method_options]
            method = before[-1][3] if before else None
        prior = _PRIOR_BEST.search(text, max(sentence_start, number.start - 80), number.start) \
            if number.kind == "absolute" else None
        if prior and not any(prior.start() <= m[0] < number.start for m in here if groups[m[3]].type is EntityType.METHOD):
            method = None  # "improving over the previous best IS of 52.52": the level prior work reached
        if _is_previous_level(text, number):
            # The level before: 12 of 16 annotated with no method, 0 with the paper's own; where a rival
            # beaten earlier in the sentence is named ("SAFE outperforms the state-of-the-art OOD object
            # detectors ..., reducing the FPR95 from 48.3% to 17.7%"), the level is the rival's (1 of 1).
            rivals = [m[3] for m in here if m[3] in compared and m[3] not in proposed and m[1] <= number.start]
            method = rivals[-1] if rivals else _changed_method(text, number, here, groups)
        dataset = _dataset_of(text, number, here, groups)
        if dataset is None:  # "... on ImageNet. It reduces FPR95 by 14%": the dataset of the sentence before
            for other in (sentence - 1, sentence + 1):
                options = [(abs(m[0] - number.start), m[3]) for m in by_sentence.get(other, [])
                           if groups[m[3]].type is EntityType.DATASET]
                if len({o[1] for o in options}) == 1:
                    dataset = min(options)
                    break
        confidence = 0.5 + 0.15 * (metric is not None) + 0.1 * (method is not None) + 0.1 * (not number.bare)
        previous = number
        found.append(ResultCandidate(number, sentence, metric[1] if metric else None, method,
                                     dataset[1] if dataset else None, baseline, round(min(confidence, 0.95), 3)))
    ordered = sorted(mentions)
    found = _respectively(text, found, ordered, groups, EntityType.METRIC, "metric")
    found = _respectively(text, found, ordered, groups, EntityType.DATASET, "dataset")
    return _on_these_datasets(text, found, ordered, groups)


#: After a list of numbers, data sets named before: "53.8 and 60.5 on these datasets", "on the same dataset".
_ON_THESE = re.compile(r"(?:[^.;:\d]|\.(?=\d)){0,40}?\b(?:on|for|in)\s+(?:these|those|both|the\s+same|the\s+two|the\s+three)"
                       r"\s+(?:\w+\s+)?(?:datasets?|benchmarks?|data\s+sets?|corpora|databases?)\b", re.IGNORECASE)


def _on_these_datasets(text: str, found: list[ResultCandidate], mentions: list,
                       groups: list[EntityGroup]) -> list[ResultCandidate]:
    """Numbers listed together and followed by "on these datasets" / "on the same dataset" take, in order, the
    data sets listed in the sentence before ("... 55.6 on the Penn Treebank and 63.5 on the WikiText-2 datasets.
    ... achieving a word level perplexity of 53.8 and 60.5 on these datasets"; the 3 such phrases after annotated
    numbers are annotated with the data sets named before them)."""
    out = list(found)
    for i, j in _number_lists(text, out):
        if _ON_THESE.match(text, out[j].number.end):
            before = [m for m in mentions if m[2] == out[i].sentence - 1 and groups[m[3]].type is EntityType.DATASET]
            named = list(dict.fromkeys(m[3] for m in before))
            if len(named) == j - i + 1:
                for n, gi in enumerate(named):
                    out[i + n] = replace(out[i + n], dataset=gi)
    return out
