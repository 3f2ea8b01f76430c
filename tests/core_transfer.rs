//! What the parse worker sends back survives its bincode encoding exactly (see src/worker.rs).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{bytes, fixture_path};
use lastaccessed::report::input::{parse_file, Loaded};
use lastaccessed::report::Error;

fn roundtrip<T: serde::Serialize + serde::de::DeserializeOwned>(v: &T) -> T {
    let packed = bincode::serialize(v).expect("serialise");
    bincode::deserialize(&packed).expect("deserialise")
}

#[test]
fn every_fixture_result_roundtrips() {
    let mut checked = 0;
    for dir in [
        "cli-v1",
        "cli-v2",
        "boto3",
        "status",
        "xml",
        "repr",
        "encodings",
        "entities",
        "org",
        "aardvark",
        "collector",
        "bad",
        "hostile",
    ] {
        for entry in std::fs::read_dir(fixture_path(dir)).unwrap() {
            let path = entry.unwrap().path();
            let rel = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
            let result: Result<Loaded, Error> = parse_file(&rel, &bytes(&rel));
            assert_eq!(roundtrip(&result), result, "{rel}");
            checked += 1;
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn tracked_actions_with_many_entities_and_regions_roundtrip() {
    use lastaccessed::report::model::ServiceLastAccessed;
    // More distinct texts than the wire form compares one by one (it
    // hashes past a handful), repeated and interleaved.
    let actions: Vec<String> = (0..60)
        .map(|i| {
            format!(
                r#"{{"ActionName":"Action{i}","LastAccessedEntity":"arn:aws:iam::123456789012:role/r{}","LastAccessedTime":"2026-10-01T00:00:00Z","LastAccessedRegion":"region-{}"}}"#,
                i % 20,
                i % 13
            )
        })
        .collect();
    let json = format!(
        r#"{{"ServiceName":"S","ServiceNamespace":"s","TrackedActionsLastAccessed":[{},{{"ActionName":"Never"}}]}}"#,
        actions.join(",")
    );
    let s: ServiceLastAccessed = serde_json::from_str(&json).unwrap();
    assert_eq!(roundtrip(&s), s);
}
