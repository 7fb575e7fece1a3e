//! The run's latency in the fluid engine: every step's responses, merged where their
//! parameters agree to within about 1.6 % (so a day of similar intervals stays a short
//! mixture), and the run's mean and percentiles read from the mixture.

use std::collections::BTreeMap;

use super::queueing::{quantile, Response, Service};
use crate::report::Latency;

/// Sums of the responses that share a key: weight, and weighted parameters.
#[derive(Clone, Copy, Debug, Default)]
struct Merged {
    weight: f64,
    delay: f64,
    p_wait: f64,
    theta: f64,
}

#[derive(Clone, Debug, Default)]
pub struct RunLatency {
    merged: BTreeMap<(i64, i64, i64, u64), Merged>,
    weight: f64,
    /// Sum of weight x mean [requests x s].
    mean_sum: f64,
}

/// A logarithmic bucket, 64 per factor of e (0 for 0).
fn log_key(x: f64) -> i64 {
    if x <= 1e-12 {
        i64::MIN
    } else {
        (libm::log(x) * 64.0).round() as i64
    }
}

impl RunLatency {
    /// Adds responses with their weights (requests).
    pub fn add(&mut self, parts: &[(f64, Response)], service: &Service) {
        for &(w, r) in parts {
            if w <= 0.0 {
                continue;
            }
            self.weight += w;
            self.mean_sum += w * r.mean_s(service);
            let key = (log_key(r.delay_s), (r.p_wait * 256.0).round() as i64, log_key(r.theta_s), r.speed.to_bits());
            let m = self.merged.entry(key).or_default();
            m.weight += w;
            m.delay += w * r.delay_s;
            m.p_wait += w * r.p_wait;
            m.theta += w * r.theta_s;
        }
    }

    /// Mean and percentiles [ms]; `max` is the quantile a run of `completed` requests
    /// reaches once on average, 1 - 1 / completed (at least the 99.9th percentile).
    pub fn summary(&self, service: &Service, completed: f64) -> Latency {
        if self.weight <= 0.0 {
            return Latency::default();
        }
        let parts: Vec<(f64, Response)> = self
            .merged
            .iter()
            .map(|(key, m)| {
                let r = Response {
                    delay_s: m.delay / m.weight,
                    p_wait: m.p_wait / m.weight,
                    theta_s: m.theta / m.weight,
                    speed: f64::from_bits(key.3),
                };
                (m.weight, r)
            })
            .collect();
        let ms = |q: f64| quantile(&parts, service, q, None) * 1000.0;
        let top = (1.0 - 1.0 / completed.max(2.0)).max(0.999);
        // Quantiles never decrease (the root-finder's tolerance at a jump could say otherwise).
        let p50 = ms(0.50);
        let p95 = ms(0.95).max(p50);
        let p99 = ms(0.99).max(p95);
        Latency { mean: self.mean_sum / self.weight * 1000.0, p50, p95, p99, max: ms(top).max(p99) }
    }
}
