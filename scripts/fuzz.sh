#!/usr/bin/env bash
# Coverage-guided fuzzing of the input path (detection + parse + merge) with
# cargo-fuzz / libFuzzer for SECONDS (default 600). Stable rustc runs it with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags). Prints libFuzzer's stats; a
# crash leaves its input in fuzz/artifacts/load/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --version 0.13.2
fi
mkdir -p fuzz/corpus/load
cd fuzz
RUSTC_BOOTSTRAP=1 cargo fuzz run load corpus/load seeds -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 -print_final_stats=1
