//! The Web Workers: one script, two roles. A **parse worker** takes file
//! bytes and answers parsed documents (or an error), so a large file never
//! blocks the page; the **engine worker** (told so by its first message,
//! [`ENGINE`]) holds the session ([`crate::session::engine::Engine`]): it
//! takes requests and the parse workers' answers, and sends back snapshots
//! of what to draw and files to download.
//!
//! The protocol is the workers' own, on plain `postMessage`:
//! - the worker says `"ready"` once its wasm runs (messages sent before that
//!   would be lost, so the page waits for it);
//! - the page sends `{id, name, bytes}` with `bytes` an `ArrayBuffer`
//!   **transferred**, never copied or serialised (the page never holds the
//!   file in its own wasm memory), or `{id, name, blob, from, end}` for a
//!   large file the page has not read: the worker reads those bytes of the
//!   `File` itself (a handle crosses, not the data);
//! - the worker answers with the [`Parsed`] result as bincode in a
//!   `Uint8Array` whose buffer is transferred back;
//! - a request with `part: {first, stop, toEnd}` reads one part of a JSON
//!   array of pages ([`crate::report::split::parse_part`]) from its bytes,
//!   and answers `{bytes, start, next}` (offsets in those bytes) or
//!   `{failed: true}`; the page checks the parts chain.
//! - requests are answered in the order they came, reads from a `File`
//!   included.
//!
//! - the engine takes `{request}` (a [`Request`], [`protocol::encode`]d) and
//!   `{parsed: [{id, name, parts: [bytes]}]}` (parse workers' answers, one
//!   per file or one per part of it, forwarded untouched, their buffers
//!   transferred), and answers `Vec<Reply>`, [`protocol::encode`]d, in a
//!   transferred `Uint8Array` (nothing when nothing changed).
//!
//! `tests/core_transfer.rs` checks every parse result survives bincode;
//! `tests/engine.rs` sends every request and reply through the wire.

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::report::input::parse_file;
use crate::report::sample;
use crate::report::{Error, ErrorKind};
use crate::session::engine::Engine;
use crate::session::protocol::{self, Input, Reply, Request};
use crate::session::Parsed;

/// What the worker says once it can take files: the word, then its build
/// ([`ready_message`]).
pub const READY: &str = "ready";

/// The worker's ready message, naming its build: the page reads the
/// engine's replies without error paths (`session::trusted`), so it talks
/// only to an engine of its own build. The workers' scripts keep one name
/// across builds (`worker.js`), so a browser could hold a cached older one.
pub fn ready_message() -> String {
    format!("{READY} {}", build())
}

/// `git describe` of the build, set by scripts/build.sh and the Makefile;
/// absent when built from a source archive.
pub const BUILD_COMMIT: Option<&str> = option_env!("LASTACCESSED_COMMIT");

/// This build of the page and its workers: the version, then the commit
/// when known.
pub fn build() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match BUILD_COMMIT {
        Some(c) if !c.is_empty() => format!("{version} {c}"),
        _ => version.to_string(),
    }
}

/// The first message to the worker that is to be the engine.
pub const ENGINE: &str = "engine";

/// The benchmark build's message of the engine's memory (see `post_replies`).
#[cfg(feature = "bench")]
pub const ENGINE_MEMORY: &str = "engineMemory";

/// A parse worker's answer, to forward to the engine: a file's, or its
/// parts' in order.
pub struct Answer {
    pub id: u64,
    pub name: String,
    pub parts: Vec<Uint8Array>,
}

fn set(o: &js_sys::Object, key: &str, v: &JsValue) {
    let _ = Reflect::set(o, &key.into(), v);
}

fn get(o: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(o, &key.into())
        .ok()
        .filter(|v| !v.is_undefined())
}

