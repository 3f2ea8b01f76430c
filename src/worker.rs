//! The parse Web Worker: file bytes in, parsed documents (or an error) out,
//! so a large file never blocks the page.
//!
//! The protocol is the worker's own, on plain `postMessage`:
//! - the worker says `"ready"` once its wasm runs (messages sent before that
//!   would be lost, so the page waits for it);
//! - the page sends `{id, name, bytes}` with `bytes` an `ArrayBuffer`
//!   **transferred**, never copied or serialised (the page never holds the
//!   file in its own wasm memory);
//! - the worker answers with the [`Parsed`] result as bincode in a
//!   `Uint8Array` whose buffer is transferred back.
//!
//! `tests/core_transfer.rs` checks every result survives bincode.

use js_sys::{Array, ArrayBuffer, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use crate::report::input::parse_file;
use crate::report::{Error, ErrorKind};
use crate::session::Parsed;

/// The parsed file, as the worker sends it back.
pub type ParseResponse = Parsed;

/// What the worker says once it can take files.
pub const READY: &str = "ready";

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

/// Read the worker's answer (bincode in a `Uint8Array`).
pub fn decode_response(data: &JsValue) -> Result<ParseResponse, String> {
    let bytes = data
        .dyn_ref::<Uint8Array>()
        .ok_or("the parser's answer is not bytes")?
        .to_vec();
    bincode::deserialize(&bytes).map_err(|e| format!("the parser's answer could not be read: {e}"))
}

/// The worker's entry point: answer every file the page sends.
pub fn run() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply_to = scope.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
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
        drop(bytes);
        let answer = bincode::serialize(&Parsed {
            id,
            name: name.clone(),
            result,
        })
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
