//! Entry point of the parse Web Worker (see `lastaccessed::worker`).

#[cfg(target_arch = "wasm32")]
fn main() {
    lastaccessed::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the parse worker runs in the browser only");
}
