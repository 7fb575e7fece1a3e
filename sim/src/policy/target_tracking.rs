//! Policy `target_tracking`: the Kubernetes HorizontalPodAutoscaler algorithm, as documented.
//!
//! Every `sync_period_s`: for each metric, ratio = metric / target (the metric of the
//! interval that just ended, as a metrics server reports its latest value); no change while |ratio - 1| <= tolerance; otherwise desired =
//! ceil(ratio * ready). When scaling up, servers still starting count as carrying nothing,
//! so they add to the fleet without lowering the average. The largest proposal over the
//! metrics wins. The recommendation is then stabilised (the lowest of the scale-up window,
//! the highest of the scale-down window) and rate-limited by the behaviour policies
//! (percent or servers per period, combined by `select_policy`).

use std::collections::VecDeque;

use crate::autoscaler::{fmt_num, metric_name, Decision, Observation};
use crate::scenario::{AutoscalerConfig, MetricTarget, RateKind, RatePolicy, SelectPolicy};

#[derive(Clone, Debug)]
pub struct TargetTracking {
    config: AutoscalerConfig,
    /// The metrics and their targets (the main one first).
    targets: Vec<MetricTarget>,
    last_sync_s: f64,
    /// Past recommendations (t, servers), for the stabilisation windows.
    recommendations: VecDeque<(f64, u32)>,
    /// Past changes (t, servers added: negative for removed), for the rate limits.
    changes: VecDeque<(f64, i64)>,
}

impl TargetTracking {
    pub fn new(c: &AutoscalerConfig) -> TargetTracking {
        let mut targets = vec![MetricTarget { metric: c.metric, target: c.target }];
        targets.extend(c.metrics.iter().cloned());
        TargetTracking {
            config: c.clone(),
            targets,
            last_sync_s: 0.0,
            recommendations: VecDeque::new(),
            changes: VecDeque::new(),
        }
    }

    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        if obs.t - self.last_sync_s < self.config.sync_period_s - 1e-9 {
            return None;
        }
        self.last_sync_s = obs.t;

        let current = obs.current();
        // The largest proposal over the metrics wins.
        let (proposal, why) = self
            .targets
            .iter()
            .map(|t| {
                let m = obs.value(t.metric, false);
                (self.propose(obs, t.target, m), (t.metric, m, t.target))
            })
            .max_by_key(|(p, _)| *p)
            .expect("at least one metric");
        let stabilised = self.stabilise(obs.t, current, proposal);
        let limited = self.limit(obs.t, current, stabilised);
        let c = &self.config;
        let to = limited.clamp(c.min_servers, c.max_servers);
        if to == current {
            return None;
        }
        self.changes.push_back((obs.t, to as i64 - current as i64));
        let (metric, value, target) = why;
        let mut reason = format!(
            "{} {:.1} vs target {} ({:+.0} %): proposal {proposal}",
            metric_name(metric),
            value,
            fmt_num(target),
            (value / target - 1.0) * 100.0
        );
        if stabilised != proposal {
            reason += &format!(", stabilised {stabilised}");
        }
        if limited != stabilised {
            reason += &format!(", rate-limited {limited}");
        }
        Some(Decision { to, reason })
    }

    /// One metric's desired servers, before stabilisation and limits.
    fn propose(&self, obs: &Observation, target: f64, metric: f64) -> u32 {
        let current = obs.current();
        let ratio = metric / target;
        if (ratio - 1.0).abs() <= self.config.tolerance {
            return current;
        }
        if ratio > 1.0 && obs.starting > 0 {
            // Starting servers count as idle: recompute the ratio over all of them, and
            // skip the change if that turns it around or brings it within tolerance.
            let all = (obs.ready + obs.starting) as f64;
            let ratio_all = metric * obs.ready as f64 / all / target;
            if ratio_all <= 1.0 + self.config.tolerance {
                return current;
            }
            return ceil_servers(ratio_all * all);
        }
        ceil_servers(ratio * obs.ready as f64)
    }

    /// HPA stabilisation: the recommendation is bounded below by the lowest of the scale-up
    /// window and above by the highest of the scale-down window.
    fn stabilise(&mut self, t: f64, current: u32, proposal: u32) -> u32 {
        let c = &self.config;
        let horizon = c.scale_up_window_s.max(c.scale_down_window_s);
        while self.recommendations.front().is_some_and(|&(at, _)| at < t - horizon) {
            self.recommendations.pop_front();
        }
        let (mut up, mut down) = (proposal, proposal);
        for &(at, r) in &self.recommendations {
            if at > t - c.scale_up_window_s {
                up = up.min(r);
            }
            if at > t - c.scale_down_window_s {
                down = down.max(r);
            }
        }
        self.recommendations.push_back((t, proposal));
        current.max(up).min(down)
    }

    /// HPA behaviour policies: how far the fleet may move from its size at the start of
    /// each policy's period.
    fn limit(&mut self, t: f64, current: u32, desired: u32) -> u32 {
        let c = &self.config;
        let longest = c.scale_up_policies.iter().chain(&c.scale_down_policies).map(|p| p.period_s).fold(0.0, f64::max);
        while self.changes.front().is_some_and(|&(at, _)| at <= t - longest) {
            self.changes.pop_front();
        }
        let changed_since = |period: f64, up: bool| -> i64 {
            self.changes.iter().filter(|&&(at, d)| at > t - period && (d > 0) == up).map(|&(_, d)| d).sum()
        };
        let cur = current as i64;
        if desired > current {
            let limits = c.scale_up_policies.iter().map(|p: &RatePolicy| {
                let start = (cur - changed_since(p.period_s, true)).max(0) as f64;
                match p.kind {
                    RateKind::Percent => (start * (1.0 + p.value / 100.0)).ceil() as i64,
                    RateKind::Servers => start as i64 + p.value as i64,
                }
            });
            let limit = select(c.select_policy, limits, true).unwrap_or(cur);
            (desired as i64).min(limit.max(cur)) as u32
        } else if desired < current {
            let limits = c.scale_down_policies.iter().map(|p: &RatePolicy| {
                let start = (cur - changed_since(p.period_s, false)) as f64;
                match p.kind {
                    RateKind::Percent => (start * (1.0 - p.value / 100.0)).ceil() as i64,
                    RateKind::Servers => start as i64 - p.value as i64,
                }
            });
            let limit = select(c.select_policy, limits, false).unwrap_or(cur);
            (desired as i64).max(limit.min(cur)) as u32
        } else {
            desired
        }
    }
}

/// Combines the policies' limits: `max` allows the largest change, `min` the smallest,
/// `disabled` none (`None` when there is no policy: no change either).
fn select(how: SelectPolicy, limits: impl Iterator<Item = i64>, up: bool) -> Option<i64> {
    let largest_change = match how {
        SelectPolicy::Disabled => return None,
        SelectPolicy::Max => true,
        SelectPolicy::Min => false,
    };
    if largest_change == up {
        limits.max()
    } else {
        limits.min()
    }
}

fn ceil_servers(x: f64) -> u32 {
    x.ceil().clamp(0.0, u32::MAX as f64) as u32
}
