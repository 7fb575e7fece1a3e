//! Policy `weighted_score`: the multi-metric decision of seed 002.
//!
//! Each interval five scores in [-1, 1], positive asking for more servers: utilisation
//! (above 70 %: (u - 70) / 30; below 30 %: (u - 30) / 30), memory (modelled as connected
//! users per ready server over `memory_users`; above 80 %: (m - 80) / 20; below 40 %:
//! (m - 40) / 40), response time (p95; above `latency_high_ms` h: (r - h) / 1.5h; below
//! `latency_low_ms` l: (r - l) / l), queue per server (above `queue_high` q: q / 2q_high,
//! below `queue_low`: (q - low) / low) and trend (tanh(slope / 10) of a least-squares line
//! through the last 10 utilisation readings [% per interval]). The weighted sum acts when
//! it leaves +-`score_threshold`: out by max(1, floor(current x min(score, 1) x 0.5)), in
//! by max(1, floor(current x |score| x 0.3)), then a cooldown of `cooldown_s`.

use std::collections::VecDeque;

use crate::autoscaler::{Decision, Observation};
use crate::scenario::AutoscalerConfig;

/// Utilisation readings the trend is fitted to.
const TREND_SAMPLES: usize = 10;

#[derive(Clone, Debug)]
pub struct WeightedScore {
    config: AutoscalerConfig,
    /// Last utilisation readings [%].
    history: VecDeque<f64>,
    last_action_s: Option<f64>,
}

/// `(x - edge) / span`, limited to [-1, 1].
fn score(x: f64, edge: f64, span: f64) -> f64 {
    ((x - edge) / span).clamp(-1.0, 1.0)
}

/// Seed 002's banded score: positive above `high`, negative below `low`, 0 between.
fn banded(x: f64, low: f64, high: f64, high_span: f64, low_span: f64) -> f64 {
    if x > high {
        score(x, high, high_span)
    } else if x < low {
        score(x, low, low_span)
    } else {
        0.0
    }
}

/// Slope of the least-squares line through `ys` at x = 0, 1, 2...
fn slope(ys: &VecDeque<f64>) -> f64 {
    let n = ys.len() as f64;
    let mean_x = (n - 1.0) / 2.0;
    let mean_y = ys.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, y) in ys.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (y - mean_y);
        sxx += dx * dx;
    }
    if sxx > 0.0 {
        sxy / sxx
    } else {
        0.0
    }
}

impl WeightedScore {
    pub fn new(c: &AutoscalerConfig) -> WeightedScore {
        WeightedScore { config: c.clone(), history: VecDeque::new(), last_action_s: None }
    }

    /// The five scores: utilisation, memory, response time, queue, trend.
    pub fn scores(&mut self, obs: &Observation) -> [f64; 5] {
        let c = &self.config;
        let ready = obs.ready.max(1) as f64;
        let util = obs.utilization * 100.0;
        self.history.push_back(util);
        if self.history.len() > TREND_SAMPLES {
            self.history.pop_front();
        }
        let memory = obs.users / ready / c.memory_users * 100.0;
        let queue = obs.queue / ready;
        let (lo, hi) = (c.latency_low_ms, c.latency_high_ms);
        let queue_score = if queue > c.queue_high {
            (queue / (2.0 * c.queue_high)).min(1.0)
        } else if queue < c.queue_low {
            score(queue, c.queue_low, c.queue_low)
        } else {
            0.0
        };
        let trend = if self.history.len() == TREND_SAMPLES { libm::tanh(slope(&self.history) / 10.0) } else { 0.0 };
        [
            banded(util, 30.0, 70.0, 30.0, 30.0),
            banded(memory, 40.0, 80.0, 20.0, 40.0),
            banded(obs.p95_ms, lo, hi, 1.5 * hi, lo),
            queue_score,
            trend,
        ]
    }

    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        let s = self.scores(obs);
        let c = &self.config;
        let w = &c.weights;
        let parts = [w.utilization, w.memory, w.response_time, w.queue, w.trend];
        let total: f64 = s.iter().zip(parts).map(|(s, w)| s * w).sum();
        if self.last_action_s.is_some_and(|last| obs.t - last < c.cooldown_s) {
            return None;
        }
        let current = obs.current();
        let to = if total > c.score_threshold {
            let add = ((current as f64 * total.min(1.0) * 0.5).floor() as u32).max(1);
            (current + add).min(c.max_servers)
        } else if total < -c.score_threshold {
            let remove = ((current as f64 * total.max(-1.0).abs() * 0.3).floor() as u32).max(1);
            current.saturating_sub(remove).max(c.min_servers)
        } else {
            return None;
        };
        if to == current {
            return None;
        }
        self.last_action_s = Some(obs.t);
        let reason = format!(
            "score {total:+.2} {} {}{} (utilization {:+.2}, memory {:+.2}, p95 {:+.2}, queue {:+.2}, trend {:+.2})",
            if total > 0.0 { ">" } else { "<" },
            if total > 0.0 { "" } else { "-" },
            c.score_threshold,
            s[0],
            s[1],
            s[2],
            s[3],
            s[4]
        );
        Some(Decision { to, reason })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obs(t: f64, util: f64, users: f64, p95: f64, queue: f64, ready: u32) -> Observation {
        Observation { t, utilization: util, users, p95_ms: p95, queue, ready, ..Observation::default() }
    }

    #[test]
    fn seed_scores() {
        let mut p = WeightedScore::new(&AutoscalerConfig::default());
        // 85 % busy, 45 users per server (90 % of 50), p95 500 ms, 4.8 queued per server.
        let s = p.scores(&obs(1.0, 0.85, 90.0, 500.0, 9.6, 2));
        assert_eq!(s[0], 0.5);
        assert!((s[1] - 0.5).abs() < 1e-12);
        assert!((s[2] - 1.0).abs() < 1e-12, "(500 - 200) / 300");
        assert_eq!(s[3], 0.0);
        assert_eq!(s[4], 0.0, "no trend before 10 readings");
    }

    #[test]
    fn proportional_steps_and_cooldown() {
        let c = AutoscalerConfig { max_servers: 100, ..AutoscalerConfig::default() };
        let mut p = WeightedScore::new(&c);
        // Everything high: score 0.3 + 0.25 + 0.25 + 0.15 = 0.95 -> add floor(8 x 0.95 x 0.5) = 3.
        let d = p.decide(&obs(1.0, 1.0, 1000.0, 10_000.0, 1000.0, 8)).unwrap();
        assert_eq!(d.to, 11, "{}", d.reason);
        assert!(p.decide(&obs(2.0, 1.0, 1000.0, 10_000.0, 1000.0, 11)).is_none(), "cooldown 5 s");
        // Everything idle: -0.3 - 0.25 - 0.25 - 0.15 = -0.95 -> remove floor(11 x 0.95 x 0.3) = 3.
        let d = p.decide(&obs(7.0, 0.0, 0.0, 0.0, 0.0, 11)).unwrap();
        assert_eq!(d.to, 8, "{}", d.reason);
    }

    #[test]
    fn trend_is_the_least_squares_slope() {
        let ys: VecDeque<f64> = (0..10).map(|i| 3.0 * i as f64 + 7.0).collect();
        assert!((slope(&ys) - 3.0).abs() < 1e-12);
    }
}
