"""Force-directed placement of nodes with numpy: fast enough for 5,000-node views, seeded.

Works on plain arrays (node count, edge index pairs); `kg.graph.layout` splits a networkx graph
into components, places each with `force_layout` and tiles them with `pack`.
"""

from __future__ import annotations

import math

import numpy as np

#: Up to this many nodes, repulsion is computed for every pair; above, far nodes repel as cells.
EXACT_LIMIT = 500
#: Distance (in edge lengths) under which repulsion is always computed pair by pair.
NEAR = 2.0


def force_layout(n: int, edges: np.ndarray, *, seed: int = 7, iterations: int | None = None) -> np.ndarray:
    """Fruchterman-Reingold positions, shape (n, 2), with edges about one unit long.

    Edges attract (force d^2), nodes repel (force 1/d), a weak pull keeps loose parts near the
    centre, and the step size cools geometrically. Above EXACT_LIMIT nodes, repulsion between
    far nodes comes from the centroids of a grid of cells and near pairs (k-d tree) repel
    exactly, so a step costs about O(n log n + n * cells) instead of O(n^2).
    """
    if n == 0:
        return np.zeros((0, 2))
    if n == 1:
        return np.zeros((1, 2))
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    edges = edges[edges[:, 0] != edges[:, 1]]
    if iterations is None:
        iterations = 100 if n <= EXACT_LIMIT else 70
    rng = np.random.default_rng(seed)
    pos = rng.uniform(-1.0, 1.0, (n, 2)) * math.sqrt(n)
    temperature = max(math.sqrt(n) / 3, 1.0)
    cooling = 0.01 ** (1.0 / iterations)
    repel = _repel_exact if n <= EXACT_LIMIT else _repel_grid
    src, dst = edges[:, 0], edges[:, 1]
    for _ in range(iterations):
        disp = repel(pos) - 0.05 * pos
        if len(edges):
            d = pos[src] - pos[dst]
            f = d * np.sqrt((d * d).sum(1))[:, None]
            disp += _scatter(dst, f, n) - _scatter(src, f, n)
        length = np.sqrt((disp * disp).sum(1)) + 1e-9
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature *= cooling
    return pos - pos.mean(0)


def _scatter(at: np.ndarray, force: np.ndarray, n: int) -> np.ndarray:
    """Sum rows of `force` per node index `at` (np.bincount: much faster than np.add.at)."""
    return np.stack([np.bincount(at, force[:, 0], n), np.bincount(at, force[:, 1], n)], 1)


def _repel_exact(pos: np.ndarray, chunk: int = 256) -> np.ndarray:
    out = np.empty_like(pos)
    for start in range(0, len(pos), chunk):
        d = pos[start:start + chunk, None, :] - pos[None, :, :]
        dist2 = (d * d).sum(2)
        np.maximum(dist2, 1e-4, out=dist2)
        out[start:start + chunk] = (d / dist2[:, :, None]).sum(1)
    return out


def _repel_grid(pos: np.ndarray) -> np.ndarray:
    from scipy.spatial import cKDTree

    n = len(pos)
    out = np.zeros_like(pos)
    pairs = cKDTree(pos).query_pairs(r=NEAR, output_type="ndarray")
    if len(pairs):
        d = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        f = d / np.maximum((d * d).sum(1), 1e-4)[:, None]
        out += _scatter(pairs[:, 0], f, n) - _scatter(pairs[:, 1], f, n)
    # Far field: every node feels each cell's other nodes as one mass at their centroid. The
    # grid spans the central 98% of nodes (outliers join the edge cells) at about NEAR a cell.
    # All cells are summed first (float32), then each node's own cell is corrected to leave
    # the node itself out.
    low, high = np.quantile(pos, 0.01, axis=0), np.quantile(pos, 0.99, axis=0)
    cells = int(np.clip(float((high - low).max()) / NEAR, 2, 24))
    cell = np.clip(((pos - low) / np.maximum(high - low, 1e-9) * cells).astype(np.int64), 0, cells - 1)
    cid = cell[:, 0] * cells + cell[:, 1]
    size = cells * cells
    count = np.bincount(cid, minlength=size).astype(float)
    sx, sy = np.bincount(cid, pos[:, 0], size), np.bincount(cid, pos[:, 1], size)
    used = np.flatnonzero(count)
    px, py = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
    dx = px[:, None] - (sx[used] / count[used]).astype(np.float32)[None, :]
    dy = py[:, None] - (sy[used] / count[used]).astype(np.float32)[None, :]
    weight = count[used].astype(np.float32)[None, :] / np.maximum(dx * dx + dy * dy, NEAR * NEAR)
    out[:, 0] += (weight * dx).sum(1)
    out[:, 1] += (weight * dy).sum(1)

    def pull(mass, cx, cy):  # the far-field term of one (mass, centroid) per node
        ex, ey = pos[:, 0] - cx, pos[:, 1] - cy
        w = mass / np.maximum(ex * ex + ey * ey, NEAR * NEAR)
        return np.stack([w * ex, w * ey], 1)

    mass = count[cid]
    others = np.maximum(mass - 1.0, 1.0)
    out -= pull(mass, sx[cid] / mass, sy[cid] / mass)
    out += pull(mass - 1.0, (sx[cid] - pos[:, 0]) / others, (sy[cid] - pos[:, 1]) / others)
    return out


def normalise(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Scale `pos` so that its median edge is one unit long (unchanged without edges)."""
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    if len(edges) == 0 or len(pos) < 2:
        return pos
    d = pos[edges[:, 0]] - pos[edges[:, 1]]
    median = float(np.median(np.sqrt((d * d).sum(1))))
    return pos / median if median > 1e-9 else pos


def pack(blocks: list[np.ndarray], *, gap: float = 2.0) -> list[np.ndarray]:
    """Shift each block of positions so that the blocks tile in rows, largest first as given.

    Rows are about as wide as the square root of the total block area, so the result is
    roughly square; each block keeps its own shape.
    """
    boxes = []
    for block in blocks:
        low = block.min(0) if len(block) else np.zeros(2)
        high = block.max(0) if len(block) else np.zeros(2)
        boxes.append((low, high - low + gap))
    width = math.sqrt(sum(float(s[0] * s[1]) for _, s in boxes)) * 1.15
    width = max(width, max((float(s[0]) for _, s in boxes), default=0.0))
    placed, x, y, row = [], 0.0, 0.0, 0.0
    for block, (low, span) in zip(blocks, boxes):
        if x > 0 and x + span[0] > width:
            x, y, row = 0.0, y + row, 0.0
        placed.append(block - low + np.array([x, y]))
        x += float(span[0])
        row = max(row, float(span[1]))
    return placed
