//! The Yew user interface: a thin view. The app draws the engine's
//! snapshots and sends it requests ([`engine`]: the session runs in its own
//! Web Worker); every other component is a function of its props and
//! reports user intent through `on<verb>` callbacks.

pub mod account_policies;
pub mod actions_table;
pub mod age_chart;
pub mod analyzer_panel;
pub mod app;
pub mod compare_table;
pub mod controls;
pub mod copy_button;
pub mod diff_block;
pub mod download;
pub mod draft;
pub mod drop_zone;
pub mod engine;
pub mod entities_table;
pub mod exports;
pub mod files;
pub mod filter_bar;
pub mod fleet_table;
pub mod footer;
pub mod format;
pub mod granted_table;
pub mod help_panel;
pub mod input_panel;
pub mod loader;
pub mod matrix_view;
pub mod messages;
pub mod pending;
pub mod policy_panel;
pub mod report_switcher;
pub mod rewrite_panel;
pub mod roving;
pub mod row_window;
pub mod service_thresholds;
pub mod services_table;
pub mod share_panel;
pub mod skip_links;
pub mod sort_header;
pub mod stages;
pub mod status_banner;
pub mod summary;
pub mod theme_toggle;
pub mod time_text;
pub mod timeline;
pub mod zone_switch;

/// A `performance.mark` for the benchmark's stage table (`make bench`);
/// nothing in the shipped app.
pub fn mark(_name: &str) {
    #[cfg(feature = "bench")]
    if let Some(p) = gloo::utils::window().performance() {
        let _ = p.mark(_name);
    }
}

/// Mount the app on index.html's `app-root` (or `<body>`). Files are parsed in a Web Worker, in dist/
/// and in the single file alike (see [`loader`]).
pub fn start() {
    yew::platform::spawn_local(async {
        // dist/ fetches its parse worker once, as the single file carries it:
        // one `blob:` script with the wasm inlined, so no worker fetches
        // anything and the page can lock its connections.
        let ready = inlined_worker().await || has_inlined_worker();
        if ready {
            compile_worker_wasm();
        }
        // (The benchmark build fetches its inputs: it is never shipped.)
        if ready && !cfg!(feature = "bench") {
            lock_connections();
        }
        let props = app::AppProps {
            parser: loader::Parser::Workers,
            engine: engine::EngineKind::Worker,
        };
        // index.html's `app-root`: Yew empties the element it mounts on, and
        // the body keeps the font warm-up beside it.
        match gloo::utils::document().get_element_by_id("app-root") {
            Some(root) => yew::Renderer::<app::App>::with_root_and_props(root, props).render(),
            None => yew::Renderer::<app::App>::with_props(props).render(),
        };
    });
}

/// The workers' wasm, compiled once by the page: every worker it starts is
/// handed the compiled `WebAssembly.Module` (one compilation, and one
/// optimisation of the hot code, for the engine and every parse worker,
/// instead of one each); its bytes for a browser that cannot post a module.
struct WorkerWasm {
    module: js_sys::Promise,
    bytes: js_sys::Uint8Array,
}

thread_local! {
    static WORKER_WASM: std::cell::RefCell<Option<WorkerWasm>> = const { std::cell::RefCell::new(None) };
}

/// Where the page keeps the workers' wasm bytes until it compiles them
/// (`inlined_worker` in dist/; the single file's own script:
/// `scripts/postbuild.mjs` reads the name from here).
pub const WORKER_WASM_GLOBAL: &str = "__laWorkerWasm";

/// What a `blob:` worker script runs after wasm-bindgen's glue: wait for
/// its wasm (a compiled module, or bytes) in the first message.
/// `scripts/postbuild.mjs` reads it from here for the single file.
pub const WORKER_BOOT: &str =
    "self.onmessage = (e) => { self.onmessage = null; wasm_bindgen({ module_or_path: e.data }); };";

/// Start compiling the workers' wasm left on the page (see [`WORKER_WASM_GLOBAL`]).
fn compile_worker_wasm() {
    use wasm_bindgen::{JsCast, JsValue};
    let global = js_sys::global();
    let Some(bytes) = js_sys::Reflect::get(&global, &WORKER_WASM_GLOBAL.into())
        .ok()
        .and_then(|b| b.dyn_into::<js_sys::Uint8Array>().ok())
    else {
        return;
    };
    let _ = js_sys::Reflect::set(&global, &WORKER_WASM_GLOBAL.into(), &JsValue::UNDEFINED);
    let module = js_sys::WebAssembly::compile(&bytes);
    WORKER_WASM.with(|w| *w.borrow_mut() = Some(WorkerWasm { module, bytes }));
}

