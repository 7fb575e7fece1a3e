//! Policy `knative`: the Knative Pod Autoscaler (KPA), as knative/serving computes it.
//!
//! Every interval the metric (requests in flight, or arrivals per second, over the whole
//! fleet, as the queue-proxies and the activator report it) is averaged over the stable
//! window and over the panic window (a percentage of it). As in
//! `pkg/autoscaler/scaling/autoscaler.go` (`Scale`): desired = ceil(average / (target x
//! utilisation)), kept within [floor(ready / max_scale_down_rate), ceil(ready x
//! max_scale_up_rate)] with ready at least 1; panic mode starts when the panic window's
//! desire reaches `panic_threshold_pct` of the ready servers, never scales down while it
//! lasts, and ends a stable window after the last such reading; a scale-down delay keeps
//! the highest desire of its window. Then, as `pkg/reconciler/autoscaling/kpa/scaler.go`
//! does: the bounds [min_servers, max_servers]; `activation_scale` when scaling from zero;
//! and with `min_servers` 0, the last server goes only once the desire has been zero for
//! the scale-to-zero grace period (the desire itself is zero only after a whole stable
//! window without a request). While no server is in rotation the activator holds the
//! requests and wakes the autoscaler at once (`on_request_held`), so a cold start shows
//! as latency, not as losses.

use serde::{Deserialize, Serialize};

use super::window::{Extreme, Window};
use super::AutoscalerConfig;
use crate::autoscaler::{fmt_num, Decision, Observation};
use crate::choice::Choice;
use crate::error::{range, ScenarioError};

mod averages;
use averages::Averages;

/// The fields of `autoscaler` the KPA reads.
pub const READS: &[&str] = &[
    "kpa_metric",
    "kpa_target",
    "kpa_target_utilization_pct",
    "stable_window_s",
    "panic_window_pct",
    "panic_threshold_pct",
    "max_scale_up_rate",
    "max_scale_down_rate",
    "scale_down_delay_s",
    "scale_to_zero_grace_s",
    "activation_scale",
];

crate::choices! {
    /// What the KPA scales on (`autoscaling.knative.dev/metric`).
    pub enum KpaMetric {
        Concurrency = ("concurrency", "concurrency", "requests in flight (in service and waiting) per server; Knative's default."),
        Rps = ("rps", "requests per second", "arrivals per second per server."),
    }
}

impl KpaMetric {
    /// Knative's default target per server when none is set: `container-concurrency-target-default`
    /// 100, `requests-per-second-target-default` 200 (config-autoscaler).
    pub fn default_target(self) -> f64 {
        match self {
            KpaMetric::Concurrency => 100.0,
            KpaMetric::Rps => 200.0,
        }
    }
}

/// The KPA's own settings; defaults are Knative's (config-autoscaler, serving v1.x).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub kpa_metric: KpaMetric,
    /// Target per server (`autoscaling.knative.dev/target`); `None`: Knative's default
    /// for the metric (100 concurrent, 200 per second) [requests or requests/s].
    pub kpa_target: Option<f64>,
    /// Share of the target aimed at (`target-utilization-percentage`, 70) [%].
    pub kpa_target_utilization_pct: f64,
    /// `stable-window` (60 s) [s].
    pub stable_window_s: f64,
    /// The panic window as a percentage of the stable window (`panic-window-percentage`, 10) [%].
    pub panic_window_pct: f64,
    /// Panic when the panic window wants this share of the ready servers (`panic-threshold-percentage`, 200) [%].
    pub panic_threshold_pct: f64,
    /// At most this many times the ready servers in one decision (`max-scale-up-rate`, 1000).
    pub max_scale_up_rate: f64,
    /// At least the ready servers divided by this (`max-scale-down-rate`, 2).
    pub max_scale_down_rate: f64,
    /// Scale down only to the highest desire of this window (`scale-down-delay`, 0) [s].
    pub scale_down_delay_s: f64,
    /// The last server stays this long after the desire fell to zero (`scale-to-zero-grace-period`, 30 s) [s].
    pub scale_to_zero_grace_s: f64,
    /// Servers started when scaling from zero, at least (`activation-scale`, 1).
    pub activation_scale: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            kpa_metric: KpaMetric::Concurrency,
            kpa_target: None,
            kpa_target_utilization_pct: 70.0,
            stable_window_s: 60.0,
            panic_window_pct: 10.0,
            panic_threshold_pct: 200.0,
            max_scale_up_rate: 1000.0,
            max_scale_down_rate: 2.0,
            scale_down_delay_s: 0.0,
            scale_to_zero_grace_s: 30.0,
            activation_scale: 1,
        }
    }
}

impl Settings {
    /// Knative's own limits (serving `pkg/apis/autoscaling` annotation validation and
    /// config-autoscaler validation).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        if let Some(t) = self.kpa_target {
            range("autoscaler.kpa_target", t, 0.01, 1e9)?;
        }
        range("autoscaler.kpa_target_utilization_pct", self.kpa_target_utilization_pct, 1.0, 100.0)?;
        range("autoscaler.stable_window_s", self.stable_window_s, 6.0, 3600.0)?;
        range("autoscaler.panic_window_pct", self.panic_window_pct, 1.0, 100.0)?;
        range("autoscaler.panic_threshold_pct", self.panic_threshold_pct, 110.0, 1000.0)?;
        range("autoscaler.max_scale_up_rate", self.max_scale_up_rate, 1.000001, 1e6)?;
        range("autoscaler.max_scale_down_rate", self.max_scale_down_rate, 1.000001, 1e6)?;
        range("autoscaler.scale_down_delay_s", self.scale_down_delay_s, 0.0, 3600.0)?;
        range("autoscaler.scale_to_zero_grace_s", self.scale_to_zero_grace_s, 6.0, 3600.0)?;
        range("autoscaler.activation_scale", self.activation_scale as f64, 1.0, 10_000.0)
    }

    /// The target per server, Knative's default for the metric when none is set.
    pub fn target(&self) -> f64 {
        self.kpa_target.unwrap_or(self.kpa_metric.default_target())
    }
}

