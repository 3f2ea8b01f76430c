//! Native timing of each core stage on one input file:
//! `cargo run --release --example bench_core -- FILE`.

use std::time::Instant;

use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;
use lastaccessed::report::staleness::{reference_time, ReferenceMode};
use lastaccessed::report::table::{
    action_rows, service_rows, sort_actions, ActionColumn, Sort, Staleness,
};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: bench_core FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let t = Instant::now();
    let loaded = match parse_file(&path, &bytes) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let parse = t.elapsed();
    let t = Instant::now();
    let reports = merge_all([&loaded]);
    let merge = t.elapsed();
    let Some(report) = reports.first() else {
        eprintln!("no report");
        std::process::exit(1);
    };
    let st = Staleness {
        reference: reference_time(report, ReferenceMode::ReportDate, chrono::Utc::now()),
        threshold_days: 90,
    };
    let t = Instant::now();
    let services = service_rows(report, st);
    let mut actions = action_rows(report, st);
    let rows = t.elapsed();
    let t = Instant::now();
    sort_actions(&mut actions, Sort::ascending(ActionColumn::Action));
    let sort = t.elapsed();
    println!(
        "{:.1} MB: parse {:?}, merge {:?}, rows {:?} ({} services, {} actions), sort actions by name {:?}",
        bytes.len() as f64 / 1e6,
        parse,
        merge,
        rows,
        services.len(),
        actions.len(),
        sort
    );
}
