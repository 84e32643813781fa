"""Relations between the entities of one abstract, from trigger words and sentence co-occurrence.

Plain functions: input the text, the sentence offsets and the entity groups; output relation
candidates with their evidence sentence, offsets and a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from kg.extract.entities import EntityGroup, proposed_methods
from kg.extract.results import ResultCandidate
from kg.model import RELATION_SIGNATURES as _SIGNATURES, EntityType, RelationType
from kg.names import normalize

#: "Compared to/with X" and a gain word some words before "over X" ("a gain of 5.15% on average over X",
#: "improvements up to 29% compared to X"): counted on kg's annotations, the first method named after
#: them is annotated as beaten 22 of 36 times and 25 of 30 times. Comparatives of size, length, simplicity and
#: accuracy before "than" read the same ("SPyNet is much simpler and 96% smaller than FlowNet", "80% longer than
#: RNNs", "more efficient than 3DCNNs"): the method named first in such a sentence is annotated as outperforming
#: the one after "than" 4 times of 4 (the training SciREX abstracts). So do "lower" and "fewer" ("requires 80x fewer
#: tokens than Meta's approach", "fewer in-domain labels than the pre-trained BERT"): 4 of 4 methods named after
#: "fewer/lower ... than" are annotated as beaten (tune, conclusions, corpus abstracts, training SciREX).
_OUTPERFORM = re.compile(r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|superior to|"
                         r"(?:better|higher|faster|stronger|lower|fewer|smaller|simpler|longer|more (?:accurate|efficient|robust|effective|stable))\b[^.;,]{0,40}?\bthan|"
                         r"favou?rably (?:against|to|with)|(?:improv\w*|gains?|advantages?) (?:over|upon)|"
                         r"compared (?:to|with)|"
                         r"(?:improv\w*|gains?|advantages?|superior\w*|favou?rably|speed-?ups?|acceleration)\b"
                         r"[^.;,]{0,40}?\b(?:over(?!-)|compared (?:to|with)))\b",
                         re.IGNORECASE)
#: "Enhance the <quality> of X" reads the same ("BANG, which significantly enhances the OOD performance of WiSE-FT",
#: "a new technique to enhance the robustness of imitation learning methods"): counted on kg's annotations (tune,
#: conclusions, corpus abstracts, training SciREX), 3 of the 6 methods named right after it are annotated as a
#: foundation (BASED_ON), 1 as used; of the links it draws on kg's out-of-fold abstracts, 3 of 7 are right. "Improve
#: the <quality> of X" does not ("SAFT can significantly improve the performance of CLIP": 1 of 8 links right).
_BASED_ON = re.compile(r"\b(?:based on|built (?:up)?on|builds (?:up)?on|extends|extending|extension of|"
                       r"inspired by|adapts|adapting|variant of|on top of|derived from|generaliz\w* of|"
                       r"generaliz\w*|modif\w* version|improves? upon|revisit\w*|"
                       r"enhanc\w* the (?:[\w-]+ ){1,3}?of)\b", re.IGNORECASE)
#: "Adopt" and "exploit" read the same ("we adopt the fully convolutional Residual Network (ResNet) as the backbone",
#: "we exploit the inherent multi-scale, pyramidal hierarchy of deep convolutional networks"): counted on kg's
#: annotations (tune, conclusions, corpus abstracts, training SciREX), of 24 methods named shortly after them, 18
#: are annotated as used by the paper's main (first proposed) method.
#: So does a participle of training right before "with/through" ("It is learned with the identification-verification
#: supervisory signal", "MAML ... trained with gradient descent", "the CTC model coupled with recurrent (RNN) ... neural
#: networks"): counted on kg's annotations (tune, conclusions, corpus abstracts, training SciREX, abstracts that
#: propose a method), 6 of the 8 methods named right after such a phrase are annotated as used (1 as beaten).
_USES = re.compile(r"\b(?:using|uses?|leverag\w*|employ\w*|adopt\w*|exploit\w*|"
                   r"(?:trained|learned|learnt|optimi[sz]ed|fine-tuned|finetuned|regulari[sz]ed|coupled)\s+(?:with|through)|"
                   r"backbones?|equipped with|incorporat\w*|"
                   r"combin\w*|relies on|rely on|integrat\w*|consist\w* of|compris\w*|utiliz\w*|"
                   r"apply|applies|applying|via|by means of|powered by)\b", re.IGNORECASE)
_EVAL_HERE = re.compile(r"\b(?:on|evaluat\w*|experiment\w*|test\w*|achiev\w*|obtain\w*|reach\w*)\b", re.IGNORECASE)
_TASK_LINK = re.compile(r"\b(?:for|address\w*|tackl\w*|solv\w*|toward\w*|applied to)\b",
                        re.IGNORECASE)
#: A method and right after it "in" the task ("the success of deep convolutional neural networks (CNNs) in single
#: image super-resolution", "CNNs in LVCSR have not kept pace"): counted on kg's annotations (tune, conclusions,
#: corpus abstracts, training SciREX), 9 of 13 such pairs are annotated ADDRESSES.
_IN_TASK = re.compile(r"\s*(?:\([^()]{1,20}\)\s*)?in\s+(?:the\s+)?(?:\w+\s+)?", re.IGNORECASE)
_WE = re.compile(r"\b(?:we|our|this paper|this work)\b", re.IGNORECASE)


#: Mentions of one sentence considered (abstract sentences have a few; this bounds hostile input).
MAX_MENTIONS_PER_SENTENCE = 60
MAX_SENTENCE_CHARS = 3000
EVAL_WINDOW = 120


@dataclass(frozen=True)
class RelationCandidate:
    """A relation between two groups (by index), with its evidence and confidence."""

    type: RelationType
    head: int
    tail: int
    sentence: int
    start: int
    end: int
    confidence: float


def _by_sentence(groups: list[EntityGroup]) -> dict[int, list[tuple[int, int, int]]]:
    """sentence -> [(group index, mention start, mention end)] in text order."""
    table: dict[int, list[tuple[int, int, int]]] = {}
    for gi, group in enumerate(groups):
        for start, end, sentence in group.mentions:
            table.setdefault(sentence, []).append((gi, start, end))
    for sentence, mentions in table.items():
        mentions.sort(key=lambda m: m[1])
        del mentions[MAX_MENTIONS_PER_SENTENCE:]
    return table


def find_relations(text: str, sentence_spans: list[tuple[int, int]], groups: list[EntityGroup],
                   results: Sequence[ResultCandidate] = ()) -> list[RelationCandidate]:
    """Every relation the rules find, at most one per (type, head, tail), best confidence kept.

    Abstracts revolve around the paper's main method (the first one it proposes). Counted on kg's
    annotated training abstracts, the main method addresses 86% of the tasks, is evaluated on 84%
    of the datasets the paper uses, and uses 74% of the other methods the paper proposes; the
    methods it only uses are components (USES), foundations (BASED_ON) or rivals (OUTPERFORMS),
    told apart by trigger words, or unrelated. A used method named in a sentence with the main one
    and linked to it by no trigger word is taken as a component: of the used methods, the main
    method uses 32%, is based on 13-17% and outperforms 14% (43% unrelated). Metrics measure the
    datasets and tasks beside them, and the paper's task (the first one named): on kg's out-of-fold
    abstracts, 7 of the 12 links this adds for metrics named beside another data set or task were
    annotated (6 of 18 on the conclusions). Costs too (time, speed, latency, memory, size): counted on
    kg's annotations (tune, conclusions, corpus abstracts, training SciREX), the first-named task is
    annotated as measured by 38 of 78 cost metrics (speed and time 30 of 57, memory and size 8 of 21),
    about as often as by the other metrics (194 of 341).
    """
    best: dict[tuple[RelationType, int, int], RelationCandidate] = {}

    def add(rtype: RelationType, head: int, tail: int, sentence: int, conf: float) -> None:
        if head == tail or (groups[head].type, groups[tail].type) not in _SIGNATURES[rtype]:
            return
        # A method the paper only uses is seldom annotated as using one the paper proposes: counted on kg's
        # annotations (tune, conclusions, corpus abstracts, training SciREX), 23 of the 947 annotated USES links go
        # from a used method to a proposed one; of the trigger links kg drew so ("Since transformers ... S4", "GANs
        # ... our SGAN") none of 6 is annotated (3 are annotated the other way round).
        if rtype is RelationType.USES and groups[head].role == "used" and groups[tail].role == "proposed":
            return
        start, end = sentence_spans[sentence]
        key = (rtype, head, tail)
        if key not in best or best[key].confidence < conf:
            best[key] = RelationCandidate(rtype, head, tail, sentence, start, end, round(conf, 3))

    def of_type(entity_type: EntityType, role: Optional[str] = "any") -> list[int]:
        return [i for i, g in enumerate(groups) if g.type is entity_type and (role == "any" or g.role == role)]

    first_sentence = {i: g.mentions[0][2] for i, g in enumerate(groups)}
    proposed = proposed_methods(text, groups)
    main = proposed[0] if proposed else _title_method(text, groups)
    tasks = of_type(EntityType.TASK)
    table = _by_sentence(groups)
    sentences_of = {i: {m[2] for m in g.mentions} for i, g in enumerate(groups)}

    # Without a proposed or title method, the abstract is about the method it names most (see _most_named_method).
    about = main if main is not None else _most_named_method(groups)
    if about is not None:
        if main is not None or len(sentences_of[about]) >= 3:
            for t in tasks:
                together = bool(sentences_of[t] & sentences_of[about]) or first_sentence[t] == 0
                add(RelationType.ADDRESSES, about, t, first_sentence[t], 0.7 if together else 0.6)
        for d in of_type(EntityType.DATASET):
            add(RelationType.EVALUATED_ON, about, d, first_sentence[d], 0.6 if groups[d].role != "proposed" else 0.5)
    if main is not None:
        for other in proposed[1:]:
            add(RelationType.USES, main, other, first_sentence[other], 0.6)
        for other in _created_parts(text, sentence_spans, groups, main):
            add(RelationType.USES, main, other, first_sentence[other], 0.6)
    for other in (p for p in proposed if p != main and _CAPITAL.search(groups[p].name) and
                  not any(_POSSESSIVE.search(text, max(0, start - 8), start) for start, _, _ in groups[p].mentions)):
        for t in tasks + of_type(EntityType.DATASET):  # another coined name the paper proposes addresses
            shared = sentences_of[other] & sentences_of[t]  # the tasks named beside it, is evaluated on the data
            if shared:
                rtype = RelationType.ADDRESSES if groups[t].type is EntityType.TASK else RelationType.EVALUATED_ON
                add(rtype, other, t, min(shared), 0.5)
    main_task = min(tasks, key=lambda t: groups[t].mentions[0][0]) if tasks else None
    # And the task the abstract returns to in the most sentences: counted on kg's annotations (tune, conclusions,
    # corpus abstracts, training SciREX), where it is not the first-named task it is annotated as measured by 22
    # of its 55 metrics.
    most_task = max(tasks, key=lambda t: (len(sentences_of[t]), -groups[t].mentions[0][0])) if tasks else None

    for sentence, mentions in table.items():
        present = list(dict.fromkeys(gi for gi, _, _ in mentions))
        datasets = [g for g in present if groups[g].type is EntityType.DATASET]
        here_tasks = [g for g in present if groups[g].type is EntityType.TASK]
        for d in datasets:
            for t in here_tasks:
                add(RelationType.BENCHMARK_FOR, d, t, sentence, 0.55)
        _evaluated_here(text, mentions, groups, main, sentence, add)
        _scored_for(text, mentions, groups, main, sentence, add)
        _scoring_subject(text, sentence_spans[sentence], mentions, groups, main, add, sentence)
        _applied_subject(text, mentions, groups, main, add, sentence)
        for m in (g for g in present if groups[g].type is EntityType.METHOD and g != main):
            for t in here_tasks:
                if _for_between(text, groups[m], groups[t], sentence):
                    add(RelationType.ADDRESSES, m, t, sentence, 0.5)
        for x in (g for g in present if groups[g].type is EntityType.METRIC):
            for h in datasets + here_tasks:
                add(RelationType.MEASURED_BY, h, x, sentence, 0.5)
            if main_task is not None:  # the paper's task too, also by a cost
                add(RelationType.MEASURED_BY, main_task, x, sentence, 0.4 if datasets or here_tasks else 0.45)
            if most_task is not None:
                add(RelationType.MEASURED_BY, most_task, x, sentence, 0.4)
        _trigger_relations(text, sentence_spans[sentence], mentions, groups, main, proposed, sentence, add)
    for result in results:  # "reduces FPR95 by 14% on ImageNet": ImageNet is measured by FPR95
        if result.dataset is not None and result.metric is not None:
            add(RelationType.MEASURED_BY, result.dataset, result.metric, result.sentence, 0.6)
    # The abstract's only data set is measured by its metrics wherever they are named: counted on kg's
    # annotations, 64 of the 99 metrics of an abstract with one data set are annotated as measuring it; of the
    # links this adds for metrics named away from it, 3 of 5 are right on kg's out-of-fold abstracts (3 of 8
    # on the conclusions). Only where a sentence naming the metric reports a number: counted on kg's annotations
    # (tune, conclusions, corpus abstracts, training SciREX), of the metrics of such an abstract named only away
    # from its data set, 8 of 16 named beside a number are annotated as measuring it, 7 of 32 named without one.
    _named_measure(groups, add)
    datasets = of_type(EntityType.DATASET)
    if len(datasets) == 1:
        for x in of_type(EntityType.METRIC):
            reported = sorted(i for i in sentences_of[x] if _DIGIT.search(text, *sentence_spans[i]))
            if reported:
                add(RelationType.MEASURED_BY, datasets[0], x, reported[0], 0.45)
    # A data set named without a task benchmarks the task the abstract returns to in the most sentences
    # (the first named on ties): counted on kg's annotations (tune, conclusions, out-of-fold abstracts),
    # of 111 such data sets 62 are annotated as benchmarks of it, 56 of the first task named.
    bench_task = max(tasks, key=lambda t: (len(sentences_of[t]), -groups[t].mentions[0][0])) if tasks else None
    for d in of_type(EntityType.DATASET):
        if bench_task is not None and not any(r[0] is RelationType.BENCHMARK_FOR and r[1] == d for r in best):
            add(RelationType.BENCHMARK_FOR, d, bench_task, first_sentence[d], 0.45)
    if main is not None:  # a method named beside the main one, with no trigger word, is most often a part of it
        linked = {r[2] for r in best if r[1] == main} | {r[1] for r in best if r[2] == main} | \
            {r[2] for r in best if r[0] is RelationType.OUTPERFORMS}  # a rival is no part of it
        ours = _ours(text, sentence_spans) if groups[main].role == "proposed" else set()
        for m in of_type(EntityType.METHOD, "used"):
            shared = (sentences_of[m] - _compared_in(text, groups[m])) & (sentences_of[main] | ours)
            if m not in linked and shared:
                add(RelationType.USES, main, m, min(shared), 0.4)
    _named_after(groups, best, add)
    _described_as(text, groups, best, add)
    _extension_of(text, groups, best, add)
    _plugged_into(text, sentence_spans, groups, best)
    for key in [k for k in best if _one_method(text, groups[k[1]], groups[k[2]])]:
        del best[key]
    return sorted(best.values(), key=lambda r: (r.sentence, r.type.value, r.head, r.tail))


_DIGIT = re.compile(r"\d")
#: A comparison word shortly before a method: "comparable performance to LoRA", "test RS2 against thirty data
#: pruning methods", "comparing the multinomial likelihood with other ...", "replace fine-tuning", "instead of X".
_COMPARED = re.compile(r"\b(?:(?:comparable|similar|equivalent|competitive|on par|compar\w*)\b[^.;]{0,40}?\b(?:to|with)|"
                       r"against|instead of|rather than|replac\w*|than|versus|vs\.?)\s+(?:[^.;]{0,40}?)$",
                       re.IGNORECASE)


def _compared_in(text: str, group: EntityGroup) -> set[int]:
    """The sentences where every mention of a method comes shortly after a comparison word ("BBTv2 can achieve
    comparable performance to full model tuning and ... Adapter, LoRA, BitFit", "We test RS2 against thirty
    state-of-the-art data pruning methods"): there it is set beside the main method as its peer or rival, not
    named as a part of it, so no fallback USES comes from that sentence. Counted on kg's annotations (tune,
    conclusions, corpus abstracts, training SciREX), 1 of the 13 fallback USES links such sentences gave is
    annotated."""
    by_sentence: dict[int, bool] = {}
    for start, _, sentence in group.mentions:
        hit = bool(_COMPARED.search(text, max(0, start - 80), start))
        by_sentence[sentence] = by_sentence.get(sentence, True) and hit
    return {s for s, hit in by_sentence.items() if hit}
#: A sentence opening with "Our model/method/..." or "The proposed ..." speaks of the paper's method.
_OURS = re.compile(r"\W*(?:our (?:proposed \w+|model|method|approach|framework|network|system|architecture|"
                   r"algorithm)s?|the proposed \w+)\b", re.IGNORECASE)


def _ours(text: str, sentence_spans: list[tuple[int, int]]) -> set[int]:
    """The sentences that open by naming the paper's method as "our model" or "the proposed method" ("Our
    method uses a shallow ConvNet"): a used method named there is a part of the main one as if named beside it.
    Counted on kg's annotations, the main (first proposed) method is annotated as using 23 of the 47 used
    methods such a sentence names (the main one not named in it); on kg's out-of-fold abstracts the links
    this adds are right 2 times of 3 (2 of 4 on the conclusions)."""
    return {i for i, (start, end) in enumerate(sentence_spans) if _OURS.match(text, start, end)}


#: A verb of creation and its article or praise words right before a method: "and develop drop-path", "and
#: introduce the cascade feature fusion unit", "we propose a novel residual unit".
_CREATED = re.compile(r"\b(?:introduc|develop|present|design|devis|propos)\w*\s+"
                      r"(?:(?:a|an|the|two|three|novel|new|simple|effective)\s+)*$", re.IGNORECASE)
_WE_BEFORE = re.compile(r"\bwe\b", re.IGNORECASE)


def _created_parts(text, sentence_spans, groups, main) -> list[int]:
    """The used methods named right after a verb of creation whose subject is "we" ("We note similarities with
    student-teacher behavior and develop drop-path", "We provide in-depth analysis of our framework and introduce
    the cascade feature fusion unit"): parts the paper makes for its main method, which uses them, even where
    the role rules read them as used (a long or hyphenated clause between "we" and the verb). Counted on kg's
    annotations (tune, conclusions, corpus abstracts, training SciREX), of the 100 methods other than the main
    one named so, the main method is annotated as using 64 (based on 18, unrelated 14)."""
    found = []
    for gi, g in enumerate(groups):
        if gi == main or g.type is not EntityType.METHOD or g.role != "used":
            continue
        for start, _, sentence in g.mentions:
            s_start = sentence_spans[sentence][0]
            if start - s_start <= MAX_SENTENCE_CHARS and _CREATED.search(text, max(s_start, start - 40), start) and \
                    _WE_BEFORE.search(text, s_start, start):
                found.append(gi)
                break
    return found


#: A capital letter in a proposed method's name ("Example Gisting", "CQN"): a name coined for it, not a
#: description of a part. Counted on kg's annotations, a proposed method other than the first one, named in a
#: sentence with a task, is annotated as addressing it 27 of 39 times with such a name, 26 of 75 without;
#: on kg's out-of-fold abstracts the links this adds are right 8 times of 20 (2 of 8 on the conclusions).
#: Named beside a data set, it is annotated as evaluated on it 16 of 16 times (13 of 25 without); the data set
#: links add 1 right of 2 out of fold (0 of 1 on the conclusions).
_CAPITAL = re.compile(r"[A-Z]")
#: "its BarHead": a part of another method, named as such.
_POSSESSIVE = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)


#: Between a method and another name for it: "X (Y", "X (RSRS or Y", "X, or Y", "X, namely Y".
_ANOTHER_NAME = re.compile(r"\s*(?:\((?:[^()]{0,20}\bor\s+)?|,\s*or\s+|,\s*(?:namely|called|dubbed|i\.e\.,?)\s+)")


def _one_method(text: str, a: EntityGroup, b: EntityGroup) -> bool:
    """Whether two method groups are one method written as another name of the other ("Repeated Sampling of
    Random Subsets (RSRS or RS2)", "Leave-One-Out K-Nearest-Neighbor, or LOOK for short") that grouping left
    apart: no relation holds between them. Counted on kg's annotations, 2 of 1,468 relations between methods
    join names written so; on kg's out-of-fold abstracts the relations this drops are all wrong (5 of 5, 1 of
    1 on the conclusions)."""
    if a.type is not EntityType.METHOD or b.type is not EntityType.METHOD:
        return False
    return any(0 <= y_start - x_end <= 30 and _ANOTHER_NAME.fullmatch(text, x_end, y_start)
               for x, y in ((a, b), (b, a)) for _, x_end, _ in x.mentions for y_start, _, _ in y.mentions)


_NAME_LINK = re.compile(r"\b(?:with|via|using|by|for|of|and|from|in|on|to)\b")


#: A passive "can be plugged into / integrated with": "The proposed Res2Net block can be plugged into the state-of-the-art
#: backbone CNN models", "Random Erasing ... can be integrated with most of the CNN-based recognition models".
_PLUGGED = re.compile(r"\b(?:can|could|may|might|to)\s+be\s+(?:\w+ly\s+)?(?:plugged|integrated|inserted|embedded|incorporated)"
                      r"\s+(?:into|with)\b", re.IGNORECASE)


def _plugged_into(text, sentence_spans, groups, best) -> None:
    """A method that "can be plugged into / integrated with" the methods named after it is a part they use, not
    their user: a USES link from a method named before the cue to one named after it, in the sentence, is turned
    round (even from a used method to a proposed one). Counted on kg's annotations (tune, conclusions, corpus
    abstracts, training SciREX), of the annotated pairs of a method named before such a cue and one named after it,
    4 are annotated as used by the latter, none the other way round (3 in no USES link)."""
    for key in [k for k in best if k[0] is RelationType.USES]:
        head, tail = groups[key[1]], groups[key[2]]
        start, end = sentence_spans[best[key].sentence]
        if any(start <= h_end and t_start < end and _PLUGGED.search(text, h_end, t_start)
               for _, h_end, _ in head.mentions for t_start, _, _ in tail.mentions if h_end <= t_start):
            found = best.pop(key)
            turned = (RelationType.USES, key[2], key[1])
            if turned not in best or best[turned].confidence < found.confidence:
                best[turned] = RelationCandidate(RelationType.USES, key[2], key[1], found.sentence, found.start,
                                                 found.end, found.confidence)


#: The measure words a metric's name ends in after the activity it scores ("face verification accuracy").
_MEASURE_HEADS = {"accuracy", "accuracies", "error", "errors", "rate", "rates", "score", "scores", "f1", "precision",
                  "recall", "quality", "performance", "speed", "speeds", "time", "cost", "costs", "efficiency"}


def _named_measure(groups, add) -> None:
    """A metric named after an activity measures the tasks named by that activity, wherever both are named:
    "face verification accuracy" measures face verification, "detection accuracy" object detection,
    "tagging accuracy" part-of-speech tagging. Counted on kg's annotations (tune, conclusions, corpus
    abstracts, training SciREX), of the metric and task pairs where the last word before the metric's
    measure words (not a "2D/3D" level) end the task's name, 35 of 41 are annotated MEASURED_BY (47 of 55
    where the last of them is any word of the task's name, but out of fold that also links "image quality" to
    "image-to-image translation" and "part-of-speech tagging accuracy" to "morphological tagging")."""
    for x, metric in enumerate(groups):
        if metric.type is not EntityType.METRIC:
            continue
        words = normalize(metric.name).split()
        while words and words[-1] in _MEASURE_HEADS:
            words.pop()
        if not words or len(words) == len(normalize(metric.name).split()) or re.search(r"\d", words[-1]):
            continue
        for t, task in enumerate(groups):
            if task.type is EntityType.TASK and normalize(task.name).split()[-len(words):] == words:
                add(RelationType.MEASURED_BY, t, x, metric.mentions[0][2], 0.6)


def _named_after(groups, best, add) -> None:
    """A proposed method whose name is another method's name with modifiers before it ("Asynchronous
    RLHF", "Meta Chain-of-Thought", "Adaptive Advantage-guided Policy Regularization") is based on it,
    not a user of it. Counted on kg's annotations, of 53 such pairs 41 are annotated BASED_ON, 3 USES,
    2 OUTPERFORMS and 7 nothing; with a preposition before the name ("Self-Training with Dynamic
    Prototype Expansion") the other is a part (USES 5 of 6) and the pair is left alone."""
    for a, head in enumerate(groups):
        if head.type is not EntityType.METHOD:
            continue
        if head.role != "proposed":  # a new version of another method, whoever made it (see _new_version)
            for b, other in enumerate(groups):
                if b != a and other.type is EntityType.METHOD and _new_version(head, other):
                    best.pop((RelationType.USES, a, b), None)
                    add(RelationType.BASED_ON, a, b, other.mentions[0][2], 0.6)
            continue
        own = {normalize(n) for n in [head.name, *head.aliases]}
        for b, other in enumerate(groups):
            if b == a or other.type is not EntityType.METHOD:
                continue
            names = {normalize(n) for n in [other.name, *other.aliases]}
            if names & own:
                continue
            tail = normalize(other.name)
            if any(n.endswith(" " + tail) and not _NAME_LINK.search(_unhyphenated(n[:-len(tail)], head)) for n in own) or \
                    _grown_name(head, other):
                best.pop((RelationType.USES, a, b), None)
                add(RelationType.BASED_ON, a, b, other.mentions[0][2], 0.6)


def _unhyphenated(prefix: str, group: EntityGroup) -> str:
    """The normalised words before another method's name in a name of `group`, less those written inside a hyphenated
    word: a preposition there ("End-To-End Memory Networks", "Coarse-to-fine Reinforcement Learning", "In-Place
    Activated BatchNorm") is part of a modifier, not a link to a part. Counted on kg's annotations (tune, conclusions,
    corpus abstracts, training SciREX), both annotated pairs named so are BASED_ON."""
    hyphenated = {w for n in [group.name, *group.aliases] for token in n.split() if "-" in token
                  for w in normalize(token).split()}
    return " ".join(w for w in prefix.split() if w not in hyphenated)


#: After another method's name, in a new version of it: "-Lite", "-21", " 2.0", "v2", "++"; or a short
#: glued part when the name ends in a capital or a digit ("CLIP" + "N").
_VERSION_SUFFIX = re.compile(r"-\w+|\s*v?\d+(?:\.\d+)?|\+\+")
_GLUED_SUFFIX = re.compile(r"[a-z]{1,3}|[A-Z0-9]")
_PARTICIPLE_SUFFIX = re.compile(r"-[a-z]+ed", re.IGNORECASE)


def _new_version(head: EntityGroup, other: EntityGroup) -> bool:
    """Whether a name of `head` is a name of `other` with a version or a short part glued after it ("CornerNet-Saccade",
    "Mistral-7b-Instruct", "DPN-131", "GHM-C", "Transformer-XL"): a new version of it, based on it even where the paper
    only uses or names it. Counted on kg's annotations (tune, conclusions, corpus abstracts, training SciREX), of the
    18 annotated pairs of methods named so, whatever their role, 16 are annotated BASED_ON (1 USES, 1 nothing). A
    participle glued on ("BARE-generated", "CNN-based") describes a use of the other, no version of it."""
    for a in [head.name, *head.aliases]:
        for b in (n for n in [other.name, *other.aliases] if len(n) >= 2 and n != a):
            if a.startswith(b) and not _PARTICIPLE_SUFFIX.fullmatch(a, len(b)) and (_VERSION_SUFFIX.fullmatch(a, len(b)) or
                                    (b[-1].isupper() or b[-1].isdigit()) and _GLUED_SUFFIX.fullmatch(a, len(b))):
                return True
    return False


def _grown_name(head: EntityGroup, other: EntityGroup) -> bool:
    """Whether a name of `head` is a name of `other` with a version or a short part glued after it
    ("CornerNet-Lite", "4M-21", "FlowNet 2.0", "CLIPN") or a word glued before it ("LeakGAN", "PyDCI",
    "DilatedRNN", "mLSTM"). Counted on kg's annotations, a proposed method named so after another method is
    annotated BASED_ON it 26 of 28 times (1 OUTPERFORMS, 1 nothing); on kg's out-of-fold abstracts the links
    this adds are right 1 time of 1 (3 of 3 on the conclusions)."""
    for a in [head.name, *head.aliases]:
        for b in (n for n in [other.name, *other.aliases] if len(n) >= 2 and n != a):
            if a.startswith(b) and (_VERSION_SUFFIX.fullmatch(a, len(b)) or
                                    (b[-1].isupper() or b[-1].isdigit()) and _GLUED_SUFFIX.fullmatch(a, len(b))):
                return True
            if len(b) >= 3 and a.endswith(b) and a[-len(b) - 1].isalnum():
                return True
    return False


#: "X, a hierarchical latent-variable model" / "X (CQN): a ... Y": the proposed name, then a description
#: whose last words are another method.
_APPOSITION = re.compile(r"\s*(?:\([^()]{1,40}\)\s*)?[,:]\s*(?:a|an)\s+(?:(?!(?:that|which|who|using|uses?|with|by|from|"
                         r"for|to|in|on|via|and|or|\w+ed)\s)[\w-]+\s+){0,6}?", re.IGNORECASE)
#: A title's name and colon, then the words of its description before another method, no article needed:
#: "V-Net: Fully Convolutional Neural Networks for ...", "DeXpression: Deep Convolutional Neural Network for ...".
#: Counted on kg's annotations, of 16 methods named so in a title's description (before its first preposition),
#: 12 are annotated as what the named method is based on (3 USES, 1 nothing).
_TITLE_DESCRIPTION = re.compile(r"\s*:\s*(?:(?!(?:for|with|via|using|by|in|on|to|through|from|beyond|and|of)\s)"
                                r"[\w-]+\s+){0,4}?", re.IGNORECASE)
#: "a novel fine-tuning strategy called Prereq-Tune", "a ... algorithm within the CRL framework called CQN".
_CALLED = re.compile(r"(?:[\s\w-]{0,40}?)\b(?:method|strategy|approach|framework|algorithm|model|architecture|"
                     r"network|technique|variant|version)s?\s*,?\s*(?:called|named|dubbed|termed|coined)?\s*",
                     re.IGNORECASE)


def _described_as(text, groups, best, add) -> None:
    """A proposed method described as a kind of another method ("Vid2Act, a model-based RL method ...",
    "a novel fine-tuning strategy called Prereq-Tune") is based on it, not a user of it; a description that
    goes on past a verb or preposition ("a cloning agent improved using conditional diffusion") names a part.
    Counted on kg's annotations (training SciREX, conclusions, corpus abstracts, tune), of 14 such appositions
    11 are annotated BASED_ON (2 USES, 1 OUTPERFORMS), of 5 "Y ... called X" 4 (1 nothing); on kg's
    out-of-fold abstracts the links this adds are right 3 times of 5 (the USES links they replace 0 of 6)."""
    for a, head in enumerate(groups):
        if head.type is not EntityType.METHOD or head.role != "proposed":
            continue
        own = normalize(head.name)
        for b, other in enumerate(groups):
            if b == a or other.type is not EntityType.METHOD:
                continue
            name = normalize(other.name)
            if name in own or own in name:
                continue
            if any(_described(text, x_start, x_end, y_start, y_end) for x_start, x_end, _ in head.mentions
                   for y_start, y_end in _written(text, other)):
                best.pop((RelationType.USES, a, b), None)
                best.pop((RelationType.USES, b, a), None)
                add(RelationType.BASED_ON, a, b, other.mentions[0][2], 0.6)


#: A capital letter that does not begin a word ("SimplE", "TuckER", "CNN"): a name written in its own casing.
_INNER_CAPITAL = re.compile(r"(?<=[^\s-])[A-Z]")


def _written(text: str, group: EntityGroup) -> list[tuple[int, int]]:
    """The spans of a group's mentions and of every other place its names are written ("ECHO, a self-harmonized
    chain-of-thought prompting method" names "Chain-of-Thought" where no mention was found), in any case unless the
    name has its own casing ("SimplE" is no "simple"). Counted on kg's annotations (tune, conclusions, corpus
    abstracts, training SciREX), the descriptions this finds beyond those written as annotated are 3 of 3 annotated
    BASED_ON ("DeXpression: Deep Convolutional Neural Network", "Synchronized Spectral CNN")."""
    spans = {(start, end) for start, end, _ in group.mentions}
    for name in (n for n in [group.name, *group.aliases] if len(n) >= 3):
        flags = 0 if _INNER_CAPITAL.search(name) else re.IGNORECASE
        spans |= {m.span() for m in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text, flags)}
    return sorted(spans)


