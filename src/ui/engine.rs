//! The page's handle on the engine ([`crate::session::engine::Engine`]):
//! requests and parsed files go in, replies come back through `onreply`.
//!
//! The app runs the engine in its own Web Worker (the same script as the
//! parse workers, told [`ENGINE`] first): the session, the merge, the rows
//! and the exports never run on the page's thread, and the page's wasm
//! holds none of them. Component tests, whose runner cannot start workers,
//! inject an engine that runs on the page's thread ([`EngineKind::SameThread`]).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent};
use yew::platform::spawn_local;
use yew::Callback;

use crate::session::protocol::{Input, Reply, Request};
use crate::worker::{
    build, decode_replies, parsed_message, part_message, request_message, Answer, ENGINE, READY,
};

use super::loader::worker_url;

/// An engine on the page's own thread (component tests only).
pub type LocalEngine = Rc<dyn Fn(Input) -> Vec<Reply>>;

/// Where the engine runs.
#[derive(Clone)]
pub enum EngineKind {
    /// In its own Web Worker (the app).
    Worker,
    /// On the page's thread (component tests).
    SameThread(LocalEngine),
}

impl PartialEq for EngineKind {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (EngineKind::Worker, EngineKind::Worker) => true,
            (EngineKind::SameThread(a), EngineKind::SameThread(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

/// Why the page cannot go on (the engine worker failed).
pub type OnFail = Callback<String>;

struct WorkerEngine {
    worker: web_sys::Worker,
    ready: bool,
    /// Messages sent before the worker was ready, in order.
    waiting: Vec<(JsValue, js_sys::Array)>,
    _onmessage: Closure<dyn FnMut(MessageEvent)>,
    _onerror: Closure<dyn FnMut(ErrorEvent)>,
}

enum Inner {
    Worker(Rc<RefCell<WorkerEngine>>),
    Local(LocalEngine),
    /// The worker could not be started.
    None,
}

/// The page's handle; cheap to clone.
#[derive(Clone)]
pub struct EngineHandle {
    inner: Rc<Inner>,
    onreply: Callback<Vec<Reply>>,
}

impl PartialEq for EngineHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl EngineHandle {
    pub fn new(kind: EngineKind, onreply: Callback<Vec<Reply>>, onfail: OnFail) -> Self {
        let inner = match kind {
            EngineKind::SameThread(f) => Inner::Local(f),
            EngineKind::Worker => match start(onreply.clone(), onfail.clone()) {
                Some(w) => Inner::Worker(w),
                None => {
                    onfail.emit("this page could not start its engine (a Web Worker)".into());
                    Inner::None
                }
            },
        };
        EngineHandle {
            inner: Rc::new(inner),
            onreply,
        }
    }

    /// Send a request.
    pub fn request(&self, r: Request) {
        match &*self.inner {
            Inner::Worker(w) => post(w, request_message(&r)),
            Inner::Local(f) => self.local(f.clone(), Input::Request(r)),
            Inner::None => {}
        }
    }

    /// Forward parse workers' answers (their buffers are transferred).
    pub fn parsed(&self, answers: Vec<Answer>) {
        super::mark("la:forwarded");
        match &*self.inner {
            Inner::Worker(w) => post(w, parsed_message(&answers)),
            Inner::Local(f) => {
                let input = answers
                    .into_iter()
                    .map(|a| (a.id, a.name, a.parts.iter().map(|p| p.to_vec()).collect()))
                    .collect();
                self.local(f.clone(), Input::Parsed(input));
            }
            Inner::None => {}
        }
    }

    /// Forward one part of a file read in parts as soon as it is parsed
    /// (its buffer is transferred): the engine reads it while the other
    /// parts are parsed.
    pub fn part(&self, id: u64, index: usize, bytes: js_sys::Uint8Array) {
        match &*self.inner {
            Inner::Worker(w) => post(w, part_message(id, index, &bytes)),
            Inner::Local(f) => {
                let input = Input::Part {
                    id,
                    index,
                    bytes: bytes.to_vec(),
                };
                self.local(f.clone(), input);
            }
            Inner::None => {}
        }
    }

    /// The same-thread engine answers after this call returns, as a worker would.
    fn local(&self, f: LocalEngine, input: Input) {
        let onreply = self.onreply.clone();
        spawn_local(async move {
            let replies = f(input);
            if !replies.is_empty() {
                onreply.emit(replies);
            }
        });
    }
}

fn post(w: &Rc<RefCell<WorkerEngine>>, (msg, transfer): (JsValue, js_sys::Array)) {
    let mut w = w.borrow_mut();
    if w.ready {
        let _ = w.worker.post_message_with_transfer(&msg, &transfer);
    } else {
        w.waiting.push((msg, transfer));
    }
}

/// Start the engine worker: once it says it is ready it is told to be the
/// engine, then gets what waited.
fn start(onreply: Callback<Vec<Reply>>, onfail: OnFail) -> Option<Rc<RefCell<WorkerEngine>>> {
    let worker = web_sys::Worker::new(&worker_url()).ok()?;
    super::boot_worker(&worker);
    let cell: Rc<RefCell<Option<Rc<RefCell<WorkerEngine>>>>> = Rc::default();
    let me = cell.clone();
    let fail = onfail.clone();
    let onmessage = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        let said = data.as_string();
        if let Some(theirs) = said.as_deref().and_then(|s| s.strip_prefix(READY)) {
            let (theirs, ours) = (theirs.trim(), build());
            if theirs != ours {
                fail.emit(format!(
                    "its engine is from another build of lastaccessed ({theirs}, this page {ours})"
                ));
                return;
            }
            let Some(w) = me.borrow().clone() else { return };
            let mut w = w.borrow_mut();
            let _ = w.worker.post_message(&JsValue::from_str(ENGINE));
            for (msg, transfer) in std::mem::take(&mut w.waiting) {
                let _ = w.worker.post_message_with_transfer(&msg, &transfer);
            }
            w.ready = true;
            return;
        }
        #[cfg(feature = "bench")]
        if let Ok(m) = js_sys::Reflect::get(&data, &crate::worker::ENGINE_MEMORY.into()) {
            if m.as_f64().is_some() {
                let _ = js_sys::Reflect::set(&js_sys::global(), &"__engineMemory".into(), &m);
                return;
            }
        }
        super::mark("la:message");
        match decode_replies(&data) {
            Ok(replies) => onreply.emit(replies),
            Err(e) => fail.emit(e),
        }
    });
    let onerror = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
        e.prevent_default();
        onfail.emit(format!("the engine stopped ({})", e.message()));
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
    let w = Rc::new(RefCell::new(WorkerEngine {
        worker,
        ready: false,
        waiting: Vec::new(),
        _onmessage: onmessage,
        _onerror: onerror,
    }));
    *cell.borrow_mut() = Some(w.clone());
    Some(w)
}
