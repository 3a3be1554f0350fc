# Two commands for a newcomer: `make run` and `make test`. Both (re)build .venv from the lock
# file when it changed, and do nothing extra when it did not.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= data
DAGSTER_HOME ?= $(CURDIR)/$(DATA_DIR)/dagster_home

PORT ?= 8501

.PHONY: run test dev dashboard dev-distributed lint bench bench-distributed clean-data model

# pip shows each package it collects and a bar while it downloads (the first time, about 90 s).
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	@echo "Setting up $(VENV) from requirements.lock ($$(grep -c '==' requirements.lock) packages)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check --progress-bar on -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@echo "$(VENV) is ready."
	@touch $(STAMP)

$(DAGSTER_HOME)/dagster.yaml: pipelines/dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp pipelines/dagster.yaml $@

run dev: export DAGSTER_HOME := $(DAGSTER_HOME)

run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/summits run --input data/sample --data-dir $(DATA_DIR)

test: $(STAMP)
	$(BIN)/python -m pytest

# The UI and the daemon (schedule, sensor, queued runs), as `dagster dev` starts them but without its
# deprecation warning; Ctrl-C stops both.
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	@$(BIN)/python -c 'from pipelines.definitions import asset_graph_url as u; print("asset graph:", u("http://127.0.0.1:3000"))'
	$(BIN)/dagster-daemon run -w workspace.yaml & daemon=$$!; \
	trap 'kill $$daemon 2>/dev/null; wait $$daemon' EXIT INT TERM; \
	$(BIN)/dagster-webserver -w workspace.yaml -h 127.0.0.1 -p 3000

# The dashboard over the latest published version (running the pipeline first when nothing is
# published yet) on http://127.0.0.1:$(PORT); settings in .streamlit/config.toml.
dashboard: $(STAMP)
	@test -e $(DATA_DIR)/published/latest || $(MAKE) run
	$(BIN)/streamlit run dashboard/app.py --server.address 127.0.0.1 --server.port $(PORT) -- --data-dir $(DATA_DIR)

# The distributed stack on this machine (PostgreSQL, Redis, an S3 server, 2 Celery workers, the
# daemon, the UI on port 3000); needs Debian's postgresql and redis-server. See README.
dev-distributed: $(STAMP)
	$(BIN)/python -m pipelines.stack --root $(DATA_DIR)/distributed

bench: $(STAMP)
	$(BIN)/python bench/pipeline_bench.py --pages $(or $(PAGES),181)

bench-distributed: $(STAMP)
	$(BIN)/python bench/distributed_bench.py --pages $(or $(PAGES),5000)

# Retrain the committed parser (data/models/en_summit_parser) from UD English EWT; about an hour on
# one core. Never part of run or test. CORPUS= points at another copy of the treebank.
model: $(STAMP)
	OMP_NUM_THREADS=1 $(BIN)/python training/train_parser.py $(if $(CORPUS),--corpus $(CORPUS))

lint: $(STAMP)
	$(BIN)/ruff check .

clean-data:
	rm -rf $(DATA_DIR)/store $(DATA_DIR)/warehouse $(DATA_DIR)/published $(DATA_DIR)/quality $(DATA_DIR)/dagster_home $(DATA_DIR)/distributed
