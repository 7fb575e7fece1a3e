//! The extreme of the values seen within a sliding time window, in O(1) amortised per
//! value: a monotonic deque (values that can never be the extreme again are dropped as
//! soon as a better one arrives). Policies' stabilisation windows use it instead of
//! scanning every recommendation of the window at each decision.

use std::collections::VecDeque;

/// Which extreme a window keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Extreme {
    Min,
    Max,
}

/// The min or max of the values added at times within the window.
#[derive(Clone, Debug)]
pub struct Window {
    extreme: Extreme,
    /// (time [s], value): times increasing, values strictly improving toward the back's
    /// rivals being dropped, so the front is the extreme.
    entries: VecDeque<(f64, u32)>,
}

impl Window {
    pub fn new(extreme: Extreme) -> Window {
        Window { extreme, entries: VecDeque::new() }
    }

    /// Forgets the values added at or before `until` [s].
    pub fn expire(&mut self, until: f64) {
        while self.entries.front().is_some_and(|&(at, _)| at <= until) {
            self.entries.pop_front();
        }
    }

    /// Adds `value` at time `t` [s] (times never decrease).
    pub fn push(&mut self, t: f64, value: u32) {
        let beaten = |old: u32| match self.extreme {
            Extreme::Min => old >= value,
            Extreme::Max => old <= value,
        };
        while self.entries.back().is_some_and(|&(_, old)| beaten(old)) {
            self.entries.pop_back();
        }
        self.entries.push_back((t, value));
    }

    /// The extreme of the values kept, if any.
    pub fn extreme(&self) -> Option<u32> {
        self.entries.front().map(|&(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_a_scan_of_the_window() {
        let mut rng = crate::rng::Rng::new(3, crate::rng::Stream::Arrivals);
        for extreme in [Extreme::Min, Extreme::Max] {
            let mut w = Window::new(extreme);
            let mut all: Vec<(f64, u32)> = Vec::new();
            for k in 0..2000 {
                let t = k as f64 * 0.5;
                let v = rng.below(50) as u32;
                w.expire(t - 30.0);
                w.push(t, v);
                all.push((t, v));
                let kept = all.iter().filter(|&&(at, _)| at > t - 30.0).map(|&(_, v)| v);
                let want = match extreme {
                    Extreme::Min => kept.min(),
                    Extreme::Max => kept.max(),
                };
                assert_eq!(w.extreme(), want, "at {t}");
            }
        }
    }
}
