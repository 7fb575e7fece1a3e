//! Policy `target_tracking`: the Kubernetes HorizontalPodAutoscaler algorithm, as documented.
//!
//! Every `sync_period_s`: for each metric, ratio = metric / target (the metric of the
//! interval that just ended, as a metrics server reports its latest value); no change while |ratio - 1| <= tolerance; otherwise desired =
//! ceil(ratio * ready). When scaling up, servers still starting count as carrying nothing,
//! so they add to the fleet without lowering the average. The largest proposal over the
//! metrics wins. The recommendation is then stabilised (the lowest of the scale-up window,
//! the highest of the scale-down window) and rate-limited by the behaviour policies
//! (percent or servers per period, combined by each direction's select policy).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::window::{Extreme, Window};

use super::AutoscalerConfig;
use crate::autoscaler::{fmt_num, Decision, Metric, Observation, Warming};
use crate::choice::Choice;
use crate::error::{range, ScenarioError};

mod behavior;

use behavior::{select, Direction};
pub use behavior::{RateKind, RatePolicy, SelectPolicy};

/// The fields of `autoscaler` target tracking reads.
pub const READS: &[&str] = &[
    "metric",
    "target",
    "metrics",
    "tolerance",
    "sync_period_s",
    "scale_up_window_s",
    "scale_down_window_s",
    "scale_up_policies",
    "scale_down_policies",
    "scale_up_select_policy",
    "scale_down_select_policy",
];

/// Target tracking's own settings (`metric` and `target` are the autoscaler's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Further metrics and targets; the largest proposal wins.
    pub metrics: Vec<MetricTarget>,
    /// No change while |metric / target - 1| is at most this [-].
    pub tolerance: f64,
    /// Time between two evaluations [s].
    pub sync_period_s: f64,
    /// Stabilisation windows: act on the lowest recommendation of the up window and the
    /// highest of the down window [s].
    pub scale_up_window_s: f64,
    pub scale_down_window_s: f64,
    /// Rate limits (HPA behaviour policies).
    pub scale_up_policies: Vec<RatePolicy>,
    pub scale_down_policies: Vec<RatePolicy>,
    /// Which policy applies, per direction, as `behavior.scaleUp.selectPolicy` and
    /// `behavior.scaleDown.selectPolicy` in autoscaling/v2 ("disable scale down" is
    /// `scale_down_select_policy: disabled`).
    pub scale_up_select_policy: SelectPolicy,
    pub scale_down_select_policy: SelectPolicy,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            metrics: Vec::new(),
            tolerance: 0.1,
            sync_period_s: 15.0,
            scale_up_window_s: 0.0,
            scale_down_window_s: 300.0,
            scale_up_policies: vec![
                RatePolicy { kind: RateKind::Percent, value: 100.0, period_s: 15.0 },
                RatePolicy { kind: RateKind::Servers, value: 4.0, period_s: 15.0 },
            ],
            scale_down_policies: vec![RatePolicy { kind: RateKind::Percent, value: 100.0, period_s: 15.0 }],
            scale_up_select_policy: SelectPolicy::Max,
            scale_down_select_policy: SelectPolicy::Max,
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), ScenarioError> {
        for (i, m) in self.metrics.iter().enumerate() {
            range(&format!("autoscaler.metrics[{i}].target"), m.target, 1e-9, 1e9)?;
        }
        range("autoscaler.tolerance", self.tolerance, 0.0, 10.0)?;
        range("autoscaler.sync_period_s", self.sync_period_s, 0.01, 86_400.0)?;
        range("autoscaler.scale_up_window_s", self.scale_up_window_s, 0.0, 86_400.0)?;
        range("autoscaler.scale_down_window_s", self.scale_down_window_s, 0.0, 86_400.0)?;
        for (name, list) in
            [("scale_up_policies", &self.scale_up_policies), ("scale_down_policies", &self.scale_down_policies)]
        {
            for (i, p) in list.iter().enumerate() {
                range(&format!("autoscaler.{name}[{i}].value"), p.value, 1e-9, 1e6)?;
                range(&format!("autoscaler.{name}[{i}].period_s"), p.period_s, 1e-3, 86_400.0)?;
            }
        }
        Ok(())
    }
}

/// "users_per_server target 30, tolerance 0.1, sync 15s, windows up 0s / down 300s".
pub fn describe(a: &AutoscalerConfig) -> String {
    let t = &a.target_tracking;
    format!(
        "{} target {}, tolerance {}, sync {}s, windows up {}s / down {}s",
        a.metric.name(),
        a.target,
        t.tolerance,
        t.sync_period_s,
        t.scale_up_window_s,
        t.scale_down_window_s
    )
}

