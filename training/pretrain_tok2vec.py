"""Pretrain the recogniser's tok2vec on unlabeled in-domain text (spaCy `pretrain`, characters objective).

Raw text (nothing labelled is used):
- SciREX full texts, train split (`../shared/benchmarks/scirex/train_docs/*.json`, Apache-2.0): each
  paper's sentences, detokenised, grouped into chunks of at most --chunk-words words;
- the corpus abstracts (`../shared/corpus/abstracts.jsonl`, title + "\\n" + abstract) *except* every
  id in `../shared/annotation/dev-gold.jsonl` (evaluation texts), repeated --corpus-copies times.
SciERC and SciER texts are never read (their licences forbid training).

The model is the tok2vec of training/ner.cfg (MultiHashEmbed + MaxoutWindowEncoder), so the weights
written load into it: `python -m training.train_ner --init-tok2vec OUT/model-last.bin`.
Pretraining stops after --epochs epochs or --max-minutes of wall clock, whichever comes first; the
weights are then written to OUT/model-last.bin (and OUT/model<N>.bin after each full epoch).

    python -m training.pretrain_tok2vec [--out /tmp/pretrain] [--epochs 4] [--max-minutes 24]
                                        [--max-texts N] [--seed 13]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one core: the machine is shared

import spacy  # noqa: E402
from spacy.training.pretrain import pretrain  # noqa: E402
from spacy.util import load_config  # noqa: E402
from thinc.api import Config  # noqa: E402

from training import data as D  # noqa: E402

DEFAULT_CONFIG = Path("training/ner.cfg")
DEFAULT_OUT = Path("/tmp/pretrain")


def scirex_chunks(directory: Path = D.SCIREX_DOCS, chunk_words: int = 200) -> list[str]:
    """The sentences of each SciREX paper as running text, in chunks of at most `chunk_words` words
    (spaCy's pretraining corpus skips texts over 500 tokens)."""
    chunks: list[str] = []
    for path in sorted(directory.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        words = doc["words"]
        current: list[str] = []
        size = 0
        for start, end in doc["sentences"]:
            sentence = words[start:end]
            if not sentence:
                continue
            if sentence[0] == "section" and len(sentence) > 1 and sentence[1] == ":":
                sentence = sentence[2:]  # the inline section heading marker
            if size and size + len(sentence) > chunk_words:
                chunks.append(D.detokenize(current))
                current, size = [], 0
            current.extend(sentence[:chunk_words])
            size += min(len(sentence), chunk_words)
        if current:
            chunks.append(D.detokenize(current))
    return [c for c in chunks if len(c.split()) >= 5]


def corpus_texts(exclude: set[str]) -> list[str]:
    """The corpus abstracts (title, newline, abstract) whose ids are not in `exclude`."""
    records = D.read_jsonl(D.CORPUS)
    kept = [r for r in records if r["id"] not in exclude]
    print(f"corpus: {len(records)} abstracts, {len(records) - len(kept)} dev-gold ids excluded, "
          f"{len(kept)} kept", flush=True)
    return [D.record_text(r) for r in kept]


def write_raw_text(path: Path, seed: int, chunk_words: int, corpus_copies: int,
                   max_texts: int | None) -> tuple[int, int]:
    """Write the shuffled raw texts as JSONL ({"text": ...}); (number of texts, whitespace words)."""
    dev = D.dev_ids()
    if not dev:
        raise SystemExit(f"{D.DEV_GOLD} not found: cannot exclude the evaluation texts")
    scirex = scirex_chunks(chunk_words=chunk_words)
    abstracts = corpus_texts(dev)
    rng = random.Random(seed)
    if max_texts is not None and len(scirex) > max_texts:
        scirex = rng.sample(scirex, max_texts)
    texts = scirex + abstracts * corpus_copies
    rng.shuffle(texts)
    words = sum(len(t.split()) for t in texts)
    print(f"raw text: {len(scirex)} SciREX chunks + {len(abstracts)} abstracts x {corpus_copies} = "
          f"{len(texts)} texts, {words} words", flush=True)
    with open(path, "w", encoding="utf-8") as handle:
        for text in texts:
            handle.write(json.dumps({"text": text}) + "\n")
    return len(texts), words


def pretraining_config(config_path: Path, raw_text: Path, epochs: int, seed: int) -> Config:
    """training/ner.cfg with its [pretraining] block filled (characters objective on "tok2vec")."""
    config = load_config(config_path, interpolate=False)
    config.pop("kg_train", None)  # the kg training loop's settings: not spaCy's
    block = Config().from_str(f"""
[paths]
raw_text = "{raw_text}"

[system]
seed = {seed}

[pretraining]
max_epochs = {epochs}
dropout = 0.2
n_save_every = null
n_save_epoch = null
component = "tok2vec"
layer = ""
corpus = "corpora.pretrain"

[pretraining.batcher]
@batchers = "spacy.batch_by_words.v1"
size = 3000
discard_oversize = false
tolerance = 0.2
get_length = null

[pretraining.objective]
@architectures = "spacy.PretrainCharacters.v1"
maxout_pieces = 3
hidden_size = 300
n_characters = 4

[pretraining.optimizer]
@optimizers = "Adam.v1"
beta1 = 0.9
beta2 = 0.999
L2_is_weight_decay = true
L2 = 0.01
grad_clip = 1.0
use_averages = true
eps = 1e-8
learn_rate = 0.001

[corpora]

[corpora.pretrain]
@readers = "spacy.JsonlCorpus.v1"
path = ${{paths.raw_text}}
min_length = 5
max_length = 500
limit = 0
""", interpolate=False)
    return config.merge(block)


class _OutOfTime(Exception):
    pass


def _alarm(_signum, _frame):
    raise _OutOfTime()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--max-minutes", type=float, default=24.0,
                        help="stop (and save model-last.bin) after this much wall clock")
    parser.add_argument("--max-texts", type=int, default=None,
                        help="sample at most this many SciREX chunks")
    parser.add_argument("--chunk-words", type=int, default=200)
    parser.add_argument("--corpus-copies", type=int, default=3,
                        help="copies of the (non-dev) corpus abstracts per epoch")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    args.out.mkdir(parents=True, exist_ok=True)
    for old in list(args.out.glob("model*.bin")) + list(args.out.glob("log.jsonl")):
        old.unlink()
    raw_text = args.out / "raw_text.jsonl"
    write_raw_text(raw_text, args.seed, args.chunk_words, args.corpus_copies, args.max_texts)
    config = pretraining_config(args.config, raw_text.resolve(), args.epochs, args.seed)
    config.to_disk(args.out / "pretrain.cfg")
    config = config.interpolate()  # as `spacy pretrain` does
    print(f"spaCy {spacy.__version__}; config {args.out / 'pretrain.cfg'}; up to {args.epochs} epochs "
          f"or {args.max_minutes:g} min", flush=True)

    budget = max(1, int(args.max_minutes * 60 - (time.perf_counter() - started)))
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget)
    try:
        pretrain(config, args.out, silent=False)  # saves model-last.bin even when interrupted
        print("finished all epochs", flush=True)
    except _OutOfTime:
        print(f"time budget reached ({args.max_minutes:g} min): stopped mid-epoch", flush=True)
    finally:
        signal.alarm(0)
    log = [json.loads(line) for line in open(args.out / "log.jsonl", encoding="utf-8")]
    for row in log:
        print(f"saved: epoch {row['epoch']} words {row['nr_word']} loss {row['loss']:.1f} "
              f"epoch loss {row['epoch_loss']:.1f}")
    print(f"weights: {args.out / 'model-last.bin'}; wall time {time.perf_counter() - started:.0f} s",
          flush=True)


if __name__ == "__main__":
    sys.exit(main())
