"""The shipped lexicon of well-known names, and word lists that type and filter phrases."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Optional

from kg.model import EntityType
from kg.names import normalize


@dataclass
class Lexicon:
    """Known surface forms: normalised form -> canonical name per type."""

    entries: dict[str, dict[EntityType, str]] = field(default_factory=dict)
    surfaces: dict[EntityType, list[str]] = field(default_factory=dict)
    _families: Optional[dict[str, EntityType]] = field(default=None, repr=False, compare=False)

    def add(self, entity_type: EntityType, name: str, aliases: list[str]) -> None:
        self._families = None  # recomputed on the next `family` call
        for surface in [name, *aliases]:
            self.entries.setdefault(normalize(surface), {}).setdefault(entity_type, name)
            self.surfaces.setdefault(entity_type, []).append(surface)

    def lookup(self, surface: str) -> dict[EntityType, str]:
        """Types (and canonical names) a surface form is known under; empty when unknown."""
        return self.entries.get(normalize(surface), {})

    def family(self, token: str) -> Optional[EntityType]:
        """The one type of the known names that share a one-word name's leading letters:
        "CIFAR-100C" and "Imagenet-C" are data sets (CIFAR-10, ImageNet), "LLaMA-65B" a model."""
        if self._families is None:
            families: dict[str, set[EntityType]] = {}
            for key, types in self.entries.items():
                if (family := _family_key(key)) is not None:
                    families.setdefault(family, set()).update(types)
            self._families = {k: next(iter(v)) for k, v in families.items() if len(v) == 1}
        family = _family_key(normalize(token))
        return self._families.get(family) if family is not None else None


_FAMILY_STEM = re.compile(r"[a-z]{3,}")


def _family_key(key: str) -> Optional[str]:
    """The leading letters of a one-word name and its version or size: "cifar 100c" -> "cifar",
    "imagenet" -> "imagenet", "llama 65b" -> "llama", "phi3 mini 38b" -> "phi"; None for other
    phrases ("deep learning") and short stems ("t5")."""
    words = key.split()
    stem = _FAMILY_STEM.match(words[0]) if words and len(words) <= 3 else None
    if stem is None:
        return None
    rest = [words[0][stem.end():]] + words[1:]
    if all(not word or any(c.isdigit() for c in word) or len(word) <= 2 or word in _SIZE_WORDS for word in rest):
        return stem.group()
    return None


_SIZE_WORDS = frozenset("mini tiny small base large instruct chat turbo".split())


def parse_lexicon(text: str, source: str = "lexicon.tsv") -> Lexicon:
    """Parse `type<TAB>name<TAB>alias|alias` lines; `#` starts a comment."""
    lexicon = Lexicon()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        try:
            entity_type = EntityType(parts[0].strip())
        except ValueError:
            raise ValueError(f"{source}:{number}: unknown entity type {parts[0]!r}") from None
        aliases = [a.strip() for a in parts[2].split("|")] if len(parts) > 2 and parts[2].strip() else []
        lexicon.add(entity_type, parts[1].strip(), aliases)
    return lexicon


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped in kg/data/lexicon.tsv."""
    text = resources.files("kg").joinpath("data/lexicon.tsv").read_text(encoding="utf-8")
    return parse_lexicon(text)


@dataclass
class TypePriors:
    """How often names and head words were of each type in kg's training annotations."""

    names: dict[str, dict[str, int]] = field(default_factory=dict)
    heads: dict[str, dict[str, int]] = field(default_factory=dict)

    def votes(self, surface: str) -> dict[EntityType, float]:
        """Type votes for a phrase: from its whole name if seen, else from its head word."""
        key = normalize(surface)
        counts, weight, saturation = self.names.get(key), 1.2, 2.0
        if counts is None and " " in key:
            counts, weight, saturation = self.heads.get(key.split()[-1]), 0.9, 5.0
        if not counts:
            return {}
        total = sum(counts.values())
        if max(counts.values()) >= 0.85 * total and total >= 10:
            weight *= 1.6  # a head word that nearly always means one type ("detection": Task)
        scale = weight * min(1.0, total / saturation) / total
        return {EntityType(t): n * scale for t, n in counts.items()}


