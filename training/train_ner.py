"""Train the shipped entity recogniser and write it to kg/models/ner/ (`make train`).

The pipeline is built from training/ner.cfg (tok2vec + ner, no vectors) on spaCy's default
English tokenizer. Each epoch mixes the sources by the weights of the config's [kg_train]
section. After each epoch the model is scored on the *tune* part of dev-gold.jsonl (its first 15
records). With `select = "best"` (the default when the config does not set it) the best epoch is
kept (early stopping); with `select = "last"` (training/ner.cfg's, how the shipped model is trained)
the last epoch's weights are, and the tune scores only go to the log. With `use_averages = true` in [training.optimizer] the optimizer's running
averages of the weights are the ones scored and kept. The last 15 records (held-out part) are
scored only when asked with --heldout, once, at the end.

    python -m training.train_ner [--config training/ner.cfg] [--out kg/models/ner]
                                 [--set kg_train.weight_tdmsci=0.5 ...] [--heldout]
                                 [--init-tok2vec /tmp/pretrain/model-last.bin]
    python -m training.train_ner --score-only [--out kg/models/ner] [--heldout]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: the machine is shared, and timings stay honest

import spacy  # noqa: E402
from spacy.training import Example  # noqa: E402
from spacy.training.batchers import minibatch_by_words
from spacy.util import fix_random_seed, load_config, load_model_from_config
from thinc.api import Config

from training import data as D
from training.score import format_report, score

TUNE_SIZE = 15
DEFAULT_CONFIG = Path("training/ner.cfg")
DEFAULT_OUT = Path("kg/models/ner")
#: which epoch's weights `train` keeps ([kg_train] select, the first is the default): the best on the
#: tune part, or the last one
SELECT = ("best", "last")


def _parse_overrides(pairs: list[str]) -> dict:
    overrides = {}
    for pair in pairs:
        key, _, value = pair.partition("=")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    return overrides


def load_sources(settings: dict, exclude_ids: set[str], held_out: set[str] = frozenset()
                 ) -> dict[str, list[D.Sample]]:
    """The training samples of each source whose weight is above zero; `held_out` ids are dropped, and
    with a SciREX id every sample of the same paper (its full-text sentences and its conclusion)."""
    sources: dict[str, list[D.Sample]] = {}
    if settings["weight_train_scirex"] > 0:
        sources["train_scirex"] = D.load_train_scirex()
    if settings["weight_corpus"] > 0:
        sources["corpus"] = D.load_corpus_batches(exclude=exclude_ids)
    if settings.get("weight_scirex_concl", 0) > 0:
        sources["scirex_concl"] = D.load_scirex_conclusions()
    if settings["weight_tdmsci"] > 0:
        sources["tdmsci"] = D.load_tdmsci()
    if settings["weight_scirex_full"] > 0:
        sources["scirex_full"] = D.load_scirex_fulltext()
    if settings.get("weight_silver", 0) > 0:
        from training.silver import load_silver

        sources["silver"] = load_silver(Path(settings["silver_path"]))
    held_papers = {D.paper_key(i) for i in held_out} - {None}
    sources = {name: [s for s in samples if s.id not in held_out and D.paper_key(s.id) not in held_papers]
               for name, samples in sources.items()}
    for name, samples in sources.items():
        leaked = {s.id for s in samples} & exclude_ids
        if leaked:
            raise SystemExit(f"{name}: dev-gold ids in training data: {sorted(leaked)[:5]}")
    return sources


def epoch_examples(pools: dict[str, list[Example]], weights: dict[str, float],
                   rng: random.Random) -> list[Example]:
    """One epoch: `weight` copies of each pool (the fractional part as a random subsample)."""
    out: list[Example] = []
    for name in sorted(pools):
        pool, weight = pools[name], weights[name]
        whole, frac = int(weight), weight - int(weight)
        out.extend(pool * whole)
        if frac > 0:
            out.extend(rng.sample(pool, int(round(frac * len(pool)))))
    rng.shuffle(out)
    return out


def predict(nlp, records: list[dict]) -> list[list[tuple[str, str]]]:
    """(label, surface) of each entity the model finds in each record's text."""
    texts = [D.record_text(r) for r in records]
    return [[(e.label_, e.text) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=64)]


def objective(report: dict) -> float:
    """The tuning objective: the mean of lenient and strict overall F1."""
    return (report["lenient"]["all"]["f"] + report["strict"]["all"]["f"]) / 2


def averaged(nlp, optimizer):
    """Use the optimizer's running averages of the weights inside the block, when it keeps them
    (`use_averages = true` in [training.optimizer]); otherwise the weights as they are."""
    if getattr(optimizer, "averages", None):
        return nlp.use_params(optimizer.averages)
    return contextlib.nullcontext()


