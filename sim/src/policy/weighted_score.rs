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

use serde::{Deserialize, Serialize};

use super::AutoscalerConfig;
use crate::autoscaler::{Decision, Observation};
use crate::error::{below, range, ScenarioError};

/// The fields of `autoscaler` the weighted score reads.
pub const READS: &[&str] = &[
    "cooldown_s",
    "weights",
    "score_threshold",
    "memory_users",
    "latency_low_ms",
    "latency_high_ms",
    "queue_low",
    "queue_high",
];

/// The weighted score's own settings: the weights, the score that triggers an action, the
/// users that fill one server's memory [users], and the response-time [ms] and queue
/// [requests per server] bands outside which those scores leave 0.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub weights: ScoreWeights,
    pub score_threshold: f64,
    pub memory_users: f64,
    pub latency_low_ms: f64,
    pub latency_high_ms: f64,
    pub queue_low: f64,
    pub queue_high: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            weights: ScoreWeights::default(),
            score_threshold: 0.3,
            memory_users: 50.0,
            latency_low_ms: 50.0,
            latency_high_ms: 200.0,
            queue_low: 1.0,
            queue_high: 10.0,
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let w = &self.weights;
        for (name, v) in [
            ("utilization", w.utilization),
            ("memory", w.memory),
            ("response_time", w.response_time),
            ("queue", w.queue),
            ("trend", w.trend),
        ] {
            range(&format!("autoscaler.weights.{name}"), v, 0.0, 10.0)?;
        }
        range("autoscaler.score_threshold", self.score_threshold, 0.0, 10.0)?;
        range("autoscaler.memory_users", self.memory_users, 0.001, 1_000_000.0)?;
        range("autoscaler.latency_low_ms", self.latency_low_ms, 0.001, 3_600_000.0)?;
        range("autoscaler.latency_high_ms", self.latency_high_ms, 0.001, 3_600_000.0)?;
        range("autoscaler.queue_low", self.queue_low, 0.001, 1_000_000.0)?;
        range("autoscaler.queue_high", self.queue_high, 0.001, 1_000_000.0)?;
        below("autoscaler.latency_low_ms", self.latency_low_ms, "latency_high_ms", self.latency_high_ms)?;
        below("autoscaler.queue_low", self.queue_low, "queue_high", self.queue_high)
    }
}

/// "weights 0.3/0.25/0.25/0.15/0.05, act beyond +-0.3, memory 50 users, cooldown 5s".
pub fn describe(a: &AutoscalerConfig) -> String {
    let s = &a.weighted_score;
    let w = &s.weights;
    format!(
        "weights {}/{}/{}/{}/{}, act beyond +-{}, memory {} users, cooldown {}s",
        w.utilization, w.memory, w.response_time, w.queue, w.trend, s.score_threshold, s.memory_users, a.cooldown_s
    )
}

/// Weights of the weighted score's five scores.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScoreWeights {
    pub utilization: f64,
    pub memory: f64,
    pub response_time: f64,
    pub queue: f64,
    pub trend: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights { utilization: 0.30, memory: 0.25, response_time: 0.25, queue: 0.15, trend: 0.05 }
    }
}

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
        let memory = obs.users / ready / c.weighted_score.memory_users * 100.0;
        let queue = obs.queue / ready;
        let (lo, hi) = (c.weighted_score.latency_low_ms, c.weighted_score.latency_high_ms);
        let queue_score = if queue > c.weighted_score.queue_high {
            (queue / (2.0 * c.weighted_score.queue_high)).min(1.0)
        } else if queue < c.weighted_score.queue_low {
            score(queue, c.weighted_score.queue_low, c.weighted_score.queue_low)
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
        let w = &c.weighted_score.weights;
        let parts = [w.utilization, w.memory, w.response_time, w.queue, w.trend];
        let total: f64 = s.iter().zip(parts).map(|(s, w)| s * w).sum();
        if self.last_action_s.is_some_and(|last| obs.t - last < c.cooldown_s) {
            return None;
        }
        let current = obs.current();
        let to = if total > c.weighted_score.score_threshold {
            let add = ((current as f64 * total.min(1.0) * 0.5).floor() as u32).max(1);
            (current + add).min(c.max_servers)
        } else if total < -c.weighted_score.score_threshold {
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
            c.weighted_score.score_threshold,
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
