"""Turn typed candidate spans into one entity per thing per abstract.

Plain functions, no spaCy: overlapping candidates are resolved, each kept span is typed by
weighted votes (recogniser, lexicon, head word, context), mentions are grouped (same normalised
name, acronym = long form, "Kinetics" = "Kinetics-400"), each group gets a canonical name,
aliases, a role and a confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

from kg.extract.abbreviations import Abbreviation
from kg.extract.lexicon import (Lexicon, TypePriors, default_lexicon, is_generic, is_generic_class, looks_like_name,
                                strip_determiners, type_from_head, TASK_HEADS)
from kg.model import EntityType
from kg.names import normalize

#: Acronym definitions used per document (abstracts have a handful; this bounds hostile input).
MAX_ABBREVIATIONS = 100

#: Distinct names of one text beyond which the pairwise grouping passes are skipped (an abstract
#: has a few dozen; this bounds hostile input).
MAX_PAIRWISE_NAMES = 400

#: Words that alone name no entity, though they head many: counted on kg's annotated texts (corpus,
#: SciREX abstracts and conclusions, 600 texts), none of these was ever annotated as a name of its own
#: ("generation" in 58 texts, "classifier(s)" in 30, "encoder(s)" in 28, "alignment" in 24, ...),
#: "generalization" 2 of 51 times.
BARE_NOT_ENTITIES = frozenset(normalize(w) for w in """
classifier classifiers encoder encoders decoder decoders detector detectors generalization alignment
optimization adaptation augmentation generation control
""".split())

#: Vote weight of each candidate source.
SOURCE_WEIGHTS = {"title": 3.0, "described": 2.0, "coined": 1.5, "purpose": 1.3, "ner": 0.8, "list": 0.8,
                  "lexicon": 0.9, "measure": 0.9, "abbreviation": 0.7, "head": 0.6, "pattern": 0.3,
                  "proposal": 0.75, "change": 1.3, "moved": 1.0, "listed": 1.0, "paired": 1.0, "terms": 1.0, "quality": 1.3, "rival": 1.3, "rests": 0.9,
                  "paradigm": 2.0, "possessive": 1.5, "served": 2.0,
                  "connection": 1.5}
#: Sources of a measure reported with a number: a verb of change ("boost the average task success by 8%")
#: names its measure as surely as a measure word beside the number does (14 of 14 annotated, `components`).
MEASURE_SOURCES = frozenset({"measure", "change"})

_PROPOSAL = re.compile(
    r"\b(?:we|this paper|this work|in this paper,? we)\s+(?:\w+\s+){0,4}?"
    r"(?:propos|introduc|present|develop|design|call|"
    r"dub|term|name|devis|creat|build|construct|releas|curat|contribut|offer)\w*\b"
    r"|\bour\s+(?:\w+\s+){0,2}$|\b(?:the|our)\s+(?:newly\s+)?proposed\s+$|\bcalled\s+$|\bnamed\s+$|\bdubbed\s+$|\btermed\s+$",
    re.IGNORECASE)
#: Right after "we describe" / "this paper describes", the object described: "We describe a very simple bag-of-words
#: baseline for ...", "This paper describes Tacotron 2, ...", "we describe a novel neural network architecture called
#: the Reasoning Network". Counted on the annotations (corpus, conclusions, SciREX abstracts, tune 1-15), 9 of the 12
#: Methods named so are proposed, 8 of them the paper's main method (the proposed one with the most relations); named
#: anywhere later in such a sentence, 13 of 25 are used, so only the object counts ("a re-implementation of BERT" not).
_DESCRIBED = re.compile(r"\b(?:we|this paper|this work)\s+(?:have\s+)?describ(?:e|es|ed)\s+(?:(?:a|an|the|our)\s+)?"
                        r"(?:(?!of\b)[\w-]+,?\s+){0,3}$|\bdescrib(?:e|es|ed)\s+(?:(?:a|an|the|our)\s+)?"
                        r"(?:(?!of\b)[\w-]+,?\s+){0,5}(?:called|named)\s+(?:the\s+)?$", re.IGNORECASE)
_DATASET_CONTEXT = re.compile(r"\b(?:on|dataset|datasets|benchmark|benchmarks|corpus|including)\W*$",
                              re.IGNORECASE)
#: Right before a capitalised name: it is a data set (22 of 23 such names in kg's annotated texts). So is a
#: capitalised name a data-set word introduces by example, also after a comma or parenthesis, "e.g."/"i.e.",
#: an article and one plain word: "trained with only one dataset, such as the popular Sceneflow", "widely-used
#: datasets, e.g., CIFAR-100", "standard SR benchmarks (i.e. Set5": 19 of 19 such names in kg's annotated
#: texts are data sets.
_DATASET_CUE = re.compile(r"\b(?:benchmarks?|datasets?|data sets?|corpus|corpora)(?:[\s,]*\(?(?:such as|like|including|"
                          r"e\.g\.|i\.e\.|namely)(?:,?\s+(?:the|a)(?:\s+[a-z]+)?)?)?[\s,:]*$", re.IGNORECASE)
#: "on <coined name>" after a number the sentence reports is where it was measured: "a 18.4% improvement
#: over SOTA methods on RAFT". In kg's annotated texts, 47 of 47 coined names after "on" in a sentence
#: that has reported a number are data sets (without a number, 110 of 147: "on GPU", "on ResNet18"); plain
#: capitalised names there, 12 of 15 ("35.1% on Dogs", "on Penn Treebank"; not "on Images", "on Videos").
#: The second name of a pair after "on" is read the same way: "by up to 25.79% on CIFAR-100 with TI-300K", "on SVHN
#: and CIFAR-10" (20 of 23 such coined names are annotated data sets, 2 of 2 in a sentence with a number; not:
#: "pretrained on ResNet18 and WideResNet", "on LLaMA3-8B and Phi3-mini-3.8B", "on GPU and CPU").
#: So are the later members of a list after "on": "state-of-the-art performance on Caltech, INRIA, and ETH" (in
#: such sentences, 20 of 22 capitalised second or later members of a comma list after "on" are annotated data sets
#: or inside one's name; not: "on CoNLL-2005 SRL, LISA ...", "on En-Cs, En-De").
_ON_BEFORE = re.compile(r"\bon\s+(?:the\s+)?(?:[A-Z][\w\-.]*\w\s+(?:and|or|with)\s+(?:the\s+)?|"
                        r"(?:[A-Z][\w\-.]*\w(?:\s[A-Z0-9][\w\-.]*)?,\s+){1,5}(?:(?:and|or)\s+)?)?$")
_ON_PAIR_BEFORE = re.compile(r"\bon\s+(?:the\s+)?[A-Z][\w\-.]*\w\s+(?:and|or|with)\s+(?:the\s+)?$")
_NUMBER_IN_SENTENCE = re.compile(r"\d\s*%|\d\.\d|\d\s+(?:points?|BLEU|F1|mAP|accuracy)\b")
#: A sentence that claims a result without a number reads the same way: "achieves state-of-the-art performance on
#: Caltech, INRIA, and ETH", "outperforms ... on WikiQA", "competitive results on FLIC". In kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune 1-15), 72 of the 80 capitalised names after "on" behind such a
#: claim (and no number) are annotated data sets or inside one's name (not: "on GPU and CPU", "on En-Cs",
#: "the VQA evaluation server", "on KBC tasks", "based on ViT-B-16").
_CLAIM_IN_SENTENCE = re.compile(r"state[- ]of[- ](?:the[- ])?art|outperform|\bbest\b|competitive|superior|\bresults\b",
                                re.IGNORECASE)
#: So does a sentence of experiments or evaluation: "Experiments on FG-NET show ...", "We evaluate the
#: model on WikiQA", "tested on MPII". In kg's annotated texts, 27 of the 30
#: capitalised names after "on" in such sentences without a number or a claimed result are annotated data sets
#: or inside one's name (not: "experiments on LLaMA3-8B and Phi3-mini-3.8B", "pretrained on ResNet18 and
#: WideResNet", "on AIFR").
_EVALUATION_IN_SENTENCE = re.compile(r"experiment|evaluat|\btest|validat", re.IGNORECASE)
REPORTED_ON_VOTE = 1.4
#: One coined word right before a singular "dataset", "benchmark" or "corpus" names that data set: "the
#: existing WikiQA benchmark", "the TREC-CAR dataset". In kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), all 61 such coined words that the lexicon does not know as a task or method and that
#: follow no capitalised word are annotated data sets or inside one's name; after a capitalised word the coined
#: word ends a longer name ("Meta-World ML1 benchmark", "1B Word dataset").
CODED_DATA_SET_VOTE = 0.6
#: A verb between a span's words makes it a clause, not a name: "Out-Of-Domain Unlabeled Data Improves
#: Generalization" (a title). Of the 6,596 names and aliases annotated in kg's annotated texts (corpus,
#: conclusions, SciREX abstracts, tune 1-15), 1 has one of these verbs inside.
_CLAUSE_VERB = re.compile(r"\s(?:[Ii]mproves|[Hh]elps|[Mm]akes|[Ee]nables|[Ss]erves|[Bb]oosts|[Mm]atters|[Ww]orks|"
                          r"[Yy]ields|[Oo]utperforms|[Bb]eats|[Nn]eeds|[Rr]educes|[Ii]s|[Aa]re|[Cc]an|[Dd]oes)\s")
_URL = re.compile(r"https?:|www\.|\.com\b|\.org\b|github|@")
_GENERIC_TAIL = re.compile(r"\s+(?:datasets?|benchmarks?|corpus|metric|model|framework|architecture|agents?|"
                           r"variants?)$")
#: "problem(s)" after a task's head word is no part of the task's name: "the face detection problem", "graph
#: classification problems". In kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), of the
#: annotated names in "<... task head> problem(s)" mentions, 28 leave "problem" out and 1 keeps it ("ranking problem").
_PROBLEM_TAIL = re.compile(r"\s+problems?$", re.IGNORECASE)
_RIGHT_CONTEXT = re.compile(r"\s+(datasets?|benchmarks?|corpus|corpora|suite|metrics?|score)\b", re.IGNORECASE)
_RIGHT_CONTEXT_TYPES = {"dataset": EntityType.DATASET, "benchmark": EntityType.DATASET, "corpu": EntityType.DATASET,
                        "corpora": EntityType.DATASET, "suite": EntityType.DATASET, "metric": EntityType.METRIC,
                        "score": EntityType.METRIC}
# In a title, what follows "via", "using", "through" or "by" is the means (a Method): "Out-of-Distribution
# Detection via Whitened Linear Discriminant Analysis"; what precedes them is the end it serves.
_TITLE_MEANS_BEFORE = re.compile(r"\b(?:via|using|through|by|with|based on|leveraging)\s+(?:(?:a|an|the)\s+)?$",
                                 re.IGNORECASE)
#: Words before a name that make it a means (a Method, 95-97% of annotated cases) or a problem (a Task).
_MEANS_BEFORE = re.compile(r"\b(?:using|uses?|used|via|with|by|apply|applies|applying|applied|employ\w*|leverag\w*|"
                           r"adopt\w*|through|combin\w*|incorporat\w*|based on|integrat\w*)\s+"
                           r"(?:(?:a|an|the|our|their|standard|simple|existing)\s+)?$", re.IGNORECASE)
#: What is put to use is a means: "with the use of reinforcement learning", "using a combination of motion planning
#: and ...", "we make use of complex valued embeddings". In kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), all 24 annotated Method or Task mentions after "use/usage/combination/help of" are Methods
#: ("the application of person re-identification", a Task, is why "application of" is left out).
_USE_OF_BEFORE = re.compile(r"\b(?:use|usage|combination|help)\s+of\s+(?:(?:a|an|the)\s+)?$", re.IGNORECASE)
_TASK_BEFORE = re.compile(r"\b(?:address\w*|tackl\w*|solv\w*|toward\w*|problem of|task of|tasks? such as|"
                          r"field of|area of|domain of)\s+(?:(?:a|an|the)\s+)?$", re.IGNORECASE)
#: What a method is applied, extended or adapted to is the problem it serves: "the idea of deep residual learning is
#: applied to visual question-answering tasks", "we extend variational autoencoders (vaes) to collaborative
#: filtering", "apply the proposed method to the problem of semantic image segmentation". In kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune 1-15), 22 of the 24 annotated Method or Task mentions so preceded
#: are Tasks (not: "can be extended to Adam", "this also applies to residual networks"; "applies to" is left out).
_APPLIED_TO = re.compile(r"\b(?:appl(?:y|ied|ying)|extend(?:s|ed|ing)?|adapt(?:s|ed|ing)?)(?:\s+[\w()-]+){0,5}?"
                         r"\s+to\s+(?:the\s+)?(?:(?:task|problem)\s+of\s+)?$", re.IGNORECASE)
APPLIED_TO_VOTE = 2.0
#: A plain name followed by the systems built for it or the field that studies it names a problem: "neural machine
#: translation systems", "the question answering community", "future collaborative filtering research". In kg's
#: annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 36 of the 41 annotated Method or Task mentions
#: followed by "system(s)", "research", "community" or "literature" are Tasks; 3 of the 5 Methods are coined names
#: ("Faster R-CNN systems", "an HBF system"), which this cue leaves alone.
_FIELD_AFTER = re.compile(r"\s+(?:systems?|research|community|literature)\b", re.IGNORECASE)
#: A name followed by "task(s)" or "problem(s)" names the problem: 179 of 182 annotated Method or Task
#: mentions so followed in kg's annotated texts are Tasks.
_TASK_AFTER = re.compile(r"\s+(?:tasks?|problems?)\b", re.IGNORECASE)
#: A name the sentence calls a problem or task: "Stereo-matching is a fundamental problem in computer vision",
#: "Text classification is one of the fundamental tasks". In kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), all 17 annotated mentions so followed are Tasks, none a Method.
_CALLED_A_TASK = re.compile(r"\s+(?:is|are|remains?)\s+(?:an?|the|one of the)\s+(?:[\w-]+\s+){0,3}?"
                            r"(?:problems?|tasks?|challenges?)\b", re.IGNORECASE)
CALLED_A_TASK_VOTE = 2.0
#: A name with a task's head word that the sentence calls crucial or essential is the problem the paper serves:
#: "Semantic matching is of central importance to many natural language tasks", "Domain adaptation is critical for
#: ...". In kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), all 5 annotated mentions of such
#: names so followed are Tasks ("Simulation agents are essential", a Method, has no task head word).
_CALLED_CRUCIAL = re.compile(r"\s+(?:is|are|remains)\s+(?:of\s+(?:central|great|crucial|critical|fundamental|paramount)\s+"
                             r"importance|crucial|essential|critical)\b", re.IGNORECASE)
MEANS_CUE_VOTE = 1.0
#: What a comparison sets a method against is a rival method: "better results than its ResNet counterpart",
#: "outperforms the rule-based aligner", "compared to ERM". In kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), of the 107 annotated mentions right after than/over/outperform/compared to/against/versus/
#: surpass (and the/a/its/their) that end where `_RIVAL_END` says, 96 are Methods, 5 Metrics ("better than the
#: Inception Score"), 4 Tasks and 2 Datasets; so the vote only backs a name already typed Method. Out of fold, it
#: lifts 9 recogniser-only Methods of the SciREX abstracts and the corpus over the threshold, 7 of them annotated.
_RIVAL_BEFORE = re.compile(r"\b(?:than|over|outperform(?:s|ed|ing)?|compared\s+(?:to|with)|against|versus|vs\.|"
                           r"surpass(?:es|ed|ing)?)\s+(?:(?:the|a|an|its|their)\s+)?$", re.IGNORECASE)
#: The rival's name ends where the comparison's object does (as `components.rival_phrase_candidates` reads it), not
#: inside a longer phrase ("than online learning ones", "outperform self-supervised state-of-the art methods").
_RIVAL_END = re.compile(r"\s*(?:[,;:().]|$)|\s+(?:in|on|by|and|or|while|across|with|at|for|under|when|which|that|using|"
                        r"without|despite|to|of|as|from|is|are|trained|through|if|both|even|after|before)\b")
RIVAL_CUE_VOTE = 1.0
#: A coined name typed Method and followed by a word for a kind of method is named as one: "within the HORNN
#: framework", "a neural CRF model", "traditional sparse-coding-based SR methods". In kg's annotated texts (corpus,
#: conclusions, SciREX abstracts, tune 1-15), of the 148 annotated mentions with a coined word (`_CODED_WORD`) so
#: followed, 102 are Methods and 46 Tasks; of the 131 without a task's head word, 101 are Methods ("OOD detection
#: methods" keep their Task head). Plain phrases are left alone (of all 302 so followed, 166 are Methods, 135 Tasks:
#: "stereo-matching models"), and the vote only backs a name already typed Method with no Task vote.
_METHOD_KIND_AFTER = re.compile(r"\s+(?:framework|approach(?:es)?|methods?|models?|architecture|algorithms?|networks?|"
                                r"variants?|baselines?|module|mechanism|technique|strategy|scheme|procedure|paradigm|"
                                r"formulation|loss|objective)\b", re.IGNORECASE)
#: A word with two capitals or a digit ("HORNN", "VGG-16", "CRF"): a coined name, not a plain phrase.
_CODED_WORD = re.compile(r"[A-Z][\w-]*[A-Z]|\d")
METHOD_KIND_VOTE = 1.0
#: Vote for the type of the known names a one-word name shares its stem with (`Lexicon.family`).
FAMILY_VOTE = 1.0
#: "for" before a title phrase: what follows is the paper's purpose.
_TITLE_PURPOSE_BEFORE = re.compile(r"\bfor\s+(?:(?:a|an|the)\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
#: Where a title's own phrase starts: the title's start, after its colon or "Towards".
_TITLE_OPENING = re.compile(r"(?:[^:\n]{1,60}:\s+)?(?:Towards?\s+)?$")
_TITLE_MEANS_AFTER = re.compile(r"\s+(?:via|using|through|by|based on|leveraging)\s", re.IGNORECASE)
_DANGLING = re.compile(r"\s+(?:with|of|for|and|or|the|by|from|via|using|based|according|refers|empowers|"
                       r"nullifies|disentangles|highlighting|outputting|achieves|outperforms|improves|yields|enables|"
                       r"allows|requires|reduces|provides|relies|leads)$", re.IGNORECASE)
#: A parenthesis inside a name, not at its end: "Out-of-distribution (OOD) detection".
_INNER_PARENTHESES = re.compile(r"\s*\([^()]*\)(?=\s*\S)")
_TRAILING = re.compile(r"[\s,;:.()\[\]'\"]+$|\s+-+$")
_LEADING = re.compile(r"^[\s,;:.()\[\]'\"]+")
#: The hyphenated words before a span that starts inside a word: "co-" before "attention", "Sort-of-" before "CLEVR".
_HYPHEN_PREFIX = re.compile(r"(?<![\w-])\w+(?:-\w+)*-$")


@dataclass(frozen=True)
class Candidate:
    """A span proposed as an entity mention by one source."""

    start: int
    end: int
    label: EntityType
    source: str
    score: float = 1.0


@dataclass
class EntityGroup:
    """One entity of one abstract: canonical name, aliases, role, mentions and confidence."""

    type: EntityType
    name: str
    aliases: list[str]
    role: Optional[str]
    mentions: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, sentence
    confidence: float = 1.0
    sources: tuple[str, ...] = ()


def _top_type(votes: Counter) -> Optional[EntityType]:
    """The type with the most votes (ties broken by name), or None without votes."""
    return max(votes, key=lambda t: (votes[t], t.value)) if votes else None


def _without_problem_tail(text: str, start: int, end: int) -> int:
    """The end of a span without a closing "problem(s)" after a task head word ("face detection problem")."""
    tail = _PROBLEM_TAIL.search(text, start, end)
    if tail and tail.start() > start and text[start:tail.start()].split()[-1].lower() in TASK_HEADS:
        return tail.start()
    return end


def clean_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim punctuation, determiners ("the proposed ...") and possessives from a span; a span that
    starts inside a hyphenated word takes the whole word ("co-attention", not "attention")."""
    start = word_start(text, start)
    surface = text[start:end]
    lead = len(surface) - len(_LEADING.sub("", surface))
    start += lead
    surface = text[start:end]
    stripped = strip_determiners(surface)
    start += len(surface) - len(stripped)
    surface = text[start:end]
    trail = len(surface) - len(_TRAILING.sub("", surface))
    end -= trail
    if text[start:end].endswith("'s"):
        end -= 2
    # "the WikiZoo dataset" names WikiZoo: drop a generic head after a coined name.
    tail = _GENERIC_TAIL.search(text, start, end)
    if tail and tail.end() == end and looks_like_name(text[start:tail.start()].split()[-1]):
        end = tail.start()
    end = _without_problem_tail(text, start, end)
    # An unbalanced parenthesis at the end: "Kinetics (K400" -> "Kinetics".
    if text[start:end].count("(") > text[start:end].count(")"):
        end = start + text[start:end].index("(")
        end -= len(text[start:end]) - len(text[start:end].rstrip())
    # An enumerator or unbalanced closing parenthesis before the name: "ii) small-scale models".
    elif text[start:end].count(")") > text[start:end].count("("):
        start += text[start:end].index(")") + 1
        start += len(text[start:end]) - len(text[start:end].lstrip())
    surface = text[start:end]
    end -= len(surface) - len(_TRAILING.sub("", surface))
    # A name never ends in a linking word or a verb: "ensemble with" -> "ensemble", "weight decay nullifies".
    dangling = _DANGLING.search(text, start, end)
    if dangling and dangling.start() > start:
        end = dangling.start()
    return start, end


