//! The scenario: every input of a run, as plain data with defaults, parsed from JSON and validated.
//!
//! Field names are a public interface shared by the command line, the page's shareable
//! state and the tests. Every field is optional; an unknown field, a wrong type or an
//! out-of-range value is rejected with a message naming the field and the allowed range.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::failures::FailuresConfig;
use crate::objective::Objective;
use crate::trace::Trace;

/// A complete description of one simulation run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scenario {
    /// Seed of every random stream of the run.
    pub seed: u64,
    /// Simulated time covered by the run [s].
    pub duration_s: f64,
    pub traffic: TrafficConfig,
    pub service: ServiceConfig,
    pub autoscaler: AutoscalerConfig,
    pub balancer: BalancerConfig,
    /// Server crashes and health checks; `null`: no failures and no health checks.
    pub failures: Option<FailuresConfig>,
    /// The latency ceiling and loss budget the report and comparisons judge the run by.
    pub objective: Objective,
}

/// Shape of the user population over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pattern {
    /// Ramp base -> peak over the first 30 %, hold the peak to 70 %, ramp back to base.
    ThreePhase,
    /// `base_users` for the whole run.
    Constant,
    /// `steps`: each level holds from its `at_s` until the next.
    Step,
    /// `base_users`, and `peak_users` from `spike_at_s` for `spike_len_s`.
    Spike,
    /// A cycle of `period_s` from `base_users` (t = 0) to `peak_users` (half a period).
    Sine,
    /// `points` [t_s, users] joined by straight lines.
    Custom,
    /// A replayed trace (`trace_file`): users are its rate divided by `msg_rate`.
    Trace,
}

/// One level of a `step` pattern.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepLevel {
    /// When the level starts [s].
    pub at_s: f64,
    /// Concurrent users from then on [users].
    pub users: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrafficConfig {
    pub pattern: Pattern,
    /// Concurrent users at the start and end of the run [users].
    pub base_users: f64,
    /// Concurrent users at the peak [users].
    pub peak_users: f64,
    /// Messages each user sends per second, as a Poisson process [1/s].
    pub msg_rate: f64,
    /// Multiplicative noise amplitude: users are scaled by a factor uniform in [1 - noise, 1 + noise], redrawn every second.
    pub noise: f64,
    /// Levels of the `step` pattern, in time order.
    pub steps: Vec<StepLevel>,
    /// Start and length of the `spike` pattern's flash crowd [s].
    pub spike_at_s: f64,
    pub spike_len_s: f64,
    /// Period of the `sine` pattern [s].
    pub period_s: f64,
    /// Points [t_s, users] of the `custom` pattern, in time order.
    pub points: Vec<[f64; 2]>,
    /// The CSV file of the `trace` pattern, relative to the scenario file (command line).
    pub trace_file: Option<String>,
    /// Multiplies the trace's times: 2 plays it twice as slowly [-].
    pub time_scale: f64,
    /// Multiplies the trace's rate: 2 replays every request twice on average [-].
    pub rate_scale: f64,
    /// The trace's contents, loaded by the command line from `trace_file` or by the page
    /// from a chosen file; never part of the JSON.
    #[serde(skip)]
    pub trace: Option<Arc<Trace>>,
}

/// Distribution of a request's service time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceDist {
    Exponential,
    Constant,
    /// Log-normal with mean `service_ms` and coefficient of variation `service_cv`.
    Lognormal,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServiceConfig {
    /// Mean service time of one message [ms].
    pub service_ms: f64,
    pub service_dist: ServiceDist,
    /// Coefficient of variation of the service time (lognormal only) [-].
    pub service_cv: f64,
    /// Requests one server processes concurrently [slots].
    pub workers: u32,
    /// Waiting requests a server holds before it drops arrivals; `null` is unbounded [requests].
    pub queue_limit: Option<u32>,
    /// Delay between the decision to add a server and the server taking requests [s].
    pub startup_s: f64,
    /// Price of one server for one hour, whatever its state [currency/h].
    pub cost_per_hour: f64,
    /// Server sizes; servers take them in turn by id. Empty: every server is standard.
    pub classes: Vec<ServerClass>,
}

/// Most server classes a scenario may have.
pub const MAX_CLASSES: usize = 8;

/// A server size: how fast it works and what it costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerClass {
    pub name: String,
    /// Speed relative to a standard server, which also weights it for
    /// `weighted_round_robin` [-].
    pub speed: f64,
    /// Price per hour; `null` (or missing) is `service.cost_per_hour` times `speed` [currency/h].
    #[serde(default)]
    pub cost_per_hour: Option<f64>,
}

/// Which rule decides the fleet size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// The seed's rule on average users per ready server.
    Threshold,
    /// Never scales.
    Fixed,
    /// Kubernetes HorizontalPodAutoscaler: desired = ceil(current * metric / target).
    TargetTracking,
    /// AWS EC2 Auto Scaling step scaling: adjustments by how far the metric breaches its alarm.
    Step,
    /// Holt's forecast of the load, far enough ahead to cover the startup delay.
    Predictive,
    /// Seed 002's weighted score of utilisation, memory, response time, queue and trend.
    WeightedScore,
}

