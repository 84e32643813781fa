"""Every kg spaCy factory and Doc extension, registered in one place.

Exposed through the `spacy_factories` entry point, so `nlp.add_pipe("kg_results")` works in any
spaCy pipeline once kg is installed.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.components import Abbreviations, Candidates, Entities, Relations, Results, Sentences
from kg.extract.ner_decode import GreedyEntityRecognizer

for _name in ("kg_ner_probs", "kg_abbreviations", "kg_candidates", "kg_entities", "kg_results", "kg_relations"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.factory("kg_sentences")
def make_sentences(nlp: Language, name: str) -> Sentences:
    """Sentence boundaries tuned for titles and abstracts."""
    return Sentences(nlp, name)


@Language.factory("kg_ner", default_config={"source": "ner", "members": [], "combine": "sum", "probabilities": False},
                  assigns=["doc.ents"])
def make_ner(nlp: Language, name: str, source: str, members: list[str], combine: str,
             probabilities: bool) -> GreedyEntityRecognizer:
    """The entities of the trained recogniser `source` (with the recognisers `members` as an
    ensemble, their move scores combined by `combine`), decoded in numpy (same entities as spaCy's
    loop for one recogniser, several times faster than spaCy 3.8); disable `source` and `members`
    so they do not run as well. With `probabilities`, each entity's probability goes to
    `doc._.kg_ner_probs`."""
    return GreedyEntityRecognizer(nlp, name, source=source, members=members, combine=combine,
                                  probabilities=probabilities)


@Language.factory("kg_abbreviations")
def make_abbreviations(nlp: Language, name: str) -> Abbreviations:
    """Acronym definitions (Schwartz–Hearst) into doc._.kg_abbreviations."""
    return Abbreviations(nlp, name)


@Language.factory("kg_candidates", default_config={"use_lexicon": True, "use_patterns": True,
                                                   "use_heads": False})
def make_candidates(nlp: Language, name: str, use_lexicon: bool, use_patterns: bool,
                    use_heads: bool) -> Candidates:
    """Typed candidate spans from the recogniser, lexicon, name shapes and head words."""
    return Candidates(nlp, name, use_lexicon=use_lexicon, use_patterns=use_patterns, use_heads=use_heads)


@Language.factory("kg_entities", default_config={"min_confidence": 0.675})
def make_entities(nlp: Language, name: str, min_confidence: float) -> Entities:
    """One entity per thing per abstract, with aliases, role and confidence (weak ones dropped).

    The default threshold gives the best F1 over the 122 out-of-fold corpus abstracts and the 160
    SciREX conclusions together (entities lenient 0.715, relations 0.379; at 0.7: 0.710 / 0.375; at
    0.65: 0.714 / 0.374; at 0.6: 0.713 / 0.376)."""
    return Entities(nlp, name, min_confidence=min_confidence)


@Language.factory("kg_results", requires=["doc._.kg_entities"], assigns=["doc._.kg_results"])
def make_results(nlp: Language, name: str) -> Results:
    """Reported numbers attached to metric, method, dataset and baseline."""
    return Results(nlp, name)


@Language.factory("kg_relations", default_config={"min_confidence": 0.0},
                  requires=["doc._.kg_entities"], assigns=["doc._.kg_relations"])
def make_relations(nlp: Language, name: str, min_confidence: float) -> Relations:
    """The guideline's seven relation types between the abstract's entities (and, when `kg_results`
    ran before it, the dataset-metric pairs of the reported results)."""
    return Relations(nlp, name, min_confidence=min_confidence)
