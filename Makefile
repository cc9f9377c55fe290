# hrflow: one way to run things. `make help` lists the targets.
PYTHON ?= python3.11
# The first Python 3.13 that really runs (a pyenv shim may exist without a 3.13 selected).
PYTHON313 ?= $(firstword $(foreach p,$(HOME)/.pyenv/versions/3.13.0/bin/python3.13 python3.13,$(shell $(p) -c 'import sys; print(sys.executable)' 2>/dev/null)) python3.13)
VENV := .venv
MONGO_VENV := .mongo-venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: help install test test-unit lint format up demo bench eval services services-stop clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install: $(VENV)/.installed $(MONGO_VENV)/.installed  ## Create .venv and the Mongo emulator's venv (idempotent)

$(VENV)/.installed: pyproject.toml scripts/apt-packages.txt scripts/apt-packages-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@scripts/install-apt.sh scripts/apt-packages.txt
	@scripts/install-apt.sh scripts/apt-packages-dev.txt
	@touch $@

$(MONGO_VENV)/.installed:
	@test -x $(MONGO_VENV)/bin/python || $(PYTHON313) -m venv $(MONGO_VENV)
	$(MONGO_VENV)/bin/python -m pip install --quiet 'mongoeco[wire]==4.11.0'
	@touch $@

test: install  ## Run the whole test suite against real RabbitMQ and the Mongo wire server
	$(BIN)/pytest -m "not cluster" $(PYTEST_ARGS)

test-cluster: install  ## Chaos on a three-node RabbitMQ cluster of this machine (node loss, pause, rolling restart)
	$(BIN)/pytest -m cluster -s $(PYTEST_ARGS)

cluster: install  ## Start a three-node RabbitMQ cluster here (ports 5701-5703); prints AMQP_URL
	$(BIN)/python scripts/rabbit_cluster.py start

cluster-stop:  ## Stop that cluster and remove its data
	python3 scripts/rabbit_cluster.py stop

test-unit: install  ## Only the fast tests that need no service
	$(BIN)/pytest -m unit $(PYTEST_ARGS)

lint: install  ## Ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install  ## Apply ruff fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

services: install  ## Make sure RabbitMQ and a Mongo server answer (starts what is missing)
	$(BIN)/python -m common.devservices ensure

services-stop:  ## Stop only the services `make services` started
	$(BIN)/python -m common.devservices stop

up: install  ## Run the whole system in the foreground (Ctrl-C stops everything)
	$(BIN)/python scripts/up.py

demo: install  ## The main job end to end: sample JD + resumes → ranked shortlist
	$(BIN)/python scripts/demo.py

bench: install  ## Benchmarks; tables land in bench/results/
	$(BIN)/python -m bench.run

eval: install  ## Extraction and ranking quality on the labelled evaluation set
	$(BIN)/hrflow eval

clean:  ## Remove the venvs and run files
	rm -rf $(VENV) $(MONGO_VENV) .run