/// Weights of the `weighted_score` policy's scores.
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

/// What a policy measures, per ready server where it says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Average concurrent users per ready server [users].
    UsersPerServer,
    /// Busy worker time over available worker time [%].
    Utilization,
    /// Arrivals per second per ready server [1/s].
    RpsPerServer,
    /// Average waiting requests per ready server [requests].
    QueuePerServer,
    /// 95th percentile latency of the interval's completions [ms].
    P95LatencyMs,
}

/// One metric and its target, for target tracking with several metrics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricTarget {
    pub metric: Metric,
    pub target: f64,
}

/// How a rate-limiting policy counts: a percentage of the fleet, or servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateKind {
    Percent,
    Servers,
}

/// A Kubernetes HPA behaviour policy: at most `value` (percent or servers) per `period_s`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RatePolicy {
    #[serde(rename = "type")]
    pub kind: RateKind,
    pub value: f64,
    pub period_s: f64,
}

/// Which behaviour policy applies when several do (HPA `selectPolicy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectPolicy {
    /// The policy allowing the largest change.
    Max,
    /// The policy allowing the smallest change.
    Min,
    /// No scaling in that direction.
    Disabled,
}

/// How a step adjustment changes capacity (AWS `AdjustmentType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdjustmentType {
    ChangeInCapacity,
    ExactCapacity,
    PercentChangeInCapacity,
}

/// An AWS step adjustment: applies when lower <= metric - alarm threshold < upper
/// (a missing bound is infinite).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepAdjustment {
    #[serde(default)]
    pub lower: Option<f64>,
    #[serde(default)]
    pub upper: Option<f64>,
    pub adjustment: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AutoscalerConfig {
    pub policy: Policy,
    /// Scale up when average users per ready server exceed this [users/server].
    pub scale_up: f64,
    /// Scale down when average users per ready server fall below this [users/server].
    pub scale_down: f64,
    pub min_servers: u32,
    pub max_servers: u32,
    /// Servers ready at t = 0.
    pub initial_servers: u32,
    /// Minimum time between two scaling actions [s].
    pub cooldown_s: f64,
    /// Time between two evaluations of the policy [s].
    pub interval_s: f64,
    /// Servers added or removed by one action (threshold).
    pub step: u32,
    /// The metric of target tracking and step scaling.
    pub metric: Metric,
    /// Target value of `metric` per server (target tracking).
    pub target: f64,
    /// Further metrics and targets (target tracking); the largest proposal wins.
    pub metrics: Vec<MetricTarget>,
    /// No change while |metric / target - 1| is at most this (target tracking) [-].
    pub tolerance: f64,
    /// Time between two evaluations of target tracking [s].
    pub sync_period_s: f64,
    /// Stabilisation windows: act on the lowest recommendation of the up window and the
    /// highest of the down window (target tracking) [s].
    pub scale_up_window_s: f64,
    pub scale_down_window_s: f64,
    /// Rate limits (target tracking).
    pub scale_up_policies: Vec<RatePolicy>,
    pub scale_down_policies: Vec<RatePolicy>,
    pub select_policy: SelectPolicy,
    /// Step scaling: how adjustments count, and the steps of the scale-out alarm
    /// (metric above `scale_up`) and the scale-in alarm (metric below `scale_down`).
    pub adjustment_type: AdjustmentType,
    pub scale_out_steps: Vec<StepAdjustment>,
    pub scale_in_steps: Vec<StepAdjustment>,
    /// Least change of a percent adjustment (step scaling) [servers].
    pub min_adjustment_magnitude: u32,
    /// Instance warm-up: a new server is left out of the metric and of the capacity that
    /// scale-out steps add to, for this long after the decision (step scaling) [s].
    pub warmup_s: f64,
    /// Predictive: Holt's smoothing of the level and of the trend [0-1], and how far ahead
    /// to forecast (`null`: `service.startup_s` + `interval_s`) [s].
    pub smoothing_level: f64,
    pub smoothing_trend: f64,
    pub forecast_horizon_s: Option<f64>,
    /// Weighted score: the weights, the score that triggers an action, the users that fill
    /// one server's memory [users], and the response-time [ms] and queue [requests per
    /// server] bands outside which those scores leave 0.
    pub weights: ScoreWeights,
    pub score_threshold: f64,
    pub memory_users: f64,
    pub latency_low_ms: f64,
    pub latency_high_ms: f64,
    pub queue_low: f64,
    pub queue_high: f64,
}

