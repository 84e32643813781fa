"""Out-of-fold scores of the whole extractor on kg's own annotated corpus abstracts.

The dev gold has 30 records, and its held-out half only 15: one item more or less moves a figure
by a point or two. kg's annotators also labelled 122 other corpus abstracts to the same guideline
(`training/annotations/corpus-b1..3.jsonl`), which the shipped recogniser and type priors are
trained on. This script scores the pipeline on each batch with a recogniser and priors built
*without* that batch (three folds), so each abstract is scored by a model that never saw it:

    python -m training.crossval [--dir /tmp/kg-crossval] [--retrain] [--override system.seed=14 ...]

Training the three models takes about as long as three `make train` runs (some 6 minutes each
here); they are kept in --dir and reused unless --retrain. The figures are printed as `kg evaluate`
scores them (micro F1 over the 122 abstracts), beside the shipped model's on the same texts, which
saw them in training and so reads higher.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Iterable, Optional

from kg.evaluate import Report, score_record
from kg.model import Document, Extraction

from training import build_priors as P
from training import data as D

DEFAULT_DIR = Path("/tmp/kg-crossval")
KEYS = ("entities/lenient", "entities/strict", "entities/lenient/Method", "entities/lenient/Dataset",
        "entities/lenient/Metric", "entities/lenient/Task", "relations", "results/value+metric", "results/full")


def batches(directory: Path = D.ANNOTATIONS) -> list[Path]:
    """The corpus annotation batches, one fold each."""
    return sorted(directory.glob("corpus-b*.jsonl"))


def gold_records(batch: Path, corpus: Path = D.CORPUS) -> list[Extraction]:
    """The batch's annotations joined with their corpus texts (title and abstract)."""
    texts = {r["id"]: r for r in D.read_jsonl(corpus)}
    records = []
    for record in D.read_jsonl(batch):
        text = texts.get(record["id"])
        if text is None:
            raise SystemExit(f"{batch}: record {record['id']} is not in {corpus}")
        records.append(Extraction.model_validate({**record, "title": text["title"], "abstract": text["abstract"]}))
    return records


def fold_priors(held_out: Path) -> dict:
    """Type priors counted over every training source but `held_out`."""
    return P.count([p for p in P.SOURCES if p.resolve() != held_out.resolve()])


SCIREX_FOLDS = 3


def scirex_folds(path: Path = D.TRAIN_SCIREX, k: int = SCIREX_FOLDS) -> list[list[Extraction]]:
    """train-scirex.jsonl (annotated by the dev gold's annotator) in `k` folds by file order:
    record i goes to fold i mod k."""
    records = [Extraction.model_validate(r) for r in D.read_jsonl(path)]
    return [records[i::k] for i in range(k)]


def train_scirex_fold(records: list[Extraction], out: Path, overrides: Optional[dict] = None) -> None:
    """A recogniser and priors trained without `records` and without anything else from their papers
    (SciREX full-text sentences, conclusions), to out/ner and out/priors.json."""
    from training import train_ner

    held_ids = {r.id for r in records}
    out.mkdir(parents=True, exist_ok=True)
    (out / "priors.json").write_text(json.dumps(P.count(P.SOURCES, exclude=held_ids)), encoding="utf-8")
    train_ner.train(train_ner.DEFAULT_CONFIG, out / "ner", overrides or {}, False, held_out=held_ids)


def train_fold(held_out: Path, out: Path, overrides: Optional[dict] = None) -> None:
    """A recogniser trained as `make train` trains the shipped one, without `held_out`'s records,
    written to out/ner; and the priors without them, to out/priors.json."""
    from training import train_ner

    held_ids = {r["id"] for r in D.read_jsonl(held_out)}
    out.mkdir(parents=True, exist_ok=True)
    (out / "priors.json").write_text(json.dumps(fold_priors(held_out)), encoding="utf-8")
    train_ner.train(train_ner.DEFAULT_CONFIG, out / "ner", overrides or {}, False, held_out=held_ids)


