//! What the app would say about each input file, from the command line:
//! `cargo run --example explain -- FILE...` prints the error (file, place,
//! reason) or the loaded reports with their warnings.

use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                println!("{path}: cannot read: {e}");
                continue;
            }
        };
        match parse_file(&path, &bytes) {
            Err(e) => println!("ERROR   {e}"),
            Ok(loaded) => {
                let reports = merge_all([&loaded]);
                let notes: Vec<String> = loaded
                    .notices
                    .iter()
                    .chain(reports.iter().flat_map(|r| r.notices.iter()))
                    .map(|n| n.text())
                    .collect();
                println!(
                    "LOADED  {path}: {} report(s), {} service(s){}",
                    reports.len(),
                    reports.iter().map(|r| r.services.len()).sum::<usize>(),
                    if notes.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", notes.join(" | "))
                    }
                );
            }
        }
    }
}
