#!/usr/bin/env bash
# Release build: dist/ (static site with a strict CSP) and
# dist-single/lastaccessed.html (one self-contained file), then sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --offline --release
node scripts/postbuild.mjs
scripts/sizes.sh
