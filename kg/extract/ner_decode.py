"""Greedy decoding of a trained spaCy entity recogniser, in numpy.

spaCy's transition-based NER decodes in a Cython loop. Since spaCy 3.8 that loop spends most of
its time taking and dropping the interpreter lock for each small BLAS call (measured here: 28 us
per token against 4 us in spaCy 3.7.5, with the same entities), which made the recogniser the
slowest part of kg's pipeline. This module decodes the same model the same way, vectorised over
the documents of a batch:

- the NER transition system (B, I, L, U and O moves per label) moves every document one token
  per step, whatever the move, so step t scores token t of every document still running;
- a state's features are the same three tokens spaCy uses (the next token, the first token of
  the open entity, the token before the next one while an entity is open), summed from the
  model's precomputed hidden layer, max-pooled over its pieces and scored by its output layer;
- the move taken is the best-scoring valid one, with spaCy's validity rules for documents without
  preset entities (no B/I across a sentence start, no entity starting on whitespace, an open
  entity must be continued or closed with its own label).

`greedy_entities` returns the token spans; `GreedyEntityRecognizer` (factory `kg_ner`) is the
pipeline component that sets them as `doc.ents`. Documents that already carry entity annotation
are left to spaCy's own decoder, whose rules for preset entities this module does not repeat.
"""

from __future__ import annotations

from typing import Iterable, Iterator, Optional, Sequence

import numpy
from spacy.attrs import IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

#: Move kinds, in the order of the checks below.
BEGIN, IN, LAST, UNIT, OUT, NEVER = range(6)
_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT, "O": OUT}


#: How an ensemble's scores are combined: "sum" adds the members' raw move scores, "prob" averages
#: their probabilities over the valid moves (a softmax of each member's scores).
COMBINE = ("sum", "prob")


def check_combine(combine: str) -> str:
    """`combine` if it is one of `COMBINE`; a ValueError naming them otherwise."""
    if combine not in COMBINE:
        raise ValueError(f"kg_ner combines members' scores by one of {', '.join(COMBINE)}, not {combine!r}")
    return combine


def use_kg_ner(nlp: Language) -> None:
    """Decode `nlp`'s trained `ner` pipe (and the ensemble members its meta names under "kg_ner", see
    training/train_ner.add_members) with a `kg_ner` pipe after it, and disable them. The kg_ner
    factory must be registered (import kg.extract.factories)."""
    ensemble = nlp.meta.get("kg_ner", {})
    members = list(ensemble.get("members", []))
    missing = [name for name in members if name not in nlp.component_names]
    if missing:
        raise ValueError(f"the recogniser names ensemble members it does not hold: {missing}")
    nlp.add_pipe("kg_ner", after="ner", config={"source": "ner", "members": members,
                                                "combine": check_combine(ensemble.get("combine", "sum"))})
    for name in ["ner", *members]:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)


class _Member:
    """The weights of one trained `EntityRecognizer`: its token encoder, precomputed hidden layer and
    output layer."""

    def __init__(self, recognizer) -> None:
        model = recognizer.model
        if not model.attrs.get("has_upper", False):
            raise ValueError("kg_ner decodes recognisers with an output layer (use_upper = true)")
        lower = model.get_ref("lower")
        if lower.get_dim("nF") != 3:
            raise ValueError(f"kg_ner expects the NER state's 3 features, not {lower.get_dim('nF')}")
        self.tok2vec = model.get_ref("tok2vec")
        self.lower = lower
        upper = model.get_ref("upper")
        self.ops = upper.ops
        self.upper_W = upper.get_param("W")
        self.upper_b = upper.get_param("b")
        self.n_hidden = lower.get_dim("nO")
        self.n_pieces = lower.get_dim("nP")
        self.bias = lower.get_param("b").reshape(-1)
        self.unseen = sorted(model.attrs.get("unseen_classes", ()))

    def features(self, docs: list[Doc]) -> list[numpy.ndarray]:
        """The precomputed hidden layer of each token, one array per state feature; row 0 is padding."""
        cached = self.lower.predict(self.tok2vec.predict(docs))  # (tokens + 1, 3, hidden, pieces)
        cached = cached.reshape(cached.shape[0], 3, self.n_hidden * self.n_pieces)
        return [numpy.ascontiguousarray(cached[:, f]) for f in range(3)]

    def scores(self, feats: list[numpy.ndarray], token: numpy.ndarray, ent_start: numpy.ndarray,
               is_open: numpy.ndarray) -> numpy.ndarray:
        """The move scores of the states at `token` (with their open entity's first token)."""
        # spaCy's order of summation: the three features, then the bias.
        hidden = feats[0][token + 1] + feats[1][ent_start + 1]
        hidden += feats[2][numpy.where(is_open, token, 0)]
        hidden += self.bias
        pieces = hidden.reshape(len(token), self.n_hidden, self.n_pieces)
        hidden = pieces[:, :, 0].copy()
        for p in range(1, self.n_pieces):
            numpy.maximum(hidden, pieces[:, :, p], out=hidden)
        scores = self.ops.gemm(hidden, self.upper_W, trans2=True)
        scores += self.upper_b
        if self.unseen:
            scores[:, self.unseen] = scores.min()
        return scores