/// A request for the engine, and what it transfers.
pub fn request_message(r: &Request) -> (JsValue, Array) {
    let bytes = Uint8Array::from(&protocol::encode(r)[..]);
    let msg = js_sys::Object::new();
    set(&msg, "request", &bytes);
    (msg.into(), Array::of1(&bytes.buffer()))
}

/// Parse workers' answers for the engine; their buffers are transferred.
pub fn parsed_message(answers: &[Answer]) -> (JsValue, Array) {
    let list = Array::new();
    let transfer = Array::new();
    for a in answers {
        let o = js_sys::Object::new();
        set(&o, "id", &JsValue::from_f64(a.id as f64));
        set(&o, "name", &JsValue::from_str(&a.name));
        let parts = Array::new();
        for bytes in &a.parts {
            parts.push(bytes);
            transfer.push(&bytes.buffer());
        }
        set(&o, "parts", &parts);
        list.push(&o);
    }
    let msg = js_sys::Object::new();
    set(&msg, "parsed", &list);
    (msg.into(), transfer)
}

/// One part of a file read in parts, for the engine to read ahead of the
/// file's answer ([`Input::Part`]); its buffer is transferred.
pub fn part_message(id: u64, index: usize, bytes: &Uint8Array) -> (JsValue, Array) {
    let o = js_sys::Object::new();
    set(&o, "id", &JsValue::from_f64(id as f64));
    set(&o, "index", &JsValue::from_f64(index as f64));
    set(&o, "bytes", bytes);
    let msg = js_sys::Object::new();
    set(&msg, "part", &o);
    (msg.into(), Array::of1(&bytes.buffer()))
}

/// Read the engine's replies.
pub fn decode_replies(data: &JsValue) -> Result<Vec<Reply>, String> {
    let bytes = data
        .dyn_ref::<Uint8Array>()
        .ok_or("the engine's answer is not bytes")?
        .to_vec();
    // The engine of this same build wrote them: read without error paths.
    Ok(crate::session::trusted::decode_trusted(&bytes))
}

