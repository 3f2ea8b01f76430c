# Sourced by scripts/build.sh and scripts/bench.sh (release builds only):
# the wasm is built with its standard library compiled with it and with
# panics that stop at once (`-Cpanic=immediate-abort`). A panic in the
# browser had no message to show anyway (wasm32-unknown-unknown writes its
# stderr nowhere: the page saw "RuntimeError: unreachable" either way), and
# without the code that formats panic messages the page's wasm is 8 % smaller
# and the workers' 3 % (BENCHMARKS.md, twenty-seventh session).
#
# Both are unstable options of the pinned stable toolchain, allowed by
# RUSTC_BOOTSTRAP as for the fuzz target; `rust-src` comes from
# scripts/install.sh. Debug builds, tests, clippy and `make serve` use the
# prebuilt standard library as before (so a served page is larger than
# dist/'s).
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
# (Cargo appends these to the target's rustflags in .cargo/config.toml.)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
