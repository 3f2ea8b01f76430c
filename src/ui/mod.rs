//! The Yew user interface. One app-level reducer ([`app::State`] +
//! [`app::Action`]) owns all state; every other component is a function of
//! its props and reports user intent through `on<verb>` callbacks.

pub mod actions_table;
pub mod age_chart;
pub mod app;
pub mod controls;
pub mod copy_button;
pub mod download;
pub mod drop_zone;
pub mod entities_table;
pub mod exports;
pub mod files;
pub mod filter_bar;
pub mod footer;
pub mod format;
pub mod help_panel;
pub mod input_panel;
pub mod loader;
pub mod matrix_view;
pub mod messages;
pub mod pending;
pub mod policy_panel;
pub mod report_switcher;
pub mod row_window;
pub mod services_table;
pub mod share_panel;
pub mod sort_header;
pub mod status_banner;
pub mod summary;
pub mod theme_toggle;
pub mod time_text;
pub mod timeline;
pub mod zone_switch;

/// Mount the app on `<body>`. The single-file build (and any page opened
/// from `file://`) parses on the main thread: a worker script cannot be
/// loaded there.
pub fn start() {
    let single_file = gloo::utils::document()
        .query_selector("meta[name=lastaccessed-build][content=single-file]")
        .ok()
        .flatten()
        .is_some();
    let from_file = gloo::utils::window()
        .location()
        .protocol()
        .is_ok_and(|p| p == "file:");
    let use_worker = !(single_file || from_file);
    yew::Renderer::<app::App>::with_props(app::AppProps { use_worker }).render();
}
