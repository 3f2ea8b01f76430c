//! Native timing of each core stage, and the same merge + sort done with
//! `jq` (what people do by hand today), on each input file:
//! `cargo run --release --example bench_core -- FILE...`.

use std::process::Command;
use std::time::{Duration, Instant};

use lastaccessed::report::input::parse_file;
use lastaccessed::report::merge::merge_all;
use lastaccessed::report::staleness::{reference_time, ReferenceMode};
use lastaccessed::report::table::{
    action_rows, service_rows, sort_action_order, sort_services, ActionColumn, ServiceColumn, Sort,
    Staleness,
};

/// Merge pages by namespace and sort by last access, as a jq one-liner.
const JQ: &str = "[.[] | .ServicesLastAccessed[]] | group_by(.ServiceNamespace) | map(.[0]) \
                  | sort_by(.LastAuthenticated // \"\") | length";

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// A zipped account: read every entry, load it into a session as the app
/// does (merge, then the fleet of every principal).
fn bench_account(path: &str) -> Result<(), String> {
    use lastaccessed::session::{Command, Parsed, Session};
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let t = Instant::now();
    let loaded = parse_file(path, &bytes).map_err(|e| e.to_string())?;
    let parse = t.elapsed();
    let services = loaded
        .pages
        .iter()
        .map(|p| p.page.services_last_accessed.len())
        .sum::<usize>();
    let mut s = Session::new(chrono::Utc::now());
    s.apply(Command::Queue {
        id: 1,
        name: path.into(),
        size: bytes.len(),
    });
    let t = Instant::now();
    s.apply(Command::Parsed(vec![Parsed {
        id: 1,
        name: path.into(),
        result: Ok(loaded),
    }]));
    let load = t.elapsed();
    let t = Instant::now();
    s.apply(Command::SetThreshold(30));
    let rethreshold = t.elapsed();
    // A sort of the fleet, through the engine as the app asks for it: the
    // matrix compares the fleet's first rows as shown, so it follows.
    let mut engine = lastaccessed::session::engine::Engine::new(chrono::Utc::now());
    engine.request(lastaccessed::session::protocol::Request::Command(
        Command::Queue {
            id: 1,
            name: path.into(),
            size: bytes.len(),
        },
    ));
    let loaded = parse_file(path, &bytes).map_err(|e| e.to_string())?;
    engine.input(lastaccessed::session::protocol::Input::Parsed(vec![(
        1,
        path.into(),
        vec![bincode::serialize(&Parsed {
            id: 1,
            name: path.into(),
            result: Ok(loaded),
        })
        .map_err(|e| e.to_string())?],
    )]));
    let mut sorts = Vec::new();
    for _ in 0..2 {
        let t = Instant::now();
        let replies = engine.request(lastaccessed::session::protocol::Request::Command(
            Command::SortFleet(lastaccessed::report::fleet::FleetColumn::Granted),
        ));
        let engine_ms = t.elapsed();
        let bytes = bincode::serialize(&replies)
            .map_err(|e| e.to_string())?
            .len();
        sorts.push(format!("{} ({} kB sent)", ms(engine_ms), bytes / 1000));
    }
    println!(
        "fleet sort by granted, in the engine: {}",
        sorts.join(", then ")
    );
    let fleet = s.fleet.as_ref().ok_or("no fleet")?;
    println!(
        "{path}: {:.1} MB zip, {} principals, {} service rows, {} unused — read the zip and parse {}, merge + rows + fleet {}, threshold change (fleet rebuilt) {}; total {}",
        bytes.len() as f64 / 1e6,
        fleet.rows.len(),
        services,
        fleet.unused_count(),
        ms(parse),
        ms(load),
        ms(rethreshold),
        ms(parse + load)
    );
    Ok(())
}

