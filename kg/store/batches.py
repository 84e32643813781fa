"""Cut a graph's rows into transactions, and say which transactions may run at the same time.

A load runs in three phases, each finished before the next starts, because each MATCHes what
the one before MERGEd: nodes (papers and entities), then results (a Result node and its REPORTS
edge), then every other relationship (relations, paper links, result edges).

Two transactions that write relationships of the same node lock that node, in no fixed order,
so running them at once could deadlock (the driver retries a deadlocked transaction, but its
work and about a second of waiting are lost). To let `workers` transactions run at once without
that, every node id falls into one of a few groups (by a stable hash; a result into its paper's),
every relationship row goes into the bucket of its two ends' groups, and a transaction holds rows
of one bucket only: transactions whose groups are disjoint touch disjoint nodes. With 4 groups,
2 workers always find two disjoint buckets ({0,1} with {2,3}, ...). Node rows each touch their
own node only (MERGE on a unique id), so their transactions never conflict. Neo4j also locks the
relationship at the head of each end's chain when it adds one, and an existing relationship can
join two groups, so two transactions on disjoint groups can still meet, rarely (none in the
benchmark's loads); the driver retries a transaction that deadlocks.

A transaction holds at most `batch_size` rows and may run several statements (one per kind of
row), each an `UNWIND $rows AS row MERGE ...` of kg/store/cypher.py.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass
from typing import Iterable, Iterator, Mapping, NamedTuple

from kg.store import cypher
from kg.store.rows import GraphRows


class Part(NamedTuple):
    """Rows of one kind sent with their statement: `what` names them in messages."""

    what: str
    statement: str
    rows: list[dict]


@dataclass(frozen=True)
class Batch:
    """The rows of one transaction, and the node groups whose nodes they lock (none for node rows)."""

    parts: tuple[Part, ...]
    groups: frozenset[int] = frozenset()

    def __len__(self) -> int:
        return sum(len(part.rows) for part in self.parts)

    @property
    def what(self) -> str:
        return ", ".join(dict.fromkeys(part.what for part in self.parts))


def groups_for(workers: int) -> int:
    """How many node groups `workers` concurrent transactions need: one group is enough for one."""
    return 1 if workers <= 1 else 2 * workers


def group(node_id: str, groups: int) -> int:
    """The group of a node id: a stable hash, the same in every run and process."""
    return zlib.crc32(node_id.encode("utf-8")) % groups if groups > 1 else 0


def node_steps(rows: GraphRows) -> list[Part]:
    """Papers and entities, one part per statement."""
    return [Part("papers", cypher.MERGE_PAPERS, rows.papers),
            *(Part(f"{t.value} entities", cypher.MERGE_ENTITIES[t], r) for t, r in rows.entities.items())]


def result_steps(rows: GraphRows) -> list[tuple[Part, str, str]]:
    """Results, with the two ends of their REPORTS edge."""
    return [(Part("results", cypher.MERGE_RESULTS, rows.results), "paper", "id")]


def edge_steps(rows: GraphRows) -> list[tuple[Part, str, str]]:
    """Relations, paper links and result edges, each with the row keys of its two ends."""
    steps = [(Part(f"{t.value} relations", cypher.MERGE_RELATIONS[t], r), "head", "tail")
             for t, r in rows.relations.items()]
    steps += [(Part(f"{t.value} paper links", cypher.MERGE_LINKS[t], r), "paper", "entity")
              for t, r in rows.links.items()]
    steps += [(Part(f"{e.name} result edges", cypher.MERGE_RESULT_EDGES[e], r), "result", "entity")
              for e, r in rows.result_edges.items()]
    return steps


def _pack(parts: Iterable[Part], batch_size: int, groups: frozenset[int]) -> Iterator[Batch]:
    """Consecutive parts cut into batches of at most `batch_size` rows (a batch may span parts)."""
    current: list[Part] = []
    room = batch_size
    for part in parts:
        start = 0
        while start < len(part.rows):
            taken = part.rows[start:start + room]
            current.append(Part(part.what, part.statement, taken))
            start += len(taken)
            room -= len(taken)
            if room == 0:
                yield Batch(tuple(current), groups)
                current, room = [], batch_size
    if current:
        yield Batch(tuple(current), groups)


def rounds(groups: int) -> list[list[frozenset[int]]]:
    """Every pair of `groups` (an even number) once, in rounds of pairs that share no group.

    The circle method: group 0 stays, the others turn one place each round.
    """
    others = list(range(1, groups))
    result = []
    for _ in range(groups - 1):
        ring = [0, *others]
        result.append([frozenset((ring[i], ring[-1 - i])) for i in range(groups // 2)])
        others = others[-1:] + others[:-1]
    return result


def _bucketed(steps: list[tuple[Part, str, str]], batch_size: int, groups: int,
              homes: Mapping[str, str]) -> list[Batch]:
    """Rows bucketed by the groups of their two ends, each bucket packed into batches.

    A node id in `homes` takes the group of the id it maps to (a result goes with its paper, so
    that REPORTS edges stay within one group). The buckets of two groups come first, round by
    round (`rounds`), so that two workers find disjoint buckets side by side. The buckets within
    one group come last, cut into quarter batches: a worker that finishes its bucket of a round
    before the other takes those, as they are disjoint from the other's bucket, instead of
    waiting for the next round.
    """
    known: dict[str, int] = {}
    buckets: dict[tuple[int, int], dict[int, list[dict]]] = {}
    for index, (part, head, tail) in enumerate(steps):
        heads, tails = [row[head] for row in part.rows], [row[tail] for row in part.rows]
        for node_id in set(heads).union(tails).difference(known):
            known[node_id] = group(homes.get(node_id, node_id), groups)
        for row, head_id, tail_id in zip(part.rows, heads, tails):
            ends = sorted((known[head_id], known[tail_id]))
            buckets.setdefault((ends[0], ends[1]), {}).setdefault(index, []).append(row)

    def packed(ends: tuple[int, int], size: int) -> list[Batch]:
        parts = (Part(steps[i][0].what, steps[i][0].statement, r) for i, r in sorted(buckets[ends].items()))
        return list(_pack(parts, size, frozenset(ends)))

    if groups == 1:
        return packed((0, 0), batch_size) if buckets else []
    batches = [batch for round_ in rounds(groups) for pair in round_
               if (ends := (min(pair), max(pair))) in buckets for batch in packed(ends, batch_size)]
    # The buckets within one group, a quarter batch at a time, taking turns: whatever is left
    # when the pairs are done is spread over all groups, so the workers finish together.
    singles = [packed((g, g), max(1, batch_size // 4)) for g in range(groups) if (g, g) in buckets]
    batches += [batch for turn in itertools.zip_longest(*singles) for batch in turn if batch is not None]
    return batches


def phases(rows: GraphRows, batch_size: int, workers: int = 1) -> Iterator[list[Batch]]:
    """The load of `rows` as phases of batches, for `workers` concurrent transactions, each phase
    cut only when asked for (the writer plans the next phase while it writes one).

    With one worker there is one group, so the batches are the rows in statement order, cut
    every `batch_size` rows.
    """
    if batch_size < 1:
        raise ValueError(f"batch size must be at least 1, got {batch_size}")
    groups = groups_for(workers)
    nodes = list(_pack(node_steps(rows), batch_size, frozenset()))
    if nodes:
        yield nodes
    homes = {row["id"]: row["paper"] for row in rows.results}
    for steps in (result_steps(rows), edge_steps(rows)):
        batches = _bucketed(steps, batch_size, groups, homes)
        if batches:
            yield batches


def plan(rows: GraphRows, batch_size: int, workers: int = 1) -> list[list[Batch]]:
    """All the phases of `phases` at once."""
    return list(phases(rows, batch_size, workers))