def _described(text: str, x_start: int, x_end: int, y_start: int, y_end: int) -> bool:
    """Whether the mention y_start:y_end ends an apposition after x_start:x_end, or a "Y ... called" before it."""
    if y_start > x_end:
        gap = text[x_end:y_start]
        return "\n" not in gap and gap.strip()[:1] in ",:(" and (
            _APPOSITION.fullmatch(gap) is not None or
            text[:x_start].strip() == "" and _TITLE_DESCRIPTION.fullmatch(gap) is not None)
    gap = text[y_end:x_start]
    return y_end <= x_start and len(gap) < 60 and "\n" not in gap and _CALLED.fullmatch(gap) is not None


#: "X, a natural extension of Y", "X (VFAE), an extension of the Y", "X, an improved version of Y", "X, an
#: information-theoretic extension to the Y".
_EXTENSION = re.compile(r"\s*(?:\([^()]{1,30}\)\s*)?,\s*(?:which is\s+)?(?:a|an)\s+(?:[\w-]+\s+){0,3}?"
                        r"(?:extension|variant|generali[sz]ation|modification|version|adaptation)s?\s+(?:of|to)\s+"
                        r"(?:(?:the|a|an)\s+)?", re.IGNORECASE)


def _extension_of(text, groups, best, add) -> None:
    """A method set beside another as "an extension/variant/version of" it ("drop-path, a natural extension of
    dropout", "InfoGAN, an information-theoretic extension to the Generative Adversarial Network") is based on
    it, whatever its role, and not its user. Counted on kg's annotations (tune, conclusions, corpus abstracts,
    training SciREX), 4 of 4 such pairs are annotated BASED_ON."""
    for a, head in enumerate(groups):
        if head.type is not EntityType.METHOD:
            continue
        for b, other in enumerate(groups):
            if b == a or other.type is not EntityType.METHOD:
                continue
            if any(0 < y_start - x_end <= 80 and _EXTENSION.fullmatch(text, x_end, y_start)
                   for _, x_end, _ in head.mentions for y_start, _, _ in other.mentions):
                best.pop((RelationType.USES, a, b), None)
                best.pop((RelationType.USES, b, a), None)
                add(RelationType.BASED_ON, a, b, other.mentions[0][2], 0.6)


