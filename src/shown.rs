//! The shown variant's scenario as a slice of the lab state. The controls, the toolbar and
//! the trace input read and edit the scenario through it; `Lab` stays the only owner, so
//! no signal is ever copied into another.

use autoscale_sim::Scenario;
use leptos::prelude::*;

use crate::lab::Lab;

/// The scenario of the variant the controls edit, inside the lab signal.
#[derive(Clone, Copy)]
pub struct Shown {
    lab: RwSignal<Lab>,
}

impl Shown {
    pub fn new(lab: RwSignal<Lab>) -> Shown {
        Shown { lab }
    }

    /// The lab this is a slice of.
    pub fn lab(&self) -> RwSignal<Lab> {
        self.lab
    }

    /// Reads the scenario, tracking it.
    pub fn with<R>(&self, f: impl FnOnce(&Scenario) -> R) -> R {
        self.lab.with(|l| f(l.shown_scenario()))
    }

    /// Reads the scenario without tracking it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Scenario) -> R) -> R {
        self.lab.with_untracked(|l| f(l.shown_scenario()))
    }

    pub fn get(&self) -> Scenario {
        self.with(Scenario::clone)
    }

    pub fn get_untracked(&self) -> Scenario {
        self.with_untracked(Scenario::clone)
    }

    /// Replaces the scenario (the other variants take its shared conditions).
    pub fn set(&self, scenario: Scenario) {
        self.lab.maybe_update(|l| {
            let changed = l.shown_scenario() != &scenario;
            if changed {
                l.set_shown(scenario);
            }
            changed
        });
    }

    /// Edits the scenario; nothing is notified when the edit changes nothing.
    pub fn update(&self, edit: impl FnOnce(&mut Scenario)) {
        let mut next = self.get_untracked();
        edit(&mut next);
        self.set(next);
    }
}
