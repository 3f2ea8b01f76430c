//! A policy diff as the engine made it (see [`crate::report::diff`]): one
//! span per line, drawn by its mark. The rewrite and Access Analyzer
//! panels both draw theirs with it.

use yew::prelude::*;

use crate::report::diff::DiffLine;

/// The diff in a scrollable, focusable block; `testid`, its test hook when
/// it has one.
pub fn diff_block(lines: &[DiffLine], testid: Option<&'static str>) -> Html {
    html! {
        <pre class="diff" data-testid={testid} tabindex="0">
            { for lines.iter().map(|l| html! {
                <span class={l.mark.class()}>{ l.display() }</span>
            }) }
        </pre>
    }
}
