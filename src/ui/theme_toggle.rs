//! Light / dark / follow the system. The choice lives on `<html data-theme>`
//! for this page; it is kept across reloads only when the user ticks
//! "remember" (then, and only then, it is the one thing stored, in this
//! browser's local storage; unticking removes it).

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

const KEY: &str = "lastaccessed-theme";

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().local_storage().ok().flatten()
}

fn stored() -> Option<Theme> {
    match storage()?.get_item(KEY).ok()??.as_str() {
        "dark" => Some(Theme::Dark),
        "light" => Some(Theme::Light),
        "system" => Some(Theme::System),
        _ => None,
    }
}

fn store(theme: Option<Theme>) {
    if let Some(s) = storage() {
        let _ = match theme {
            Some(t) => s.set_item(KEY, t.attr().unwrap_or("system")),
            None => s.remove_item(KEY),
        };
    }
}

fn apply(theme: Theme) {
    if let Some(root) = gloo::utils::document().document_element() {
        let _ = match theme.attr() {
            Some(v) => root.set_attribute("data-theme", v),
            None => root.remove_attribute("data-theme"),
        };
    }
}

#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let remembered = use_state(|| stored().is_some());
    let theme = use_state(|| {
        let t = stored().unwrap_or(Theme::System);
        apply(t);
        t
    });
    let onclick = {
        let theme = theme.clone();
        let remembered = remembered.clone();
        Callback::from(move |_: MouseEvent| {
            let next = theme.next();
            apply(next);
            if *remembered {
                store(Some(next));
            }
            theme.set(next);
        })
    };
    let onremember = {
        let theme = theme.clone();
        let remembered = remembered.clone();
        Callback::from(move |e: Event| {
            let on = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            store(on.then_some(*theme));
            remembered.set(on);
        })
    };
    html! {
        <span class="theme">
            <button type="button" class="theme-toggle" data-testid="theme-toggle" {onclick}
                aria-label={format!("{} (change)", theme.label())}>{ theme.label() }</button>
            <label class="remember" title="Keep the theme in this browser (the only thing lastaccessed would store)">
                <input type="checkbox" data-testid="theme-remember" checked={*remembered} onchange={onremember} />
                {"remember"}
            </label>
        </span>
    }
}
