#!/usr/bin/env bash
# Build the release app with the benchmark exports into target/bench/dist and
# run the browser benchmark (tests/bench/run.mjs), then the native core
# benchmark. `scripts/bench.sh --smoke` runs one small input only, on a
# debug build (target/bench/smoke): it checks that the harness works, its
# numbers mean nothing, and it builds in a third of the release build's time.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The benchmark times core stages in the page, so the page is built like the
# workers (the `release` profile), not with its own size-first `page` profile.
html=.bench-index.html
trap 'rm -f "$html"' EXIT
sed 's/ data-cargo-profile-release="page"//' index.html > "$html"
if [ "${1:-}" = "--smoke" ]; then
    trunk build --offline --features bench --dist target/bench/smoke "$html" >/dev/null
    BENCH_DIST=target/bench/smoke node tests/bench/run.mjs "$@"
else
    # Built as scripts/build.sh builds the shipped app (the workers' code
    # the same; the page at `release` rather than `page`, as said above).
    ( . scripts/release-env.sh && trunk build --offline --release --features bench --dist target/bench/dist "$html" >/dev/null )
    node tests/bench/run.mjs "$@"
    cargo run --quiet --release --example bench_core -- target/bench/dist/inputs/40-MB.json \
        target/bench/dist/inputs/100k-actions.json target/bench/dist/inputs/4-MB.json \
        target/bench/dist/inputs/account-2000.zip
fi
