//! Every error and warning in one place. Errors are `role="alert"` and name
//! the file, document, line/column and JSON path they concern.

use yew::prelude::*;

use crate::report::{Error, Level, Notice};

#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    pub errors: Vec<Error>,
    pub notices: Vec<Notice>,
    pub ondismiss: Callback<usize>,
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
                        <span class="message-text">{ e.to_string() }</span>
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