def word_start(text: str, start: int) -> int:
    """Where the hyphenated word that `start` is inside begins: a name is never a word's second half.
    Counted on kg's annotated texts: 62 of 72 annotated names written right after "word-" are annotated
    with that word ("co-attention", "re-ID accuracy", "Sort-of-CLEVR", "single-image super-resolution");
    the others are "low-cost" (cost), "non-neural machine translation" and the like."""
    if start < 2 or text[start - 1] != "-" or not text[start - 2].isalnum() or not text[start:start + 1].isalnum():
        return start
    prefix = _HYPHEN_PREFIX.search(text, max(0, start - 60), start)
    return prefix.start() if prefix else start


def sentence_of(offset: int, sentence_starts: list[int]) -> int:
    """Index of the sentence containing character `offset`."""
    low, high = 0, len(sentence_starts) - 1
    while low < high:
        mid = (low + high + 1) // 2
        if sentence_starts[mid] <= offset:
            low = mid
        else:
            high = mid - 1
    return low


def choose_spans(text: str, candidates: list[Candidate]
                 ) -> tuple[dict[tuple[int, int], Counter], dict[tuple[int, int], set[str]]]:
    """Resolve overlapping candidates into non-overlapping spans, each with its type votes and sources."""
    votes: dict[tuple[int, int], Counter] = defaultdict(Counter)
    sources: dict[tuple[int, int], set[str]] = defaultdict(set)
    for cand in candidates:
        start, end = clean_span(text, cand.start, cand.end)
        surface = text[start:end]
        measure = cand.source in MEASURE_SOURCES and " " in surface.strip()  # "final performance by 42 percent"
        measure = measure or cand.source == "paired"  # "accuracy and efficiency": a generic word kept as a measure
        if end - start < 1 or (is_generic(surface) and not measure and not _coined_case(surface)) \
                or not any(c.isalpha() for c in surface) \
                or _URL.search(surface) or _CLAUSE_VERB.search(surface):
            continue
        if cand.source not in ("title", "abbreviation") and (is_generic_class(surface)
                                                            or normalize(surface) in BARE_NOT_ENTITIES):
            continue
        votes[(start, end)][cand.label] += SOURCE_WEIGHTS.get(cand.source, 0.5) * cand.score
        sources[(start, end)].add(cand.source)

    # A recognised span takes the support of the shorter candidates of its type inside it:
    # "multi-headed self-attention" beats the lexicon's "attention" within it; so does the measure
    # named beside a reported number ("+20% average F1 score" over the lexicon's "F1"), and the recognised
    # "multi-resolution dilated recurrent skip connections" over the "recurrent skip connections" in it.
    # A measure of several words named beside a reported number takes the support of the recogniser's shorter
    # span too ("97.1% request accuracy" over a recognised "accuracy"): of the 33 such phrases in kg's annotated
    # texts, 31 are annotated Metrics by the whole phrase, none by a shorter name inside it.
    support = {span: sum(v.values()) for span, v in votes.items()}
    by_start = sorted(votes)
    for outer in [s for s in votes if sources[s] & ({"ner"} | MEASURE_SOURCES)]:
        outer_type = _top_type(votes[outer])
        inner_sources = {"lexicon", "pattern", "head", "connection"}
        if "measure" in sources[outer] and " " in text[outer[0]:outer[1]]:
            inner_sources = inner_sources | {"ner"}
        for inner in by_start[bisect_left(by_start, (outer[0], 0)):]:
            if inner[0] >= outer[1]:
                break
            if inner != outer and inner[1] <= outer[1] and sources[inner] <= inner_sources:
                support[outer] += votes[inner].get(outer_type, 0.0)

    def priority(span: tuple[int, int]) -> tuple[float, int, int]:
        return (support[span], span[1] - span[0], -span[0])

    chosen: dict[tuple[int, int], Counter] = {}
    occupied = bytearray(len(text) + 1)  # linear in the text, whatever the number of candidates
    for span in sorted(votes, key=priority, reverse=True):
        if any(occupied[span[0]:span[1]]):
            continue
        occupied[span[0]:span[1]] = b"\x01" * (span[1] - span[0])
        chosen[span] = votes[span]
    return dict(sorted(chosen.items())), {span: sources[span] for span in chosen}


#: One word with a capital after its first small letters ("SimplE", "ComplEx"): a coined name in its own casing,
#: not the generic word its letters spell. In kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15),
#: both such words that spell a generic word are annotated Methods by that very name ("SimplE", twice). Two small
#: letters only make a contraction of a phrase ("SoTA", state of the art), not a recased word.
_COINED_CASE = re.compile(r"[A-Za-z][a-z]{2,}[A-Z]\w*")


def _coined_case(surface: str) -> bool:
    """Whether a one-word name is cased as a coined name ("SimplE"): a capital after its first small letters."""
    return _COINED_CASE.fullmatch(surface) is not None


def context_votes(text: str, span: tuple[int, int], votes: Counter, lexicon: Lexicon,
                  priors: Optional[TypePriors] = None, title_end: int = 0) -> Counter:
    """Add votes from the training priors (name, else head word), the lexicon and the words before it."""
    surface = text[span[0]:span[1]]
    votes = Counter(votes)
    prior = priors.votes(surface) if priors is not None else {}
    if prior:
        votes.update(prior)
    else:
        head_type = type_from_head(surface)
        if head_type is not None:
            votes[head_type] += 0.5
    known_types = known_name(surface, lexicon)
    # one coined word, not a short acronym ("MoS" is a metric and a model)
    one_word_name = " " not in surface and looks_like_name(surface) and (len(surface) >= 5 or "-" in surface)
    for known in known_types:  # a known coined name in another case ("Imagenet-C") is that thing
        votes[known] += FAMILY_VOTE if one_word_name and len(known_types) == 1 else 0.3
    if not known_types and one_word_name and (family := lexicon.family(surface)) is not None:
        votes[family] += FAMILY_VOTE  # "CIFAR-100C", "Mistral-7b": a version of a known data set or model
    before = text[max(0, span[0] - 30):span[0]]
    if _DATASET_CUE.search(text[max(0, span[0] - 45):span[0]]) and surface[:1].isupper():
        votes[EntityType.DATASET] += 1.5  # "the benchmark WMT10", "datasets such as CIFAR-10"
    elif (_DATASET_CONTEXT.search(before) or _ON_PAIR_BEFORE.search(before)) and looks_like_name(surface.split()[0]):
        votes[EntityType.DATASET] += REPORTED_ON_VOTE if reported_on(text, span[0]) else 0.4
    elif surface[:1].isupper() and reported_on(text, span[0]):
        votes[EntityType.DATASET] += 1.0  # "obtains 35.1% on Dogs"
    after = _RIGHT_CONTEXT.match(text, span[1])
    if after:  # "the Foo dataset", "the Bar metric", "the Baz task"
        votes[_RIGHT_CONTEXT_TYPES[after.group(1).lower().rstrip("s")]] += 1.0
    if " " not in surface and looks_like_name(surface) and _ONE_DATA_SET_AFTER.match(text, span[1]) \
            and not {EntityType.TASK, EntityType.METHOD} & set(known_types) \
            and not re.search(r"[A-Z][\w\-]*\s$", text[max(0, span[0] - 30):span[0]]):
        votes[EntityType.DATASET] += CODED_DATA_SET_VOTE  # "on the existing WikiQA benchmark"
    if _top_type(votes) in (EntityType.METHOD, EntityType.TASK) and span[0] >= title_end:
        before = text[max(0, span[0] - 50):span[0]]
        if _MEANS_BEFORE.search(before) or _USE_OF_BEFORE.search(before):  # "trained with reinforcement learning"
            votes[EntityType.METHOD] += MEANS_CUE_VOTE
        elif _TASK_BEFORE.search(before):  # "to tackle multi-task learning"
            votes[EntityType.TASK] += MEANS_CUE_VOTE
        elif _APPLIED_TO.search(text, max(0, span[0] - 80), span[0]):  # "applied to machine translation"
            votes[EntityType.TASK] += APPLIED_TO_VOTE
        elif _top_type(votes) is EntityType.METHOD and _RIVAL_BEFORE.search(before) \
                and _RIVAL_END.match(text, span[1]):
            votes[EntityType.METHOD] += RIVAL_CUE_VOTE  # "better results than its ResNet counterpart"
        if _top_type(votes) is EntityType.METHOD and not votes[EntityType.TASK] and _CODED_WORD.search(surface) \
                and _METHOD_KIND_AFTER.match(text, span[1]):
            votes[EntityType.METHOD] += METHOD_KIND_VOTE  # "within the HORNN framework"
        if _TASK_AFTER.match(text, span[1]):  # "on 20 RLBench manipulation tasks"
            votes[EntityType.TASK] += MEANS_CUE_VOTE
        elif _CALLED_A_TASK.match(text, span[1]):  # "Stereo-matching is a fundamental problem"
            votes[EntityType.TASK] += CALLED_A_TASK_VOTE
        elif _CALLED_CRUCIAL.match(text, span[1]) and type_from_head(surface) == EntityType.TASK:
            votes[EntityType.TASK] += CALLED_A_TASK_VOTE  # "Semantic matching is of central importance"
        elif _FIELD_AFTER.match(text, span[1]) and not any(looks_like_name(w) for w in surface.split()):
            votes[EntityType.TASK] += MEANS_CUE_VOTE  # "neural machine translation systems"
    if span[1] <= title_end:
        if _TITLE_MEANS_BEFORE.search(text, 0, span[0]):
            votes[EntityType.METHOD] += 1.0
        elif _TITLE_MEANS_AFTER.match(text, span[1]) and (type_from_head(surface) == EntityType.TASK
                                                          or _TITLE_OPENING.match(text, 0, span[0])):
            votes[EntityType.TASK] += 1.0  # "Dataset Distillation by Automatic Training Trajectories"
        elif _TITLE_PURPOSE_BEFORE.search(text, 0, span[0]) and _purpose_activity(surface):
            votes[EntityType.TASK] += 2.0  # "... for Efficiently Training Video Models": an activity
    return votes


def _purpose_activity(surface: str) -> bool:
    """Whether a title's phrase after "for" names an activity: it opens or ends with an -ing word ("for
    Efficiently Training Video Models", "Variational Autoencoders for Collaborative Filtering") or ends in a task
    head word ("for Semantic Segmentation"). In the titles of kg's annotated texts (corpus, SciREX abstracts, tune
    1-15), all 95 annotated Method or Task names after "for" that end in an -ing word or a task head are Tasks
    (27 and 68); the 3 Methods there end in a model word or none ("for Large Language Models", "for LLMs")."""
    words = surface.lower().split()
    return words[0].endswith("ing") or words[-1].endswith("ing") or type_from_head(surface) is EntityType.TASK


def reported_on(text: str, start: int) -> bool:
    """The name at `start` follows "on" in a sentence that has already reported a number, claimed a result or
    told of an evaluation."""
    before = text[max(0, start - 200):start]
    on = _ON_BEFORE.search(before)
    if not on:
        return False
    sentence = re.split(r"[.!?]\s+(?=[A-Z])|\n", before)[-1]
    if _NUMBER_IN_SENTENCE.search(sentence):
        return True
    # without a number, "on CIFAR-10 with ResNet-50" names the model the data set is used with
    return " with " not in on.group() and bool(_CLAIM_IN_SENTENCE.search(sentence)
                                               or _EVALUATION_IN_SENTENCE.search(sentence))


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


#: Words that praise how a problem is solved, not which problem it is: "Efficient Text Classification",
#: "accurate 3D pose estimation", "Real-World Fluid Directed Rigid Body Control". Counted on kg's annotated
#: texts: before an annotated task of two words or more, these words are left out of the task's name
#: 55 times and kept 5 times ("Robust Imitation Learning", "Fast Adaptation of Deep Networks", "efficient
#: multi-scale training"; "efficient" alone: left out 5 times, kept 3). Words that say how hard, important or
#: related to the rest a task is ("challenging face detection", "representative computer vision tasks", "the
#: associated text comprehension task", "downstream machine translation") are left out 19 times, kept once.
_TASK_QUALITY = re.compile(r"(?:accurate|robust|fast|scalable|effective|practical|simple|unified|real-world|"
                           r"traditional|conventional|efficient|challenging|difficult|important|fundamental|"
                           r"representative|associated|downstream)\s+(?=\S+\s+\S)",
                           re.IGNORECASE)