@lru_cache(maxsize=1)
def default_priors() -> TypePriors:
    """The priors shipped in kg/data/type_priors.json (built by `python -m training.build_priors`)."""
    path = resources.files("kg").joinpath("data/type_priors.json")
    if not path.is_file():
        return TypePriors()
    data = json.loads(path.read_text(encoding="utf-8"))
    return TypePriors(data.get("names", {}), data.get("heads", {}))


# Head words that decide the type of a phrase ("out-of-distribution detection" is a Task).
TASK_HEADS = frozenset("""
detection recognition classification segmentation generation translation answering captioning
summarization summarisation retrieval estimation prediction forecasting reconstruction synthesis
localization localisation tracking parsing tagging extraction understanding reasoning planning
navigation manipulation unlearning learning modeling modelling completion editing inpainting
denoising compression alignment verification recommendation search matching ranking
grounding diagnosis discovery design control adaptation generalization generalisation
""".split())
METHOD_HEADS = frozenset("""
network networks model models method methods algorithm algorithms architecture architectures
transformer transformers encoder encoders decoder decoders optimizer optimizers optimiser
framework frameworks approach technique techniques module modules mechanism layer layers
attention policy policies agent agents system systems pipeline pipelines procedure strategy
schedule regularization regularizer loss objective sampler tokenizer embedding embeddings
classifier classifiers detector detectors estimator estimators autoencoder autoencoders
distillation prompting decoding tuning fine-tuning pretraining pre-training training search
""".split())
#: Head words of a measure's name. "FLOPs" and "regret" count compute and a learner's loss against the best
#: choice: in kg's annotated texts, the 3 phrases ending in them ("training FLOPs", "Bayesian regret", "regret")
#: are all annotated Metrics ("consumption", 3 of 3 too, made "training memory consumption" a Metric where
#: only "training memory" is annotated, and is left out).
METRIC_HEADS = frozenset("""
accuracy error rate score precision recall f1 auroc auc loss time latency throughput speedup
perplexity distance divergence efficiency cost ratio bleu rouge map iou similarity correlation
flop flops regret
""".split())
DATASET_HEADS = frozenset("""
dataset datasets benchmark benchmarks corpus corpora suite collection testbed environment
environments bank treebank
""".split())

#: Generic words and phrases that are never entities on their own ("our method", "performance").
GENERIC = frozenset(normalize(w) for w in """
method methods model models approach approaches technique techniques framework frameworks
algorithm algorithms system systems network networks architecture architectures task tasks
problem problems dataset datasets data benchmark benchmarks corpus performance result results
baseline baselines experiment experiments training learning inference evaluation analysis study
work paper sota quality metric metrics score scores efficiency application applications setting
settings feature features representation representations module modules component components
pipeline solution solutions strategy strategies policy agent agents environment environments
objective tool tools code software ai
""".split()) | frozenset(normalize(p) for p in (
    "deep learning", "machine learning", "neural network", "neural networks", "artificial intelligence",
    "deep neural networks", "state of the art", "downstream tasks", "prior work", "prior works",
    # hyperparameters and settings: neither a metric nor a method
    "learning rate", "learning rates", "batch size", "mini-batch size", "minibatch size",
    "number of epochs", "warmup", "random seed", "random seeds", "training data", "test data",
    "training set", "test set", "validation set", "hyperparameter", "hyperparameters"))

_DETERMINERS = re.compile(r"^(?:the|a|an|our|their|its|this|these|those|such|each|all|both|any|"
                          r"several|many|various|existing|previous|prior|current|standard|new|novel|"
                          r"proposed|other|different|multiple|same)\s+", re.IGNORECASE)


#: Words that start a phrase without belonging to the name ("Investigating X", "formally understanding").
#: Verbs of carrying out ("performing face alignment", "perform link prediction", "solving pixel-level grouping"):
#: in kg's annotated texts (tune 1-15, conclusions, corpus abstracts, training SciREX) an annotated name follows
#: them 24 times and no annotated name opens with one.
_LEADING_NON_NAME = re.compile(
    r"^(?:[A-Za-z]+ly|perform|performs|performing|conducting|solving|tackling|doing|executing|investigating|restoring|revisiting|rethinking|towards?|improving|enhancing|boosting|"
    r"scaling|leveraging|using|via|provide|provides|providing|hamper|hampers|enable|enables|enabling|"
    r"achieve|achieves|achieving|study|studying|exploring|explore|learn|learns|make|makes|making|"
    r"unlocking|understanding|mitigating|addressing|beyond|on|for|with|without|when|how|why|what|"
    r"is|are|be|can|do|does|we|our)\s+(?=\S)", re.IGNORECASE)
