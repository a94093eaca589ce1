# Two commands do all set-up on a fresh machine: `make run` and `make test`.
# Every step is idempotent and cheap when nothing changed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test bench setup model index browser lock adapt answerability clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependency pins change.
$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Converts the bundled multilingual-e5-small into a sentence-transformers folder in the cache, once.
model: setup
	$(BIN)/assistant model prepare

# Builds the index for the bundled corpus when it is missing or stale; a no-op otherwise.
index: model
	$(BIN)/assistant ingest --quiet

run: index
	$(BIN)/assistant serve

# The browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: index browser
	$(BIN)/python -m pytest

BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: index $(BENCH_STAMP)
	$(BIN)/assistant bench

# The read evaluation sets (never the blind ones): what the bundled query adapter and answerability
# prior learn from.
READ_SETS := eval/questions.jsonl eval/holdout.jsonl eval/holdout-2.jsonl eval/holdout-3.jsonl \
	eval/holdout-4.jsonl eval/holdout-5.jsonl eval/holdout-6.jsonl eval/holdout-7.jsonl eval/holdout-8.jsonl \
	eval/holdout-9.jsonl eval/holdout-10.jsonl eval/holdout-11.jsonl eval/holdout-12.jsonl eval/holdout-13.jsonl \
	eval/holdout-14.jsonl eval/holdout-15.jsonl eval/holdout-16.jsonl \
	eval/holdout-17.jsonl eval/holdout-18.jsonl eval/holdout-19.jsonl eval/holdout-20.jsonl \
	eval/holdout-21.jsonl eval/holdout-22.jsonl

# Retrain the bundled query adapter on the read sets, over the bundled corpus's index built without
# it; commit the result. See src/assistant/embed/adapter.py.
adapt: index
	ASSISTANT_QUERY_ADAPTER=off $(BIN)/assistant adapt --out src/assistant/embed/adapter $(READ_SETS)

# Retrain the bundled answerability prior on the read sets; commit the result. See
# src/assistant/embed/answerability.py.
answerability: index
	$(BIN)/assistant answerability --out src/assistant/embed/answerability $(READ_SETS)

# Regenerate the full pin set after editing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	( echo "# Full pinned dependency set (pip constraints), used by the Makefile."; \
	  echo "# Regenerate with \`make lock\` after changing pyproject.toml."; \
	  $(BIN)/pip freeze --exclude-editable | sed 's/^torch==.*/torch==2.13.0/' | sort -f ) > requirements.lock

clean:
	rm -rf $(VENV) index/current index/builds
