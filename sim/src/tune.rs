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

/// What the batch in flight is for.
enum Pending {
    None,
    Baseline,
    Points(Vec<(Vec<f64>, Scenario)>),
    Confirm(Vec<(usize, Scenario)>),
}

/// A search as a machine that hands out batches and takes their reports, so that a caller
/// can run them anywhere (threads, web workers) and as slowly as it likes: `next_batch`,
/// run it, `feed` the reports in the batch's order, until `next_batch` says None.
pub struct Tuner {
    base: Scenario,
    value: serde_json::Value,
    space: Space,
    rng: Rng,
    shift: Vec<f64>,
    search: Search,
    baseline: Option<Point>,
    pending: Pending,
    /// Settings asked for so far (run, refused or already seen), within the budget.
    tried: usize,
    /// Estimated engine work of the runs handed out.
    spent: f64,
    started: bool,
    radius: f64,
    stale_rounds: usize,
    confirm_rounds: usize,
}

impl Tuner {
    pub fn new(base: &Scenario, space: &Space) -> Result<Tuner, ScenarioError> {
        base.validate()?;
        let value = serde_json::to_value(base).map_err(|e| ScenarioError::document(e.to_string()))?;
        let mut rng = Rng::new(space.seed, Stream::Tune);
        let shift = (0..space.params.len()).map(|_| rng.uniform()).collect();
        Ok(Tuner {
            base: base.clone(),
            value,
            space: space.clone(),
            rng,
            shift,
            search: Search::default(),
            baseline: None,
            pending: Pending::None,
            tried: 0,
            spent: 0.0,
            started: false,
            radius: 0.15,
            stale_rounds: 0,
            confirm_rounds: 0,
        })
    }

    /// Runs done so far and the budget.
    pub fn progress(&self) -> (usize, usize) {
        let done = self.search.points.len() + usize::from(self.baseline.is_some());
        (done.min(self.space.budget), self.space.budget)
    }

    /// The point of the unit cube `u` as the settings' values and their scenario.
    fn build(&self, u: &[f64]) -> (Vec<f64>, Result<Scenario, ScenarioError>) {
        let params = &self.space.params;
        let values: Vec<f64> =
            params.iter().zip(u).map(|(p, &x)| settle(p, p.lo + x.clamp(0.0, 1.0) * (p.hi - p.lo))).collect();
        let s = setting(&self.value, &self.base, params, &values);
        (values, s)
    }

    /// The next batch of scenarios to run, or None when the search is over.
    pub fn next_batch(&mut self) -> Option<Vec<Scenario>> {
        if self.baseline.is_none() {
            self.pending = Pending::Baseline;
            self.spent += self.base.work().total();
            return Some(vec![self.base.clone()]);
        }
        let limit = self.space.work.unwrap_or(f64::INFINITY);
        let d = self.space.params.len();
        let budget = self.space.budget.saturating_sub(1);
        while d > 0 && self.tried < budget && self.stale_rounds < 8 && self.spent < limit {
            let batch = self.candidates(budget);
            self.tried += batch.len();
            let mut search = std::mem::take(&mut self.search);
            let mut todo = search.prepare(&batch, &|u: &[f64]| self.build(u));
            self.search = search;
            // Within the work budget: the batch is cut where the next run would exceed it.
            let fits = todo.iter().take_while(|(_, s)| {
                let w = s.work().total();
                let ok = self.spent + w <= limit;
                if ok {
                    self.spent += w;
                }
                ok
            });
            let n = fits.count();
            if n < todo.len() {
                todo.truncate(n);
                self.tried = budget;
            }
            if todo.is_empty() {
                self.stale_rounds += 1;
                continue;
            }
            self.stale_rounds = 0;
            let scenarios = todo.iter().map(|(_, s)| s.clone()).collect();
            self.pending = Pending::Points(todo);
            return Some(scenarios);
        }
        if self.confirm_rounds < 4 {
            self.confirm_rounds += 1;
            let mut runs = self.search.to_confirm();
            runs.retain(|(_, s)| {
                let w = s.work().total();
                let ok = self.spent + w <= limit;
                if ok {
                    self.spent += w;
                }
                ok
            });
            if !runs.is_empty() {
                let scenarios = runs.iter().map(|(_, s)| s.clone()).collect();
                self.pending = Pending::Confirm(runs);
                return Some(scenarios);
            }
            self.confirm_rounds = 4;
        }
        None
    }

