//! The settings a search has tried: running new ones in batches, the Pareto front, the
//! cheapest that meets the objective, the closest when none does, and the exact runs that
//! confirm what the fluid engine found.

use super::{Point, CONFIRM_WORK};
use crate::engine::Engine;
use crate::error::ScenarioError;
use crate::report::Report;
use crate::scenario::Scenario;

/// Turns a point of the unit cube into the settings' values and their scenario (or why not).
pub(super) type Build<'a> = dyn Fn(&[f64]) -> (Vec<f64>, Result<Scenario, ScenarioError>) + 'a;

/// The settings tried so far, their scenarios and what was refused.
#[derive(Clone, Default)]
pub(super) struct Search {
    pub points: Vec<Point>,
    pub scenarios: Vec<Scenario>,
    pub refused: usize,
    /// The first refusal's reason.
    pub refusal: Option<String>,
    /// Values already tried (valid or not), so that no setting runs twice.
    pub seen: Vec<Vec<f64>>,
}

impl Search {
    /// The new, valid settings of `batch`, with their scenarios; the refused are counted.
    pub fn prepare(&mut self, batch: &[Vec<f64>], build: &Build) -> Vec<(Vec<f64>, Scenario)> {
        let mut todo = Vec::new();
        for u in batch {
            let (values, s) = build(u);
            if self.seen.contains(&values) {
                continue;
            }
            self.seen.push(values.clone());
            match s {
                Ok(s) => todo.push((values, s)),
                Err(e) => {
                    self.refused += 1;
                    self.refusal.get_or_insert_with(|| e.to_string());
                }
            }
        }
        todo
    }

    /// Keeps what the prepared settings' runs measured.
    pub fn record(&mut self, todo: Vec<(Vec<f64>, Scenario)>, reports: &[Report]) {
        for ((values, s), r) in todo.into_iter().zip(reports) {
            self.points.push(Point::of(values, r));
            self.scenarios.push(s);
        }
    }

    /// Indexes of the Pareto front, by cost.
    pub fn front(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.points.len()).collect();
        order.sort_by(|&a, &b| {
            let (p, q) = (&self.points[a], &self.points[b]);
            p.cost.total_cmp(&q.cost).then(p.violated_s.total_cmp(&q.violated_s)).then(a.cmp(&b))
        });
        let mut least = f64::INFINITY;
        order
            .into_iter()
            .filter(|&i| {
                let keep = self.points[i].violated_s < least;
                least = least.min(self.points[i].violated_s);
                keep
            })
            .collect()
    }

    pub fn best(&self) -> Option<usize> {
        (0..self.points.len())
            .filter(|&i| self.points[i].met)
            .min_by(|&a, &b| self.points[a].cost.total_cmp(&self.points[b].cost).then(a.cmp(&b)))
    }

    pub fn closest(&self) -> Option<usize> {
        (0..self.points.len()).min_by(|&a, &b| {
            let (p, q) = (&self.points[a], &self.points[b]);
            p.violated_s
                .total_cmp(&q.violated_s)
                .then(p.latency_ms.total_cmp(&q.latency_ms))
                .then(p.cost.total_cmp(&q.cost))
                .then(a.cmp(&b))
        })
    }

    /// The fluid engine's front and best, as exact runs where affordable: (index, scenario).
    pub fn to_confirm(&self) -> Vec<(usize, Scenario)> {
        let wanted: Vec<usize> =
            self.front().into_iter().chain(self.best()).filter(|&i| self.points[i].engine == Engine::Fluid).collect();
        wanted
            .into_iter()
            .filter_map(|i| {
                let mut s = self.scenarios[i].clone();
                s.engine = Engine::Exact;
                (s.work().total() <= CONFIRM_WORK).then_some((i, s))
            })
            .collect()
    }

    /// The confirming runs' figures replace the fluid engine's.
    pub fn confirmed(&mut self, runs: Vec<(usize, Scenario)>, reports: &[Report]) {
        for ((i, s), r) in runs.into_iter().zip(reports) {
            self.points[i] = Point::of(self.points[i].values.clone(), r);
            self.scenarios[i] = s;
        }
    }
}
