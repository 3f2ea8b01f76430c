#[cfg(target_arch = "wasm32")]
fn main() {
    lastaccessed::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("lastaccessed is a browser app: build it with `make build` or run `make serve`.");
}
