//! Pattern `spike`: a flash crowd. `base_users`, except `peak_users` from `spike_at_s`
//! for `spike_len_s`.

use super::{first_after, Side, TrafficConfig};
use crate::error::{range, ScenarioError};

#[derive(Clone, Debug)]
pub struct Spike {
    base: f64,
    peak: f64,
    start: f64,
    end: f64,
}

impl Spike {
    pub fn new(c: &TrafficConfig) -> Spike {
        Spike { base: c.base_users, peak: c.peak_users, start: c.spike_at_s, end: c.spike_at_s + c.spike_len_s }
    }

    pub fn users(&self, t: f64, side: Side) -> f64 {
        let inside = match side {
            Side::Before => t > self.start && t <= self.end,
            Side::After => t >= self.start && t < self.end,
        };
        if inside {
            self.peak
        } else {
            self.base
        }
    }

    pub fn next_break(&self, t: f64) -> f64 {
        first_after([self.start, self.end], t)
    }
}

/// The spike's start and length.
pub fn validate(c: &TrafficConfig) -> Result<(), ScenarioError> {
    range("traffic.spike_at_s", c.spike_at_s, 0.0, 31_536_000.0)?;
    range("traffic.spike_len_s", c.spike_len_s, 0.0, 31_536_000.0)
}
