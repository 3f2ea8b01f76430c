//! Every error and warning in one place. Errors are `role="alert"` and name
//! the file, document, line/column and JSON path they concern.

use yew::prelude::*;

use crate::report::guide::fetch_job;
use crate::report::{Error, ErrorKind, Level, Notice};

use super::copy_button::snippet;

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub errors: Vec<Error>,
    pub notices: Vec<Notice>,
    pub ondismiss: Callback<usize>,
    /// Open "How to get a report" (offered with AWS errors).
    pub onhelp: Callback<()>,
}

/// "file: " before a message, when the error names a place.
fn place(e: &Error) -> String {
    let loc = e.location();
    if loc.is_empty() {
        loc
    } else {
        format!("{loc}: ")
    }
}

/// The body of an error: AWS errors and a pasted JobId get an explanation
/// and what to do; everything else is one line naming file and place.
fn error_body(e: &Error, onhelp: &Callback<()>) -> Html {
    match &e.kind {
        ErrorKind::Aws(f) => {
            let advice = f.advice();
            html! {
                <div class="message-text" data-code={f.code.clone()}>
                    <p class="headline">{ format!("{}{}", place(e), f.headline()) }</p>
                    <p class="meaning">{ advice.meaning }</p>
                    <p class="todo"><strong>{"What to do: "}</strong>{ advice.todo }</p>
                    <button type="button" class="link" data-testid="show-help"
                        onclick={onhelp.reform(|_: MouseEvent| ())}>{"Show the commands"}</button>
                </div>
            }
        }
        ErrorKind::JobIdOutput { job_id } => {
            let commands = fetch_job(job_id);
            html! {
                <div class="message-text" data-code="JobId">
                    <p class="headline">{ format!("{}this is the output of generate-service-last-accessed-details: the JobId {job_id}, not the report.", place(e)) }</p>
                    <p class="todo"><strong>{"What to do: "}</strong>
                        {"fetch the report with this JobId, in the same session that generated it, and load the pages it saves:"}</p>
                    { snippet("Fetch every page of this job", &commands) }
                </div>
            }
        }
        _ => html! { <span class="message-text">{ e.to_string() }</span> },
    }
}

#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let empty = props.errors.is_empty() && props.notices.is_empty();
    html! {
        <section class={classes!("messages", empty.then_some("empty"))} data-testid="messages" aria-label="messages">
            { for props.errors.iter().enumerate().map(|(i, e)| {
                let ondismiss = props.ondismiss.reform(move |_: MouseEvent| i);
                html! {
                    <div class="message error" role="alert" data-level="error">
                        <span class="message-kind">{"Error"}</span>
                        { error_body(e, &props.onhelp) }
                        <button type="button" class="dismiss" aria-label="dismiss" onclick={ondismiss}>{"×"}</button>
                    </div>
                }
            }) }
            { for props.notices.iter().map(|n| {
                let (class, kind) = match n.level {
                    Level::Warning => ("warning", "Warning"),
                    Level::Info => ("info", "Note"),
                };
                html! {
                    <div class={classes!("message", class)} role="status" data-level={class}>
                        <span class="message-kind">{kind}</span>
                        <span class="message-text">{ n.text.clone() }</span>
                    </div>
                }
            }) }
        </section>
    }
}
