//! Entry point of the parse Web Worker (see `lastaccessed::worker`).

#[cfg(target_arch = "wasm32")]
fn main() {
    use gloo::worker::Registrable;
    lastaccessed::worker::ParseWorker::registrar().register();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the parse worker runs in the browser only");
}