_TITLE_SUBJECT = re.compile(r"(?:^|:|\b(?:via|using|with|by|through))\s*(?:(?:a|an|the)\s+)?$", re.IGNORECASE)


def _title_method(text: str, groups: list[EntityGroup]) -> Optional[int]:
    """Without a proposed method, the method the title opens with or names as its means
    ("Recurrent Relational Networks", "... via State Space Layers"), if one; not the one it studies
    ("Alignment faking in large language models")."""
    title_end = text.find("\n")
    in_title = [i for i, g in enumerate(groups) if g.type is EntityType.METHOD and g.mentions[0][0] < title_end
                and _TITLE_SUBJECT.search(text, 0, g.mentions[0][0])]
    return min(in_title, key=lambda i: groups[i].mentions[0][0]) if in_title else None


def _most_named_method(groups: list[EntityGroup]) -> Optional[int]:
    """Without a proposed or title method, the method the abstract names in the most sentences (two at
    least; the first named on ties) is the one it reports on ("fastText obtains ...", "RaftStereo ... on
    Middlebury"). Counted on kg's annotations of abstracts that propose no method, that method is
    evaluated on 8 of the 13 data sets and addresses 27 of the 48 tasks when named in three sentences or
    more, 1 of 5 and 7 of 14 when named in two; on kg's out-of-fold abstracts the data set links it adds
    are right 7 times of 8 (4 of 7 on the conclusions), the task links 4 of 11 (2 of 5) when it is named
    in three sentences and 5 of 23 (4 of 15) when in two or more, so tasks take three."""
    methods = [i for i, g in enumerate(groups) if g.type is EntityType.METHOD]
    if not methods:
        return None
    best = max(methods, key=lambda i: (len({m[2] for m in groups[i].mentions}), -groups[i].mentions[0][0]))
    return best if len({m[2] for m in groups[best].mentions}) >= 2 else None


