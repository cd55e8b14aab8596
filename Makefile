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

# Each step prints one line; what its command prints goes to .cache/make.log (shown when it fails).
STEP := @bash scripts/step.sh

$(BIN)/python:
	$(STEP) "python: virtual environment in $(VENV)" $(PY) -m venv $(VENV)
	$(STEP) "python: upgrading pip" $(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(STEP) "python: installing PolicyKG and its packages into $(VENV)" $(BIN)/pip install -q -e ".[dev]"
	@touch $@

$(JAVA_LIB)/.installed: java/hanlp/pom.xml
	$(STEP) "java: HanLP jars from Maven Central into $(JAVA_LIB)" \
	  mvn -q -B -Dstyle.color=never -f java/hanlp/pom.xml dependency:copy-dependencies -DoutputDirectory=$(CURDIR)/$(JAVA_LIB)
	@touch $@

setup: $(VENV)/.installed $(JAVA_LIB)/.installed  ## install everything, start nothing
	$(STEP) "neo4j: server jars (assembled from Maven Central once, then cached)" $(KG) neo4j provision

demo: setup  ## start Neo4j, build the sample graph, serve the API and the web page
	$(STEP) "neo4j: starting the local server" $(KG) neo4j start
	$(STEP) "schema: constraints and indexes" $(KG) schema apply
	$(STEP) "build: $(SAMPLE) into the graph" $(KG) build $(SAMPLE)
	$(STEP) "api: serving in the background (an API already on the port is replaced)" $(KG) serve --background --restart
	@echo
	@echo "Web page:       http://127.0.0.1:$${KG_API_PORT:-8000}/ui/"
	@echo "API docs:       http://127.0.0.1:$${KG_API_PORT:-8000}/docs"
	@echo "Neo4j Browser:  http://127.0.0.1:$${KG_NEO4J_HTTP_PORT:-7474}/browser/  (connect to bolt://127.0.0.1:$${KG_NEO4J_BOLT_PORT:-7687},"
	@echo "                user neo4j, password from KG_NEO4J_PASSWORD, default policykg-dev)"
	@echo "Stop everything with: make stop   (log of these steps: .cache/make.log)"

stop:  ## everything the project started: API servers, the demo Neo4j, the test suite's Neo4j
	-@$(KG) serve --stop
	-@$(KG) neo4j stop
	-@$(TEST_ENV) $(KG) neo4j stop

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
