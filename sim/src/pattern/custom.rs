//! Pattern `custom`: `points` of `[t_s, users]` joined by straight lines; the first value
//! holds before the first point and the last after the last.

use super::{check_points, first_after_sorted, Side, TimedList, TrafficConfig};
use crate::error::ScenarioError;

#[derive(Clone, Debug)]
pub struct Custom {
    /// Sorted by time; validation makes it non-empty.
    points: Vec<[f64; 2]>,
}

impl Custom {
    pub fn new(c: &TrafficConfig) -> Custom {
        Custom { points: c.points.clone() }
    }

    pub fn users(&self, t: f64, _side: Side) -> f64 {
        let p = &self.points;
        let i = p.partition_point(|q| q[0] <= t);
        if i == p.len() {
            return p.last().map_or(0.0, |q| q[1]);
        }
        if i == 0 {
            return p[0][1];
        }
        let ([t0, u0], [t1, u1]) = (p[i - 1], p[i]);
        u0 + (u1 - u0) * (t - t0) / (t1 - t0)
    }

    pub fn next_break(&self, t: f64) -> f64 {
        first_after_sorted(&self.points, |q| q[0], t)
    }
}

/// The points: 1 to 100000, in range, each after the previous.
pub fn validate(c: &TrafficConfig) -> Result<(), ScenarioError> {
    let list = TimedList {
        path: "traffic.points",
        noun: "point",
        max: 100_000,
        needs: "the custom pattern needs 1 to 100000 points [t_s, users]",
        part: |path, i, part| format!("{path}[{i}][{part}]"),
    };
    check_points(c.points.iter().map(|p| (p[0], p[1])), list)
}
