# Two commands for a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: site test test-all screenshots serve validate lint clean chromium java

$(BIN)/portefolje: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-deps: $(BIN)/portefolje
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

site: $(BIN)/portefolje
	$(BIN)/portefolje build
	@echo "Open it: $(BIN)/portefolje serve  ->  http://127.0.0.1:8000/ (nynorsk: /nn/)"

serve: $(BIN)/portefolje
	$(BIN)/portefolje serve

validate: $(BIN)/portefolje
	$(BIN)/portefolje validate

node_modules/vnu-jar/build/dist/vnu.jar: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

java:
	@if command -v java >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing a Java runtime for the Nu HTML Checker ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	else \
		echo "The HTML validation test needs Java. Install it as root:  sudo apt-get install default-jre-headless"; \
		exit 1; \
	fi

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests ..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "The browser tests need Debian's chromium at /usr/bin/chromium."; \
		echo "Install it as root:  sudo apt-get install chromium   then run make test again."; \
		exit 1; \
	fi

lint: $(VENV)/.test-deps
	$(BIN)/ruff check generator tests

TEST_TOOLS := $(VENV)/.test-deps node_modules/vnu-jar/build/dist/vnu.jar java chromium

# The whole suite: every page in the browser at 320 and 1280 px in both languages (what a reader
# sees), search as a reader uses it; axe and the HTML checker on a sample covering every page type.
test: $(TEST_TOOLS) lint
	$(BIN)/python -m pytest -q

# Every page through axe and the HTML checker; records the results that the published
# accessibility statement is made from (accessibility/latest-run.json).
test-all: $(TEST_TOOLS) lint
	PORTEFOLJE_ALL_PAGES=1 PORTEFOLJE_RECORD_A11Y=1 $(BIN)/python -m pytest -q

# One page of every type at 320 and 1280 px in both languages, as PNG files in screenshots/.
screenshots: $(VENV)/.test-deps chromium
	$(BIN)/portefolje build
	$(BIN)/python -m tests.screenshots --site site --out screenshots

clean:
	rm -rf docs_build site screenshots .pytest_cache
