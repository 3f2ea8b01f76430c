//! Entry points for the browser benchmark (`make bench`), compiled only with
//! the `bench` feature: the harness calls them from JavaScript and times them
//! with `performance.now()`. Each runs one core stage on data kept between calls.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::report::filter::Filter;
use crate::report::id::Id;
use crate::report::input::parse_file;
use crate::report::merge::merge_all;
use crate::report::report::Report;
use crate::report::staleness::{reference_time, ReferenceMode};
use crate::report::table::{
    action_rows, service_rows, sort_action_order, sort_services, ActionColumn, ActionRow,
    ServiceColumn, ServiceRow, Sort, Staleness,
};

#[derive(Default)]
struct Loaded {
    reports: Vec<Report>,
    services: Vec<ServiceRow>,
    actions: Vec<ActionRow>,
}

thread_local! {
    static DATA: RefCell<Loaded> = RefCell::new(Loaded::default());
}

/// Detect, parse and merge one input; returns the number of reports.
#[wasm_bindgen]
pub fn bench_load(bytes: &[u8]) -> Result<u32, JsValue> {
    let loaded = parse_file("bench.json", bytes).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let reports = merge_all([&loaded]);
    let n = reports.len() as u32;
    DATA.with(|d| d.borrow_mut().reports = reports);
    Ok(n)
}

/// Build the service and action rows of every loaded report; returns the action row count.
#[wasm_bindgen]
pub fn bench_rows() -> u32 {
    DATA.with(|d| {
        let mut d = d.borrow_mut();
        let mut services = Vec::new();
        let mut actions = Vec::new();
        for r in &d.reports {
            let st = Staleness {
                reference: reference_time(r, ReferenceMode::ReportDate, chrono::Utc::now()),
                threshold_days: 90,
            };
            services.extend(service_rows(r, st));
            actions.extend(action_rows(r, st));
        }
        let n = actions.len() as u32;
        d.services = services;
        d.actions = actions;
        n
    })
}

/// Column keys of a table (`services` or `actions`).
#[wasm_bindgen]
pub fn bench_columns(table: &str) -> Vec<String> {
    match table {
        "services" => ServiceColumn::ALL
            .iter()
            .map(|c| c.id().to_string())
            .collect(),
        _ => ActionColumn::ALL
            .iter()
            .map(|c| c.id().to_string())
            .collect(),
    }
}

/// Sort the rows of a table by a column; returns the row count.
#[wasm_bindgen]
pub fn bench_sort(table: &str, column: &str, descending: bool) -> u32 {
    fn dir<C: PartialEq + Copy>(s: Sort<C>, descending: bool) -> Sort<C> {
        if descending {
            s.toggled(s.column)
        } else {
            s
        }
    }
    DATA.with(|d| {
        let mut d = d.borrow_mut();
        if table == "services" {
            let c = ServiceColumn::from_id(column).unwrap_or(ServiceColumn::Name);
            sort_services(&mut d.services, dir(Sort::ascending(c), descending));
            d.services.len() as u32
        } else {
            // As the app does: sort an order of indices, not the rows.
            let c = ActionColumn::from_id(column).unwrap_or(ActionColumn::Action);
            let mut order: Vec<u32> = (0..d.actions.len() as u32).collect();
            sort_action_order(&d.actions, &mut order, dir(Sort::ascending(c), descending));
            order.len() as u32
        }
    })
}

/// One search keystroke over both tables; returns the matching action count.
#[wasm_bindgen]
pub fn bench_filter(text: &str) -> u32 {
    let f = Filter {
        text: text.to_string(),
        ..Filter::default()
    };
    DATA.with(|d| {
        let d = d.borrow();
        f.apply(&d.services, &d.actions).1.len() as u32
    })
}

thread_local! {
    /// A parse worker's answer for the input ([`bench_engine_prepare`]).
    static ANSWER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The engine [`bench_engine`] made last.
    static ENGINE: RefCell<Option<crate::session::engine::Engine>> = const { RefCell::new(None) };
}

/// Parse one input as a parse worker does and keep its answer (the
/// bincode bytes it sends the engine); returns their length.
#[wasm_bindgen]
pub fn bench_engine_prepare(bytes: &[u8]) -> Result<u32, JsValue> {
    use crate::session::Parsed;
    let loaded = parse_file("bench.json", bytes).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let parsed = Parsed {
        id: 1,
        name: "bench.json".into(),
        result: Ok(loaded),
    };
    let answer = bincode::serialize(&parsed).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let n = answer.len() as u32;
    ANSWER.with(|a| *a.borrow_mut() = answer);
    Ok(n)
}

/// The engine worker's own work on that answer, in a fresh engine: decode,
/// merge, rows and the first snapshot (what the page then draws); returns
/// the number of replies.
#[wasm_bindgen]
pub fn bench_engine() -> u32 {
    use crate::session::engine::Engine;
    use crate::session::protocol::Request;
    use crate::session::Command;
    let answer = ANSWER.with(|a| a.borrow().clone());
    let mut e = Engine::new(chrono::Utc::now());
    e.request(Request::Command(Command::Queue {
        id: 1,
        name: "bench.json".into(),
        size: answer.len(),
    }));
    let n = e.parsed(vec![(1, "bench.json".into(), vec![answer])]).len() as u32;
    ENGINE.with(|k| *k.borrow_mut() = Some(e));
    n
}

/// Let that engine do all it does while idle (as between the user's
/// actions); returns the steps taken.
#[wasm_bindgen]
pub fn bench_engine_idle() -> u32 {
    ENGINE.with(|k| {
        let mut k = k.borrow_mut();
        let Some(e) = k.as_mut() else { return 0 };
        let mut steps = 0;
        while e.idle().is_some() {
            steps += 1;
        }
        steps
    })
}

/// One request to that engine, as the page sends it: the search box's
/// text, or a sort of the actions table by a column; returns the replies.
#[wasm_bindgen]
pub fn bench_engine_ask(search: Option<String>, sort: Option<String>) -> u32 {
    use crate::session::protocol::Request;
    use crate::session::Command;
    let command = match (search, sort) {
        (Some(text), _) => Command::SetSearch(text),
        (None, Some(c)) => {
            Command::SortActions(ActionColumn::from_id(&c).unwrap_or(ActionColumn::Action))
        }
        (None, None) => return 0,
    };
    ENGINE.with(|k| {
        k.borrow_mut()
            .as_mut()
            .map_or(0, |e| e.request(Request::Command(command)).len() as u32)
    })
}

/// Bytes of wasm linear memory now.
#[wasm_bindgen]
pub fn bench_memory() -> f64 {
    (core::arch::wasm32::memory_size(0) * 65536) as f64
}
