//! The Yew user interface. The app holds the [`crate::session::Session`] in
//! one reducer and sends it [`crate::session::Command`]s; every other component is a function of
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
pub mod roving;
pub mod row_window;
pub mod services_table;
pub mod share_panel;
pub mod skip_links;
pub mod sort_header;
pub mod status_banner;
pub mod summary;
pub mod theme_toggle;
pub mod time_text;
pub mod timeline;
pub mod zone_switch;

/// Mount the app on `<body>`. Files are parsed in a Web Worker, in dist/
/// and in the single file alike (see [`loader`]).
pub fn start() {
    yew::Renderer::<app::App>::with_props(app::AppProps { use_worker: true }).render();
}