#: Words that say which run of a measure is reported, not which measure it is: "average AUROC", "overall
#: tagging accuracy", "improved accuracy", "original training cost". Before an annotated metric, left out
#: of its name 15 times, kept 3 ("average PSNR", "average task success", "average dice"); names the
#: lexicon knows whole ("average precision", "mean IoU") keep them.
_METRIC_QUALITY = re.compile(r"(?:average|overall|improved|original)\s+(?=\S)", re.IGNORECASE)
#: Words, written in lower case, that praise or date a method rather than name it: "a sophisticated ensemble
#: strategy", "the state-of-the-art phrase-based system", "an efficient annotation pipeline". Counted on kg's
#: annotated texts (tune 1-15, conclusions, corpus abstracts, training SciREX): before an annotated method these
#: words are left out of its name 171 times and kept once ("simple reading mechanisms"); capitalised, they begin
#: a coined name ("Efficient Sub-Pixel Convolutional Neural Network"). Plain qualifiers that the annotators keep
#: as often ("standard", "conventional", "traditional", "classical") stay.
_METHOD_QUALITY = re.compile(r"(?:state-of-the-art|sophisticated|efficient|strongest|strong|unreliable|minimalist|"
                             r"simple|novel|existing|popular|powerful|effective|recent|modern|competitive|"
                             r"previous|prior|various|typical)\s+(?=\S)")
_QUALITIES = {EntityType.TASK: _TASK_QUALITY, EntityType.METRIC: _METRIC_QUALITY, EntityType.METHOD: _METHOD_QUALITY}


def _drop_qualities(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                    chosen: dict[tuple[int, int], Counter], sources: dict[tuple[int, int], set[str]],
                    lexicon: Lexicon) -> dict[tuple[int, int], tuple[int, int]]:
    """A task's, metric's or method's name without a leading word of praise or of which run it reports
    (`_TASK_QUALITY`, `_METRIC_QUALITY`, `_METHOD_QUALITY`); returns the spans moved."""
    moved = {}
    for span in spans:
        entity_type = _top_type(typed[span])
        pattern = _QUALITIES.get(entity_type)
        quality = pattern.match(text, span[0], span[1]) if pattern is not None else None
        if quality is None or lexicon.lookup(text[span[0]:span[1]]):
            continue
        new = (quality.end(), span[1])
        if new in typed or (entity_type is EntityType.TASK and len(normalize(text[new[0]:new[1]]).split()) < 2):
            continue
        if entity_type is EntityType.METHOD and _kind_of_method(text[new[0]:new[1]], lexicon):
            continue  # "an efficient annotation pipeline" is kept whole: "annotation pipeline" alone names a kind
        _move_span(span, new, typed, chosen, sources)
        moved[span] = new
    return moved


def _move_span(span: tuple[int, int], new: tuple[int, int], typed: dict[tuple[int, int], Counter],
               chosen: dict[tuple[int, int], Counter], sources: dict[tuple[int, int], set[str]]) -> None:
    """A name's span changes: its type votes, candidate votes and sources move to `new`, added to those of a name
    already there."""
    typed.setdefault(new, Counter()).update(typed.pop(span))
    chosen.setdefault(new, Counter()).update(chosen.pop(span, Counter()))
    sources[new] = sources.get(new, set()) | sources.pop(span, set())

def _widening_overlaps(taken: list[tuple[int, int]], span: tuple[int, int], new: tuple[int, int]) -> bool:
    """Whether widening `span` to the left to `new` takes in part of another of the sorted spans `taken`."""
    i = bisect_left(taken, (new[0], 0))
    return (i < len(taken) and taken[i][0] < span[0]) or bool(i and taken[i - 1][1] > new[0])

#: A task named after the data set it is measured on: "COCO detection", "ImageNet localization", "MS COCO object
#: detection". Counted on kg's annotated texts (corpus, SciREX abstracts and conclusions, dev 1-15): of 32
#: annotated data sets followed by the words of an annotated task ("PASCAL VOC segmentation dataset", "IMDB
#: sentiment analysis task", "WMT'14 English-French translation"), the task is annotated without the data set's
#: name 32 times and with it 0 times. The leading words the lexicon knows as a data set (and nothing else) leave
#: the task's name and become a data set mention of their own.
_DATA_SET_PREFIX_WORDS = 3
_DATA_SET_PREFIX_VOTE = 1.0


def _split_data_set_prefixes(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                             chosen: dict[tuple[int, int], Counter], sources: dict[tuple[int, int], set[str]],
                             lexicon: Lexicon) -> dict[tuple[int, int], tuple[int, int]]:
    """A task's name without the known data set's name it opens with; returns the spans moved."""
    moved = {}
    for span in spans:
        if _top_type(typed[span]) is not EntityType.TASK:
            continue
        words = list(re.finditer(r"\S+", text[span[0]:span[1]]))
        for k in range(min(_DATA_SET_PREFIX_WORDS, len(words) - 1), 0, -1):
            prefix = words[k - 1].group(0) if k == 1 else text[span[0] + words[0].start():span[0] + words[k - 1].end()]
            rest = words[k].group(0)
            if not re.search(r"[A-Z]", words[k - 1].group(0)) or not rest[:1].islower() \
                    or known_types(prefix, lexicon) != [EntityType.DATASET]:
                continue
            data_set = (span[0], span[0] + words[k - 1].end())
            new = (span[0] + words[k].start(), span[1])
            _move_span(span, new, typed, chosen, sources)
            typed[data_set] = Counter({EntityType.DATASET: _DATA_SET_PREFIX_VOTE})
            chosen[data_set] = Counter()
            sources[data_set] = {"lexicon"}
            moved[span] = new
            break
    return moved


#: What a data set is used for, written after its name: "PASCAL VOC 2012 semantic segmentation", "ILSVRC 2015
#: classification task", "BraTS 2018 challenge", "MS COCO 2015 segmentation competition", "CoNLL 2014 datasets".
#: Counted on kg's annotated texts (tune 1-15, conclusions, corpus abstracts, training SciREX): an annotated data set
#: whose name ends in a capital or a digit and is written right before up to three lower-case words ending in a task
#: head, task(s), challenge, competition or datasets is named without those words 53 times and with them 4 times
#: ("ISBI challenge", "ILSVRC 2016 classification task"); a "shared task" is named with them (3 of 3).
_DATA_SET_TASK_TAIL = re.compile(r" (?!shared )(?:[a-z][a-z-]* ){0,3}(?:segmentation|classification|translation|"
                                 r"detection|reasoning|recognition|parsing|retrieval|tasks?|challenge|competition|"
                                 r"datasets)$")


def _trim_data_set_task_tails(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                              chosen: dict[tuple[int, int], Counter], sources: dict[tuple[int, int], set[str]]
                              ) -> dict[tuple[int, int], tuple[int, int]]:
    """A data set's name without the words of what it is used for after it (`_DATA_SET_TASK_TAIL`); returns the
    spans moved."""
    moved = {}
    for span in spans:
        if _top_type(typed[span]) is not EntityType.DATASET:
            continue
        surface = text[span[0]:span[1]]
        tail = _DATA_SET_TASK_TAIL.search(surface)
        if tail is None or not tail.start() or not re.search(r"[A-Z0-9]", surface[:tail.start()].split()[-1]):
            continue
        new = (span[0], span[0] + tail.start())
        _move_span(span, new, typed, chosen, sources)
        moved[span] = new
    return moved


#: A hyphenated word that says which kind of a task is meant: "character-level language modelling", "cross-camera
#: retrieval", "non-blind image deblurring", "one-shot Omniglot character recognition", "character-to-character machine
#: translation". Counted on kg's annotated texts (tune 1-15, conclusions, corpus abstracts, training SciREX): an annotated
#: task written right after such a word is named with it 84 times and without it 12 times ("non-neural machine
#: translation", "multi-stage manipulation"); "end-to-end" says how a task is learned, not which task.
_TASK_KIND_WORD = re.compile(r"(?<![\w-])(?!end-to-end )((?:multi|cross|non|one|zero|few|many)-[a-z]+|[a-z]+-level|"
                             r"[a-z]+-shot|[a-z]+-to-[a-z]+) $")


def _widen_task_kinds(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                      chosen: dict[tuple[int, int], Counter], sources: dict[tuple[int, int], set[str]]
                      ) -> dict[tuple[int, int], tuple[int, int]]:
    """A lower-case task's name takes the hyphenated word of its kind right before it (`_TASK_KIND_WORD`);
    returns the spans moved."""
    moved = {}
    taken = sorted(spans)
    for span in spans:
        if _top_type(typed[span]) is not EntityType.TASK or not text[span[0]:span[0] + 1].islower():
            continue
        kind = _TASK_KIND_WORD.search(text, max(0, span[0] - 40), span[0])
        if kind is None:
            continue
        new = (kind.start(1), span[1])
        if new in typed or _widening_overlaps(taken, span, new):
            continue  # the word is inside another name
        _move_span(span, new, typed, chosen, sources)
        moved[span] = new
    return moved


def _group_parenthesised_names(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                               index: dict[tuple[int, int], int], uf: "_UnionFind",
                               linked: set[tuple[int, int]]) -> None:
    """A coined name in parentheses right after a name of its type with the same first letter, which
    it does not abbreviate letter by letter, is a short form of it too: "Activation Matching (ActMAD)",
    "Learning to Optimize (L2O)", "Graph Capsule Network (GCAPS-CNN)". In kg's annotated texts, where
    both are annotated, such pairs are one entity 6 times and two 0 times (a name that repeats the first
    word, "a deeper DPN (DPN-131)", is a version of it and stays apart)."""
    ends: dict[int, tuple[int, int]] = {}
    for span in spans:  # sorted: the longest name ending at each offset
        ends.setdefault(span[1], span)
    for short in spans:
        surface = text[short[0]:short[1]]
        if short in linked or " " in surface or not looks_like_name(surface) or text[short[0] - 1:short[0]] != "(" \
                or text[short[1]:short[1] + 1] != ")":
            continue
        long = ends.get(len(text[:short[0] - 1].rstrip()))
        if long is None:
            continue
        long_surface = text[long[0]:long[1]]
        first_word = re.split(r"[\s\-]", long_surface)[0].lower()
        if long_surface[0].lower() == surface[0].lower() and not surface.lower().startswith(first_word) \
                and _top_type(typed[long]) == _top_type(typed[short]):
            uf.union(index[long], index[short])


#: A coined name and the phrase that says what it is: "ECHO, a self-harmonized chain-of-thought prompting method",
#: "a curriculum learning algorithm called Degree-Curriculum".
_KIND_HEAD = (r"(?:method|approach|framework|algorithm|model|technique|strategy|architecture|network|system|pipeline|"
              r"module|mechanism|procedure|scheme|paradigm|objective|loss|estimator|optimizer)s?")
_NAME_THEN_DESCRIPTION = re.compile(r"(?<![\w-])([A-Z][\w\-.]*[\w])\s*(?:\([^()]{1,60}\))?,\s+(?:a|an|the)\s+"
                                    r"((?:[\w\-]+\s+){0,6}?" + _KIND_HEAD + r")\b")
_DESCRIPTION_THEN_NAME = re.compile(r"\b(?:a|an|the)\s+((?:[\w\-]+\s+){0,6}?" + _KIND_HEAD + r")\s+(?:called|named|"
                                    r"dubbed|termed|coined)\s+([A-Z][\w\-.]*[\w])")


def _group_described_coined_names(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                                  index: dict[tuple[int, int], int], uf: "_UnionFind") -> set[tuple[int, int]]:
    """A coined name and the phrase right beside it that says what it is ("ECHO, a self-harmonized chain-of-thought
    prompting method"; "a curriculum learning algorithm called Degree-Curriculum") are one entity, when the phrase
    is written only there, its words without the kind word too ("a fine-tuning strategy" beside "fine-tuning"
    names fine-tuning), and it has the name's type. Counted on kg's annotated texts (corpus, conclusions, SciREX
    abstracts, tune): of the 46 such phrases beside an annotated name, 4 are annotated as its alias, 39 not at all
    (no entity of their own) and 3 as another entity ("FlowNet2, a state-of-the-art convolutional neural network").
    Returns the spans of the phrases (not chosen as the entity's name)."""
    described: set[tuple[int, int]] = set()
    starts = {span[0]: span for span in spans}
    ends = {span[1]: span for span in spans}
    lowered, normalized_text = text.lower(), normalize(text)
    for pattern, name_group, phrase_group in ((_NAME_THEN_DESCRIPTION, 1, 2), (_DESCRIPTION_THEN_NAME, 2, 1)):
        for match in pattern.finditer(text):
            if not looks_like_name(match.group(name_group)):
                continue
            name, phrase = starts.get(match.start(name_group)), ends.get(match.end(phrase_group))
            if name is None or phrase is None or phrase[0] < match.start(phrase_group) or name == phrase:
                continue
            surface = lowered[phrase[0]:phrase[1]]
            base = described_name(normalize(surface))  # "fine-tuning strategy" where "fine-tuning" is its own
            if lowered.count(surface) == 1 and _top_type(typed[name]) == _top_type(typed[phrase]) \
                    and (base is None or f" {normalized_text} ".count(f" {base} ") <= 1):
                uf.union(index[name], index[phrase])
                described.add(phrase)
    return described


def _variant_key(key: str) -> str:
    """`kinetics 400` -> `kinetics`: a name without its trailing number or version."""
    return re.sub(r"(?:\s+v?\d[\w.]*)+$", "", key)


def _numbered_model(span: tuple[int, int], base_span: tuple[int, int], typed: dict[tuple[int, int], Counter]) -> bool:
    """Whether a name with a version or size number and its bare name are both Methods: "FlowNet 2.0" is
    a new model beside "FlowNet", "DPN-131" one size of "DPN", so they are two entities. In kg's
    annotated texts such Method pairs are two entities 4 times ("Llama-2"/"Llama", "4M-21"/"4M") and one
    once ("ResNeXt-101"/"ResNeXt"); numbered data sets are their bare name all 3 times ("ILSVRC 2015")."""
    return _top_type(typed[span]) is EntityType.METHOD and _top_type(typed[base_span]) is EntityType.METHOD


def _group_spelling_variants(by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                             spans: list[tuple[int, int]], uf: "_UnionFind") -> None:
    """Names of one type written with and without a space or hyphen ("fine-tuning" / "finetuning",
    "person re-identification" / "person reidentification"), or in the plural with "-ies" ("perplexity" /
    "perplexities"; `normalize` drops only a plural "s"), are one entity. In kg's annotated texts such
    pairs of one type are one entity all 17 times."""
    first: dict[tuple, int] = {}
    for key, i in by_key.items():
        slot = (re.sub(r"ie$", "y", key.replace(" ", "")), _top_type(typed[spans[i]]))
        if slot in first:
            uf.union(first[slot], i)
        else:
            first[slot] = i


#: A capitalised word written right before a capitalised method's or data set's name, inside a sentence of the
#: abstract, is the first word of that name: "Faster RCNN", "Multiple Instance Learning", "MS MARCO", "Daily Mail",
#: "Microsoft COCO", "VQA v2.0". Counted on kg's annotated texts (tune 1-15, conclusions, corpus abstracts, training
#: SciREX): an annotated method or data set written after such a word begins with it 286 times and without it twice
#: ("Our FPN", "Wasserstein GANs"); words that open a clause ("Our", "We", "The") are no part of a name.
_NAME_WORD_BEFORE = re.compile(r"(?:^|(?<=[ (]))([A-Z][A-Za-z]*) $")
_NOT_NAME_WORDS = {"Our", "We", "The", "This", "These", "That", "Its", "Their", "A", "An", "In", "On", "For", "With",
                   "And", "Or", "Of", "To", "By", "As", "It", "Both", "Each", "All", "Table", "Figure", "Section"}


