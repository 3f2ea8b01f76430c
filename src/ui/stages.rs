//! Drawing a report in stages: one main-thread task per stage, so a big
//! report's first render is never one long task (issue #13: ≤ 50 ms).

use yew::prelude::*;

use super::row_window::VIRTUAL_FROM;

/// What a report shows from each stage on; one task each, top of the page
/// first. A stage's parts stay drawn for as long as the same report is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// The header, the controls and the fleet (at account scale).
    Fleet,
    /// The summary and the filters (and the services table when it is
    /// drawn whole: [`services_stage`]).
    Summary,
    /// The services table when windowed, and the entity drill-downs.
    Services,
    /// The actions table.
    Actions,
    /// The charts, the per-service thresholds, share and exports.
    Charts,
    /// The comparison, the analyzer, the grants, the rewrite and the policies.
    Panels,
    /// The matrix: hundreds of principals side by side.
    Matrix,
}

impl Stage {
    const ALL: [Stage; 7] = [
        Stage::Fleet,
        Stage::Summary,
        Stage::Services,
        Stage::Actions,
        Stage::Charts,
        Stage::Panels,
        Stage::Matrix,
    ];
}

/// Reports up to this many services and tracked actions are drawn whole in
/// their first render: a few milliseconds. (Up to 200 and 5 000 before: a
/// report of 60 services and 180 actions, its tables drawn whole, took one
/// task of 66-87 ms.) Whatever the stages, a services table drawn whole
/// comes with its summary ([`services_stage`]).
const WHOLE_SERVICES: usize = 40;
const WHOLE_ACTIONS: usize = 100;

/// The stage a report's first render draws: the fleet first at account
/// scale, everything but the matrix for a small report (`(services,
/// actions)`), the summary first otherwise.
pub fn first_stage(fleet: bool, size: Option<(usize, usize)>) -> Stage {
    match size {
        _ if fleet => Stage::Fleet,
        Some((services, actions)) if services <= WHOLE_SERVICES && actions <= WHOLE_ACTIONS => {
            Stage::Panels
        }
        _ => Stage::Summary,
    }
}

/// The stage that draws the services table of `services` rows: the
/// summary's when the table is drawn whole (up to [`VIRTUAL_FROM`] rows), so
/// no frame shows a summary above it empty; its own (a task later) when it
/// is windowed, a few dozen rows.
pub fn services_stage(services: usize) -> Stage {
    if services <= VIRTUAL_FROM {
        Stage::Summary
    } else {
        Stage::Services
    }
}

/// The stage drawn for the report `key` (`None`: no report): the first
/// render of a report shows `first` (and what comes before it); each next
/// stage is drawn in a task of its own (a timer of 0 ms after the render
/// before it), until [`Stage::Matrix`]. Another key starts over.
#[hook]
pub fn use_stage(key: Option<String>, first: Stage) -> Stage {
    let drawn = use_state(|| (None::<String>, 0usize));
    let start = first as usize;
    let at = if key.is_some() && drawn.0 == key {
        drawn.1.max(start)
    } else {
        start
    };
    {
        let drawn = drawn.clone();
        use_effect_with((key, at), move |(key, at)| {
            let next = (key.is_some() && at + 1 < Stage::ALL.len()).then(|| {
                let (key, at) = (key.clone(), *at);
                gloo::timers::callback::Timeout::new(0, move || drawn.set((key, at + 1)))
            });
            move || drop(next)
        });
    }
    Stage::ALL[at]
}

/// `on`, a task late the first time: `false` in the render where `on`
/// turns `true`, `true` from the next task on, for as long as `on` stays.
/// (The account's fleet: its first drawing, hundreds of cells, gets a task
/// of its own after the report's first stage; switching reports keeps it.)
#[hook]
pub fn use_a_task_later(on: bool) -> bool {
    let ready = use_state_eq(|| false);
    {
        let ready = ready.clone();
        use_effect_with(on, move |on| {
            let later = on.then(|| {
                let ready = ready.clone();
                gloo::timers::callback::Timeout::new(0, move || ready.set(true))
            });
            if !on {
                ready.set(false);
            }
            move || drop(later)
        });
    }
    on && *ready
}