/// How the balancer picks a server for each request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    RoundRobin,
    Random,
    /// Fewest requests in service plus queued.
    LeastConnections,
    /// Two servers at random, the one holding fewer requests.
    PowerOfTwoChoices,
    /// Sticky sessions: a user's messages go to the server its id hashes to on a ring.
    ConsistentHash,
    /// Weighted random with the seed's dynamic weights base * (1 - rtt / rtt_max).
    LeastResponseTime,
    /// Two at random, the lower peak-EWMA latency x (outstanding + 1), as Finagle and Linkerd.
    PeakEwma,
    /// Smooth weighted round robin (as nginx), weighted by each server's class `speed`.
    WeightedRoundRobin,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BalancerConfig {
    pub strategy: Strategy,
    /// Virtual nodes per server on the hash ring (consistent_hash).
    pub virtual_nodes: u32,
    /// Time constant of the latency averages (least_response_time, peak_ewma) [s].
    pub ewma_tau_s: f64,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            seed: 42,
            duration_s: 60.0,
            traffic: TrafficConfig::default(),
            service: ServiceConfig::default(),
            autoscaler: AutoscalerConfig::default(),
            balancer: BalancerConfig::default(),
            failures: None,
            objective: Objective::default(),
        }
    }
}

impl Default for TrafficConfig {
    fn default() -> Self {
        TrafficConfig {
            pattern: Pattern::ThreePhase,
            base_users: 10.0,
            peak_users: 100.0,
            msg_rate: 1.0,
            noise: 0.0,
            steps: vec![StepLevel { at_s: 0.0, users: 100.0 }, StepLevel { at_s: 30.0, users: 20.0 }],
            spike_at_s: 20.0,
            spike_len_s: 10.0,
            period_s: 86_400.0,
            points: vec![[0.0, 10.0], [30.0, 100.0], [60.0, 10.0]],
            trace_file: None,
            time_scale: 1.0,
            rate_scale: 1.0,
            trace: None,
        }
    }
}

impl Default for ServiceConfig {
    fn default() -> Self {
        ServiceConfig {
            service_ms: 25.0,
            service_dist: ServiceDist::Exponential,
            service_cv: 1.0,
            workers: 1,
            queue_limit: Some(100),
            startup_s: 0.0,
            cost_per_hour: 0.10,
            classes: Vec::new(),
        }
    }
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
            step: 1,
            metric: Metric::UsersPerServer,
            target: 30.0,
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
            select_policy: SelectPolicy::Max,
            adjustment_type: AdjustmentType::ChangeInCapacity,
            scale_out_steps: vec![
                StepAdjustment { lower: Some(0.0), upper: Some(10.0), adjustment: 1.0 },
                StepAdjustment { lower: Some(10.0), upper: None, adjustment: 2.0 },
            ],
            scale_in_steps: vec![StepAdjustment { lower: None, upper: Some(0.0), adjustment: -1.0 }],
            min_adjustment_magnitude: 1,
            warmup_s: 10.0,
            smoothing_level: 0.5,
            smoothing_trend: 0.3,
            forecast_horizon_s: None,
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

impl Default for BalancerConfig {
    fn default() -> Self {
        BalancerConfig { strategy: Strategy::RoundRobin, virtual_nodes: 100, ewma_tau_s: 10.0 }
    }
}

/// Most intervals one run may record; bounds the series' memory.
pub const MAX_INTERVALS: f64 = 200_000.0;

impl Scenario {
    /// Parses and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, String> {
        let scenario = Scenario::parse(text)?;
        scenario.validate()?;
        Ok(scenario)
    }

    /// Parses a scenario from JSON text without validating it, so that a caller can first
    /// attach what the JSON only names (a trace's contents).
    pub fn parse(text: &str) -> Result<Scenario, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("invalid scenario: not valid JSON: {e}"))?;
        // Serde would also take an array for a struct, by position; a scenario is objects only.
        let Some(object) = value.as_object() else {
            return Err("invalid scenario: expected a JSON object such as {\"duration_s\": 60}".into());
        };
        for section in ["traffic", "service", "autoscaler", "balancer", "failures"] {
            if object.get(section).is_some_and(|v| !(v.is_object() || section == "failures" && v.is_null())) {
                return Err(format!("invalid scenario field `{section}`: expected an object"));
            }
        }
        let scenario: Scenario = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if path == "." || path.is_empty() {
                format!("invalid scenario: {inner}")
            } else {
                format!("invalid scenario field `{path}`: {inner}")
            }
        })?;
        Ok(scenario)
    }

    /// An upper bound on the messages the run will simulate: peak users for the whole run.
    pub fn max_requests(&self) -> f64 {
        self.traffic.max_users() * (1.0 + self.traffic.noise) * self.traffic.msg_rate * self.duration_s
    }

    /// The scenario as pretty JSON, every field resolved.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a scenario always serialises")
    }
}

impl TrafficConfig {
    /// The most users the pattern reaches, before noise [users].
    pub fn max_users(&self) -> f64 {
        match self.pattern {
            Pattern::Constant => self.base_users,
            Pattern::ThreePhase | Pattern::Spike | Pattern::Sine => self.base_users.max(self.peak_users),
            Pattern::Step => self.steps.iter().map(|s| s.users).fold(0.0, f64::max),
            Pattern::Custom => self.points.iter().map(|p| p[1]).fold(0.0, f64::max),
            Pattern::Trace => crate::pattern::trace::TraceShape::max_users(self),
        }
    }
}