def _evaluated_here(text, mentions, groups, main, sentence, add) -> None:
    """A method named shortly before a dataset, no other method between them and an evaluation
    cue in between ("DCGAN on MNIST", "SVDNet achieves 80.5% on CUHK03"), was evaluated on it."""
    last_method = None
    for gi, start, end in mentions:
        if groups[gi].type is EntityType.METHOD:
            last_method = (gi, end)
        elif groups[gi].type is EntityType.DATASET and last_method is not None:
            method, m_end = last_method
            if method != main and 0 <= start - m_end <= EVAL_WINDOW and _EVAL_HERE.search(text, m_end, start):
                add(RelationType.EVALUATED_ON, method, gi, sentence, 0.5)


#: A reported number, a few words, and "for" right before a method: "from 73.8% to 82.3% for ResNet-50", "34.4% AP at
#: 34ms for CornerNet-Squeeze".
_SCORE_FOR = re.compile(r"(?<![\w.-])\d[\d.,]*\s*(?:%|x|times|points?|ms|s)?(?:\s+[\w-]+){0,3}?\s+for\s+(?:the\s+|a\s+|an\s+)?$",
                        re.IGNORECASE)


def _scored_for(text, mentions, groups, main, sentence, add) -> None:
    """A method a number is given "for" ("On the Market-1501 dataset, rank-1 accuracy is improved from 55.3% to 80.5%
    for CaffeNet, and from 73.8% to 82.3% for ResNet-50") was evaluated on the data sets of the sentence. Counted on
    kg's annotations (tune, conclusions, corpus abstracts, training SciREX), 5 of 5 such pairs are annotated
    EVALUATED_ON."""
    datasets = [gi for gi in dict.fromkeys(g for g, _, _ in mentions) if groups[gi].type is EntityType.DATASET]
    for gi, start, _ in mentions:
        if datasets and gi != main and groups[gi].type is EntityType.METHOD and \
                _SCORE_FOR.search(text, max(0, start - 60), start):
            for d in datasets:
                add(RelationType.EVALUATED_ON, gi, d, sentence, 0.5)


