#!/usr/bin/env bash
# Release build: dist/ (static site with a strict CSP) and
# dist-single/lastaccessed.html (one self-contained file), then sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# The footer shows the build commit (empty outside a git checkout).
LASTACCESSED_COMMIT="$(git describe --always --dirty 2>/dev/null || true)"
export LASTACCESSED_COMMIT
# The standard library built with the app, panics that stop at once.
. scripts/release-env.sh
trunk build --offline --release
node scripts/postbuild.mjs
scripts/sizes.sh
