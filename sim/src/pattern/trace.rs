//! Pattern `trace`: users from a replayed trace, its rate divided by `msg_rate`.
//!
//! A request trace's rate is its count per `BIN_S` of simulated time (after `time_scale`);
//! a rate series' rate holds from each row until the next, and the last until the run's
//! end. Both are times `rate_scale`. Before the first row there is no traffic.

use super::{first_after_sorted, Side, TrafficConfig};
use crate::error::{range, ScenarioError};
use crate::trace::Trace;

/// Width of the bins a request trace's rate is counted in [s of simulated time].
pub const BIN_S: f64 = 10.0;

#[derive(Clone, Debug)]
pub struct TraceShape {
    /// (from_s, users), sorted by time; users hold until the next entry.
    levels: Vec<(f64, f64)>,
}

impl TraceShape {
    /// The replay over a run of `duration_s`: requests after the run's end are not binned,
    /// so the bins never outnumber the run's length (a trace's last time may be huge).
    pub fn new(c: &TrafficConfig, duration_s: f64) -> TraceShape {
        let per_request = if c.msg_rate > 0.0 { c.rate_scale / c.msg_rate } else { 0.0 };
        let levels = match c.trace.as_deref() {
            None => Vec::new(),
            Some(Trace::Rates(points)) => {
                points.iter().map(|&[t, rps]| (t * c.time_scale, rps * per_request)).collect()
            }
            Some(Trace::Requests(times)) => {
                // Up to the bin that holds the run's end, counted whole.
                let end = times.last().map_or(0.0, |&last| (last * c.time_scale).min(duration_s));
                let bins = (end / BIN_S) as usize + 1;
                let mut counts = vec![0u32; bins];
                for &t in times {
                    match counts.get_mut((t * c.time_scale / BIN_S) as usize) {
                        Some(n) => *n += 1,
                        None => break,
                    }
                }
                let mut levels: Vec<(f64, f64)> = counts
                    .iter()
                    .enumerate()
                    .map(|(i, &n)| (i as f64 * BIN_S, n as f64 / BIN_S * per_request))
                    .collect();
                levels.push((bins as f64 * BIN_S, 0.0));
                levels
            }
        };
        TraceShape { levels }
    }

    pub fn users(&self, t: f64, side: Side) -> f64 {
        let started = |at: f64| if side == Side::Before { at < t } else { at <= t };
        // Levels are sorted: find the last one that has started.
        let n = self.levels.partition_point(|&(at, _)| started(at));
        if n == 0 {
            0.0
        } else {
            self.levels[n - 1].1
        }
    }

    pub fn next_break(&self, t: f64) -> f64 {
        first_after_sorted(&self.levels, |l| l.0, t)
    }

    /// The most users of the trace within a run of `duration_s` [users].
    pub fn max_users(c: &TrafficConfig, duration_s: f64) -> f64 {
        TraceShape::new(c, duration_s).levels.iter().map(|l| l.1).fold(0.0, f64::max)
    }
}

/// The replay's rates and scales (whether the rows are loaded is the scenario's check).
pub fn validate(c: &TrafficConfig) -> Result<(), ScenarioError> {
    range("traffic.msg_rate", c.msg_rate, 1e-6, 10_000.0)?;
    range("traffic.time_scale", c.time_scale, 0.001, 1000.0)?;
    range("traffic.rate_scale", c.rate_scale, 0.0, 1000.0)
}