def score_fold(records: Iterable[Extraction], model: Optional[Path], priors: Optional[dict],
               report: Optional[Report] = None) -> Report:
    """Run the pipeline (recogniser `model`, type `priors`; None: the shipped ones) on `records`
    and add their scores to `report`."""
    from kg.extract import Extractor
    from kg.extract.lexicon import TypePriors

    report = report if report is not None else Report()
    extractor = Extractor(model=model if model is not None else "default")
    if priors is not None:
        extractor.nlp.get_pipe("kg_entities").priors = TypePriors(priors["names"], priors["heads"])
    for gold in records:
        document = Document(id=gold.id, title=gold.title, abstract=gold.abstract)
        score_record(report, gold, extractor.extract(document))
    return report


def format_scores(columns: dict[str, Report]) -> str:
    names = list(columns)
    lines = [f"{'':26s}" + "".join(f"{name:>24s}" for name in names)]
    for key in KEYS:
        cells = []
        for name in names:
            score = columns[name].scores.get(key)
            cells.append(f"{score.f1:.3f} ({score.tp}/{score.pred}/{score.gold})" if score else "-")
        lines.append(f"{key:26s}" + "".join(f"{cell:>24s}" for cell in cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the fold models are kept")
    parser.add_argument("--retrain", action="store_true", help="train the fold models even if present")
    parser.add_argument("--set", choices=("corpus", "scirex"), default="corpus",
                        help="corpus: kg's annotated corpus batches (default); scirex: train-scirex.jsonl "
                             f"in {SCIREX_FOLDS} folds, annotated by the dev gold's annotator")
    parser.add_argument("--override", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="a training/ner.cfg value for the fold recognisers, as train_ner's --set "
                             "(system.seed=14; use a fresh --dir or --retrain)")
    args = parser.parse_args(argv)
    from training.train_ner import _parse_overrides

    overrides = _parse_overrides(args.override)
    if args.set == "scirex":
        return main_scirex(args.dir, args.retrain, overrides)
    folds = batches()
    if not folds:
        raise SystemExit(f"no corpus-b*.jsonl batches in {D.ANNOTATIONS}")
    if not D.CORPUS.exists():
        raise SystemExit(f"the corpus texts are not at {D.CORPUS} (../shared beside the project root)")
    out_of_fold, shipped = Report(), Report()
    for batch in folds:
        out = args.dir / batch.stem
        if args.retrain or not (out / "ner" / "meta.json").exists() or not (out / "priors.json").exists():
            print(f"training the recogniser without {batch.name} -> {out}", flush=True)
            train_fold(batch, out, overrides)
        records = gold_records(batch)
        priors = json.loads((out / "priors.json").read_text(encoding="utf-8"))
        score_fold(records, out / "ner", priors, out_of_fold)
        score_fold(records, None, None, shipped)
        print(f"scored {batch.name}: {len(records)} abstracts", flush=True)
    print(f"\nkg's annotated corpus abstracts ({', '.join(b.name for b in folds)}), micro F1 (tp/pred/gold):")
    print(format_scores({"out of fold": out_of_fold, "shipped (saw them)": shipped}))
    return 0


def main_scirex(directory: Path, retrain: bool, overrides: Optional[dict] = None) -> int:
    if not D.TRAIN_SCIREX.exists():
        raise SystemExit(f"train-scirex.jsonl is not at {D.TRAIN_SCIREX} (../shared beside the project root)")
    out_of_fold, shipped = Report(), Report()
    folds = scirex_folds()
    for number, records in enumerate(folds, 1):
        out = directory / f"scirex-f{number}"
        if retrain or not (out / "ner" / "meta.json").exists() or not (out / "priors.json").exists():
            print(f"training the recogniser without train-scirex fold {number} -> {out}", flush=True)
            train_scirex_fold(records, out, overrides)
        priors = json.loads((out / "priors.json").read_text(encoding="utf-8"))
        score_fold(records, out / "ner", priors, out_of_fold)
        score_fold(records, None, None, shipped)
        print(f"scored train-scirex fold {number}: {len(records)} abstracts", flush=True)
    print(f"\ntrain-scirex.jsonl ({sum(map(len, folds))} SciREX abstracts, {len(folds)} folds), "
          "micro F1 (tp/pred/gold):")
    print(format_scores({"out of fold": out_of_fold, "shipped (saw them)": shipped}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
