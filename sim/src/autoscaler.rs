//! The autoscaler: at the end of each interval, asks the configured policy for the fleet's
//! new size, and measures the metrics policies act on.

use crate::policy::{
    predictive::Predictive, step_scaling::StepScaling, target_tracking::TargetTracking, threshold::Threshold,
    weighted_score::WeightedScore,
};
use crate::scenario::{AutoscalerConfig, Metric, Policy, ServiceConfig, TrafficConfig};

/// What the autoscaler sees of the interval that just ended.
#[derive(Clone, Copy, Debug, Default)]
pub struct Observation {
    /// End of the interval [s].
    pub t: f64,
    /// Time-average concurrent users over the interval [users].
    pub users: f64,
    /// Arrivals per second in the interval [1/s].
    pub arrival_rps: f64,
    /// Busy over available worker time in the interval [0-1].
    pub utilization: f64,
    /// Time-average of requests waiting in all queues [requests].
    pub queue: f64,
    /// 95th percentile latency of the interval's completions [ms].
    pub p95_ms: f64,
    /// Servers taking requests at the end of the interval.
    pub ready: u32,
    /// Servers decided but not yet ready.
    pub starting: u32,
    /// Servers within their warm-up (`warmup_s` from the decision), starting or ready.
    pub warming: u32,
    /// Ready servers among the warming ones.
    pub warming_ready: u32,
    /// Share of the interval's arrivals that warming servers received [0-1].
    pub warming_share: f64,
}

impl Observation {
    /// Desired servers now: ready plus starting.
    pub fn current(&self) -> u32 {
        self.ready + self.starting
    }

    /// The value of `metric`; with `skip_warming`, per-server metrics leave out warming
    /// servers and the traffic they received.
    pub fn value(&self, metric: Metric, skip_warming: bool) -> f64 {
        let (share, servers) = if skip_warming && self.warming_ready < self.ready {
            (1.0 - self.warming_share, self.ready - self.warming_ready)
        } else {
            (1.0, self.ready)
        };
        let servers = servers.max(1) as f64;
        match metric {
            Metric::UsersPerServer => self.users * share / servers,
            Metric::RpsPerServer => self.arrival_rps * share / servers,
            Metric::QueuePerServer => self.queue / self.ready.max(1) as f64,
            Metric::Utilization => self.utilization * 100.0,
            Metric::P95LatencyMs => self.p95_ms,
        }
    }
}

/// A change of the desired fleet size.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    /// Desired servers (ready + starting) after the change.
    pub to: u32,
    /// Why, naming the metric and its value.
    pub reason: String,
}

/// The state of the configured policy.
#[derive(Clone, Debug)]
enum State {
    Fixed,
    Threshold(Threshold),
    TargetTracking(TargetTracking),
    Step(StepScaling),
    Predictive(Predictive),
    WeightedScore(WeightedScore),
}

#[derive(Clone, Debug)]
pub struct Autoscaler {
    state: State,
}

impl Autoscaler {
    /// The configured policy; some need the service and the traffic to convert units.
    pub fn new(config: &AutoscalerConfig, service: &ServiceConfig, traffic: &TrafficConfig) -> Autoscaler {
        let state = match config.policy {
            Policy::Fixed => State::Fixed,
            Policy::Threshold => State::Threshold(Threshold::new(config)),
            Policy::TargetTracking => State::TargetTracking(TargetTracking::new(config)),
            Policy::Step => State::Step(StepScaling::new(config)),
            Policy::Predictive => State::Predictive(Predictive::new(config, service, traffic)),
            Policy::WeightedScore => State::WeightedScore(WeightedScore::new(config)),
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
        }?;
        (decision.to != obs.current()).then_some(decision)
    }

    /// The predictive policy's latest forecast: (for when [s], users).
    pub fn forecast(&self) -> Option<(f64, f64)> {
        match &self.state {
            State::Predictive(p) => p.forecast(),
            _ => None,
        }
    }
}

/// The metric's name as the scenario JSON spells it.
pub fn metric_name(metric: Metric) -> &'static str {
    match metric {
        Metric::UsersPerServer => "users_per_server",
        Metric::Utilization => "utilization",
        Metric::RpsPerServer => "rps_per_server",
        Metric::QueuePerServer => "queue_per_server",
        Metric::P95LatencyMs => "p95_latency_ms",
    }
}

/// A number without a trailing ".0" when it is whole.
pub fn fmt_num(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}
