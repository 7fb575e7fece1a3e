//! Pattern `three_phase`, the seed's: ramp base -> peak over the first 30 % of the run,
//! hold the peak to 70 %, ramp back to base over the last 30 %.

use super::TrafficConfig;
use super::{first_after, Side};

#[derive(Clone, Debug)]
pub struct ThreePhase {
    base: f64,
    peak: f64,
    duration_s: f64,
}

impl ThreePhase {
    pub fn new(c: &TrafficConfig, duration_s: f64) -> ThreePhase {
        ThreePhase { base: c.base_users, peak: c.peak_users, duration_s }
    }

    pub fn users(&self, t: f64, _side: Side) -> f64 {
        let ramp = 0.3 * self.duration_s;
        if t < ramp {
            self.base + (self.peak - self.base) * (t / ramp)
        } else if t <= self.duration_s - ramp {
            self.peak
        } else {
            self.peak + (self.base - self.peak) * ((t - (self.duration_s - ramp)) / ramp)
        }
    }

    pub fn next_break(&self, t: f64) -> f64 {
        first_after([0.3 * self.duration_s, 0.7 * self.duration_s], t)
    }
}