#: Verbs that report how a method scored ("X outperforms", "X achieved", "X yields accuracy improvements").
_SCORES = re.compile(r"\b(?:outperform\w*|surpass\w*|beat\w*|exceed\w*|achiev\w*|obtain\w*|improv\w*|reach\w*|"
                     r"yield\w*|sets?|performs?|attain\w*)\b", re.IGNORECASE)


def _scoring_subject(text, sentence_span, mentions, groups, main, add, sentence) -> None:
    """A used method that is the subject of a verb reporting its score ("VGG-16 outperforms the other
    networks", "the HM-LSTM achieved state-of-the-art result on the Text8 dataset") was evaluated on
    the sentence's datasets and addresses its tasks. Counted on kg's annotations (tune, conclusions,
    out-of-fold abstracts), such pairs are annotated EVALUATED_ON 11 of 13 times and ADDRESSES 9 of
    11; a proposed method other than the main one is a part of it (ADDRESSES 0 of 5) and addresses no task,
    but is evaluated on the data sets ("GHM-C and GHM-R can bring substantial improvement" on MS COCO):
    counted on kg's annotations (tune, conclusions, corpus abstracts, training SciREX), a method annotated as
    proposed that is the subject of such a verb is evaluated on the data sets of its sentence 74 times of 75."""
    s_start, s_end = sentence_span
    if s_end - s_start > MAX_SENTENCE_CHARS:
        return
    for verb in _SCORES.finditer(text, s_start, s_end):
        subject = _named_subject(text, verb.start(), mentions, groups)
        if subject is None or subject == main:
            continue
        for gi in dict.fromkeys(gi for gi, _, _ in mentions):
            if groups[gi].type is EntityType.DATASET:
                add(RelationType.EVALUATED_ON, subject, gi, sentence, 0.5)
            elif groups[gi].type is EntityType.TASK and groups[subject].role != "proposed":
                add(RelationType.ADDRESSES, subject, gi, sentence, 0.5)


