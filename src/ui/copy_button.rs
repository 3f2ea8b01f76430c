//! A button that copies a text (an ARN, a command) and says whether it worked.
//! Uses the Clipboard API where the page is a secure context (https, localhost,
//! file://) and falls back to a selected text area and `execCommand("copy")`
//! elsewhere (a plain-http intranet host).

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    pub text: AttrValue,
    /// What the button copies, for screen readers and the tooltip.
    pub label: AttrValue,
    /// A small icon-like button (in table cells).
    #[prop_or(false)]
    pub compact: bool,
    /// In the tab order (off in table rows: a table is one tab stop).
    #[prop_or(true)]
    pub tabbable: bool,
    /// The button's text when idle (icon-only when compact).
    #[prop_or(AttrValue::Static("Copy"))]
    pub text_idle: AttrValue,
    /// Test hook (`data-testid`).
    #[prop_or(AttrValue::Static("copy"))]
    pub testid: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Outcome {
    Idle,
    Copied,
    Failed,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &CopyButtonProps) -> Html {
    let outcome = use_state(|| Outcome::Idle);
    let timer = use_mut_ref(|| None::<Timeout>);
    let onclick = {
        let outcome = outcome.clone();
        let text = props.text.to_string();
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation(); // a row's own click (select) must not fire
            let outcome = outcome.clone();
            let timer = timer.clone();
            let text = text.clone();
            yew::platform::spawn_local(async move {
                let ok = copy_text(&text).await;
                outcome.set(if ok { Outcome::Copied } else { Outcome::Failed });
                let reset = outcome.clone();
                *timer.borrow_mut() = Some(Timeout::new(2_000, move || reset.set(Outcome::Idle)));
            });
        })
    };
    let (text, class) = match (*outcome, props.compact) {
        (Outcome::Idle, true) => ("", None),
        (Outcome::Idle, false) => (props.text_idle.as_str(), None),
        (Outcome::Copied, true) => ("✓", Some("copied")),
        (Outcome::Copied, false) => ("Copied", Some("copied")),
        (Outcome::Failed, _) => ("Select and copy by hand", Some("failed")),
    };
    // The accessible name says what happened (no live region per button:
    // tables hold one per row).
    let name = match *outcome {
        Outcome::Idle => props.label.to_string(),
        Outcome::Copied => format!("{}: copied", props.label),
        Outcome::Failed => format!(
            "{}: the browser refused; select and copy by hand",
            props.label
        ),
    };
    html! {
        <button type="button" class={classes!("copy", props.compact.then_some("compact"), class)}
            title={name.clone()} aria-label={name} data-testid={props.testid.clone()} {onclick}
            tabindex={(!props.tabbable).then_some("-1")}>
            if text.is_empty() { { copy_icon() } } else { { text } }
        </button>
    }
}

/// A titled block of code (a command, a script) with its copy button.
pub fn snippet(title: &str, text: &str) -> Html {
    html! {
        <figure class="snippet">
            <figcaption>
                <span>{ title.to_string() }</span>
                <CopyButton text={text.to_string()} label={format!("Copy: {title}")} />
            </figcaption>
            <pre tabindex="0"><code>{ text.to_string() }</code></pre>
        </figure>
    }
}

/// Two overlapping sheets (drawn, so no font needs a copy glyph).
fn copy_icon() -> Html {
    html! {
        <svg class="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
            <rect x="5" y="5" width="9" height="9" rx="1.5" fill="none" stroke="currentColor" stroke-width="1.5" />
            <path d="M11 3.5V3a1.5 1.5 0 0 0-1.5-1.5h-6A1.5 1.5 0 0 0 2 3v6a1.5 1.5 0 0 0 1.5 1.5H4"
                fill="none" stroke="currentColor" stroke-width="1.5" />
        </svg>
    }
}

/// Copy `text`; true when the browser says it worked.
pub async fn copy_text(text: &str) -> bool {
    let window = gloo::utils::window();
    if window.is_secure_context() {
        let promise = window.navigator().clipboard().write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    copy_by_selection(text)
}

/// The pre-Clipboard-API way: a text area, selected, and `execCommand("copy")`.
fn copy_by_selection(text: &str) -> bool {
    let document = gloo::utils::document();
    let Ok(area) = document.create_element("textarea") else {
        return false;
    };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.set_attribute("class", "offscreen");
    let Some(body) = document.body() else {
        return false;
    };
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let ok = document
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    area.remove();
    ok
}