def _widen_capitalised_names(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                             chosen: dict[tuple[int, int], Counter], sources: dict[tuple[int, int], set[str]],
                             title_end: int) -> dict[tuple[int, int], tuple[int, int]]:
    """A capitalised method's or data set's name in the abstract takes the capitalised word right before it
    (`_NAME_WORD_BEFORE`), unless it is a name in a line of authors; returns the spans moved."""
    moved = {}
    taken = sorted(spans)
    authors = _author_lines(text)
    for span in spans:
        if span in authors or span[0] <= title_end \
                or _top_type(typed[span]) not in (EntityType.METHOD, EntityType.DATASET) \
                or not re.match(r"[A-Z0-9]|v\d", text[span[0]:span[1]]):
            continue
        word = _NAME_WORD_BEFORE.search(text, max(0, span[0] - 40), span[0])
        if word is None or word.group(1) in _NOT_NAME_WORDS:
            continue
        before = text[:word.start(1)].rstrip()
        if not before or before[-1] in ".!?:;\n" or word.start(1) <= title_end:
            continue  # a capital that opens a sentence
        new = (word.start(1), span[1])
        if new in typed or _widening_overlaps(taken, span, new):
            continue  # the word is inside another name
        _move_span(span, new, typed, chosen, sources)
        moved[span] = new
    return moved


#: A capitalised word, a year or a version written right after a capitalised data set's name, inside a sentence
#: of the abstract, is the end of that name: "QMUL GRID", "CUHK Campus", "SUN RGB-D", "MORPH Album 2", "SFEW 2.0".
#: Counted on kg's annotated texts (tune 1-15, conclusions, corpus abstracts, training SciREX): 111 annotated data
#: sets end in such a word; an annotated data set written right before one that does not begin another name is
#: named without it once ("COCO 2015").
_NAME_WORD_AFTER = re.compile(r" ([A-Z][A-Za-z]*|[A-Z][\w-]*\d[\w-]*|v\d+(?:\.\d+)*|\d+\.\d+|(?:19|20)\d\d|[1-9])"
                              r"(?![\w%-]|\.\d| [a-z])")


def _widen_data_set_names(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                          chosen: dict[tuple[int, int], Counter], sources: dict[tuple[int, int], set[str]],
                          title_end: int) -> dict[tuple[int, int], tuple[int, int]]:
    """A capitalised data set's name in the abstract takes the capitalised word, year or version right after it
    (`_NAME_WORD_AFTER`); returns the spans moved."""
    moved = {}
    taken = sorted(spans)
    for span in spans:
        if span[0] <= title_end or _top_type(typed[span]) is not EntityType.DATASET \
                or not re.match(r"[A-Z0-9]", text[span[0]:span[1]]):
            continue
        word = _NAME_WORD_AFTER.match(text, span[1])
        if word is None or word.group(1) in _NOT_NAME_WORDS:
            continue
        new = (span[0], word.end(1))
        i = bisect_left(taken, (span[1], 0))
        if new in typed or (i < len(taken) and taken[i][0] < new[1]):
            continue  # the word is inside another name
        _move_span(span, new, typed, chosen, sources)
        moved[span] = new
    return moved


def group_mentions(text: str, sentence_starts: list[int], candidates: list[Candidate],
                   abbreviations: list[Abbreviation], lexicon: Lexicon,
                   title_end: int = 0, priors: Optional[TypePriors] = None) -> list[EntityGroup]:
    """Group candidate mentions of one document into entities (see the module docstring)."""
    chosen, sources = choose_spans(text, candidates)
    _tasks_of_method_classes(text, chosen, sources, priors)
    _metrics_of_tasks(text, chosen, sources)
    # Every defined acronym and its long form become mentions, typed together; an acronym whose
    # long form is no entity ("out-of-distribution (OOD)") is no entity either.
    abbreviation_links: list[tuple[tuple[int, int], tuple[int, int]]] = []
    not_entities: set[str] = set()
    for abbr in abbreviations[:MAX_ABBREVIATIONS]:
        long_span = clean_span(text, abbr.long_start, abbr.long_end)
        short_span = (abbr.short_start, abbr.short_end)
        near = list(chosen)
        containing = [s for s in near if s[0] <= long_span[0] and long_span[1] <= s[1]]
        if containing:
            long_span = max(containing, key=lambda s: s[1] - s[0])
        else:
            overlapping = [s for s in near if s[0] < long_span[1] and long_span[0] < s[1] and s != short_span]
            votes = Counter()
            head_type = type_from_head(text[long_span[0]:long_span[1]])
            if head_type is not None:
                votes[head_type] += 0.7
            for span in overlapping:
                if span[1] == long_span[1]:
                    votes.update(chosen[span])
            if not votes and sources.get(short_span, set()) - {"pattern"}:
                votes.update(chosen[short_span])  # "SAL (Separate And Learn)": the recognised short form's type
            if not votes or is_generic(text[long_span[0]:long_span[1]]):
                not_entities.add(abbr.short)
                continue
            for span in overlapping:
                del chosen[span]
            chosen[long_span] = votes
            sources[long_span] = {"abbreviation"}
        chosen.setdefault(short_span, Counter())
        abbreviation_links.append((long_span, short_span))
    for span in [s for s in chosen if text[s[0]:s[1]] in not_entities and sources.get(s, set()) <= {"pattern"}]:
        del chosen[span]

    _add_repeated_mentions(text, chosen)
    spans = sorted(chosen)
    typed: dict[tuple[int, int], Counter] = {s: context_votes(text, s, chosen[s], lexicon, priors, title_end)
                                             for s in spans}
    _propagate_in_lists(text, spans, typed)
    _pair_with_known_data_sets(text, spans, typed, lexicon)
    moved = _drop_qualities(text, spans, typed, chosen, sources, lexicon)
    split = _split_data_set_prefixes(text, sorted(typed), typed, chosen, sources, lexicon)
    moved = {old: split.get(new, new) for old, new in moved.items()} | split
    trimmed = _trim_data_set_task_tails(text, sorted(typed), typed, chosen, sources)
    moved = {old: trimmed.get(new, new) for old, new in moved.items()} | trimmed
    widened = _widen_task_kinds(text, sorted(typed), typed, chosen, sources)
    moved = {old: widened.get(new, new) for old, new in moved.items()} | \
        {old: new for old, new in widened.items() if old not in moved.values()}
    capitalised = _widen_capitalised_names(text, sorted(typed), typed, chosen, sources, title_end)
    moved = {old: capitalised.get(new, new) for old, new in moved.items()} | \
        {old: new for old, new in capitalised.items() if old not in moved.values()}
    ended = _widen_data_set_names(text, sorted(typed), typed, chosen, sources, title_end)
    moved = {old: ended.get(new, new) for old, new in moved.items()} | \
        {old: new for old, new in ended.items() if old not in moved.values()}
    if moved:
        spans = sorted(typed)
        abbreviation_links = [(moved.get(long, long), moved.get(short, short)) for long, short in abbreviation_links]
    index = {s: i for i, s in enumerate(spans)}
    uf = _UnionFind(len(spans))
    for long_span, short_span in abbreviation_links:
        if long_span in index and short_span in index:
            uf.union(index[long_span], index[short_span])
    _group_parenthesised_names(text, spans, typed, index, uf, {short for _, short in abbreviation_links})
    descriptions = _group_described_coined_names(text, spans, typed, index, uf)
    # Same normalised name, or the short form used elsewhere in the text.
    by_key: dict[str, int] = {}
    for span in spans:
        key = normalize(text[span[0]:span[1]])
        if key in by_key:
            uf.union(by_key[key], index[span])
        else:
            by_key[key] = index[span]
    # "Out-of-distribution (OOD) generalization" is "out-of-distribution generalization".
    for span in spans:
        surface = text[span[0]:span[1]]
        if "(" in surface:
            bare = normalize(_INNER_PARENTHESES.sub("", surface))
            if bare and bare != normalize(surface):
                if bare in by_key:
                    uf.union(by_key[bare], index[span])
                else:
                    by_key[bare] = index[span]
    # "OOD detection" = "out-of-distribution detection" where the text defines OOD.
    expansions = {normalize(a.short): normalize(a.long) for a in abbreviations}
    for key, i in list(by_key.items()):
        words = key.split()
        expanded = " ".join(expansions.get(w) or lexicon_expansion(w, lexicon) or w for w in words)
        if expanded != key and expanded in by_key:
            uf.union(by_key[expanded], i)
    _group_spelling_variants(by_key, typed, spans, uf)
    for key, i in list(by_key.items()):
        base = normalize(_variant_key(key))
        if base != key and base in by_key and len(base) >= 3 and not _numbered_model(spans[i], spans[by_key[base]], typed):
            uf.union(by_key[base], i)
    described = _group_described_names(text, by_key, typed, spans, uf) | descriptions
    if len(by_key) <= MAX_PAIRWISE_NAMES:  # both compare every pair of names
        _group_short_heads(text, by_key, typed, spans, uf, lexicon, title_end)
        _group_coined_short_forms(text, by_key, typed, spans, uf)
        _group_inserted_words(text, by_key, typed, spans, uf,
                              {normalize(text[a:b]) for (a, b), _ in abbreviation_links})
        _group_partial_acronyms(text, by_key, typed, spans, uf)
    _group_known_aliases(by_key, typed, spans, uf, lexicon)
    _group_title_fragments(text, by_key, spans, uf, {normalize(text[a:b]) for (a, b), _ in abbreviation_links},
                           title_end)

    members: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for span in spans:
        members[uf.find(index[span])].append(span)
    long_forms = {long for long, _ in abbreviation_links}
    groups: list[EntityGroup] = []
    author_lines = _author_lines(text)
    for group_spans in members.values():
        votes: Counter = Counter()
        for span in group_spans:
            votes.update(typed[span])
        if not votes:
            continue
        entity_type = _top_type(votes)
        # "... performance" is no metric, unless a number is reported for it ("its final performance by 42%")
        if entity_type is EntityType.METRIC and all(_vague_metric(text[a:b], lexicon)
                                                    and not MEASURE_SOURCES & sources.get((a, b), set())
                                                    for a, b in group_spans):
            continue
        if entity_type is EntityType.METRIC and all(_moment(text, a, b) for a, b in group_spans):
            continue  # "at test time", "during training time": when, not how long
        if entity_type is EntityType.METHOD and all(_kind_of_method(text[a:b], lexicon) for a, b in group_spans):
            continue
        if entity_type is EntityType.METHOD and all(_doing_to_things(text[a:b], lexicon) for a, b in group_spans):
            continue
        if entity_type is EntityType.METHOD and all(_plain_representation(text[a:b], lexicon)
                                                    for a, b in group_spans):
            continue  # "graph representation": what is represented, no method
        if entity_type is EntityType.METHOD and all(_relative_model(text[a:b]) for a, b in group_spans):
            continue
        if entity_type is EntityType.METHOD and _degree([text[a:b] for a, b in group_spans]):
            continue  # "low resolution", "pixel-level": a degree, no method
        if entity_type is EntityType.METHOD and all(_MAKEUP.match(text[a:b]) and not lexicon.lookup(text[a:b])
                                                    for a, b in group_spans):
            continue  # "predicate-argument structure": how something is built, no method
        if entity_type is EntityType.METHOD and all(_participle_end(text[a:b]) for a, b in group_spans):
            continue  # "fully connected": how something is made, no method
        if entity_type is EntityType.METHOD and all(_MODEL_ROLE.match(text[a:b]) for a, b in group_spans):
            continue  # "the generator": a part's role in a model, no method
        if entity_type is EntityType.METHOD and all(_PLAIN_LEARNING_ALGORITHM.match(text[a:b])
                                                    for a, b in group_spans):
            continue  # "an online learning algorithm": a way of learning, no named method
        if entity_type is EntityType.METHOD and all(_SHAPE_MODELS.match(text[a:b]) for a, b in group_spans):
            continue  # "3D models": shapes of objects, no method
        if entity_type is EntityType.METHOD and all(_BARE_FUNCTION.match(text[a:b]) for a, b in group_spans):
            continue  # "the loss function": a function's role, no method
        if entity_type is EntityType.METHOD and all(_BARE_FILTERS.match(text[a:b]) for a, b in group_spans):
            continue  # "convolutional filters": a layer's weights, no method
        if entity_type is EntityType.METHOD and all(_BARE_FIELD.match(text[a:b]) for a, b in group_spans):
            continue  # "regularization": a field of techniques, no method
        if entity_type is EntityType.METHOD and all(_BARE_DETECTOR.match(text[a:b]) for a, b in group_spans):
            continue  # "object detectors": what any model for the task is, no method
        if all(_shape_only_macro(text[a:b], sources.get((a, b), set())) for a, b in group_spans):
            continue  # "compressFigures": a typesetting macro, no name
        if all(_ORGANISATION.search(text[a:b]) for a, b in group_spans):
            continue  # "Facebook AI Research": an affiliation, no entity
        if all(_glued_words(text[a:b]) for a, b in group_spans):
            continue  # "CenterforDataScience": page text whose spaces were lost
        if all(span in author_lines for span in group_spans):
            continue  # "BoleiZhou2] YuandongTian2] RobFergus ...": an author line
        if entity_type is EntityType.TASK and all(_plain_data(text[a:b]) for a, b in group_spans):
            continue  # "Out-of-distribution Data" is what a task is done on
        if entity_type is EntityType.TASK and all(_bare_modality(text[a:b]) for a, b in group_spans):
            continue  # "vision tasks" names no task
        coined_in_title = False
        for span in group_spans:  # a name coined before the title's colon keeps the title's type
            if "title" in sources.get(span, ()):
                entity_type = _top_type(chosen[span])
                coined_in_title = True
        group_spans.sort()
        name = _canonical_name(text, [s for s in group_spans if s not in described] or group_spans,
                               long_forms, title_end)
        aliases = []
        for span in group_spans:
            surface = text[span[0]:span[1]]
            if surface != name and surface not in aliases:
                aliases.append(surface)
        mentions = [(s, e, sentence_of(s, sentence_starts)) for s, e in group_spans]
        total = sum(votes.values())
        confidence = min(0.99, 0.35 + 0.25 * min(total, 2.4) * (votes[entity_type] / total))
        if coined_in_title:
            confidence = max(confidence, 0.9)
        if entity_type is EntityType.DATASET and any(entity_type in known_types(text[a:b], lexicon)
                                                     for a, b in group_spans):
            confidence = max(confidence, 0.8)  # a known data set by name ("IMDB"): rarely anything else
        elif entity_type is EntityType.DATASET and any(
                named_data_set(text, span) or "described" in sources.get(span, ()) or _campaign(text[span[0]:span[1]])
                for span in group_spans):
            confidence = max(confidence, NAMED_DATA_SET_CONFIDENCE)  # "the AFEW dataset", "X, a new corpus"
        elif entity_type is EntityType.METHOD and any(
                EntityType.METHOD in known_name(text[a:b], lexicon) and looks_like_name(text[a:b].split()[0])
                for a, b in group_spans):
            confidence = max(confidence, 0.75)  # a known model by its coined name ("AdamW", "PaLM")
        elif entity_type is EntityType.METHOD and any(model_shaped(text[a:b]) for a, b in group_spans):
            confidence = max(confidence, MODEL_SHAPE_CONFIDENCE)
        elif entity_type is EntityType.TASK and any(set(lexicon.lookup(text[a:b])) == {EntityType.TASK}
                                                    for a, b in group_spans):
            confidence = max(confidence, KNOWN_TASK_CONFIDENCE)  # "instruction following", "legged locomotion"
        if entity_type is EntityType.TASK and all(_METHOD_CLASS_AFTER.match(text, b) and not PERCEPTION_TASK.search(
                text, a, b) for a, b in group_spans):
            entity_type = EntityType.METHOD  # "uncertainty estimation approaches" only: a class of methods
        role = None
        if entity_type in (EntityType.METHOD, EntityType.DATASET):
            role = "proposed" if _is_proposed(text, mentions, sentence_starts, title_end) else "used"
        if role == "used" and entity_type is EntityType.METHOD and _title_means(text, mentions, title_end, lexicon):
            role = "proposed"
        if role == "used" and entity_type is EntityType.METHOD and _title_article_name(text, mentions, title_end,
                                                                                        lexicon):
            role = "proposed"
        if role == "used" and entity_type is EntityType.METHOD and any(
                _title_opening_name(text, a, b, title_end, name) and EntityType.METHOD not in lexicon.lookup(text[a:b])
                for a, b, _ in mentions[:1]):
            role = "proposed"  # "Efficient Multi-Scale 3D CNN with ...": see _TITLE_LEAD
        if role == "proposed" and entity_type is EntityType.METHOD and _qualified_as_existing(text, mentions):
            role = "used"
        if role == "used" and all(_BARE_LAYER.match(text[a:b]) for a, b in group_spans):
            continue  # "the convolutional layers" a paper uses: a common part of a network, no method
        group_sources = tuple(sorted(set().union(*(sources.get(span, ()) for span in group_spans))))
        groups.append(EntityGroup(entity_type, name, aliases, role, mentions, round(confidence, 3), group_sources))
    groups = [g for g in groups if not _shared_task_head(g, groups)]
    groups.sort(key=lambda g: g.mentions[0][0])
    return groups