_NOT_ADVERBS = frozenset({"family", "supply", "only", "early", "reply", "fly", "anomaly", "poly", "italy"})
#: Adverbs that are part of a name, naming a kind of model, supervision or objective ("fully
#: convolutional network", "weakly supervised detection", "Distributionally Robust Optimization"):
#: 45 annotated names in kg's training texts start with one of these.
_NAME_ADVERB = re.compile(
    r"^(?:fully|weakly|strongly|globally|locally|densely|sparsely|jointly|partially|massively|provably|"
    r"spatially|highly|deeply|doubly|distributionally|continuously|biologically|bilingually)\s", re.IGNORECASE)


def strip_determiners(phrase: str) -> str:
    """`the proposed multigrid method` -> `multigrid method`; also leading adverbs and verbs."""
    previous = None
    while previous != phrase:
        previous = phrase
        phrase = _DETERMINERS.sub("", phrase)
        match = _LEADING_NON_NAME.match(phrase)
        if match and match.group().strip().lower() not in _NOT_ADVERBS and not _NAME_ADVERB.match(phrase):
            phrase = phrase[match.end():]
    return phrase


def is_generic(phrase: str) -> bool:
    """Whether a phrase is only generic words ("our method", "existing approaches")."""
    key = normalize(strip_determiners(phrase))
    if not key or key in GENERIC:
        return True
    words = key.split()
    if len(words) > 1 and words[-1] == "efficiency":
        return False  # "training efficiency", like "computational efficiency", is a measure (3 of 4 annotated)
    return all(w in GENERIC or w in _GENERIC_MODIFIERS for w in words)


def is_generic_class(phrase: str) -> bool:
    """Whether a phrase names only a broad class of models ("deep neural network architectures",
    "generative models", "convolutional approach"): generic words and class adjectives before a head
    such as "model" or "architecture" ("convolutional neural network" keeps its name).
    Counted on kg's annotated texts, annotators left such phrases out nearly always."""
    words = normalize(strip_determiners(phrase)).split()
    return len(words) > 1 and words[-1] in _CLASS_HEADS and \
        all(w in GENERIC or w in _GENERIC_MODIFIERS or w in _CLASS_MODIFIERS for w in words[:-1])


_CLASS_HEADS = frozenset("""
architecture architectures model models approach approaches framework frameworks method methods technique techniques
classifier classifiers
""".split())
_CLASS_MODIFIERS = frozenset("""
neural convolutional generative visualization end to trainable hybrid shallow lightweight light weight
""".split())

_GENERIC_MODIFIERS = frozenset("""
the a an our their its this these those such each all both any several many various existing
previous prior current standard new novel proposed other different multiple same large small
deep simple strong robust efficient effective general key main overall final first second best
recent popular common typical traditional conventional classical modern advanced powerful
""".split())


def type_from_head(phrase: str) -> Optional[EntityType]:
    """The type a phrase's last word suggests, or None when its head says nothing."""
    words = normalize(phrase).split()
    if not words:
        return None
    head = words[-1]
    for heads, entity_type in ((DATASET_HEADS, EntityType.DATASET), (METRIC_HEADS, EntityType.METRIC),
                               (TASK_HEADS, EntityType.TASK), (METHOD_HEADS, EntityType.METHOD)):
        if head in heads or head.rstrip("s") in heads:
            return entity_type
    return None


_NAME_TOKEN = re.compile(
    r"^(?!\d[Dd]$)(?:\d+[A-Z][\w\-.]*|[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}[a-z]*\w*|[A-Za-z]+[-_.]?\d+[\w.\-]*|[a-z]+[A-Z]\w*|"
    r"[A-Z][\w]*-[A-Z\d][\w\-]*)$")


def looks_like_name(token: str) -> bool:
    """CamelCase, acronyms and versioned names: ResNet-50, CIFAR-10, GPT-4, LLaMA-2-7B, SlowFast."""
    if len(token) < 2 or token.isdigit():
        return False
    return bool(_NAME_TOKEN.match(token))