def load_recogniser(path: Path):
    """The recogniser at `path` as a spaCy pipeline, decoded by kg_ner as kg's pipeline decodes it
    (an ensemble, `add_members`, as one)."""
    import kg.extract.factories  # noqa: F401  (registers kg_ner)
    from kg.extract.ner_decode import use_kg_ner

    nlp = spacy.load(path)
    use_kg_ner(nlp)
    return nlp


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def measure_speed(path: Path, records: list[dict], repeats: int = 3) -> tuple[float, float, float]:
    """(load seconds, abstracts/s by wall clock, abstracts/s by CPU time) of `nlp.pipe`.

    The best of `repeats` passes over the texts; CPU time shows the speed on an idle core
    when the machine is shared.
    """
    start = time.perf_counter()
    nlp = load_recogniser(path)
    load_s = time.perf_counter() - start
    texts = [D.record_text(r) for r in records]
    list(nlp.pipe(texts[:16]))  # warm up
    wall = cpu = float("inf")
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        for _doc in nlp.pipe(texts, batch_size=64):
            pass
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return load_s, len(texts) / wall, len(texts) / cpu


def report_model(path: Path, heldout: bool) -> None:
    """Print the tune-part scores (and held-out ones if asked), load time and speed."""
    nlp = load_recogniser(path)
    dev = D.read_jsonl(D.DEV_GOLD)
    tune, held = dev[:TUNE_SIZE], dev[TUNE_SIZE:]
    print(f"model {path}: {dir_size(path) / 1e6:.1f} MB on disk")
    print("tune part (dev-gold records 1-15):")
    print(format_report(score(predict(nlp, tune), tune)))
    if heldout:
        print("held-out part (dev-gold records 16-30):")
        print(format_report(score(predict(nlp, held), held)))
    corpus = D.read_jsonl(D.CORPUS)
    load_s, wall_rate, cpu_rate = measure_speed(path, corpus)
    print(f"load {load_s:.2f} s; NER speed on {len(corpus)} corpus texts with nlp.pipe, one "
          f"thread: {wall_rate:.0f} abstracts/s wall clock, {cpu_rate:.0f} abstracts/s CPU time")


def load_init_tok2vec(nlp, path: Path) -> None:
    """Load `spacy pretrain` weights (training/pretrain_tok2vec.py) into the tok2vec component, as
    spaCy's `init_tok2vec` does ([pretraining] component "tok2vec", whole layer)."""
    if not path.exists():
        raise SystemExit(f"can't find pretrained tok2vec: {path}")
    nlp.get_pipe("tok2vec").model.from_bytes(path.read_bytes())
    print(f"loaded pretrained tok2vec weights from {path}")


def member_name(seed: int) -> str:
    """The pipe name of the ensemble member trained with `seed`."""
    return f"ner_seed{seed}"


def checked_combine(combine: str) -> str:
    """[kg_train] combine, if kg_ner knows it; SystemExit otherwise."""
    from kg.extract.ner_decode import check_combine

    try:
        return check_combine(combine)
    except ValueError as err:
        raise SystemExit(f"kg_train.combine: {err}") from err


def add_members(out: Path, members: list[tuple[str, Path]], combine: str) -> None:
    """Add the recognisers at `members` ((pipe name, model folder)) to the pipeline at `out` as
    disabled pipes, each with its own copy of its token encoder, and name them in its meta, so
    `kg_ner` decodes them as one ensemble (kg.extract.ner_decode)."""
    checked_combine(combine)
    nlp = spacy.load(out)
    for name, path in members:
        member = spacy.load(path)
        member.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        nlp.add_pipe("ner", name=name, source=member)
        nlp.disable_pipe(name)
    nlp.meta["kg_ner"] = {"members": [name for name, _ in members], "combine": combine}
    shutil.rmtree(out)
    nlp.to_disk(out)


def train(config_path: Path, out: Path, overrides: dict, heldout: bool,
          init_tok2vec: Path | None = None, held_out: Iterable[str] = ()) -> None:
    """Train and write the recogniser to `out`; records whose id is in `held_out` (besides the dev
    gold, always left out) are left out of every source (training/crossval.py holds out a batch).

    With [kg_train] ensemble_seeds, one more recogniser is trained for each of those seeds (same
    data and settings) and added to the pipeline as a member of an ensemble (`add_members`)."""
    config = load_config(config_path, overrides=overrides, interpolate=False)
    settings = config.interpolate()["kg_train"]
    seeds = [int(seed) for seed in settings.get("ensemble_seeds", [])]
    combine = settings.get("combine", "sum")
    if seeds:
        checked_combine(combine)
        if len(set(seeds)) != len(seeds) or config.interpolate()["system"]["seed"] in seeds:
            raise SystemExit(f"kg_train.ensemble_seeds must differ from each other and from system.seed: {seeds}")
    _train_one(config, out, heldout, init_tok2vec, held_out, report=not seeds)  # an ensemble is reported whole
    if not seeds:
        return
    with tempfile.TemporaryDirectory(prefix="kg-ensemble-") as tmp:
        members = []
        for seed in seeds:
            member_overrides = {**overrides, "system.seed": seed, "kg_train.ensemble_seeds": []}
            member_config = load_config(config_path, overrides=member_overrides, interpolate=False)
            print(f"training ensemble member with seed {seed}", flush=True)
            path = Path(tmp) / member_name(seed)
            _train_one(member_config, path, False, init_tok2vec, held_out, report=False)
            members.append((member_name(seed), path))
        add_members(out, members, combine)
    print(f"ensemble of {1 + len(seeds)} recognisers (seeds {config.interpolate()['system']['seed']}, "
          f"{', '.join(map(str, seeds))}; scores combined by {combine})")
    report_model(out, heldout)