def _shared_task_head(group: EntityGroup, groups: list[EntityGroup]) -> bool:
    """Whether a one-word Task in plain words ("manipulation", "translation") is the last word of two
    or more other Tasks of the text ("robot manipulation", "multi-stage manipulation"): then it is the
    head they share, not a task of its own. In kg's annotated texts a word ending two or more annotated
    tasks and written elsewhere too is annotated as a task of its own 2 times in 52 (one an acronym),
    an alias of one of them 2 times, and not at all 48 times."""
    if group.type is not EntityType.TASK:
        return False
    forms = {normalize(f) for f in [group.name, *group.aliases]}
    if len(forms) != 1 or any(" " in f for f in forms) \
            or any(looks_like_name(f) for f in [group.name, *group.aliases]):
        return False
    (word,) = forms
    ending = [g for g in groups if g is not group and g.type is EntityType.TASK
              and any(normalize(f).endswith(" " + word) for f in [g.name, *g.aliases])]
    return len(ending) >= 2


#: The version, size or edition a candidate takes in after a known name (`components.version_end`).
_EDITION = re.compile(r"(?: v?\d+(?:\.\d+)*(?:-[A-Z]\w*)?| ?'\d\d| \d+(?:\.\d+)?[BM])+(?: [A-Z][\w-]*)?$")


def known_name(surface: str, lexicon: Lexicon) -> dict[EntityType, str]:
    """The lexicon's types of a name, also when a version, size or edition follows it: "Llama 3.1 8B",
    "WMT 2014" and "Claude 3 Opus" are known by "Llama", "WMT" and "Claude"."""
    return lexicon.lookup(surface) or lexicon.lookup(_EDITION.sub("", surface))


def known_types(surface: str, lexicon: Lexicon) -> list[EntityType]:
    """The lexicon's types of a name, or of the known name it ends with after a hyphen: "Sort-of-CLEVR",
    "Fashion-MNIST" and "COCO-DensePose" are variants of known data sets (`word_start`)."""
    known = known_name(surface, lexicon)
    if not known and " " not in surface and "-" in surface:
        last = surface.rsplit("-", 1)[1]
        known = lexicon.lookup(last) if looks_like_name(last) else []
    return list(known)


#: One data set named before the word for it: "the AFEW dataset", "our KinectFusion dataset". Counted on
#: kg's annotated texts (corpus, SciREX abstracts and conclusions, dev 1-15): 71 of 74 coined names
#: followed by a singular "dataset", "data set", "benchmark" or "corpus" are annotated data sets (the
#: plural is weaker, 28 of 50: "OOD datasets", "QA datasets" name a task's data sets). After another
#: coined word the name is both ("Meta-World ML1 benchmark", "WIDER FACE dataset": 4 of 4).
_ONE_DATA_SET_AFTER = re.compile(r"\s+(?:dataset|data set|benchmark|corpus)\b(?!-)", re.IGNORECASE)
NAMED_DATA_SET_CONFIDENCE = 0.75