/// "concurrency target 100 x 70 %, windows 60s / 6s, panic at 200 %, to zero after 30s".
pub fn describe(a: &AutoscalerConfig) -> String {
    let k = &a.knative;
    let mut out = format!(
        "{} target {} x {} %, windows {}s / {}s, panic at {} %",
        k.kpa_metric.name(),
        fmt_num(k.target()),
        fmt_num(k.kpa_target_utilization_pct),
        fmt_num(k.stable_window_s),
        fmt_num(k.stable_window_s * k.panic_window_pct / 100.0),
        fmt_num(k.panic_threshold_pct)
    );
    if a.min_servers == 0 {
        out += &format!(", to zero after {}s", fmt_num(k.scale_to_zero_grace_s));
    }
    out
}

#[derive(Clone, Debug)]
pub struct Knative {
    config: AutoscalerConfig,
    averages: Averages,
    /// Last reading over the panic threshold, while panicking [s].
    panic_since: Option<f64>,
    max_panic: u32,
    /// The scale-down delay's window of desires.
    delay: Window,
    /// Since when the desire has been zero [s].
    zero_since: Option<f64>,
}

impl Knative {
    pub fn new(c: &AutoscalerConfig) -> Knative {
        Knative {
            config: c.clone(),
            averages: Averages::new(c.knative.stable_window_s),
            panic_since: None,
            max_panic: 0,
            delay: Window::new(Extreme::Max),
            zero_since: None,
        }
    }

    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        let c = &self.config;
        let k = &c.knative;
        let reading = match k.kpa_metric {
            KpaMetric::Concurrency => obs.concurrency,
            KpaMetric::Rps => obs.arrival_rps,
        };
        self.averages.add(obs.t, reading);
        let stable = self.averages.mean(obs.t, k.stable_window_s);
        let panic = self.averages.mean(obs.t, k.stable_window_s * k.panic_window_pct / 100.0);
        let per_server = k.target() * k.kpa_target_utilization_pct / 100.0;

        // autoscaler.go, Scale.
        let ready = (obs.ready as f64).max(1.0);
        let max_up = libm::ceil(k.max_scale_up_rate * ready);
        let max_down = libm::floor(ready / k.max_scale_down_rate);
        let dspc = libm::ceil(stable / per_server);
        let dppc = libm::ceil(panic / per_server);
        let desired_stable = dspc.max(max_down).min(max_up) as u32;
        let desired_panic = dppc.max(max_down).min(max_up) as u32;
        let over = dppc / ready >= k.panic_threshold_pct / 100.0;
        if over {
            self.panic_since = Some(obs.t);
        } else if self.panic_since.is_some_and(|since| since + k.stable_window_s < obs.t) {
            self.panic_since = None;
            self.max_panic = 0;
        }
        let mut desired = desired_stable;
        let panicking = self.panic_since.is_some();
        if panicking {
            // Never down while panicking.
            self.max_panic = self.max_panic.max(desired.max(desired_panic));
            desired = self.max_panic;
        }
        if k.scale_down_delay_s > 0.0 {
            self.delay.expire(obs.t - k.scale_down_delay_s);
            self.delay.push(obs.t, desired);
            desired = self.delay.extreme().unwrap_or(desired);
        }

        // scaler.go: bounds, activation scale, scale to zero.
        let mut to = desired.clamp(c.min_servers, c.max_servers);
        if to > 0 && to < k.activation_scale {
            to = k.activation_scale.min(c.max_servers);
        }
        let mut note = "";
        if to == 0 {
            let since = *self.zero_since.get_or_insert(obs.t);
            if obs.t - since < k.scale_to_zero_grace_s {
                to = obs.current().min(1);
                note = ", the last server waits for the scale-to-zero grace period";
            }
        } else {
            self.zero_since = None;
        }
        if to == obs.current() {
            return None;
        }
        let mode = if panicking {
            format!(
                "panic mode: {} over the {} s panic window",
                fmt1(panic),
                fmt_num(k.stable_window_s * k.panic_window_pct / 100.0)
            )
        } else {
            format!("{} averaged over the {} s stable window", fmt1(stable), fmt_num(k.stable_window_s))
        };
        let reason = format!(
            "{} {mode}, target {} per server: {} servers wanted{note}",
            k.kpa_metric.label(),
            fmt_num(per_server),
            if panicking { desired_panic.max(desired_stable) } else { desired_stable }
        );
        Some(Decision { to, reason })
    }

    /// A request reached the activator while no server is in rotation: with `current`
    /// servers desired, scale from zero at once (Knative's activator pokes the autoscaler).
    pub fn on_request_held(&mut self, t: f64, current: u32) -> Option<Decision> {
        if current > 0 {
            return None;
        }
        self.zero_since = None;
        let c = &self.config;
        let to = c.knative.activation_scale.max(1).max(c.min_servers).min(c.max_servers);
        self.delay.push(t, to);
        Some(Decision { to, reason: "a request reached the activator with no server: scale from zero".to_string() })
    }
}

fn fmt1(x: f64) -> String {
    format!("{x:.1}")
}
