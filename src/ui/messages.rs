//! Every error and warning in one place. Errors are `role="alert"` and name
//! the file, document, line/column and JSON path they concern. Their words
//! come from the engine ([`ErrorView`], [`NoticeView`]), rendered there from
//! their kinds: the page holds no message text of its own.

use yew::prelude::*;

use crate::report::Level;
use crate::session::protocol::{ErrorBody, ErrorView, NoticeView};

use super::copy_button::snippet;

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub errors: Vec<ErrorView>,
    /// Notes about the loading and the report on screen (those name it).
    pub notices: Vec<NoticeView>,
    /// Notes about the other reports, each naming its report: behind a count.
    #[prop_or_default]
    pub others: Vec<NoticeView>,
    pub ondismiss: Callback<usize>,
    /// Dismiss one note (by its text).
    #[prop_or_default]
    pub ondismissnotice: Callback<String>,
    /// Dismiss every error and note.
    #[prop_or_default]
    pub ondismissall: Callback<()>,
    /// Open "How to get a report" (offered with AWS errors).
    pub onhelp: Callback<()>,
}

/// "file: " before a message, when the error names a place.
fn place(e: &ErrorView) -> String {
    if e.location.is_empty() {
        String::new()
    } else {
        format!("{}: ", e.location)
    }
}

/// The body of an error: AWS errors and a pasted JobId get an explanation
/// and what to do; everything else is one line naming file and place.
fn error_body(e: &ErrorView, onhelp: &Callback<()>) -> Html {
    match &e.body {
        ErrorBody::Aws {
            code,
            headline,
            meaning,
            todo,
        } => html! {
            <div class="message-text" data-code={code.clone()}>
                <p class="headline">{ format!("{}{headline}", place(e)) }</p>
                <p class="meaning">{ meaning.clone() }</p>
                <p class="todo"><strong>{"What to do: "}</strong>{ todo.clone() }</p>
                <button type="button" class="link" data-testid="show-help"
                    onclick={onhelp.reform(|_: MouseEvent| ())}>{"Show the commands"}</button>
            </div>
        },
        ErrorBody::JobId { job_id, commands } => html! {
            <div class="message-text" data-code="JobId">
                <p class="headline">{ format!("{}this is the output of generate-service-last-accessed-details: the JobId {job_id}, not the report.", place(e)) }</p>
                <p class="todo"><strong>{"What to do: "}</strong>
                    {"fetch the report with this JobId, in the same session that generated it, and load the pages it saves:"}</p>
                { snippet("Fetch every page of this job", commands) }
            </div>
        },
        ErrorBody::Text(text) => html! { <span class="message-text">{ text.clone() }</span> },
    }
}

/// Repeats said once, with how many times.
fn grouped<'a>(notices: impl Iterator<Item = &'a NoticeView>) -> Vec<(&'a NoticeView, usize)> {
    let mut out: Vec<(&NoticeView, usize)> = Vec::new();
    for n in notices {
        match out
            .iter_mut()
            .find(|(m, _)| m.text == n.text && m.about == n.about)
        {
            Some((_, count)) => *count += 1,
            None => out.push((n, 1)),
        }
    }
    out
}

fn notice_html(n: &NoticeView, count: usize, ondismiss: &Callback<String>) -> Html {
    let (class, kind) = match n.level {
        Level::Warning => ("warning", "Warning"),
        Level::Info => ("info", "Note"),
    };
    let text = n.text.clone();
    let ondismiss = ondismiss.reform(move |_: MouseEvent| text.clone());
    html! {
        <div class={classes!("message", class)} role="status" data-level={class} data-testid="notice">
            <span class="message-kind">{kind}</span>
            <span class="message-text">
                if let Some(s) = &n.about { <strong class="subject">{ format!("{s}: ") }</strong> }
                { n.text.clone() }
                if count > 1 { <span class="repeat" data-testid="notice-repeat">{ format!(" (×{count})") }</span> }
            </span>
            <button type="button" class="dismiss" aria-label={format!("dismiss: {}", n.text)} onclick={ondismiss}>{"×"}</button>
        </div>
    }
}

#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let empty = props.errors.is_empty() && props.notices.is_empty() && props.others.is_empty();
    let many = props.errors.len() + props.notices.len() + props.others.len() > 1;
    let current = grouped(props.notices.iter());
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
            { for current.iter().map(|(n, count)| notice_html(n, *count, &props.ondismissnotice)) }
            if !props.others.is_empty() {
                <details class="other-notices" data-testid="other-notices">
                    <summary>{ format!("{} note{} about other reports", props.others.len(), if props.others.len() == 1 { "" } else { "s" }) }</summary>
                    { for props.others.iter().map(|n| notice_html(n, 1, &props.ondismissnotice)) }
                </details>
            }
            if many {
                <div class="messages-tools">
                    <button type="button" class="link" data-testid="dismiss-all"
                        onclick={props.ondismissall.reform(|_: MouseEvent| ())}>{"Dismiss all"}</button>
                </div>
            }
        </section>
    }
}
