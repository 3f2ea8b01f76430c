//! Where files are parsed: in a bounded pool of Web Workers (at most
//! `navigator.hardwareConcurrency`, at least 1) fed from a queue, so a
//! thousand files chosen at once start a couple of workers, not a thousand.
//!
//! - **Bytes are transferred**: a file's `ArrayBuffer` goes to its worker
//!   with `postMessage(…, [buffer])`; it is never copied into the page's
//!   wasm, never serialised (see [`crate::worker`] for the protocol).
//! - **Every file ends** as parsed, failed (with a message naming it) or
//!   cancelled. A worker that reports an error event, or gives no answer
//!   within a time that grows with the file's size (out of memory, stopped
//!   by the browser), is terminated; its oldest file fails with a message,
//!   the small files queued behind it go to another worker, a fresh worker
//!   takes its place when needed, and the queue goes on.
//! - **Small files are stacked** up to [`DEPTH`] deep per worker so a worker
//!   never waits for the page between two files; answers reach the app in
//!   batches (one merge and one render per batch, not per file).
//! - **A large file is not read by the page** ([`FILE_AT`]): its worker reads
//!   it from the `File`. One that is a JSON array of pages is **read in
//!   parts**, one per worker side by side ([`crate::report::split`]): each
//!   worker reads its bytes of the file and the pages that begin in them.
//!   The parts go to the engine together when they chain exactly; if they
//!   do not (another format, an error in the file, a guess gone wrong) or a
//!   part's worker dies, the file is read whole by one worker, as any other.
//!
//! The page itself does not contain the parsers: every worker starts from
//! one `blob:` script holding the worker's glue (`<html data-worker>`: the
//! single file carries it, dist/ makes it at start) and is handed the wasm
//! the page compiled once ([`super::boot_worker`]), or starts from a small
//! loader script when that could not be made. The first worker to say it
//! is ready settles that workers work here.
//!
//! The parser is injected ([`Parser`]): the app always uses the workers;
//! component tests, whose runner cannot start them, hand in a function that
//! parses on the page's thread. A page whose worker cannot start says so for
//! each file: the shipped page has no parser of its own.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent};
use yew::platform::spawn_local;
use yew::Callback;

use crate::report::{split, Error, ErrorKind};
use crate::worker::{part_answer, read_blob, Answer, ParseRequest, PartSpec, Source, READY};

/// Trunk builds the worker under this fixed name beside index.html.
const WORKER_SCRIPT: &str = "worker.js";

/// A parse on the page's own thread: id, file name and bytes in, the
/// answer a parse worker would give out (a `Parsed` as bincode).
pub type ParseFn = Rc<dyn Fn(u64, &str, &[u8]) -> Vec<u8>>;

/// What becomes of a file: the parser's answer (for the engine), or lost
/// before any answer came. A part of a file read in parts goes to the
/// engine as soon as it is parsed; the file's answer then holds an empty
/// part in its place.
pub enum Delivered {
    Answer(Answer),
    Lost {
        id: u64,
        error: Error,
    },
    Part {
        id: u64,
        index: usize,
        bytes: Uint8Array,
    },
}

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

/// How long the first worker may take to start before parsing is given up.
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

/// How long answers gather before they are handed over together.
const BATCH_MS: u32 = 40;

/// Files this large are read by their worker, from the `File`, not by the
/// page (which would read it, then hand the bytes over).
pub const FILE_AT: usize = 8 << 20;

/// The least a part of a file read in parts is given (so a file is split
/// from twice this size on).
const PART_AT_LEAST: usize = 4 << 20;

/// Workers started ahead of need (with a first file, or a large one read
/// in parts, none waits for a worker to start).
const WARM: usize = 2;

/// The most parts a file is read in.
const MAX_PARTS: usize = 4;

/// How far past its range a part's worker first reads, for the last page
/// that begins in the range (it reads on to the file's end if that page
/// is longer).
const PART_SPILL: usize = 1 << 20;

