//! lastaccessed: review AWS IAM "service last accessed" reports in the browser.
//!
//! - [`report`] is the pure core (parsing, merging, staleness, sorting), tested natively.
//! - [`session`] is everything the app knows, commands in and views out, tested natively.
//! - `ui` holds the Yew components, `worker` the parse Web Worker; both are
//!   compiled for `wasm32` only.
//! - `cli` is the `lastaccessed` command (native only): the same engine, from
//!   a terminal, a schedule or a CI job.

pub mod report;
pub mod session;

#[cfg(target_arch = "wasm32")]
pub mod ui;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

#[cfg(target_arch = "wasm32")]
pub mod worker;

#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench;
