//! The page's undo and redo (buttons, Ctrl+Z / Ctrl+Shift+Z) over the lab's settled states,
//! and the browser's Back and Forward over its discrete actions. `history` holds the plain
//! data; this file holds the key listener and the address's history entries (its edges).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::history::{self, History};
use crate::lab::Lab;

/// The lab's history and whether the next settled state ends a discrete action.
#[derive(Clone, Copy)]
pub struct Edits {
    lab: RwSignal<Lab>,
    history: StoredValue<History<Lab>>,
    /// (can undo, can redo), for the buttons.
    pub can: RwSignal<(bool, bool)>,
    discrete: StoredValue<bool>,
}

impl Edits {
    /// Starts from the lab's present state and listens for the history keys and for Back
    /// and Forward (which bring the state their address holds).
    pub fn new(lab: RwSignal<Lab>) -> Edits {
        let edits = Edits {
            lab,
            history: StoredValue::new(History::new(lab.get_untracked())),
            can: RwSignal::new((false, false)),
            discrete: StoredValue::new(false),
        };
        let keys = window_event_listener(leptos::ev::keydown, move |ev| {
            let in_text = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|el| {
                let tag = el.tag_name().to_ascii_lowercase();
                let kind = el.get_attribute("type").unwrap_or_default();
                tag == "textarea" || (tag == "input" && matches!(kind.as_str(), "text" | "number" | "search" | ""))
            });
            match history::key(&ev.key(), ev.ctrl_key() || ev.meta_key(), ev.shift_key(), in_text) {
                Some(history::Key::Undo) => {
                    ev.prevent_default();
                    edits.undo();
                }
                Some(history::Key::Redo) => {
                    ev.prevent_default();
                    edits.redo();
                }
                None => {}
            }
        });
        let back = window_event_listener_untyped("popstate", move |_| {
            let (next, _) = Lab::from_params(crate::address::param);
            edits.history.try_update_value(|h| h.record(lab.get_untracked()));
            lab.set(next);
        });
        on_cleanup(move || {
            keys.remove();
            back.remove();
        });
        edits
    }

    fn refresh(&self) {
        let can = self.history.with_value(|h| (h.can_undo(), h.can_redo()));
        self.can.try_set(can);
    }

    /// Records the lab's state once it has settled. Returns whether it ends a discrete
    /// action (the address then pushes an entry, so that Back returns before it).
    pub fn settle(&self) -> bool {
        let Some(now) = self.lab.try_get_untracked() else { return false };
        self.history.try_update_value(|h| h.record(now));
        self.refresh();
        self.discrete.try_update_value(std::mem::take).unwrap_or(false)
    }

    /// A discrete action on the lab: the state before it is a step of its own, even in the
    /// middle of a drag.
    pub fn act(&self, edit: impl FnOnce(&mut Lab)) {
        let before = self.lab.get_untracked();
        self.history.update_value(|h| {
            h.record(before.clone());
        });
        let mut next = before.clone();
        edit(&mut next);
        if next != before {
            self.discrete.set_value(true);
            self.lab.set(next);
        }
        self.refresh();
    }

    pub fn undo(&self) {
        self.step(|h| h.undo().cloned());
    }

    pub fn redo(&self) {
        self.step(|h| h.redo().cloned());
    }

    fn step(&self, walk: impl FnOnce(&mut History<Lab>) -> Option<Lab>) {
        let Some(now) = self.lab.try_get_untracked() else { return };
        let target = self.history.try_update_value(|h| {
            h.record(now);
            walk(h)
        });
        if let Some(Some(lab)) = target {
            self.lab.set(lab);
        }
        self.refresh();
    }
}

/// The undo and redo buttons.
#[component]
pub fn UndoButtons(edits: Edits) -> impl IntoView {
    view! {
        <span class="undo" role="group" aria-label="Undo and redo">
            <button type="button" class="secondary" id="undo" title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z"
                aria-disabled=move || (!edits.can.get().0).to_string() on:click=move |_| edits.undo()>"↶ Undo"</button>
            <button type="button" class="secondary" id="redo" title="Redo (Ctrl+Shift+Z)" aria-keyshortcuts="Control+Shift+Z"
                aria-disabled=move || (!edits.can.get().1).to_string() on:click=move |_| edits.redo()>"↷ Redo"</button>
        </span>
    }
}
