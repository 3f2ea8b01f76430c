//! lastaccessed: review AWS IAM "service last accessed" reports in the browser.
//!
//! - [`report`] is the pure core (parsing, merging, staleness, sorting), tested natively.
//! - [`session`] is everything the app knows, commands in and views out, tested natively.
//! - `ui` holds the Yew components, `worker` the parse Web Worker; both are
//!   compiled for `wasm32` only.

pub mod report;
pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod worker;

#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench;
