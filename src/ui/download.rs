//! Save text as a file, entirely in the page (a Blob and an object URL).
//! (Copying is the copy button's: one button, with feedback, everywhere.)

use gloo::file::{Blob, ObjectUrl};
use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

/// Offer `text` for download as `name`.
pub fn save(name: &str, mime: &str, text: &str) -> Result<(), String> {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some(mime)));
    let a: HtmlAnchorElement = gloo::utils::document()
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_string())?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // The URL is revoked when `url` drops; the download has started by then.
    Ok(())
}

/// The single-file app's own source: kept by the single file itself at
/// start (`window.__laSource`), or fetched beside the hosted app
/// (`lastaccessed.html`, built next to `index.html`).
async fn app_source() -> Result<String, String> {
    let window = gloo::utils::window();
    if let Some(s) = js_sys::Reflect::get(&window, &"__laSource".into())
        .ok()
        .and_then(|v| v.as_string())
    {
        return Ok(s);
    }
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str("lastaccessed.html"))
        .await
        .map_err(|e| format!("the single-file app could not be read: {e:?}"))?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| "the single-file app could not be read".to_string())?;
    if !response.ok() {
        return Err(format!(
            "the single-file app (lastaccessed.html) is not beside this page (HTTP {}); open the single file to save from it",
            response.status()
        ));
    }
    let text = response.text().map_err(|e| format!("{e:?}"))?;
    wasm_bindgen_futures::JsFuture::from(text)
        .await
        .map_err(|e| format!("{e:?}"))?
        .as_string()
        .ok_or_else(|| "the single-file app is not text".to_string())
}

/// Save the single-file app with `fragment` (reports and view) in it.
pub async fn save_html(name: &str, fragment: &str) -> Result<(), String> {
    let source = app_source().await?;
    let html = crate::report::share::embed_in_html(&source, fragment);
    save(name, "text/html", &html)
}

/// The share fragment a saved page carries, if this is one.
pub fn embedded_fragment() -> Option<String> {
    let el = gloo::utils::document().get_element_by_id(crate::report::share::EMBED_ID)?;
    let text = el.text_content()?;
    js_sys::JSON::parse(&text).ok()?.as_string()
}
