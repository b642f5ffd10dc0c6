# Shorts Factory: `make demo` renders a Short offline; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_TOPIC ?= Почему осьминоги такие умные
DEMO_LANG ?= ru
DEMO_DURATION ?= 30
PYTEST_WORKERS ?= 3
# voicematch adds torch (CPU build here) for Resemblyzer's speaker similarity; EXTRAS=dev skips it.
LOCKED_EXTRAS := dev,voicematch
EXTRAS ?= $(LOCKED_EXTRAS)
# Every package with its hashes, for Python 3.11 on Linux x86_64 (torch is the CPU build that
# lies in this kind of machine's pip find-links). `make lock` writes it from pyproject.toml.
LOCK := requirements/lock.txt
# The same versions without hashes: pip accepts no unhashed requirement beside a hashed
# constraint, so the other EXTRAS and the Docker image (no torch) are held to these.
CONSTRAINTS := requirements/constraints.txt
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
PIP_VERSION = $(shell sed -n 's/^pip==\([^ ]*\).*/\1/p' $(LOCK))

.PHONY: install lock demo test cov lint format bench bench-peer chat clean
CHAT_PORT ?= 8081
CHAT_LANG ?= ru

# The locked EXTRAS install exactly the lock (hashes checked); other EXTRAS take its versions
# as constraints. `pip check` then fails on a lock older than pyproject.toml.
$(STAMP): pyproject.toml $(LOCK) $(CONSTRAINTS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) install pip==$(PIP_VERSION)
	@if [ "$(EXTRAS)" = "$(LOCKED_EXTRAS)" ]; then \
		$(PIP) install --require-hashes -r $(LOCK) && $(PIP) install --no-deps --no-build-isolation -e . ; \
	else $(PIP) install -c $(CONSTRAINTS) -e '.[$(EXTRAS)]'; fi
	@$(PIP) check
	@$(BIN)/python -m pipeline.faces.install_models
	@touch $(STAMP)

install: $(STAMP)

# Keeps the versions already locked unless pyproject.toml asks for others (UPGRADE=1: newest).
lock: $(STAMP)
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
		--extra $(LOCKED_EXTRAS) --output-file $(LOCK) pyproject.toml
	@{ echo "# The versions of $(LOCK) without hashes; written by make lock."; \
		sed -n 's/^\([A-Za-z0-9][^ ]*==[^ ]*\).*/\1/p' $(LOCK); } > $(CONSTRAINTS)

demo: $(STAMP)
	@$(BIN)/python -m cli make "$(DEMO_TOPIC)" --lang $(DEMO_LANG) \
		--duration $(DEMO_DURATION) --out out/demo

test: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup

# The suite with line and branch coverage (tracing slows every in-process test: kept out of `make test`).
cov: $(STAMP)
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadgroup \
		--cov --cov-report=term-missing:skip-covered

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/deptry .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python -m bench.render
	$(BIN)/python -m bench.bot
	$(BIN)/python -m bench.providers
	$(BIN)/python -m bench.art
	$(BIN)/python -m bench.faces
	$(BIN)/python -m bench.voice_match
	$(BIN)/python -m bench.storage
	$(BIN)/python -m bench.publish
	$(BIN)/python -m bench.analytics
	$(BIN)/python -m bench.batch
	$(BIN)/python -m bench.api

# MoviePy as the peers render, on the same Short (its own virtualenv: MoviePy needs Pillow < 12).
PEER_VENV := .venv-peer
$(PEER_VENV)/.installed-stamp: bench/peers/lock.txt
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip --quiet --disable-pip-version-check install --require-hashes -r bench/peers/lock.txt
	@touch $@

bench-peer: $(STAMP) $(PEER_VENV)/.installed-stamp
	$(BIN)/python -m bench.peer --peer-python $(PEER_VENV)/bin/python

# The whole bot with no token and no network: the Bot API emulator, the bot polling it
# (embedded mode: SQLite, in-process jobs) and a terminal chat client in the foreground.
chat: $(STAMP)
	@mkdir -p data
	@$(BIN)/python -m tests.emulators.telegram --port $(CHAT_PORT) --token 123456:EMULATOR --quiet > data/emulator.log 2>&1 & \
	emulator=$$!; sleep 1; \
	BOT__TOKEN=123456:EMULATOR BOT__API_URL=http://127.0.0.1:$(CHAT_PORT) \
		$(BIN)/python -m bot > data/bot.log 2>&1 & \
	bot=$$!; trap 'kill $$bot $$emulator 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python -m tests.emulators.telegram.chat --url http://127.0.0.1:$(CHAT_PORT) \
		--lang $(CHAT_LANG)

clean:
	rm -rf $(VENV) $(PEER_VENV) out data .coverage