/// What the engine was sent.
fn engine_input(data: &JsValue) -> Option<Input> {
    if let Some(r) = get(data, "request") {
        let bytes = r.dyn_ref::<Uint8Array>()?.to_vec();
        return protocol::decode(&bytes).ok().map(Input::Request);
    }
    if let Some(p) = get(data, "part") {
        let num = |key| get(&p, key).and_then(|v| v.as_f64()).unwrap_or(0.0);
        let bytes = get(&p, "bytes")?.dyn_into::<Uint8Array>().ok()?.to_vec();
        return Some(Input::Part {
            id: num("id") as u64,
            index: num("index") as usize,
            bytes,
        });
    }
    let list: Array = get(data, "parsed")?.dyn_into().ok()?;
    let answers = list
        .iter()
        .map(|o| {
            let id = get(&o, "id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
            let name = get(&o, "name")
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let parts = get(&o, "parts")
                .and_then(|p| p.dyn_into::<Array>().ok())
                .map(|parts| {
                    parts
                        .iter()
                        .map(|b| b.dyn_into::<Uint8Array>().map(|b| b.to_vec()))
                        .map(Result::unwrap_or_default)
                        .collect()
                })
                .unwrap_or_default();
            (id, name, parts)
        })
        .collect();
    Some(Input::Parsed(answers))
}

/// Send the engine's replies to the page (nothing when there are none).
fn post_replies(scope: &DedicatedWorkerGlobalScope, replies: &[Reply]) {
    if !replies.is_empty() {
        let out = Uint8Array::from(&protocol::encode(replies)[..]);
        let _ = scope.post_message_with_transfer(&out, &Array::of1(&out.buffer()));
    }
    // The benchmark's engine memory: the size of this worker's wasm memory
    // (which never shrinks, so its high-water mark), after a step that grew
    // it (a message after every step would slow down what is timed), and
    // after the answer, so that it never delays one.
    #[cfg(all(feature = "bench", target_arch = "wasm32"))]
    {
        thread_local!(static SENT: std::cell::Cell<f64> = const { std::cell::Cell::new(0.0) });
        let memory = crate::bench::bench_memory();
        if SENT.with(|s| s.replace(memory)) != memory {
            let msg = js_sys::Object::new();
            set(&msg, ENGINE_MEMORY, &JsValue::from_f64(memory));
            let _ = scope.post_message(&msg);
        }
    }
}

/// Where a file's bytes are: read by the page (pasted text, the sample,
/// small files), or still in the `File` (a large one: its worker reads it).
#[derive(Clone)]
pub enum Source {
    Bytes(ArrayBuffer),
    File(Blob),
}

impl Source {
    pub fn len(&self) -> usize {
        match self {
            Source::Bytes(b) => b.byte_length() as usize,
            Source::File(f) => f.size() as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One part of a file to read ([`crate::report::split::parse_part`]): the
/// bytes `from..end` of the file, of which pages beginning before `stop`
/// (counted from `from`) are this part's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PartSpec {
    /// Which part of the file (the page's count; not sent).
    pub index: usize,
    pub from: usize,
    pub end: usize,
    pub stop: usize,
    pub first: bool,
    pub to_end: bool,
}

/// A file (or a part of one) for a parse worker.
pub struct ParseRequest {
    pub id: u64,
    pub name: String,
    pub source: Source,
    pub part: Option<PartSpec>,
}

impl ParseRequest {
    /// The whole file.
    pub fn new(id: u64, name: String, source: Source) -> Self {
        ParseRequest {
            id,
            name,
            source,
            part: None,
        }
    }

    /// The message to post, and the list of what it transfers (a `File`
    /// is posted as a handle: nothing to transfer).
    pub fn to_message(&self) -> (JsValue, Array) {
        let msg = js_sys::Object::new();
        set(&msg, "id", &JsValue::from_f64(self.id as f64));
        set(&msg, "name", &JsValue::from_str(&self.name));
        let (from, end) = self
            .part
            .map_or((0, self.source.len()), |p| (p.from, p.end));
        set(&msg, "from", &JsValue::from_f64(from as f64));
        set(&msg, "end", &JsValue::from_f64(end as f64));
        if let Some(p) = self.part {
            let part = js_sys::Object::new();
            set(&part, "first", &JsValue::from_bool(p.first));
            set(&part, "stop", &JsValue::from_f64(p.stop as f64));
            set(&part, "toEnd", &JsValue::from_bool(p.to_end));
            set(&msg, "part", &part);
        }
        match &self.source {
            Source::Bytes(bytes) => {
                set(&msg, "bytes", bytes);
                (msg.into(), Array::of1(bytes))
            }
            Source::File(blob) => {
                set(&msg, "blob", blob);
                (msg.into(), Array::new())
            }
        }
    }
}

/// A part's answer, as the page reads it: the parsed part (bincode of a
/// [`Parsed`]) and where it started and stopped in the file, or `None`
/// when it did not read as whole pages.
pub fn part_answer(data: &JsValue, from: usize) -> Option<(Uint8Array, usize, usize)> {
    if get(data, "failed").is_some() {
        return None;
    }
    let bytes = get(data, "bytes")?.dyn_into::<Uint8Array>().ok()?;
    let at = |key| {
        get(data, key)
            .and_then(|v| v.as_f64())
            .map(|v| from + v as usize)
    };
    Some((bytes, at("start")?, at("next")?))
}

/// The engine's work between messages ([`Engine::idle`]), a step per task
/// so that a message from the page waits for one step at most.
fn idle_later(
    scope: &DedicatedWorkerGlobalScope,
    engine: &Rc<RefCell<Option<Engine>>>,
    idling: &Rc<std::cell::Cell<bool>>,
) {
    if idling.replace(true) {
        return;
    }
    let (scope, engine, idling) = (scope.clone(), engine.clone(), idling.clone());
    gloo::timers::callback::Timeout::new(0, move || {
        idling.set(false);
        let step = engine.borrow_mut().as_mut().and_then(Engine::idle);
        match step {
            Some(replies) => {
                post_replies(&scope, &replies);
                idle_later(&scope, &engine, &idling);
            }
            // Nothing more to do (the benchmark build reports its memory).
            None => post_replies(&scope, &[]),
        }
    })
    .forget();
}

/// The least time between two snapshots that only show a load's progress
/// (a thousand files chosen at once would otherwise be drawn a thousand
/// times, each render costing the page more as the reports pile up): the
/// first is sent at once, the ones after it at this pace, and the one
/// that ends the load (no file left pending) at once.
const PROGRESS_MS: f64 = 250.0;

/// When the engine last sent a load's progress, and whether a send waits.
#[derive(Default)]
struct Flushing {
    last: std::cell::Cell<f64>,
    waiting: std::cell::Cell<bool>,
}

/// Send the snapshot a progress input left waiting ([`Engine::flush`]):
/// now if the last one went [`PROGRESS_MS`] ago, else when it will have.
fn flush_later(
    scope: &DedicatedWorkerGlobalScope,
    engine: &Rc<RefCell<Option<Engine>>>,
    flushing: &Rc<Flushing>,
) {
    let (waiting, loading) = match engine.borrow().as_ref() {
        Some(e) => (flushing.waiting.get(), e.is_loading()),
        None => return,
    };
    if waiting && loading {
        return;
    }
    let wait = flushing.last.get() + PROGRESS_MS - js_sys::Date::now();
    if wait <= 0.0 || !loading {
        return flush_now(scope, engine, flushing);
    }
    flushing.waiting.set(true);
    let (scope, engine, flushing) = (scope.clone(), engine.clone(), flushing.clone());
    gloo::timers::callback::Timeout::new(wait.ceil() as u32, move || {
        flushing.waiting.set(false);
        flush_now(&scope, &engine, &flushing);
    })
    .forget();
}

/// Send what waits ([`Engine::flush`]), and note when.
fn flush_now(
    scope: &DedicatedWorkerGlobalScope,
    engine: &Rc<RefCell<Option<Engine>>>,
    flushing: &Flushing,
) {
    if let Some(e) = engine.borrow_mut().as_mut() {
        post_replies(scope, &e.flush());
    }
    flushing.last.set(js_sys::Date::now());
}

/// A `performance.mark` in a worker, for the benchmark; nothing in the
/// shipped app.
fn mark(_name: &str) {
    #[cfg(feature = "bench")]
    {
        let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
        if let Some(p) = scope.performance() {
            let _ = p.mark(_name);
        }
    }
}

/// A parse worker's answer to one request, and what it transfers.
async fn parse_request(data: &JsValue) -> (JsValue, Array) {
    let num = |key| get(data, key).and_then(|v| v.as_f64()).unwrap_or(0.0) as usize;
    let id = num("id") as u64;
    let name = get(data, "name")
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    mark("la:w-got");
    let (from, end) = (num("from"), num("end"));
    let blob: Option<Blob> = get(data, "blob").and_then(|b| b.dyn_into().ok());
    let bytes: Result<Vec<u8>, String> = match &blob {
        Some(blob) => read_blob(blob, from, end).await.map_err(cannot_read),
        None => Ok(get(data, "bytes")
            .and_then(|b| b.dyn_into::<ArrayBuffer>().ok())
            .map(|b| Uint8Array::new(&b).to_vec())
            .unwrap_or_default()),
    };
    mark("la:w-read");
    if let Some(part) = get(data, "part") {
        use crate::report::split::parse_part;
        let flag = |key| get(&part, key).and_then(|v| v.as_bool()).unwrap_or(false);
        let stop = get(&part, "stop").and_then(|v| v.as_f64()).unwrap_or(0.0) as usize;
        let first = flag("first");
        let mut read = bytes
            .ok()
            .and_then(|bytes| parse_part(&name, &bytes, first, stop, flag("toEnd")));
        // Its last page runs on past what was read: read on to the end.
        if let (None, Some(blob)) = (&read, &blob) {
            let size = blob.size() as usize;
            if end < size {
                if let Ok(bytes) = read_blob(blob, from, size).await {
                    read = parse_part(&name, &bytes, first, stop, true);
                }
            }
        }
        mark("la:w-parsed");
        let msg = js_sys::Object::new();
        let Some(part) = read else {
            set(&msg, "failed", &JsValue::TRUE);
            return (msg.into(), Array::new());
        };
        let out = Uint8Array::from(&answer(id, &name, Ok(part.loaded), stop / 2)[..]);
        set(&msg, "bytes", &out);
        set(&msg, "start", &JsValue::from_f64(part.start as f64));
        set(&msg, "next", &JsValue::from_f64(part.next as f64));
        return (msg.into(), Array::of1(&out.buffer()));
    }
    let result = match bytes {
        Ok(bytes) => parse_file(&name, &bytes),
        Err(reason) => Err(Error::new(ErrorKind::NotRead { reason }).in_file(name.clone())),
    };
    let out = Uint8Array::from(&answer(id, &name, result, (end - from) / 2)[..]);
    (out.clone().into(), Array::of1(&out.buffer()))
}

/// Bytes `from..end` of a `File` (or `Blob`), read into this wasm's memory
/// (the error as the browser gave it: the page ignores it, a parse worker
/// words it, see [`cannot_read`]).
pub async fn read_blob(blob: &Blob, from: usize, end: usize) -> Result<Vec<u8>, JsValue> {
    let slice = blob.slice_with_f64_and_f64(from as f64, end as f64)?;
    let buffer = wasm_bindgen_futures::JsFuture::from(slice.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Why a file could not be read, from the browser's error.
fn cannot_read(e: JsValue) -> String {
    format!(
        "the browser could not read the file ({})",
        e.as_string()
            .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
            .unwrap_or_default()
    )
}

/// A [`Parsed`] as bincode, in one pass (`bincode::serialize` measures the
/// whole value first; the parsed form is about half the input's size),
/// through a buffer: bincode writes a few bytes at a time, and each write
/// straight into the `Vec` costs a call to copy them.
fn answer(
    id: u64,
    name: &str,
    result: Result<crate::report::input::Loaded, Error>,
    capacity: usize,
) -> Vec<u8> {
    let mut answer = Vec::with_capacity(capacity);
    let parsed = Parsed {
        id,
        name: name.to_string(),
        result,
    };
    let written = {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut answer);
        bincode::serialize_into(&mut out, &parsed)
            .and_then(|()| std::io::Write::flush(&mut out).map_err(Into::into))
    };
    written
        .map(|()| answer)
        .or_else(|e| {
            bincode::serialize(&Parsed {
                id,
                name: name.to_string(),
                result: Err(Error::new(ErrorKind::NotRead {
                    reason: format!("its parsed form could not be sent back: {e}"),
                })
                .in_file(name)),
            })
        })
        .unwrap_or_default()
}

/// The worker's entry point: a parse worker, until told to be the engine.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let engine: Rc<RefCell<Option<Engine>>> = Rc::default();
    let idling: Rc<std::cell::Cell<bool>> = Rc::default();
    let flushing: Rc<Flushing> = Rc::default();
    let queue: Rc<RefCell<VecDeque<JsValue>>> = Rc::default();
    let busy: Rc<std::cell::Cell<bool>> = Rc::default();
    // Whether this worker was ever given a file (it is warm then).
    let worked: Rc<std::cell::Cell<bool>> = Rc::default();
    let (engine_set, worked_set) = (engine.clone(), worked.clone());
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        if data.as_string().as_deref() == Some(ENGINE) {
            let mut e = Engine::new(chrono::Utc::now());
            // The first snapshot: what to draw with nothing loaded.
            post_replies(&reply_to, &e.snapshot());
            *engine.borrow_mut() = Some(e);
            return;
        }
        let progress = match engine.borrow_mut().as_mut() {
            Some(e) => match engine_input(&data).inspect(|_| mark("la:e-in")) {
                Some(input) if Engine::is_progress(&input) => {
                    post_replies(&reply_to, &e.input_later(input));
                    Some(true)
                }
                Some(input) => {
                    post_replies(&reply_to, &e.input(input));
                    mark("la:e-out");
                    Some(false)
                }
                None => return,
            },
            None => None,
        };
        if let Some(progress) = progress {
            if progress {
                flush_later(&reply_to, &engine, &flushing);
            }
            idle_later(&reply_to, &engine, &idling);
            return;
        }
        // A parse worker: in order, one request at a time (a read from a
        // `File` is awaited before the next request is looked at).
        worked.set(true);
        queue.borrow_mut().push_back(data);
        if !busy.replace(true) {
            let (queue, busy, scope) = (queue.clone(), busy.clone(), reply_to.clone());
            wasm_bindgen_futures::spawn_local(async move {
                loop {
                    let next = queue.borrow_mut().pop_front();
                    let Some(data) = next else {
                        break;
                    };
                    let (msg, transfer) = parse_request(&data).await;
                    let _ = scope.post_message_with_transfer(&msg, &transfer);
                }
                busy.set(false);
            });
        }
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str(&ready_message()));
    let later = move || warm_up(WARM_UP_STEPS, engine_set, worked_set);
    gloo::timers::callback::Timeout::new(WARM_UP_AFTER_MS, later).forget();
}

/// The channel a worker says "warm" on when its warm-up is over.
pub const WARMED: &str = "lastaccessed-warm";

/// Steps of [`warm_up`] and [`warm_up_engine`].
const WARM_UP_STEPS: u32 = 12;
/// The size of the warm-up's report page ([`sample::synthetic`]): services,
/// and tracked actions for each.
const WARM_UP_PAGE: (usize, usize) = (60, 60);

thread_local! {
    /// The warm-up's report page, made once.
    static WARM_PAGE: Vec<u8> = sample::synthetic(WARM_UP_PAGE.0, WARM_UP_PAGE.1).into_bytes();
    /// The engine's warm-up input: (id, name, size, the answer's parts).
    #[allow(clippy::type_complexity)]
    static WARM_ANSWERS: RefCell<Option<Vec<(u64, String, usize, Vec<Vec<u8>>)>>> = const { RefCell::new(None) };
}
/// How long a new worker waits for work before it warms up: a file chosen
/// as the page opens is read by baseline code rather than beside the
/// optimizing compiler's jobs.
const WARM_UP_AFTER_MS: u32 = 300;

/// While a new parse worker waits for its first file: read a report page
/// of 3 600 actions ([`sample::synthetic`]) and the bundled sample, a step
/// per task, as a file and as an array in parts, and encode the answers.
/// A browser runs new WebAssembly with its baseline compiler and optimizes
/// a function once it has run a while (V8 counts the code it ran; the
/// sample alone, 13 actions, never got there), in the background and for
/// every worker sharing the module; a call already running keeps the
/// baseline code to its end. The user's first file then runs the optimized
/// parser. A worker that has been given a file never warms up
/// (that file warmed it, and its answer may be what the engine is busy
/// with); the engine warms up instead ([`warm_up_engine`]).
fn warm_up(left: u32, engine: Rc<RefCell<Option<Engine>>>, worked: Rc<std::cell::Cell<bool>>) {
    if left == 0 || worked.get() {
        return warmed();
    }
    if engine.borrow().is_some() {
        return warm_up_engine(left, engine);
    }
    gloo::timers::callback::Timeout::new(0, move || {
        // A file that came meanwhile goes first, not after this step.
        if worked.get() {
            return warmed();
        }
        let mut array = b"[".to_vec();
        WARM_PAGE.with(|page| {
            let parsed = parse_file("warm-up.json", page);
            std::hint::black_box(answer(0, "warm-up.json", parsed, page.len()));
            array.extend_from_slice(page);
        });
        for (name, bytes) in sample::FILES.iter().take(2) {
            let parsed = parse_file(name, bytes);
            std::hint::black_box(answer(0, name, parsed, bytes.len()));
            array.push(b',');
            array.extend_from_slice(bytes);
        }
        array.push(b']');
        let part = crate::report::split::parse_part("warm-up", &array, true, array.len(), true);
        if let Some(part) = part {
            std::hint::black_box(answer(0, "warm-up", Ok(part.loaded), array.len()));
        }
        warm_up(left - 1, engine, worked);
    })
    .forget();
}

/// A worker's warm-up is over (done or given up): said on a same-origin
/// `BroadcastChannel` ([`WARMED`]) that nothing in the app listens to. The
/// benchmark waits for it to time the browser's own `JSON.parse` with the
/// workers quiet, and an e2e test to check that nothing of it shows.
fn warmed() {
    if let Ok(c) = web_sys::BroadcastChannel::new(WARMED) {
        let _ = c.post_message(&JsValue::from_str("warm"));
        c.close();
    }
}

/// The engine's [`warm_up`]: the sample and the warm-up page, as parse
/// workers answer them, through a scratch engine (decode, merge, rows, the
/// first view, a sort, the work a load leaves for later and a search), a
/// step per task, while the user has loaded nothing.
fn warm_up_engine(left: u32, engine: Rc<RefCell<Option<Engine>>>) {
    if left == 0 {
        return warmed();
    }
    gloo::timers::callback::Timeout::new(0, move || {
        let idle = engine.borrow().as_ref().is_some_and(|e| {
            let s = e.session();
            s.pending.is_empty() && s.files.is_empty()
        });
        if !idle {
            return warmed();
        }
        let mut scratch = Engine::new(chrono::Utc::now());
        // The parse workers' answers for the sample and the warm-up page,
        // made once (the engine's part is what warms up here).
        let answers = WARM_ANSWERS.with(|a| {
            a.borrow_mut()
                .get_or_insert_with(|| {
                    WARM_PAGE.with(|page| {
                        sample::FILES
                            .iter()
                            .map(|(name, bytes)| (*name, *bytes))
                            .chain([("warm-up.json", page.as_slice())])
                            .zip(1..)
                            .map(|((name, bytes), id)| {
                                let encoded =
                                    answer(id, name, parse_file(name, bytes), bytes.len());
                                (id, name.to_string(), bytes.len(), vec![encoded])
                            })
                            .collect()
                    })
                })
                .clone()
        });
        let answers = answers
            .into_iter()
            .map(|(id, name, size, parts)| {
                scratch.request(Request::Command(crate::session::Command::Queue {
                    id,
                    name: name.clone(),
                    size,
                }));
                (id, name, parts)
            })
            .collect();
        std::hint::black_box(scratch.parsed(answers));
        std::hint::black_box(scratch.request(Request::Command(
            crate::session::Command::SortActions(crate::report::table::ActionColumn::Action),
        )));
        // What a load leaves for later: every column's order, the search
        // texts (the user's first sort and search after a load use them).
        while std::hint::black_box(scratch.idle()).is_some() {}
        // A search typed and cleared: the filter runs over every action.
        for text in ["d", "de", "act", ""] {
            std::hint::black_box(scratch.request(Request::Command(
                crate::session::Command::SetSearch(text.into()),
            )));
        }
        warm_up_engine(left - 1, engine);
    })
    .forget();
}
