//! The autoscaler section and its policies, one file each.
//!
//! Each policy file holds the policy's own settings (with their defaults and validation),
//! the fields it reads, and its decision. [`AutoscalerConfig`] holds what several policies
//! read (fleet bounds, alarm thresholds, cooldown, metric and target) and one settings
//! block per policy; in the scenario JSON they are all fields of `autoscaler`. A new
//! policy is a file here, a variant of [`Policy`] and its arms below.

pub mod knative;
pub mod predictive;
pub mod step_scaling;
pub mod target_tracking;
pub mod threshold;
pub mod weighted_score;
mod window;

use serde::{Deserialize, Serialize};

use crate::autoscaler::{Decision, Metric, Observation};
use crate::choice::Choice;
use crate::error::{below, range, ScenarioError};
use crate::service::ServiceConfig;

crate::choices! {
    /// Which rule decides the fleet size.
    pub enum Policy {
        /// The SAGE demo's rule on average users per ready server.
        Threshold = ("threshold", "threshold (SAGE demo)", "the SAGE demo's rule: a step up above scale_up users per ready server, down below scale_down, then a cooldown."),
        TargetTracking = ("target_tracking", "target tracking (Kubernetes HPA)", "the Kubernetes HPA algorithm: desired = ceil(ready x metric / target), stabilised and rate-limited."),
        Step = ("step", "step scaling (AWS)", "AWS step scaling: adjustments by how far the metric breaches its alarm."),
        Predictive = ("predictive", "predictive (forecast)", "Holt's forecast of the load, far enough ahead to cover the startup delay."),
        WeightedScore = ("weighted_score", "weighted score (seed 002)", "seed 002's weighted score of utilisation, memory, response time, queue and trend."),
        Knative = ("knative", "Knative (KPA)", "the Knative Pod Autoscaler: requests in flight (or per second) averaged over a stable and a panic window, scale to zero with cold starts."),
        Fixed = ("fixed", "fixed", "never scales."),
    }
}

/// Fields of `autoscaler` every policy reads.
const COMMON: &[&str] = &["policy", "min_servers", "max_servers", "initial_servers", "interval_s"];

impl Policy {
    /// The fields of `autoscaler` (JSON names) this policy reads: the one place that says so.
    pub fn reads(self) -> &'static [&'static str] {
        match self {
            Policy::Threshold => threshold::READS,
            Policy::TargetTracking => target_tracking::READS,
            Policy::Step => step_scaling::READS,
            Policy::Predictive => predictive::READS,
            Policy::WeightedScore => weighted_score::READS,
            Policy::Knative => knative::READS,
            Policy::Fixed => &[],
        }
    }

    /// Whether this policy reads the field `name` of `autoscaler`.
    pub fn uses(self, name: &str) -> bool {
        COMMON.contains(&name) || self.reads().contains(&name)
    }
}

/// The scenario's `autoscaler` section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AutoscalerConfig {
    pub policy: Policy,
    /// The high alarm: threshold scales up above this many users per ready server; step
    /// scaling's scale-out alarm on `metric` [metric].
    pub scale_up: f64,
    /// The low alarm: threshold's scale-down, step scaling's scale-in alarm [metric].
    pub scale_down: f64,
    pub min_servers: u32,
    pub max_servers: u32,
    /// Servers ready at t = 0.
    pub initial_servers: u32,
    /// Minimum time between two scaling actions (threshold, weighted score) [s].
    pub cooldown_s: f64,
    /// Time between two evaluations of the policy [s].
    pub interval_s: f64,
    #[serde(flatten)]
    pub threshold: threshold::Settings,
    /// The metric of target tracking, step scaling and predictive.
    pub metric: Metric,
    /// Target value of `metric` per server (target tracking, predictive).
    pub target: f64,
    #[serde(flatten)]
    pub target_tracking: target_tracking::Settings,
    #[serde(flatten)]
    pub step_scaling: step_scaling::Settings,
    #[serde(flatten)]
    pub predictive: predictive::Settings,
    #[serde(flatten)]
    pub weighted_score: weighted_score::Settings,
    #[serde(flatten)]
    pub knative: knative::Settings,
}

impl Default for AutoscalerConfig {
    fn default() -> Self {
        AutoscalerConfig {
            policy: Policy::Threshold,
            scale_up: 30.0,
            scale_down: 10.0,
            min_servers: 2,
            max_servers: 10,
            initial_servers: 2,
            cooldown_s: 5.0,
            interval_s: 1.0,
            threshold: threshold::Settings::default(),
            metric: Metric::UsersPerServer,
            target: 30.0,
            target_tracking: target_tracking::Settings::default(),
            step_scaling: step_scaling::Settings::default(),
            predictive: predictive::Settings::default(),
            weighted_score: weighted_score::Settings::default(),
            knative: knative::Settings::default(),
        }
    }
}