#: An evaluation campaign named with its year ("CoNLL-2003 English shared task", "MICCAI iSEG-2017 Challenge",
#: "WMT 2014 English-to-German translation task", "MS COCO 2015 segmentation competition") is its data set. In kg's
#: annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), all 15 capitalised phrases with a year among
#: their first three words that end in "task", "shared task", "challenge" or "competition" are annotated data sets
#: or hold one ("MS COCO 2015").
_CAMPAIGN = re.compile(r"^[A-Z]\S*(?:\s+\S+){0,6}\s+(?:tasks?|challenges?|competitions?)$", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d\b|[’']\d\d\b")


def _campaign(surface: str) -> bool:
    """"WMT 2014 English-to-German translation task": a yearly evaluation campaign, named with its year."""
    return bool(surface[:1].isupper() and _CAMPAIGN.match(surface) and _YEAR.search(" ".join(surface.split()[:3])))


def named_data_set(text: str, span: tuple[int, int]) -> bool:
    """A coined name right before a singular "dataset", "benchmark" or "corpus": "the AFEW dataset"."""
    words = text[span[0]:span[1]].split()
    before = text[max(0, span[0] - 40):span[0]].split()
    return bool(words) and looks_like_name(words[0]) and bool(_ONE_DATA_SET_AFTER.match(text, span[1])) \
        and not (before and text[span[0] - 1:span[0]].isspace() and looks_like_name(before[-1]))


#: A single coined token that mixes letters with a version or size ("LLaMA-65B", "Orca-3", "T0-11B") or
#: joins words in CamelCase ("EfficientZero", "BitFit"). Counted on kg's 122 annotated corpus abstracts:
#: 58 of 64 such digit names and 47 of 53 CamelCase names are annotated entities.
_MODEL_SHAPE = re.compile(r"^(?:[A-Z][\w.]*[-_.]?\d[\w.\-]*|[A-Za-z]*[a-z][A-Z][\w\-]*)$")
#: Not a model: "L2-norms"; citation keys ("Bajaj18", "he2016dual") and grant numbers ("IIS-1212798").
_NOT_MODEL_SHAPE = re.compile(r"-[a-z]{3,}$|^[A-Z][a-z]{3,}\d\d$|\d{4}")
#: A problem the lexicon knows by name, only as a problem ("instruction following", "multi-armed bandit",
#: "TTS"): counted on kg's annotated texts (corpus out of fold, conclusions, tune), 237 of the 285 Task
#: entities with a name the lexicon knows are annotated Tasks, and 6 of the 10 that fell below the
#: threshold without this floor (the other 4: "offline RL", "model-based RL", "offline-RL" annotated as
#: Methods, "explainable AI").
KNOWN_TASK_CONFIDENCE = 0.7
MODEL_SHAPE_CONFIDENCE = 0.7


def model_shaped(surface: str) -> bool:
    """"LLaMA-65B", "Phi3-mini-3.8B", "EfficientZero": a coined model name; not "L2-norms", "sim0.01"."""
    return bool(_MODEL_SHAPE.match(surface)) and not _NOT_MODEL_SHAPE.search(surface) \
        and sum(c.isalpha() for c in surface) >= 2 and len(surface) >= 4


#: Words for a kind of method. In kg's annotated texts, "<one plain word> <one of these>" is annotated
#: in 4 of 42 cases for "approach", 0 of 35 "technique", 3 of 34 "framework", 16 of 347 "method".
_KIND_HEADS = frozenset("approach strategy technique framework rule scheme procedure pipeline method algorithm "
                        "model".split())


def _kind_of_method(surface: str, lexicon: Lexicon) -> bool:
    """"augmentation strategy", "regularization technique", "iterative update rule", "auxiliary model":
    one plain word before a word for a kind of method names a kind, not a method."""
    words = surface.split()
    if len(words) != 2 or not words[0].islower() or lexicon.lookup(surface):
        return False
    head = words[1].lower()
    return head in _KIND_HEADS or (head.endswith("s") and head[:-1] in _KIND_HEADS) or \
        (head.endswith("es") and head[:-2] in _KIND_HEADS)


#: "graph representation", "internal representation", "phrasal representations": one plain word before
#: "representation(s)" says what is represented or how, not a method. Counted on kg's annotated texts (corpus,
#: conclusions, SciREX abstracts, tune 1-15), such two-word phrases stand in about 150 texts and are annotated
#: Methods 5 times, 3 of them after a participle kept here ("disentangled representations", "structured
#: representations"), and 2 times Tasks ("sentence representation").
#: A hyphenated word before it reads the same ("surface-based representation", "higher-level representations"):
#: 0 of the 17 such phrases are annotated, besides the 2 "pose-normalized representation(s)" after a participle.
_PLAIN_REPRESENTATION = re.compile(r"^[a-z]+(?:-[a-z]+)? representations?$")


def _plain_representation(surface: str, lexicon: Lexicon) -> bool:
    """Whether a phrase is one plain or hyphenated word and "representation(s)" ("semantic representation",
    "surface-based representation"), not "disentangled representations", "pose-normalized representations"
    or a name the lexicon knows."""
    first = surface.split()[0]
    participle = first.endswith("ed") and not first.endswith("-based")  # "surface-based" is no participle
    return bool(_PLAIN_REPRESENTATION.match(surface)) and not participle and not lexicon.lookup(surface)


#: Words that place a model among others ("an alternative network", "the shared network", "the entire model")
#: and heads for a whole model. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15),
#: none of the 64 two-word phrases of one of these words and one of these heads is annotated ("resulting models",
#: "underlying mechanism", "unified architecture"); names keep a third word ("original residual networks").
_RELATIVE_WORDS = frozenset("""
alternative shared augmented basic deeper predominant underlying original individual entire whole full complete
specific particular single separate additional auxiliary resulting improved modified unified larger smaller wider
shallower bigger generic vanilla naive standard typical overall
""".split())
_WHOLE_MODEL_HEADS = frozenset("""
network networks net nets architecture architectures mechanism mechanisms model models module modules system systems
""".split())


def _relative_model(surface: str) -> bool:
    """Whether a phrase is a word placing a model among others and a head for a model ("alternative network",
    "basic architecture"): which model of the text is meant, no name."""
    words = surface.split()
    return len(words) == 2 and words[0].lower() in _RELATIVE_WORDS and words[0][1:].islower() \
        and words[1] in _WHOLE_MODEL_HEADS


#: "low resolution", "pixel-level", "large-scale", "batch size": one word and a word for a degree says how fine
#: or big something is, no method. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune
#: 1-15), none of the 394 such phrases is an annotated Method (6 are the Task "super-resolution", 4 the Metric
#: "model size").
_DEGREE = re.compile(r"^[A-Za-z]+[- ](?:resolution|scale|size|level|ratio)s?$", re.IGNORECASE)


def _degree(surfaces: list[str]) -> bool:
    """Whether the names of an entity are a degree ("low resolution") and its short forms ("LR")."""
    spelled = [s for s in surfaces if not s.isupper()]
    return bool(spelled) and all(_DEGREE.match(s) for s in spelled)


#: "predicate-argument structure", "encoder-decoder configuration", "lidar-camera setup", "cross-modality nature":
#: how something is built or arranged, no method. Counted on kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), about 95 phrases end in one of these words and 5 annotated Method names do ("manifold
#: network structure", "non-parametric structures").
_MAKEUP = re.compile(r"^[a-z][a-z -]* (?:structures?|configurations?|setups?|nature)$")


#: "fully connected", "contextually-encoded", "segments connected": plain words ending in a past participle
#: describe how something is made, they name no method. Counted on kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), 1 of the 1640 lower-case Method names ends so ("character-based", a "-based" kept here);
#: names with capitals ("BARE-generated", "Flipped") are left alone.
_PARTICIPLE_END = re.compile(r"^[a-z][a-z -]*[ -](?!based$)[a-z]{2,}(?<!e)ed$")


def _participle_end(surface: str) -> bool:
    """Whether a lower-case phrase ends in a past participle ("fully connected"): a description, no method."""
    return bool(_PARTICIPLE_END.match(surface))


#: "the generator", "a discriminator", "the encoder", "the generative net": the role a part plays inside a model,
#: no method of its own. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 0 of the
#: 42 such words after an article, possessive, "and" or "two" are annotated by themselves (12 sit in longer names:
#: "encoder-decoder"); "adversary" is left out, 2 of its 3 are annotated.
_MODEL_ROLE = re.compile(r"^(?:generators?|discriminators?|encoders?|decoders?|critics?|"
                         r"(?:generative|discriminative) net(?:work)?s?)$", re.IGNORECASE)


#: "an unsupervised learning algorithm", "a joint training algorithm", "the deep learning paradigm": one learning
#: or training algorithm/paradigm spoken of in plain words, the way of learning rather than a named method. Counted
#: on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 1 of the 14 such singular phrases is
#: annotated ("sequence level training algorithm"; 2 more hold an annotated "curriculum learning"); plurals
#: ("imitation learning methods", "offline learning algorithms") and other kinds ("curriculum learning approach")
#: are left alone.
_PLAIN_LEARNING_ALGORITHM = re.compile(r"^[a-z][a-z -]* (?:learning|training) (?:algorithm|paradigm)$")


#: "3D models", "a 2D model": models as shapes of objects, the data a method works on. Counted on kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune 1-15), 0 of the 5 bare phrases are annotated by themselves (2 sit in
#: longer names); named ones keep their words ("3D Morphable Model").
_SHAPE_MODELS = re.compile(r"^\d[Dd] models?$")


#: "the loss function", "activation functions", "a reward function": the role a function plays, no method by itself.
#: Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 0 of the 46 occurrences are
#: annotated alone (19 sit in longer names: "Charbonnier loss function", "MMD loss function").
_BARE_FUNCTION = re.compile(r"^(?:loss|cost|energy|reward|value|activation|scoring|distance) functions?$",
                            re.IGNORECASE)


#: "convolutional filters", "convolution kernels", "convolutional layer filters": the weights of a layer, no method by
#: themselves. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 0 of the 12
#: occurrences are annotated alone (7 sit in longer names: "2D convolutional filters", "Gaussian Convolutional Kernel").
_BARE_FILTERS = re.compile(r"^(?:de)?convolution(?:al)?(?: layer)? (?:filters?|kernels?)$", re.IGNORECASE)


#: "convolutional layers", "a fully connected layer", "the decoder layer": a network's common layer kinds, named only
#: by what every such layer is, are parts of a model, no method by themselves. Counted on kg's annotated texts (corpus,
#: conclusions, SciREX abstracts, tune 1-15), 2 of the 45 occurrences are annotated alone (6 sit in longer names:
#: "convolutional implementation of a fully connected layer"); layers of a named kind ("pooling layer", "LSTM
#: layers", "softmax layer", "gradient reversal layer") are annotated and left alone, and so is a common layer the
#: paper proposes ("we propose to replace ... with recurrent layers"): on the SciREX abstracts and conclusions (fold
#: models) 3 of the 5 such proposed layers are annotated, 0 of the 13 used ones (1 sits in a longer name).
_BARE_LAYER = re.compile(r"^(?:(?:de)?convolution(?:al)?|fully[- ]connected|recurrent|attention(?:al)?|hidden|decoder|"
                         r"encoder|output|input|bottom|top) layers?$", re.IGNORECASE)


#: "object detectors", "a face detector", "an image classifier": the kind of model any method for a perception task
#: is, named by what it sees alone, no method by itself. Counted on kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), 1 of the 22 such bare phrases is annotated alone (7 sit in longer names: "KITTI-trained
#: object detector", "region-based face detector", which keep their words and are left alone).
_BARE_DETECTOR = re.compile(r"^(?:object|face|pedestrian|image|text|vehicle|person|scene|action|speech) "
                            r"(?:detectors?|classifiers?|recogni[sz]ers?)$", re.IGNORECASE)


#: "regularization", "optimization" by themselves: a whole field of techniques, no one method. Counted on kg's
#: annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 0 of the 65 bare occurrences are annotated
#: Methods (4 are Tasks; 35 sit in longer names: "label smooth regularization", "Bayesian optimization").
_BARE_FIELD = re.compile(r"^(?:regulari[sz]ation|optimi[sz]ation)$", re.IGNORECASE)


#: "algorithmProcedure", "compressFigures", "blueUri": a lower-case word glued to a capitalised one is a typesetting
#: macro left in page text, unless something besides its shape (the recogniser, the lexicon) reads it as a name
#: ("fastText", "alignDRAW", "miniImageNet"). On the SciREX abstracts (fold models), all 9 such tokens with only a
#: shape vote are unannotated, and the 2 annotated ones have other votes.
_GLUED_MACRO = re.compile(r"^[a-z]{3,}[A-Z]\w*$")


def _shape_only_macro(surface: str, span_sources: set[str]) -> bool:
    """Whether a mention is a glued lower-case-led token ("blackEnsemble") found by its shape alone."""
    return bool(_GLUED_MACRO.match(surface)) and span_sources <= {"pattern"}


#: "Facebook AI Research", "Tsinghua University", "PekingUniversity": a name ending in a word for an organisation is
#: an affiliation or funder. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 0 of
#: the 25 such names are annotated ("DeepLab", "DMLab" end in a shorter word and are left alone).
_ORGANISATION = re.compile(r"(?:Research|University|Institute|Laborator(?:y|ies))$")


#: A verb's -ing form and what it is done to, in plain words: "training neural networks", "sharing
#: convolutional filters", "adjusting this pooling layer".
_DOING_TO = re.compile(r"^[a-z]+ing (?:(?:the|this|these|its|their|a|an) )?(?:[a-z0-9][\w-]* ){0,3}[a-z0-9][\w-]*$")
_THINGS = re.compile(r"(?:[^s\W]s|ers|layer|model|network)$")


def _doing_to_things(surface: str, lexicon: Lexicon) -> bool:
    """Whether a phrase says what is done to things with a verb ("training neural networks", "learning
    invariant representations"), three words or more, its first two no name the lexicon knows ("learning
    rate", "normalizing flow"): an activity, no method. In kg's annotated texts the entity names of this
    shape are 16 Tasks ("learning invariant representations") and 7 Methods ("averaging the weights",
    "combining multiple output embeddings"); far more such phrases are not annotated at all."""
    surface = surface[:1].lower() + surface[1:]  # also at the start of a sentence
    words = surface.split()
    return len(words) >= 3 and bool(_DOING_TO.match(surface)) and bool(_THINGS.search(surface)) \
        and words[1] not in _KIND_HEADS and not lexicon.lookup(surface) \
        and not lexicon.lookup(" ".join(words[:2]))


#: Page text whose spaces were lost in extraction: one token gluing four or more capitalised words
#: ("CourantInstituteofMathematicalSciences") or a plain joining word between two ("CenterforDataScience",
#: "UnsupervisedDomainAdaptationbyBackpropagation"). Counted on the texts of kg's annotations (SciREX
#: abstracts, tune 1-15), 2 of the 22 such tokens are annotated (both glued paper titles), the others are
#: affiliations and cited titles; coined names glue at most three words ("ConsistentRankLogits", "DeepWalk").
_CAPITALISED_WORD = re.compile(r"[A-Z][a-z]{2,}")
_GLUED_JOINING_WORD = re.compile(r"[a-z](?:of|for|and|by|with)[A-Z]")


def _glued_words(surface: str) -> bool:
    """Whether a mention is words glued without spaces ("MassachusettsInstituteofTechnology"): no name."""
    if any(c.isspace() or c == "-" for c in surface):
        return False
    return len(_CAPITALISED_WORD.findall(surface)) >= 4 or bool(_GLUED_JOINING_WORD.search(surface))


#: Names glued from capitalised words ("YannLeCun", "BoleiZhou2", "GeorgesLinarès"), a surname with its
#: affiliation digit ("Wang1") or glued to its initial ("A.Stolcke"), four or more in a row with no plain
#: lower-case word between them: an author and affiliation line whose spaces were lost. Counted on kg's annotated
#: texts (corpus, conclusions, SciREX abstracts, tune 1-15), 67 such names stand in such runs (8 texts) and none
#: is annotated; a prose list has words between its names ("DeepWalk and LINE").
_GLUED_NAME = re.compile(r"(?<![\w-])(?:(?:[A-Z][a-zà-ÿ]+){2,}\d?|[A-Z][a-zà-ÿ]+\d|[A-Z]\.[A-Z][a-zà-ÿ]+)"
                         r"(?![\w-])")
_PLAIN_WORD = re.compile(r"(?<![\w@.{-])[a-z]{3,}(?![\w@-])(?!\.\w)")  # not a part of an e-mail address
_NAME_RUN = 4


def _author_lines(text: str) -> set[tuple[int, int]]:
    """The spans of glued names in runs of four or more ("1] BoleiZhou2] YuandongTian2] ... RobFergus")."""
    found: set[tuple[int, int]] = set()
    run: list[tuple[int, int]] = []
    for match in _GLUED_NAME.finditer(text):
        if run and _PLAIN_WORD.search(text, run[-1][1], match.start()):
            if len(run) >= _NAME_RUN:
                found.update(run)
            run = []
        run.append(match.span())
    if len(run) >= _NAME_RUN:
        found.update(run)
    return found


#: Words for what a task is done on. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune
#: 1-15), all 27 Task names that end in one of them say what is done to it with a verb or preposition
#: ("identifying mislabeled data", "learning from passive video data", "text generation from structured data");
#: the 4 plain noun phrases ending in them are Methods or a Dataset ("fictitious synthetic data", "US Labor Bureau
#: data"), none a Task.
_DATA_HEAD = re.compile(r"(?:^|\s)(?:data|samples?|inputs?|examples?|images?)$", re.IGNORECASE)
_DOING = re.compile(r"(?<![\w-])(?:\w+ing|of|from|to|for|in|on|with)(?![\w-])", re.IGNORECASE)


def _plain_data(surface: str) -> bool:
    """"Out-of-distribution Data", "US Labor Bureau data": a plain noun phrase for data, no task;
    not "Identifying Mislabeled Data", "learning from passive video data"."""
    return bool(_DATA_HEAD.search(surface)) and not _DOING.search(surface)


#: A bare modality: "vision", "natural language", "speech", also before "tasks/problems" ("many natural language
#: tasks", "sophisticated vision tasks"). Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts,
#: tune 1-15): none of the 101 mentions of "language", "natural language", "vision" or "speech" as a phrase's last
#: word, and none of the 12 before "tasks" or "problems", is annotated; the fields named with them are ("computer
#: vision", "natural language processing").
_BARE_MODALITY = re.compile(r"^(?:natural\s+)?(?:language|vision|speech)(?:\s+(?:tasks?|problems?))?$", re.IGNORECASE)


def _bare_modality(surface: str) -> bool:
    """"vision", "natural language tasks": a kind of data, no task; not "computer vision"."""
    return bool(_BARE_MODALITY.match(surface))


#: "at test time", "during training time", "at train and test time": a moment of a run, not a measure of
#: it. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 0 of the 32
#: phrases ending in "time" after "at" or "during" are annotated Metrics (against 11 of 40 "training/
#: inference/test/run ... time" phrases elsewhere: "reduces the per-epoch training time by 30%").
_MOMENT_BEFORE = re.compile(r"\b(?:at|during)\s+(?:[a-z][\w\-]*\s+(?:and\s+)?)?$", re.IGNORECASE)


def _moment(text: str, start: int, end: int) -> bool:
    """Whether a mention ending in "time" follows "at" or "during": a moment ("at inference time")."""
    return text[start:end].lower().endswith("time") and bool(_MOMENT_BEFORE.search(text[max(0, start - 40):start]))


def _vague_metric(surface: str, lexicon: Lexicon) -> bool:
    """"detection performance", "generalization performance": how well something does, no metric.
    In kg's annotated texts 42 of 355 "... performance" phrases were annotated as metrics."""
    key = normalize(surface)
    return (key == "performance" or key.endswith(" performance")) and not lexicon.entries.get(key)


_CHUNK = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+|\d+")


def spells_short_form(short: str, long: str) -> bool:
    """Whether coined name `short` abbreviates `long` without saying so: its capitals are the
    initials of long's words and CamelCase parts ("BiDAF" = "Bi-Directional Attention Flow",
    "InPlace-ABN" = "In-Place Activated BatchNorm"), or its parts begin long's words in order
    ("CamStyle" = "Camera Style Adaptation")."""
    words = re.findall(r"[^\s\-/]+", long)
    if len(words) < 2 or " " in short.strip():
        return False
    parts = [c for w in words for c in _CHUNK.findall(w) if c[0].isalpha()]
    capitals = [c for c in short if c.isupper()]
    if len(capitals) >= 3 and [c.lower() for c in capitals] == [w[0].lower() for w in parts]:
        return True
    chunks = [c for c in _CHUNK.findall(short) if c[0].isalpha()]
    if len(chunks) < 2 or len(chunks) > len(words) or any(len(c) < 3 for c in chunks):
        return False
    return all(w.lower().startswith(c.lower()) for c, w in zip(chunks, words))


#: Words a short form leaves out of what it abbreviates ("Emulator for Fine-Tuning" = "EFT").
_UNSPELLED_WORDS = frozenset("of for with a an the and to via in on by from".split())


def spells_beginnings(short: str, long: str) -> bool:
    """Whether coined name `short` is made of the beginnings of all of long's words but little ones, in
    order, one letter or more of each: "DR-BiLSTM" = "Dependent Reading Bidirectional LSTM", "S-LSTM" =
    "Sentence-State LSTM", "MEMEN" = "Multi-layer Embedding with Memory Networks". A short form that is
    itself a word of `long` ("NAC" / "NAC-based criterion") does not abbreviate it, nor one with other
    numbers ("CIFAR-10" / "CIFAR-100"). In kg's annotated texts, of the annotated pairs of names of one
    type that this finds and `spells_short_form` does not, 79 are one entity (19 where the text does not
    define the short form) and 3 two ("OD" / "OOD detection", "GCNN" / "GCAPS-CNN")."""
    if " " in short.strip() or not looks_like_name(short) or re.findall(r"\d+", short) != re.findall(r"\d+", long):
        return False
    letters = re.sub(r"[^a-z0-9]", "", short.lower())
    if re.search(rf"(?<![a-z0-9]){re.escape(short.lower())}(?![a-z0-9])", long.lower()):
        return False
    for word in (r"[^\s\-/]+", r"\S+"):  # "Multi-layer" as two words, else as one
        words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in re.findall(word, long)]
        words = [w for w in words if w and w not in _UNSPELLED_WORDS]
        if len(words) >= 2 and _spells(letters, words):
            return True
    return False


@lru_cache(maxsize=4096)
def _initials(surface: str) -> frozenset[str]:
    """The letters a name may be spelled from, in lower case: its first letter or digit, its first letter,
    its first capital and the first letter of its first word that is not a little one ("A Simple
    Baseline": s). A short form and the name it spells share one (a cheap test before
    `spells_short_form` and `spells_beginnings`)."""
    found = set()
    for pattern in (r"[A-Za-z0-9]", r"[A-Za-z]", r"[A-Z]"):
        first = re.search(pattern, surface)
        if first:
            found.add(first.group().lower())
    words = [re.sub(r"[^a-z0-9]", "", w.lower()) for w in re.findall(r"[^\s\-/]+", surface)]
    first_word = next((w for w in words if w and w not in _UNSPELLED_WORDS), "")
    found.update(first_word[:1])
    return frozenset(found)


def _group_coined_short_forms(text: str, by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                              spans: list[tuple[int, int]], uf: "_UnionFind") -> None:
    """A coined name joins the one longer name of its type that it spells (`spells_short_form`,
    `spells_beginnings`); longer names already grouped as one ("Camera Style Adaptation", "camera style
    adaptation method") count once."""
    surfaces = {key: text[spans[i][0]:spans[i][1]] for key, i in by_key.items()}
    initials = {key: _initials(surface) for key, surface in surfaces.items()}
    keys = list(by_key)

    def spells(key: str, other: str) -> bool:
        short, long = surfaces[key], surfaces[other]
        return other != key and len(long) > len(short) and bool(initials[other] & initials[key]) \
            and (spells_short_form(short, long) or spells_beginnings(short, long))

    for key, i in by_key.items():
        if looks_like_name(surfaces[key]):
            longer = _the_one_longer(key, keys, by_key, typed, spans, spells, uf)
            if longer is not None:
                uf.union(by_key[longer], i)


_METHOD_CLASS_TAIL = re.compile(r"\s+(?:techniques|methods|approaches|procedures|algorithms|strategies)$",
                                re.IGNORECASE)


#: A task's name that the text only ever writes before plural "methods", "approaches" or "techniques"
#: ("uncertainty estimation approaches mainly target ...", "have applied deep image captioning methods") names
#: a class of methods, not the task the paper is about. Counted on kg's annotated texts (corpus, conclusions,
#: SciREX abstracts, tune 1-15), of 10 names the lexicon knows as Tasks only that are written so every time, 8
#: are annotated Methods (by that name or inside one) and the 2 that end in detection/recognition/segmentation/
#: reconstruction Tasks ("semantic segmentation methods", "facial expression recognition methods"); those
#: perception tasks are left out (of kg's Task groups so written, 4 of 6 of them are annotated Tasks).
_METHOD_CLASS_AFTER = re.compile(r"\s+(?:methods|approaches|techniques)\b")
#: The heads of perception tasks, whose class words ("segmentation methods", "object detection networks") still
#: name the task: see `_METHOD_CLASS_AFTER` here and `task_part_candidates` in components.py.
PERCEPTION_TASK = re.compile(r"(?:detection|recognition|segmentation|reconstruction)$", re.IGNORECASE)


def _tasks_of_method_classes(text: str, chosen: dict[tuple[int, int], Counter],
                             sources: dict[tuple[int, int], set[str]], priors: Optional[TypePriors]) -> None:
    """"few-shot learning techniques", "clustering procedures": a class of methods named by the task
    they serve is no method of its own; the task is the entity (when its words read as a task). Not after what
    the methods rest on: "metric-learning-based few-shot learning methods" is a class of methods of its own."""
    for span in [s for s in chosen if _top_type(chosen[s]) in (EntityType.METHOD, EntityType.TASK)
                 and not {"rests", "paradigm"} & sources.get(s, set())]:
        tail = _METHOD_CLASS_TAIL.search(text, span[0], span[1])
        if tail is None or tail.start() <= span[0]:
            continue
        surface = text[span[0]:tail.start()]
        prior = priors.votes(surface) if priors is not None else {}
        reads_as = _top_type(Counter(prior)) if prior else type_from_head(surface)
        if reads_as is EntityType.TASK:
            votes, origin = chosen.pop(span), sources.pop(span)
            chosen[(span[0], tail.start())] = Counter({EntityType.TASK: sum(votes.values())})
            sources[(span[0], tail.start())] = origin


#: A measure word right after a task's name: "face recognition accuracy", "goal completion rate",
#: "single-machine processing time".
_MEASURE_AFTER = re.compile(r"[ ]+(?:accurac(?:y|ies)|error(?:\s+rates?)?|rates?|precision|recall|"
                            r"F1(?:\s+scores?)?|time|latenc(?:y|ies)|throughput|speedups?|perplexity|AUROC|AUC|"
                            r"BLEU|mAP|IoU)\b(?![-\w])", re.IGNORECASE)


def _metrics_of_tasks(text: str, chosen: dict[tuple[int, int], Counter],
                      sources: dict[tuple[int, int], set[str]]) -> None:
    """"face recognition accuracy", "goal completion rate": a task's name followed by a measure word
    names a metric, the measure of that task. Counted on kg's annotated texts, of 19 annotated task names
    followed by such a word, 16 are annotated with the word as one Metric and the other 3 with a Metric
    inside it ("accuracy"); plural "errors" is left out ("reasoning errors", never annotated)."""
    by_start = sorted(chosen)
    for span in [s for s in by_start if _top_type(chosen[s]) is EntityType.TASK]:
        tail = _MEASURE_AFTER.match(text, span[1])
        if tail is None or span not in chosen:
            continue
        inside = [s for s in chosen if span[1] <= s[0] < tail.end()]
        if any(s[1] > tail.end() for s in inside):
            continue
        votes, origin = chosen.pop(span), set(sources.pop(span))
        for s in inside:
            votes.update(chosen.pop(s))
            origin |= sources.pop(s)
        chosen[(span[0], tail.end())] = Counter({EntityType.METRIC: sum(votes.values())})
        sources[(span[0], tail.end())] = origin


#: Words that say what kind of thing a name is ("the MIXER algorithm", "our Res2Net module"), also
#: "the Muon optimizer", "a Learning-from-Scratch baseline", "the OOD detection task", "behaviour cloning
#: agents". Counted on kg's annotated texts, where a name is annotated and the text also writes it with one
#: of the added words after it, that longer form is annotated as another entity 0 times in 213 (task(s) 146,
#: problem(s) 46, setting 6, agents 5, baseline 5, process 4, optimizer 1; the rest alias or no entity).
_KIND_WORDS = frozenset("""
model models method methods algorithm algorithms network networks module modules architecture architectures
framework frameworks scheme schemes strategy strategies approach approaches mechanism mechanisms detector
detectors system systems technique techniques procedure procedures block blocks layer layers
optimizer optimizers baseline baselines agent agents process task tasks problem problems setting settings
""".split())


#: Words before a name that say which version of it is meant ("an improved Faster RCNN").
_VERSION_WORDS = frozenset("improved modified baseline standard vanilla original plain".split())


def described_name(key: str) -> Optional[str]:
    """`mixer algorithm` -> `mixer`, `modified wavenet vocoder` -> `wavenet`: a normalised name
    without a trailing word saying its kind and a leading word saying its version."""
    words = key.split()
    if len(words) > 1 and words[0] in _VERSION_WORDS:
        words = words[1:]
    if len(words) > 1 and words[-1] in _KIND_WORDS:
        words = words[:-1]
    base = " ".join(words)
    return base if base != key and base not in _KIND_WORDS else None


def lexicon_expansion(word: str, lexicon: Lexicon) -> Optional[str]:
    """The normalised long form of an acronym the lexicon knows (`qa` -> `question answering`), when
    the acronym spells the long form's initials; None otherwise."""
    known = lexicon.entries.get(word)
    if not known or len(word) < 2:
        return None
    for canonical in known.values():
        long = normalize(canonical)
        if len(long.split()) == len(word) and "".join(w[0] for w in long.split()) == word:
            return long
    return None


def _group_known_aliases(by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                         spans: list[tuple[int, int]], uf: "_UnionFind", lexicon: Lexicon) -> None:
    """Names the lexicon lists as one thing, of the type both were given ("ASR" and "speech
    recognition", "ImageNet-1k" and "ImageNet"), are one entity."""
    first: dict[tuple[EntityType, str], int] = {}
    for key, i in by_key.items():
        entity_type = _top_type(typed[spans[i]])
        canonical = lexicon.entries.get(key, {}).get(entity_type) if entity_type else None
        if canonical is None:
            continue
        if (entity_type, canonical) in first:
            uf.union(first[(entity_type, canonical)], i)
        else:
            first[(entity_type, canonical)] = i


#: Kind words of tasks: before them, one plain word says which tasks, not which task ("few-shot tasks",
#: "long-horizon tasks"), and is no name of its own.
_TASK_KIND_WORDS = frozenset("task problem setting".split())


def _group_described_names(text: str, by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                           spans: list[tuple[int, int]], uf: "_UnionFind") -> set[tuple[int, int]]:
    """A name with a word for its kind or its version ("MIXER algorithm", "ELU networks", "improved
    Faster RCNN") is the name itself when the text also uses the bare name (or its plural) with the
    same type (`described_name`).
    Returns the spans of the described forms (not chosen as the entity's name)."""
    described: set[tuple[int, int]] = set()
    for key, i in by_key.items():
        base = described_name(key)
        if base is None:
            continue
        j = by_key.get(base, by_key.get(base + "s"))
        if j is None or key.split()[-1] in _TASK_KIND_WORDS and " " not in text[spans[j][0]:spans[j][1]] \
                and not looks_like_name(text[spans[j][0]:spans[j][1]]):
            continue
        if _top_type(typed[spans[j]]) == _top_type(typed[spans[i]]):
            uf.union(j, i)
            described.add(spans[i])
    _group_alike_kinds(by_key, typed, spans, uf)
    return described


#: Kind words that name one kind of thing: a model, a procedure, a part of a model.
_ALIKE_KINDS = ("model network architecture system framework",
                "method technique approach algorithm strategy scheme procedure",
                "module block layer mechanism")
_KIND_CLASS = {word: n for n, words in enumerate(_ALIKE_KINDS) for word in words.split()}


def _group_alike_kinds(by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                       spans: list[tuple[int, int]], uf: "_UnionFind") -> None:
    """Names of one type that differ only in a kind word of one class, with no bare name in the text:
    "distributed training methods" / "distributed training techniques", "recurrent models" / "recurrent
    networks", "residual networks" / "standard residual networks". In kg's annotated texts such
    annotated pairs are one entity 13 times, two once ("actor-critic methods" / "Actor-Critic
    Algorithm")."""
    first: dict[tuple, int] = {}
    for key, i in by_key.items():
        base = described_name(key)
        kind = _KIND_CLASS.get(key.split()[-1])
        if base is None or kind is None:
            continue
        slot = (base, kind, _top_type(typed[spans[i]]))
        if slot in first:
            uf.union(first[slot], i)
        else:
            first[slot] = i


def _the_one_longer(key: str, keys: list[str], by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                    spans: list[tuple[int, int]], matches: Callable[[str, str], bool],
                    uf: "_UnionFind") -> Optional[str]:
    """The one name of `key`'s type that `matches(key, name)` picks; None when none or several do
    (then which one is meant is unknown)."""
    short_type = _top_type(typed[spans[by_key[key]]])
    picked = [k for k in keys if matches(key, k) and _top_type(typed[spans[by_key[k]]]) == short_type]
    return picked[0] if len({uf.find(by_key[k]) for k in picked}) == 1 else None


def inserts_one_word(short: str, long: str) -> bool:
    """Whether normalised name `long` is `short` with one word more inside it, not at either end:
    "semantic image segmentation" / "semantic segmentation", "deep convolutional neural network" /
    "deep convolutional network"."""
    a, b = short.split(), long.split()
    if len(a) < 2 or len(b) != len(a) + 1:
        return False
    return any(b[:i] + b[i + 1:] == a for i in range(1, len(a)))


def _group_inserted_words(text: str, by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                          spans: list[tuple[int, int]], uf: "_UnionFind", defined: set[str]) -> None:
    """A plain-word name joins the one longer name of its type that only adds a word inside it
    (`inserts_one_word`), unless the text defines an acronym for the longer name: then it is a
    name coined for something new ("Variational Fair Autoencoder (VFAE)", not any "variational
    autoencoder"). In kg's annotated texts 60 such pairs of names are one thing and 15 two
    ("3D pose estimation" / "3D hand pose estimation"); a name with several such longer names
    stays apart."""
    keys = sorted(by_key)
    for key in keys:
        span = spans[by_key[key]]
        if any(looks_like_name(word) for word in text[span[0]:span[1]].split()):
            continue
        other = _the_one_longer(key, keys, by_key, typed, spans, inserts_one_word, uf)
        if other is not None and other not in defined:
            uf.union(by_key[other], by_key[key])


def _group_title_fragments(text: str, by_key: dict[str, int], spans: list[tuple[int, int]], uf: "_UnionFind",
                           long_forms: set[str], title_end: int) -> None:
    """A name of two words or more written only in the title, inside the one long form the abstract
    defines a short form for, is a piece of that name: "Spectrum Training Augmentation" in a title
    whose abstract proposes "Proportional Amplitude Spectrum Training Augmentation (PASTA)", "Mixture
    of Prototypes" beside "PrototypicAl Learning with a Mixture of prototypes (PALM)". In kg's annotated
    texts a title's run of two words or more inside such a long form, not written in the abstract, is
    annotated apart from it once in 14 ("Recurrent Neural Networks" in "Quasi-Recurrent Neural Networks")."""
    in_abstract = {normalize(text[a:b]) for a, b in spans if b > title_end}
    for key, i in by_key.items():
        if key in in_abstract or " " not in key or key in long_forms:
            continue
        longer = [k for k in long_forms if k in by_key and _contains_words(k, key)]
        if len({uf.find(by_key[k]) for k in longer}) == 1:
            uf.union(by_key[longer[0]], i)


def _contains_words(long: str, short: str) -> bool:
    """Whether normalised name `short` is a run of whole words inside `long`."""
    return f" {short} " in f" {long} "


def _spells(token: str, words: list[str]) -> bool:
    """Whether `token` is the words' beginnings, in order, one or more letters of each ("saf" =
    "scale aware fast", "reid" = "re identification")."""
    if not words:
        return not token
    head = words[0]
    return any(token[:n] == head[:n] and _spells(token[n:], words[1:])
               for n in range(1, min(len(head), len(token)) + 1))


def shortens_part(short: str, long: str) -> bool:
    """Whether normalised name `short` is `long` with some of its words, not all, written as one
    short form: "saf r cnn" / "scale aware fast r cnn", "person reid" / "person re identification"."""
    a, b = short.split(), long.split()
    if len(a) < 2 or len(b) <= len(a):
        return False
    for i in range(len(a)):  # a[i] stands for b[i:i + len(b) - len(a) + 1]
        j = i + len(b) - len(a) + 1
        if a[:i] == b[:i] and a[i + 1:] == b[j:] and 2 <= len(a[i]) <= 6 and _spells(a[i], b[i:j]):
            return True
    return False


def _group_partial_acronyms(text: str, by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                            spans: list[tuple[int, int]], uf: "_UnionFind") -> None:
    """A name with an acronym in it ("SAF R-CNN", "person ReID": two capitals or more in a word)
    joins the one longer name of its type whose words it so shortens (`shortens_part`)."""
    keys = sorted(by_key)
    for key in keys:
        span = spans[by_key[key]]
        if not any(sum(c.isupper() for c in word) >= 2 for word in text[span[0]:span[1]].split()):
            continue
        other = _the_one_longer(key, keys, by_key, typed, spans, shortens_part, uf)
        if other is not None:
            uf.union(by_key[other], by_key[key])


#: "evaluation of unlearning" is about evaluation: its last word is not its head.
_LINK_WORDS = frozenset("of for in on with to via by from and or under".split())


def _group_short_heads(text: str, by_key: dict[str, int], typed: dict[tuple[int, int], Counter],
                       spans: list[tuple[int, int]], uf: "_UnionFind", lexicon: Optional[Lexicon] = None,
                       title_end: int = 0) -> None:
    """A plain-word short form is the one longer name of its type that it ends, or ends before a
    word for a part: "attention" after "multi-headed self-attention" or "gated attention mechanism",
    "accuracy" after "classification accuracy". Coined names
    ("Transformer" beside "Image Transformer") and short forms that end several names stay apart."""
    keys = sorted(by_key)
    without_part = {k: _PART_TAIL.sub("", k) for k in keys}
    for key in keys:
        span = spans[by_key[key]]
        surface = text[span[0]:span[1]]
        short_type = _top_type(typed[span])
        if any(looks_like_name(word) and not (short_type is EntityType.TASK and _TITLE_CASE_WORD.match(word))
               for word in surface.split()) or \
                (short_type is not EntityType.TASK and any(c.isupper() for c in surface)):
            continue  # a task in title case ("Human Pose Estimation", "Super-Resolution") is still plain words
        established = short_type is EntityType.METHOD and lexicon is not None and _established_method(surface, lexicon)
        other = _the_one_longer(key, keys, by_key, typed, spans,
                                lambda short, k: (_ends_with(k, short) or _ends_with(without_part[k], short)) and
                                not (established and _new_kind_of(k, short)), uf)
        in_abstract = any(b > title_end and normalize(text[a:b]) == key for a, b in spans)
        if other is not None and not (short_type is EntityType.TASK and in_abstract
                                      and _hyphenated_modifier(text, spans[by_key[other]], key)):
            uf.union(by_key[other], by_key[key])


def _hyphenated_modifier(text: str, long_span: tuple[int, int], short: str) -> bool:
    """Whether the longer name puts a hyphenated modifier before the short one ("video-based facial
    expression recognition", "fine-grained image classification", "cross-lingual text classification"):
    for tasks such a modifier makes a task of its own, when the abstract also writes the short name
    (the title's "Super-Resolution" stays the abstract's "single-image super-resolution"). In kg's
    annotated texts a Task pair so built is two entities 32 times and one 21 times (with plain-word
    modifiers: 31 and 54)."""
    words = text[long_span[0]:long_span[1]].split()
    for n in range(1, len(words)):
        if normalize(_PART_TAIL.sub("", " " + " ".join(words[n:]))) == short:
            return any("-" in word for word in words[:n])
    return False


def _established_method(surface: str, lexicon: Lexicon) -> bool:
    """Whether a plain short name is a method the lexicon knows ("knowledge distillation", "generative
    adversarial network"): a longer name ending in it ("sequence-level knowledge distillation") is a new method
    built on it, not another name of it. Counted on kg's annotations (tune, conclusions, corpus abstracts,
    training SciREX), of the annotated Method names ending in a plain name the lexicon knows as a Method, after
    a word other than a plain qualifier (`_new_kind_of`), 27 are annotated as another entity than it (13 of them
    BASED_ON it, 3 USES), none as the same entity."""
    return EntityType.METHOD in lexicon.lookup(surface)


#: Words that size or plainly qualify a method without making a new one ("deep residual networks", "vanilla
#: fine-tuning", "standard gradient descent method").
_PLAIN_QUALIFIERS = frozenset("deep deeper very large small big vanilla standard basic simple plain weak weaker "
                              "strong stronger conventional traditional original classical typical".split())


def _new_kind_of(long: str, short: str) -> bool:
    """Whether the words before `short` in `long` hold one that is not a plain qualifier."""
    return any(word not in _PLAIN_QUALIFIERS for word in long[:long.rfind(short)].split())


#: A hyphenated word in title case ("Super-Resolution", "Out-of-Distribution"), not a coined name.
_TITLE_CASE_WORD = re.compile(r"^[A-Z][a-z]+(?:-(?:[A-Z][a-z]+|of|to|and|the))+$")

#: Words naming a part of a model: "gated attention mechanism" is a kind of "attention".
_PART_TAIL = re.compile(r" (?:mechanism|module|layer|block|unit)s?$")


def _ends_with(long: str, short: str) -> bool:
    """Whether normalised name `long` ends with the words of `short` after a modifier ("gated
    attention" ends with "attention"; "evaluation of attention" does not)."""
    return long.endswith(" " + short) and long[:-len(short)].split()[-1] not in _LINK_WORDS


_LIST_GAP = re.compile(r"^\s*(?:,|;|/|\(|\)|,?\s*and|,?\s*or|,?\s*as well as)?\s*(?:,|\(|and)?\s*$")


#: Texts longer than this skip the search for repeated mentions (abstracts are far shorter).
MAX_REPEAT_SEARCH_CHARS = 20_000


def _add_repeated_mentions(text: str, chosen: dict[tuple[int, int], Counter]) -> None:
    """Every other whole-word occurrence (any case) of a chosen name is a mention too:
    "the proposed multigrid method" repeats the title's "Multigrid Method"."""
    if len(text) > MAX_REPEAT_SEARCH_CHARS or not chosen:
        return
    occupied = bytearray(len(text) + 1)
    for start, end in chosen:
        occupied[start:end] = b"\x01" * (end - start)
    surfaces: dict[str, Counter] = {}
    for (start, end), votes in chosen.items():
        surface = text[start:end]
        if len(surface) >= 3 and votes:
            # a coined casing ("SimplE") repeats only as written, not as the plain word ("a simple model")
            surfaces.setdefault(surface if _coined_case(surface) else surface.lower(), Counter()).update(votes)
    lowered = text.lower()
    for surface, votes in surfaces.items():
        haystack = text if _coined_case(surface) else lowered
        start = haystack.find(surface)
        while start >= 0:
            end = start + len(surface)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before in "_-/.@" or after.isalnum() or after in "_-") \
                    and not any(occupied[start:end]):
                chosen[(start, end)] = Counter({t: v * 0.5 for t, v in votes.items()})
                occupied[start:end] = b"\x01" * (end - start)
            start = haystack.find(surface, start + 1)


