//! Time averages of a reading over sliding windows ending now, as the KPA's stable and
//! panic windows need: O(log n) per mean over the n intervals within the longest window.

use std::collections::VecDeque;

/// Readings that each held over an interval, kept as a running integral.
#[derive(Clone, Debug)]
pub struct Averages {
    /// The longest window asked for [s]: older intervals are forgotten.
    longest_s: f64,
    /// (end of an interval [s], integral of the reading from the start up to it [x s]);
    /// the first entry is where the kept history starts.
    points: VecDeque<(f64, f64)>,
}

impl Averages {
    pub fn new(longest_s: f64) -> Averages {
        Averages { longest_s, points: VecDeque::from([(0.0, 0.0)]) }
    }

    /// The reading `value` held from the previous call's time (or 0) up to `t` [s].
    pub fn add(&mut self, t: f64, value: f64) {
        let &(last_t, last_sum) = self.points.back().expect("never empty");
        if t <= last_t {
            return;
        }
        self.points.push_back((t, last_sum + value * (t - last_t)));
        // Keep one point at or before the longest window's start, to interpolate from.
        while self.points.len() > 2 && self.points[1].0 <= t - self.longest_s {
            self.points.pop_front();
        }
    }

    /// The time average over (t - window, t], or over the history since the start when it
    /// is shorter (`t` is the latest `add`'s time).
    pub fn mean(&self, t: f64, window_s: f64) -> f64 {
        let &(first_t, _) = self.points.front().expect("never empty");
        let from = (t - window_s).max(first_t);
        let &(end, total) = self.points.back().expect("never empty");
        if end <= from {
            return 0.0;
        }
        (total - self.integral_at(from)) / (end - from)
    }

    /// The integral up to `at` [s], interpolated within the interval holding it.
    fn integral_at(&self, at: f64) -> f64 {
        let i = self.points.partition_point(|&(end, _)| end < at);
        if i == 0 {
            return self.points[0].1;
        }
        let (t0, s0) = self.points[i - 1];
        let (t1, s1) = self.points[i.min(self.points.len() - 1)];
        if t1 <= t0 {
            return s0;
        }
        s0 + (s1 - s0) * (at - t0) / (t1 - t0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_over_windows_and_partial_intervals() {
        let mut a = Averages::new(60.0);
        for k in 1..=100 {
            // 10 for t in (0, 50], 30 after.
            a.add(k as f64, if k <= 50 { 10.0 } else { 30.0 });
        }
        assert!((a.mean(100.0, 60.0) - (10.0 * 10.0 + 30.0 * 50.0) / 60.0).abs() < 1e-9);
        assert!((a.mean(100.0, 6.0) - 30.0).abs() < 1e-9);
        // Half an interval.
        assert!((a.mean(100.0, 50.5) - (10.0 * 0.5 + 30.0 * 50.0) / 50.5).abs() < 1e-9);
        let mut short = Averages::new(60.0);
        short.add(2.0, 8.0);
        assert_eq!(short.mean(2.0, 60.0), 8.0, "a history shorter than the window averages what there is");
        assert_eq!(short.mean(2.0, 1.0), 8.0, "a window inside one interval reads that interval");
    }
}
