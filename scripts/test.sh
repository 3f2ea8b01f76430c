#!/usr/bin/env bash
# The whole test suite, in order of speed. Called by `make test` and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
start=$SECONDS
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Run a test command, keeping its output for the final tally.
counted() { "$@" 2>&1 | tee -a "$log"; }
step() { printf '\n\033[1m==> %s\033[0m (%ss)\n' "$*" "$((SECONDS - start))"; }

step "cargo fmt --check"
cargo fmt --all --check

step "clippy, native"
cargo clippy --all-targets --locked -- -D warnings

step "clippy, wasm32"
cargo clippy --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
cargo clippy --all-targets --locked --target wasm32-unknown-unknown --all-features -- -D warnings

step "the API docs build with no broken link"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked --quiet

step "the IAM action catalog is what the pinned dataset makes"
node scripts/catalog.mjs --check

step "core tests (native: unit, fixtures, properties, doc examples)"
counted cargo test --locked

step "component tests (wasm-bindgen-test in headless Chromium)"
# The runner cannot start workers: the app under test gets a same-thread parser and engine.
counted cargo test --locked --target wasm32-unknown-unknown --test web_components

step "component tests in Firefox ESR (the same tests, through geckodriver)"
counted env -u CHROMEDRIVER GECKODRIVER="${GECKODRIVER:-$(command -v geckodriver)}" \
    cargo test --locked --target wasm32-unknown-unknown --test web_components

step "release build of the app (dist/ and the single file)"
scripts/build.sh

step "end-to-end tests (built dist/ in headless Chromium; screenshots in target/screenshots/)"
counted node --test --test-reporter=spec tests/e2e/

step "end-to-end smoke run in Firefox ESR (selenium-webdriver + geckodriver; screenshots firefox-*.png)"
counted node --test --test-reporter=spec tests/firefox/

# One closing line over every runner: cargo's "test result" lines and node's summary.
passed=$(sed -n 's/^test result: .*ok\. \([0-9]*\) passed.*/\1/p; s/^ℹ pass \([0-9]*\)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(sed -n 's/^test result: .* \([0-9]*\) failed.*/\1/p; s/^ℹ fail \([0-9]*\)$/\1/p' "$log" | awk '{s+=$1} END {print s+0}')
step "benchmark harness smoke run (one small input; the full run is make bench)"
scripts/bench.sh --smoke

step "all tests passed in $((SECONDS - start))s"
echo "tests: $passed passed, $failed failed"
