#!/usr/bin/env bash
# Print the size of the built app (raw and gzip -9) per asset in dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html dist-single/lastaccessed.html; do
    [ -f "$f" ] || continue
    printf '%-48s %9d bytes raw %9d bytes gzip\n' "$f" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)"
done
