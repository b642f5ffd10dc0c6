# Shorts Factory: `make demo` renders a Short offline; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_TOPIC ?= Почему осьминоги такие умные
DEMO_LANG ?= ru
DEMO_DURATION ?= 30
PYTEST_WORKERS ?= 2
# voicematch adds torch (CPU build here) for Resemblyzer's speaker similarity; EXTRAS=dev skips it.
EXTRAS ?= dev,voicematch

.PHONY: install demo test lint format bench chat clean
CHAT_PORT ?= 8081
CHAT_LANG ?= ru

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[$(EXTRAS)]'
	@$(BIN)/python -m pipeline.faces.install_models
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@$(BIN)/python -m cli make "$(DEMO_TOPIC)" --lang $(DEMO_LANG) \
		--duration $(DEMO_DURATION) --out out/demo

test: $(STAMP)
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
	rm -rf $(VENV) out data .coverage