def _train_one(config: Config, out: Path, heldout: bool, init_tok2vec: Path | None = None,
               held_out: Iterable[str] = (), report: bool = True) -> None:
    started = time.perf_counter()
    settings = config.interpolate()["kg_train"]
    select = settings.get("select", SELECT[0])
    if select not in SELECT:
        raise SystemExit(f"kg_train.select must be one of {', '.join(SELECT)}, not {select!r}")
    if init_tok2vec is None and config.interpolate()["initialize"].get("init_tok2vec"):
        init_tok2vec = Path(config.interpolate()["initialize"]["init_tok2vec"])
    seed = config.interpolate()["system"]["seed"]
    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = load_model_from_config(config, auto_fill=True, validate=True)
    nlp.meta.update({"name": "kg_ner", "version": "0.1.0",
                     "description": "kg entity recogniser: Method, Dataset, Metric, Task"})

    dev = D.read_jsonl(D.DEV_GOLD)
    tune, held = dev[:TUNE_SIZE], dev[TUNE_SIZE:]
    sources = load_sources(settings, {r["id"] for r in dev}, set(held_out))
    weights = {"train_scirex": settings["weight_train_scirex"], "corpus": settings["weight_corpus"],
               "scirex_concl": settings.get("weight_scirex_concl", 0),
               "tdmsci": settings["weight_tdmsci"], "scirex_full": settings["weight_scirex_full"],
               "silver": settings.get("weight_silver", 0)}
    pools = {name: [Example(nlp.make_doc(s.text), D.to_doc(nlp, s)) for s in samples]
             for name, samples in sources.items() if samples}
    for name, pool in pools.items():
        spans = sum(len(e.reference.ents) for e in pool)
        print(f"source {name}: {len(pool)} docs, {spans} spans, weight {weights[name]}")

    every = [e for pool in pools.values() for e in pool]
    optimizer = nlp.initialize(lambda: every)
    if init_tok2vec is not None:
        load_init_tok2vec(nlp, init_tok2vec)
    best_score, best_bytes, best_epoch, stale = -1.0, None, 0, 0
    for epoch in range(1, settings["max_epochs"] + 1):
        losses: dict[str, float] = {}
        batch = epoch_examples(pools, weights, rng)
        for minibatch in minibatch_by_words(batch, size=settings["batch_words"], tolerance=0.2):
            nlp.update(minibatch, drop=settings["dropout"], sgd=optimizer, losses=losses)
        with averaged(nlp, optimizer):
            tune_scores = score(predict(nlp, tune), tune)
            current = objective(tune_scores)
            if select == "best" and current > best_score:
                best_bytes = nlp.to_bytes()
        print(f"epoch {epoch:3d} loss {losses.get('ner', 0):9.1f} tune lenient "
              f"{tune_scores['lenient']['all']['f']:.3f} strict {tune_scores['strict']['all']['f']:.3f}",
              flush=True)
        if select == "last":
            best_epoch = epoch
        elif current > best_score:
            best_score, best_epoch, stale = current, epoch, 0
        else:
            stale += 1
            if stale >= settings["patience"]:
                break
    if select == "last":
        with averaged(nlp, optimizer):
            best_bytes = nlp.to_bytes()
    nlp.from_bytes(best_bytes)
    train_s = time.perf_counter() - started

    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    print(f"kept epoch {best_epoch} ({select}); training time {train_s:.0f} s")
    if report:
        report_model(out, heldout)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        metavar="SECTION.KEY=VALUE", help="override a config value")
    parser.add_argument("--heldout", action="store_true",
                        help="also score the held-out part of dev-gold (report only)")
    parser.add_argument("--score-only", action="store_true",
                        help="do not train: score and time the model at --out")
    parser.add_argument("--init-tok2vec", type=Path, default=None, metavar="PATH",
                        help="pretrained tok2vec weights (spacy pretrain .bin) to start from; "
                             "also settable as paths.init_tok2vec")
    args = parser.parse_args(argv)
    if args.score_only:
        report_model(args.out, args.heldout)
    else:
        train(args.config, args.out, _parse_overrides(args.overrides), args.heldout,
              args.init_tok2vec)


if __name__ == "__main__":
    sys.exit(main())
