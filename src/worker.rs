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
//!   file in its own wasm memory);
//! - the worker answers with the [`Parsed`] result as bincode in a
//!   `Uint8Array` whose buffer is transferred back.
//!
//! - the engine takes `{request}` (a [`Request`] as bincode) and
//!   `{parsed: [{id, name, bytes}]}` (parse workers' answers, forwarded
//!   untouched, their buffers transferred), and answers `Vec<Reply>` as
//!   bincode in a transferred `Uint8Array` (nothing when nothing changed).
//!
//! `tests/core_transfer.rs` checks every result survives bincode.

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use std::cell::RefCell;
use std::rc::Rc;

use crate::report::input::parse_file;
use crate::report::{Error, ErrorKind};
use crate::session::engine::Engine;
use crate::session::protocol::{Input, Reply, Request};
use crate::session::Parsed;

/// What the worker says once it can take files.
pub const READY: &str = "ready";

/// The first message to the worker that is to be the engine.
pub const ENGINE: &str = "engine";

/// The benchmark build's message of the engine's memory (see `post_replies`).
#[cfg(feature = "bench")]
pub const ENGINE_MEMORY: &str = "engineMemory";

/// A parse worker's answer, to forward to the engine.
pub struct Answer {
    pub id: u64,
    pub name: String,
    pub bytes: Uint8Array,
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
    let bytes = Uint8Array::from(&bincode::serialize(r).unwrap_or_default()[..]);
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
        set(&o, "bytes", &a.bytes);
        list.push(&o);
        transfer.push(&a.bytes.buffer());
    }
    let msg = js_sys::Object::new();
    set(&msg, "parsed", &list);
    (msg.into(), transfer)
}

/// Read the engine's replies.
pub fn decode_replies(data: &JsValue) -> Result<Vec<Reply>, String> {
    let bytes = data
        .dyn_ref::<Uint8Array>()
        .ok_or("the engine's answer is not bytes")?
        .to_vec();
    bincode::deserialize(&bytes).map_err(|e| format!("the engine's answer could not be read: {e}"))
}

/// What the engine was sent.
fn engine_input(data: &JsValue) -> Option<Input> {
    if let Some(r) = get(data, "request") {
        let bytes = r.dyn_ref::<Uint8Array>()?.to_vec();
        return bincode::deserialize(&bytes).ok().map(Input::Request);
    }
    let list: Array = get(data, "parsed")?.dyn_into().ok()?;
    let answers = list
        .iter()
        .map(|o| {
            let id = get(&o, "id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
            let name = get(&o, "name")
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            let bytes = get(&o, "bytes")
                .and_then(|b| b.dyn_into::<Uint8Array>().ok())
                .map(|b| b.to_vec())
                .unwrap_or_default();
            (id, name, bytes)
        })
        .collect();
    Some(Input::Parsed(answers))
}

/// Send the engine's replies to the page (nothing when there are none).
fn post_replies(scope: &DedicatedWorkerGlobalScope, replies: &[Reply]) {
    // The benchmark's engine memory: the size of this worker's wasm memory
    // (which never shrinks, so its high-water mark), after every step.
    #[cfg(all(feature = "bench", target_arch = "wasm32"))]
    {
        let msg = js_sys::Object::new();
        set(
            &msg,
            ENGINE_MEMORY,
            &JsValue::from_f64(crate::bench::bench_memory()),
        );
        let _ = scope.post_message(&msg);
    }
    if replies.is_empty() {
        return;
    }
    let Ok(bytes) = bincode::serialize(replies) else {
        return;
    };
    let out = Uint8Array::from(&bytes[..]);
    let _ = scope.post_message_with_transfer(&out, &Array::of1(&out.buffer()));
}

/// A file for the worker: its bytes stay in a JS `ArrayBuffer`.
pub struct ParseRequest {
    pub id: u64,
    pub name: String,
    pub bytes: ArrayBuffer,
}

impl ParseRequest {
    /// The message to post, and the list of what it transfers.
    pub fn to_message(&self) -> (JsValue, Array) {
        let msg = js_sys::Object::new();
        let _ = Reflect::set(&msg, &"id".into(), &JsValue::from_f64(self.id as f64));
        let _ = Reflect::set(&msg, &"name".into(), &JsValue::from_str(&self.name));
        let _ = Reflect::set(&msg, &"bytes".into(), &self.bytes);
        (msg.into(), Array::of1(&self.bytes))
    }
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

/// The worker's entry point: a parse worker, until told to be the engine.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let engine: Rc<RefCell<Option<Engine>>> = Rc::default();
    let idling: Rc<std::cell::Cell<bool>> = Rc::default();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        if data.as_string().as_deref() == Some(ENGINE) {
            let mut e = Engine::new(chrono::Utc::now());
            // The first snapshot: what to draw with nothing loaded.
            post_replies(&reply_to, &e.snapshot());
            *engine.borrow_mut() = Some(e);
            return;
        }
        if let Some(e) = engine.borrow_mut().as_mut() {
            if let Some(input) = engine_input(&data) {
                post_replies(&reply_to, &e.input(input));
                idle_later(&reply_to, &engine, &idling);
            }
            return;
        }
        let id = Reflect::get(&data, &"id".into())
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as u64;
        let name = Reflect::get(&data, &"name".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_default();
        let bytes = Reflect::get(&data, &"bytes".into())
            .ok()
            .and_then(|b| b.dyn_into::<ArrayBuffer>().ok())
            .map(|b| Uint8Array::new(&b).to_vec())
            .unwrap_or_default();
        let result = parse_file(&name, &bytes);
        // In one pass (bincode::serialize measures the whole value first):
        // the parsed form is about half the input's size.
        let mut answer = Vec::with_capacity(bytes.len() / 2);
        drop(bytes);
        // Through a buffer: bincode writes a few bytes at a time, and each
        // write straight into the `Vec` costs a call to copy them.
        let written = {
            let mut out = std::io::BufWriter::with_capacity(1 << 16, &mut answer);
            bincode::serialize_into(
                &mut out,
                &Parsed {
                    id,
                    name: name.clone(),
                    result,
                },
            )
            .and_then(|()| std::io::Write::flush(&mut out).map_err(Into::into))
        };
        let answer = written
            .map(|()| answer)
            .or_else(|e| {
                bincode::serialize(&Parsed {
                    id,
                    name: name.clone(),
                    result: Err(Error::new(ErrorKind::NotRead {
                        reason: format!("its parsed form could not be sent back: {e}"),
                    })
                    .in_file(name)),
                })
            })
            .unwrap_or_default();
        let out = Uint8Array::from(&answer[..]);
        let _ = reply_to.post_message_with_transfer(&out, &Array::of1(&out.buffer()));
    });
    scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    let _ = scope.post_message(&JsValue::from_str(READY));
}