#: Right after a method: what it has done or been used for ("Deep convolutional neural networks (DCNNs) have shown
#: remarkable performance in image classification", "RNNs have been successfully applied to language modeling").
_APPLIED = re.compile(r" *(?:\([^()]{1,20}\) *)?(?:(?:have|has|had|are|is) +)?(?:been +)?(?:\w+ly +)?"
                      r"(?:shown|demonstrated|achieved|obtained|proven|applied|used|employed|adopted|become|emerged|"
                      r"dominated|attracted|made|brought|led|yielded|excelled|succeeded|advanced|revolutionized|"
                      r"improved)\b|"
                      r" *(?:\([^()]{1,20}\) *)?(?:have|has) +(?:been +)?(?:\w+ly +)?[a-z]\w+", re.IGNORECASE)


def _applied_subject(text, mentions, groups, main, add, sentence) -> None:
    """A used method that is the subject of a verb telling what it has done or where it has been used ("Deep
    convolutional neural networks (DCNNs) have shown remarkable performance in image classification tasks")
    addresses the tasks of its sentence. Counted on kg's annotations (tune, conclusions, corpus abstracts,
    training SciREX), 29 of 39 such pairs are annotated ADDRESSES. Any verb in the present perfect reads the
    same ("Recurrent neural networks have been very successful at ... language modeling", "attention mechanisms
    have been successfully extended to MC", "Meta-learning has been proposed as a framework to address the
    challenging few-shot learning setting"): of the pairs only it finds, 8 of 11 are annotated ADDRESSES."""
    for gi, _, end in mentions:
        if gi == main or groups[gi].type is not EntityType.METHOD or groups[gi].role != "used" or \
                not _APPLIED.match(text, end):
            continue
        for t in dict.fromkeys(g for g, _, _ in mentions):
            if groups[t].type is EntityType.TASK:
                add(RelationType.ADDRESSES, gi, t, sentence, 0.5)