    /// The next points of the unit cube to try: the Halton start, then a refinement round.
    fn candidates(&mut self, budget: usize) -> Vec<Vec<f64>> {
        let d = self.space.params.len();
        if !self.started {
            self.started = true;
            let shift = &self.shift;
            return (1..=budget.div_ceil(2))
                .map(|i| {
                    (0..d).map(|k| (radical_inverse(i as u64, PRIMES[k % PRIMES.len()]) + shift[k]).fract()).collect()
                })
                .collect();
        }
        let size = ((budget / 8).max(4)).min(budget - self.tried);
        let radius = self.radius;
        self.radius = (radius / 2.0).max(0.01);
        let params = &self.space.params;
        // Around the front and the best so far; while nothing valid was found, anywhere.
        let parents: Vec<usize> = self.search.front().into_iter().chain(self.search.best()).collect();
        let rng = &mut self.rng;
        let mut batch: Vec<Vec<f64>> = if parents.is_empty() {
            (0..size).map(|_| (0..d).map(|_| rng.uniform()).collect()).collect()
        } else {
            (0..size)
                .map(|i| {
                    let parent = &self.search.points[parents[i % parents.len()]];
                    let moved = |(&x, p): (&f64, &Param)| {
                        (unit_of(p, x) + radius * (2.0 * rng.uniform() - 1.0)).clamp(0.0, 1.0)
                    };
                    parent.values.iter().zip(params).map(moved).collect()
                })
                .collect()
        };
        // The best's nearest neighbours along each setting (one step for a whole number,
        // the radius otherwise), so that "cheapest" is checked next to it, not only near.
        if let Some(best) = self.search.best() {
            let at: Vec<f64> = unit(&self.search.points[best].values, params);
            for (k, p) in params.iter().enumerate() {
                let step = if p.integer && p.hi > p.lo { 1.0 / (p.hi - p.lo) } else { radius };
                for dir in [-1.0, 1.0] {
                    let mut u = at.clone();
                    u[k] = (u[k] + dir * step).clamp(0.0, 1.0);
                    batch.insert(0, u);
                }
            }
        }
        batch.truncate(budget - self.tried);
        batch
    }

    /// The reports of the batch `next_batch` gave, in its order.
    pub fn feed(&mut self, reports: &[Report]) {
        match std::mem::replace(&mut self.pending, Pending::None) {
            Pending::Baseline => {
                let own: Vec<f64> = self
                    .space
                    .params
                    .iter()
                    .map(|p| space::lookup(&self.value, &p.path).and_then(|x| x.as_f64()).unwrap_or(p.lo))
                    .collect();
                if let Some(r) = reports.first() {
                    self.baseline = Some(Point::of(own, r));
                }
            }
            Pending::Points(todo) => self.search.record(todo, reports),
            Pending::Confirm(runs) => self.search.confirmed(runs, reports),
            Pending::None => {}
        }
    }

    /// What the search found (so far, if it is not over).
    pub fn finish(self) -> Tuning {
        self.snapshot()
    }

    /// What the search has found so far (the page draws the front filling in).
    pub fn snapshot(&self) -> Tuning {
        let search = self.search.clone();
        let front = search.front();
        let best = search.best();
        let closest = if best.is_some() { None } else { search.closest() };
        let chosen = best.or(closest).map_or_else(|| self.base.clone(), |i| search.scenarios[i].clone());
        let empty =
            Point { values: vec![], cost: 0.0, violated_s: 0.0, latency_ms: 0.0, met: false, engine: Engine::Exact };
        Tuning {
            params: self.space.params.iter().map(|p| p.path.clone()).collect(),
            baseline: self.baseline.clone().unwrap_or(empty),
            points: search.points,
            refused: search.refused,
            work_spent: self.spent,
            refusal: search.refusal,
            front,
            best,
            closest,
            chosen,
            scenarios: search.scenarios,
        }
    }
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
