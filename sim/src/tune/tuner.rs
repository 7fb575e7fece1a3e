//! The search as a machine: it hands out batches of settings to run and takes their
//! reports, so that a caller runs them anywhere (threads, web workers, a job runner) and
//! as slowly as it likes. The method is described in `tune`.

use super::search::Search;
use super::{setting, space, Param, Point, Space, Tuning};
use crate::engine::Engine;
use crate::error::ScenarioError;
use crate::report::Report;
use crate::rng::{Rng, Stream};
use crate::scenario::Scenario;

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
