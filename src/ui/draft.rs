//! A text field whose value the engine owns, typed into faster than the
//! engine answers: the field shows what the user typed until the engine has
//! echoed every value sent, so an answer to an earlier keystroke never
//! overwrites later ones. A value the engine changes by itself (Clear
//! filters, a link) replaces the draft.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use yew::prelude::*;

#[derive(Default)]
struct Memory {
    /// The engine's value at the last render.
    last: String,
    /// Values sent and not yet echoed, oldest first.
    pending: VecDeque<String>,
    /// What the field shows instead of the engine's value.
    draft: Option<String>,
}

/// The field's value, and how to record an edit.
#[derive(Clone)]
pub struct Draft {
    pub value: String,
    memory: Rc<RefCell<Memory>>,
    redraw: UseForceUpdateHandle,
}

impl Draft {
    /// The user typed `shown`; `sent` is what went to the engine, if anything.
    pub fn edit(&self, shown: String, sent: Option<String>) {
        let mut m = self.memory.borrow_mut();
        m.draft = Some(shown);
        m.pending.extend(sent);
        drop(m);
        self.redraw.force_update();
    }
}

/// The value to show for a field whose engine value is `current`.
#[hook]
pub fn use_draft(current: &str) -> Draft {
    let memory = use_mut_ref(|| Memory {
        last: current.to_string(),
        ..Memory::default()
    });
    let redraw = use_force_update();
    {
        let mut m = memory.borrow_mut();
        if m.last != current {
            m.last = current.to_string();
            match m.pending.iter().position(|p| p == current) {
                // An echo of a value sent: those before it are echoed too.
                Some(i) => {
                    m.pending.drain(..=i);
                }
                // Changed by the engine itself: the draft goes.
                None => m.pending.clear(),
            }
            if m.pending.is_empty() {
                m.draft = None;
            }
        }
    }
    let value = memory
        .borrow()
        .draft
        .clone()
        .unwrap_or_else(|| current.to_string());
    Draft {
        value,
        memory,
        redraw,
    }
}
