//! Light / dark / follow the system. The choice lives on `<html data-theme>`
//! for this page only: nothing is stored.

use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Dark,
    Light,
}

impl Theme {
    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Dark,
            Theme::Dark => Theme::Light,
            Theme::Light => Theme::System,
        }
    }
    fn attr(self) -> Option<&'static str> {
        match self {
            Theme::System => None,
            Theme::Dark => Some("dark"),
            Theme::Light => Some("light"),
        }
    }
    fn label(self) -> &'static str {
        match self {
            Theme::System => "Theme: system",
            Theme::Dark => "Theme: dark",
            Theme::Light => "Theme: light",
        }
    }
}

#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let theme = use_state(|| Theme::System);
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme.next();
            if let Some(root) = gloo::utils::document().document_element() {
                let _ = match next.attr() {
                    Some(v) => root.set_attribute("data-theme", v),
                    None => root.remove_attribute("data-theme"),
                };
            }
            theme.set(next);
        })
    };
    html! {
        <button type="button" class="theme-toggle" data-testid="theme-toggle" {onclick}
            aria-label={format!("{} (change)", theme.label())}>{ theme.label() }</button>
    }
}