/// A file being read in parts: what each part answered (`Some(None)`: it
/// failed), and the file to read whole if they do not chain.
struct Split {
    whole: ParseRequest,
    /// Each part's start and next page in the file, once it answered
    /// (`None` inside: it failed); its bytes went to the engine.
    got: Vec<Option<Option<(usize, usize)>>>,
}

/// A file sent to a worker.
struct InFlight {
    id: u64,
    name: String,
    bytes: usize,
    /// Cancelled while in the worker: its answer is dropped.
    cancelled: bool,
    /// A copy of a small file sent behind another (the original buffer was
    /// transferred), to hand to another worker if this one dies first.
    retry: Option<ParseRequest>,
    /// Which part of its file this is, when it is read in parts.
    part: Option<PartSpec>,
}

/// One worker of the pool, and the files it holds, oldest first.
struct Slot {
    worker: web_sys::Worker,
    /// The worker said it can take files; before that, files wait in `unsent`.
    ready: bool,
    unsent: Vec<ParseRequest>,
    inflight: VecDeque<InFlight>,
    /// Armed for the oldest file: no answer in time means the worker died.
    watchdog: Option<Timeout>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(ErrorEvent)>,
}

struct Inner {
    mode: Mode,
    parser: Parser,
    next_id: u64,
    /// Workers by their own id (not a file's).
    slots: HashMap<u64, Slot>,
    /// Workers let go, kept until no callback of theirs can be running.
    graveyard: Vec<Slot>,
    next_slot: u64,
    max_slots: usize,
    /// Files waiting for a worker, first in first out.
    queue: VecDeque<ParseRequest>,
    /// Files being read in parts, by id.
    splits: HashMap<u64, Split>,
    /// Files cancelled: one the page is still reading is not parsed when
    /// its read ends ([`Loader::take_cancelled`] forgets it then; a few ids
    /// of files cancelled later in their way stay, a u64 each).
    cancelled: HashSet<u64>,
    probe: Option<Timeout>,
    /// Answers not yet handed over.
    outbox: Vec<Delivered>,
    flush: Option<Timeout>,
    ondone: Callback<Vec<Delivered>>,
}

/// Shared handle; cheap to clone.
#[derive(Clone)]
pub struct Loader(Rc<RefCell<Inner>>);

