//! Tune: the cheapest settings that meet the objective, and the trade-off between cost and
//! time in violation over every setting tried.
//!
//! The method, for a few (1-6) numeric settings, each run costly and noisy-free (seeded):
//! half the budget on a shifted Halton sequence (quasi-random, so the space is covered
//! evenly and reproducibly, without a model that could be wrong for a step-shaped verdict),
//! then rounds of local refinement around the current Pareto front (cost against time in
//! violation) and the cheapest setting that meets the objective, the radius halving each
//! round. Runs come in batches through `eval`, so the command line spreads them over its
//! cores and the page over its workers; the order of results never depends on which
//! finished first. A setting found by the fluid engine is confirmed by an exact run where
//! that run is affordable (`CONFIRM_WORK`), and its figures are then the exact run's.

mod search;
pub mod space;
pub mod table;
mod tuner;

use serde::Serialize;

use crate::engine::Engine;
use crate::error::ScenarioError;
use crate::report::Report;
use crate::scenario::Scenario;
pub use space::{Param, Space};
pub use tuner::Tuner;

/// Most work an exact confirmation run may cost [message-equivalents]: about 7 s natively.
pub const CONFIRM_WORK: f64 = 1e8;

/// One setting tried and how its run measured.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// The space's settings, in its order (whole numbers where the setting is).
    pub values: Vec<f64>,
    /// Cost of the run [$].
    pub cost: f64,
    /// Time the run's intervals broke the objective [s].
    pub violated_s: f64,
    /// The objective's percentile over the run [ms].
    pub latency_ms: f64,
    /// Whether the run met the objective.
    pub met: bool,
    /// The engine whose run these figures are.
    pub engine: Engine,
}

impl Point {
    pub(crate) fn of(values: Vec<f64>, r: &Report) -> Point {
        let v = &r.summary.objective;
        Point {
            values,
            cost: r.summary.cost,
            violated_s: v.violated_s,
            latency_ms: v.latency_ms,
            met: v.met,
            engine: r.summary.engine,
        }
    }
}

/// What a search found.
#[derive(Clone, Debug, Serialize)]
pub struct Tuning {
    /// The settings that varied.
    pub params: Vec<String>,
    /// The scenario's own setting, run first.
    pub baseline: Point,
    /// Every valid setting tried, in the order tried.
    pub points: Vec<Point>,
    /// Settings the scenario's checks refused (say scale-down above scale-up).
    pub refused: usize,
    /// Engine work the runs cost [message-equivalents, estimated].
    pub work_spent: f64,
    /// The first refusal's reason.
    pub refusal: Option<String>,
    /// The Pareto front (no other point is cheaper and violates less), by cost: indexes into `points`.
    pub front: Vec<usize>,
    /// The cheapest point that meets the objective, if any does.
    pub best: Option<usize>,
    /// If none does, the one with the least time in violation (then the cheapest).
    pub closest: Option<usize>,
    /// The scenario of `best` (or `closest`), for `--scenario`.
    pub chosen: Scenario,
    /// Every point's scenario (not printed).
    #[serde(skip)]
    pub scenarios: Vec<Scenario>,
}

impl Tuning {
    /// The scenario of point `i`.
    pub fn scenario_of(&self, i: usize) -> Option<Scenario> {
        self.scenarios.get(i).cloned()
    }
}

/// Searches `space` around `base`. `eval` runs a batch of valid scenarios and returns their
/// reports in the same order; `progress` hears (runs done, budget) after each batch.
pub fn tune(
    base: &Scenario,
    space: &Space,
    eval: &dyn Fn(&[Scenario]) -> Vec<Report>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Tuning, ScenarioError> {
    let mut tuner = Tuner::new(base, space)?;
    while let Some(batch) = tuner.next_batch() {
        tuner.feed(&eval(&batch));
        let (done, of) = tuner.progress();
        progress(done, of);
    }
    Ok(tuner.finish())
}

/// `base` (whose JSON is `value`) with `values` written at the settings' paths, checked.
/// Initial servers follow min servers up, so that varying the minimum is possible; a
/// trace's rows never travel in JSON, so the setting replays the base's.
fn setting(
    value: &serde_json::Value,
    base: &Scenario,
    params: &[Param],
    values: &[f64],
) -> Result<Scenario, ScenarioError> {
    let mut v = value.clone();
    for (p, &x) in params.iter().zip(values) {
        space::write(&mut v, p, x);
    }
    if let (Some(min), Some(init)) = (
        space::lookup(&v, "autoscaler.min_servers").cloned(),
        space::lookup(&v, "autoscaler.initial_servers").and_then(|x| x.as_u64()),
    ) {
        if min.as_u64().is_some_and(|m| m > init) {
            v["autoscaler"]["initial_servers"] = min;
        }
    }
    Scenario::parse(&v.to_string()).and_then(|mut s| {
        s.traffic.trace = base.traffic.trace.clone();
        s.validate().map(|()| s)
    })
}

/// What a search found, as plain data small enough for a link: the settings that varied
/// and the values of the front's settings (by cost), and which of them is the best.
#[derive(Clone, Debug, PartialEq, Serialize, serde::Deserialize)]
pub struct Found {
    pub params: Vec<String>,
    pub front: Vec<Vec<f64>>,
    pub best: Option<usize>,
}

impl Tuning {
    /// The front's settings and the best among them.
    pub fn found(&self) -> Found {
        let front: Vec<Vec<f64>> = self.front.iter().map(|&i| self.points[i].values.clone()).collect();
        let best = self.best.and_then(|b| self.front.iter().position(|&i| i == b));
        Found { params: self.params.clone(), front, best }
    }
}

/// `base` with a found setting applied: `values` at the paths `params` name.
pub fn apply(base: &Scenario, params: &[String], values: &[f64]) -> Result<Scenario, ScenarioError> {
    let value = serde_json::to_value(base).map_err(|e| ScenarioError::document(e.to_string()))?;
    if params.len() != values.len() {
        return Err(ScenarioError::document("a found setting needs one value per setting"));
    }
    let params: Vec<Param> =
        params.iter().zip(values).map(|(path, &x)| space::param(&value, path, x, x, path)).collect::<Result<_, _>>()?;
    setting(&value, base, &params, values)
}
