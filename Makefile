# Codestead — the two commands a new user needs are `make run` and `make test`.
#
#   make run    build everything (web app + release binary) and serve on http://127.0.0.1:8080
#   make test   every test tier: unit, store contract (SQLite + PostgreSQL), API, sandbox
#               security suite, content check, the multi-host worker fleet, web unit tests
#               and the Chromium e2e run
#   make build  the release binary at $(TARGET_DIR)/release/codestead with the web app embedded
#   make bench  benchmarks; figures go to docs/benchmarks.md
#   make load   the learner-loop load test (500 learners, 60 s); figures to docs/benchmarks.md
#   make test-llm  the tutor against a real local model server (llama.cpp + Gemma 3 270M);
#               the first run builds llama.cpp, cached outside the clone

SHELL := /bin/bash
# Test threads get the stack the server's runtime threads have (main.rs: 8 MiB); the tutor's
# compiled repair search overflowed the 2 MiB default in an API test.
export RUST_MIN_STACK := 8388608
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
REDIS_URL ?= redis://127.0.0.1:6379/0
NPM_FLAGS := --no-audit --no-fund --loglevel=error

# A run that cannot happen for want of a service prints why and is skipped, except under CI
# (`.ci/run` exports CI=1), where it fails `make test`: CI must not pass by skipping.
skip_or_fail = { if [ -n "$${CI:-}" ]; then echo "$(1) (CI is set: failing instead of skipping)" >&2; exit 1; fi; echo "$(1): skipping."; }

.PHONY: run build test web setup sandbox test-style test-fresh test-rust test-postgres test-fleet test-web test-llm bench load clean

# The sandbox is set up first, so the served platform can run code; a user who is not root
# gets one line saying what to run, and the server still starts (languages unavailable).
run: sandbox build
	$(TARGET_DIR)/release/codestead serve

sandbox:
	@scripts/sandbox-setup.sh || true

build: web
	cargo build --release -p codestead

# System packages the sandbox and the browser tests need (idempotent; root).
setup:
	@scripts/setup.sh

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci $(NPM_FLAGS)

web: web/node_modules/.package-lock.json
	cd web && npm run build

test: setup web test-style test-rust test-fresh test-postgres test-fleet test-web

# Style is part of the tests: unformatted code or any clippy warning fails `make test`
# (the web app's tsc --noEmit runs in `web`, eslint and prettier in `test-web`).
test-style:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

# One debug build (all targets, one feature resolution) serves the Rust tests and the
# e2e binary; the later steps reuse it.
test-rust:
	cargo build --workspace --all-targets
	cargo test --workspace

# `make run`'s first step on a machine without bubblewrap: it is removed, `make sandbox` must
# bring it back, and the server must then report all four languages (root only; else skipped).
test-fresh:
	scripts/fresh-machine-check.sh "$(abspath $(TARGET_DIR))/debug/codestead"

# The scale-out run: the same store and API suites on PostgreSQL, each test on a fresh
# database; with Redis up, the cache contract and two-server tests run against it (unique
# key prefix per test); with the S3 emulator up, large files go to a bucket. The fault tests
# run here too: PostgreSQL behind a TCP proxy the test cuts, and `kill -9` during saves.
test-postgres:
	@if scripts/redis-ready.sh "$(REDIS_URL)"; then export CODESTEAD_TEST_REDIS_URL="$(REDIS_URL)"; \
	else $(call skip_or_fail,Redis is not reachable at $(REDIS_URL) for the Redis runs); fi; \
	if s3=$$(scripts/s3-emulator.sh start); then export CODESTEAD_TEST_S3_ENDPOINT="$$s3"; \
		trap 'scripts/s3-emulator.sh stop' EXIT; \
	else $(call skip_or_fail,No S3 emulator for the S3 run); fi; \
	if scripts/pg-ready.sh "$(PG_URL)"; then \
		CODESTEAD_TEST_DATABASE_URL="$(PG_URL)" cargo test --workspace --test store --test api && \
		CODESTEAD_TEST_DATABASE_URL="$(PG_URL)" cargo test -p codestead --test cli kill_9; \
	else \
		$(call skip_or_fail,PostgreSQL is not reachable at $(PG_URL) for the PostgreSQL run); \
	fi

# The worker fleet across hosts: one API server and two `codestead worker` processes, each in
# its own network namespace (veth on a bridge; loopback when namespaces cannot be made),
# with a redis-server of the test's own; 200 runs, then 200 with a worker SIGKILLed mid-run.
# Before it, with Redis up: the queue contract suite on the Redis Streams queue (the
# in-process one runs in test-rust) and the fleet API tests on SQLite (test-postgres runs
# them on PostgreSQL).
test-fleet:
	@if scripts/redis-ready.sh "$(REDIS_URL)"; then \
		CODESTEAD_TEST_REDIS_URL="$(REDIS_URL)" cargo test --workspace --lib exec:: && \
		CODESTEAD_TEST_REDIS_URL="$(REDIS_URL)" cargo test --workspace --test api fleet::; \
	else $(call skip_or_fail,Redis is not reachable at $(REDIS_URL) for the Redis queue contract run); fi
	CODESTEAD_TEST_FLEET=1 cargo test --workspace --test cli fleet_ -- --nocapture

test-web:
	cd web && npm run lint
	cd web && npm test
	cd web && CODESTEAD_BIN="$(abspath $(TARGET_DIR))/debug/codestead" npm run e2e

# The OpenAI-compatible provider against a real model server rather than recordings:
# scripts/llm-server.sh builds it once (cached outside the clone), starts it on a free
# loopback port and prints its URL; the gated tests run with that URL, then it stops.
# `--workspace --test …` rather than `-p`: the same feature resolution as `make test`, so a
# warm target directory is reused instead of rebuilding the server crate.
test-llm:
	cargo test --workspace --test tutor --test api --no-run
	@url=$$(scripts/llm-server.sh start) || exit 1; \
	trap 'scripts/llm-server.sh stop' EXIT; \
	export CODESTEAD_TEST_LLM_URL="$$url" CODESTEAD_TEST_LLM_LOG="$$(scripts/llm-server.sh log)" \
		CODESTEAD_TEST_LLM_PID="$$(scripts/llm-server.sh pid)"; \
	echo "test-llm: llama-cpp-python's server at $$url"; \
	cargo test --workspace --test tutor local_model -- --nocapture && \
	cargo test --workspace --test api tutor_local_model -- --nocapture

bench: web
	scripts/bench.sh

# 500 simulated learners for 60 s against one server (SQLite, then PostgreSQL); writes the
# Load section of docs/benchmarks.md. It saturates the machine: run it alone.
load:
	scripts/load.sh

clean:
	cargo clean
	rm -rf web/dist web/node_modules
