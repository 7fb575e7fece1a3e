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

use serde::Serialize;

use crate::engine::Engine;
use crate::error::ScenarioError;
use crate::report::Report;
use crate::rng::{Rng, Stream};
use crate::scenario::Scenario;
use search::Search;
pub use space::{Param, Space};

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
    /// The Pareto front (no other point is cheaper and violates less), by cost: indexes into `points`.
    pub front: Vec<usize>,
    /// The cheapest point that meets the objective, if any does.
    pub best: Option<usize>,
    /// If none does, the one with the least time in violation (then the cheapest).
    pub closest: Option<usize>,
    /// The scenario of `best` (or `closest`), for `--scenario`.
    pub chosen: Scenario,
}

/// Searches `space` around `base`. `eval` runs a batch of valid scenarios and returns their
/// reports in the same order; `progress` hears (runs done, budget) after each batch.
pub fn tune(
    base: &Scenario,
    space: &Space,
    eval: &dyn Fn(&[Scenario]) -> Vec<Report>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Tuning, ScenarioError> {
    base.validate()?;
    let value = serde_json::to_value(base).map_err(|e| ScenarioError::document(e.to_string()))?;
    let build = |u: &[f64]| -> (Vec<f64>, Result<Scenario, ScenarioError>) {
        let mut v = value.clone();
        let values: Vec<f64> =
            space.params.iter().zip(u).map(|(p, &x)| settle(p, p.lo + x.clamp(0.0, 1.0) * (p.hi - p.lo))).collect();
        for (p, &x) in space.params.iter().zip(&values) {
            space::write(&mut v, p, x);
        }
        // Initial servers follow min servers up, so that varying the minimum is possible.
        if let (Some(min), Some(init)) = (
            space::lookup(&v, "autoscaler.min_servers").cloned(),
            space::lookup(&v, "autoscaler.initial_servers").and_then(|x| x.as_u64()),
        ) {
            if min.as_u64().is_some_and(|m| m > init) {
                v["autoscaler"]["initial_servers"] = min;
            }
        }
        let s = Scenario::parse(&v.to_string()).and_then(|s| s.validate().map(|()| s));
        (values, s)
    };
    let own: Vec<f64> =
        space.params.iter().map(|p| space::lookup(&value, &p.path).and_then(|x| x.as_f64()).unwrap_or(p.lo)).collect();
    let baseline = Point::of(own, &eval(std::slice::from_ref(base))[0]);
    let mut search = Search { points: Vec::new(), scenarios: Vec::new(), refused: 0, seen: Vec::new() };
    let mut rng = Rng::new(space.seed, Stream::Tune);
    let d = space.params.len();
    let shift: Vec<f64> = (0..d).map(|_| rng.uniform()).collect();
    let budget = space.budget.saturating_sub(1);
    let start = if d == 0 { 0 } else { budget.div_ceil(2) };
    let mut tried = 0usize;
    let halton: Vec<Vec<f64>> = (1..=start)
        .map(|i| (0..d).map(|k| (radical_inverse(i as u64, PRIMES[k % PRIMES.len()]) + shift[k]).fract()).collect())
        .collect();
    tried += search.run(&halton, &build, eval);
    progress(tried + 1, space.budget);
    let mut radius = 0.15;
    let round = (budget / 8).max(4);
    let mut stale_rounds = 0;
    while d > 0 && tried < budget && stale_rounds < 8 {
        let size = round.min(budget - tried);
        // Around the front and the best so far; while nothing valid was found, anywhere.
        let parents: Vec<usize> = search.front().into_iter().chain(search.best()).collect();
        let mut batch: Vec<Vec<f64>> = if parents.is_empty() {
            (0..size).map(|_| (0..d).map(|_| rng.uniform()).collect()).collect()
        } else {
            (0..size)
                .map(|i| {
                    let parent = &search.points[parents[i % parents.len()]];
                    parent
                        .values
                        .iter()
                        .zip(&space.params)
                        .map(|(&x, p)| (unit_of(p, x) + radius * (2.0 * rng.uniform() - 1.0)).clamp(0.0, 1.0))
                        .collect()
                })
                .collect()
        };
        // The best's nearest neighbours along each setting (one step for a whole number,
        // the radius otherwise), so that "cheapest" is checked next to it, not only near.
        if let Some(best) = search.best() {
            let at: Vec<f64> = unit(&search.points[best].values, &space.params);
            for (k, p) in space.params.iter().enumerate() {
                let step = if p.integer && p.hi > p.lo { 1.0 / (p.hi - p.lo) } else { radius };
                for dir in [-1.0, 1.0] {
                    let mut u = at.clone();
                    u[k] = (u[k] + dir * step).clamp(0.0, 1.0);
                    batch.insert(0, u);
                }
            }
        }
        batch.truncate(budget - tried);
        let ran = search.run(&batch, &build, eval);
        stale_rounds = if ran == 0 { stale_rounds + 1 } else { 0 };
        tried += batch.len();
        radius = (radius / 2.0).max(0.01);
        progress((tried + 1).min(space.budget), space.budget);
    }
    search.confirm(eval);
    let front = search.front();
    let best = search.best();
    let closest = if best.is_some() { None } else { search.closest() };
    let chosen = best.or(closest).map_or_else(|| base.clone(), |i| search.scenarios[i].clone());
    Ok(Tuning {
        params: space.params.iter().map(|p| p.path.clone()).collect(),
        baseline,
        points: search.points,
        refused: search.refused,
        front,
        best,
        closest,
        chosen,
    })
}

/// Where `x` lies in the setting's range, from 0 to 1.
fn unit_of(p: &Param, x: f64) -> f64 {
    if p.hi > p.lo {
        (x - p.lo) / (p.hi - p.lo)
    } else {
        0.0
    }
}

/// A point's values in the unit cube.
fn unit(values: &[f64], params: &[Param]) -> Vec<f64> {
    values.iter().zip(params).map(|(&x, p)| unit_of(p, x)).collect()
}

/// A value as the setting takes it: whole where it is an integer.
fn settle(p: &Param, x: f64) -> f64 {
    if p.integer {
        x.round()
    } else {
        x
    }
}

const PRIMES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];

/// The van der Corput radical inverse of `i` in base `b`, in [0, 1).
fn radical_inverse(mut i: u64, b: u64) -> f64 {
    let (mut x, mut f) = (0.0, 1.0 / b as f64);
    while i > 0 {
        x += (i % b) as f64 * f;
        i /= b;
        f /= b as f64;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radical_inverse_fills_the_unit_interval() {
        assert_eq!(radical_inverse(1, 2), 0.5);
        assert_eq!(radical_inverse(2, 2), 0.25);
        assert_eq!(radical_inverse(3, 2), 0.75);
        assert!((radical_inverse(1, 3) - 1.0 / 3.0).abs() < 1e-12);
    }
}
