//! A value the engine owns (a text field, a set of filters), edited faster
//! than the engine answers: the page shows what the user set until the
//! engine has echoed every value sent, so an answer to an earlier edit never
//! overwrites later ones, and an edit builds on the ones before it. A value
//! the engine changes by itself (Clear filters, a link) replaces the draft.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use yew::prelude::*;

struct Memory<T> {
    /// The engine's value at the last render.
    last: T,
    /// Values sent and not yet echoed, oldest first.
    pending: VecDeque<T>,
    /// What the page shows instead of the engine's value.
    draft: Option<T>,
}

/// The value to show, and how to record an edit.
#[derive(Clone)]
pub struct Draft<T> {
    pub value: T,
    memory: Rc<RefCell<Memory<T>>>,
    redraw: UseForceUpdateHandle,
}

impl<T: Clone> Draft<T> {
    /// The value as the user last set it, at the time of asking (an edit
    /// made since this render included): what the next edit builds on.
    pub fn latest(&self) -> T {
        let m = self.memory.borrow();
        m.draft.clone().unwrap_or_else(|| m.last.clone())
    }

    /// The user set `shown`; `sent` is what went to the engine, if anything.
    pub fn edit(&self, shown: T, sent: Option<T>) {
        let mut m = self.memory.borrow_mut();
        m.draft = Some(shown);
        m.pending.extend(sent);
        drop(m);
        self.redraw.force_update();
    }
}

/// The value to show for a value the engine holds as `current`.
#[hook]
pub fn use_draft<T: Clone + PartialEq + 'static>(current: &T) -> Draft<T> {
    let memory = use_mut_ref(|| Memory {
        last: current.clone(),
        pending: VecDeque::new(),
        draft: None,
    });
    let redraw = use_force_update();
    {
        let mut m = memory.borrow_mut();
        if m.last != *current {
            m.last = current.clone();
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
        .unwrap_or_else(|| current.clone());
    Draft {
        value,
        memory,
        redraw,
    }
}