_LIST_CUE = re.compile(r"\b(datasets?|benchmarks?|corpora|corpus|metrics?|tasks?|models?|baselines?|methods?)"
                       r"\s*(?:\(|:|,?\s*(?:such as|including|like|e\.g\.,?|namely|i\.e\.,?))\s*$",
                       re.IGNORECASE)
_LIST_CUE_TYPES = {"dataset": EntityType.DATASET, "benchmark": EntityType.DATASET, "corpora": EntityType.DATASET,
                   "corpu": EntityType.DATASET, "metric": EntityType.METRIC, "task": EntityType.TASK,
                   "model": EntityType.METHOD, "baseline": EntityType.METHOD, "method": EntityType.METHOD}


#: What a comparison is made in: "outperforms the state-of-the-art models in terms of AUC and Logloss", "as
#: measured by a GAM-type metric". Counted on kg's annotated texts, 11 of the 17 phrases after these words
#: are (or hold) annotated Metrics; the 6 others are no entity ("in terms of performance", "of availability").
_MEASURE_CUE = re.compile(r"\b(?:in terms of|(?:as )?measured (?:by|in))\s+(?:the\s+)?$", re.IGNORECASE)


def list_cue_type(text: str, start: int) -> Optional[EntityType]:
    """The type the words right before a list give its members: "datasets such as ..." -> Dataset;
    "in terms of ..." -> Metric."""
    before = text[max(0, start - 60):start]
    if _MEASURE_CUE.search(before):
        return EntityType.METRIC
    cue = _LIST_CUE.search(before)
    return _LIST_CUE_TYPES[cue.group(1).lower().rstrip("s")] if cue else None


#: A coined name listed with data sets is one ("Middlebury, KITTI-2015, and ETH3D"): in kg's annotated texts,
#: 102 of 103 coined names in a list of 3+ names whose other members are mostly data sets are annotated
#: data sets (the one other is the task "SRL"); plain phrases there are less sure (24 of 38; the rest tasks,
#: "semantic segmentation (GTAV-to-Real), object detection (...)").
LISTED_DATA_SET_VOTE = 1.6


#: A plural data-set noun right before or right after a list of names: "on four challenging person re-identification
#: databases, VIPeR, QMUL GRID, CUHK Campus, and CUHK03", "datasets Market 1501 and Duke MTMC", "on the Animals with
#: Attributes and Caltech-UCSD Birds datasets". In kg's annotated texts (corpus, conclusions, SciREX abstracts, tune
#: 1-15), of the capitalised items of such lists, 60 of 63 closed by the noun are annotated data sets (the others:
#: the bare years of "CoNLL 2005, 2012") and 64 of 66 opened by it (not: "VQA" of "datasets, DAQUAR and VQA", and
#: "Face R-FCN" after the list).
_DATA_NOUNS = r"(?:datasets|data sets|benchmarks|databases|corpora)"
_DATA_LIST_OPENS = re.compile(rf"\b{_DATA_NOUNS}\s*[,:]?\s+(?:(?:such as|including|like|e\.g\.,?|namely|i\.e\.,?)\s+)?"
                              r"(?:the\s+)?$", re.IGNORECASE)
