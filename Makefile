# jejak developer entry points. `make demo` and `make test` work on a fresh machine with only Python + pip.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    := out

.PHONY: help venv demo test lint fixtures bench clean

help:  ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

venv: $(STAMP)  ## Create .venv and install jejak (editable) with dev tools

demo: $(STAMP)  ## Scan the bundled fixture lake; reports land in out/
	@mkdir -p $(OUT)
	@rm -f $(OUT)/catalog.db
	@echo "== jejak scan fixtures/lake (table) =="
	@$(BIN)/jejak scan fixtures/lake --config fixtures/jejak.yaml --catalog sqlite:///$(OUT)/catalog.db --output $(OUT)/scan.txt; \
	  code=$$?; cat $(OUT)/scan.txt; \
	  echo "(exit code $$code: 3 means some assets were unreadable - the fixture lake holds corrupt files on purpose)"; \
	  test $$code -eq 0 -o $$code -eq 3
	@echo "== rescan: unchanged files are not read again (--full reads them) =="
	@$(BIN)/jejak scan fixtures/lake --config fixtures/jejak.yaml --catalog sqlite:///$(OUT)/catalog.db --format json \
	  --quiet 2>/dev/null | $(BIN)/python -c "import json, sys; s = json.load(sys.stdin)['summary']; \
	  print(f\"{s['assets_unchanged']} of {s['assets']} assets unchanged and not read; {s['rows']} rows read\")"
	@$(BIN)/jejak scan fixtures/lake --config fixtures/jejak.yaml --catalog sqlite:///$(OUT)/catalog.db --format json --quiet \
	  --full --output $(OUT)/scan.json 2>/dev/null; code=$$?; test $$code -eq 0 -o $$code -eq 3
	@echo "== jejak findings --entity SG_NRIC_FIN (first 10) =="
	@$(BIN)/jejak findings --catalog sqlite:///$(OUT)/catalog.db --entity SG_NRIC_FIN --limit 10
	@echo "== residency: a pipeline crossing SG -> US -> VN -> SG (fixtures/residency) =="
	@rm -f $(OUT)/residency.db
	@$(BIN)/jejak scan fixtures/residency/sg --config fixtures/residency/jejak.yaml \
	  --catalog sqlite:///$(OUT)/residency.db --quiet --output /dev/null
	@$(BIN)/jejak lineage ingest --manifest fixtures/residency/lineage.yaml --catalog sqlite:///$(OUT)/residency.db
	@$(BIN)/jejak residency report --config fixtures/residency/jejak.yaml --catalog sqlite:///$(OUT)/residency.db \
	  --format html --output $(OUT)/residency.html --quiet
	@$(BIN)/jejak residency report --config fixtures/residency/jejak.yaml --catalog sqlite:///$(OUT)/residency.db \
	  --format json | $(BIN)/python -c "import json, sys; s = json.load(sys.stdin)['summary']; \
	  print(f\"{s['hops']} cross-border hops: {s['verdicts']}\")"
	@echo "== consent gate: a training set against its consent ledger (fixtures/consent) =="
	@$(BIN)/jejak gate fixtures/consent/train.jsonl --purpose model_training --ledger fixtures/consent/ledger.csv \
	  --subject-column user_id --config fixtures/consent/jejak.yaml --quiet --write-consented $(OUT)/train.consented.jsonl; \
	  code=$$?; echo "(exit code $$code: 1 means rows were blocked; the rows that pass are in $(OUT)/train.consented.jsonl)"; \
	  test $$code -eq 1
	@echo "Reports: $(OUT)/scan.txt, $(OUT)/scan.json, $(OUT)/residency.html; catalog: $(OUT)/catalog.db (key: $(OUT)/hash.key)"

test: $(STAMP)  ## Run the whole test suite (needs PostgreSQL server binaries: .ci/run installs them)
	$(BIN)/pytest -q

lint: $(STAMP)  ## ruff, ruff format --check, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/jejak connectors recognizers

fixtures: $(STAMP)  ## Regenerate fixtures/lake from fixtures/make_lake.py (deterministic)
	$(BIN)/python fixtures/make_lake.py --out fixtures/lake

bench: $(STAMP)  ## Benchmarks (long): scan and erasure memory on 1 GB files, lineage walks on 100k datasets, scale vs Presidio, many small files, an access log
	$(BIN)/python bench/memory_jsonl.py --size-mb 1024
	$(BIN)/python bench/erasure_memory.py --size-mb 1024
	$(BIN)/python bench/lineage_graph.py --datasets 100000
	$(BIN)/python bench/scale.py --rows 1000000 --log-mb 1024 --big-mb 5120 --out bench/results.json
	$(BIN)/python bench/small_files.py --files 1000 --lines 10
	$(BIN)/python bench/access_log.py --lines 100000

clean:  ## Remove the venv, caches and outputs
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache build *.egg-info
