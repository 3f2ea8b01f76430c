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
