//! Where files are parsed: in a Web Worker, one per file, so files parse in
//! parallel and a cancelled one is simply abandoned. The page itself does not
//! contain the parsers (they are a fifth of its wasm): dist/ loads the
//! worker's script beside index.html, and the single file inlines it and
//! hands over a `blob:` URL (`<html data-worker>`). A probe at start-up
//! checks the worker answers; files that arrive while it runs wait.
//!
//! With the `main-thread-parse` feature (component tests) files are parsed on
//! the page's thread instead; without it, a page whose worker cannot start
//! says so for each file.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use gloo::worker::{Spawnable, WorkerBridge};
use yew::platform::spawn_local;
use yew::Callback;

use crate::worker::{ParseRequest, ParseResponse, ParseWorker};

/// Trunk builds the worker under this fixed name beside index.html.
const WORKER_SCRIPT: &str = "./worker.js";

/// Start a parse worker: the single file's inlined one, or dist/'s.
fn spawn_worker(
    spawner: &mut gloo::worker::WorkerSpawner<ParseWorker>,
) -> WorkerBridge<ParseWorker> {
    let inlined = gloo::utils::document()
        .document_element()
        .and_then(|html| html.get_attribute("data-worker"))
        .filter(|url| url.starts_with("blob:"));
    match inlined {
        Some(url) => spawner.spawn_with_loader(&url),
        None => spawner.spawn(WORKER_SCRIPT),
    }
}

/// Parse on this thread: only with the `main-thread-parse` feature.
fn parse_here(req: &ParseRequest) -> Result<crate::report::input::Loaded, crate::report::Error> {
    #[cfg(feature = "main-thread-parse")]
    {
        crate::report::input::parse_file(&req.name, &req.bytes)
    }
    #[cfg(not(feature = "main-thread-parse"))]
    {
        Err(crate::report::Error::new(crate::report::ErrorKind::NoWorker).in_file(req.name.clone()))
    }
}
/// How long the start-up probe may take before parsing falls back to the page.
const PROBE_MS: u32 = 15_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Probing,
    Worker,
    MainThread,
}

struct Inner {
    mode: Mode,
    next_id: u64,
    bridges: HashMap<u64, WorkerBridge<ParseWorker>>,
    waiting: Vec<ParseRequest>,
    probe: Option<(WorkerBridge<ParseWorker>, Timeout)>,
    ondone: Callback<ParseResponse>,
}

/// Shared handle; cheap to clone.
#[derive(Clone)]
pub struct Loader(Rc<RefCell<Inner>>);

impl PartialEq for Loader {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Loader {
    /// `use_worker: false` parses on the main thread from the start.
    pub fn new(use_worker: bool, ondone: Callback<ParseResponse>) -> Self {
        let loader = Loader(Rc::new(RefCell::new(Inner {
            mode: if use_worker {
                Mode::Probing
            } else {
                Mode::MainThread
            },
            next_id: 1,
            bridges: HashMap::new(),
            waiting: Vec::new(),
            probe: None,
            ondone,
        })));
        if use_worker {
            loader.probe();
        }
        loader
    }

    pub fn mode(&self) -> Mode {
        self.0.borrow().mode
    }

    /// A fresh id for a file about to be parsed.
    pub fn next_id(&self) -> u64 {
        let mut inner = self.0.borrow_mut();
        let id = inner.next_id;
        inner.next_id += 1;
        id
    }

    /// Start a worker and parse an empty probe; the worker is usable once it answers.
    fn probe(&self) {
        let ok = self.clone();
        let bridge =
            spawn_worker(ParseWorker::spawner().callback(move |_| ok.settle(Mode::Worker)));
        bridge.send(ParseRequest {
            id: 0,
            name: "probe".into(),
            bytes: Vec::new(),
        });
        let late = self.clone();
        let timeout = Timeout::new(PROBE_MS, move || late.settle(Mode::MainThread));
        self.0.borrow_mut().probe = Some((bridge, timeout));
    }

    fn settle(&self, mode: Mode) {
        let waiting = {
            let mut inner = self.0.borrow_mut();
            if inner.mode != Mode::Probing {
                return;
            }
            inner.mode = mode;
            inner.probe = None;
            std::mem::take(&mut inner.waiting)
        };
        for req in waiting {
            self.parse(req);
        }
    }

    /// Parse one file; the result arrives through `ondone`.
    pub fn parse(&self, req: ParseRequest) {
        let mode = self.mode();
        match mode {
            Mode::Probing => self.0.borrow_mut().waiting.push(req),
            Mode::Worker => {
                let id = req.id;
                let me = self.clone();
                let bridge = spawn_worker(
                    ParseWorker::spawner().callback(move |resp: ParseResponse| me.finish(resp)),
                );
                bridge.send(req);
                self.0.borrow_mut().bridges.insert(id, bridge);
            }
            Mode::MainThread => {
                let ondone = self.0.borrow().ondone.clone();
                // Yield first, so "loading…" is painted before the work starts.
                spawn_local(async move {
                    gloo::timers::future::TimeoutFuture::new(0).await;
                    let result = parse_here(&req);
                    ondone.emit(ParseResponse {
                        id: req.id,
                        name: req.name,
                        result,
                    });
                });
            }
        }
    }

    fn finish(&self, resp: ParseResponse) {
        // Decoding the response interned its repeated strings; the table is
        // not needed past one file.
        crate::report::model::intern::reset();
        let ondone = {
            let mut inner = self.0.borrow_mut();
            // Dropping the bridge lets the worker close.
            inner.bridges.remove(&resp.id);
            inner.ondone.clone()
        };
        ondone.emit(resp);
    }

    /// Abandon a file: its worker is let go and its result, if any, ignored.
    pub fn cancel(&self, id: u64) {
        let mut inner = self.0.borrow_mut();
        inner.bridges.remove(&id);
        inner.waiting.retain(|r| r.id != id);
    }
}
