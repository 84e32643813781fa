"""Relations between the entities of one abstract, from trigger words and sentence co-occurrence.

Plain functions: input the text, the sentence offsets and the entity groups; output relation
candidates with their evidence sentence, offsets and a confidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.entities import EntityGroup
from kg.model import EntityType, RelationType

_OUTPERFORM = re.compile(r"\b(?:outperform\w*|surpass\w*|beat\w*|better than|exceed\w*|superior to|"
                         r"improv\w* (?:over|upon)|advantage over)\b", re.IGNORECASE)
_BASED_ON = re.compile(r"\b(?:based on|built (?:up)?on|builds (?:up)?on|extend\w*|extension of|"
                       r"inspired by|adapt\w*|variant of|on top of|derived from|generaliz\w*|"
                       r"modif\w*)\b", re.IGNORECASE)
_USES = re.compile(r"\b(?:using|uses?|with|leverag\w*|employ\w*|backbone\w*|equipped with|"
                   r"incorporat\w*|combin\w*|via|through|relies on|integrat\w*)\b", re.IGNORECASE)
_EVAL = re.compile(r"\b(?:on|evaluat\w*|experiment\w*|benchmark\w*|test\w*|achiev\w*|"
                   r"outperform\w*|results?|datasets?|state-of-the-art)\b", re.IGNORECASE)
_TASK_LINK = re.compile(r"\b(?:for|to|in|on|address\w*|tackl\w*|solv\w*|toward\w*|applied)\b",
                        re.IGNORECASE)


#: Mentions of one sentence considered (abstract sentences have a few; this bounds hostile input).
MAX_MENTIONS_PER_SENTENCE = 60
MAX_SENTENCE_CHARS = 3000


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


def find_relations(text: str, sentence_spans: list[tuple[int, int]],
                   groups: list[EntityGroup]) -> list[RelationCandidate]:
    """Every relation the rules find, at most one per (type, head, tail), best confidence kept."""
    best: dict[tuple[RelationType, int, int], RelationCandidate] = {}

    def add(rtype: RelationType, head: int, tail: int, sentence: int, conf: float) -> None:
        if head == tail:
            return
        start, end = sentence_spans[sentence]
        key = (rtype, head, tail)
        if key not in best or best[key].confidence < conf:
            best[key] = RelationCandidate(rtype, head, tail, sentence, start, end, round(conf, 3))

    proposed = [i for i, g in enumerate(groups) if g.type is EntityType.METHOD and g.role == "proposed"]
    table = _by_sentence(groups)
    typ = [g.type for g in groups]
    for sentence, mentions in table.items():
        s_start, s_end = sentence_spans[sentence]
        sentence_text = text[s_start:s_end]
        present = list(dict.fromkeys(gi for gi, _, _ in mentions))
        methods = [g for g in present if typ[g] is EntityType.METHOD]
        datasets = [g for g in present if typ[g] is EntityType.DATASET]
        tasks = [g for g in present if typ[g] is EntityType.TASK]
        metrics = [g for g in present if typ[g] is EntityType.METRIC]
        subjects = [m for m in methods if m in proposed] or methods[:1]
        if not subjects and proposed and (datasets or tasks):
            subjects = proposed[:1]
        eval_cue = bool(_EVAL.search(sentence_text))
        for m in subjects:
            for d in datasets:
                add(RelationType.EVALUATED_ON, m, d, sentence, 0.7 if eval_cue else 0.5)
            for t in tasks:
                add(RelationType.ADDRESSES, m, t, sentence, 0.65 if _TASK_LINK.search(sentence_text) else 0.5)
        for d in datasets:
            for t in tasks:
                add(RelationType.BENCHMARK_FOR, d, t, sentence, 0.5)
            for x in metrics:
                add(RelationType.MEASURED_BY, d, x, sentence, 0.5)
        for t in tasks:
            for x in metrics:
                add(RelationType.MEASURED_BY, t, x, sentence, 0.5)
        _trigger_relations(text, s_start, mentions, typ, proposed, sentence, add)
    # The paper's proposed method addresses the tasks named in its title.
    for t, group in enumerate(groups):
        if group.type is EntityType.TASK and group.mentions[0][2] == 0:
            for m in proposed:
                add(RelationType.ADDRESSES, m, t, 0, 0.6)
    return sorted(best.values(), key=lambda r: (r.sentence, r.type.value, r.head, r.tail))


def _trigger_relations(text, s_start, mentions, typ, proposed, sentence, add) -> None:
    """Method-method relations split by a trigger: the methods before it act on those after."""
    s_end = max(e for _, _, e in mentions)
    if s_end - s_start > MAX_SENTENCE_CHARS:
        return
    span_text = text[s_start:s_end]
    for pattern, rtype, conf in ((_OUTPERFORM, RelationType.OUTPERFORMS, 0.7),
                                 (_BASED_ON, RelationType.BASED_ON, 0.6),
                                 (_USES, RelationType.USES, 0.45)):
        for match in pattern.finditer(span_text):
            cut = s_start + match.start()
            before = [g for g, st, _ in mentions if st < cut and typ[g] is EntityType.METHOD]
            after = [g for g, st, _ in mentions if st >= cut + len(match.group()) and typ[g] is EntityType.METHOD]
            heads = [b for b in before if b in proposed] or before[-1:] or proposed[:1]
            for h in heads:
                for t in after[:3]:
                    if t not in proposed or rtype is not RelationType.OUTPERFORMS:
                        add(rtype, h, t, sentence, conf)
