# kg: every command a user or CI needs. `make demo` and `make test` work from a bare clone.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
NEO4J_PORT ?= 7687

.PHONY: setup browser demo test test-unit neo4j-up neo4j-down train crossval crossval-scirex bench bench-neo4j schema clean

$(BIN)/kg: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/kg

## cytoscape.js, the JS graph library the HTML view inlines (pinned by its package-lock.json).
CYTOSCAPE := kg/export/html/node_modules/cytoscape/dist/cytoscape.min.js
$(CYTOSCAPE): kg/export/html/package.json kg/export/html/package-lock.json
	npm ci --prefix kg/export/html --no-audit --no-fund
	touch $@

setup: $(BIN)/kg $(CYTOSCAPE)

## Debian's chromium (and fonts) for the HTML view's browser test, installed only when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    chromium fonts-dejavu-core fonts-liberation >/dev/null; }

## Build the graph of the bundled example into out/example (no server needed).
demo: setup
	$(BIN)/kg build examples/abstracts.jsonl --out out/example

## Unit tests only (no services).
test-unit: setup
	$(BIN)/pytest -q tests/unit

## Every test: starts a real Neo4j (from Maven Central) and stops it afterwards.
## Neo4j is stopped even when pytest fails, and pytest's exit code is kept.
test: setup browser
	$(MAKE) --no-print-directory neo4j-up
	NEO4J_PORT=$(NEO4J_PORT) $(BIN)/pytest -q tests; status=$$?; \
	$(MAKE) --no-print-directory neo4j-down; exit $$status

## A local Neo4j 5.26 community server on 127.0.0.1:$(NEO4J_PORT), no Docker (see scripts/neo4j_local.py).
neo4j-up: setup
	$(BIN)/python scripts/neo4j_local.py up --port $(NEO4J_PORT)

neo4j-down:
	$(BIN)/python scripts/neo4j_local.py down --port $(NEO4J_PORT)

## Regenerate the published JSON Schema of the records from kg/model.py.
schema: setup
	$(BIN)/python scripts/write_schema.py

## Rebuild what the extractor ships from the training data: the type priors (kg/data/type_priors.json)
## and the entity recogniser kg/models/ner/ (seeded, one core).
train: setup
	$(BIN)/python -m training.build_priors
	nice -n 10 $(BIN)/python -m training.train_ner

## Out-of-fold scores of the whole extractor on kg's 122 annotated corpus abstracts: trains the
## recogniser three times, each without one annotation batch (about 20 minutes; kept in /tmp/kg-crossval).
crossval: setup
	nice -n 10 $(BIN)/python -m training.crossval

## The same on the 287 SciREX abstracts of ../shared/annotation/train-scirex.jsonl (the dev gold's
## annotator's), in three folds, each trained without its papers (about 25 minutes).
crossval-scirex: setup
	nice -n 10 $(BIN)/python -m training.crossval --set scirex

## Every figure of issue 3: dev gold vs targets, TDMSci, SciERC, speed/memory at 2k and 20k texts,
## determinism (several minutes; BENCH_ARGS=--quick skips the 20k run). Writes out/bench/extraction.json.
bench: setup
	$(BIN)/python scripts/bench_extraction.py $(BENCH_ARGS)

## Neo4j write speed (issue 4): the batched writer vs row by row on a synthetic graph of 104,000
## relationships, on the local server, which it EMPTIES. Installs the driver's Rust extension
## (neo4j-rust-ext, same version as the driver) and starts the server when it is not running with the
## C2 JIT, a 3g heap of which 2g young generation under the parallel collector (G1 on the tests' 1g
## heap spent about 40% of the server's CPU time collecting; this about 4%) and a 1g page cache. A
## server already running is used as it is: the script prints its settings. Writes out/bench/neo4j.json.
BENCH_NEO4J_JAVA_OPTS = -XX:TieredStopAtLevel=4 -XX:-UseG1GC -XX:+UseParallelGC -Xmn2g
bench-neo4j: setup
	$(BIN)/pip install -q "neo4j-rust-ext==$$($(BIN)/python -c 'import neo4j; print(neo4j.__version__)').*"
	NEO4J_JAVA_OPTS="$${NEO4J_JAVA_OPTS:-$(BENCH_NEO4J_JAVA_OPTS)}" NEO4J_HEAP_SIZE="$${NEO4J_HEAP_SIZE:-3g}" \
	NEO4J_PAGECACHE_SIZE="$${NEO4J_PAGECACHE_SIZE:-1g}" $(MAKE) --no-print-directory neo4j-up
	NEO4J_URI="$${NEO4J_URI:-bolt://127.0.0.1:$(NEO4J_PORT)}" NEO4J_PASSWORD="$${NEO4J_PASSWORD:-kg-test-password}" \
	$(BIN)/python scripts/bench_neo4j.py --wipe $(NEO4J_BENCH_ARGS)

clean:
	rm -rf out build dist *.egg-info