impl PartialEq for Loader {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// The script every worker starts from: the inlined one, else a loader
/// that imports dist/'s worker script and its wasm.
pub fn worker_url() -> String {
    let inlined = gloo::utils::document()
        .document_element()
        .and_then(|html| html.get_attribute("data-worker"))
        .filter(|url| url.starts_with("blob:"));
    if let Some(url) = inlined {
        return url;
    }
    let href = gloo::utils::window().location().href().unwrap_or_default();
    let base = href.split(['#', '?']).next().unwrap_or_default();
    let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
    let js = format!("{dir}{WORKER_SCRIPT}");
    let wasm = js.replace(".js", "_bg.wasm");
    // As JavaScript string literals (the JSON of a string is one).
    let quoted = |s: &str| {
        js_sys::JSON::stringify(&JsValue::from_str(s))
            .map(String::from)
            .unwrap_or_default()
    };
    let loader = format!(
        "importScripts({});wasm_bindgen({});",
        quoted(&js),
        quoted(&wasm)
    );
    let url = gloo::file::ObjectUrl::from(gloo::file::Blob::new_with_options(
        loader.as_str(),
        Some("text/javascript"),
    ));
    let s = url.to_string();
    std::mem::forget(url);
    s
}

/// A copy of a request, made before its buffer is transferred (a `File`
/// is not transferred: the copy is the same handle).
fn copy_of(req: &ParseRequest) -> ParseRequest {
    ParseRequest {
        id: req.id,
        name: req.name.clone(),
        source: match &req.source {
            Source::Bytes(b) => Source::Bytes(b.slice(0)),
            Source::File(f) => Source::File(f.clone()),
        },
        part: req.part,
    }
}

impl Loader {
    /// A same-thread parser is used from the start; with the workers, the
    /// first one is started now and the mode settles when it is ready.
    pub fn new(parser: Parser, ondone: Callback<Vec<Delivered>>) -> Self {
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
            graveyard: Vec::new(),
            next_slot: 1,
            max_slots: 1,
            queue: VecDeque::new(),
            splits: HashMap::new(),
            cancelled: HashSet::new(),
            probe: None,
            outbox: Vec::new(),
            flush: None,
            ondone,
        })));
        if use_worker {
            loader.0.borrow_mut().max_slots = pool_size();
            let late = loader.clone();
            let timeout = Timeout::new(PROBE_MS, move || late.settle(Mode::MainThread));
            loader.0.borrow_mut().probe = Some(timeout);
            loader.spawn();
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

    /// Start a worker; it takes files once it says it is ready.
    fn spawn(&self) -> Option<u64> {
        let worker = web_sys::Worker::new(&worker_url()).ok()?;
        super::boot_worker(&worker);
        let k = {
            let mut inner = self.0.borrow_mut();
            let k = inner.next_slot;
            inner.next_slot += 1;
            k
        };
        let me = self.clone();
        let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let data = e.data();
            if data.as_string().is_some_and(|s| s.starts_with(READY)) {
                me.ready(k);
            } else {
                me.answer(k, &data);
            }
        });
        let me = self.clone();
        let onerror = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
            e.prevent_default();
            me.lost(k, format!("its parser failed ({})", e.message()));
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
        self.0.borrow_mut().slots.insert(
            k,
            Slot {
                worker,
                ready: false,
                unsent: Vec::new(),
                inflight: VecDeque::new(),
                watchdog: None,
                _onmessage: onmessage,
                _onerror: onerror,
            },
        );
        Some(k)
    }

    /// A worker can take files: the first one settles the mode; files
    /// assigned to it meanwhile are sent.
    fn ready(&self, slot: u64) {
        let unsent = {
            let mut inner = self.0.borrow_mut();
            let Some(s) = inner.slots.get_mut(&slot) else {
                return;
            };
            s.ready = true;
            std::mem::take(&mut s.unsent)
        };
        for req in unsent {
            self.post(slot, req);
        }
        self.settle(Mode::Worker);
        self.arm(slot);
        self.pump();
        // A second worker waits beside the first, so a large file's second
        // part does not wait for one to start.
        let warm = {
            let inner = self.0.borrow();
            inner.slots.len() < inner.max_slots.min(WARM)
        };
        if warm {
            self.spawn();
        }
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
                // No worker started: let them go, and say so for each file
                // (once for a file queued in parts).
                let dead: Vec<Slot> = inner.slots.drain().map(|(_, s)| s).collect();
                for s in &dead {
                    s.worker.terminate();
                }
                inner.graveyard.extend(dead);
                let mut waiting: Vec<ParseRequest> =
                    inner.queue.drain(..).filter(|r| r.part.is_none()).collect();
                waiting.extend(inner.splits.drain().map(|(_, s)| s.whole));
                waiting
            }
        };
        for req in waiting {
            self.parse(req, || ()); // already in the engine's queue
        }
        self.pump();
    }

    /// Send a file to a worker, transferring its bytes.
    fn post(&self, slot: u64, req: ParseRequest) {
        let inner = self.0.borrow();
        if let Some(s) = inner.slots.get(&slot) {
            let (msg, transfer) = req.to_message();
            if s.worker
                .post_message_with_transfer(&msg, &transfer)
                .is_err()
            {
                drop(inner);
                self.lost(slot, "its parser could not be reached".into());
            }
        }
    }

    /// Give queued files to workers: an idle one first, else a new one (up
    /// to the bound), else the least loaded one with room.
    fn pump(&self) {
        loop {
            // Which worker (`None`: start one), decided under one borrow.
            let choice: Option<Option<u64>> = {
                let inner = self.0.borrow();
                if inner.mode != Mode::Worker || inner.queue.is_empty() {
                    return;
                }
                let small = inner
                    .queue
                    .front()
                    .is_some_and(|r| r.source.len() < STACK_BELOW);
                let least = inner
                    .slots
                    .iter()
                    .min_by_key(|(k, s)| (s.inflight.len(), **k))
                    .map(|(k, s)| (*k, s.inflight.len()));
                match least {
                    Some((k, 0)) => Some(Some(k)),
                    _ if inner.slots.len() < inner.max_slots => Some(None),
                    Some((k, n)) if n < DEPTH && small => Some(Some(k)),
                    _ => None,
                }
            };
            let slot = match choice {
                None => return,
                Some(Some(k)) => k,
                Some(None) => match self.spawn() {
                    Some(k) => k,
                    None => return,
                },
            };
            let send = {
                let mut inner = self.0.borrow_mut();
                let Some(req) = inner.queue.pop_front() else {
                    return;
                };
                let Some(s) = inner.slots.get_mut(&slot) else {
                    inner.queue.push_front(req);
                    return;
                };
                let behind = !s.inflight.is_empty();
                s.inflight.push_back(InFlight {
                    id: req.id,
                    name: req.name.clone(),
                    bytes: req.part.map_or(req.source.len(), |p| p.end - p.from),
                    cancelled: false,
                    retry: behind.then(|| copy_of(&req)),
                    part: req.part,
                });
                if s.ready {
                    Some(req)
                } else {
                    s.unsent.push(req);
                    None
                }
            };
            if let Some(req) = send {
                self.post(slot, req);
                self.arm(slot);
            }
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
            Some(_) if s.watchdog.is_some() || !s.ready => {}
            Some(head) => {
                let me = self.clone();
                let ms = deadline_ms(head.bytes);
                s.watchdog = Some(Timeout::new(ms, move || {
                    me.lost(
                        slot,
                        format!(
                            "its parser gave no answer within {} s (it may have run out of memory); \
                             the other files were read. Try this file alone, or split it",
                            ms / 1_000
                        ),
                    )
                }));
            }
        }
    }

    /// A worker died (an error event, no answer in time, or unreachable):
    /// it is terminated, its oldest file fails with `reason`, the files
    /// behind it go back to the front of the queue for another worker.
    fn lost(&self, slot: u64, reason: String) {
        let dead = self.0.borrow_mut().slots.remove(&slot);
        let Some(mut s) = dead else {
            return;
        };
        s.worker.terminate();
        let inflight = std::mem::take(&mut s.inflight);
        let unsent = std::mem::take(&mut s.unsent);
        let was_ready = s.ready;
        s.watchdog = None;
        // Its callbacks may be running now: keep them alive until later.
        self.0.borrow_mut().graveyard.push(s);
        let again: Vec<ParseRequest> = if was_ready {
            // Its oldest file was being read: that one fails (a part of
            // one: the file is read whole instead).
            let mut inflight = inflight.into_iter();
            if let Some(head) = inflight.next().filter(|h| !h.cancelled) {
                if let Some(p) = head.part {
                    self.part_answered(head.id, p.index, None);
                } else {
                    let error = Error::new(ErrorKind::NotRead { reason }).in_file(head.name);
                    self.deliver(Delivered::Lost { id: head.id, error });
                }
            }
            inflight
                .filter(|f| !f.cancelled)
                .filter_map(|f| f.retry)
                .collect()
        } else {
            // It never started: nothing reached it, everything goes again.
            unsent
        };
        {
            let mut inner = self.0.borrow_mut();
            for r in again.into_iter().rev() {
                inner.queue.push_front(r);
            }
        }
        self.pump();
    }

    /// A worker's answer for its oldest file: forwarded as it is (the
    /// engine reads it).
    fn answer(&self, slot: u64, data: &JsValue) {
        super::mark("la:parsed");
        let (keep, head) = {
            let mut inner = self.0.borrow_mut();
            let Some(s) = inner.slots.get_mut(&slot) else {
                return;
            };
            let Some(head) = s.inflight.pop_front() else {
                return;
            };
            s.watchdog = None;
            (!head.cancelled, head)
        };
        self.arm(slot);
        if let (true, Some(p)) = (keep, head.part) {
            // Its bytes go to the engine now; the split keeps where it
            // started and stopped.
            let got = part_answer(data, p.from).map(|(bytes, start, next)| {
                let ondone = self.0.borrow().ondone.clone();
                ondone.emit(vec![Delivered::Part {
                    id: head.id,
                    index: p.index,
                    bytes,
                }]);
                (start, next)
            });
            self.part_answered(head.id, p.index, got);
        } else if keep {
            self.deliver(match data.dyn_ref::<Uint8Array>() {
                Some(bytes) => Delivered::Answer(Answer {
                    id: head.id,
                    name: head.name,
                    parts: vec![bytes.clone()],
                }),
                None => Delivered::Lost {
                    id: head.id,
                    error: Error::new(ErrorKind::NotRead {
                        reason: "its parser's answer is not bytes".into(),
                    })
                    .in_file(head.name),
                },
            });
        }
        self.pump();
    }

    /// A part of a file read in parts answered (`None`: it did not read as
    /// whole pages, or its worker died). Once all have, the file goes to
    /// the engine if they chain, else it is read whole.
    fn part_answered(&self, id: u64, k: usize, got: Option<(usize, usize)>) {
        let done = {
            let mut inner = self.0.borrow_mut();
            let Some(split) = inner.splits.get_mut(&id) else {
                return;
            };
            if let Some(slot) = split.got.get_mut(k) {
                *slot = Some(got);
            }
            if split.got.iter().any(Option::is_none) {
                return;
            }
            inner.splits.remove(&id)
        };
        let Some(split) = done else {
            return;
        };
        let len = split.whole.source.len();
        let heads: Option<Vec<(usize, usize)>> = split.got.into_iter().flatten().collect();
        match heads.filter(|heads| split::chained(heads, len)) {
            // The engine has every part: the answer names each by an
            // empty one.
            Some(heads) => self.deliver(Delivered::Answer(Answer {
                id,
                name: split.whole.name,
                parts: heads
                    .iter()
                    .map(|_| Uint8Array::new_with_length(0))
                    .collect(),
            })),
            None => {
                self.0.borrow_mut().queue.push_front(split.whole);
                self.pump();
            }
        }
    }

    /// The parts to read a file in, one per worker the pool may have: for
    /// a large file that starts as a JSON array, on a machine with more
    /// than one core. `head`: the file's first bytes.
    fn parts_of(&self, req: &ParseRequest, head: &[u8]) -> Option<Vec<ParseRequest>> {
        let len = req.source.len();
        let n = self
            .0
            .borrow()
            .max_slots
            .min(MAX_PARTS)
            .min(len / PART_AT_LEAST);
        let ranges = split::ranges(head, len, n)?;
        let last = ranges.len() - 1;
        let parts = ranges
            .iter()
            .enumerate()
            .map(|(index, &(from, to))| {
                let end = if index == last {
                    len
                } else {
                    len.min(to + PART_SPILL)
                };
                ParseRequest {
                    id: req.id,
                    name: req.name.clone(),
                    source: req.source.clone(),
                    part: Some(PartSpec {
                        index,
                        from,
                        end,
                        stop: to - from,
                        first: index == 0,
                        to_end: end == len,
                    }),
                }
            })
            .collect();
        self.0.borrow_mut().splits.insert(
            req.id,
            Split {
                whole: copy_of(req),
                got: vec![None; ranges.len()],
            },
        );
        Some(parts)
    }

    /// Queue a file, in parts where it can be read so.
    fn enqueue(&self, req: ParseRequest, head: Option<Vec<u8>>) {
        let parts = head.and_then(|head| self.parts_of(&req, &head));
        {
            let mut inner = self.0.borrow_mut();
            match parts {
                Some(parts) => inner.queue.extend(parts),
                None => inner.queue.push_back(req),
            }
        }
        self.pump();
    }

    /// Hand an answer over, with those that arrive in the next moments;
    /// at once when no other file is on its way (nothing to wait for).
    fn deliver(&self, resp: Delivered) {
        let mut inner = self.0.borrow_mut();
        inner.outbox.push(resp);
        let last = inner.queue.is_empty()
            && inner
                .slots
                .values()
                .all(|s| s.inflight.is_empty() && s.unsent.is_empty());
        if last {
            // Called from a worker's own callback: the workers let go are
            // dropped by a timer, when none of their callbacks can be
            // running (it also hands over anything arriving meanwhile).
            inner.flush = Some(Timeout::new(0, {
                let me = self.clone();
                move || me.flush(true)
            }));
            drop(inner);
            self.flush(false);
        } else if inner.flush.is_none() {
            let me = self.clone();
            inner.flush = Some(Timeout::new(BATCH_MS, move || me.flush(true)));
        }
    }

    /// Hand the outbox over; `settled`: called from a timer (no worker's
    /// callback is running), so the workers let go can be dropped.
    fn flush(&self, settled: bool) {
        let (batch, ondone) = {
            let mut inner = self.0.borrow_mut();
            if settled {
                inner.flush = None;
                inner.graveyard.clear();
            }
            (std::mem::take(&mut inner.outbox), inner.ondone.clone())
        };
        if !batch.is_empty() {
            ondone.emit(batch);
        }
    }

    /// Parse one file; the result arrives through `ondone`. `queued` runs
    /// as the file joins the queue, before any answer can come.
    pub fn parse(&self, req: ParseRequest, queued: impl FnOnce() + 'static) {
        let mode = self.mode();
        match mode {
            // Queued until the first worker is ready (in parts if it can be).
            Mode::Probing | Mode::Worker => match &req.source {
                // Large and still in its `File`: its first bytes say whether
                // it can be read in parts. They are read first: whatever
                // `queued` sets off (the engine's answer, a render) would
                // hold the read's reply back on the page's thread, and the
                // parse workers with it.
                Source::File(blob) if self.0.borrow().max_slots > 1 => {
                    let (blob, me) = (blob.clone(), self.clone());
                    spawn_local(async move {
                        let head = read_blob(&blob, 0, 64).await.ok();
                        me.enqueue(req, head);
                        queued();
                    });
                }
                _ => {
                    queued();
                    self.enqueue(req, None)
                }
            },
            Mode::MainThread => {
                queued();
                let me = self.clone();
                let parser = self.0.borrow().parser.clone();
                // Yield first, so "loading…" is painted before the work starts.
                spawn_local(async move {
                    gloo::timers::future::TimeoutFuture::new(0).await;
                    let bytes = match &req.source {
                        Source::Bytes(b) => Some(Uint8Array::new(b).to_vec()),
                        Source::File(f) => read_blob(f, 0, req.source.len()).await.ok(),
                    };
                    let answer = match parser {
                        Parser::SameThread(parse) => Delivered::Answer(Answer {
                            id: req.id,
                            parts: vec![Uint8Array::from(
                                &parse(req.id, &req.name, &bytes.unwrap_or_default())[..],
                            )],
                            name: req.name,
                        }),
                        Parser::Workers => Delivered::Lost {
                            id: req.id,
                            error: Error::new(ErrorKind::NotRead {
                                reason: NO_WORKER.into(),
                            })
                            .in_file(req.name),
                        },
                    };
                    me.deliver(answer);
                });
            }
        }
    }

    /// Whether a file was cancelled before it was handed over (it was still
    /// being read): it is not to be parsed. Forgets it.
    pub fn take_cancelled(&self, id: u64) -> bool {
        self.0.borrow_mut().cancelled.remove(&id)
    }

    /// Abandon a file: out of the queue, or, in a worker, its answer dropped
    /// when it comes.
    pub fn cancel(&self, id: u64) {
        let mut inner = self.0.borrow_mut();
        inner.queue.retain(|r| r.id != id);
        inner.splits.remove(&id);
        inner.cancelled.insert(id);
        for s in inner.slots.values_mut() {
            s.unsent.retain(|r| r.id != id);
            for f in s.inflight.iter_mut().filter(|f| f.id == id) {
                f.cancelled = true;
            }
        }
    }
}

/// A file's bytes as a buffer to transfer (for bytes the page holds: the
/// sample, pasted text).
pub fn buffer_of(bytes: &[u8]) -> Source {
    Source::Bytes(Uint8Array::from(bytes).buffer())
}
