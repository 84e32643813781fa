"""kg's spaCy components: each wires one plain-function algorithm into the pipeline.

Components cooperate through `Doc._` extensions only (registered in `factories.py`):
`kg_abbreviations`, `kg_candidates`, `kg_entities`, `kg_results`, `kg_relations`.
"""

from __future__ import annotations

import re
from typing import Callable, Iterator, Optional

import numpy
from spacy.attrs import SENT_START
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extract.abbreviations import find_abbreviations
from kg.extract.entities import PERCEPTION_TASK, Candidate, group_mentions, list_cue_type
from kg.extract.lexicon import (METHOD_HEADS, METRIC_HEADS, TASK_HEADS, Lexicon, default_lexicon, default_priors,
                                is_generic, is_generic_class, looks_like_name, strip_determiners, type_from_head)
from kg.extract.relations import find_relations
from kg.extract.results import find_results
from kg.model import EntityType

_NO_SPLIT_BEFORE = re.compile(r"(?:\b(?:e\.g|i\.e|et al|vs|cf|approx|resp|Fig|Eq|Sec|No)\.|\b[A-Z]\.)$")
_WORDLIKE = re.compile(r"\d*[A-Za-z][\w.+\-/]*[\w+]|[A-Za-z]")
#: Words some patterns cannot match without: a text without the word skips the pattern's costly scan (the
#: patterns try several words before the word at every position of the text).
_COORDINATED_END = re.compile(r"\s(?:tasks|problems|benchmarks|applications)\b")
_APPLICATIONS = re.compile(r"\sapplications\b")
_DATA_SET_WORD = re.compile(r"data ?set|benchmark|corp(?:us|ora)")
_QUALITY_WORD = re.compile(r"\s(?:quality|speed|overhead|complexity)\b")


def _matches(pattern: re.Pattern, text: str, needed: re.Pattern) -> Iterator[re.Match]:
    """`pattern.finditer(text)`, skipped when the text lacks a word every match holds."""
    return pattern.finditer(text) if needed.search(text) else iter(())
#: Shapes of names that are not methods, datasets, metrics or tasks.
_NOT_NAMES = frozenset("GPU GPUs CPU CPUs TPU TPUs API APIs URL URLs PDF PDFs ID IDs OOD SOTA AI ML DL RAM "
                       "FLOP HTML JSON XML SQL USD".split())
_MODIFIER = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$|^[A-Z]{2,}[a-z]?$|^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+$")
_NOT_MODIFIER = frozenset("""
improve improves improving achieve achieves achieving enable enables enabling perform performs
performing propose proposes proposing use uses using study studies studying address addresses
addressing boost boosts tackle tackles solve solves existing accurate efficient effective
robust better strong challenging important fundamental crucial significant different various
""".split())


