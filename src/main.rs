#[cfg(target_arch = "wasm32")]
fn main() {
    lastaccessed::ui::start();
}

/// Natively, the command line (`lastaccessed --help`).
#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    lastaccessed::cli::main()
}
