# The one list of entry points. `make demo` and `make test` work on a fresh machine.
SHELL := /bin/bash
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
KG      := $(BIN)/kg
JAVA_LIB := .cache/java-lib
SAMPLE  := data/sample/chuanhui-2021-government-work-report.txt

# The test suite runs its own Neo4j instance on separate ports and data, so a
# running `make demo` server is never touched.
# TEST_BOLT/TEST_HTTP move it (several checkouts testing side by side on one machine).
TEST_BOLT ?= 7688
TEST_HTTP ?= 7475
TEST_ENV := KG_TEST_SERVER=true KG_NEO4J_URI=bolt://127.0.0.1:$(TEST_BOLT) KG_NEO4J_BOLT_PORT=$(TEST_BOLT) \
            KG_TEST_BOLT_PORT=$(TEST_BOLT) KG_NEO4J_HTTP_PORT=$(TEST_HTTP) \
            KG_NEO4J_DATA_DIR=$(CURDIR)/.neo4j/test KG_NEO4J_PASSWORD=policykg-test

.PHONY: setup demo test test-unit stop lint bench eval model clean ui-vendor

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@

$(JAVA_LIB)/.installed: java/hanlp/pom.xml
	mvn -q -B -f java/hanlp/pom.xml dependency:copy-dependencies -DoutputDirectory=$(CURDIR)/$(JAVA_LIB)
	touch $@

setup: $(VENV)/.installed $(JAVA_LIB)/.installed  ## install everything, start nothing
	$(KG) neo4j provision

demo: setup  ## start Neo4j, build the sample graph, serve the API
	$(KG) neo4j start
	$(KG) schema apply
	$(KG) build $(SAMPLE)
	$(KG) stats
	$(KG) serve --background
	@echo
	@echo "API docs:       http://127.0.0.1:8000/docs"
	@echo "Neo4j Browser:  http://127.0.0.1:7474/browser/  (connect to bolt://127.0.0.1:7687,"
	@echo "                user neo4j, password from KG_NEO4J_PASSWORD, default policykg-dev)"
	@echo "Stop both with: make stop"

stop:
	-$(KG) serve --stop
	-$(KG) neo4j stop

test: setup  ## the whole suite against its own Neo4j instance
	$(TEST_ENV) $(KG) neo4j start
	set -o pipefail; $(TEST_ENV) $(BIN)/pytest -q -p no:cacheprovider tests; rc=$$?; \
	  $(TEST_ENV) $(KG) neo4j stop; exit $$rc

test-unit: $(VENV)/.installed
	KG_USE_HANLP=false $(BIN)/pytest -q tests/unit

lint:
	$(BIN)/ruff check kg api tests
	$(BIN)/lint-imports

eval: setup
	$(KG) eval

# The NER component (kg/extract/ner_model.py): trained on ../shared/eval gold + the rules' silver,
# deterministic for the seed in pipelines/ner.cfg. Extraction uses it with KG_NER_MODEL=.cache/models/ner.
model: setup
	OMP_NUM_THREADS=1 $(KG) train-ner --out .cache/models/ner

bench: setup
	bash scripts/ensure_tools.sh
	$(BIN)/python bench/run.py

# The web page's one library (cytoscape.js), from the npm package pinned in ui/package-lock.json,
# copied with its licence into api/static/ui/vendor; the copies are committed, so serving the
# page needs neither npm nor the network.
ui-vendor:
	cd ui && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	cp ui/node_modules/cytoscape/dist/cytoscape.min.js api/static/ui/vendor/cytoscape.min.js
	cp ui/node_modules/cytoscape/LICENSE api/static/ui/vendor/cytoscape.LICENSE
	@echo "vendored cytoscape $$(node -p 'require("./ui/node_modules/cytoscape/package.json").version') into api/static/ui/vendor"

clean:
	rm -rf .cache .neo4j $(VENV)
