# curate: set-up, tests, benchmarks and the demo lab.  See README.md.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.curate-installed
LAB_PORT ?= 8888
LAB_IP ?= 127.0.0.1

.PHONY: install lab test lint bench demo system-deps clean

# Idempotent: reinstalls only when pyproject.toml or constraints.txt changed.
install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	# torch first, pinned: the CPU wheel on disk (an unpinned torch pulls a multi-GB CUDA build).
	$(BIN)/python -m pip install -q torch==2.13.0
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

# Debian packages the tests use: Chromium for the browser tests (Playwright drives it; it never
# downloads a browser) and a PostgreSQL server (tests start a throwaway cluster on loopback).
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		echo "installing Debian packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: install
	@mkdir -p demo
	@if [ ! -f demo/legal.db ]; then \
		$(BIN)/curate init demo/legal.db --task data/claudette.task.yaml && \
		$(BIN)/curate import demo/legal.db data/claudette_sample.csv --id-col id --meta-cols doc,split && \
		echo "demo project: demo/legal.db"; fi
	@if [ ! -f demo/medical.db ]; then \
		$(BIN)/curate init demo/medical.db --task data/medical_abstracts.task.yaml && \
		$(BIN)/curate import demo/medical.db data/medical_abstracts_sample.csv --id-col id --meta-cols split && \
		echo "demo project: demo/medical.db"; fi

# The Lab's root is the repository (demo projects, exported datasets and their cards open from
# it); it opens on notebooks/.  No HF_HUB_OFFLINE here: the push in 04 needs the Hub, and the
# embedding model loads from its local folder without it.
lab: demo
	$(BIN)/jupyter lab --no-browser --ip=$(LAB_IP) --port=$(LAB_PORT) \
		--ServerApp.root_dir=$(CURDIR) --ServerApp.default_url=/lab/tree/notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root,)

lint: install
	$(BIN)/ruff check curate tests benchmarks
	$(BIN)/ruff format --check curate tests benchmarks
	$(BIN)/mypy

test: install system-deps lint
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest

bench: install
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,bench]'
	@for f in benchmarks/*.py; do echo "== $$f"; HF_HUB_OFFLINE=1 $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) demo .pytest_cache .mypy_cache .ruff_cache
