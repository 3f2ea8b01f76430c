//! Coverage-guided fuzzing of detection + parse + merge, the whole input path.
//! Run: `make fuzz` (or `scripts/fuzz.sh SECONDS`).
#![no_main]

use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match parse_file("fuzz", data) {
        Ok(loaded) => {
            let _ = merge_all([&loaded]);
        }
        Err(e) => assert!(e.to_string().starts_with("fuzz")),
    }
});
