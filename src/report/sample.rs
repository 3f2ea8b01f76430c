//! The bundled sample report: action-level, two pages, for role
//! `ci-deployer`, with recent, stale and never-used services. Shipped inside
//! the wasm so it works offline.

/// (file name, bytes) for each page, in order.
pub const FILES: [(&str, &[u8]); 2] = [
    (
        "sample-page-1.json",
        include_bytes!("../../assets/sample/sample-page-1.json"),
    ),
    (
        "sample-page-2.json",
        include_bytes!("../../assets/sample/sample-page-2.json"),
    ),
];