/// One metric and its target, for target tracking with several metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricTarget {
    pub metric: Metric,
    pub target: f64,
}

#[derive(Clone, Debug)]
pub struct TargetTracking {
    config: AutoscalerConfig,
    /// The metrics and their targets (the main one first).
    targets: Vec<MetricTarget>,
    last_sync_s: f64,
    /// The lowest recommendation of the scale-up window and the highest of the scale-down
    /// window.
    lowest: Window,
    highest: Window,
    /// Past changes (t, servers added: negative for removed), for the rate limits.
    changes: VecDeque<(f64, i64)>,
}

impl TargetTracking {
    pub fn new(c: &AutoscalerConfig) -> TargetTracking {
        let mut targets = vec![MetricTarget { metric: c.metric, target: c.target }];
        targets.extend(c.target_tracking.metrics.iter().cloned());
        TargetTracking {
            config: c.clone(),
            targets,
            last_sync_s: 0.0,
            lowest: Window::new(Extreme::Min),
            highest: Window::new(Extreme::Max),
            changes: VecDeque::new(),
        }
    }

    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        if obs.t - self.last_sync_s < self.config.target_tracking.sync_period_s - 1e-9 {
            return None;
        }
        self.last_sync_s = obs.t;

        let current = obs.current();
        // The largest proposal over the metrics wins.
        let (proposal, why) = self
            .targets
            .iter()
            .map(|t| {
                let m = obs.value(t.metric, Warming::Counted);
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
        let off = (value / target - 1.0) * 100.0;
        let side = if off >= 0.0 { "above" } else { "below" };
        let mut reason = format!(
            "{}, {:.0} % {side} the target of {}: {proposal} servers wanted",
            crate::autoscaler::quantity(metric, value),
            off.abs(),
            fmt_num(target),
        );
        if stabilised != proposal {
            reason += &format!(", held at {stabilised} by the stabilisation window");
        }
        if limited != stabilised {
            reason += &format!(", limited to {limited} by the scaling policies");
        }
        Some(Decision { to, reason })
    }

    /// One metric's desired servers, before stabilisation and limits.
    fn propose(&self, obs: &Observation, target: f64, metric: f64) -> u32 {
        let current = obs.current();
        let ratio = metric / target;
        if (ratio - 1.0).abs() <= self.config.target_tracking.tolerance {
            return current;
        }
        if ratio > 1.0 && obs.starting > 0 {
            // Starting servers count as idle: recompute the ratio over all of them, and
            // skip the change if that turns it around or brings it within tolerance.
            let all = (obs.ready + obs.starting) as f64;
            let ratio_all = metric * obs.ready as f64 / all / target;
            if ratio_all <= 1.0 + self.config.target_tracking.tolerance {
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
        self.lowest.expire(t - c.target_tracking.scale_up_window_s);
        self.highest.expire(t - c.target_tracking.scale_down_window_s);
        let up = self.lowest.extreme().map_or(proposal, |r| r.min(proposal));
        let down = self.highest.extreme().map_or(proposal, |r| r.max(proposal));
        self.lowest.push(t, proposal);
        self.highest.push(t, proposal);
        current.max(up).min(down)
    }

    /// HPA behaviour policies: how far the fleet may move from its size at the start of
    /// each policy's period.
    fn limit(&mut self, t: f64, current: u32, desired: u32) -> u32 {
        let c = &self.config;
        let longest = c
            .target_tracking
            .scale_up_policies
            .iter()
            .chain(&c.target_tracking.scale_down_policies)
            .map(|p| p.period_s)
            .fold(0.0, f64::max);
        while self.changes.front().is_some_and(|&(at, _)| at <= t - longest) {
            self.changes.pop_front();
        }
        // The fleet's size when each policy's period began: the current size less what was
        // added and plus what was removed within the period, in both directions (as
        // kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go computes
        // `periodStartReplicas` for both limits; events strictly after now - period).
        let period_start = |period: f64| -> i64 {
            let within = self.changes.iter().filter(|&&(at, _)| at > t - period);
            (current as i64 - within.map(|&(_, d)| d).sum::<i64>()).max(0)
        };
        let cur = current as i64;
        if desired > current {
            let limits = c.target_tracking.scale_up_policies.iter().map(|p: &RatePolicy| {
                let start = period_start(p.period_s);
                match p.kind {
                    // Rounded up, so that a percentage always allows at least one more.
                    RateKind::Percent => (start as f64 * (1.0 + p.value / 100.0)).ceil() as i64,
                    RateKind::Servers => start + p.value as i64,
                }
            });
            let limit = select(c.target_tracking.scale_up_select_policy, limits, Direction::Up).unwrap_or(cur);
            (desired as i64).min(limit.max(cur)) as u32
        } else if desired < current {
            let limits = c.target_tracking.scale_down_policies.iter().map(|p: &RatePolicy| {
                let start = period_start(p.period_s);
                match p.kind {
                    // Go's int32(float64) truncates: 10 % of 9 removes one (to 8), never
                    // none, so a fleet can always shrink to its minimum.
                    RateKind::Percent => (start as f64 * (1.0 - p.value / 100.0)) as i64,
                    RateKind::Servers => start - p.value as i64,
                }
            });
            let limit = select(c.target_tracking.scale_down_select_policy, limits, Direction::Down).unwrap_or(cur);
            (desired as i64).max(limit.min(cur)) as u32
        } else {
            desired
        }
    }
}

fn ceil_servers(x: f64) -> u32 {
    x.ceil().clamp(0.0, u32::MAX as f64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Target tracking with these scale-down policies; every decision is recorded as
    /// `decide` records it.
    fn hpa(down: Vec<RatePolicy>, up: Vec<RatePolicy>) -> TargetTracking {
        let mut c = AutoscalerConfig { min_servers: 1, max_servers: 100, ..AutoscalerConfig::default() };
        c.target_tracking.scale_down_policies = down;
        c.target_tracking.scale_up_policies = up;
        TargetTracking::new(&c)
    }

    fn step(h: &mut TargetTracking, t: f64, current: u32, desired: u32) -> u32 {
        let to = h.limit(t, current, desired);
        if to != current {
            h.changes.push_back((t, to as i64 - current as i64));
        }
        to
    }

    /// Kubernetes documentation, "Scaling Policies": `type: Percent, value: 10,
    /// periodSeconds: 60` lets at most 10 % of the current replicas go per minute, and the
    /// controller's `int32(float64(periodStartReplicas) * (1 - value/100))` truncates
    /// (pkg/controller/podautoscaler/horizontal.go, calculateScaleDownLimitWithBehaviors):
    /// from 10 replicas the fleet reaches 1, one or more per minute.
    #[test]
    fn a_percent_scale_down_truncates_and_reaches_the_minimum() {
        let mut h = hpa(vec![RatePolicy { kind: RateKind::Percent, value: 10.0, period_s: 60.0 }], Vec::new());
        let mut fleet = vec![10];
        for minute in 1..=12 {
            let cur = *fleet.last().unwrap();
            fleet.push(step(&mut h, minute as f64 * 60.0, cur, 1));
        }
        assert_eq!(fleet, vec![10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1, 1, 1]);
        // Within one period, nothing more goes.
        let mut h = hpa(vec![RatePolicy { kind: RateKind::Percent, value: 50.0, period_s: 60.0 }], Vec::new());
        assert_eq!(step(&mut h, 0.0, 9, 1), 4, "int(9 x 0.5) = 4");
        assert_eq!(step(&mut h, 30.0, 4, 1), 4, "the period started at 9, whose limit is 4");
        assert_eq!(step(&mut h, 61.0, 4, 1), 2);
    }

    /// horizontal.go (calculateScaleUpLimitWithScalingRules and ...ScaleDownLimit...):
    /// `periodStartReplicas := currentReplicas - replicasAddedInCurrentPeriod +
    /// replicasDeletedInCurrentPeriod`: changes in both directions within the period count.
    #[test]
    fn the_period_starts_from_changes_in_both_directions() {
        let four = vec![RatePolicy { kind: RateKind::Servers, value: 4.0, period_s: 60.0 }];
        let mut h = hpa(four.clone(), four);
        assert_eq!(step(&mut h, 0.0, 10, 6), 6, "down by 4");
        assert_eq!(step(&mut h, 10.0, 6, 20), 14, "the period began at 6 + 4 removed = 10: up to 10 + 4");
        let four = vec![RatePolicy { kind: RateKind::Servers, value: 4.0, period_s: 60.0 }];
        let mut h = hpa(four.clone(), four);
        assert_eq!(step(&mut h, 0.0, 10, 30), 14, "up by 4");
        assert_eq!(step(&mut h, 10.0, 14, 1), 6, "the period began at 14 - 4 added = 10: down to 10 - 4");
    }
}