def _for_between(text: str, method: EntityGroup, task: EntityGroup, sentence: int) -> bool:
    """Whether a mention of `method` is followed, in `sentence`, by "for/addressing/tackling/solving/
    applied to" and then `task`, or by "in" and then `task` (see _IN_TASK)."""
    for m_start, m_end, m_sentence in method.mentions:
        if m_sentence != sentence:
            continue
        for t_start, _, t_sentence in task.mentions:
            if t_sentence == sentence and 0 <= t_start - m_end <= 60 and \
                    (_TASK_LINK.search(text[m_end:t_start]) or _IN_TASK.fullmatch(text, m_end, t_start)):
                return True
    return False


#: Between a subject and its verb: adverbs and modals ("CQN significantly outperforms", "leads LLaMA-65B to
#: outperform").
_SUBJECT_GAP = re.compile(r"\s*(?:(?:\w+ly|also|even|still|to|can|could|may|will|further|both|all|now|then)\s+)*")


def _named_subject(text, trigger_start, mentions, groups) -> Optional[int]:
    """The method named right before a trigger word, only adverbs or modals between, if one: the
    subject of the verb. Counted on kg's annotations, such a subject is annotated as the one that
    outperforms 25 times, the paper's other proposed method once (7 times neither); when it is a
    proposed method it is the one that uses (17, the other proposed method 4) or is based on (4, 0)
    what follows. A comma ends the subject ("T, which builds on L, surpasses Q": L is not it)."""
    for gi, start, end in reversed(mentions):
        if end <= trigger_start and groups[gi].type is EntityType.METHOD:
            gap = _SUBJECT_GAP.match(text, end, trigger_start)
            return gi if gap is not None and gap.end() == trigger_start else None
    return None


