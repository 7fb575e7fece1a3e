//! Pattern `sine`: a daily (or any `period_s`) cycle between `base_users` at t = 0 and
//! `peak_users` half a period later.

use super::{Side, TrafficConfig};
use crate::error::{range, ScenarioError};

#[derive(Clone, Debug)]
pub struct Sine {
    base: f64,
    peak: f64,
    period_s: f64,
}

impl Sine {
    pub fn new(c: &TrafficConfig) -> Sine {
        Sine { base: c.base_users, peak: c.peak_users, period_s: c.period_s }
    }

    pub fn users(&self, t: f64, _side: Side) -> f64 {
        let phase = 2.0 * core::f64::consts::PI * t / self.period_s;
        self.base + (self.peak - self.base) * 0.5 * (1.0 - libm::cos(phase))
    }

    /// The next trough or crest: between them the curve is monotone.
    pub fn next_break(&self, t: f64) -> f64 {
        let half = self.period_s / 2.0;
        let next = ((t / half).floor() + 1.0) * half;
        // Rounding can land `next` on `t` itself; the break after it is half a period on.
        if next > t {
            next
        } else {
            next + half
        }
    }
}

/// The period.
pub fn validate(c: &TrafficConfig) -> Result<(), ScenarioError> {
    range("traffic.period_s", c.period_s, 1.0, 31_536_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_break_always_moves_on() {
        // A period whose half does not divide evenly in binary: k * half can round below t.
        let s = Sine { base: 0.0, peak: 1.0, period_s: 21.5 / 3.0 };
        let mut t = 0.0;
        for _ in 0..10_000 {
            let next = s.next_break(t);
            assert!(next > t, "stuck at {t}");
            t = next;
        }
    }
}
