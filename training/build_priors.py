"""Build kg/data/type_priors.json: how often each name and each head word is of each type.

Counted over the guideline-style training annotations only (`../shared/annotation/train-scirex.jsonl`,
Apache-2.0 texts, and kg's own `training/annotations/corpus-b*.jsonl`, CC0 texts); never over the
dev gold, the evaluation-only benchmarks or the SciREX conclusions kept for tuning. The extractor
uses these counts as type votes:
"value function estimation" reads as a Task, "behavior cloning" as a Method.

    python -m training.build_priors
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from kg.names import normalize

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT.parent / "shared" / "annotation" / "train-scirex.jsonl",
           *sorted((ROOT / "training" / "annotations").glob("corpus-b*.jsonl"))]
OUT = ROOT / "kg" / "data" / "type_priors.json"
MIN_HEAD_COUNT = 3


def count(paths=SOURCES, exclude=frozenset()) -> dict:
    """Type counts of every annotated name and head word in `paths`, records whose id is in
    `exclude` left out (training/crossval.py holds out a fold)."""
    names: dict[str, Counter] = defaultdict(Counter)
    heads: dict[str, Counter] = defaultdict(Counter)
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                record = json.loads(line)
                if record.get("id") in exclude:
                    continue
                for entity in record["entities"]:
                    for surface in [entity["name"], *entity.get("aliases", [])]:
                        key = normalize(surface)
                        if not key:
                            continue
                        names[key][entity["type"]] += 1
                        if " " in key:
                            heads[key.split()[-1]][entity["type"]] += 1
    return {
        "sources": [p.name for p in paths],
        "names": {k: dict(sorted(v.items())) for k, v in sorted(names.items())},
        "heads": {k: dict(sorted(v.items())) for k, v in sorted(heads.items()) if sum(v.values()) >= MIN_HEAD_COUNT},
    }


def main() -> None:
    priors = count()
    OUT.write_text(json.dumps(priors, indent=0, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(priors['names'])} names, {len(priors['heads'])} head words")


if __name__ == "__main__":
    main()