def _trigger_relations(text, sentence_span, mentions, groups, main, proposed, sentence, add) -> None:
    """Method-method relations split by a trigger word: the subject (the main method when the
    sentence speaks of it or of "we/our") acts on the methods named after the trigger."""
    s_start, s_end = sentence_span
    if s_end - s_start > MAX_SENTENCE_CHARS:
        return
    sentence_text = text[s_start:s_end]
    methods = [(g, st) for g, st, _ in mentions if groups[g].type is EntityType.METHOD]
    if not methods:
        return
    matches = [(list(pattern.finditer(sentence_text)), rtype, conf)
               for pattern, rtype, conf in ((_OUTPERFORM, RelationType.OUTPERFORMS, 0.7),
                                            (_BASED_ON, RelationType.BASED_ON, 0.6),
                                            (_USES, RelationType.USES, 0.55))]
    triggers = sorted(match.start() for found, _, _ in matches for match in found)
    if not triggers:
        return
    # The subject comes before the sentence's first trigger, the objects before the next one: in "T, which
    # builds on L, achieves results surpassing Q and M", L is no subject of "surpassing" and T is not
    # built on Q or M.
    before = [g for g, st in methods if st < s_start + triggers[0]]
    for found, rtype, conf in matches:
        for match in found:
            stop = next((start for start in triggers if start >= match.end()), len(sentence_text))
            after = [g for g, st in methods if s_start + match.end() <= st < s_start + stop]
            if not after:
                continue
            parts = _with_parts(sentence_text, s_start, match.end(), stop, methods) \
                if rtype is RelationType.BASED_ON else set()
            if rtype is RelationType.BASED_ON and _IMPLEMENTATION.search(sentence_text, max(0, match.start() - 40),
                                                                         match.start()):
                parts = set(after)
            subject_words = _WE.search(sentence_text[:match.start()])
            named = _named_subject(text, s_start + match.start(), mentions, groups)
            if named is not None and (rtype is RelationType.OUTPERFORMS or named in proposed):
                heads = [named]
            elif main is not None and (main in before or subject_words or not before):
                heads = [main]
            else:
                heads = [b for b in before if b in proposed] or before[-1:]
            # Every rival beaten, even one the role rules read as proposed ("a new agent architecture, called
            # Reactor, ... with higher sample-efficiency than Prioritized Dueling DQN"): counted on kg's
            # annotations (tune, conclusions, corpus abstracts, training SciREX), 246 of the 248 annotated beaten
            # methods are used ones; only the main method is never taken as beaten.
            for h in heads:
                for t in (after if rtype is RelationType.OUTPERFORMS else after[:4]):
                    if t != h and not (rtype is RelationType.OUTPERFORMS and t == main):
                        add(RelationType.USES if t in parts else rtype, h, t, sentence, 0.55 if t in parts else conf)
            break


_WITH = re.compile(r"\bwith\b", re.IGNORECASE)
#: An implementation "based on" a method uses it ("Our implementation based on Faster-RCNN", "The full implementation
#: (based on Caffe)"): counted on kg's annotations (tune, conclusions, corpus abstracts, training SciREX), the 3
#: methods named right after such a phrase are annotated as used, none as a foundation.
_IMPLEMENTATION = re.compile(r"\b(?:implementation|code|implemented|toolkit|software)\s*\(?(?:is\s+)?(?:\w+\s+)?$",
                             re.IGNORECASE)


def _with_parts(sentence_text, s_start, match_end, stop, methods) -> set[int]:
    """The methods named after "with" once the object of "based on" is named ("Our implementation based on
    Faster-RCNN with a ResNet-101 backbone", "Our encoder is based on stacked bidirectional LSTM-RNNs with shortcut
    connections"): parts of it the subject uses, not its foundations. Counted on kg's annotations (tune,
    conclusions, corpus abstracts, training SciREX), of the 5 annotated methods named within 40 characters after
    "based on ... with", 3 are annotated as used (none as a foundation, 2 in no relation)."""
    first = next((st for _, st in methods if s_start + match_end <= st < s_start + stop), None)
    if first is None:
        return set()
    cue = _WITH.search(sentence_text, first - s_start, stop)
    if cue is None:
        return set()
    return {g for g, st in methods if s_start + cue.end() <= st < s_start + stop}