/// Hand a worker just started from the `blob:` script its wasm: the
/// compiled module, or the bytes where the module cannot be posted (or
/// did not compile: the worker then says why). Nothing for a worker that
/// loads its own (dist/ opened from file://).
pub fn boot_worker(worker: &web_sys::Worker) {
    let Some((module, bytes)) = WORKER_WASM.with(|w| {
        w.borrow()
            .as_ref()
            .map(|w| (w.module.clone(), w.bytes.clone()))
    }) else {
        return;
    };
    let worker = worker.clone();
    yew::platform::spawn_local(async move {
        let sent = match wasm_bindgen_futures::JsFuture::from(module).await {
            Ok(module) => worker.post_message(&module).is_ok(),
            Err(_) => false,
        };
        if !sent {
            let _ = worker.post_message(&bytes);
        }
    });
}

/// Whether the page already has its worker as a `blob:` URL (the single file).
fn has_inlined_worker() -> bool {
    gloo::utils::document()
        .document_element()
        .and_then(|html| html.get_attribute("data-worker"))
        .is_some_and(|u| u.starts_with("blob:"))
}

/// A JS function expression that turns base64 into bytes: the browser's
/// own `Uint8Array.fromBase64` where it has one, else a plain loop (both
/// several times faster than `Uint8Array.from(atob(s), fn)`, which calls a
/// function per byte: tens of milliseconds for the workers' 1.9 MB).
/// `scripts/postbuild.mjs` reads it from here: the single file's script
/// decodes its wasm and the workers' with it.
pub const FROM_BASE64: &str = "((s) => { if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s); const t = atob(s), b = new Uint8Array(t.length); for (let i = 0; i < t.length; i++) b[i] = t.charCodeAt(i); return b; })";

/// In dist/: fetch the worker's script and wasm (from the page's own
/// origin, before the lock): the script becomes a `blob:` script, handed to
/// the loader on `<html data-worker>` like the single file's, and the wasm
/// is compiled once for every worker ([`boot_worker`]). False when they
/// cannot be fetched (dist/ opened from file://): the loader then starts the
/// worker from its URL, and the page is not locked.
async fn inlined_worker() -> bool {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    if has_inlined_worker() {
        return false;
    }
    let window = gloo::utils::window();
    let get = |url: &str| JsFuture::from(window.fetch_with_str(url));
    let Ok(js) = get("./worker.js").await else {
        return false;
    };
    let Ok(wasm) = get("./worker_bg.wasm").await else {
        return false;
    };
    let (Ok(js), Ok(wasm)) = (
        js.dyn_into::<web_sys::Response>(),
        wasm.dyn_into::<web_sys::Response>(),
    ) else {
        return false;
    };
    if !js.ok() || !wasm.ok() {
        return false;
    }
    let (Ok(text), Ok(bytes)) = (js.text(), wasm.array_buffer()) else {
        return false;
    };
    let (Ok(text), Ok(bytes)) = (JsFuture::from(text).await, JsFuture::from(bytes).await) else {
        return false;
    };
    let Some(text) = text.as_string() else {
        return false;
    };
    let _ = js_sys::Reflect::set(
        &js_sys::global(),
        &WORKER_WASM_GLOBAL.into(),
        &js_sys::Uint8Array::new(&bytes),
    );
    let source = format!("{text}\n{WORKER_BOOT}\n");
    let blob = gloo::file::Blob::new_with_options(source.as_str(), Some("text/javascript"));
    let url = gloo::file::ObjectUrl::from(blob);
    let ok = gloo::utils::document()
        .document_element()
        .is_some_and(|html| html.set_attribute("data-worker", &url).is_ok());
    // The URL lives as long as the page: every pool worker starts from it.
    std::mem::forget(url);
    ok
}

/// Once the page's wasm and its worker are in, the page needs no connection
/// but one: a second policy makes that so (policies only ever add
/// restrictions). Served over HTTP(S), it allows exactly the single-file app
/// beside it (what "Save as HTML" starts from, read only when asked);
/// otherwise `connect-src 'none'`. Its `blob:` workers inherit it and need
/// nothing: their wasm is inlined.
fn lock_connections() {
    let doc = gloo::utils::document();
    let (Ok(meta), Ok(Some(head))) = (doc.create_element("meta"), doc.query_selector("head"))
    else {
        return;
    };
    let href = gloo::utils::window().location().href().unwrap_or_default();
    let single = web_sys::Url::new_with_base("lastaccessed.html", &href)
        .ok()
        .filter(|u| matches!(u.protocol().as_str(), "http:" | "https:"))
        .map(|u| {
            u.set_hash("");
            u.set_search("");
            u.href()
        });
    let policy = match single {
        Some(url) if !url.contains([' ', ';', ',', '\'']) => format!("connect-src {url}"),
        _ => "connect-src 'none'".to_string(),
    };
    let _ = meta.set_attribute("http-equiv", "Content-Security-Policy");
    let _ = meta.set_attribute("content", &policy);
    let _ = meta.set_attribute("data-testid", "csp-lock");
    let _ = head.append_child(&meta);
}
