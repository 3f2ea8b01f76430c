//! The page-wide drop target: files dropped anywhere on the app are loaded
//! (never opened by the browser in place of the app), and the visible drop
//! zone is highlighted while files are dragged over the page. A dropped
//! folder loads every file in it, recursively.

use web_sys::DragEvent;
use yew::prelude::*;

use super::files;

#[derive(Properties, PartialEq)]
pub struct DropZoneProps {
    pub onfiles: Callback<Vec<files::Picked>>,
    #[prop_or_default]
    pub children: Html,
}

#[function_component(DropZone)]
pub fn drop_zone(props: &DropZoneProps) -> Html {
    // Counts dragenter minus dragleave, so moving over child elements does not flicker.
    let depth = use_state(|| 0i32);

    let ondragenter = {
        let depth = depth.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            depth.set(*depth + 1);
        })
    };
    let ondragleave = {
        let depth = depth.clone();
        Callback::from(move |_: DragEvent| depth.set((*depth - 1).max(0)))
    };
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let depth = depth.clone();
        let onfiles = props.onfiles.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            depth.set(0);
            if let Some(dt) = e.data_transfer() {
                files::from_drop(&dt, onfiles.clone());
            }
        })
    };
    let class = classes!("app", (*depth > 0).then_some("dragging"));
    html! {
        <div {class} {ondragenter} {ondragleave} {ondragover} {ondrop}>
            { props.children.clone() }
        </div>
    }
}
