//! The bundled sample report: action-level, two pages, for role
//! `ci-deployer`, with recent, stale and never-used services, and its
//! account's authorization details (an inline policy, a customer managed
//! and an AWS managed one), so granted vs used and the rewrite show too.
//! Shipped inside the wasm so it works offline: in the engine's, which
//! reads it when asked (the page's holds only [`COUNT`]).

/// How many files the sample has.
pub const COUNT: usize = 3;

/// (file name, bytes) for each file, in order.
pub const FILES: [(&str, &[u8]); COUNT] = [
    (
        "sample-page-1.json",
        include_bytes!("../../assets/sample/sample-page-1.json"),
    ),
    (
        "sample-page-2.json",
        include_bytes!("../../assets/sample/sample-page-2.json"),
    ),
    (
        "sample-authorization-details.json",
        include_bytes!("../../assets/sample/sample-authorization-details.json"),
    ),
];