_DATA_LIST_CLOSES = re.compile(rf"\s+{_DATA_NOUNS}\b", re.IGNORECASE)
DATA_LIST_VOTE = 1.6  # as sure as LISTED_DATA_SET_VOTE


def _data_set_list(text: str, run: list[tuple[int, int]], typed: dict[tuple[int, int], Counter]) -> bool:
    """Whether a run of two or more names is opened or closed by a plural data-set noun; not closed where the
    last name is a task's ("KITTI and SUN RGB-D 3D detection benchmarks": benchmarks of a task)."""
    if len(run) < 2:
        return False
    if _DATA_LIST_OPENS.search(text[max(0, run[0][0] - 60):run[0][0]]):
        return True
    last = text[run[-1][0]:run[-1][1]]
    return bool((_DATA_LIST_CLOSES.match(text, run[-1][1]) or re.search(rf"\s{_DATA_NOUNS}$", last, re.IGNORECASE))
                and _top_type(typed[run[-1]]) is not EntityType.TASK)


def _propagate_in_lists(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter]) -> None:
    """Names listed together are of one type: "MNIST, CIFAR-10, PACS and DomainNet" are all datasets.

    Each run of mentions separated only by commas, "and", "or" or parentheses votes for its
    strongest type, and every member gets a share of that vote.
    """
    runs: list[list[tuple[int, int]]] = []
    for span in spans:
        if runs and _LIST_GAP.match(text[runs[-1][-1][1]:span[0]]) and span[0] - runs[-1][-1][1] <= 8:
            runs[-1].append(span)
        else:
            runs.append([span])
    for run in runs:
        cue_type = list_cue_type(text, run[0][0])
        if cue_type is not None:
            for span in run:
                typed[span][cue_type] += 1.2
        elif _data_set_list(text, run, typed):
            for span in run:
                if text[span[0]].isupper() or text[span[0]].isdigit():  # capitalised, as counted
                    typed[span][EntityType.DATASET] += DATA_LIST_VOTE
        if len(run) < 3:
            continue
        total: Counter = Counter()
        for span in run:
            best = _top_type(typed[span])
            if best is not None:
                total[best] += 1
        if not total:
            continue
        winner, count = max(total.items(), key=lambda item: (item[1], item[0].value))
        if count >= 2 and count * 2 > len(run):
            for span in run:
                coined = looks_like_name(text[span[0]:span[1]].split()[0])
                typed[span][winner] += LISTED_DATA_SET_VOTE if winner is EntityType.DATASET and coined else 0.8


#: A coined name joined by "and", "or" or a comma to a data set the lexicon knows is a data set too: "on SiftFlow
#: and PASCAL-Context", "on LFW and YouTube Faces benchmarks", "on both FCE and CoNLL 2014 datasets". In kg's
#: annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 26 of the 27 coined names next to such a
#: known data set that the lexicon does not know are annotated data sets or inside one's name (the other:
#: "COCO 2015" of "ILSVRC & COCO 2015 competitions"). So is one joined to a name the context already types a
#: data set ("MORPH Album 2, CACD-VS and FG-NET"): of the coined names so joined to an annotated data set, 227 of
#: 230 are annotated data sets or inside one's name (not: "LISA" after "CoNLL-2005 SRL,", "VQA", "COCO 2015").
BESIDE_KNOWN_DATA_SET_VOTE = 1.6
_PAIR_GAP = re.compile(r"\s*(?:,\s+(?:and\s+|or\s+)?|\s(?:and|or|&)\s+)(?:the\s+)?")


def _pair_with_known_data_sets(text: str, spans: list[tuple[int, int]], typed: dict[tuple[int, int], Counter],
                               lexicon: Lexicon) -> None:
    """A coined name listed right beside a known or typed data set ("on SiftFlow and PASCAL-Context") is one."""
    known = [set(lexicon.lookup(text[a:b])) == {EntityType.DATASET} or _top_type(typed[(a, b)]) is EntityType.DATASET
             for a, b in spans]
    for i in range(len(spans) - 1):
        left, right = spans[i], spans[i + 1]
        if known[i] == known[i + 1] or not _PAIR_GAP.fullmatch(text, left[1], right[0]):
            continue
        other = right if known[i] else left
        surface = text[other[0]:other[1]]
        if looks_like_name(surface.split()[0]) and not lexicon.lookup(surface):
            typed[other][EntityType.DATASET] += BESIDE_KNOWN_DATA_SET_VOTE


def _written_plural(surface: str) -> bool:
    """"OOD detections": the last word is written in the plural ("analysis" is not)."""
    last = surface.rsplit(None, 1)[-1].lower() if surface.strip() else ""
    return last.endswith("s") and not last.endswith(("ss", "is", "us"))


def _canonical_name(text: str, spans: list[tuple[int, int]], long_forms: set[tuple[int, int]],
                    title_end: int) -> str:
    """The most specific full form: a defined long form, else the longest; as first written in the abstract."""
    preferred = [s for s in spans if s in long_forms] or spans
    best = max(preferred, key=lambda s: (len(normalize(text[s[0]:s[1]])), s[0] >= title_end, -s[0]))
    if _INNER_PARENTHESES.search(text, best[0], best[1]):  # "Out-of-distribution (OOD) detection" is
        bare = normalize(_INNER_PARENTHESES.sub("", text[best[0]:best[1]]))  # written out elsewhere
        best = next((s for s in spans if normalize(text[s[0]:s[1]]) == bare  # not "OOD detections", a plural
                     and not _written_plural(text[s[0]:s[1]])), best)
    return text[best[0]:best[1]]


def _is_proposed(text: str, mentions: list[tuple[int, int, int]], sentence_starts: list[int],
                 title_end: int) -> bool:
    for start, end, sentence in mentions[:20]:
        sentence_start = max(sentence_starts[sentence] if sentence_starts else 0, start - 300)
        if _PROPOSAL.search(text[sentence_start:start]) or _DESCRIBED.search(text, sentence_start, start):
            return True
        if start < title_end:
            surface = text[start:end]
            after = text[end:end + 2]
            if (start == 0 or text[:start].strip() == "") and after.startswith(":"):
                return True
            if looks_like_name(surface.split()[0]) and not surface.isupper() and start == 0:
                return True
            if start == 0 and _TITLE_IS_NAME.match(text, end):  # "Recurrent Relational Networks\n"
                return True
    return False


#: What a title does its work by, at the title's end or before its colon: "Compressing Word Embeddings via Deep
#: Compositional Code Learning", "Optimizing Millions of Hyperparameters by Implicit Differentiation".
_TITLE_MEANS = re.compile(r"\b(?:by|via|using|through|with|based on)\s+(?:\w+\s+)?$", re.IGNORECASE)
_TITLE_MEANS_END = re.compile(r"\s*(?:[:(]|$)")


def _title_means(text: str, mentions: list[tuple[int, int, int]], title_end: int, lexicon: Lexicon) -> bool:
    """Whether the title ends (or reaches its colon) naming the Method as its means, by a name kg's lexicon does
    not know as a Method: the paper's own method. Counted on kg's annotations (corpus, conclusions, SciREX
    abstracts, tune 1-15), 74 of 94 such Methods are annotated proposed ("Deep Compositional Code Learning",
    "Workflow-Guided Exploration"; used: "Dilated Convolutions", "Small Language Models"); the lexicon-known
    ones ("Recurrent Neural Networks", "Monte Carlo Tree Search") 0 of 11."""
    return any(start < title_end and _TITLE_MEANS.search(text, 0, start) and
               _TITLE_MEANS_END.match(text, end, title_end) and EntityType.METHOD not in lexicon.lookup(text[start:end])
               for start, end, _ in mentions)


#: A title's opening article, alone or after "Towards": "A Point Set Generation Network for ...", "The Variational
#: Fair Autoencoder", "Towards a Neural Statistician".
_TITLE_ARTICLE = re.compile(r"(?:towards?\s+)?(?:an?|the)\s+", re.IGNORECASE)


def _title_article_name(text: str, mentions: list[tuple[int, int, int]], title_end: int, lexicon: Lexicon) -> bool:
    """Whether the title opens with an article and then the Method, by a name kg's lexicon does not know as a
    Method: the paper presents it ("A Character-Level Decoder without Explicit Segmentation for ...", "The
    Reactor: ..."). Counted on kg's annotations (corpus, conclusions, SciREX abstracts, tune 1-15), all 20
    Methods so named are annotated proposed, 17 of them the paper's main method (the one with the most
    relations)."""
    return any(start < title_end and _TITLE_ARTICLE.fullmatch(text, 0, start) and
               EntityType.METHOD not in lexicon.lookup(text[start:end]) for start, end, _ in mentions)


#: A qualifier that a method exists before the paper: "the commonly used last-layer features", "standard CNN".
_EXISTING = re.compile(r"\b(?:commonly used|widely used|existing|standard|conventional|popular|traditional|vanilla|"
                       r"off-the-shelf|prior|previous|classic|classical|typical|common|state-of-the-art|baseline)\s+"
                       r"(?:\w+\s+)?$", re.IGNORECASE)


def _qualified_as_existing(text: str, mentions: list[tuple[int, int, int]]) -> bool:
    """Whether a mention is qualified as existing before the paper ("we propose to replace the commonly used
    last-layer features with ..."): a method the paper uses, even in a sentence that proposes something.
    Counted on kg's annotations, 128 of 128 Methods with a mention so qualified are annotated used."""
    return any(_EXISTING.search(text, max(0, start - 60), start) for start, _, _ in mentions)


#: After a title that opens with a method's name: the title's end, its colon, or what it is for.
_TITLE_IS_NAME = re.compile(r"\s*(?:\n|:|\(|\s(?:for|with|via|as|in|on|to)\s)")

#: Right after "we propose/introduce ...", or after "called/named/dubbed"; or the name set beside what is proposed:
#: "we propose a new simple network architecture, the Transformer, ...", "introduce a new method, Key-Value Memory
#: Networks, that ..." (in kg's annotations, 15 of the 16 entities named so are proposed Methods, 14 of them the
#: paper's main method, the one with the most relations; the other a Metric).
_PROPOSE_CUE = re.compile(r"\b(?:propose|introduce|present|develop|design|call|name|dub|term)\w*\s+"
                          r"(?:\w+\s+){0,6}$|\bcalled\s+$|\bnamed\s+$|\bdubbed\s+$|"
                          r"\b(?:propose|introduce|present)\w*\s+an?\s+(?:[\w-]+\s+){0,6}[\w-]+,\s+"
                          r"(?:the\s+|which\s+we\s+(?:call|name|dub)\s+)?$", re.IGNORECASE)


#: The title's opening name, then what it is for or comes with: "Deeply-Recursive Convolutional Network for Image
#: Super-Resolution", "Multiple Instance Detection Network with Online Instance Classifier Refinement". Counted on
#: the annotations (corpus, conclusions, SciREX abstracts, tune 1-15), of the Title Case phrases opening a title
#: before "for"/"with" annotated as Methods, 100 of 107 are the paper's main method (the proposed one with the most
#: relations; 3 other proposed, 4 used); 17 more are Tasks and 36 are not annotated.
_TITLE_PURPOSE = re.compile(r"\s+(?:for|with)\s")
#: Title Case words before a name at the title's opening ("Multiple Instance Detection Network with ...", "Efficient
#: Multi-Scale 3D CNN with ..."): modifiers of the paper's own name, not a verb or a function word ("Understanding
#: ...", "On ...").
#: Counted on the same annotations, of the titles whose opening Title Case phrase before "for"/"with" ends in an
#: annotated Method (or is one), 95 of 102 hold the paper's main method there (3 another proposed one, 4 a used one:
#: "Variational Autoencoders for Collaborative Filtering").
_TITLE_LEAD = re.compile(r"(?:(?![\w-]*ing\s|(?:on|towards?|a|an|the|how|what|why|when)\s)[A-Z0-9][\w-]*\s+){0,3}")


def _title_opening_name(text: str, start: int, end: int, title_end: int, name: str) -> bool:
    """Whether a title mention opens the title (after Title Case modifiers at most) and comes before "for"/"with".
    After modifiers, the name must keep a capital where the abstract names it: "Repeated Random Sampling for ..."
    with "random sampling" in the abstract is the paper's method built on a plain one, not that one. Counted on the
    same annotations, the phrase after such modifiers names (part of) the main method 23 times of 25 where the
    abstract writes it with a capital, 44 of 64 where it writes it in lower case."""
    return start < title_end and bool(_TITLE_LEAD.fullmatch(text, 0, start)) and \
        bool(_TITLE_PURPOSE.match(text, end, title_end)) and (start == 0 or name != name.lower())


def main_score(text: str, group: EntityGroup) -> tuple:
    """How likely a proposed method is the paper's main one: a name coined in the title before its
    colon or after its opening article, the whole title, the title's means, a coined name (CamelCase, acronym), named in the title, right after "we propose"."""
    first = group.mentions[0][0]
    title_end = text.find("\n") if "\n" in text else 0
    in_title = first < title_end
    title_colon = in_title and text[group.mentions[0][1]:group.mentions[0][1] + 1] == ":" and first <= 1
    title_colon = title_colon or (in_title and bool(_TITLE_ARTICLE.fullmatch(text, 0, first)) and  # "A Point Set
                                  not _known_method(group))  # Generation Network for ...": see _title_article_name
    title_colon = title_colon or (in_title and not _known_method(group) and  # "Deeply-Recursive ... Network for":
                                  _title_opening_name(text, first, group.mentions[0][1], title_end, group.name))
    cue = any(_PROPOSE_CUE.search(text[max(0, s - 80):s]) or _DESCRIBED.search(text, max(0, s - 80), s)
              for s, _, _ in group.mentions[:5])
    coined = looks_like_name(group.name.split()[0]) or any(
        looks_like_name(a) and (cue or not _generic_short_form(group.name, a)) for a in group.aliases)
    coined = coined and not _known_method(group)
    # The whole title names it, and the abstract names it again ("Fast R-CNN\n... Fast R-CNN trains ..."): in kg's
    # annotations 39 of the 40 Methods so named are the main method. Named in the title only, it is often not
    # annotated at all in the conclusions ("Convolutional Sequence to Sequence Learning").
    whole_title = first == 0 and not text[group.mentions[0][1]:title_end].strip() and \
        any(sentence > 0 for _, _, sentence in group.mentions)
    # What the title does its work by (see _title_means), named again in the abstract ("Diverse Image-to-Image
    # Translation via Disentangled Representations"): in kg's annotations 40 of the 55 proposed Methods so named
    # are the main method. It ranks above a plain phrase named after "we propose", not above a coined one.
    means = in_title and _title_means(text, group.mentions[:1], title_end, default_lexicon()) and \
        any(sentence > 0 for _, _, sentence in group.mentions)
    return (3 * title_colon + 2 * whole_title + 2 * coined + in_title + 1.5 * cue + 0.9 * means, -first)


def _known_method(group: EntityGroup) -> bool:
    """Whether kg's lexicon already knows the group's name or an alias as a Method ("CNN", "LSTM", "GAN",
    "Mixture-of-Expert"): a name the paper uses, not one it coins. Counted on kg's annotations, of the
    methods with a coined-looking name named in a sentence that proposes something (or in the title), the
    known ones are the paper's main method 20 times of 81, about as often as a plain phrase (160 of 496),
    the others 247 times of 324."""
    lexicon = default_lexicon()
    return any(EntityType.METHOD in lexicon.lookup(n) for n in [group.name, *group.aliases])


#: A short form of capitals ("LM", "LMs", "PTMs", "IFT"), as written for a phrase in parentheses.
_SHORT_FORM = re.compile(r"[A-Z][A-Za-z]{0,2}[A-Z][a-z]?s?")


def _generic_short_form(name: str, alias: str) -> bool:
    """Whether `alias` only shortens a name written in lower case ("language models (LMs)", "pre-trained
    models (PTMs)"): a common phrase abbreviated for the reader, not a name the paper coins, unless it is
    named right after "we propose/introduce...". Counted on kg's annotations, of the methods named in a
    sentence that proposes something (or in the title), one so written and named away from the cue is the
    paper's main method (the proposed one with the most relations) 6 times of 26, as often as a plain phrase
    (73 of 322), where a coined name is 82 of 153 times, and 22 of 37 times when named right after the cue."""
    return name == name.lower() and bool(_SHORT_FORM.fullmatch(alias))


def proposed_methods(text: str, groups: list[EntityGroup]) -> list[int]:
    """Indexes of the proposed Method groups, the paper's main method first (see `main_score`)."""
    proposed = [i for i, g in enumerate(groups) if g.type is EntityType.METHOD and g.role == "proposed"]
    return sorted(proposed, key=lambda i: main_score(text, groups[i]), reverse=True)
