//! Where files are parsed: in a bounded pool of Web Workers (at most
//! `navigator.hardwareConcurrency`, at least 1) fed from a queue, one file
//! per worker at a time, so a thousand files chosen at once start a handful
//! of workers, not a thousand. Every file ends as parsed, failed (with a
//! message naming it) or cancelled: a worker that gives no answer within a
//! time that grows with the file's size (it died: out of memory, or stopped
//! by the browser) is abandoned, its file fails with a message saying so, a
//! fresh worker takes its place and the queue goes on. A cancelled file in
//! a worker abandons that worker the same way.
//!
//! The page itself does not contain the parsers (they are a fifth of its
//! wasm): dist/ loads the worker's script beside index.html, and the single
//! file inlines it and hands over a `blob:` URL (`<html data-worker>`). A
//! probe at start-up checks the worker answers; files that arrive while it
//! runs wait.
//!
//! The parser is injected ([`Parser`]): the app always uses the workers;
//! component tests, whose runner cannot start them, hand in a function that
//! parses on the page's thread. A page whose worker cannot start says so for
//! each file: the shipped page has no parser of its own.

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use gloo::worker::{Spawnable, WorkerBridge};
use yew::platform::spawn_local;
use yew::Callback;

use crate::report::input::Loaded;
use crate::report::{Error, ErrorKind};
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

/// A parse on the page's own thread: file name and bytes in.
pub type ParseFn = Rc<dyn Fn(&str, &[u8]) -> Result<Loaded, Error>>;

/// How files are parsed.
#[derive(Clone)]
pub enum Parser {
    /// By the pool of parse workers (the app).
    Workers,
    /// By this function, on the page's own thread (component tests only:
    /// their runner cannot start workers).
    SameThread(ParseFn),
}