fn bench(path: &str) -> Result<(), String> {
    if path.ends_with(".zip") {
        return bench_account(path);
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let t = Instant::now();
    let loaded = parse_file(path, &bytes).map_err(|e| e.to_string())?;
    let parse = t.elapsed();
    // Read in two parts, as two parse workers do side by side
    // (report::split): each part's time, one after the other here.
    if let Some(ranges) = lastaccessed::report::split::ranges(&bytes, bytes.len(), 2) {
        let mut parts = Vec::new();
        for &(from, to) in &ranges {
            let t = Instant::now();
            let part = lastaccessed::report::split::parse_part(
                path,
                &bytes[from..],
                from == 0,
                to - from,
                true,
            );
            parts.push(format!(
                "{} ({})",
                ms(t.elapsed()),
                part.map_or("not in parts".into(), |p| format!(
                    "{} pages",
                    p.loaded.len()
                ))
            ));
        }
        println!("  read in two parts: {}", parts.join(", "));
    }
    // The parse worker's answer crosses to the engine as bincode, written
    // in one pass into a buffer of half the input's size (as worker.rs does).
    let t = Instant::now();
    let mut wire = Vec::with_capacity(bytes.len() / 2);
    bincode::serialize_into(&mut wire, &loaded).map_err(|e| e.to_string())?;
    let encode = t.elapsed();
    let t = Instant::now();
    let back: lastaccessed::report::input::Loaded =
        bincode::deserialize(&wire).map_err(|e| e.to_string())?;
    let decode = t.elapsed();
    lastaccessed::report::model::intern::reset();
    drop(back);
    println!(
        "  parse worker -> engine: encode {}, decode {} ({:.1} MB)",
        ms(encode),
        ms(decode),
        wire.len() as f64 / 1e6
    );
    let t = Instant::now();
    let reports = merge_all([&loaded]);
    let merge = t.elapsed();
    let report = reports.first().ok_or("no report")?;
    let st = Staleness {
        reference: reference_time(report, ReferenceMode::ReportDate, chrono::Utc::now()),
        threshold_days: 90,
    };
    let t = Instant::now();
    let mut services = service_rows(report, st);
    let actions = action_rows(report, st);
    let rows = t.elapsed();
    let t = Instant::now();
    let (whole, listed) = lastaccessed::report::policy::used_permissions(&services, &actions);
    println!(
        "  used permissions {} ({} + {})",
        ms(t.elapsed()),
        whole.len(),
        listed.len()
    );
    let t = Instant::now();
    let suggested = lastaccessed::report::policy::suggestions(&services, &actions, 90, None);
    let suggest = t.elapsed();
    println!(
        "  policy suggestions {} ({} kB of documents)",
        ms(suggest),
        suggested
            .iter()
            .filter_map(|s| s.document.as_ref())
            .map(String::len)
            .sum::<usize>()
            / 1000
    );
    let t = Instant::now();
    sort_services(&mut services, Sort::ascending(ServiceColumn::LastAccessed));
    // As the app does: an order of indices, the rows stay put.
    let mut order: Vec<u32> = (0..actions.len() as u32).collect();
    sort_action_order(&actions, &mut order, Sort::ascending(ActionColumn::Action));
    let sort = t.elapsed();
    let ours = parse + merge + sort;
    println!(
        "{path}: {:.1} MB, {} services, {} actions — parse {}, merge {}, rows {}, sort {} (services by last access, actions by name)",
        bytes.len() as f64 / 1e6,
        services.len(),
        actions.len(),
        ms(parse),
        ms(merge),
        ms(rows),
        ms(sort)
    );
    let t = Instant::now();
    match Command::new("jq").arg(JQ).arg(path).output() {
        Ok(out) if out.status.success() => {
            let jq = t.elapsed();
            println!(
                "    jq merge + sort: {}; lastaccessed parse + merge + sort: {} — jq / lastaccessed = {:.1}x",
                ms(jq),
                ms(ours),
                jq.as_secs_f64() / ours.as_secs_f64()
            );
        }
        _ => println!("    (jq not found: no comparison)"),
    }
    bench_interaction(path, loaded)
}

/// What a click or keystroke costs in the engine at this size: the command
/// applied, the snapshot made and encoded as the engine worker sends it.
fn bench_interaction(
    path: &str,
    loaded: lastaccessed::report::input::Loaded,
) -> Result<(), String> {
    use lastaccessed::report::id::Id;
    use lastaccessed::session::engine::Engine;
    use lastaccessed::session::protocol::Request;
    use lastaccessed::session::{Command, Parsed};
    let mut e = Engine::new(chrono::Utc::now());
    e.request(Request::Command(Command::Queue {
        id: 1,
        name: path.into(),
        size: 0,
    }));
    let t = Instant::now();
    let replies = e.request(Request::Command(Command::Parsed(vec![Parsed {
        id: 1,
        name: path.into(),
        result: Ok(loaded),
    }])));
    let first = t.elapsed();
    let t = Instant::now();
    let bytes = bincode::serialize(&replies).map(|b| b.len()).unwrap_or(0);
    let encode = t.elapsed();
    let t = Instant::now();
    let mut steps = 0;
    while e.idle().is_some() {
        steps += 1;
    }
    println!(
        "    the engine's first view: {} + encode {} ({} kB); then {steps} steps while idle {}",
        ms(first),
        ms(encode),
        bytes / 1000,
        ms(t.elapsed())
    );
    let mut line = Vec::new();
    let mut run = |what: String, c: Command| {
        let t = Instant::now();
        let replies = e.request(Request::Command(c));
        let apply = t.elapsed();
        let t = Instant::now();
        let bytes = bincode::serialize(&replies).map(|b| b.len()).unwrap_or(0);
        line.push(format!(
            "{what} {} + encode {} ({} kB)",
            ms(apply),
            ms(t.elapsed()),
            bytes / 1000
        ));
    };
    for c in ActionColumn::ALL {
        run(format!("sort {}", c.id()), Command::SortActions(*c));
        run(format!("sort {} again", c.id()), Command::SortActions(*c));
    }
    for text in ["d", "de", "des", "describeinstances", ""] {
        run(format!("search {text:?}"), Command::SetSearch(text.into()));
    }
    println!("    in the engine: {}", line.join("; "));
    Ok(())
}

fn main() {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: bench_core FILE...");
        std::process::exit(2);
    }
    for f in &files {
        if let Err(e) = bench(f) {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