#: Where `doc_text` keeps a doc's text in its `user_data`.
TEXT_KEY = "kg_text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed once per doc (spaCy joins every token each time it is asked), unless the
    pipeline's `make_doc` kept it already (`keeping_text`)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def keeping_text(make_doc: Callable[[str], Doc]) -> Callable[[str], Doc]:
    """`make_doc` that also keeps the text it was given in the doc's `user_data`, where the
    components' `doc_text` finds it: spaCy's `doc.text` joins every token again (about a
    twentieth of the components' time), and its tokenizer keeps every character, so the two agree."""

    def make_doc_keeping_text(text: str) -> Doc:
        doc = make_doc(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    return make_doc_keeping_text


def doc_sentence_spans(doc: Doc) -> list[tuple[int, int]]:
    """[start, end) character offsets of the sentences of `doc`, computed once per doc."""
    spans = doc.user_data.get("kg_sentence_spans")
    if spans is None:
        spans = [(sent.start_char, sent.end_char) for sent in doc.sents] if len(doc) else []
        doc.user_data["kg_sentence_spans"] = spans
    return spans


def doc_sentence_starts(doc: Doc) -> list[int]:
    """Character offsets where the sentences of `doc` start."""
    return [start for start, _ in doc_sentence_spans(doc)] or [0]


class Sentences:
    """Sentence boundaries for abstracts: after the title line and after ., ! or ? + a capital."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        # Written as one array: setting token.is_sent_start one by one is quadratic in spaCy.
        values = numpy.full((len(doc), 1), -1, dtype="int64").astype("uint64")
        text = doc_text(doc)
        previous = None
        for i, token in enumerate(doc):
            start = i == 0
            if previous is not None:
                if "\n" in previous.text or "\n" in previous.whitespace_:
                    start = not token.is_space
                elif previous.text in (".", "!", "?") and (token.text[:1].isupper() or token.text[:1].isdigit()):
                    start = not _NO_SPLIT_BEFORE.search(text[max(0, previous.idx - 12):previous.idx + 1])
            if start:
                values[i, 0] = 1
            previous = token
        if len(doc):
            doc.from_array([SENT_START], values)
        return doc


class Abbreviations:
    """Finds acronym definitions (Schwartz–Hearst) into `doc._.kg_abbreviations`."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_abbreviations = find_abbreviations(doc_text(doc))
        return doc


class Candidates:
    """Collects typed candidate spans from the recogniser, the lexicon, name shapes and head words."""

    def __init__(self, nlp: Language, name: str, *, use_lexicon: bool = True, use_patterns: bool = True,
                 use_heads: bool = True) -> None:
        self.name = name
        self.use_patterns = use_patterns
        self.use_heads = use_heads
        self.lexicon: Lexicon = default_lexicon() if use_lexicon else Lexicon()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.match_types: dict[int, EntityType] = {}
        for entity_type, surfaces in self.lexicon.surfaces.items():
            exact = [s for s in surfaces if len(s) <= 5 or not s.islower()]
            lower = [s for s in surfaces if s not in exact]
            # not the plural of a one-word task's name: "we provide recommendations", "recalls more
            # alignments" name outputs (in kg's annotated texts 0 of 6 such plurals are annotated Tasks)
            lower += [plural for s in lower if (plural := _plural(s)) not in surfaces
                      and (entity_type is not EntityType.TASK or " " in s)]
            exact += [s + "s" for s in exact  # "CNNs"
                      if s.isupper() and s.isalpha() and len(s) >= 2 and s + "s" not in surfaces]
            lower += [closed for s in lower if (closed := closed_up(s)) != s and closed not in surfaces]
            key = f"kg_{entity_type.value}"
            self.match_types[nlp.vocab.strings.add(key)] = entity_type
            self.exact.add(key, [nlp.make_doc(s) for s in exact])
            self.lower.add(key, [nlp.make_doc(s) for s in lower])

    def __call__(self, doc: Doc) -> Doc:
        candidates: list[Candidate] = []
        for ent in doc.ents:
            try:
                candidates.append(Candidate(ent.start_char, ent.end_char, EntityType(ent.label_), "ner"))
            except ValueError:
                continue
        text = doc_text(doc)
        extended: dict[tuple[int, EntityType], tuple[int, int]] = {}
        for matcher in (self.exact, self.lower):
            for match_id, start, end in matcher(doc):
                span = doc[start:end]
                entity_type = self.match_types[match_id]
                end_char = span.end_char
                if entity_type in (EntityType.METHOD, EntityType.DATASET):  # "Qwen 2.5", "Llama 3.1"
                    end_char = version_end(text, end_char, entity_type)
                    if end_char > span.end_char:
                        extended[(span.start_char, entity_type)] = (span.end_char, end_char)
                candidates.append(Candidate(span.start_char, end_char, entity_type, "lexicon"))
        for i, cand in enumerate(candidates):  # the recogniser's "Claude 3" reads on to "Claude 3 Opus" too
            short, long = extended.get((cand.start, cand.label), (0, 0))
            if cand.source == "ner" and short <= cand.end < long:
                candidates[i] = Candidate(cand.start, long, cand.label, cand.source, cand.score)
        candidates.extend(split_known_name_candidates(text, self.lexicon))
        candidates.extend(title_name_candidates(text))
        candidates.extend(title_purpose_candidates(text))
        candidates.extend(title_task_with_candidate(text))
        candidates.extend(title_activity_with_candidate(text))
        candidates.extend(recast_task_candidates(text))
        candidates.extend(enumeration_candidates(text))
        candidates.extend(task_list_candidates(text))
        candidates.extend(task_colon_list_candidates(text))
        candidates.extend(coordinated_task_candidates(text))
        candidates.extend(application_task_candidates(text))
        candidates.extend(applied_field_candidates(text))
        candidates.extend(long_task_list_candidates(text))
        candidates.extend(method_list_candidates(text))
        candidates.extend(named_task_candidates(text))
        candidates.extend(coined_name_candidates(text))
        candidates.extend(proposed_phrase_candidates(text, self.lexicon))
        candidates.extend(means_phrase_candidates(text))
        candidates.extend(rival_phrase_candidates(text))
        candidates.extend(rests_on_phrase_candidates(text))
        candidates.extend(foundation_phrase_candidates(text))
        candidates.extend(paradigm_class_candidates(text, self.lexicon))
        candidates.extend(task_part_candidates(text, self.lexicon))
        candidates.extend(possessive_name_candidates(text))
        candidates.extend(connection_candidates(text))
        candidates.extend(described_dataset_candidates(text))
        candidates.extend(task_data_set_candidates(text, self.lexicon))
        candidates.extend(title_case_data_set_candidates(text))
        measures = reported_measure_candidates(text) + changed_measure_candidates(text) \
            + moved_measure_candidates(text) + unit_measure_candidates(text)
        candidates.extend(measures)
        candidates.extend(continued_measure_candidates(text, measures))
        candidates.extend(listed_measure_candidates(text))
        candidates.extend(paired_efficiency_candidates(text))
        candidates.extend(compared_terms_candidates(text))
        candidates.extend(named_quality_candidates(text))
        if self.use_patterns:
            candidates.extend(self._pattern_candidates(text))
        if self.use_heads:
            candidates.extend(self._head_candidates(doc))
        doc._.kg_candidates = candidates
        return doc

    def _pattern_candidates(self, text: str) -> list[Candidate]:
        found = []
        for match in _WORDLIKE.finditer(text):
            word = match.group().rstrip(".")
            if word.islower() and word.isalpha():
                continue  # most words: no name has no capital and no digit
            if looks_like_name(word) and word.lower() not in STOP_WORDS and word not in _NOT_NAMES \
                    and not self.lexicon.lookup(word):
                found.append(Candidate(match.start(), match.start() + len(word), EntityType.METHOD, "pattern", 0.8))
        return found

    def _head_candidates(self, doc: Doc) -> list[Candidate]:
        found = []
        for token in doc:
            lower = token.lower_
            if lower in TASK_HEADS:
                label = EntityType.TASK
            elif lower in METRIC_HEADS:
                label = EntityType.METRIC
            else:
                continue
            start = token.i
            while start > 0 and token.i - start < 4:
                prev = doc[start - 1]
                if prev.is_space or prev.is_punct or prev.lower_ in STOP_WORDS or prev.lower_ in _NOT_MODIFIER \
                        or not _MODIFIER.match(prev.text) or prev.is_sent_end:
                    break
                start -= 1
            if start < token.i:
                span = doc[start:token.i + 1]
                found.append(Candidate(span.start_char, span.end_char, label, "head"))
        return found


#: A short form in parentheses inside a known name: "out-of-distribution (OOD) detection", "Chain-of-Thought
#: (CoT) prompting". Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15): of the
#: 14 places where the words around such a parenthesis make a name the lexicon knows, 12 are annotated by that
#: name (11 Tasks, 1 Method), 2 not at all.
_INNER_SHORT_FORM = re.compile(r"(?<=\w) \(([A-Za-z][\w-]*)\) (?=\w)")
_AROUND_WORDS = re.compile(r"[\w-]+")


def _word_run(text: str, start: int, end: int, backwards: bool) -> list[tuple[int, int]]:
    """Up to four words joined by spaces only, read from `end` backwards or from `start` on."""
    words = [w.span() for w in _AROUND_WORDS.finditer(text, start, end)]
    if backwards:
        words.reverse()
    run: list[tuple[int, int]] = []
    for word in words[:4]:
        gap = text[word[1]:run[-1][0] if run else end] if backwards else text[run[-1][1] if run else start:word[0]]
        if gap.strip():
            break
        run.append(word)
    return run


def split_known_name_candidates(text: str, lexicon: Lexicon) -> list[Candidate]:
    """A known name written around a parenthesised short form ("out-of-distribution (OOD) detection"): the
    whole phrase, of the known name's type."""
    found = []
    for match in _INNER_SHORT_FORM.finditer(text):
        best = None
        for first, _ in _word_run(text, max(0, match.start() - 60), match.start(), True):
            for _, last in _word_run(text, match.end(), match.end() + 40, False):
                known = lexicon.lookup(text[first:match.start()] + " " + text[match.end():last])
                if len(known) == 1 and (best is None or last - first > best[1] - best[0]):
                    best = (first, last, next(iter(known)))
        if best is not None:
            found.append(Candidate(best[0], best[1], best[2], "lexicon"))
    return found


_TITLE_NAME = re.compile(r"^\s*([^:\n]{1,40}?)\s*:\s+(\S[^\n]*)")
#: The rest of a title calls the coined name a data set: "MetaCoCo: A New Few-Shot Classification Benchmark
#: with ...", "TOFU: A Task of Fictitious Unlearning"; a data-set word after the title's first preposition
#: belongs to what the name serves instead ("GIO: Gradient Information Optimization for Training Dataset
#: Selection", "MotorFactory: A Blender Add-on for Large Dataset Generation", both annotated Methods).
_DATASET_TITLE = re.compile(r"^(?:(?!\b(?:for|of|via|with|using|in|on|from|to|by)\b).)*?"
                            r"\b(?:benchmark|dataset|corpus|suite|testbed|collection|task of|environment)s?\b",
                            re.IGNORECASE)


_COINED = re.compile(r"[a-z][A-Z]|[A-Z]{2}|\d")


def title_name_candidates(text: str) -> list[Candidate]:
    """The name a title coins before its colon ("MOS: Towards ...", "Model Stock: All we need ..."): a
    Method, a Dataset when the rest of the title calls it a benchmark, dataset or corpus, or a Task
    when a plain Title Case name ends in a problem's head word ("Transductive Few-Shot Learning: ...").
    Counted on kg's annotated titles, 8 of 10 plain Title Case names before the colon are annotated
    (6 Methods, 2 Tasks); catchphrases ("Know Your Limits", "Erase to Enhance") are left out."""
    match = _TITLE_NAME.match(text)
    if not match:
        return []
    name = match.group(1)
    words = name.split()
    if len(words) > 4:
        return []
    if not _COINED.search(name) and (len(words) < 2 or any(not w[0].isupper() or w.lower() in STOP_WORDS
                                                           for w in words)):
        return []  # "Know Your Limits: ..." is a catchphrase
    if _DATASET_TITLE.search(match.group(2)[:300]):  # a title, not a 1 MB line
        label = EntityType.DATASET
    elif not _COINED.search(name) and words[-1].split("-")[-1].lower() in TASK_HEADS:
        label = EntityType.TASK  # "Transductive Few-Shot Learning: ..." names the problem the paper takes on
    else:
        label = EntityType.METHOD
    return [Candidate(match.start(1), match.end(1), label, "title")]


#: A version number written after a known name: "Qwen 2.5", "Llama 3.1", "Claude 3.5-Haiku".
_VERSION_AFTER = re.compile(r" v?\d+(?:\.\d+)+(?:-[A-Z]\w*)?(?![\w%]|[.,]\d)| v?\d(?![\w%]|[.,]\d)")
#: A model's size after its name and version: "LLaMA 3.1 8B", "GPT-3 175B". In kg's annotated texts all 15
#: names written with a size ("LLaMA-65B", "Mistral-7b", "LLaMA 3.1 8B") are annotated with it, none without
#: (only one of them parts the size by a space; a size before a hyphen, "7B-parameter", is left out).
_SIZE_AFTER = re.compile(r" \d+(?:\.\d+)?[BM](?![\w%-]|[.,]\d)")
#: A data set's edition after its name: a year or a number ("WMT 2014", "PASCAL VOC 2012", "WMT'14",
#: "Atari 2600", "WMT 16"). In kg's annotated texts, 44 data set names are annotated with the year or number
#: written after them (37 years, "BraTS 2018"; 7 numbers, "Atari 2600"), 6 without ("COCO 2016 challenge winners").
_EDITION_AFTER = re.compile(r" ?'\d\d\b(?!['\w])| \d{2,4}(?![\w%×-]|[.,]\d)")

#: A capitalised word after a name's version, size or edition names the variant: "Claude 3 Opus", "WMT 2014
#: English-to-German", "ICDAR 2017 MLT". In kg's annotated texts, 14 of 14 capitalised words after a name and its
#: number are annotated as part of the name (a page header, "ICLR 2017 LEARNING TO ...", and units aside).
_VARIANT_AFTER = re.compile(r" (?!(?:For|In|On|With|And|Of|To|The|A|An|Is|Are|Via|From|By|At|As|Or|Vs|We|Our|This)\b)"
                            r"(?:[A-Z][a-z]\w*|[A-Z][A-Z\d]{1,3}\b)(?:-\w+)*")


def version_end(text: str, end: int, entity_type: EntityType) -> int:
    """Where a known Method or Data set name ends once the version, size or edition written right after it
    is taken in: "Llama 3.1 8B", "WMT 2014"."""
    version = _VERSION_AFTER.match(text, end)
    end = version.end() if version else end
    after = (_SIZE_AFTER if entity_type is EntityType.METHOD else _EDITION_AFTER).match(text, end)
    end = after.end() if after else end
    variant = _VARIANT_AFTER.match(text, end) if version or after else None
    return variant.end() if variant else end


#: What a title says its work is for: "... for Monocular Depth Estimation", "... for In-Context Example
#: Selection". Counted on kg's annotated corpus titles, 25 of 37 such phrases are annotated Tasks; after
#: "via" or "using", 9 of 11 are annotated Methods ("... via Whitened Linear Discriminant Analysis").
#: A Title Case phrase that ends the title, a clause of it or before its next preposition.
_TITLE_PHRASE_END = r"(?=\s*(?:$|[:,?!(]|\s(?:for|in|of|with|via|using|on|to|and|from|by|under|through)\b))"
#: A purpose may go on with where its input comes from or what it holds under: "... for 3D Object Reconstruction from a
#: Single Image", "... for Generalization under Distribution Shifts" (4 of 4 such phrases annotated Tasks by that name).
_TITLE_PURPOSE = re.compile(r"\bfor\s+(?:(?:a|an|the)\s+)?((?:[A-Z0-9][\w\-]*)(?:\s+[A-Z0-9][\w\-]*){0,5}\s+(?:from|under)\s+"
                            r"(?:(?:a|an|the)\s+)?[A-Z0-9][\w\-]*(?:\s+[A-Z0-9][\w\-]*){0,3}|"
                            r"(?:[A-Z0-9][\w\-]*)(?:\s+[A-Z0-9][\w\-]*){1,5})" + _TITLE_PHRASE_END)
_NOT_PURPOSE_START = re.compile(r"^(?:Better|Accurate|Efficient|Fast|Faster|Robust|Simple|Scalable|Improved|Effective|"
                                r"General|Both|All|Any|Deep|Large|Complex|Free|Practical)\b")


_TITLE_MEANS = re.compile(r"\b(?:via|using)\s+(?:(?:a|an|the)\s+)?((?:[A-Z0-9][\w\-]*)(?:\s+[A-Z0-9][\w\-]*){0,5})"
                          + _TITLE_PHRASE_END)


#: What a title does by some means: the Title Case phrase that opens the title (or follows its colon or
#: "Towards") and ends before "via", "using", "by" or "through": "Few-Shot Extrapolation via Structured
#: MaxEnt RL", "Dataset Distillation by Automatic Training Trajectories". Counted on kg's annotated titles
#: (corpus, conclusions, SciREX abstracts, tune; 51 such phrases), 32 are annotated Tasks by that name and 7 more
#: name one inside or around it ("Enhancing One-Shot Federated Learning"); 4 are Methods, 4 not annotated.
_TITLE_SERVED = re.compile(r"^(?:[^:\n]{1,60}:\s+)?(?:Towards?\s+)?((?:[A-Z0-9][\w\-]*)"
                           r"(?:\s+(?:of|to|for|in|on|and|with|under)?\s*[A-Z0-9][\w\-]*){1,5})"
                           r"(?=\s+(?:[Vv]ia|[Uu]sing|[Bb]y|[Tt]hrough)\s)")
#: Not a served task: a passive ("GANs Trained by ..."), a sentence ("... Can Improve LLM Factuality via"),
#: a noun phrase with an article ("An Emulator for ...").
_NOT_SERVED = re.compile(r"^(?:A|An|The)\b|\w+ed$|\b(?:Can|Is|Are|Do|Does|Will|May|Improve[sd]?)\b")


#: The Title Case phrase that opens a title (or follows its colon or "Towards") before "with", ending in a task's head
#: word other than learning/training: "Brain Tumor Segmentation with Deep Neural Networks", "Passage Re-ranking with
#: BERT", "Towards Real-Time Object Detection with Region Proposal Networks". Counted on kg's annotated titles (corpus,
#: conclusions, SciREX abstracts, tune 1-15): 15 of 18 such phrases are annotated Tasks by that name, 2 more hold one
#: ("Enhanced Image Classification"), 1 is a Method ("Uncertainty Estimation").
_TITLE_TASK_WITH = re.compile(r"^(?:[^:\n]{1,60}:\s+)?(?:Towards?\s+)?((?:[A-Z0-9][\w\-]*)"
                              r"(?:\s+(?:of|to|for|in|on|and|with|under)?\s*[A-Z0-9][\w\-]*){1,5}?)(?=\s+[Ww]ith\s)")


def title_task_with_candidate(text: str) -> list[Candidate]:
    """The title-opening Title Case phrase before "with" that ends in a task's head word: a Task."""
    title = text.split("\n", 1)[0]
    match = _TITLE_TASK_WITH.match(title)
    if not match or _NOT_SERVED.search(match.group(1)) or _NOT_PURPOSE_START.match(match.group(1)):
        return []
    head = match.group(1).split()[-1].split("-")[-1].lower()
    if head not in TASK_HEADS or head in ("learning", "training"):
        return []
    return [Candidate(match.start(1), match.end(1), EntityType.TASK, "purpose")]


#: A title that opens with an activity (a capitalised -ing word) before "with": the activity is the Task, in any case
#: ("Generating Images from Captions with Attention", "Estimating similarity to training data with an ensemble ...").
#: Openers that improve, train or study something else are left out ("Improving MMD-GAN Training with ...",
#: "Learning to Make Predictions on Graphs with ..."). Counted on kg's annotated titles (corpus, conclusions, SciREX
#: abstracts, tune 1-15): 5 of the 5 such phrases are annotated Tasks by that very name.
_TITLE_ACTIVITY_WITH = re.compile(r"^(?:[^:\n]{1,60}:[ \t]+)?(?:Towards?[ \t]+)?([A-Z][a-z]+ing(?:[ \t]+(?:of|to|for|in|on|"
                                  r"and|from|over|under|the|a|an)?[ \t]*[A-Za-z0-9][\w\-]*){1,6}?)(?=[ \t]+[Ww]ith[ \t])")
_NOT_ACTIVITY_START = re.compile(r"^(?:Learning|Training|Improving|Scaling|Simplifying|Enhancing|Boosting|Rethinking|"
                                 r"Revisiting|Understanding|Incentivizing|Bootstrapping|Making|Pushing)\b")


def title_activity_with_candidate(text: str) -> list[Candidate]:
    """The title-opening activity (a capitalised -ing word and its object) before "with": a Task."""
    title = text.split("\n", 1)[0]
    match = _TITLE_ACTIVITY_WITH.match(title)
    if not match or _NOT_ACTIVITY_START.match(match.group(1)):
        return []
    return [Candidate(match.start(1), match.end(1), EntityType.TASK, "purpose")]


#: What a paper formulates, casts, frames or treats as another kind of problem is a problem itself, where its last
#: word is a task's head word: "we formulate chart generation as a sequence generation task", "we cast multi-task
#: learning as multi-objective optimization". Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts,
#: tune 1-15): 6 of the 6 such phrases are annotated Tasks by that very name (the other recast objects, "walks",
#: "layers", "depth maps", end in no task head word).
_RECAST = re.compile(r"\b(?:formulat\w*|reformulat\w*|cast(?:s|ing)?|fram(?:e|es|ed|ing)|treat\w*)\s+(?:the\s+)?"
                     r"((?:[a-z][\w\-]*\s+){0,3}?[a-z][\w\-]*)\s+as\s")


def recast_task_candidates(text: str) -> list[Candidate]:
    """The plain phrase ending in a task head word that a sentence formulates/casts/frames/treats "as" ...: a Task."""
    found = []
    for match in _RECAST.finditer(text):
        words = match.group(1).split()
        if words[-1].lower() in TASK_HEADS and not any(word in STOP_WORDS for word in words):
            found.append(Candidate(match.start(1), match.end(1), EntityType.TASK, "list"))
    return found


def title_purpose_candidates(text: str) -> list[Candidate]:
    """The phrase after "for" in the title, in Title Case: the task the paper serves; the one after
    "via" or "using": the means, a method; the one that opens the title before "via", "using", "by" or
    "through": the task served."""
    title = text.split("\n", 1)[0]
    found = []
    served = _TITLE_SERVED.match(title)
    if served and not _NOT_SERVED.search(served.group(1)) and not _NOT_PURPOSE_START.match(served.group(1)):
        found.append(Candidate(served.start(1), served.end(1), EntityType.TASK, "purpose"))
    for pattern, label in ((_TITLE_PURPOSE, EntityType.TASK), (_TITLE_MEANS, EntityType.METHOD)):
        for match in pattern.finditer(title):
            phrase = match.group(1)
            if _NOT_PURPOSE_START.match(phrase) or phrase.lower() in STOP_WORDS:
                continue
            found.append(Candidate(match.start(1), match.end(1), label, "purpose"))
    return found


#: Names listed after "like", "such as", "including", "e.g." or "namely": "regularizers like CORAL, IRM,
#: V-REx, Fish, IGA, and Fishr". In kg's training texts, 39 of 40 such listed names are annotated.
_LIST_ITEM = r"[A-Z][\w\-.]*[\w](?:\s[A-Z0-9][\w\-]*)?"
_ENUMERATION = re.compile(r"\b(?:like|such as|including|e\.g\.,?|namely)\s+((?:" + _LIST_ITEM + r",\s+)+"
                          r"(?:and\s+|or\s+)?" + _LIST_ITEM + ")")
_ITEM_SEPARATOR = re.compile(r",\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def enumeration_candidates(text: str) -> list[Candidate]:
    """Each name of a list after "like", "such as", "e.g." ...: of the kind the words before it name
    ("datasets such as ..."), else a Method; the list's other members type it further."""
    found = []
    for match in _ENUMERATION.finditer(text):
        label = list_cue_type(text, match.start(1)) or EntityType.METHOD
        position = match.start(1)
        for item in _ITEM_SEPARATOR.split(match.group(1)):
            start = text.index(item, position)
            position = start + len(item)
            if item.lower() not in STOP_WORDS:
                found.append(Candidate(start, start + len(item), label, "list"))
    return found


#: A capitalised name right after "we propose/introduce/present", "called" or "dubbed": the name the
#: paper coins ("we introduce Moonlight, a 3B/16B-parameter ...", "we propose a Border Network to ...").
#: Counted on kg's training annotations: 47 of 47 such names are annotated (a Method or a Dataset).
_COINED_NAME = re.compile(
    r"(?:\b(?:[Ww]e|[Tt]his (?:paper|work|article))\s+(?:\w+ly\s+)?(?:introduce|propose|present)s?|"
    r"\b(?:we (?:call|name|dub|term)|called|dubbed|named|termed))\s+(?:(?:a|an|the)\s+)?"
    r"([A-Z][\w\-.]*[\w](?:\s+(?:[A-Z0-9][\w\-.]*[\w]|[A-Z0-9]|(?:of|for|with|and|to|in|on)(?=\s+[A-Z])))*)"
    r"(?=\s*[,:;(]|\.(?:\s|$)|\s+(?:which|that|for|to|as|is|with|in|on)\b)")
_COINED_DATASET = re.compile(r"\W*(?:(?:a|an|the)\s+)?(?:(?!(?:method|model|framework|approach|algorithm|network|"
                             r"system|technique|for|of|on)\b)\S+\s+){0,6}?(?:data ?sets?|benchmarks?|corpus|corpora|"
                             r"suites?|testbeds?)\b", re.IGNORECASE)
_DATASET_NAME_END = re.compile(r"\b(?:Dataset|Benchmark|Corpus)$")


#: Plain lower-case activities listed after "tasks such as", "applications including", "skills like" ...:
#: "skills, such as text editing, creative writing, tool usage, coding, reading comprehension, etc." A list
#: of one to three-word items without function words, closed by a full stop, "etc." or a new clause.
#: Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts), 52 of 56 such items are
#: annotated Tasks by that very name (the 4 others: "vanishing gradient", "safety systems", ...).
#: Also after "tasks include" and "challenges, including", a range ("diverse tasks from question answering to
#: language modeling") and a list a clause closes without a comma ("other tasks such as stereo or optical flow
#: where ..."): the 9 items these add are all annotated Tasks by that very name.
_TASK_LIST_CUE = re.compile(r"\b(?:tasks|problems|applications|skills|challenges)\s*,?\s+"
                            r"(?:such as|including|like|e\.g\.,?|includes?|(?:ranging\s+)?(from))\s+")
_PLAIN_WORD = r"(?!(?:and|or|etc|to)\b)[a-z][a-z\-]*"
_PLAIN_ITEM = _PLAIN_WORD + r"(?:\s+" + _PLAIN_WORD + r"){0,2}"
_PLAIN_LIST = re.compile(r"(" + _PLAIN_ITEM + r"(?:,\s+" + _PLAIN_ITEM + r")*"
                         r"(?:,?\s+(?:and|or)\s+" + _PLAIN_ITEM + r")?)"
                         r"(?=\s*(?:[.;:)]|$)|,?\s+(?:etc|as well as)\b|,?\s*(?:which|that|where|we|our)\b)")
#: A range of tasks: "diverse tasks from question answering to language modeling".
_PLAIN_RANGE = re.compile(r"(" + _PLAIN_ITEM + r"\s+to\s+" + _PLAIN_ITEM + r")(?=\s*(?:[.;:,)]|$))")
_RANGE_SEPARATOR = re.compile(r"\s+to\s+")


def task_list_candidates(text: str) -> list[Candidate]:
    """Each plain item of a list after "tasks such as", "applications including" ...: a Task."""
    found = []
    for cue in _TASK_LIST_CUE.finditer(text):
        ranged = cue.group(1) is not None  # "tasks from X to Y"
        listed = (_PLAIN_RANGE if ranged else _PLAIN_LIST).match(text, cue.end())
        if not listed:
            continue
        items = (_RANGE_SEPARATOR if ranged else _ITEM_SEPARATOR).split(listed.group(1))
        if any(word in STOP_WORDS for item in items for word in item.split()):
            continue  # "tasks, including in few-shot settings": not a list of names
        position = listed.start()
        for item in items:
            start = text.index(item, position)
            position = start + len(item)
            found.append(Candidate(start, position, EntityType.TASK, "list"))
    return found


#: Plain lower-case activities listed after "tasks:" or "applications:": "on three tasks: car model classification,
#: car model verification, and attribute prediction", "three different sequence to sequence tasks: word ordering,
#: parsing, and machine translation". Items may run to four words ("non-uniform motion blur removal"). Counted on
#: kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), all 13 such items are annotated Tasks by
#: that very name (after "challenges:" the 2 items are not, so that cue is left out).
_TASK_COLON_CUE = re.compile(r"\b(?:tasks|applications)\s*:\s+")
_COLON_ITEM = _PLAIN_WORD + r"(?:\s+" + _PLAIN_WORD + r"){0,3}"
_COLON_LIST = re.compile(r"(" + _COLON_ITEM + r"(?:,\s+" + _COLON_ITEM + r")*"
                         r"(?:,?\s+(?:and|or)\s+" + _COLON_ITEM + r")?)"
                         r"(?=\s*(?:[.;:)]|$)|,?\s+(?:etc|as well as)\b|,?\s*(?:which|that|where|we|our)\b)")


def task_colon_list_candidates(text: str) -> list[Candidate]:
    """Each plain item of a list after "tasks:" or "applications:": a Task."""
    return _plain_list_items(text, _TASK_COLON_CUE, _COLON_LIST, EntityType.TASK)


def _plain_list_items(text: str, cue: re.Pattern, plain_list: re.Pattern, entity_type: EntityType) -> list[Candidate]:
    """Each item of a list of plain words that `plain_list` matches right after a `cue`, as a candidate of
    `entity_type`; a list with a stop word in any item is skipped whole."""
    found = []
    for match in cue.finditer(text):
        listed = plain_list.match(text, match.end())
        if not listed:
            continue
        items = _ITEM_SEPARATOR.split(listed.group(1))
        if any(word in STOP_WORDS for item in items for word in item.split()):
            continue
        position = listed.start()
        for item in items:
            start = text.index(item, position)
            position = start + len(item)
            found.append(Candidate(start, position, entity_type, "list"))
    return found


#: Plain lower-case activities joined by "and"/"or" before a plural "tasks/problems/benchmarks/applications" share
#: that kind: "on image generation and retrieval tasks", "for ranking and ordinal regression problems", "person
#: detection, keypoint detection, person segmentation and pose estimation problems". Every item must end in a task's
#: head word or an -ing/-ion noun ("both supervised and self-supervised tasks", "long-horizon, complex, and meaningful
#: tasks" are kinds, not names). Each item is a Task candidate. Counted on kg's annotated texts (corpus, conclusions,
#: SciREX abstracts, tune 1-15): 12 of 12 items before the last and 11 of 11 last items are annotated Tasks by that
#: very name.
_COORDINATED_WORD = r"(?!(?:and|or|the|a|an|of|in|on|for|with|both|various|several|many|other|different|handle|" \
                    r"perform|solve|tackle|address)\b)[a-z][a-z\-]*"
_COORDINATED_ITEM = _COORDINATED_WORD + r"(?:\s+" + _COORDINATED_WORD + r"){0,2}"
_COORDINATED_TASKS = re.compile(r"(?<![\w\-])(" + _COORDINATED_ITEM + r"(?:,\s+" + _COORDINATED_ITEM + r")*,?\s+"
                                r"(?:and|or)\s+" + _COORDINATED_ITEM + r")\s+(?:tasks|problems|benchmarks|applications)\b")


def _task_like(item: str) -> bool:
    """Whether a plain phrase ends in a task's head word or an -ing/-ion noun ("sequence labelling")."""
    last = item.split()[-1].split("-")[-1]
    return last in TASK_HEADS or last.rstrip("s") in TASK_HEADS or re.search(r"(?:ing|ion)s?$", last) is not None


def coordinated_task_candidates(text: str) -> list[Candidate]:
    """Each item of "A, B and C tasks": a Task ("image generation and retrieval tasks")."""
    found = []
    for match in _matches(_COORDINATED_TASKS, text, _COORDINATED_END):
        items = _ITEM_SEPARATOR.split(match.group(1))
        if any(word in STOP_WORDS for item in items for word in item.split()) or not all(map(_task_like, items)):
            continue
        position = match.start(1)
        for item in items:
            start = text.index(item, position)
            position = start + len(item)
            found.append(Candidate(start, position, EntityType.TASK, "list"))
    return found


#: The activity a plural "applications" is of: "two very different text modelling applications", "Many natural language
#: processing applications use ...", "downstream biomedical text mining applications". One to three plain words ending
#: in a task's head word or an -ing/-ion noun, not "learning" ("modern deep learning applications" is no task), words
#: of worth ("practical denoising applications") left out. Counted
#: on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15): 6 of 6 such phrases are annotated Tasks
#: by that very name.
_APPLICATION_WORD = r"(?!(?:practical|interesting|important|useful|potential|downstream|modern|real-world)\b)" \
                    + _COORDINATED_WORD
_APPLICATION_OF = re.compile(r"(?<![\w\-])((?:" + _APPLICATION_WORD + r"\s+){0,2}" + _APPLICATION_WORD
                             + r")\s+applications\b")


def application_task_candidates(text: str) -> list[Candidate]:
    """The plain activity before "applications": a Task ("text modelling applications" names "text modelling")."""
    found = []
    for match in _matches(_APPLICATION_OF, text, _APPLICATIONS):
        words = match.group(1).split()
        if any(word in STOP_WORDS for word in words) or not _task_like(words[-1]) or words[-1] == "learning":
            continue
        found.append(Candidate(match.start(1), match.end(1), EntityType.TASK, "list"))
    return found


#: Plain lower-case fields listed after "applications in/to" or "useful in": "has many applications in machine
#: translation, dialogue systems, image captioning, etc.", "potential to be useful in chemistry, drug discovery, and
#: materials science", "its applications to domain adaptation and image transformation". Counted on kg's annotated
#: texts (corpus, conclusions, SciREX abstracts, tune 1-15), 9 of 13 such items are annotated Tasks by that very name
#: (3 others are the conclusions' repeat of the chemistry list, unannotated there; 1 holds "practical").
_APPLIED_IN = re.compile(r"\b(?:applications?\s+(?:in|to)|useful\s+in)\s+")


def applied_field_candidates(text: str) -> list[Candidate]:
    """Each plain item of a list after "applications in/to" or "useful in": a Task."""
    return _plain_list_items(text, _APPLIED_IN, _PLAIN_LIST, EntityType.TASK)


#: A list after "tasks such as", "applications including" ... that `_PLAIN_LIST` cannot read whole, because some
#: items are longer phrases ("applications such as semi-supervised classification, disentangling style and content
#: of images, unsupervised clustering, dimensionality reduction and data visualization"): of its items up to the end
#: of the clause, those of one to three plain words that end in a task's head word or an -ing/-ion noun are Tasks,
#: where the list has three items or more and at least half of them are plain. Counted on kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune 1-15): 17 of 21 such items are annotated Tasks by that very name
#: (1 more inside one: "performing face alignment").
_LIST_CLAUSE_END = re.compile(r"[.;:]\s|[.;:]$|,?\s+etc\b|\)")
_WHOLE_PLAIN_ITEM = re.compile(_PLAIN_ITEM + r"$")


def long_task_list_candidates(text: str) -> list[Candidate]:
    """The plain task-like items of a list after "tasks such as" ... that also holds longer phrases: Tasks."""
    found = []
    for cue in _TASK_LIST_CUE.finditer(text):
        if cue.group(1) is not None or _PLAIN_LIST.match(text, cue.end()):
            continue  # a range, or a list `task_list_candidates` reads
        end = _LIST_CLAUSE_END.search(text, cue.end())
        if not end:
            continue
        items = _ITEM_SEPARATOR.split(text[cue.end():end.start()])
        plain = [item for item in items if _WHOLE_PLAIN_ITEM.match(item)
                 and not any(word in STOP_WORDS for word in item.split())]
        if len(items) < 3 or 2 * len(plain) < len(items):
            continue
        position = cue.end()
        for item in items:
            start = text.index(item, position)
            position = start + len(item)
            if item in plain and _task_like(item):
                found.append(Candidate(start, position, EntityType.TASK, "list"))
    return found


#: Plain lower-case techniques listed after "methods such as", "techniques, including", "architectures, including"
#: ...: "approaches, such as dropout and data augmentation", "techniques, including random histogram matching,
#: affine image transforms and random image filtering". Counted on kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), all 10 such items (lists as `_PLAIN_LIST` reads them) are annotated Methods by that very name.
_METHOD_LIST_CUE = re.compile(r"\b(?:methods|approaches|techniques|algorithms|models|baselines|strategies|architectures|"
                              r"optimizers|interventions)\s*,?\s+(?:such as|including|like|e\.g\.,?|includes?)\s+")


def method_list_candidates(text: str) -> list[Candidate]:
    """Each plain item of a list after "methods such as", "techniques, including" ...: a Method."""
    return _plain_list_items(text, _METHOD_LIST_CUE, _PLAIN_LIST, EntityType.METHOD)


#: One task named before a singular "task": "the block stacking task", "a sequence generation task", "the
#: editing task". Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15): of the
#: 21 plain phrases of one to three words that end in "-ing" or a task's head word there, 14 are annotated
#: Tasks by that very name, 3 more inside or around one, 1 a Method, 3 not at all. Words that only say how
#: hard or which ("the challenging task", "the underlying task", "the main learning task") are left out.
_NAMED_TASK = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+((?:[a-z][a-z-]*\s+){0,2}(?:[a-z][a-z-]*ing|"
                         + "|".join(sorted(TASK_HEADS)) + r"))\s+task\b")
_NOT_TASK_WORDS = frozenset("challenging demanding underlying varying interesting promising existing remaining "
                            "corresponding surrounding resulting ongoing upcoming learning training".split())


def named_task_candidates(text: str) -> list[Candidate]:
    """The plain phrase before a singular "task": "the block stacking task" names the task "block stacking"."""
    found = []
    for match in _NAMED_TASK.finditer(text):
        words = match.group(1).split()
        if any(word.rsplit("-", 1)[-1] in _NOT_TASK_WORDS or word in STOP_WORDS for word in words):
            continue
        found.append(Candidate(match.start(1), match.end(1), EntityType.TASK, "list"))
    return found


#: A name in Title Case that ends in a metric's head word, where the name ends: "Adaptive Unlearning Score
#: (AUS)", "Attack Success Rate", "Fréchet Inception Distance", "Minimum Reconstruction Error". Counted on kg's
#: annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 10 of the 11 such names are annotated
#: Metrics (the other a method, "Integral Probability Metrics"); a capitalised word after the head makes it part
#: of a longer name ("Click-Through Rate Prediction", "Multiscale Score Matching"). A name so coined ("we also
#: introduce a novel metric, called Adaptive Unlearning Score") is a Metric, not a Method.
_TITLE_CASE_MEASURE = re.compile(r"\b(?:[A-Z][\w\-]*\s+){1,4}(?:Accuracy|Error|Rate|Score|Precision|Recall|Distance|"
                                 r"Divergence|Similarity|Correlation|Ratio|Index|Metric)s?\b(?!\s+[A-Z])(?!-)")


def coined_name_candidates(text: str) -> list[Candidate]:
    """Names the paper coins ("we introduce Moonlight, a ..."): a Method, or a Dataset when what
    follows calls it a data set, benchmark or corpus."""
    found = []
    for match in _COINED_NAME.finditer(text):
        name = match.group(1)
        if name.lower() in STOP_WORDS or len(name) > 80:
            continue
        label = EntityType.DATASET if _COINED_DATASET.match(text, match.end(1), match.end(1) + 120) \
            or _DATASET_NAME_END.search(name) else EntityType.METHOD
        if label is EntityType.METHOD and _TITLE_CASE_MEASURE.fullmatch(name):
            label = EntityType.METRIC  # "we introduce the Fréchet Inception Distance": a measure is coined
        found.append(Candidate(match.start(1), match.end(1), label, "coined"))
    return found


#: A plain phrase right after "we propose/introduce/present/develop/design/devise a(n)" (or "by proposing a"):
#: the technique the paper proposes ("we propose a novel feature fusion strategy", "we develop a synthetic
#: data pipeline", "we first develop an adaptive strong OOD pruning"). Counted on kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune): of the 120 phrases the filters below keep, 101 are (72 by
#: that very name) or contain or sit in an annotated Method, 1 a Task, 18 nothing. Left out: a task's name
#: before a word for a method ("a few-shot learning method": 8 Tasks), "<one plain word> approach/method/..."
#: (see `_names_a_technique`), phrases without an article ("we present initial results": 12 of 25 Methods).
_PROPOSED_PHRASE = re.compile(
    r"(?:\b(?:[Ww]e|[Tt]his (?:paper|work|article))\s+(?:(?:\w+ly|first|also|further|then|here|now|have|has)\s+)?"
    r"(?:introduce|propose|present|develop|design|devise|build|construct)(?:s|d|ed)?|"
    r"\bby (?:proposing|introducing|developing|designing))\s+(?:a|an)\s+"
    r"([a-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){0,6}?)"
    r"(?=\s*[,:;(.]|\s+(?:which|that|for|to|as|is|with|in|on|of|based|where|by|using|called|named|dubbed|termed)\b)")
#: Adjectives joined before a name that praise it rather than name it: "a simple yet effective ...".
_PRAISE = re.compile(r"^(?:\w+\s+(?:and|yet|but)\s+\w+)\s+")
#: Words after a phrase's head that end the name: "a novel residual unit capable of ...".
_AFTER_HEAD = re.compile(r"\s+(?:capable|able|together|inspired|designed|developed|integrated|implemented|"
                         r"consisting|applying|trained|built|tailored)$")
_PHRASE_KIND_HEADS = frozenset("method methods model models algorithm algorithms approach framework system "
                               "procedure mechanism strategy architecture scheme technique".split())
#: Heads of proposed phrases that are no technique: "an additional regularization parameter".
_NOT_TECHNIQUE_HEADS = frozenset("parameter parameters way analysis investigation study setting problem "
                                 "measure form type variant number agent agents tool tools".split())
#: Words that join or end generic words without naming anything: "a new objective function", "a neural
#: network architecture and training procedure".
_LINKING_GENERIC = frozenset("and function functions procedure procedures".split())


def proposed_phrase_candidates(text: str, lexicon: Optional[Lexicon] = None) -> list[Candidate]:
    """The plain phrase the paper proposes ("we propose a novel feature fusion strategy"): a Method,
    unless it is generic ("a simple approach"), heads no technique ("a new regularization parameter")
    or is a task's name before a word for a method ("a few-shot learning method" names the task)."""
    found = []
    for match in _PROPOSED_PHRASE.finditer(text):
        phrase = strip_determiners(_PRAISE.sub("", match.group(1)))
        phrase = _AFTER_HEAD.sub("", phrase)
        words = phrase.split()
        if not _names_a_technique(phrase) or type_from_head(phrase) not in (EntityType.METHOD, None):
            continue
        if len(words) > 2 and looks_like_name(words[-1]) and words[-2] in _PHRASE_KIND_HEADS:
            continue  # "a novel learning framework SAL": the coined name is the entity
        if words[-1] in _PHRASE_KIND_HEADS:
            served = " ".join(words[:-1])
            known = lexicon.lookup(served) if lexicon is not None else {}
            if EntityType.TASK in known and EntityType.METHOD not in known or \
                    not known and words[-2] != "learning" and type_from_head(served) is EntityType.TASK:
                continue
        start = match.start(1) + match.group(1).index(phrase)
        found.append(Candidate(start, start + len(phrase), EntityType.METHOD, "proposal"))
    return found


def _names_a_technique(phrase: str) -> bool:
    """Whether a plain phrase of two words or more may name a technique: not generic words only ("a new
    objective function"), no function words, no head that is no technique ("regularization parameter"),
    not "<one plain word> strategy/method" ("a novel fusion strategy": a kind of method; 39 of 45 such
    phrases after the cues of `_PROPOSED_PHRASE` and `_MEANS_PHRASE` are not annotated by that name)."""
    words = phrase.split()
    named = [w for w in words if w not in _LINKING_GENERIC]  # "objective function", "network and procedure"
    if len(words) < 2 or is_generic(" ".join(named)) or is_generic_class(phrase) or words[-1] in _NOT_TECHNIQUE_HEADS \
            or any(w.lower() in STOP_WORDS and w != "and" for w in words):
        return False
    return not (len(words) == 2 and words[0].isalpha() and words[0].islower() and words[1] in _PHRASE_KIND_HEADS)


#: A plain phrase after "using", "via", "leveraging", "employing", "applying" or "adopting" whose last word
#: heads a method's name ("via a zero-order gradient estimator", "using the next-token prediction
#: objective"): the means, a Method. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts,
#: tune): of the 45 such phrases `_names_a_technique` keeps, 36 are (28 by that very name) or contain or sit
#: in an annotated Method, 9 nothing ("using a single model"); whatever the head, only 77 of 196 are.
_MEANS_PHRASE = re.compile(r"\b(?:using|via|leveraging|employing|applying|adopting)\s+(?:(?:a|an|the)\s+)?"
                           r"([a-z][\w\-]*(?:\s+[A-Za-z][\w\-]*){1,4}?)(?=\s*[,;:().]|\s+(?:which|that|for|to|as|is|"
                           r"are|with|in|on|of|and|where|by|from|instead|rather|while|we|without|at)\b)")


def _plain_phrase(match: re.Match) -> tuple[str, int]:
    """The phrase a pattern's first group holds without its determiners, and where that phrase starts."""
    phrase = strip_determiners(match.group(1))
    return phrase, match.start(1) + match.group(1).index(phrase)


def means_phrase_candidates(text: str) -> list[Candidate]:
    """The plain phrase a text does something by ("via a zero-order gradient estimator"), when a method's
    head word ends it: a Method."""
    found = []
    for match in _MEANS_PHRASE.finditer(text):
        phrase, start = _plain_phrase(match)
        if not _names_a_technique(phrase) or " and " in phrase or type_from_head(phrase) is not EntityType.METHOD:
            continue
        found.append(Candidate(start, start + len(phrase), EntityType.METHOD, "proposal"))
    return found


#: A plain phrase a comparison names as what is beaten or matched: "outperforms nucleus sampling", "improvements
#: over greedy decoding", "compared to self-supervised pretraining", "better than bag-of-word pair classifiers":
#: a rival method. Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune): of the 32 such
#: phrases the filters below keep (a method's head word, a word in -ing or "baseline(s)" last; no
#: "state-of-the-art", "best", "published"; no vague rival, "competitive baselines"), 25 are annotated Methods
#: by that very name and 5 more contain or sit in one; 2 are not annotated.
_RIVAL_PHRASE = re.compile(
    r"\b(?:outperform(?:s|ing|ed)?|(?:better|faster|more \w+|higher|lower|fewer|less \w+|stronger|worse|slower) than|"
    r"(?:gains?|improvements?|improves?|improving|advantages?|superiority|speedups?|performance|favorably|superior)"
    r"\s+(?:\w+\s+){0,2}?(?:over|against)|compared (?:to|with)|comparable (?:performance )?to|relative to|versus|vs\.)"
    r"\s+(?:(?:the|a|an|its|their)\s+)?"
    r"([a-z][\w\-]*(?:\s+[a-z][\w\-]*){1,4}?)"
    r"(?=\s*[,;:().]|\s+(?:in|on|by|and|or|while|across|with|at|for|under|when|which|that|using|without|despite|to|"
    r"of|as|from|is|are|trained|through|if|both|even|after|before)\b)")
#: Rivals named by how they compare, not what they are: "competitive baselines", "alternative approaches".
_VAGUE_RIVAL = frozenset("competitive challenging competing alternative separate related representative major known "
                         "strong existing previous prior current other".split())
_UNNAMED_RIVAL = re.compile(r"state.of.?the.?art|\bsota\b|\bbest\b|published|reported", re.IGNORECASE)


def rival_phrase_candidates(text: str) -> list[Candidate]:
    """The plain phrase a comparison sets the paper's method against ("outperforms nucleus sampling",
    "improvements over greedy decoding"), when a method's head word, a word in -ing or "baseline" ends it:
    a Method."""
    found = []
    for match in _RIVAL_PHRASE.finditer(text):
        phrase, start = _plain_phrase(match)
        words = phrase.split()
        if not words or words[0] in _VAGUE_RIVAL or _UNNAMED_RIVAL.search(phrase) or not _names_a_technique(phrase):
            continue
        last = words[-1].lower()
        if not (type_from_head(phrase) is EntityType.METHOD or last.endswith("ing") or last in ("baseline", "baselines")
                or last.endswith("es") and last[:-2] in METHOD_HEADS):  # "approaches"
            continue
        found.append(Candidate(start, start + len(phrase), EntityType.METHOD, "rival"))
    return found


#: A plain phrase a method is said to rest on: "based on recurrent neural networks", "relies on simple reading
#: mechanisms", "builds on conditional neural language models", "an extension of a variational autoencoder", "a
#: variant of mean-shift clustering", "the use of least squares regression", when a method's head word or a word in
#: -ing (not a task's head, "relies on world understanding") ends it. Counted on kg's annotated texts (corpus,
#: conclusions, SciREX abstracts, tune 1-15): of the 32 such phrases `_names_a_technique` keeps, 29 are annotated
#: Methods by that very name, 3 are not annotated ("pretrained networks", "complex feature engineering", "engineered
#: processing pipelines"); whatever the head, only 53 of 105 are ("based on hold-out data", "the neuron behavior").
_FOUNDATION_PHRASE = re.compile(
    r"\b(?:(?:based|rel(?:y|ies|ying))\s+(?:\w+ly\s+)?(?:up)?on|buil(?:t|ds?|ding)\s+(?:up)?on|extends?|extending|"
    r"(?:extension|variant|use|usage)\s+of)\s+(?:(?:a|an|the)\s+)?"
    r"([a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}?)(?=\s*[,;:().]|\s+(?:which|that|for|to|as|is|are|with|in|on|of|and|or|"
    r"where|by|from|instead|rather|while|we|without|at|can|could|has|have|was|were|between|over|among)\b)")


def foundation_phrase_candidates(text: str) -> list[Candidate]:
    """The plain phrase a method is based on, relies on, builds on, extends or makes use of ("based on
    recurrent neural networks"), when a method's head word or a word in -ing ends it: a Method."""
    found = []
    for match in _FOUNDATION_PHRASE.finditer(text):
        phrase, start = _plain_phrase(match)
        head_type = type_from_head(phrase)
        if not _names_a_technique(phrase) or not (head_type is EntityType.METHOD
                                                  or head_type is None and phrase.endswith("ing")):
            continue  # "relies on world understanding" names a task's head
        found.append(Candidate(start, start + len(phrase), EntityType.METHOD, "rests"))
    return found


#: A method's head word after a hyphenated word saying what it rests on: "RL-based framework", "retrieval-based data
#: augmentation mechanism", "reset-free fine-tuning system", "diversity-driven approach", with up to two plain
#: adjectives before it ("multi-scale context-aware network", "divide-and-conquer gradient-free algorithm").
#: Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune): of the 84 such phrases, 56 are
#: annotated Methods by that very name and 11 more contain or sit in one; 15 are not annotated ("theory-guided
#: approach", "data-driven strategy"), 2 hold a Task. Also with a name or a third word among the words between
#: ("Distance-based OOD detection methods", "action-free visual RL pretraining method") and before "strategies" or
#: "policies" ("uncertainty-based strategies"): of the 20 phrases these add, 15 are annotated Methods by that very
#: name and 4 hold one, 1 is not annotated.
_RESTS_ON_PHRASE = re.compile(
    r"(?<![\w-])((?:\w+-)*\w+-(?:based|driven|guided|aware|free|conditioned|augmented)"
    r"(?:\s+(?!(?:and|or|of|for|to|in|on|with|by)\b)[A-Za-z][\w\-]*){0,3}?\s+(?:framework|method|approach|model|network|"
    r"algorithm|technique|pipeline|mechanism|module|system|polic(?:y|ies)|detector|classifier|estimator|scheme|"
    r"strateg(?:y|ies)|loss|objective|architecture|procedure)(?:s|es)?)\b")
#: A plain adjective before a name: a hyphenated word or a word in -al, -ive, -ic, -ous ("generative", "multi-scale").
_PLAIN_MODIFIER = re.compile(r"(?<![\w-])([a-z][a-z0-9]*(?:-[a-z0-9]+)+|[a-z]+(?:al|ive|ic|ous|ar|ent|ant|ble|ary))[ ]+$")


def _with_plain_modifiers(text: str, start: int) -> int:
    """Where a phrase starting at `start` begins with up to two plain adjectives before it taken in
    (`_PLAIN_MODIFIER`, not stop words or `_NOT_MODIFIER` words)."""
    for _ in range(2):
        previous = _PLAIN_MODIFIER.search(text, max(0, start - 40), start)
        if previous is None or previous.group(1) in STOP_WORDS or previous.group(1) in _NOT_MODIFIER:
            break
        start = previous.start(1)
    return start


def rests_on_phrase_candidates(text: str) -> list[Candidate]:
    """A method's head word after a word in "-based", "-driven", "-guided", "-free" ... ("RL-based framework",
    "reset-free fine-tuning system") and the plain words right before it: a Method."""
    found = []
    for match in _RESTS_ON_PHRASE.finditer(text):
        start = _with_plain_modifiers(text, match.start(1))  # "a divide-and-conquer gradient-free algorithm"
        found.append(Candidate(start, match.end(1), EntityType.METHOD, "rests"))
    return found


#: A known learning paradigm before a word for a class of methods: "imitation learning methods", "model-based RL
#: algorithms", "offline reinforcement learning techniques". Counted on kg's annotated texts (corpus, conclusions,
#: SciREX abstracts, tune 1-15), of the 27 such phrases (the paradigm a lexicon name ending in "learning" or "RL",
#: not "deep/machine learning"), 15 are or sit in annotated Methods, 5 more hold one (the paradigm); 4 hold a Task,
#: 3 nothing.
_PARADIGM_CLASS = re.compile(r"\b(?:learning|RL)( (?:methods|algorithms|approaches|techniques))\b")
#: What the methods rest on, before the paradigm: "metric-learning-based few-shot learning methods" is one name.
_RESTS_ON_BEFORE = re.compile(r"\w-(?:based|driven|guided|aware|free|conditioned|augmented)\s+$")
_NOT_PARADIGMS = frozenset("deep learning|machine learning|learning".split("|"))


def _known_before(text: str, end: int, lexicon: Lexicon) -> Optional[tuple[int, dict[EntityType, str]]]:
    """The longest name the lexicon knows among the (up to four) words that end at `end`: its start and types."""
    for start, _ in reversed(_word_run(text, max(0, end - 80), end, True)):
        known = lexicon.lookup(text[start:end])
        if known:
            return start, known
    return None


def paradigm_class_candidates(text: str, lexicon: Lexicon) -> list[Candidate]:
    """The methods of a known learning paradigm ("imitation learning methods"): a Method, from the longest
    known name before the class word."""
    found = []
    for match in _PARADIGM_CLASS.finditer(text):
        known = _known_before(text, match.start(1), lexicon)
        if known is None:
            continue
        start = known[0]
        if text[start:match.start(1)].lower() not in _NOT_PARADIGMS and \
                not _RESTS_ON_BEFORE.search(text, max(0, start - 40), start):
            found.append(Candidate(start, match.end(), EntityType.METHOD, "paradigm"))
    return found


#: A known task's name before a word for a part of a model: "semantic segmentation network", "face verification
#: pipeline", "language modeling loss", "reasoning module". Counted on kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), of the 17 such phrases (the name one the lexicon knows as a Task only), 8 are annotated
#: Methods by that very name and 4 sit in one; 5 are not, the task is ("POS tagging loss", "object detection
#: networks"). With "system" or "model" after it, the task is annotated as often as the method. A perception task
#: (detection, recognition, segmentation, reconstruction) before a plural part word names networks of that task, not
#: one model: all 3 such phrases are annotated as the task ("object detection networks", "face recognition
#: pipelines", "popular medical image segmentation networks such as 3D U-Net"), and are left out.
_TASK_PART = re.compile(r"(?<=[\w-]) (?:network|pipeline|loss|objective|layer|architecture|module)s?\b")


def task_part_candidates(text: str, lexicon: Lexicon) -> list[Candidate]:
    """A known task's name and a word for a part of a model ("semantic segmentation network"): a Method, from the
    longest known name before the part word."""
    found = []
    for match in _TASK_PART.finditer(text):
        known = _known_before(text, match.start(), lexicon)
        if known is None or set(known[1]) != {EntityType.TASK}:
            continue
        if match.group(0).endswith("s") and PERCEPTION_TASK.search(text, known[0], match.start()):
            continue  # "popular medical image segmentation networks such as 3D U-Net": networks of the task
        found.append(Candidate(known[0], match.end(), EntityType.METHOD, "served"))
    return found


#: A technique named after its author: "Hutchinson's method", "Bayes' rule", "Jeffrey's divergence", "Meta's
#: approach". In kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), all 4 phrases of a
#: capitalised name, a possessive and a plain word are annotated Methods by that very name ("Let's think" aside).
_POSSESSIVE_NAME = re.compile(r"(?<![\w\-'’])((?!Let['’])[A-Z][a-z]+(?:['’]s|['’]) (?!(?:is|are|was|were|has|have|"
                              r"the|an?|and|or|of|to|in|on|for|with)\b)[a-z][a-z\-]*[a-z])\b")


def possessive_name_candidates(text: str) -> list[Candidate]:
    """A capitalised name, a possessive and a plain word ("Hutchinson's method", "Bayes' rule"): a Method."""
    return [Candidate(match.start(1), match.end(1), EntityType.METHOD, "possessive")
            for match in _POSSESSIVE_NAME.finditer(text)]


#: The links a network is built with, named by the word before "connections" or "connectivity": "residual
#: connections", "skip-layer connections", "identity shortcut connections", "dense connectivity", with the plain
#: adjectives before it ("hierarchical residual-like connections"). In kg's annotated texts (corpus, conclusions,
#: SciREX abstracts, tune 1-15), of the 17 such phrases (no function word before the head, no "-theoretic" link
#: between ideas), 11 are annotated Methods by that very name and 6 sit in one ("identity shortcut connections",
#: "order-K dense connectivity"); none is unannotated.
_CONNECTION_PHRASE = re.compile(r"(?<![\w-])([a-z][a-z\-]*[a-z]\s+(?:connections|connectivity))\b")


def connection_candidates(text: str) -> list[Candidate]:
    """The kind of links a network has ("residual connections", "dense connectivity"): a Method."""
    found = []
    for match in _CONNECTION_PHRASE.finditer(text):
        word = match.group(1).split()[0]
        if word in STOP_WORDS or word.endswith("theoretic"):
            continue
        start = _with_plain_modifiers(text, match.start(1))  # "hierarchical residual-like connections"
        found.append(Candidate(start, match.end(1), EntityType.METHOD, "connection"))
    return found


#: A coined name the next words call a data set: "COCO-DensePose, a large-scale dataset of ...", "EBM-NLP: a
#: new, publicly available corpus", "WikiMovies, a QA dataset". In kg's annotated texts, 5 of 5 are
#: annotated data sets, whatever verb introduces them.
_DESCRIBED_DATASET = re.compile(r"(?<![\w\-])([A-Z][\w\-.]*[\w])(?=\s*[,:]\s+(?:a|an)\s+(?:(?!(?:method|model|"
                                r"framework|approach|algorithm|network|system|technique|for|of|on|that|which)\b)"
                                r"\S+\s+){0,6}?(?:data ?sets?|benchmarks?|corpus|corpora)\b)")


def described_dataset_candidates(text: str) -> list[Candidate]:
    """A coined name followed by ", a ... dataset" (or benchmark, corpus): a Dataset."""
    return [Candidate(match.start(1), match.end(1), EntityType.DATASET, "described")
            for match in _matches(_DESCRIBED_DATASET, text, _DATA_SET_WORD) if looks_like_name(match.group(1))]


#: A Title Case name of plain words right before a singular "dataset", "benchmark" or "corpus" (a coined first
#: word is `named_data_set`'s): "on World of Bits benchmark", "the challenging Mapillary Vistas dataset", "the
#: Gigaword benchmark". In kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), 24 of 26
#: such names not at a sentence's start are annotated data sets or inside one's name (not: "the monolingual
#: News corpus", "1B Word dataset").
_TITLE_CASE_DATA_SET = re.compile(r"(?<![\w\-])(?<![.:!?] )(?<!\n)(?<!^)((?!(?:The|A|An|Our|This|These|In|On|We|For|"
                                  r"Experiments|Results)\b)[A-Z][\w\-]*(?:\s+(?:(?:of|in|with|o|the)\s+)*"
                                  r"[A-Z][\w\-]*){0,5})\s+(?:dataset|data set|benchmark|corpus)\b(?!-)")


def title_case_data_set_candidates(text: str) -> list[Candidate]:
    """A Title Case name of plain words before "dataset": "on World of Bits benchmark" -> a Dataset."""
    return [Candidate(match.start(1), match.end(1), EntityType.DATASET, "described")
            for match in _matches(_TITLE_CASE_DATA_SET, text, _DATA_SET_WORD)
            if not looks_like_name(match.group(1).split()[0])]


#: A coined name before the plain words of a task and "task" or "challenge" is the data set the task is set on:
#: "On the WebVision50 classification task", "on the TIMIT phoneme recognition task", "the VOC2012 object
#: detection challenge", "the BUCC shared task". In kg's annotated texts (corpus, conclusions, SciREX
#: abstracts, tune 1-15), 13 of 14 such coined names that are not known tasks or methods are annotated data
#: sets or inside one's name (the other: "NLP sequence modeling tasks").
_TASK_ON_DATA_SET = re.compile(r"(?<![\w\-])([A-Za-z\d][\w\-.]*[\w]) (?:(?!(?:on|is|of|in|for|and|or|to|with|the|a|an|"
                               r"various|downstream|several|many|all|two|three|other|different|new)\b)"
                               r"[a-z][a-z\-]+ ){1,2}(?:tasks?|challenges?)\b")


def task_data_set_candidates(text: str, lexicon: Lexicon) -> list[Candidate]:
    """A coined name before "<task words> task": "the TIMIT phoneme recognition task" -> the Dataset TIMIT."""
    return [Candidate(match.start(1), match.end(1), EntityType.DATASET, "described")
            for match in _TASK_ON_DATA_SET.finditer(text)
            if looks_like_name(match.group(1)) and match.group(1) not in _NOT_NAMES
            and not {EntityType.TASK, EntityType.METHOD} & set(lexicon.lookup(match.group(1)))]


#: A number reported with its unit, and the words that may stand between it and what it measures:
#: "7.45% relative improvement of averaged score", "a 99.8% goal completion rate", "+20% average F1 score".
_REPORTED_NUMBER = re.compile(r"\d(?:%|\\%|x|×|\s?points?|\s?percent(?:age points?)?)\s+"
                              r"(?:(?:relative|absolute|higher|lower|better|improvements?|reductions?|increases?|"
                              r"decreases?|gains?|drops?|less|more|fewer|in|of|on|the|an?)\s+)*", re.IGNORECASE)
#: What comes between a measure and the number reported for it: "reduces the Attack Success Rate (ASR)
#: to less than 8%", "achieves an intersection-over-union score of 71.8%".
_NUMBER_FOLLOWS = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?\s+(?:of|by|to|is|was|at|from)\s+(?:(?:less than|more than|"
                             r"over|up to|nearly|about|around|only|as low as|as high as|an?|approximately)\s+)*"
                             r"[+\-]?\d[\d.,]*\s*(?:%|\\%|x\b|×|points?\b|percent)", re.IGNORECASE)
#: A level given after "of/is/at" with no unit of change: "has a frame rate of 5fps", "a word level perplexity of
#: 55.6", "achieve an FID score of 16.21". Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts,
#: tune 1-15), of the 15 measures (not "performance") found so that the reported units above miss, 12 are
#: annotated Metrics and 1 more holds one ("reasonable training time"); "performance" before such a number names
#: none (0 of 3: "a performance of 68.4 Smatch F1 score").
_LEVEL_FOLLOWS = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?\s+(?:of|is|was|at)\s+(?:(?:less than|more than|over|up to|"
                            r"nearly|about|around|only|as low as|as high as|an?|approximately)\s+)*[+\-]?\d[\d.,]*(?!\d)",
                            re.IGNORECASE)
_MEASURE_TOKEN = re.compile(r"[A-Za-z][\w\-]*")
_NOT_MEASURE_WORDS = frozenset("state-of-the-art sota".split())
MAX_MEASURE_WORDS = 4


#: Verbs that report a measure rather than name it: "obtain accuracies of 73.6%", "increasing accuracy from".
_REPORTING_VERB = re.compile(r"^(?:obtain|increas|decreas|reduc|lower|rais|boost|achiev|improv|report|reach|attain|"
                             r"yield|get)\w*$", re.IGNORECASE)


def _measure_word(word: str) -> bool:
    """Whether a word may belong to a measure's name ("goal completion rate"), not a stop word or verb."""
    lower = word.lower()
    return lower not in STOP_WORDS and lower not in _NOT_MODIFIER and lower not in _NOT_MEASURE_WORDS \
        and not _REPORTING_VERB.match(lower)


def _is_measure_head(word: str) -> bool:
    """Whether a word heads a measure's name: "rate", "accuracy", "F1", "scores"; beside a reported number
    also "performance" ("surpassing its final performance by 42 percent", "retaining over 98.5% of
    short-context performance": 3 of 3 such phrases in kg's annotated texts are annotated Metrics, though
    only 42 of 355 "... performance" phrases are anywhere)."""
    lower = word.lower()
    return lower in METRIC_HEADS or (lower.endswith("s") and lower[:-1] in METRIC_HEADS) or lower == "accuracies" \
        or lower == "performance"


_MEASURE_HEAD_WORD = re.compile(r"(?<![\w\-])(?:(?:" + "|".join(sorted(METRIC_HEADS, key=len, reverse=True))
                                + r")s?|accuracies|performance)(?![\w\-])", re.IGNORECASE)


def _measure_words_at(text: str, start: int) -> list[re.Match]:
    """The words a measure may be named by that follow `start` one after another, separated by white
    space only, up to MAX_MEASURE_WORDS."""
    words: list[re.Match] = []
    for word in _MEASURE_TOKEN.finditer(text, start):
        gap = text[(words[-1].end() if words else start):word.start()]
        if gap.strip() or len(words) >= MAX_MEASURE_WORDS or not _measure_word(word.group()):
            break
        words.append(word)
    return words


def reported_measure_candidates(text: str) -> list[Candidate]:
    """The measure a reported number is given in, named right after it ("a 99.8% goal completion rate",
    "7.45% relative improvement of averaged score") or right before it ("reduces the Attack Success Rate
    (ASR) to less than 8%"): up to four words ending in a metric's head word. Counted on kg's annotated
    texts, 40 of 43 such phrases after a number and 12 of 12 before one are (or contain) an annotated
    Metric; "14% of the time" (a frequency) is left out."""
    found = []
    for match in _REPORTED_NUMBER.finditer(text):
        words = _measure_words_at(text, match.end())
        heads = [i for i, w in enumerate(words) if _is_measure_head(w.group())]
        if not heads:
            continue
        last = heads[0]
        while last + 1 in heads:  # "error rate", "F1 score"
            last += 1
        if last == 0 and words[0].group().lower() == "time":
            continue  # "14% of the time"
        found.append(Candidate(words[0].start(), words[last].end(), EntityType.METRIC, "measure"))
    for match in _MEASURE_HEAD_WORD.finditer(text):  # the words `_is_measure_head` takes, found at once
        if not _NUMBER_FOLLOWS.match(text, match.end()) and (match.group().lower() == "performance"
                                                              or not _LEVEL_FOLLOWS.match(text, match.end())):
            continue
        start = match.start()
        for _ in range(MAX_MEASURE_WORDS - 1):
            previous = re.search(r"([A-Za-z][\w\-]*) $", text[max(0, start - 40):start])
            if previous is None or not _measure_word(previous.group(1)):
                break
            start -= len(previous.group(0))
        found.append(Candidate(start, match.end(), EntityType.METRIC, "measure"))
    return found


#: A unit that names the measure a number is given in: "1.27 bits/char on text8", "can run at 6 FPS", "at 35 frames
#: per second". Counted on kg's annotated texts, 4 of 5 such units after a number are annotated Metrics (the other,
#: "over 20 FPS", is annotated as "speed"); lower-case "fps" is left out (0 of 3: "running at 5 fps").
_MEASURE_UNIT = re.compile(r"\d\s?(bits/char|bits per character|BPC|bpc|FPS|frames per second)\b")


def unit_measure_candidates(text: str) -> list[Candidate]:
    """The unit a number is given in, where the unit names a measure ("6 FPS"): a Metric."""
    return [Candidate(m.start(1), m.end(1), EntityType.METRIC, "measure") for m in _MEASURE_UNIT.finditer(text)]


#: The unit of a reported amount: a percentage, a factor ("5x", "three times") or points.
_AMOUNT_UNIT = r"(?:%|\\%|x\b|×|points?\b|percent|times\b)"
#: What a verb of change moves by a reported amount: "boost the average task success by 8%", "reduces the
#: per-epoch training time by more than 30%", "improve mean performance of model-based algorithm
#: EfficientZero by 23%", "increasing accuracy from 71.2% to 74.4%". Counted on kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune), 17 of 17 such phrases are (12) or hold (5) an annotated
#: Metric, with or without a metric's head word ("fake summaries", "training iterations").
_CHANGED_MEASURE = re.compile(
    r"\b(?:improv(?:e|es|ed|ing)|boost(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|"
    r"lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|enhanc(?:e|es|ed|ing)|cut(?:s|ting)?|"
    r"narrow(?:s|ed|ing)?)\s+(?:(?:the|its|their|our)\s+)?((?:[A-Za-z][\w\-]*\s+){0,3}?[A-Za-z][\w\-]*)"
    r"(?:\s+of\s+[^.;,()]{1,60}?)?\s+(?:by|from|to)\s+(?:(?:up to|over|about|around|nearly|more than|less than|"
    r"as much as|an? (?:absolute|relative|average)|approximately)\s+|>\s*)*[+\-]?\d[\d.,]*\s*" + _AMOUNT_UNIT)


#: What a reported change is in or of: "a 5x increase in training compute", "nearly 10% reduction in error",
#: "a runtime reduction of 7x", "a 2.3% mAP boost", "7.91x processing acceleration". Counted on kg's annotated
#: texts, 14 of the 16 such phrases that do not end in a word for a task are (or hold) annotated Metrics
#: ("2x improvements in the block stacking task" names a task); "relative" / "absolute" say which change. A speed-up
#: is a measure of its own, named with what is sped up ("7.91x processing acceleration").
_REPORTED_AMOUNT = r"[+\-]?\d[\d.,]*\s*" + _AMOUNT_UNIT
_CHANGE_NOUN = r"(?:reduction|improvement|increase|gain|decrease|drop|degradation|boost)s?"
_PLAIN_PHRASE = r"((?:[A-Za-z][\w\-]*\s+){0,2}?[A-Za-z][\w\-]*)"
_CHANGE_IN_MEASURE = re.compile(
    r"\d\s*" + _AMOUNT_UNIT + r"\s+(?:relative\s+|absolute\s+)?(?:reduction|improvement|"
    r"increase|gain|decrease|drop|degradation)s?\s+in\s+(?:the\s+)?((?:[A-Za-z][\w\-]*\s+){0,3}?[A-Za-z][\w\-]*)"
    r"(?=\s*[,.;:()]|\s+(?:on|for|of|and|with|over|compared|than|while|across|at|in|to|when|from)\b)")
_MEASURE_CHANGE_OF = re.compile(r"\b(?:a|an|the)\s+" + _PLAIN_PHRASE + r"\s+" + _CHANGE_NOUN + r"\s+(?:of|by)\s+"
                                r"(?:(?:up to|over|about|around|nearly|more than|approximately)\s+)*" + _REPORTED_AMOUNT)
_AMOUNT_MEASURE_CHANGE = re.compile(r"\d\s*(?:%|\\%|x\b|×|times\b)\s+" + _PLAIN_PHRASE + r"\s+(?:" + _CHANGE_NOUN
                                    + r"|(speedups?|speed-ups?|accelerations?))\b")
#: What a reported amount makes smaller or larger: "26% smaller model size, 25% less computational cost and 8%
#: lower memory consumption", "70% fewer parameters", "2 times faster training speed" (counted on kg's annotated
#: texts, 9 of 13 such phrases that name no task are annotated Metrics; "10x fewer steps", "10x larger models", "60% less
#: training data" and "30% more pixels" are not); also named after "in (terms of)": "30 times smaller in the model
#: size", "96% smaller than FlowNet in terms of model parameters" (3 of 3 annotated Metrics).
_AMOUNT_COMPARED_MEASURE = re.compile(
    r"\d\s*" + _AMOUNT_UNIT + r"\s+(?:less|fewer|smaller|lower|higher|larger|faster|slower|more)\s+"
    r"(?:(?:than\s+[^,.;()]{1,40}?\s+)?in\s+(?:terms\s+of\s+)?(?:the\s+)?)?" + _PLAIN_PHRASE
    + r"(?=\s*[,.;:()]|\s+(?:on|for|and|with|over|compared|than|while|across|at|in|to|when|from|by|using)\b)")
_WHICH_CHANGE = frozenset("relative absolute".split())
#: What a method takes in, which a reported amount makes more or less of without measuring how well it does:
#: "while using 60% less training data", "only processes 30% more pixels", "enables scaling to 10x larger
#: models" (0 of the 3 such phrases after "less/more/larger ..." in kg's annotated texts annotated Metrics).
_INPUT_WORDS = frozenset("data examples samples pixels images tokens models".split())
_ANY_AMOUNT = re.compile(r"\d\s*" + _AMOUNT_UNIT)


_PROBLEM_WORDS = TASK_HEADS | {"task", "tasks", "problem", "problems"}


def changed_measure_candidates(text: str) -> list[Candidate]:
    """The measure a verb of change moves by a reported amount ("boost the average task success by 8%"),
    or a reported change is in ("a 5x increase in training compute"): up to four plain words, a Metric."""
    found = []
    if not _ANY_AMOUNT.search(text):
        return found  # every pattern needs a reported amount: most texts are done with one cheap search
    for pattern in (_CHANGED_MEASURE, _CHANGE_IN_MEASURE, _MEASURE_CHANGE_OF, _AMOUNT_MEASURE_CHANGE,
                    _AMOUNT_COMPARED_MEASURE):
        for match in pattern.finditer(text):
            words = match.group(1).split()
            if all(_measure_word(w) and w.lower() not in _WHICH_CHANGE for w in words) \
                    and words[-1].lower() not in _PROBLEM_WORDS \
                    and not (pattern is _AMOUNT_COMPARED_MEASURE and words[-1].lower() in _INPUT_WORDS):
                end = match.end(2) if pattern.groups > 1 and match.group(2) else match.end(1)
                found.append(Candidate(match.start(1), end, EntityType.METRIC, "change"))  # "processing acceleration"
    return found


#: A verb of change before a measure named by its head word, with no amount reported: "improves the data
#: efficiency of new agents", "reduce prediction errors in the OOD settings", "reduces the wall-time training
#: cost of ...". Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), of the
#: 78 phrases after these verbs that end in a metric's head word, 50 are annotated Metrics and 12 more sit
#: in or hold one; "map" in lower case is no mAP ("the feature map dimension").
_MOVED_MEASURE = re.compile(
    r"\b(?:improv(?:e|es|ed|ing)|boost(?:s|ed|ing)?|reduc(?:e|es|ed|ing)|increas(?:e|es|ed|ing)|"
    r"lower(?:s|ed|ing)?|decreas(?:e|es|ed|ing)|rais(?:e|es|ed|ing)|enhanc(?:e|es|ed|ing)|cut(?:s|ting)?|"
    r"narrow(?:s|ed|ing)?)\s+(?:(?:the|its|their|our)\s+)?")


def moved_measure_candidates(text: str) -> list[Candidate]:
    """The measure a verb of change moves, named by up to four plain words that end in a metric's head word
    ("improves the data efficiency of new agents"), a Metric even without a reported amount."""
    found = []
    for match in _MOVED_MEASURE.finditer(text):
        words = _measure_words_at(text, match.end())
        if not words:
            continue
        head = words[-1].group()
        if _is_measure_head(head) and head.lower() != "performance" and head != "map":
            found.append(Candidate(words[0].start(), words[-1].end(), EntityType.METRIC, "moved"))
    return found


#: The measure listed after one named by a metric's head word: "better accuracy and calibration", "in terms of
#: AUC and Logloss", "on both BLEU scores and human ratings", "the success rate and mean-reward". Counted on kg's
#: annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), of the 22 phrases so listed (up to three
#: words, ending where the list does), 15 are annotated Metrics; a loss ("regression loss and additional data",
#: "supervised contrastive loss and ...") is as often a method's part, and starts no list of measures here.
_LISTED_AFTER_MEASURE = re.compile(
    r"(?<![\w\-])(?:" + "|".join(sorted(METRIC_HEADS - {"loss"}, key=len, reverse=True)) + r")s?\s+and\s+"
    r"((?:[A-Za-z][\w\-]*\s+){0,2}?[A-Za-z][\w\-]*)(?=\s*[,.;:)]|\s+(?:on|for|of|in|with|across|than|compared|"
    r"while|at|respectively)\b)", re.IGNORECASE)


def listed_measure_candidates(text: str) -> list[Candidate]:
    """The measure named after "and" in a list whose first measure ends in a metric's head word ("achieves
    both better accuracy and calibration"): up to three plain words, a Metric."""
    found = []
    for match in _LISTED_AFTER_MEASURE.finditer(text):
        if all(_measure_word(w) for w in match.group(1).split()):
            found.append(Candidate(match.start(1), match.end(1), EntityType.METRIC, "listed"))
    return found


#: A bare "efficiency" listed after a measure named by a metric's head word is that measure's partner, a Metric,
#: though alone it is a generic word ("outperforms in accuracy and efficiency", "from the perspectives of precision
#: and efficiency"). Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts, tune 1-15), both such
#: phrases are annotated Metrics; "efficiency" listed before the measure is left out (1 of 2 annotated, "to
#: further increase efficiency and accuracy" not).
_PAIRED_EFFICIENCY = re.compile(
    r"(?<![\w\-])(?:" + "|".join(sorted(METRIC_HEADS - {"efficiency", "loss"}, key=len, reverse=True))
    + r")s?\s+(?:and|or)\s+(?:the\s+)?(efficiency)\b", re.IGNORECASE)


def paired_efficiency_candidates(text: str) -> list[Candidate]:
    """A bare "efficiency" listed after a measure named by a metric's head word ("accuracy and efficiency"):
    a Metric, kept though "efficiency" alone is generic (source "paired")."""
    return [Candidate(match.start(1), match.end(1), EntityType.METRIC, "paired")
            for match in _PAIRED_EFFICIENCY.finditer(text)]


#: A quality named by what it is the quality of: "improves generation quality", "state-of-the-art restoration
#: quality", "higher visual quality", "region proposal quality". Counted on kg's annotated texts (corpus,
#: conclusions, SciREX abstracts, tune 1-15), of the 15 such phrases (up to three plain words before "quality",
#: no word for a degree among them), 11 are annotated Metrics and 1 more holds one ("WaveNet-level audio
#: quality"); "the quality of ...", "quality scores" and "quality estimation" say what is measured or done instead.
#: So is a speed or an overhead ("inference speed", "convergence speed", "run-time overhead", "computational
#: overhead"): of the 16 such phrases (no "speed up"), 11 are annotated Metrics and 3 more sit in one; and a
#: complexity ("computational complexity", "sample complexity"; not "comparable complexity", "the computational
#: complexity problem"): of 17 such phrases, 11 are annotated Metrics and 2 more sit in one.
_NAMED_QUALITY = re.compile(r"(?<![\w\-])((?:[A-Za-z][\w\-]*\s+){0,2}?[A-Za-z][\w\-]*)\s+(?:quality|speed|overhead|complexity)\b"
                            r"(?!\s+(?:of|data|datasets?|images|samples|scores?|aware|estimation|assessment|up|problems?)\b)")
_DEGREE_WORDS = frozenset("""high higher highest low lower lowest poor poorer good better best decent varying variable
varied great greater excellent superior inferior fine-grained overall much improved reduced same fast faster fastest
slow slower small smaller large larger negligible significant times magnitude light modest comparable""".split())


def named_quality_candidates(text: str) -> list[Candidate]:
    """A quality named by the plain words before "quality" ("reconstruction quality"), words for a degree
    ("better overall") left out: a Metric."""
    found = []
    for match in _matches(_NAMED_QUALITY, text, _QUALITY_WORD):
        words = list(_MEASURE_TOKEN.finditer(text, match.start(1), match.end(1)))
        kept = []
        for word in reversed(words):
            if not _measure_word(word.group()) or word.group().lower() in _DEGREE_WORDS:
                break
            kept.insert(0, word)
        if kept:
            found.append(Candidate(kept[0].start(), match.end(), EntityType.METRIC, "quality"))
    return found


#: The measure listed right after one a reported amount or a verb of change names: "77.1% and 73.1% less memory
#: and CPU usage respectively", "to further increase efficiency and accuracy". Counted on kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune 1-15): 2 of the 2 such plain phrases (up to three words, ending
#: where the list does) are annotated Metrics.
_LISTED_AFTER = re.compile(r"(?:\s*,\s*(?:and|or)\s+|\s+(?:and|or)\s+)((?:[A-Za-z][\w\-]*\s+){0,2}?[A-Za-z][\w\-]*)"
                           r"(?=\s*[,.;:)]|\s+(?:on|for|of|in|with|across|than|compared|while|at|respectively|by|"
                           r"over|from|to|when)\b)")


def continued_measure_candidates(text: str, measures: list[Candidate]) -> list[Candidate]:
    """The measure named after "and" right after a measure found beside a reported amount or a verb of change
    ("less memory and CPU usage"): up to three plain words, a Metric as sure as the one it follows."""
    found = []
    for measure in measures:
        match = _LISTED_AFTER.match(text, measure.end)
        if match and all(_measure_word(w) for w in match.group(1).split()):
            found.append(Candidate(match.start(1), match.end(1), EntityType.METRIC, measure.source))
    return found


#: The measures a comparison is made in: "in terms of AUROC and FPR95", "in terms of both reconstruction accuracy
#: and computational performance", "in terms of visual quality and run time". Counted on kg's annotated texts
#: (corpus, conclusions, SciREX abstracts, tune 1-15), of the 21 plain phrases (up to four words, no verb or
#: pronoun) so listed, 18 are annotated Metrics; "performance" alone is not, nor are the 2 phrases that go on after
#: "of" ("in terms of availability of UID data", "in terms of the number of parameters needed").
_IN_TERMS_OF = re.compile(r"\bin terms of\s+(?:(?:both|the|their|its)\s+)?")
_TERMS_LIST_END = re.compile(r"\s*[.;:()]|\s+(?:on|for|of|with|over|compared|than|while|across|at|in|to|when|from|by|"
                             r"as|against|is|are|was|were|respectively)\b|\s*$")
_TERMS_JOIN = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+")


def compared_terms_candidates(text: str) -> list[Candidate]:
    """The measures named after "in terms of" ("outperforms ... in terms of AUROC and FPR95"): each item of
    the list, up to four plain words, a Metric; a list with an item that is no plain phrase is left out."""
    found = []
    for match in _IN_TERMS_OF.finditer(text):
        end = _TERMS_LIST_END.search(text, match.end())
        if end is None or end.start() - match.end() > 120 or end.group().split() == ["of"]:
            continue  # "in terms of availability of UID data": the phrase goes on past "of"
        items, position = [], match.end()
        for join in list(_TERMS_JOIN.finditer(text, match.end(), end.start())) + [None]:
            stop = join.start() if join else end.start()
            words = list(_MEASURE_TOKEN.finditer(text, position, stop))
            if not words or len(words) > MAX_MEASURE_WORDS or text[position:stop].strip() != \
                    text[words[0].start():words[-1].end()] or not all(_measure_word(w.group()) for w in words):
                items = []
                break
            items.append((words[0].start(), words[-1].end()))
            position = join.end() if join else stop
        found.extend(Candidate(a, b, EntityType.METRIC, "terms") for a, b in items)
    return found


_INNER_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")


def closed_up(surface: str) -> str:
    """A lower-case known name written without its hyphens: "fine-tuning" -> "finetuning", "multi-task
    learning" -> "multitask learning". Counted on kg's annotated texts (corpus, conclusions, SciREX abstracts,
    tune 1-15), of the 22 places where such a closed-up spelling of a lexicon name is written, 16 are annotated
    by that very name as the lexicon's type and 2 more sit in one; 1 is of another type, 3 are not annotated."""
    return _INNER_HYPHEN.sub("", surface) if surface.islower() else surface


def _plural(surface: str) -> str:
    """"error rate" -> "error rates": the lexicon lists names in the singular."""
    if surface.endswith("s"):
        return surface
    if surface.endswith(("x", "sh", "ch")):
        return surface + "es"
    if surface.endswith("y") and surface[-2:-1] not in "aeiou":
        return surface[:-1] + "ies"
    return surface + "s"


class Entities:
    """Groups candidates into one entity per thing (`doc._.kg_entities`), keeping those whose
    confidence reaches `min_confidence`."""

    def __init__(self, nlp: Language, name: str, *, min_confidence: float = 0.6) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.lexicon = default_lexicon()
        self.priors = default_priors()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        title_end = text.find("\n") if "\n" in text else 0
        groups = group_mentions(text, doc_sentence_starts(doc), doc._.kg_candidates or [],
                                doc._.kg_abbreviations or [], self.lexicon, title_end=max(title_end, 0),
                                priors=self.priors)
        doc._.kg_entities = [g for g in groups if g.confidence >= self.min_confidence]
        return doc


class Results:
    """Finds reported numbers and attaches them to entities (`doc._.kg_results`)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.kg_results = find_results(doc_text(doc), doc_sentence_starts(doc), doc._.kg_entities or [])
        return doc


class Relations:
    """Finds relations between the entities of the abstract (`doc._.kg_relations`)."""

    def __init__(self, nlp: Language, name: str, *, min_confidence: float = 0.0) -> None:
        self.name = name
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        relations = find_relations(doc_text(doc), doc_sentence_spans(doc), doc._.kg_entities or [],
                                   doc._.kg_results or [])
        doc._.kg_relations = [r for r in relations if r.confidence >= self.min_confidence]
        return doc

