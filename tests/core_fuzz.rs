//! Property-based fuzzing of the whole input → merge path, run in CI: random
//! bytes and mutated real fixtures never panic, and every error names the file.
//! (The coverage-guided target is `fuzz/fuzz_targets/load.rs`, see README.)
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::bytes;
use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;
use proptest::prelude::*;

const SEEDS: [&str; 9] = [
    "cli-v1/page-1.json",
    "cli-v2/page-2.json",
    "boto3/group-report.json",
    "xml/report.xml",
    "repr/print-response.txt",
    "encodings/page-2.json.gz",
    "entities/entities-s3.json",
    "org/org-report.json",
    "aardvark/advisors.json",
];

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(vec![
        b"{".to_vec(),
        b"}".to_vec(),
        b"[".to_vec(),
        b"]".to_vec(),
        b"\"".to_vec(),
        b"'".to_vec(),
        b",".to_vec(),
        b":".to_vec(),
        b"null".to_vec(),
        b"True".to_vec(),
        b"datetime(".to_vec(),
        b"<member>".to_vec(),
        b"</".to_vec(),
        b"-1".to_vec(),
        b"1e999".to_vec(),
        b"\\u0000".to_vec(),
        b"\xff\xfe".to_vec(),
        b"\x1f\x8b".to_vec(),
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), tokens).prop_map(|(i, t)| Mutation::Insert(i, t)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..256).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(mut data: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = data.len().max(1);
        match m {
            Mutation::Flip(i, b) => {
                if !data.is_empty() {
                    data[i % len] ^= b;
                }
            }
            Mutation::Truncate(i) => data.truncate(i % len),
            Mutation::Insert(i, t) => {
                let at = (i % len).min(data.len());
                data.splice(at..at, t.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let at = (i % len).min(data.len());
                let end = (at + n).min(data.len());
                data.drain(at..end);
            }
            Mutation::Duplicate(i, n) => {
                let at = (i % len).min(data.len());
                let end = (at + n).min(data.len());
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
        }
    }
    data
}

fn check(data: &[u8]) -> Result<(), TestCaseError> {
    match parse_file("fuzz.json", data) {
        Ok(loaded) => {
            let reports = merge_all([&loaded]);
            prop_assert!(!reports.is_empty() || loaded.is_empty());
        }
        Err(e) => prop_assert!(e.to_string().starts_with("fuzz.json"), "{e}"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(1500)
    ))]

    #[test]
    fn mutated_fixtures_never_panic(seed in 0..SEEDS.len(), muts in prop::collection::vec(mutation(), 1..6)) {
        check(&apply(bytes(SEEDS[seed]), &muts))?;
    }

    /// Share links: any fragment, and any data, decodes or says why.
    #[test]
    fn share_links_never_panic(fragment in ".{0,200}", data in prop::collection::vec(any::<u8>(), 0..300)) {
        use lastaccessed::report::share::{decode_data, decode_fragment};
        let _ = decode_fragment(&fragment);
        // Valid base64 of deflated garbage, and of valid JSON with wild numbers.
        use std::io::Write;
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&data).unwrap();
        let packed = z.finish().unwrap();
        use base64::Engine;
        let d = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed);
        let _ = decode_data(&d);
        let wild = format!(r#"{{"s":["a"],"r":[{{"c":{},"d":-9223372036854775808,"j":1,"t":2,"k":0,"p":null,"m":null,"o":null,"v":[[0,0,9223372036854775807,0,0,1,[[0,-9223372036854775808,0,0]]]]}}]}}"#, i64::MAX);
        let mut z = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(wild.as_bytes()).unwrap();
        let d = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(z.finish().unwrap());
        let _ = decode_data(&d);
    }

    #[test]
    fn random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&data)?;
    }
}
