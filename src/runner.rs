//! Runs the core for the page: the shown variant's report, every variant's in compare
//! mode, the scenario's validation and the size gate. Pure derivations of the lab state:
//! no memo here writes a signal.

use std::sync::Arc;

use autoscale_sim::{run, Report, Scenario, ScenarioError};
use leptos::prelude::*;

use crate::compare_view::Run;
use crate::lab::Lab;

/// Runs costing more than this (the core's work estimate, in message-equivalents: about
/// 0.4 s in the page) wait for the Run button instead of running on every change.
pub const AUTO_RUN_LIMIT: f64 = 3_000_000.0;

/// A run's report, shared without copying; equal only to itself, so signals notice every run.
#[derive(Clone, Debug)]
pub struct Shared(pub Arc<Report>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// A finished run and how long the core took [ms].
#[derive(Clone, Debug, PartialEq)]
struct Timed {
    report: Shared,
    elapsed_ms: f64,
}

/// What the page shows of the runs.
#[derive(Clone, Copy)]
pub struct Runner {
    /// The latest valid scenario's report; an invalid or waiting scenario keeps the last one.
    pub report: Memo<Shared>,
    /// How long the core took for `report` [ms].
    pub elapsed_ms: Memo<f64>,
    /// Comparing: every variant's run (empty otherwise).
    pub runs: Memo<Vec<Run>>,
    /// Why the shown scenario cannot run, naming its field.
    pub error: Memo<Option<ScenarioError>>,
    /// The shown scenario is above `AUTO_RUN_LIMIT` and not yet approved.
    pub too_large: Memo<bool>,
    /// The large scenario the person approved with "Run it".
    pub approved: RwSignal<Option<Scenario>>,
}

impl Runner {
    pub fn new(lab: RwSignal<Lab>) -> Runner {
        // Only a change of the shown scenario reruns it (not a rename or a tab switch to an
        // equal scenario).
        let scenario = Memo::new(move |_| lab.with(|l| l.shown_scenario().clone()));
        let approved = RwSignal::new(None::<Scenario>);
        let error = Memo::new(move |_| scenario.with(|s| s.validate().err()));
        let too_large = Memo::new(move |_| {
            scenario.with(|s| s.work().total() > AUTO_RUN_LIMIT && approved.with(|a| a.as_ref() != Some(s)))
        });
        let timed = Memo::new(move |prev: Option<&Timed>| {
            let runnable = error.with(Option::is_none) && !too_large.get();
            match prev {
                Some(p) if !runnable => p.clone(),
                _ => {
                    let start = js_sys::Date::now();
                    let r = if runnable { scenario.with(run) } else { run(&Scenario::default()) };
                    Timed { report: Shared(Arc::new(r)), elapsed_ms: js_sys::Date::now() - start }
                }
            }
        });
        let report = Memo::new(move |_| timed.with(|t| t.report.clone()));
        let elapsed_ms = Memo::new(move |_| timed.with(|t| t.elapsed_ms));
        // A variant whose scenario has a report already (the shown one's, or its own from
        // before) is not run again.
        let runs = Memo::new(move |prev: Option<&Vec<Run>>| {
            if !lab.with(Lab::comparing) {
                return Vec::new();
            }
            if too_large.get() {
                return prev.cloned().unwrap_or_default();
            }
            let main = report.get();
            let variants = lab.with(|l| l.variants.clone());
            variants
                .into_iter()
                .map(|v| {
                    let kept = std::iter::once(&main)
                        .chain(prev.into_iter().flatten().filter_map(|r| r.report.as_ref().ok()))
                        .find(|r| r.0.scenario == v.scenario)
                        .cloned();
                    let report = kept.map_or_else(
                        || {
                            v.scenario
                                .validate()
                                .map(|()| Shared(Arc::new(run(&v.scenario))))
                                .map_err(|e| e.to_string())
                        },
                        Ok,
                    );
                    Run { name: v.name, report }
                })
                .collect()
        });
        Runner { report, elapsed_ms, runs, error, too_large, approved }
    }
}