impl PartialEq for Parser {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Parser::Workers, Parser::Workers) => true,
            (Parser::SameThread(a), Parser::SameThread(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Why a file was not read when no worker could start.
const NO_WORKER: &str = "files are parsed in a Web Worker, and this page could not start one \
    (is JavaScript restricted here, or is dist/ opened from file://? Use the single-file build, \
    lastaccessed.html, for that)";

/// How long the start-up probe may take before parsing falls back to the page.
const PROBE_MS: u32 = 15_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Probing,
    Worker,
    MainThread,
}

/// How long a worker may take over one file before it counts as dead:
/// generous (a 50 MB file parses in about a second).
fn deadline_ms(bytes: usize) -> u32 {
    30_000 + (bytes / 1_000) as u32
}

/// The most workers at once: the machine's cores (at least 1, at most 16).
fn pool_size() -> usize {
    let n = gloo::utils::window().navigator().hardware_concurrency();
    (n as usize).clamp(1, 16)
}

/// Files sent to one worker ahead of its answers, so it never waits for
/// the page between two files (its answers come back in order).
const DEPTH: usize = 3;

/// Only files this small are sent to a worker that is still busy.
const STACK_BELOW: usize = 256 * 1024;

/// A file sent to a worker.
struct InFlight {
    id: u64,
    name: String,
    bytes: usize,
    /// Cancelled while in the worker: its answer is dropped.
    cancelled: bool,
    /// A copy of a small file sent behind another, to hand to another
    /// worker if this one dies before reaching it.
    retry: Option<ParseRequest>,
}

/// One worker of the pool, and the files it holds, oldest first.
struct Slot {
    bridge: WorkerBridge<ParseWorker>,
    inflight: VecDeque<InFlight>,
    /// Armed for the oldest file: no answer in time means the worker died.
    watchdog: Option<Timeout>,
}

struct Inner {
    mode: Mode,
    parser: Parser,
    next_id: u64,
    /// Workers by their own id (not a file's).
    slots: HashMap<u64, Slot>,
    next_slot: u64,
    max_slots: usize,
    /// Files waiting for a worker, first in first out.
    queue: VecDeque<ParseRequest>,
    probe: Option<(WorkerBridge<ParseWorker>, Timeout)>,
    /// Answers not yet handed over: many files finishing together reach the
    /// app as one batch (one merge and one render, not one per file).
    outbox: Vec<ParseResponse>,
    flush: Option<Timeout>,
    ondone: Callback<Vec<ParseResponse>>,
}

/// How long answers gather before they are handed over together.
const BATCH_MS: u32 = 16;

/// Shared handle; cheap to clone.
#[derive(Clone)]
pub struct Loader(Rc<RefCell<Inner>>);

impl PartialEq for Loader {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Loader {
    /// A same-thread parser is used from the start; workers are probed first.
    pub fn new(parser: Parser, ondone: Callback<Vec<ParseResponse>>) -> Self {
        let use_worker = parser == Parser::Workers;
        let loader = Loader(Rc::new(RefCell::new(Inner {
            mode: if use_worker {
                Mode::Probing
            } else {
                Mode::MainThread
            },
            parser,
            next_id: 1,
            slots: HashMap::new(),
            next_slot: 1,
            max_slots: 1,
            queue: VecDeque::new(),
            probe: None,
            outbox: Vec::new(),
            flush: None,
            ondone,
        })));
        if use_worker {
            loader.0.borrow_mut().max_slots = pool_size();
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
            if mode == Mode::Worker {
                Vec::new()
            } else {
                inner.queue.drain(..).collect()
            }
        };
        for req in waiting {
            self.parse(req);
        }
        self.pump();
    }

    /// Give queued files to workers: an idle one first, else a new one (up
    /// to the bound), else the least loaded one with room.
    fn pump(&self) {
        loop {
            let (slot, req) = {
                let mut inner = self.0.borrow_mut();
                if inner.mode != Mode::Worker || inner.queue.is_empty() {
                    return;
                }
                let small = inner
                    .queue
                    .front()
                    .is_some_and(|r| r.bytes.len() < STACK_BELOW);
                let least = inner
                    .slots
                    .iter()
                    .min_by_key(|(k, s)| (s.inflight.len(), **k))
                    .map(|(k, s)| (*k, s.inflight.len()));
                let slot = match least {
                    Some((k, 0)) => k,
                    _ if inner.slots.len() < inner.max_slots => {
                        let k = inner.next_slot;
                        inner.next_slot += 1;
                        let me = self.clone();
                        let bridge = spawn_worker(
                            ParseWorker::spawner()
                                .callback(move |resp: ParseResponse| me.finish(k, resp)),
                        );
                        inner.slots.insert(
                            k,
                            Slot {
                                bridge,
                                inflight: VecDeque::new(),
                                watchdog: None,
                            },
                        );
                        k
                    }
                    Some((k, n)) if n < DEPTH && small => k,
                    _ => return,
                };
                let Some(req) = inner.queue.pop_front() else {
                    return;
                };
                (slot, req)
            };
            {
                let mut inner = self.0.borrow_mut();
                if let Some(s) = inner.slots.get_mut(&slot) {
                    let behind = !s.inflight.is_empty();
                    s.inflight.push_back(InFlight {
                        id: req.id,
                        name: req.name.clone(),
                        bytes: req.bytes.len(),
                        cancelled: false,
                        retry: behind.then(|| ParseRequest {
                            id: req.id,
                            name: req.name.clone(),
                            bytes: req.bytes.clone(),
                        }),
                    });
                    s.bridge.send(req);
                }
            }
            self.arm(slot);
        }
    }

    /// (Re)arm a worker's watchdog for its oldest file.
    fn arm(&self, slot: u64) {
        let mut inner = self.0.borrow_mut();
        let Some(s) = inner.slots.get_mut(&slot) else {
            return;
        };
        match s.inflight.front() {
            None => s.watchdog = None,
            Some(_) if s.watchdog.is_some() => {}
            Some(head) => {
                let me = self.clone();
                let ms = deadline_ms(head.bytes);
                s.watchdog = Some(Timeout::new(ms, move || me.stopped(slot, ms / 1_000)));
            }
        }
    }

    /// A worker gave no answer in time: its oldest file fails, the worker
    /// is let go, the files behind it go back to the front of the queue
    /// for another worker, and the queue goes on.
    fn stopped(&self, slot: u64, seconds: u32) {
        let lost = self.0.borrow_mut().slots.remove(&slot);
        let Some(s) = lost else {
            return;
        };
        let mut inflight = s.inflight.into_iter();
        if let Some(head) = inflight.next().filter(|h| !h.cancelled) {
            let e = Error::new(ErrorKind::NotRead {
                reason: format!(
                    "its parser gave no answer within {seconds} s (it may have run out of memory); \
                     the other files were read. Try this file alone, or split it"
                ),
            })
            .in_file(head.name.clone());
            self.deliver(ParseResponse {
                id: head.id,
                name: head.name,
                result: Err(e),
            });
        }
        let retry: Vec<ParseRequest> = inflight
            .filter(|f| !f.cancelled)
            .filter_map(|f| f.retry)
            .collect();
        {
            let mut inner = self.0.borrow_mut();
            for r in retry.into_iter().rev() {
                inner.queue.push_front(r);
            }
        }
        self.pump();
    }

    /// Hand an answer over, with those that arrive in the next moments.
    fn deliver(&self, resp: ParseResponse) {
        let mut inner = self.0.borrow_mut();
        inner.outbox.push(resp);
        if inner.flush.is_none() {
            let me = self.clone();
            inner.flush = Some(Timeout::new(BATCH_MS, move || {
                let (batch, ondone) = {
                    let mut inner = me.0.borrow_mut();
                    inner.flush = None;
                    (std::mem::take(&mut inner.outbox), inner.ondone.clone())
                };
                ondone.emit(batch);
            }));
        }
    }

    /// Parse one file; the result arrives through `ondone`.
    pub fn parse(&self, req: ParseRequest) {
        let mode = self.mode();
        match mode {
            Mode::Probing => self.0.borrow_mut().queue.push_back(req),
            Mode::Worker => {
                self.0.borrow_mut().queue.push_back(req);
                self.pump();
            }
            Mode::MainThread => {
                let me = self.clone();
                let parser = self.0.borrow().parser.clone();
                // Yield first, so "loading…" is painted before the work starts.
                spawn_local(async move {
                    gloo::timers::future::TimeoutFuture::new(0).await;
                    let result = match parser {
                        Parser::SameThread(parse) => parse(&req.name, &req.bytes),
                        Parser::Workers => Err(Error::new(ErrorKind::NotRead {
                            reason: NO_WORKER.into(),
                        })
                        .in_file(req.name.clone())),
                    };
                    me.deliver(ParseResponse {
                        id: req.id,
                        name: req.name,
                        result,
                    });
                });
            }
        }
    }

    fn finish(&self, slot: u64, resp: ParseResponse) {
        // Decoding the response interned its repeated strings; the table is
        // not needed past one file.
        crate::report::model::intern::reset();
        let keep = {
            let mut inner = self.0.borrow_mut();
            let Some(s) = inner.slots.get_mut(&slot) else {
                // A late answer from an abandoned worker.
                return;
            };
            match s.inflight.front() {
                Some(head) if head.id == resp.id => {
                    let head = s.inflight.pop_front();
                    s.watchdog = None;
                    head.is_some_and(|h| !h.cancelled)
                }
                _ => return,
            }
        };
        self.arm(slot);
        if keep {
            self.deliver(resp);
        }
        self.pump();
    }

    /// Abandon a file: out of the queue, or, in a worker, its answer dropped
    /// when it comes.
    pub fn cancel(&self, id: u64) {
        let mut inner = self.0.borrow_mut();
        inner.queue.retain(|r| r.id != id);
        for s in inner.slots.values_mut() {
            for f in s.inflight.iter_mut().filter(|f| f.id == id) {
                f.cancelled = true;
            }
        }
    }
}