class Decoder:
    """The weights and move table of one trained `EntityRecognizer`, read once."""

    def __init__(self, recognizer, *others, combine: str = "sum") -> None:
        self.combine = check_combine(combine)
        self.recognizer = recognizer
        self.members = [_Member(r) for r in (recognizer, *others)]
        moves = recognizer.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        for other in others:
            other_names = [other.moves.get_class_name(i) for i in range(other.moves.n_moves)]
            if other_names != names:
                raise ValueError("kg_ner's recognisers must have the same moves in the same order "
                                 f"({len(other_names)} moves against {len(names)})")
        kinds, labels = [], []
        for name in names:
            kind, _, label = name.partition("-")
            # "U-" (no label) is only valid on preset blocked tokens: never here.
            kinds.append(_KINDS.get(kind, NEVER) if (label or kind == "O") else NEVER)
            labels.append(label)
        self.kinds = numpy.array(kinds)
        self.label_names = sorted(set(labels) - {""})
        label_ids = {label: i for i, label in enumerate(self.label_names)}
        self.move_label = numpy.array([label_ids.get(label, -1) for label in labels])
        self.penalty = self._penalties()

    def _penalties(self) -> numpy.ndarray:
        """0 for a valid move, -inf for an invalid one, by situation: rows 0-3 for a state with no
        open entity (2 * may-continue + is-whitespace), then two rows per label for a state whose
        open entity has that label (the second when the entity may go on past this token)."""
        kinds, move_label = self.kinds, self.move_label
        rows = []
        for cont in (False, True):
            for space in (False, True):
                rows.append(((kinds == BEGIN) & cont & (not space)) | ((kinds == UNIT) & (not space))
                            | (kinds == OUT))
        for label in range(len(self.label_names)):
            same = move_label == label
            for cont in (False, True):
                rows.append(((kinds == IN) & same & cont) | ((kinds == LAST) & same))
        return numpy.where(numpy.array(rows), 0.0, -numpy.inf).astype(numpy.float32)

    def entities(self, docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
        """(start token, end token, label) of each document's entities, as spaCy's greedy decoder
        gives them."""
        return [[entity[:3] for entity in ents] for ents in self._decode(docs, False)]

    def scored_entities(self, docs: list[Doc]) -> list[list[tuple[int, int, str, float]]]:
        """(start token, end token, label, probability) of each document's entities: the probability
        is the product, over the entity's moves, of the move's share of the valid moves' softmax (for
        an ensemble, of the combined scores; with "prob", of the averaged probabilities). The same
        entities as `entities`, about 3% slower."""
        return self._decode(docs, True)

    def _decode(self, docs: list[Doc], with_probs: bool) -> list[list[tuple[int, int, str, float]]]:
        lengths = numpy.array([len(doc) for doc in docs], dtype=numpy.int64)
        found: list[list[tuple[int, int, str, float]]] = [[] for _ in docs]
        running = [i for i, n in enumerate(lengths) if n > 0]
        if not running:
            return found
        batch = [docs[i] for i in running]
        lengths = lengths[running]
        member_feats = [member.features(batch) for member in self.members]
        total = int(lengths.sum())
        starts = numpy.zeros(len(batch), dtype=numpy.int64)
        numpy.cumsum(lengths[:-1], out=starts[1:])
        doc_starts = starts.tolist()
        arrays = [doc.to_array([IS_SPACE, SENT_START]).astype(numpy.int64) for doc in batch]
        flags = numpy.concatenate(arrays).reshape(total, 2)
        is_space = flags[:, 0] != 0
        # B and I need a next token in the same document that does not start a sentence.
        can_continue = numpy.ones(total + 1, dtype=bool)
        can_continue[:total] = numpy.roll(flags[:, 1] != 1, -1)
        can_continue[starts + lengths - 1] = False
        # The valid moves depend only on the state's situation: for a state with no open entity,
        # whether its token may begin one (next token in the same sentence) and is whitespace;
        # for one with an open entity, that entity's label and whether it may go on.
        closed_code = 2 * can_continue[:total] + is_space
        kinds, move_label = self.kinds, self.move_label
        # Documents longest first, so the ones still running at step t are a prefix.
        order = numpy.argsort(-lengths, kind="stable")
        starts, lengths = starts[order], lengths[order]
        open_start = numpy.full(len(batch), -1, dtype=numpy.int64)
        open_label = numpy.full(len(batch), -1, dtype=numpy.int64)
        open_logp = numpy.zeros(len(batch), dtype=numpy.float64)
        no_logp = numpy.zeros(len(batch), dtype=numpy.float64)  # without probabilities: every entity 1.0
        spans: list[tuple[numpy.ndarray, ...]] = []
        n_running = len(batch)
        penalty, members, combine = self.penalty, self.members, self.combine
        for t in range(int(lengths[0])):
            while lengths[n_running - 1] <= t:
                n_running -= 1
            token = starts[:n_running] + t
            ent_start = open_start[:n_running]
            ent_label = open_label[:n_running]
            is_open = ent_start >= 0
            code = numpy.where(is_open, 4 + 2 * ent_label + can_continue[token], closed_code[token])
            valid = penalty[code]
            if len(members) == 1:
                scores = members[0].scores(member_feats[0], token, ent_start, is_open)
                scores += valid
            elif combine == "sum":
                scores = valid.copy()
                for member, feats in zip(members, member_feats):
                    scores += member.scores(feats, token, ent_start, is_open)
            else:  # "prob": the members' probabilities over the valid moves, averaged
                scores = numpy.zeros_like(valid)
                for member, feats in zip(members, member_feats):
                    member_scores = member.scores(feats, token, ent_start, is_open) + valid
                    member_scores -= member_scores.max(axis=1, keepdims=True)
                    numpy.exp(member_scores, out=member_scores)
                    member_scores /= member_scores.sum(axis=1, keepdims=True)
                    scores += member_scores
            best = scores.argmax(axis=1)
            kind = kinds[best]
            rows = numpy.flatnonzero(kind != OUT) if with_probs else ()
            step_logp = numpy.zeros(n_running) if with_probs else no_logp
            if len(rows):  # the log-probability of the move taken, for the entity it opens, goes on or closes
                picked = scores[rows]
                top = picked[numpy.arange(len(rows)), best[rows]]
                if combine == "prob" and len(members) > 1:
                    logp = numpy.log(top / picked.sum(axis=1))
                else:
                    logp = -numpy.log(numpy.exp(picked - top[:, None]).sum(axis=1))
                step_logp[rows] = logp
            rows = numpy.flatnonzero(kind == BEGIN)
            if len(rows):
                open_start[rows] = token[rows]
                open_label[rows] = move_label[best[rows]]
                open_logp[rows] = step_logp[rows]
            if with_probs:
                rows = numpy.flatnonzero(kind == IN)
                open_logp[rows] += step_logp[rows]
            rows = numpy.flatnonzero(kind == LAST)
            if len(rows):
                spans.append((order[rows], ent_start[rows], token[rows] + 1, ent_label[rows],
                              open_logp[rows] + step_logp[rows]))
                open_start[rows] = -1
                open_label[rows] = -1
            rows = numpy.flatnonzero(kind == UNIT)
            if len(rows):
                spans.append((order[rows], token[rows], token[rows] + 1, move_label[best[rows]], step_logp[rows]))
        by_doc: list[list[tuple[int, int, str, float]]] = [[] for _ in batch]
        for doc_rows, ent_starts, ent_ends, labels, logps in spans:
            for d, s, e, lab, lp in zip(doc_rows.tolist(), ent_starts.tolist(), ent_ends.tolist(), labels.tolist(),
                                        numpy.exp(logps).tolist()):
                by_doc[d].append((s - doc_starts[d], e - doc_starts[d], self.label_names[lab], lp))
        for i, ents in zip(running, by_doc):
            found[i] = sorted(ents)
        return found


class GreedyEntityRecognizer:
    """Sets `doc.ents` from a trained spaCy `EntityRecognizer` (the pipe named `source`), decoded
    by `Decoder` instead of spaCy's loop. Disable the source pipe so it does not run twice.

    `members` names further recognisers (pipes of the same pipeline, trained on the same labels
    with other seeds, each with its own token encoder) whose scores are combined with the source's
    at every move (`combine`: "sum" or "prob", see `COMBINE`): an ensemble. With `probabilities`,
    `doc._.kg_ner_probs` maps each entity's (start, end) tokens to its probability
    (`Decoder.scored_entities`). Documents with preset entities are decoded by the source alone, with
    spaCy's own rules (and get no probabilities)."""

    def __init__(self, nlp: Language, name: str = "kg_ner", source: str = "ner", members: Sequence[str] = (),
                 combine: str = "sum", probabilities: bool = False) -> None:
        self.nlp = nlp
        self.name = name
        self.source = source
        self.members = list(members)
        self.combine = check_combine(combine)
        self.probabilities = probabilities
        self._decoder: Optional[Decoder] = None

    @property
    def decoder(self) -> Decoder:
        if self._decoder is None:
            others = [self.nlp.get_pipe(member) for member in self.members]
            self._decoder = Decoder(self.nlp.get_pipe(self.source), *others, combine=self.combine)
        return self._decoder

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        has_ents = [doc.has_annotation("ENT_IOB") for doc in docs]
        preset = [doc for doc, has in zip(docs, has_ents) if has]
        plain = [doc for doc, has in zip(docs, has_ents) if not has]
        if preset:  # spaCy's own rules for preset entities
            recognizer = self.decoder.recognizer
            recognizer.set_annotations(preset, recognizer.predict(preset))
        decoded = self.decoder.scored_entities(plain) if self.probabilities else self.decoder.entities(plain)
        for doc, ents in zip(plain, decoded):
            doc.set_ents([Span(doc, e[0], e[1], label=e[2]) for e in ents], default="outside")
            if self.probabilities:
                doc._.kg_ner_probs = {(start, end): prob for start, end, _, prob in ents}
        return docs
