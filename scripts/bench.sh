#!/usr/bin/env bash
# Build the release app with the benchmark exports into target/bench/dist and
# run the browser benchmark (tests/bench/run.mjs), then the native core
# benchmark. `scripts/bench.sh --smoke` runs one small input only.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --offline --release --features bench --dist target/bench/dist >/dev/null
node tests/bench/run.mjs "$@"
if [ "${1:-}" != "--smoke" ]; then
    cargo run --quiet --release --example bench_core -- target/bench/dist/inputs/40-MB.json \
        target/bench/dist/inputs/100k-actions.json target/bench/dist/inputs/4-MB.json
fi
