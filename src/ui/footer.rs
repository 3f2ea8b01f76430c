//! The footer: what runs here (version and build commit) and the privacy
//! promise, short and in full.

use yew::prelude::*;

use crate::worker::BUILD_COMMIT;

#[function_component(Footer)]
pub fn footer() -> Html {
    let version = env!("CARGO_PKG_VERSION");
    let build = match BUILD_COMMIT {
        Some(c) if !c.is_empty() => format!("lastaccessed {version} (build {c})"),
        _ => format!("lastaccessed {version}"),
    };
    html! {
        <footer class="app-footer" data-testid="footer">
            <p><span data-testid="app-version">{ build }</span>{" · runs entirely in your browser"}</p>
            <details class="privacy" data-testid="privacy">
                <summary>{"Privacy: nothing leaves this page"}</summary>
                <ul>
                    <li>{"Files you load or paste are read by this page, in this browser tab. They are never uploaded: \
                          the page makes no network request after it has loaded, and its Content Security Policy blocks \
                          requests to any other address."}</li>
                    <li>{"Nothing is stored: no cookies, no local storage, no IndexedDB. Close or reload the tab and the data is gone. (The one exception is yours to make: ticking \"remember\" beside the theme keeps the theme, and only it, in this browser.)"}</li>
                    <li>{"The address bar keeps the view (threshold, sort, filters, selected service) after # so a reload shows the same view. \
                          The part after # is never sent to a web server."}</li>
                    <li>{"A share link you create also carries the loaded reports, compressed, after #. By default it is redacted: \
                          account IDs and principal names are replaced; service names, dates and Regions remain. \
                          Whoever has the link can read what it carries."}</li>
                    <li>{"Copy buttons put text on your clipboard only when you click them."}</li>
                </ul>
            </details>
        </footer>
    }
}
