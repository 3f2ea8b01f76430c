//! The release build's environment (`scripts/release-env.sh`) replaces the
//! wasm target's rustflags of `.cargo/config.toml`: every flag there must be
//! in it too, or the shipped build would silently lose one.

use std::fs;

#[test]
fn the_release_build_keeps_every_wasm_rustflag_of_the_cargo_config() {
    let config = fs::read_to_string(".cargo/config.toml").unwrap();
    let line = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("rustflags = ["))
        .expect("rustflags in .cargo/config.toml");
    let flags: Vec<&str> = line
        .trim_end_matches(']')
        .split(',')
        .map(|f| f.trim().trim_matches('"'))
        .filter(|f| !f.is_empty())
        .collect();
    assert!(!flags.is_empty());
    let env = fs::read_to_string("scripts/release-env.sh").unwrap();
    let release = env
        .lines()
        .find_map(|l| l.strip_prefix("export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="))
        .expect("the wasm rustflags in scripts/release-env.sh")
        .trim_matches('"');
    // Flags are written "-C" "x" in the config, "-C x" in the environment.
    let release: Vec<&str> = release.split_whitespace().collect();
    for pair in flags.chunks(2) {
        let found = release.windows(pair.len()).any(|w| w == pair);
        assert!(
            found,
            "{pair:?} from .cargo/config.toml is missing in scripts/release-env.sh"
        );
    }
}
