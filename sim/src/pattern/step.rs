//! Pattern `step`: `steps` of `{at_s, users}`; each level holds from its `at_s` until the
//! next step (the first level also holds before its `at_s`).

use super::{check_points, first_after_sorted, Side, TimedList, TrafficConfig};
use crate::error::ScenarioError;

#[derive(Clone, Debug)]
pub struct Step {
    /// (at_s, users), sorted by time; validation makes it non-empty.
    steps: Vec<(f64, f64)>,
}

impl Step {
    pub fn new(c: &TrafficConfig) -> Step {
        Step { steps: c.steps.iter().map(|s| (s.at_s, s.users)).collect() }
    }

    pub fn users(&self, t: f64, side: Side) -> f64 {
        let started = |at: f64| if side == Side::Before { at < t } else { at <= t };
        let n = self.steps.partition_point(|(at, _)| started(*at));
        let level = if n == 0 { self.steps.first() } else { self.steps.get(n - 1) };
        level.map_or(0.0, |&(_, users)| users)
    }

    pub fn next_break(&self, t: f64) -> f64 {
        first_after_sorted(&self.steps, |s| s.0, t)
    }
}

/// The levels: 1 to 10000, in range, each after the previous.
pub fn validate(c: &TrafficConfig) -> Result<(), ScenarioError> {
    let list = TimedList {
        path: "traffic.steps",
        noun: "level",
        max: 10_000,
        needs: "the step pattern needs 1 to 10000 levels",
        part: |path, i, part| format!("{path}[{i}].{}", ["at_s", "users"][part]),
    };
    check_points(c.steps.iter().map(|s| (s.at_s, s.users)), list)
}
