#!/usr/bin/env bash
# Print the size of the built app per asset in dist/: raw, gzip -9 and brotli (quality 11).
set -euo pipefail
cd "$(dirname "$0")/.."
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html dist-single/lastaccessed.html; do
    [ -f "$f" ] || continue
    br=$(node -e 'const z=require("zlib");process.stdout.write(String(z.brotliCompressSync(require("fs").readFileSync(process.argv[1]),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length))' "$f")
    printf '%-48s %9d bytes raw %9d gzip %9d brotli\n' "$f" "$(stat -c %s "$f")" "$(gzip -9 -c "$f" | wc -c)" "$br"
done
