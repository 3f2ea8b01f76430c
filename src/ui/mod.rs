//! The Yew user interface. One app-level reducer ([`app::State`] +
//! [`app::Action`]) owns all state; every other component is a function of
//! its props and reports user intent through `on<verb>` callbacks.

pub mod actions_table;
pub mod app;
pub mod controls;
pub mod drop_zone;
pub mod entities_table;
pub mod files;
pub mod format;
pub mod input_panel;
pub mod loader;
pub mod messages;
pub mod pending;
pub mod report_switcher;
pub mod services_table;
pub mod sort_header;
pub mod status_banner;
pub mod summary;

/// Mount the app on `<body>`.
pub fn start() {
    yew::Renderer::<app::App>::with_props(app::AppProps { use_worker: true }).render();
}