impl AutoscalerConfig {
    /// Checks every range and relation of the section, every policy's settings included
    /// (a scenario stays valid when only its policy changes).
    pub fn validate(&self) -> Result<(), ScenarioError> {
        range("autoscaler.scale_up", self.scale_up, 0.0, 1_000_000.0)?;
        range("autoscaler.scale_down", self.scale_down, 0.0, 1_000_000.0)?;
        below("autoscaler.scale_down", self.scale_down, "autoscaler.scale_up", self.scale_up)?;
        range("autoscaler.min_servers", self.min_servers as f64, 0.0, 10_000.0)?;
        range("autoscaler.max_servers", self.max_servers as f64, 1.0, 10_000.0)?;
        if self.min_servers > self.max_servers {
            return Err(ScenarioError::new(
                "autoscaler.min_servers",
                format!("{} must not exceed autoscaler.max_servers ({})", self.min_servers, self.max_servers),
            ));
        }
        if self.initial_servers < self.min_servers || self.initial_servers > self.max_servers {
            return Err(ScenarioError::new(
                "autoscaler.initial_servers",
                format!(
                    "{} must be between min_servers ({}) and max_servers ({})",
                    self.initial_servers, self.min_servers, self.max_servers
                ),
            ));
        }
        if self.min_servers == 0 && self.policy != Policy::Knative {
            return Err(ScenarioError::new(
                "autoscaler.min_servers",
                format!("0 needs the knative policy, whose activator holds requests while it scales from zero; the {} policy needs at least 1", self.policy.name()),
            ));
        }
        range("autoscaler.cooldown_s", self.cooldown_s, 0.0, 86_400.0)?;
        range("autoscaler.interval_s", self.interval_s, 0.01, 86_400.0)?;
        self.threshold.validate()?;
        range("autoscaler.target", self.target, 1e-9, 1e9)?;
        self.target_tracking.validate()?;
        self.step_scaling.validate()?;
        self.predictive.validate()?;
        if self.policy == Policy::Predictive && !predictive::forecasts(self.metric) {
            return Err(ScenarioError::new(
                "autoscaler.metric",
                "the predictive policy forecasts users_per_server, rps_per_server or utilization (load that does not depend on the fleet)",
            ));
        }
        self.weighted_score.validate()?;
        self.knative.validate()
    }

    /// The chosen policy's settings in a few words, for the command line's report.
    pub fn describe(&self) -> String {
        match self.policy {
            Policy::Threshold => threshold::describe(self),
            Policy::TargetTracking => target_tracking::describe(self),
            Policy::Step => step_scaling::describe(self),
            Policy::Predictive => predictive::describe(self),
            Policy::WeightedScore => weighted_score::describe(self),
            Policy::Knative => knative::describe(self),
            Policy::Fixed => "never scales".to_string(),
        }
    }
}

/// The state of the configured policy.
#[derive(Clone, Debug)]
enum State {
    Fixed,
    Threshold(threshold::Threshold),
    TargetTracking(target_tracking::TargetTracking),
    Step(step_scaling::StepScaling),
    Predictive(predictive::Predictive),
    WeightedScore(weighted_score::WeightedScore),
    Knative(knative::Knative),
}

/// The autoscaler: asks the configured policy for the fleet's size after each interval.
#[derive(Clone, Debug)]
pub struct Autoscaler {
    state: State,
}

impl Autoscaler {
    /// The configured policy; some need the service and the traffic's message rate to
    /// convert units.
    pub fn new(config: &AutoscalerConfig, service: &ServiceConfig, msg_rate: f64) -> Autoscaler {
        let state = match config.policy {
            Policy::Fixed => State::Fixed,
            Policy::Threshold => State::Threshold(threshold::Threshold::new(config)),
            Policy::TargetTracking => State::TargetTracking(target_tracking::TargetTracking::new(config)),
            Policy::Step => State::Step(step_scaling::StepScaling::new(config)),
            Policy::Predictive => State::Predictive(predictive::Predictive::new(config, service, msg_rate)),
            Policy::WeightedScore => State::WeightedScore(weighted_score::WeightedScore::new(config)),
            Policy::Knative => State::Knative(knative::Knative::new(config)),
        };
        Autoscaler { state }
    }

    /// The decision for this observation, if the fleet size should change.
    pub fn decide(&mut self, obs: &Observation) -> Option<Decision> {
        let decision = match &mut self.state {
            State::Fixed => None,
            State::Threshold(p) => p.decide(obs),
            State::TargetTracking(p) => p.decide(obs),
            State::Step(p) => p.decide(obs),
            State::Predictive(p) => p.decide(obs),
            State::WeightedScore(p) => p.decide(obs),
            State::Knative(p) => p.decide(obs),
        }?;
        (decision.to != obs.current()).then_some(decision)
    }

    /// Whether requests that find no server in rotation wait for one (Knative's activator)
    /// instead of failing.
    pub fn holds_requests(&self) -> bool {
        matches!(self.state, State::Knative(_))
    }

    /// A request is held with no server in rotation and `current` desired: the decision
    /// to scale from zero, if the policy takes one at once.
    pub fn on_request_held(&mut self, t: f64, current: u32) -> Option<Decision> {
        match &mut self.state {
            State::Knative(p) => p.on_request_held(t, current),
            _ => None,
        }
    }

    /// The predictive policy's latest forecast: (for when [s], users).
    pub fn forecast(&self) -> Option<(f64, f64)> {
        match &self.state {
            State::Predictive(p) => p.forecast(),
            _ => None,
        }
    }
}
