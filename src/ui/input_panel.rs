//! Paste box, file picker, drop target, sample and clear buttons.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::files;

#[derive(Properties, PartialEq)]
pub struct InputPanelProps {
    pub onfiles: Callback<Vec<files::Picked>>,
    pub onpaste: Callback<String>,
    pub onsample: Callback<()>,
    pub onclear: Callback<()>,
    /// Whether anything is loaded (enables "clear").
    pub has_data: bool,
}

#[function_component(InputPanel)]
pub fn input_panel(props: &InputPanelProps) -> Html {
    let paste_ref = use_node_ref();
    let pasted_empty = use_state(|| true);

    let onchange = {
        let onfiles = props.onfiles.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let list = files::from_list(input.files());
            // Reset so choosing the same file again fires another change.
            input.set_value("");
            if !list.is_empty() {
                onfiles.emit(list);
            }
        })
    };
    let oninput = {
        let pasted_empty = pasted_empty.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            pasted_empty.set(area.value().trim().is_empty());
        })
    };
    let onload = {
        let onpaste = props.onpaste.clone();
        let paste_ref = paste_ref.clone();
        let pasted_empty = pasted_empty.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(area) = paste_ref.cast::<HtmlTextAreaElement>() {
                let text = area.value();
                if !text.trim().is_empty() {
                    onpaste.emit(text);
                    area.set_value("");
                    pasted_empty.set(true);
                }
            }
        })
    };
    let onsample = props.onsample.reform(|_: MouseEvent| ());
    let onclear = props.onclear.reform(|_: MouseEvent| ());

    html! {
        <section class="input-panel" aria-label="load reports">
            <div class="drop-zone" data-testid="drop-zone">
                <p class="drop-hint">
                    <strong>{"Drop report files here"}</strong>
                    {" — one or many pages, any order, or a .zip of them — or "}
                    <label class="file-label">
                        {"choose files"}
                        <input type="file" multiple=true
                            accept=".json,.gz,.xml,.yaml,.yml,.txt,.zip,application/json,application/gzip,application/zip,application/yaml,text/plain,text/xml,text/yaml"
                            data-testid="file-input" onchange={onchange.clone()} />
                    </label>
                    {" or a "}
                    <label class="file-label">
                        {"folder"}
                        // Every file in it, recursively; paths label the reports.
                        <input type="file" multiple=true webkitdirectory=true data-testid="folder-input" {onchange} />
                    </label>
                </p>
                <div class="buttons">
                    <button type="button" class="primary" data-testid="sample-load" onclick={onsample}>
                        {"Load sample report"}
                    </button>
                    <button type="button" data-testid="clear" onclick={onclear} disabled={!props.has_data}>
                        {"Clear"}
                    </button>
                </div>
            </div>
            <details class="paste" open={!props.has_data}>
                <summary>{"Paste a report"}</summary>
                <label for="paste-input" class="visually-hidden">{"Report text (JSON, YAML or XML)"}</label>
                <textarea id="paste-input" data-testid="paste-input" ref={paste_ref} {oninput}
                    rows="5" spellcheck="false"
                    placeholder="Paste the output of aws iam get-service-last-accessed-details (one or more pages)" />
                <button type="button" data-testid="paste-load" onclick={onload} disabled={*pasted_empty}>
                    {"Load pasted text"}
                </button>
            </details>
        </section>
    }
}
