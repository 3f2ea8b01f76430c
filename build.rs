//! Builds the single-file app into the `lastaccessed` command when asked
//! (`make cli` sets LASTACCESSED_SINGLE_FILE to dist-single/lastaccessed.html);
//! otherwise the command reads it at run time (`lastaccessed html --template`).
fn main() {
    println!("cargo:rerun-if-env-changed=LASTACCESSED_SINGLE_FILE");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()))
        .join("lastaccessed.html");
    let text = std::env::var("LASTACCESSED_SINGLE_FILE")
        .ok()
        .and_then(|p| {
            println!("cargo:rerun-if-changed={p}");
            std::fs::read_to_string(p).ok()
        })
        .unwrap_or_default();
    let _ = std::fs::write(out, text);
}
